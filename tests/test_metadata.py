"""A document's own facts: a report's delivery (speaker, post, day, meeting), issuers and attachments,
on heads written in the genre, and the delivery read back from a store."""

import pytest

from ingest.clean import clean
from ingest.extract.metadata import find_metadata
from ingest.pipeline import ingest_source
from ingest.read import read_bytes
from ingest.structure import blocks
from kg.load import load_document
from kg.store import open_store
from kg.vocab import sparql_prefixes
from search.passages import load_corpus

BODY = "\n各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n一、2023年工作回顾\n过去一年，全市地区生产总值增长6%。\n"


def metadata(text: str):
    cleaned = clean(text).text
    return find_metadata(blocks(cleaned), cleaned)


def delivery(text: str) -> tuple[str, str, str, str]:
    meta = metadata(text)
    return meta.speaker, meta.speaker_post, meta.delivered, meta.meeting


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (  # dash, meeting on one line, post and a spaced two-character name on the next
            "青山市政府工作报告\n——2024年1月9日在青山市第十七届人民代表大会第三次会议上\n\n青山市代市长  张  工\n",
            ("张工", "青山市代市长", "2024-01-09", "青山市第十七届人民代表大会第三次会议"),
        ),
        (  # all on one line, 人民政府 in the post, 同志作政府工作报告 after the name
            "2024年青山市政府工作报告\n2024年1月10日在青山市第十七届人民代表大会第三次会议上"
            "青山市人民政府市长李明远同志作政府工作报告。\n",
            ("李明远", "青山市人民政府市长", "2024-01-10", "青山市第十七届人民代表大会第三次会议"),
        ),
        (  # post and name before the meeting, 的讲话 after it
            "2024年北疆自治区政府工作报告\n——2024年1月8日自治区人民政府主席巴特尔·吉日嘎拉在北疆自治区"
            "第十四届人民代表大会第二次会议上的讲话\n",
            ("巴特尔·吉日嘎拉", "自治区人民政府主席", "2024-01-08", "北疆自治区第十四届人民代表大会第二次会议"),
        ),
        (  # the name before the post
            "2024年南湖市政府工作报告\n----2024年1月12日王晓东市长在南湖市第九届人民代表大会第四次会议的政府工作报告\n",
            ("王晓东", "市长", "2024-01-12", "南湖市第九届人民代表大会第四次会议"),
        ),
        (  # a county: no date line above, the date in Chinese numerals below the speaker
            "清水县政府工作报告\n——在清水县第十八届人民代表大会第四次会议上\n县长 周  平\n（二〇二四年一月五日）\n",
            ("周平", "县长", "2024-01-05", "清水县第十八届人民代表大会第四次会议"),
        ),
        (  # a district, the speaker's post glued to the meeting line by a conversion
            "河西区政府工作报告\n2024年1月6日在河西区第五届人民代表大会第三次会议上区长 刘洋\n",
            ("刘洋", "区长", "2024-01-06", "河西区第五届人民代表大会第三次会议"),
        ),
        (  # a county's acting head named by level alone, a four-character name, ○ for zero
            "石桥县政府工作报告\n二○二四年一月十二日在石桥县第十八届人民代表大会第四次会议上\n县人民政府代县长 欧阳晓晖\n",
            ("欧阳晓晖", "县人民政府代县长", "2024-01-12", "石桥县第十八届人民代表大会第四次会议"),
        ),
        (  # a district run by a 管委会
            "政府工作报告\n——2024年1月10日在湖东区第三届人民代表大会第三次会议上\n区管委会主任 李  四\n",
            ("李四", "区管委会主任", "2024-01-10", "湖东区第三届人民代表大会第三次会议"),
        ),
    ],
)
def test_a_reports_delivery_is_read_from_its_head(head, expected):
    assert delivery(head + BODY) == expected


def test_a_plan_has_no_delivery_even_when_it_names_a_meeting():
    plan = (
        "青山市人民政府办公室关于印发《青山市城乡供水一体化实施方案》的通知\n青政办发〔2024〕3号\n"
        "各县市区人民政府，市直各单位：\n为落实市长在全市水利工作会议上的部署，制定本方案。\n"
        "一、工作任务\n（一）建设水厂。新建水厂3座。（市水利局牵头）\n青山市人民政府办公室\n2024年3月1日\n"
    )
    assert delivery(plan) == ("", "", "", "")


def test_a_reports_date_is_its_delivery_date_and_its_issuer_the_government_it_speaks_for():
    meta = metadata(
        "政府工作报告\n——2024年1月9日在青山市第十七届人民代表大会第三次会议上\n青山市市长 李明远\n" + BODY
    )
    assert meta.region == "青山市"
    assert meta.date_signed == meta.delivered == "2024-01-09"
    assert meta.issuers == ["青山市人民政府"]


def test_joint_issuers_in_the_title_are_split():
    meta = metadata(
        "青山市发展和改革委员会、青山市财政局关于印发《青山市节能降碳实施方案》的通知\n"
        "各县市区发展改革局、财政局：\n现将方案印发给你们。\n青山市发展和改革委员会\n青山市财政局\n2024年5月6日\n"
    )
    assert meta.issuers == ["青山市发展和改革委员会", "青山市财政局"]
    assert meta.date_signed == "2024-05-06"


