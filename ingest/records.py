"""The plain records that leave ingest; kg/ turns them into triples."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("lead", "cooperating", "responsible")


@dataclass
class Span:
    """Character offsets [start, end) in the document's original text."""

    start: int
    end: int


@dataclass
class Page:
    """A page of a paged source (PDF, OFD): its number and the characters [start, end) of the text read from it."""

    number: int
    start: int
    end: int
    ocr: bool = False  # the page's text was read by OCR from its image


@dataclass
class Body:
    """A body named in the text: as written, its canonical label and its identity key."""

    name: str
    label: str
    key: str
    jurisdiction: str
    generic: bool = False
    span: Span | None = None


@dataclass
class Target:
    """A numeric target: metric, value and unit, comparator, and a raised-from value."""

    metric: str
    value: float
    unit: str
    text: str
    span: Span
    comparator: str = ""
    value_from: float | None = None
    year: int | None = None
    stretch: float | None = None  # the 力争 value of a two-part target (增长7%以上、力争8%: 8)
    written: str = ""  # value and unit as written when spelled in Chinese (千亿元, 百分之五, 两位数) or a range (5.0%—5.5%)
    upper: float | None = None  # the high end of a range, whose low end is value (增长5%—5.5%: 5.5)


@dataclass
class Task:
    """One responsibility note and the text it governs."""

    number: int
    text: str
    span: Span
    section_path: list[str]
    annotation: str
    annotation_span: Span
    scope: str
    lead: list[Body] = field(default_factory=list)
    cooperating: list[Body] = field(default_factory=list)
    responsible: list[Body] = field(default_factory=list)
    item_no: str = ""
    item_title: str = ""
    targets: list[Target] = field(default_factory=list)
    parent: int | None = None


@dataclass
class Term:
    """A coined term, with its definition when the document gives one and the members a numbered one lists."""

    label: str
    span: Span
    definition: str = ""
    definition_span: Span | None = None
    marker: str = ""
    members: list[str] = field(default_factory=list)
    members_span: Span | None = None
    count: int | None = None
    members_text: str = ""


@dataclass
class Post:
    """A post (召集人, 副召集人, …) held by a person or an office."""

    role: str
    title: str
    person: str = ""


@dataclass
class WorkGroup:
    """A 专班, 联席会议 or similar, with its convenors, office and members."""

    name: str
    span: Span
    posts: list[Post] = field(default_factory=list)
    office: Body | None = None
    members: list[Body] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # 简称, or its name where the document describes it again


@dataclass
class Person:
    """A named official and the posts the document gives them."""

    name: str
    posts: list[str]
    span: Span


@dataclass
class CitedDocument:
    """A document named as this one's basis (根据《…》（文号）)."""

    title: str
    doc_number: str
    span: Span


@dataclass
class Section:
    """A heading and the section it opens; path is the list of headings above and itself."""

    number: str
    title: str
    level: int
    span: Span
    path: list[str]


@dataclass
class Metadata:
    """What the document says about itself."""

    title: str
    doc_number: str = ""
    issuers: list[str] = field(default_factory=list)
    date_signed: str = ""
    date_printed: str = ""
    doc_type: str = ""
    addressees: str = ""
    level: str = ""
    region: str = ""
    province: str = ""
    parent_region: str = ""
    basis: list[CitedDocument] = field(default_factory=list)
    cited: list[CitedDocument] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)  # 联系人 as written: 市民政局养老服务科 黄某
    speaker: str = ""  # who delivered a report (刘捷), its post as written (浙江省代省长),
    speaker_post: str = ""
    delivered: str = ""  # the ISO date it was delivered on
    meeting: str = ""  # and the meeting it was delivered at (…第十四届人民代表大会第三次会议)
    delivery_span: Span | None = None


@dataclass
class Document:
    """Everything ingest found in one file."""

    key: str
    source_file: str
    sha256: str
    text: str
    metadata: Metadata
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    groups: list[WorkGroup] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)  # empty for unpaged formats (.txt, .docx, .html)
