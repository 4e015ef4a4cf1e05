"""Document metadata: title, 文号, issuers, dates, region and level, basis, attachments, a report's delivery."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import cn2an

from ingest.records import CitedDocument, Metadata, Span
from ingest.structure import Block

PROVINCES = ["北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区"]
SHORT_PROVINCE = {re.sub(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", p): p for p in PROVINCES}
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号")
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DOC_TYPES = "通知|意见|方案|办法|报告|规划|决定|计划|细则|要点|纲要|通报|批复|规定|函"
NOTICE_TITLE = re.compile(rf"^(?P<issuer>.*?)\s*关于.*?的(?:{DOC_TYPES})$")
PLAIN_TITLE = re.compile(rf"^[^，。；：]{{4,60}}(?:{DOC_TYPES})$")
# a county may have a one-character name (攸县, 沛县)
# 我代表县人民政府, 本市, 全区: words of a speaker or a scope, never a place's name
PLACE = re.compile(r"(?:中共)?(?![我本全各该])([\u4e00-\u9fff]{2,8}?(?:自治区|自治州|省|市|州|地区|盟|区|县|旗)|[\u4e00-\u9fff]县)(?=人民政府|政府|委|管委会|党委|人大|政协|办公|[\u4e00-\u9fff]{0,20}?(?:局|厅|委员会))")
CITED = re.compile(r"《([^《》]{2,80})》\s*[（(]?\s*(" + DOC_NUMBER.pattern + r")?")
BASIS_CUE = re.compile(r"(?:根据|依据|按照)[^。]{0,60}?《")
ATTACHMENT_ITEM = re.compile(r"(?:附件\s*[：:]\s*)?(\d+)\s*[.．、]\s*(.+)$")
SIGNATURE_MAX = 40
CONTACT = re.compile(r"联\s*系\s*人\s*[：:]\s*([^。\n]{2,80})")
BODY_END = r"(?:办公室|办公厅|政府|委员会|管委会|厅|局)"
SIGNED_DATE = re.compile(DATE.pattern + r"\s*$")
JOINT_ISSUERS = re.compile(r"等[\d一二三四五六七八九十]+个?(?:部门|单位)$")
HEAD_LINES = 40
# A report's delivery, right under its title: ——2025年1月14日在浙江省第十四届人民代表大会第三次会议上
# 浙江省代省长  刘捷 (or the post and name first, or the name before the post: 龚正市长在…会议上).
CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
MEETING = re.compile(r"在\s*(?P<meeting>[^，。；：、\n在]{2,50}?会议)\s*(?:上|的)?")
SPEECH_OPENING = re.compile(r"各位代表|同志们")
HEAD_CHARS = 1500
SPEECH_HEAD_LINES = 8
REPORTING_FOR = re.compile(r"我代表(?P<body>[\u4e00-\u9fff]{0,15}?(?:人民政府|政府|管理委员会|管委会))")
POST = (
    r"(?:[\u4e00-\u9fff]{0,12}?(?:自治区|自治州|省|市|州|盟|地区|县|区|旗))?(?:人民政府)?"
    r"(?:代理|代|常务副|副)?(?:省长|市长|州长|盟长|专员|县长|区长|旗长|主席|(?:管委会|管理委员会)主任)"
)
NAME = r"[\u4e00-\u9fff]+(?:[·•・][\u4e00-\u9fff]+)+|[\u4e00-\u9fff](?:[ \u3000\xa0]*[\u4e00-\u9fff]){1,3}?"
NAME_END = r"(?=[\s\u3000]*(?:同志|作(?:政府工作)?报告|各位代表|的讲话|来源|[，。,、（(]|$))"
POST_THEN_NAME = re.compile(rf"(?P<post>{POST})[ \u3000\xa0]*\n?[ \u3000\xa0]*(?P<name>{NAME}){NAME_END}", re.M)
NAME_THEN_POST = re.compile(rf"(?P<name>{NAME})(?P<post>{POST})[\s\u3000]*$")
MEETING_PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{2,10}?(?:自治区|自治州|省|市|州|盟|地区|县|区|旗)|[\u4e00-\u9fff]县)"
                           r"(?=第|[一二三四五六七八九十]+届)")


def find_metadata(blocks: list[Block], text: str) -> Metadata:
    """Everything the document says about itself; a sound title when the text lost it."""
    head = [b for b in blocks[:HEAD_LINES] if b.kind in ("para", "heading", "item")]
    number = _first(DOC_NUMBER, [b.text for b in head])
    title, issuers = _title(head)
    delivery = find_delivery(text)
    signed, printed = _dates(blocks, text)
    signed = signed or delivery.date
    region = _region(issuers, title, text, delivery.meeting)
    level = _level(region)
    province = region if level == "province" else _province(text, number)
    parent = _parent(text, region) if level == "district" else ""
    if not title:
        title = _inferred_title(text, region, signed)
    if not issuers or _names_a_count(issuers):
        issuers = _signature(blocks, region) or issuers
    if not issuers and _doc_type(title) == "政府工作报告" and region:
        issuers = [_reporting_body(text, region)]
    return Metadata(
        title=title,
        doc_number=re.sub(r"\s+", "", number),
        issuers=issuers,
        date_signed=signed,
        date_printed=printed,
        doc_type=_doc_type(title),
        addressees=_addressees(head),
        contacts=_contacts(text),
        level=level,
        region=region,
        province=province,
        parent_region=parent,
        basis=_basis(blocks, text),
        cited=[c for c in find_citations(text) if c.doc_number],
        attachments=_attachments(blocks),
        speaker=delivery.speaker,
        speaker_post=delivery.post,
        delivered=delivery.date,
        meeting=delivery.meeting,
        delivery_span=delivery.span,
    )


def _first(pattern: re.Pattern, lines: list[str]) -> str:
    for line in lines:
        if match := pattern.search(line):
            return match.group()
    return ""


def _title(head: list[Block]) -> tuple[str, list[str]]:
    for k, block in enumerate(head):
        line = block.text.strip()
        if match := NOTICE_TITLE.match(line):
            if not match.group("issuer") and k and (issuers := _issuer_line(head[k - 1].text.strip())):
                return _tidy_title(head[k - 1].text.strip() + line), issuers  # the issuers on a line of their own
            title = _tidy_title(line)
            issuers = re.split(r"[\s、]+", match.group("issuer").strip()) if match.group("issuer") else []
            return title, issuers
    for block in head:
        line = block.text.strip()
        if PLAIN_TITLE.match(line) and "〔" not in line:
            return _tidy_title(line), []
    return "", []


def _issuer_line(line: str) -> list[str]:
    """The bodies a line holds when it holds nothing else (安徽省农业农村厅 安徽省财政厅)."""
    bodies = _bodies_in(line, "") if len(line) <= 2 * SIGNATURE_MAX else []
    return bodies if bodies and len("".join(bodies)) == len(re.sub(r"\s+", "", line)) else []


def _tidy_title(line: str) -> str:
    """Spaces a converter left around 关于 and inside 《》 removed; the one between issuers kept."""
    line = re.sub(r"\s+(?=关于|《|》|的通知)", "", line)
    line = re.sub(r"(?<=《)\s+|\s+(?=》)", "", line)
    return re.sub(r"《([^》]*)》", lambda m: "《" + re.sub(r"\s+", "", m.group(1)) + "》", line)


def _contacts(text: str) -> list[str]:
    """The contact persons a notice gives (联系人：省农业农村厅科技教育处 许某，省财政厅农业农村处 郑某), each as
    written, without their telephone numbers."""
    found = []
    for match in CONTACT.finditer(text):
        for part in re.split(r"[，,；;]", match.group(1)):
            part = re.sub(r"(?:联系)?电话.*$|[\d\-（）()]+$", "", part).strip(" 　。")
            if re.search(r"[\u4e00-\u9fff]{2}", part) and part not in found:
                found.append(part)
    return found


def _addressees(head: list[Block]) -> str:
    """The 主送 line of a notice: bodies listed before a closing colon, right after the title."""
    for block in head:
        line = block.text.strip()
        if line.endswith(("：", ":")) and len(line) < 200 and re.search(r"各|单位|政府|部门|机关", line):
            return line[:-1]
    return ""


def _dates(blocks: list[Block], text: str) -> tuple[str, str]:
    printed = re.search(DATE.pattern + r"\s*印发", text)
    signature = _signature_date(blocks)
    return _iso(signature[1]) if signature else "", _iso(printed) if printed else ""


def _signature_date(blocks: list[Block]) -> tuple[int, re.Match] | None:
    """The first signature date and its block: a line that is a date, or body names a conversion
    glued it to (广州市财政局广州市医疗保障局2023年10月19日)."""
    for i, block in enumerate(blocks):
        line = block.text.strip()
        if match := DATE.fullmatch(line):
            return i, match
        if (match := SIGNED_DATE.search(line)) and re.search(BODY_END + r"\s*$", line[: match.start()]):
            return i, match
    return None


def _iso(match: re.Match) -> str:
    year, month, day = match.group(1), match.group(2), match.group(3)
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _region(issuers: list[str], title: str, text: str, meeting: str = "") -> str:
    for source in [*issuers, title]:
        source = re.sub(r"^\s*(?:19|20)\d{2}\s*年", "", source)
        if match := PLACE.search(source):
            return match.group(1)
        if province := _province_named(source):
            return province
    if match := MEETING_PLACE.search(meeting):
        return match.group()
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


def _signature(blocks: list[Block], region: str) -> list[str]:
    """Issuers from the signature: the body names just above the first date, or glued before it."""
    found = _signature_date(blocks)
    if not found:
        return []
    i, date = found
    names = _bodies_in(blocks[i].text.strip()[: date.start()], region)
    for previous in reversed(blocks[max(0, i - 3) : i]):
        line = previous.text.strip()
        bodies = _bodies_in(line, region) if len(line) <= 2 * SIGNATURE_MAX else []
        if not bodies or len("".join(bodies)) < len(re.sub(r"\s+", "", line)):
            break
        names = bodies + names
    return names


def _bodies_in(line: str, region: str) -> list[str]:
    """Body names a signature line holds side by side (广州市卫生健康委员会    广州市财政局), however spaced."""
    names: list[str] = []
    for token in line.split():
        token = re.sub(r"^.*[^\u4e00-\u9fff]", "", token)
        if names and re.fullmatch(BODY_END, token):  # 衡阳市人民政府 办公室: one body, spaced
            names[-1] += token
            continue
        glued = re.split(rf"(?<=[局厅会室府])(?={re.escape(region)})", token) if region else [token]
        names += [name for name in glued if len(name) <= SIGNATURE_MAX and re.search(BODY_END + "$", name)]
    return names


def _names_a_count(issuers: list[str]) -> bool:
    """A title naming its joint issuers by count (市卫生健康委等4部门) lists them in the signature."""
    return any(JOINT_ISSUERS.search(issuer) for issuer in issuers)


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
                listed.append(match.group(2).strip().rstrip("；;。，,"))
            break
    return listed or _attachment_headings(blocks)


def _attachment_headings(blocks: list[Block]) -> list[str]:
    """One title per attachment number: a list of 附件1：… lines and the attachments given in full
    name the same ones again; sub-attachments (附件3-1) belong to their attachment."""
    titles: dict[str, str] = {}
    for block in blocks:
        if block.kind == "attachment" and block.title and not re.search(r"[—\-－]", block.number):
            titles.setdefault(block.number or block.title, block.title.strip().rstrip("；;。，,"))
    return list(titles.values())


@dataclass
class Delivery:
    """Who delivered a report or speech, in which post, on which day, at which meeting, and where that is written."""

    speaker: str = ""
    post: str = ""
    date: str = ""
    meeting: str = ""
    span: Span | None = None


def find_delivery(text: str) -> Delivery:
    """The delivery written under a report's title; empty for a document that is not a speech."""
    head = _speech_head(text)
    meeting = MEETING.search(head)
    if not meeting:
        return Delivery()
    date = _date_near(head, meeting)
    speaker = _speaker(head, meeting, date)
    parts = [m for m in (meeting, date, speaker) if m is not None]
    return Delivery(
        speaker=_squeeze(speaker.group("name")) if speaker else "",
        post=_squeeze(speaker.group("post")) if speaker else "",
        date=_any_iso(date) if date else "",
        meeting=_squeeze(DATE.sub("", meeting.group("meeting"))),
        span=Span(min(m.start() for m in parts), max(m.end() for m in parts)),
    )


