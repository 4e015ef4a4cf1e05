"""End to end through ingest: the sample corpus and the extra documents of the genre."""

import pytest

from ingest.pipeline import document_key, ingest_file


@pytest.fixture(scope="module")
def sample_docs(sample_files):
    return {path.name[:3]: ingest_file(path) for path in sample_files}


def test_every_span_points_at_its_source_text(sample_docs):
    for doc in sample_docs.values():
        for task in doc.tasks:
            quoted = doc.text[task.annotation_span.start : task.annotation_span.end]
            if task.scope != "table":
                assert quoted[0] in "（(" and quoted[-1] in "）)", quoted
            source = doc.text[task.span.start : task.span.end]
            assert source[:4].replace(" ", "") == task.text[:4].replace(" ", "")


def test_notices_have_number_issuer_date_and_region(sample_docs):
    city = sample_docs["000"].metadata
    assert city.doc_number.endswith("〔2023〕5号") and city.level == "city" and city.region == "益阳市"
    assert city.date_signed == "2023-02-24" and city.province == "湖南省"
    province = sample_docs["001"].metadata
    assert (province.level, province.date_signed, province.date_printed) == ("province", "2023-01-16", "2023-01-18")
    district = sample_docs["003"].metadata
    assert (district.level, district.parent_region) == ("district", "益阳市")


def test_a_report_that_lost_its_title_gets_a_sound_one(sample_docs):
    report = sample_docs["002"].metadata
    assert report.title == "益阳市2024年政府工作报告"
    assert document_key(report) == sample_docs["002"].key and "益阳市" in report.title


def test_city_plan_cites_the_provincial_plan_as_basis(sample_docs):
    province_number = sample_docs["001"].metadata.doc_number
    assert province_number in {c.doc_number for c in sample_docs["000"].metadata.basis}
    assert province_number in {c.doc_number for c in sample_docs["003"].metadata.basis}


def test_bodies_resolve_within_each_documents_jurisdiction(sample_docs):
    labels = {
        code: {b.name: b.label for t in doc.tasks for b in t.lead + t.cooperating + t.responsible}
        for code, doc in sample_docs.items()
    }
    assert labels["004"]["市住建局"] == "衡阳市住房和城乡建设局"
    assert labels["003"]["市生态环境局大通湖分局"].startswith("益阳市")
    assert labels["001"]["省住房城乡建设厅"] == "湖南省住房和城乡建设厅"


def test_extra_documents_all_ingest(extra_dir):
    files = sorted(extra_dir.rglob("*.docx")) + sorted(extra_dir.glob("*.txt"))
    assert len(files) >= 30
    for path in files:
        doc = ingest_file(path)
        assert doc.metadata.title and doc.metadata.region, path.name


def test_targets_without_a_year_take_the_documents_year(sample_docs):
    growth = next(t for t in sample_docs["001"].targets if t.metric == "地区生产总值")
    assert (growth.value, growth.unit, growth.comparator, growth.year) == (6.5, "%", "左右", 2023)
    report = sample_docs["002"]
    assert {t.year for t in report.targets} >= {2024}


def test_notice_addressees(sample_docs):
    assert sample_docs["004"].metadata.addressees.startswith("各县市区委")
    assert sample_docs["002"].metadata.addressees == ""
