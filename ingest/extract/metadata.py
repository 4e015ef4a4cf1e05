"""Document metadata: title, 文号, issuers, dates, region and level, basis and attachments."""

from __future__ import annotations

import re
from collections import Counter

from ingest.records import CitedDocument, Metadata, Span
from ingest.structure import Block

PROVINCES = ["北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区"]
SHORT_PROVINCE = {re.sub(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", p): p for p in PROVINCES}
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号")
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DOC_TYPES = "通知|意见|方案|办法|报告|规划|决定|计划|细则|要点|纲要|通报|批复|规定|函"
NOTICE_TITLE = re.compile(rf"^(?P<issuer>.*?)\s*关于.*?的(?:{DOC_TYPES})$")
PLAIN_TITLE = re.compile(rf"^[^，。；：]{{4,60}}(?:{DOC_TYPES})$")
PLACE = re.compile(r"(?:中共)?([\u4e00-\u9fff]{2,8}?(?:自治区|自治州|省|市|州|地区|盟|区|县|旗))(?=人民政府|政府|委|管委会|党委|人大|政协|办公|[\u4e00-\u9fff]*?(?:局|厅|委员会))")
CITED = re.compile(r"《([^《》]{2,80})》\s*[（(]?\s*(" + DOC_NUMBER.pattern + r")?")
BASIS_CUE = re.compile(r"(?:根据|依据|按照)[^。]{0,60}?《")
ATTACHMENT_ITEM = re.compile(r"(?:附件\s*[：:]\s*)?(\d+)\s*[.．、]\s*(.+)$")
SIGNATURE_MAX = 40
HEAD_LINES = 40


def find_metadata(blocks: list[Block], text: str) -> Metadata:
    """Everything the document says about itself; a sound title when the text lost it."""
    head = [b for b in blocks[:HEAD_LINES] if b.kind in ("para", "heading", "item")]
    number = _first(DOC_NUMBER, [b.text for b in head])
    title, issuers = _title(head)
    signed, printed = _dates(blocks, text)
    region = _region(issuers, title, text)
    level = _level(region)
    province = region if level == "province" else _province(text, number)
    parent = _parent(text, region) if level == "district" else ""
    if not title:
        title = _inferred_title(text, region, signed)
    if not issuers:
        issuers = _signature(blocks)
    return Metadata(
        title=title,
        doc_number=re.sub(r"\s+", "", number),
        issuers=issuers,
        date_signed=signed,
        date_printed=printed,
        doc_type=_doc_type(title),
        addressees=_addressees(head),
        level=level,
        region=region,
        province=province,
        parent_region=parent,
        basis=_basis(blocks, text),
        cited=[c for c in find_citations(text) if c.doc_number],
        attachments=_attachments(blocks),
    )


def _first(pattern: re.Pattern, lines: list[str]) -> str:
    for line in lines:
        if match := pattern.search(line):
            return match.group()
    return ""


def _title(head: list[Block]) -> tuple[str, list[str]]:
    for block in head:
        line = block.text.strip()
        if match := NOTICE_TITLE.match(line):
            title = _tidy_title(line)
            issuers = match.group("issuer").split() if match.group("issuer") else []
            return title, issuers
    for block in head:
        line = block.text.strip()
        if PLAIN_TITLE.match(line) and "〔" not in line:
            return _tidy_title(line), []
    return "", []


def _tidy_title(line: str) -> str:
    """Spaces a converter left around 关于 and inside 《》 removed; the one between issuers kept."""
    line = re.sub(r"\s+(?=关于|《|》|的通知)", "", line)
    line = re.sub(r"(?<=《)\s+|\s+(?=》)", "", line)
    return re.sub(r"《([^》]*)》", lambda m: "《" + re.sub(r"\s+", "", m.group(1)) + "》", line)


def _addressees(head: list[Block]) -> str:
    """The 主送 line of a notice: bodies listed before a closing colon, right after the title."""
    for block in head:
        line = block.text.strip()
        if line.endswith(("：", ":")) and len(line) < 200 and re.search(r"各|单位|政府|部门|机关", line):
            return line[:-1]
    return ""


def _dates(blocks: list[Block], text: str) -> tuple[str, str]:
    printed = re.search(DATE.pattern + r"\s*印发", text)
    signed = ""
    for block in blocks:
        if DATE.fullmatch(block.text.strip()):
            signed = _iso(DATE.fullmatch(block.text.strip()))
            break
    return signed, _iso(printed) if printed else ""


def _iso(match: re.Match) -> str:
    year, month, day = match.group(1), match.group(2), match.group(3)
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _region(issuers: list[str], title: str, text: str) -> str:
    for source in [*issuers, title]:
        source = re.sub(r"^\s*(?:19|20)\d{2}\s*年", "", source)
        if match := PLACE.search(source):
            return match.group(1)
        if province := _province_named(source):
            return province
    places = {m.group(1) for m in PLACE.finditer(text)}
    return max(places, key=lambda p: (text.count(p[:-1]), p), default="")


def _province_named(text: str) -> str:
    """The province a text starts with, by full or short name (宁夏 → 宁夏回族自治区)."""
    for short, full in SHORT_PROVINCE.items():
        if text.startswith((full, short)):
            return full
    return ""


def _level(region: str) -> str:
    if region in PROVINCES or region.endswith(("省", "自治区")):
        return "province"
    if region.endswith(("市", "州", "盟", "地区")):
        return "city"
    return "district" if region else ""


def _province(text: str, number: str) -> str:
    """The province most named in the text (湖南省, 湖南, 全面落实湖南省…)."""
    counts = Counter()
    for short, full in SHORT_PROVINCE.items():
        counts[full] = text.count(short)
    best, hits = counts.most_common(1)[0]
    return best if hits else ""


def _parent(text: str, region: str) -> str:
    """The city a district belongs to: the city most named in its text."""
    cities = Counter(
        m.group(1) for m in PLACE.finditer(text) if m.group(1).endswith("市") and m.group(1) not in PROVINCES
    )
    cities.pop(region, None)
    return cities.most_common(1)[0][0] if cities else ""


def _inferred_title(text: str, region: str, signed: str) -> str:
    """A title for a text that lost its own: a work report is named by region and year."""
    if "政府工作报告" in text or re.search(r"各位代表", text[:200]):
        years = Counter(int(y) for y in re.findall(r"(20\d{2})年", text))
        year = max(years) if years else (int(signed[:4]) if signed else None)
        return f"{region}{year or ''}年政府工作报告" if year else f"{region}政府工作报告"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:40]


def _signature(blocks: list[Block]) -> list[str]:
    """Issuers from the signature: short body names just above the first date line."""
    for i, block in enumerate(blocks):
        if DATE.fullmatch(block.text.strip()):
            names = []
            for previous in reversed(blocks[max(0, i - 3) : i]):
                line = previous.text.strip()
                if len(line) <= SIGNATURE_MAX and re.search(r"(?:办公室|办公厅|政府|委员会|厅|局)$", line):
                    names.insert(0, line)
                else:
                    break
            return names
    return []


def _doc_type(title: str) -> str:
    match = re.search(rf"(?:实施方案|工作方案|总体方案|政府工作报告|{DOC_TYPES})$", title)
    return match.group() if match else ""


def _basis(blocks: list[Block], text: str) -> list[CitedDocument]:
    """Documents cited after 根据/依据/按照 in a preamble: a paragraph under no numbered heading."""
    out = []
    for block in blocks:
        if block.kind == "para" and len(block.path) <= 1:
            for cited in find_citations(block.text, basis_only=True):
                cited.span = Span(cited.span.start + block.start, cited.span.end + block.start)
                out.append(cited)
    return out


def find_citations(text: str, basis_only: bool = False) -> list[CitedDocument]:
    """Documents cited by title (and 文号 when given); basis_only keeps those after 根据/依据/按照."""
    cited, seen = [], set()
    for match in CITED.finditer(text):
        if basis_only and not BASIS_CUE.search(text[max(0, match.start() - 60) : match.start() + 1]):
            continue
        title, number = match.group(1), re.sub(r"\s+", "", match.group(2) or "")
        if (title, number) in seen:
            continue
        seen.add((title, number))
        cited.append(CitedDocument(title, number, Span(match.start(), match.end())))
    return cited


def _attachments(blocks: list[Block]) -> list[str]:
    """Attachment titles from the 附件 list, else from the attachment headings in the text."""
    listed = []
    for i, block in enumerate(blocks):
        if block.text.startswith("附件") and ATTACHMENT_ITEM.match(block.text):
            for follower in blocks[i:]:
                match = ATTACHMENT_ITEM.match(follower.text)
                if not match:
                    break
                listed.append(match.group(2).strip())
            break
    return listed or [b.title for b in blocks if b.kind == "attachment" and b.title]
