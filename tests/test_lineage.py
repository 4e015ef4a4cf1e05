"""Task lineage on plans written for it (tests/data/lineage/plans): 浙江省's 城乡建设 plan, restated by
温州市 and 嘉兴市 (both cite it) and 湖州市 (cites nothing, same title), 温州市鹿城区 restating 温州市's,
and 温州市's unrelated 数字政府 plan. Each task of a lower plan links to the task it carries out, with
a confidence and evidence; absences both ways are facts; the links follow every change in either
order of arrival; targets of one indicator line up across levels."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from test_bulk import graphs

from ingest.pipeline import ingest_file
from kg.chains import chain, parents
from kg.lineage import MIN_CONFIDENCE, PlanTarget, PlanTask, lead_likeness, match, same_indicator
from kg.links import LINEAGE_GRAPHS, lineage_graph, refresh_links
from kg.load import load_document, remove_document
from kg.plans import Plan, parent_plans, same_plan
from kg.store import open_store
from kg.validate import validate
from kg.vocab import PK, doc_iri, task_iri

PLANS = Path(__file__).parent / "data" / "lineage" / "plans"
NAMES = ("zhejiang_province", "wenzhou_city", "jiaxing_city", "huzhou_city", "lucheng_district", "wenzhou_digital")
PREFIXES = "PREFIX pk: <https://policy-kg.org/ontology#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"


@pytest.fixture(scope="module")
def documents() -> dict:
    return {name: ingest_file(PLANS / f"{name}.txt") for name in NAMES}


@pytest.fixture(scope="module")
def store(documents):
    with open_store("memory") as kg_store:
        for document in documents.values():
            assert not load_document(kg_store, document).error
        refresh_links(kg_store)
        yield kg_store


def task(document, words: str) -> str:
    """The IRI of the one task of a document whose item title or text holds words."""
    (found,) = [t for t in document.tasks if words in t.item_title + t.text]
    return str(task_iri(document.key, found.number))


def plan(document) -> str:
    return str(doc_iri(document.key))


def objects(store, subject: str, predicate: str) -> set[str]:
    return {str(r[0]) for r in store.query(PREFIXES + f"SELECT ?o WHERE {{ <{subject}> pk:{predicate} ?o }}")}


def subjects(store, predicate: str, obj: str) -> set[str]:
    return {str(r[0]) for r in store.query(PREFIXES + f"SELECT ?s WHERE {{ ?s pk:{predicate} <{obj}> }}")}


# ------------------------------------------------------------------ parent plans, no store

PROVINCE = Plan("p", "浙江省人民政府办公厅关于印发《浙江省推进城乡建设高质量发展行动方案》的通知", "浙江省", "province")
CITY = Plan("c", "温州市推进城乡建设高质量发展实施方案", "温州市", "city", ("浙江省",))
DISTRICT = Plan("d", "鹿城区安居工程三年计划", "温州市鹿城区", "district", ("温州市", "浙江省"))
SAME_TITLE_DISTRICT = Plan("s", "温州市鹿城区推进城乡建设高质量发展工作方案", "温州市鹿城区", "district", ("温州市", "浙江省"))
OTHER_SUBJECT = Plan("o", "温州市数字政府建设三年行动计划", "温州市", "city", ("浙江省",))
OTHER_PROVINCE = Plan("x", "成都市推进城乡建设高质量发展实施方案", "成都市", "city", ("四川省",))
NOWHERE = Plan("n", "推进城乡建设高质量发展实施方案", "", "")


def test_parent_plans_by_citation_or_by_region_and_title_nearest_level_first():
    plans = [PROVINCE, CITY, DISTRICT, SAME_TITLE_DISTRICT, OTHER_SUBJECT, OTHER_PROVINCE, NOWHERE]
    found = parent_plans(plans, cited={("d", "c"), ("c", "o")})  # a city citing a plan of its own level
    assert found == {"c": ["p"], "d": ["c"], "s": ["c", "p"]}


def test_same_plan_leaves_out_regions_and_the_words_for_a_kind_of_plan():
    assert same_plan(CITY, PROVINCE)
    assert same_plan(SAME_TITLE_DISTRICT, CITY)
    assert not same_plan(OTHER_SUBJECT, PROVINCE)
    assert not same_plan(DISTRICT, CITY)


def test_same_plan_of_two_years_is_not_one_plan():
    city = Plan("c", "宁波市2034年政府工作报告", "宁波市", "city", ("浙江省",))
    assert same_plan(city, Plan("p", "2034年浙江省政府工作报告", "浙江省", "province"))
    assert not same_plan(city, Plan("q", "2035年浙江省政府工作报告", "浙江省", "province"))


# ------------------------------------------------------------------ matching, no store

def plan_task(iri, text, lead, path="附件 重点任务清单 > （一）实施城市更新行动", targets=()):
    return PlanTask(iri, text, path, "", (lead,), list(targets))


HIGH = [
    plan_task("p1", "推进城镇老旧小区改造。全省新开工改造城镇老旧小区1200个。", "浙江省住房和城乡建设厅",
              targets=[PlanTarget("p1t", "全省新开工改造城镇老旧小区", 1200, "个")]),
    plan_task("p2", "更新改造老化燃气管道。完成城市燃气管道老化更新改造3000公里。", "浙江省住房和城乡建设厅",
              targets=[PlanTarget("p2t", "城市燃气管道老化更新改造", 3000, "公里")]),
    plan_task("p3", "建设美丽宜居示范村。创建省级美丽宜居示范村300个。", "浙江省农业农村厅", "附件 重点任务清单 > （二）乡村建设"),
]


def test_match_links_restatements_with_their_own_figures_and_bodies():
    low = [
        plan_task("c1", "加快城镇老旧小区改造。全市新开工改造城镇老旧小区90个。", "嘉兴市建设局"),
        plan_task("c2", "完成燃气管道老化更新改造35km。", "温州市住房和城乡建设局",
                  targets=[PlanTarget("c2t", "燃气管道老化更新改造", 35, "km")]),
        plan_task("c3", "完善老旧小区改造配套设施。在改造的城镇老旧小区新增停车位1200个。", "温州市住房和城乡建设局"),
    ]
    links = match(low, HIGH, ("浙江省", "温州市", "嘉兴市"))
    assert {child: link.parent.iri for child, link in links.items()} == {"c1": "p1", "c2": "p2", "c3": "p1"}
    assert all(MIN_CONFIDENCE <= link.confidence <= 1 and "文本相似度" in link.evidence for link in links.values())
    assert [(a.iri, b.iri) for a, b in same_indicator(links["c2"].child, links["c2"].parent)] == [("c2t", "p2t")]


def test_match_leaves_new_work_alone_however_alike_its_section_and_lead():
    low = [plan_task("c9", "提升住宅小区物业服务质量。创建物业服务示范小区40个。", "温州市住房和城乡建设局")]
    assert match(low, HIGH, ("浙江省", "温州市")) == {}
    assert match([], HIGH) == {} and match(low, []) == {}


def test_lead_likeness_reads_the_kind_of_body_at_two_levels():
    regions = ("浙江省", "温州市")
    assert lead_likeness(("温州市水利局",), ("浙江省水利厅",), regions) == 1.0
    assert lead_likeness(("温州市住房和城乡建设局",), ("浙江省住房城乡建设厅",), regions) > 0.5
    assert lead_likeness(("温州市民政局",), ("浙江省水利厅",), regions) == 0.0
    assert lead_likeness((), ("浙江省水利厅",), regions) == 0.0


def test_same_indicator_needs_a_like_metric_in_one_unit():
    low = PlanTask("c", "", targets=[PlanTarget("a", "城市燃气管道老化更新改造", 420, "公里"),
                                     PlanTarget("b", "城市燃气管道老化更新改造", 2, "万米"),
                                     PlanTarget("c", "雨水管网", 70, "公里")])
    high = PlanTask("p", "", targets=[PlanTarget("x", "城市燃气管道等老化更新改造", 3000, "公里"),
                                      PlanTarget("y", "城市易涝积水点整治", 150, "处")])
    # 2 万米 is 20 公里: a value in another unit is not put beside the others as if it were one
    assert [(a.iri, b.iri) for a, b in same_indicator(low, high)] == [("a", "x")]
    kilometres = PlanTask("k", "", targets=[PlanTarget("k1", "城市燃气管道老化更新改造", 35, "km")])
    assert [(a.iri, b.iri) for a, b in same_indicator(kilometres, high)] == [("k1", "x")]


# ------------------------------------------------------------------ links in the store

def test_a_province_item_restated_by_two_cities_is_linked_from_both(store, documents):
    province = task(documents["zhejiang_province"], "推进城镇老旧小区改造")
    wenzhou = task(documents["wenzhou_city"], "推进城镇老旧小区改造")
    jiaxing = task(documents["jiaxing_city"], "加快城镇老旧小区改造")
    assert objects(store, wenzhou, "implements") == objects(store, jiaxing, "implements") == {province}
    for child, body in ((wenzhou, "温州市住房和城乡建设局"), (jiaxing, "嘉兴市建设局")):
        (up,) = parents(store, child)
        assert up["iri"] == province and 0 < up["confidence"] <= 1 and up["evidence"]
        assert up["document"]["iri"] == plan(documents["zhejiang_province"])
        assert any(body in lead for lead in _leads(store, child))


def _leads(store, iri: str) -> list[str]:
    rows = store.query(PREFIXES + f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?label WHERE {{ <{iri}> pk:leadBody ?b . ?b skos:prefLabel ?label }}""")
    return [str(r[0]) for r in rows]