def _speech_head(text: str) -> str:
    """The lines above a speech's opening address (各位代表：), when it opens within a few lines."""
    opening = SPEECH_OPENING.search(text, 0, HEAD_CHARS)
    if not opening:
        return ""
    head = text[: opening.start()]
    return head if sum(1 for line in head.splitlines() if line.strip()) <= SPEECH_HEAD_LINES else ""


def _date_near(head: str, meeting: re.Match) -> re.Match | None:
    """The date closest before the meeting (——2025年1月14日在…), else the first after it."""
    before = [m for pattern in (DATE, CN_DATE) for m in pattern.finditer(head, 0, meeting.start())]
    if before:
        return max(before, key=lambda m: m.start())
    after = [m for pattern in (DATE, CN_DATE) for m in pattern.finditer(head, meeting.end())]
    return min(after, key=lambda m: m.start()) if after else None


def _speaker(head: str, meeting: re.Match, date: re.Match | None) -> re.Match | None:
    """Post and name after the meeting, else between the date and the meeting, else above them."""
    first = min(meeting.start(), date.start()) if date else meeting.start()
    between = date.end() if date and date.end() <= meeting.start() else meeting.start()
    segments = [(meeting.end(), len(head)), (between, meeting.start()), (0, first)]
    for start, end in segments:
        found = POST_THEN_NAME.search(head, start, end) or NAME_THEN_POST.search(head, start, end)
        if found:
            return found
    return None


def _any_iso(match: re.Match) -> str:
    """An ISO date from 2025年1月14日 or 二〇二五年一月十四日."""
    if match.re is DATE:
        return _iso(match)
    year = cn2an.cn2an(re.sub("[○零]", "〇", match.group(1)), "direct")
    month, day = (cn2an.cn2an(match.group(i), "strict") for i in (2, 3))
    return f"{year}-{month:02d}-{day:02d}"


def _squeeze(words: str) -> str:
    """Spaces a layout put inside a name or meeting (张  工, 第十四届 人民代表大会) removed."""
    return re.sub(r"[\s\u3000\xa0]+", "", words)


def _reporting_body(text: str, region: str) -> str:
    """The government a work report speaks for (我代表市人民政府 in 益阳 → 益阳市人民政府): its issuer."""
    match = REPORTING_FOR.search(text, 0, 2 * HEAD_CHARS)
    body = re.sub(r"(?<!人民)政府$", "人民政府", match.group("body")) if match else "人民政府"
    if body.startswith(region):
        return body
    unnamed = re.sub(r"^(?:自治区|自治州|省|市|州|盟|地区|县|区|旗)", "", body)
    return region + unnamed if unnamed in ("人民政府", "管委会", "管理委员会") else body
