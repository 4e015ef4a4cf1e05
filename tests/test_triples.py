"""Records to triples: a small 衡阳 plan written in the genre, converted, checked and validated.

XSD and schema.org are reached through kg.vocab: pytest's collection pokes at module globals,
and those two closed rdflib namespaces warn about every unknown attribute.
"""

from urllib.parse import unquote

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from ingest.records import (
    Body,
    CitedDocument,
    Document,
    Metadata,
    Person,
    Post,
    Section,
    Span,
    Target,
    Task,
    Term,
    WorkGroup,
)
from kg import vocab
from kg.triples import document_graph
from kg.validate import validate
from kg.vocab import PK, doc_iri, org_iri, part_iri, slug, task_iri, term_iri

PLAN = """衡阳市人民政府办公室关于印发《衡阳市城镇老旧小区改造实施方案》的通知
衡政办发〔2023〕8号
根据《湖南省城镇老旧小区改造实施方案》（湘政办发〔2022〕12号），结合我市实际，制定本方案。
一、工作任务
（一）推进老旧小区改造。开展“十查十做”，2023年新改造城镇老旧小区120个。（市住建局牵头，市发改委、市财政局配合）
1.完善配套设施。加装电梯30台。（市住建局、各县市区人民政府负责）
二、名词解释
“十查十做”：即查安全隐患、做整改到位等十个方面的工作。
三、组织保障
成立城镇老旧小区改造工作专班，由市长张三任召集人，专班办公室设在市住建局，成员单位为市发改委、市财政局。
衡阳市人民政府办公室
2023年3月1日
"""


def at(fragment: str, text: str = PLAN) -> Span:
    """The span of a fragment's first occurrence."""
    start = text.index(fragment)
    return Span(start, start + len(fragment))


def hengyang(name: str, label: str, generic: bool = False) -> Body:
    return Body(name, label, f"衡阳市|{label}", "衡阳市", generic=generic, span=at(name, PLAN))


def hengyang_plan(source_file: str = "plan.txt", text: str = PLAN) -> Document:
    """A 衡阳 plan with two tasks, a target, a defined term, a work group and a convenor."""
    units = Target(
        "新改造城镇老旧小区", 120, "个", "新改造城镇老旧小区120个", at("新改造城镇老旧小区120个"), year=2023
    )
    lifts = Target("加装电梯", 30, "台", "加装电梯30台", at("加装电梯30台"), comparator="")
    section = ["一、工作任务", "（一）推进老旧小区改造"]
    renovate = Task(
        number=0,
        text="开展“十查十做”，2023年新改造城镇老旧小区120个。",
        span=at("开展“十查十做”，2023年新改造城镇老旧小区120个。"),
        section_path=section,
        annotation="市住建局牵头，市发改委、市财政局配合",
        annotation_span=at("（市住建局牵头，市发改委、市财政局配合）"),
        scope="section",
        lead=[hengyang("市住建局", "衡阳市住房和城乡建设局")],
        cooperating=[hengyang("市发改委", "衡阳市发展和改革委员会"), hengyang("市财政局", "衡阳市财政局")],
        targets=[units],
    )
    lift = Task(
        number=1,
        text="加装电梯30台。",
        span=at("加装电梯30台。"),
        section_path=section,
        annotation="市住建局、各县市区人民政府负责",
        annotation_span=at("（市住建局、各县市区人民政府负责）"),
        scope="item",
        responsible=[
            hengyang("市住建局", "衡阳市住房和城乡建设局"),
            hengyang("各县市区人民政府", "各县市区人民政府", generic=True),
        ],
        item_no="1",
        item_title="完善配套设施",
        targets=[lifts],
        parent=0,
    )
    group = WorkGroup(
        name="城镇老旧小区改造工作专班",
        span=at("成立城镇老旧小区改造工作专班"),
        posts=[Post(role="召集人", title="市长", person="张三")],
        office=hengyang("市住建局", "衡阳市住房和城乡建设局"),
        members=[hengyang("市发改委", "衡阳市发展和改革委员会"), hengyang("市财政局", "衡阳市财政局")],
    )
    return Document(
        key="衡政办发〔2023〕8号",
        source_file=source_file,
        sha256="0" * 64,
        text=text,
        metadata=Metadata(
            title="衡阳市城镇老旧小区改造实施方案",
            doc_number="衡政办发〔2023〕8号",
            issuers=["衡阳市人民政府办公室"],
            date_signed="2023-03-01",
            doc_type="实施方案",
            level="city",
            region="衡阳市",
            province="湖南省",
            basis=[
                CitedDocument(
                    "湖南省城镇老旧小区改造实施方案",
                    "湘政办发〔2022〕12号",
                    at("《湖南省城镇老旧小区改造实施方案》"),
                )
            ],
        ),
        sections=[
            Section("一、", "工作任务", 1, at("一、工作任务"), section[:1]),
            Section("（一）", "推进老旧小区改造", 2, at("（一）推进老旧小区改造"), section),
        ],
        tasks=[renovate, lift],
        targets=[units],
        terms=[
            Term(
                "十查十做",
                at("“十查十做”"),
                definition="查安全隐患、做整改到位等十个方面的工作",
                definition_span=at("即查安全隐患、做整改到位等十个方面的工作"),
                marker="即",
            )
        ],
        groups=[group],
        people=[Person("张三", ["市长"], at("市长张三"))],
    )