def test_an_item_a_city_drops_has_no_counterpart_in_that_city_only(store, documents):
    prefab = task(documents["zhejiang_province"], "装配式建筑")
    assert objects(store, prefab, "noCounterpartIn") == {plan(documents["wenzhou_city"]), plan(documents["huzhou_city"])}
    assert subjects(store, "implements", prefab) == {task(documents["jiaxing_city"], "装配式建筑")}


def test_a_district_splitting_a_city_item_links_both_notes_to_it_and_its_other_items_to_the_city(store, documents):
    district, city = documents["lucheng_district"], documents["wenzhou_city"]
    renewal = task(city, "推进城镇老旧小区改造")
    split = [task(district, "推进城镇老旧小区改造"), task(district, "完善改造小区")]
    assert [objects(store, t, "implements") for t in split] == [{renewal}, {renewal}]
    city_tasks = {str(task_iri(city.key, t.number)) for t in city.tasks}
    for other in district.tasks:
        assert objects(store, str(task_iri(district.key, other.number)), "implements") <= city_tasks
        assert objects(store, str(task_iri(district.key, other.number)), "implements"), other.text
    assert objects(store, plan(district), "implementsPlan") == {plan(city), plan(documents["zhejiang_province"])}
    assert task(city, "易涝积水点") in subjects(store, "noCounterpartIn", plan(district))
    assert not subjects(store, "noCounterpartIn", plan(district)) & {  # only the nearest parent plan's
        str(task_iri(documents["zhejiang_province"].key, t.number)) for t in documents["zhejiang_province"].tasks}


