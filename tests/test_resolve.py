"""Bodies: canonical names per jurisdiction, generic references, typo merging."""

import pytest

from ingest.resolve import Jurisdiction, merge_variants, resolve

ZHUZHOU = Jurisdiction("株洲市", "city", "湖南省")
LUKOU = Jurisdiction("渌口区", "district", "湖南省", "株洲市")
CHANGDE = Jurisdiction("常德市", "city", "湖南省")


@pytest.mark.parametrize(
    ("name", "where", "label"),
    [
        ("市住建局", ZHUZHOU, "株洲市住房和城乡建设局"),
        ("市住建局", CHANGDE, "常德市住房和城乡建设局"),
        ("省住房城乡建设厅", ZHUZHOU, "湖南省住房和城乡建设厅"),
        ("市委宣传部", ZHUZHOU, "中共株洲市委宣传部"),
        ("区委组织部", LUKOU, "中共渌口区委组织部"),
        ("市生态环境局渌口分局", LUKOU, "株洲市生态环境局渌口分局"),
        ("区教育局", LUKOU, "渌口区教育局"),
        ("团市委", ZHUZHOU, "共青团株洲市委员会"),
        ("市税务局", ZHUZHOU, "国家税务总局株洲市税务局"),
        ("市卫健委", ZHUZHOU, "株洲市卫生健康委员会"),
        ("市 发改委", ZHUZHOU, "株洲市发展和改革委员会"),
        ("市安委会相关成员单位", ZHUZHOU, "株洲市安全生产委员会"),
        ("株洲海关", ZHUZHOU, "株洲海关"),
    ],
)
def test_canonical_labels(name, where, label):
    body = resolve(name, where)
    assert (body.name, body.label, body.generic) == (name, label, False)


def test_same_short_name_in_two_cities_is_two_bodies():
    assert resolve("市住建局", ZHUZHOU).key != resolve("市住建局", CHANGDE).key


def test_three_spellings_of_one_body_are_one_key():
    keys = {resolve(n, ZHUZHOU).key for n in ("市住建局", "市住房和城乡建设局", "市住房城乡建设局")}
    assert len(keys) == 1


@pytest.mark.parametrize("name", ["各镇", "相关单位", "各区县政府", "有关部门"])
def test_generic_references_stay_generic(name):
    body = resolve(name, ZHUZHOU)
    assert body.generic and body.label == name


def test_a_rare_typo_joins_the_common_spelling():
    bodies = [resolve(n, LUKOU) for n in ["区委宣传统战部"] * 3 + ["区委宣传统战战部"]]
    merge_variants(bodies)
    assert {b.label for b in bodies} == {"中共渌口区委宣传统战部"}
    assert bodies[-1].name == "区委宣传统战战部"


def test_different_bodies_are_not_merged_as_typos():
    bodies = [resolve(n, ZHUZHOU) for n in ["市民政局", "市民政局", "市财政局"]]
    merge_variants(bodies)
    assert {b.label for b in bodies} == {"株洲市民政局", "株洲市财政局"}


def test_merged_bureaus_keep_the_name_they_are_given():
    assert resolve("区科技工信局", LUKOU).label == "渌口区科技工信局"
    assert resolve("区民政人社局", LUKOU).label == "渌口区民政人社局"
    assert resolve("区工信局", LUKOU).label == "渌口区工业和信息化局"


def test_units_directly_under_a_level_are_generic():
    assert resolve("区直相关单位", LUKOU).generic


def test_joint_party_and_government_office():
    assert resolve("市委市政府办公室", ZHUZHOU).label == "中共株洲市委株洲市人民政府办公室"
    assert resolve("区委区管委会办公室（区优办）", LUKOU).label == "中共渌口区委渌口区管委会办公室（区优办）"
