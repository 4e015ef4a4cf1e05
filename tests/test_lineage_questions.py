"""Questions answered from task lineage: each level's target for one indicator, and the body below
that carries out a higher level's task; on plans written for the tests (tests/data/lineage/plans)."""

from pathlib import Path

import pytest

from ingest.pipeline import ingest_file
from kg.links import refresh_links
from kg.load import load_document
from kg.store import open_store
from search.ask import Asker, open_asker

PLANS = Path(__file__).parent / "data" / "lineage" / "plans"


@pytest.fixture(scope="module")
def store():
    with open_store("memory") as kg_store:
        for path in sorted(PLANS.glob("*.txt")):
            assert not load_document(kg_store, ingest_file(path)).error
        refresh_links(kg_store)
        yield kg_store


@pytest.fixture(scope="module")
def asker(store, tmp_path_factory):
    return open_asker(store, tmp_path_factory.mktemp("index"), "none")


def texts(result: dict) -> list[str]:
    return [a["text"] for a in result["answers"]]


def test_each_levels_target_for_one_indicator_side_by_side(asker):
    result = asker.ask("燃气管道老化更新改造各级目标是多少")
    assert result["intent"] == "levels"
    assert texts(result)[0] == "浙江省：3000公里"  # the top of the chain first
    assert {"温州市：420公里", "嘉兴市：210公里"} <= set(texts(result))
    assert any(text.endswith("35公里") and "鹿城" in text for text in texts(result))
    for found in result["answers"]:
        assert found["evidence"][0]["quote"]  # each value with the sentence it was read from
        assert "implementsTarget" in found["sparql"]


def test_the_body_below_that_carries_out_the_task_above(asker):
    result = asker.ask("省里的老化燃气管道改造任务嘉兴谁落实")
    assert result["intent"] == "implementers"
    assert texts(result)[:1] == ["市建设局"]  # 嘉兴's own body, not the province's nor 温州's
    assert result["answers"][0]["implements"]  # the province task it carries out

    result = asker.ask("浙江省的加装电梯任务温州由谁承接")
    assert texts(result)[:1] == ["市住房和城乡建设局"]
    assert result["answers"][0]["region"] == "温州市"


def test_a_region_that_did_not_take_the_item_up_gets_no_lineage_answer(asker):
    """温州 dropped the province's 装配式建筑 item: nothing of 温州 carries it out."""
    result = asker.ask("省里的装配式建筑任务温州谁落实")
    assert result["intent"] != "implementers" or not result["answers"]
    assert not any(a.get("implements") for a in result["answers"])


def test_without_the_store_lineage_questions_fall_back_to_the_index(asker):
    result = Asker.over(asker.index).ask("燃气管道老化更新改造各级目标是多少")
    assert result["intent"] != "levels"
    assert all("：" not in text for text in texts(result))  # plain values read off the index, no chain


def test_the_items_above_a_region_has_not_taken_up(asker):
    result = asker.ask("温州有哪些省里的任务没有承接")
    assert result["intent"] == "not_taken_up"
    assert any("装配式建筑" in text for text in texts(result))  # the item 温州 dropped
    assert all(a["region"] == "浙江省" for a in result["answers"])  # tasks of the plan above, with their evidence
    assert not any("装配式建筑" in text for text in texts(asker.ask("嘉兴有哪些省里的任务没有承接")))