def test_new_local_work_has_no_parent_in_the_province_plan(store, documents):
    province = plan(documents["zhejiang_province"])
    for words in ("瓯江滨水绿道", "物业服务质量"):  # the second: same section and kind of lead as the province's items
        local = task(documents["wenzhou_city"], words)
        assert objects(store, local, "implements") == set()
        assert objects(store, local, "noParentIn") == {province}


def test_a_plan_citing_nothing_is_linked_by_region_and_title(store, documents):
    huzhou, province = documents["huzhou_city"], documents["zhejiang_province"]
    assert huzhou.metadata.basis == [] and huzhou.metadata.province == "浙江省"
    assert objects(store, plan(huzhou), "implementsPlan") == {plan(province)}
    for words, parent in (("老旧小区", "推进城镇老旧小区改造"), ("生活污水", "生活污水"), ("危房", "危房")):
        assert objects(store, task(huzhou, words), "implements") == {task(province, parent)}


def test_unrelated_plans_of_one_region_hierarchy_are_not_linked(store, documents):
    digital = plan(documents["wenzhou_digital"])
    assert objects(store, digital, "implementsPlan") == set()
    assert graphs(store).get(str(lineage_graph(digital)), set()) == set()
    assert subjects(store, "noCounterpartIn", digital) == set()
    for t in documents["wenzhou_digital"].tasks:
        assert objects(store, str(task_iri(documents["wenzhou_digital"].key, t.number)), "implements") == set()


def test_the_chain_puts_each_levels_target_for_one_indicator_side_by_side(store, documents):
    gas = task(documents["lucheng_district"], "燃气管道")
    found = chain(store, gas)
    assert found["top"] == task(documents["zhejiang_province"], "燃气管道")
    (row,) = [row for row in found["indicators"] if "燃气管道" in row["metric"]]
    values = {level["region"]: (level["level"], level["value"], level["unit"]) for level in row["levels"]}
    assert values == {"浙江省": ("province", 3000, "公里"), "温州市": ("city", 420, "公里"),
                      "嘉兴市": ("city", 210, "公里"), "温州市鹿城区": ("district", 35, "公里")}
    assert [level["depth"] for level in row["levels"]] == [0, 1, 1, 2]
    assert chain(store, "https://example.org/no-such-task") is None


def named_graph(store, name: str) -> Graph:
    graph = Graph()
    for s, p, o in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):
        graph.add((s, p, o))
    return graph