KEY = "衡政办发〔2023〕8号"
ZHUJIAN = org_iri("衡阳市|衡阳市住房和城乡建设局")


def test_the_plan_conforms_to_the_shapes():
    assert validate(document_graph(hengyang_plan())) == []


def test_a_task_links_its_bodies_by_role_with_the_names_as_written():
    graph = document_graph(hengyang_plan())
    task = task_iri(KEY, 0)
    assert set(graph.objects(task, PK.leadBody)) == {ZHUJIAN}
    assert set(graph.objects(task, PK.cooperatingBody)) == {
        org_iri("衡阳市|衡阳市发展和改革委员会"),
        org_iri("衡阳市|衡阳市财政局"),
    }
    assert graph.value(ZHUJIAN, SKOS.prefLabel) == Literal("衡阳市住房和城乡建设局")
    assert graph.value(ZHUJIAN, SKOS.altLabel) == Literal("市住建局")
    lead = next(a for a in graph.objects(task, PK.assignment) if graph.value(a, PK.role) == PK.LeadRole)
    assert (graph.value(lead, PK.body), str(graph.value(lead, PK.nameAsWritten))) == (ZHUJIAN, "市住建局")


def test_every_passage_quotes_the_text_between_its_offsets():
    graph = document_graph(hengyang_plan())
    passages = list(graph.subjects(RDF.type, PK.Passage))
    assert len(passages) > 10
    for passage in passages:
        start, end = (
            graph.value(passage, PK.startOffset).toPython(),
            graph.value(passage, PK.endOffset).toPython(),
        )
        assert str(graph.value(passage, PK.quote)) == PLAN[start:end]
        assert graph.value(passage, DCTERMS.isPartOf) == doc_iri(KEY)
    note = graph.value(task_iri(KEY, 0), PK.annotationPassage)
    assert str(graph.value(note, PK.quote)) == "（市住建局牵头，市发改委、市财政局配合）"


def test_document_metadata_basis_and_sections():
    graph = document_graph(hengyang_plan())
    doc = doc_iri(KEY)
    assert graph.value(doc, DCTERMS.identifier) == Literal(KEY)
    assert graph.value(doc, DCTERMS.issued) == Literal("2023-03-01", datatype=vocab.XSD.date)
    assert graph.value(doc, DCTERMS.creator) == org_iri("衡阳市|衡阳市人民政府办公室")
    assert graph.value(doc, PK.basedOn) == doc_iri("湘政办发〔2022〕12号")
    assert graph.value(task_iri(KEY, 1), PK.inSection) == part_iri("section", KEY, 2)
    assert graph.value(task_iri(KEY, 1), PK.partOfTask) == task_iri(KEY, 0)