def test_issuers_named_by_count_are_read_from_a_signature_a_conversion_glued_together():
    meta = metadata(
        "南湖市卫生健康委等3部门关于印发南湖市基层医疗服务提升实施方案的通知\n南卫函〔2024〕12号\n"
        "各区卫生健康局、财政局、医保分局：\n现将方案印发给你们，请认真贯彻执行。\n"
        "联系人：王芳，联系电话：12345678南湖市卫生健康委员会      南湖市财政局南湖市医疗保障局2024年6月3日\n"
    )
    assert meta.issuers == ["南湖市卫生健康委员会", "南湖市财政局", "南湖市医疗保障局"]
    assert meta.date_signed == "2024-06-03"


def test_a_title_without_issuer_takes_the_signature_even_when_a_name_is_spaced():
    meta = metadata(
        "关于印发《青山市夜间经济发展实施方案》的通知\n各县市区人民政府：\n现印发给你们。\n"
        "中共青山市委办公室\n青山市人民政府 办公室\n2024年4月2日\n"
    )
    assert meta.issuers == ["中共青山市委办公室", "青山市人民政府办公室"]


def test_attachments_listed_after_the_text_in_order():
    meta = metadata(
        "青山市人民政府办公室关于印发《青山市稳就业实施方案》的通知\n各县市区人民政府：\n现印发给你们。\n"
        "附件：1．青山市稳就业重点任务清单；\n2．青山市稳就业政策汇编\n青山市人民政府办公室\n2024年2月1日\n"
    )
    assert meta.attachments == ["青山市稳就业重点任务清单", "青山市稳就业政策汇编"]


def test_attachments_listed_one_per_line_and_given_in_full_count_once():
    meta = metadata(
        "青山市人民政府办公室关于印发《青山市稳就业实施方案》的通知\n各县市区人民政府：\n现印发给你们。\n"
        "附件1：青山市稳就业重点任务清单\n附件2：青山市稳就业政策汇编\n青山市人民政府办公室\n2024年2月1日\n"
        "附件1\n青山市稳就业重点任务清单\n一、扩大就业岗位。\n附件2\n青山市稳就业政策汇编\n一、就业补贴。\n"
    )
    assert meta.attachments == ["青山市稳就业重点任务清单", "青山市稳就业政策汇编"]


REPORT = (
    "2024年青山市政府工作报告\n——2024年1月9日在青山市第十七届人民代表大会第三次会议上\n青山市代市长  张  工\n"
    + BODY
    + "附件\n2024年十件民生实事\n一、新增养老床位500张。\n"
)


def test_a_reports_delivery_reaches_the_graph_and_the_answers():
    store = open_store("memory")
    document = ingest_source(read_bytes(REPORT.encode("utf-8"), "report.txt"))
    outcome = load_document(store, document)
    assert not outcome.error, outcome.error
    rows = list(store.query(sparql_prefixes() + """
        SELECT ?name ?post ?day ?meeting ?quote WHERE { GRAPH ?doc {
          ?doc pk:deliveredBy ?speaker ; pk:deliveredOn ?day ; pk:deliveredAt ?event .
          ?speaker a schema:Person ; schema:name ?name ; schema:jobTitle ?post ; prov:wasDerivedFrom ?passage .
          ?passage pk:quote ?quote .
          ?event a schema:Event ; schema:name ?meeting } }"""))
    assert len(rows) == 1
    name, post, day, meeting, quote = (str(value) for value in rows[0])
    assert (name, post, day) == ("张工", "青山市代市长", "2024-01-09")
    assert meeting == "青山市第十七届人民代表大会第三次会议"
    assert quote.startswith("2024年1月9日在青山市") and quote.endswith("张  工")
    report = next(iter(load_corpus(store).documents.values()))
    assert (report.speaker, report.speaker_post, report.delivered) == ("张工", "青山市代市长", "2024-01-09")
    assert report.meeting == meeting and report.attachments == ["2024年十件民生实事"]


def test_joint_issuers_on_a_line_of_their_own_above_the_notice_title():
    meta = metadata(
        "江西省文化和旅游厅 江西省财政厅\n关于印发《江西省乡村旅游提质行动方案》的通知\n\n赣文旅字〔2031〕8号\n\n"
        "各设区市文化和旅游局、财政局：\n\n现将《江西省乡村旅游提质行动方案》印发给你们，请认真贯彻执行。\n\n"
        "江西省文化和旅游厅        江西省财政厅\n2031年4月2日\n"
    )
    assert meta.issuers == ["江西省文化和旅游厅", "江西省财政厅"]
    assert meta.title.startswith("江西省文化和旅游厅 江西省财政厅关于印发")
    assert (meta.region, meta.level) == ("江西省", "province")


def test_contacts_of_a_notice_without_their_numbers():
    meta = metadata(
        "株洲市民政局关于做好社区养老服务工作的通知\n\n株民发〔2031〕3号\n\n各县市区民政局：\n\n请认真贯彻执行。\n\n"
        "联系人：市民政局养老服务科 周晓敏，联系电话：0731-28681234；市财政局社保科 陈立，电话：28685678。\n\n"
        "株洲市民政局\n2031年5月8日\n"
    )
    assert meta.contacts == ["市民政局养老服务科 周晓敏", "市财政局社保科 陈立"]