def test_a_lineage_graph_conforms_to_the_shapes_and_a_broken_link_does_not(store, documents):
    district = documents["lucheng_district"]
    union = named_graph(store, str(lineage_graph(plan(district))))
    assert len(union) > 20
    for name in ("lucheng_district", "wenzhou_city", "zhejiang_province"):
        union += named_graph(store, plan(documents[name]))
    assert validate(union) == []
    link = URIRef(task(district, "燃气管道") + "/implements")
    union.remove((link, PK.confidence, None))
    assert any("confidence" in message for message in validate(union))


def test_kg_tasks_prints_what_each_task_implements(tmp_path, documents):
    with open_store(f"oxigraph:{tmp_path / 'store'}") as kg_store:
        for name in ("zhejiang_province", "wenzhou_city"):
            load_document(kg_store, documents[name])
        refresh_links(kg_store)
    env = {**os.environ, "KG_STORE": f"oxigraph:{tmp_path / 'store'}", "KG_EMBEDDER": "none"}
    result = subprocess.run([sys.executable, "-m", "kg.cli", "tasks"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    rows = {row["iri"]: row for row in map(json.loads, result.stdout.splitlines())}
    (up,) = rows[task(documents["wenzhou_city"], "燃气管道")]["implements"]
    assert set(up) == {"iri", "text", "document", "confidence"}
    assert up["iri"] == task(documents["zhejiang_province"], "燃气管道") and "3000公里" in up["text"]
    assert up["document"] == plan(documents["zhejiang_province"]) and 0 < up["confidence"] <= 1
    assert rows[task(documents["wenzhou_city"], "瓯江滨水绿道")]["implements"] == []
    assert all(row["implements"] == [] for row in rows.values() if row["document"] == plan(documents["zhejiang_province"]))


# ------------------------------------------------------------------ order of arrival

def lineage(store) -> dict[str, set]:
    return {name: triples for name, triples in graphs(store).items() if name.startswith(LINEAGE_GRAPHS)}


def test_links_follow_every_arrival_replacement_and_removal_as_a_full_rebuild_makes_them(tmp_path, documents):
    changed = tmp_path / "zhejiang_province.txt"
    text = (PLANS / "zhejiang_province.txt").read_text(encoding="utf-8")
    changed.write_text(re.sub(r"\n3\. 推进既有住宅加装电梯.*\n", "\n", text).replace("1200个", "1100个"), encoding="utf-8")
    replacement = ingest_file(changed)
    assert replacement.key == documents["zhejiang_province"].key and len(replacement.tasks) == 7
    province, lift = plan(replacement), task(documents["wenzhou_city"], "加装电梯")
    with open_store("memory") as changing, open_store("memory") as full:
        for name in ("lucheng_district", "wenzhou_city", "zhejiang_province", "huzhou_city", "jiaxing_city",
                     "wenzhou_digital"):  # children before their parents, then parents before their children
            _step(changing, full, "load", documents[name])
        assert objects(changing, lift, "implements") == {task(documents["zhejiang_province"], "加装电梯")}
        _step(changing, full, "load", replacement)
        assert objects(changing, lift, "implements") == set() and objects(changing, lift, "noParentIn") == {province}
        _step(changing, full, "remove", replacement)
        assert objects(changing, plan(documents["lucheng_district"]), "implementsPlan") == {
            plan(documents["wenzhou_city"])}
        assert objects(changing, plan(documents["huzhou_city"]), "implementsPlan") == set()
        removed = str(task_iri(replacement.key, 0))[:-1]
        assert not any(removed in term for triples in lineage(changing).values() for triple in triples for term in triple)


def _step(changing, full, action: str, document) -> None:
    """Load or remove a document in both stores; remake the changing store's links for it alone and
    the full store's all: the lineage graphs must agree and name only tasks that exist."""
    for kg_store in (changing, full):
        if action == "load":
            assert not load_document(kg_store, document).error
        else:
            assert remove_document(kg_store, document.key)
    refresh_links(changing, [plan(document)])
    refresh_links(full)
    assert lineage(changing) == lineage(full), (action, document.source_file)
    named = {triple[i] for triples in lineage(changing).values() for triple in triples
             for i in TASK_POSITIONS.get(triple[1], ())}
    held = {f"<{r[0]}>" for r in changing.query(PREFIXES + "SELECT ?t WHERE { GRAPH ?d { ?t a pk:Task } }")}
    assert named <= held, named - held


TASK_POSITIONS = {PK.implements.n3(): (0, 2), PK.noParentIn.n3(): (0,), PK.noCounterpartIn.n3(): (0,)}