def test_targets_are_quantitative_values_shared_between_document_and_task():
    graph = document_graph(hengyang_plan())
    target = graph.value(doc_iri(KEY), PK.hasTarget)
    assert graph.value(task_iri(KEY, 0), PK.hasTarget) == target
    assert (vocab.SCHEMA.QuantitativeValue in set(graph.objects(target, RDF.type))) and graph.value(
        target, PK.year
    ) == Literal(2023)
    assert graph.value(target, vocab.SCHEMA.value) == Literal("120", datatype=vocab.XSD.decimal)
    assert str(graph.value(target, vocab.SCHEMA.unitText)) == "个"


def test_terms_are_concepts_with_definitions_used_by_tasks():
    graph = document_graph(hengyang_plan())
    term = term_iri(KEY, "十查十做")
    assert graph.value(term, RDF.type) == SKOS.Concept
    assert str(graph.value(term, SKOS.definition)).startswith("查安全隐患")
    assert graph.value(task_iri(KEY, 0), PK.usesTerm) == term


def test_work_group_has_convenor_office_and_members():
    graph = document_graph(hengyang_plan())
    group = graph.value(predicate=RDF.type, object=PK.WorkGroup)
    post = graph.value(group, PK.convener)
    assert str(graph.value(post, PK.title)) == "市长"
    assert str(graph.value(graph.value(post, ORG.heldBy), vocab.SCHEMA.name)) == "张三"
    assert graph.value(group, PK.office) == ZHUJIAN
    assert len(set(graph.objects(group, ORG.hasMember))) == 2
    assert graph.value(part_iri("person", KEY, "张三"), PROV.wasDerivedFrom) is not None


def test_generic_references_are_marked():
    graph = document_graph(hengyang_plan())
    generic = org_iri("衡阳市|各县市区人民政府")
    assert graph.value(generic, PK.isGeneric) == Literal(True)
    assert graph.value(ZHUJIAN, PK.isGeneric) is None


def test_iris_come_from_keys_never_from_file_names():
    first = document_graph(hengyang_plan("a.txt"))
    second = document_graph(hengyang_plan("renamed/b.docx"))
    assert set(first.subjects()) == set(second.subjects())


def test_the_same_abbreviation_in_another_city_is_another_body():
    assert org_iri("益阳市|益阳市住房和城乡建设局") != ZHUJIAN


def test_slugs_are_url_safe_and_read_back_into_their_keys():
    for key in (KEY, "衡阳市|衡阳市住房和城乡建设局", "关于…的通知|衡阳市人民政府|2023-03-01", "a/b c"):
        assert all(c.isascii() and (c.isalnum() or c in "%-._~") for c in slug(key))
        assert unquote(slug(key)) == key


def test_a_task_without_its_note_fails_validation_with_a_message():
    graph = document_graph(hengyang_plan())
    graph.remove((task_iri(KEY, 0), PK.annotation, None))
    messages = validate(graph)
    assert len(messages) == 1
    assert str(task_iri(KEY, 0)) in messages[0] and "pk:annotation" in messages[0]


def test_a_task_without_bodies_or_passage_fails_validation():
    graph = document_graph(hengyang_plan())
    task = task_iri(KEY, 1)
    graph.remove((task, PK.responsibleBody, None))
    graph.remove((task, PROV.wasDerivedFrom, None))
    messages = validate(graph)
    assert any("lead, cooperating or responsible" in m for m in messages)
    assert any("wasDerivedFrom" in m for m in messages)


def test_every_project_term_used_is_declared_with_labels_in_both_languages():
    ontology = Graph().parse(vocab.ONTOLOGY_FILE)
    graph = document_graph(hengyang_plan())
    used = {term for triple in graph for term in triple if str(term).startswith(str(PK))}
    assert PK.Task in used and PK.leadBody in used
    for term in used:
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert languages == {"zh", "en"}, term
        assert ontology.value(term, RDFS.comment) is not None, term
