"""Passages on disk, a document at a time: what the readers look up, before and after a change."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from search.passage_store import PassageStore
from search.passages import Corpus, Document, Passage

CITY, COUNTY = "https://policy-kg.org/id/doc/city", "https://policy-kg.org/id/doc/county"
HOUSING = {"name": "市住房城乡建设局", "label": "益阳市住房和城乡建设局", "iri": "https://policy-kg.org/id/org/housing"}
FINANCE = {"name": "市财政局", "label": "益阳市财政局", "iri": "https://policy-kg.org/id/org/finance"}


def task(doc: str, iri: str, text: str, lead: list[dict], cooperating: list[dict] = ()) -> Passage:
    roles = defaultdict(list, {"lead": list(lead), "cooperating": list(cooperating)})
    return Passage("task", iri, doc, text, text, 0, len(text), "", "", {"scope": "item", "roles": roles})


def city_plan() -> Corpus:
    passages = [
        task(CITY, f"{CITY}/t1", "推进城镇老旧小区改造", [HOUSING], [FINANCE]),
        task(CITY, f"{CITY}/t2", "统筹安排改造资金", [FINANCE]),
        Passage("term", f"{CITY}/term", CITY, "建成年代较早的住宅小区", "", 0, 0, "老旧小区", "", {"glossary": True}),
        Passage("person", f"{CITY}/p", CITY, "张三 组长", "", 0, 0, "张三", "", {"posts": [], "groups": []}),
    ]
    return Corpus({CITY: Document(CITY, "益阳市城镇老旧小区改造实施方案", region="益阳市")}, passages,
                  {(CITY, "“十查十做”"), (CITY, "老旧小区")})


def county_plan() -> Corpus:
    passages = [task(COUNTY, f"{COUNTY}/t1", "完成改造小区12个", [HOUSING])]
    return Corpus({COUNTY: Document(COUNTY, "大通湖区城镇老旧小区改造实施方案", region="大通湖区")}, passages,
                  {(COUNTY, "十查十做")})


@pytest.fixture
def store(tmp_path) -> PassageStore:
    passages = PassageStore(tmp_path / "passages.sqlite")
    passages.add({CITY: "a"}, city_plan(), None)
    passages.add({COUNTY: "b"}, county_plan(), None)
    return passages


def test_readers_find_passages_by_kind_document_title_and_body(store):
    assert [p.iri for p in store.of_kind("task", CITY)] == [f"{CITY}/t1", f"{CITY}/t2"]
    assert len(store.of_kind("task")) == 3
    assert [p.title for p in store.titled("term", lambda title: "小区" in title)] == ["老旧小区"]
    assert [p.doc for p in store.held_by(HOUSING["iri"])] == [CITY, COUNTY]  # by task IRI, whatever the role
    assert [p.iri for p in store.held_by(FINANCE["iri"])] == [f"{CITY}/t1", f"{CITY}/t2"]
    assert store.region_of(store.of_kind("task", COUNTY)[0]) == "大通湖区"
    assert store.titles("person") == {"张三"}


def test_a_term_used_undefined_is_one_no_document_defines(store):
    assert store.undefined_terms == {"“十查十做”", "十查十做"}  # 老旧小区 is defined by the city plan


def test_bodies_are_listed_once_per_document_with_their_region(store):
    assert sorted((region, body["iri"]) for region, body in store.bodies()) == [
        ("大通湖区", HOUSING["iri"]), ("益阳市", FINANCE["iri"]), ("益阳市", HOUSING["iri"])]


def test_replacing_a_document_touches_only_its_passages(store):
    county = [p.number for p in store.of_kind("task", COUNTY)]
    smaller = city_plan()
    smaller.passages = smaller.passages[1:]
    store.add({CITY: "c"}, smaller, None)
    assert [p.iri for p in store.of_kind("task", CITY)] == [f"{CITY}/t2"]
    assert [p.number for p in store.of_kind("task", COUNTY)] == county
    assert [p.doc for p in store.held_by(HOUSING["iri"])] == [COUNTY]
    assert store.stamps() == {CITY: "c", COUNTY: "b"}


def test_removing_a_document_forgets_it_everywhere(store):
    numbers = store.remove(CITY)
    assert len(numbers) == 4 and not store.get(numbers)
    assert store.stamps() == {COUNTY: "b"} and CITY not in store.documents
    assert store.undefined_terms == {"十查十做"}
    assert store.numbers_in(frozenset({"term"}), None).size == 0


def test_everything_survives_a_reopen_with_its_vectors(tmp_path):
    first = PassageStore(tmp_path / "passages.sqlite")
    vectors = np.eye(4, 8, dtype=np.float32)
    numbers = first.add({CITY: "a"}, city_plan(), vectors)
    first.close()
    again = PassageStore(tmp_path / "passages.sqlite")
    assert [p.number for p in again.of_kind("task", CITY)] == numbers[:2]
    (stored, matrix), = list(again.vectors())
    assert stored.tolist() == numbers and np.array_equal(matrix, vectors)
    assert again.documents[CITY].region == "益阳市"


def test_scope_numbers_follow_kinds_and_documents(store):
    tasks = {p.number for p in store.of_kind("task")}
    assert set(store.numbers_in(frozenset({"task"}), None).tolist()) == tasks
    assert set(store.numbers_in(frozenset({"task"}), {COUNTY}).tolist()) == {p.number for p in store.of_kind("task", COUNTY)}
    assert len(store.numbers_in(None, None)) == len(store) == 5
