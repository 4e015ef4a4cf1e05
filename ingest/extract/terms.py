"""Terms: glossary entries, coined quoted terms and the definitions a document gives inline.

A glossary is the run of entries ("[1]发展六仗：…", "1.“两重”：…") after a 名词解释/名词注释
heading; it ends at the first line that is not an entry (web-site chrome, the next section).
A coined term is a short quoted phrase built on a numeral (“三高四新”, “十查十做”, “4×4”).
Inline definitions are read only where the text gives one: “X”…即…, “X”（即…）, “X”（A指B）,
“五长”（five items）, and …（简称X）. Each term is kept once, under the label as written; its
span is its first use in the body, its definition_span where the definition is written.
"""

from __future__ import annotations

import re

from ingest.extract.notes import read_note
from ingest.records import Span, Term
from ingest.structure import Block

GLOSSARY = re.compile(r"名\s*词\s*(?:解\s*释|注\s*释)\s*$")
ENTRY = re.compile(
    r"^(?P<marker>\[\d+\]|（\d+）|\d+[.．、])\s*(?P<label>[^：:，。\n]{1,40}?)\s*[：:]\s*(?P<definition>\S.*)$"
)
NUMERALS = "一二三四五六七八九十百千两双"
QUOTED = re.compile(r"“(?P<label>[^“”\n]{2,12})”")
JI_AFTER = re.compile(r"“(?P<label>[^“”\n]{2,12})”[^，。；“”（\n]{0,6}，?即[：:]?(?P<definition>[^。\n]+)")
BRACKET = re.compile(r"“(?P<label>[^“”\n]{2,12})”[^，。；“”（\n]{0,4}（(?P<definition>[^（）\n]+)）")
ABBREVIATION = re.compile(
    r"(?P<full>[^，。；：、（）\n]{2,40}?)(?:（|，)(?:以下)?简称[为：]?“?(?P<label>[^“”（），。；\n]{1,12}?)”?(?=[）。，；])"
)
FOUNDING = re.compile(
    r"^(?:成立|设立|组建|建立|建设|打造|上线|推出|启用|依托|推进|实施|制定|出台|印发|召开|开展|由)+"
)
CHINESE_COUNT = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def find_terms(blocks: list[Block], text: str) -> list[Term]:
    """Glossary entries, then inline definitions, then coined terms, each label once."""
    heading = _glossary_heading(blocks)
    body_end = blocks[heading].start if heading is not None else len(text)
    body = text[:body_end]
    glossary = _glossary(blocks[heading + 1 :], text, body) if heading is not None else []
    return _merge(glossary + _inline(text) + _coined(body))


def _glossary_heading(blocks: list[Block]) -> int | None:
    """Index of the 名词解释 heading, however spaced, or None."""
    for i, block in enumerate(blocks):
        if len(block.text) < 40 and (GLOSSARY.search(block.text) or GLOSSARY.search(block.title)):
            return i
    return None


def _glossary(blocks: list[Block], text: str, body: str) -> list[Term]:
    """The entries after the heading, up to the first line that is not one."""
    terms: list[Term] = []
    for block in blocks:
        match = ENTRY.match(text[block.start : block.end])
        if match is None:
            if terms:
                break
            continue
        terms.append(_entry(match, block, body))
    return terms


def _entry(match: re.Match, block: Block, body: str) -> Term:
    label = _unquote(match["label"].strip())
    marker = match["marker"] if match["marker"].startswith("[") else match["marker"].strip(".．、（）")
    own = Span(block.start + match.start("label"), block.start + match.end("label"))
    span = _first_use(body, label, marker if marker.startswith("[") else "") or own
    definition = Span(block.start + match.start("definition"), block.end)
    return Term(label, span, match["definition"].strip(), definition, marker)


def _unquote(label: str) -> str:
    """“两重” → 两重, but 打好“发展六仗” stays as written."""
    if label.startswith("“") and label.endswith("”") and label.count("“") == 1:
        return label[1:-1]
    return label


def _first_use(body: str, *candidates: str) -> Span | None:
    """Where the first of the candidates that the body uses first appears, or None."""
    for words in filter(None, candidates):
        at = body.find(words)
        if at >= 0:
            return Span(at, at + len(words))
    return None


def _coined(body: str) -> list[Term]:
    """Quoted phrases built on a numeral, at their first quoted use."""
    return [
        Term(m["label"], Span(m.start("label"), m.end("label")))
        for m in QUOTED.finditer(body)
        if is_coined(m["label"])
    ]


def is_coined(label: str) -> bool:
    """A numeral-built phrase: starts with one, has two, or counts (四个…, 十大…, 发展六仗)."""
    if re.search(r"[，。；：！？,;:\s]", label) or re.fullmatch(r"[\d.·]+", label):
        return False
    numerals = re.findall(rf"[{NUMERALS}\d]", label)
    if not numerals:
        return False
    return (
        label[0] in NUMERALS
        or label[0].isdigit()
        or len(numerals) >= 2
        or bool(re.search(rf"[{NUMERALS}\d][个大类项条]|[{NUMERALS}\d].$", label))
    )


def _inline(text: str) -> list[Term]:
    """Terms the text defines where it uses them (glossary definitions included)."""
    terms = [_defined(text, m, m["definition"]) for m in JI_AFTER.finditer(text)]
    for match in BRACKET.finditer(text):
        definition = _bracket_definition(match["label"], match["definition"])
        if definition:
            terms.append(_defined(text, match, definition))
    return terms + [_abbreviation(text, m) for m in ABBREVIATION.finditer(text) if _full_name(m["full"])]


def _bracket_definition(label: str, content: str) -> str:
    """What a bracket after a quoted term defines it as: 即…, A指B, or a list of as many items."""
    if read_note(content):
        return ""
    if content.startswith("即"):
        return content[1:].lstrip("：:")
    if re.match(r"[^，、]{1,8}指(?![挥导标示南])", content):
        return content
    items = [item for item in content.split("、") if item.strip()]
    return content if CHINESE_COUNT.get(label[0]) == len(items) > 1 else ""


def _defined(text: str, match: re.Match, definition: str) -> Term:
    """A quoted term and the definition the text gives it; the span is its first quoted use."""
    label, definition = match["label"], _unquote(definition.strip())
    at = text.find(f"“{label}”") + 1
    written = match.start("definition") + match["definition"].find(definition)
    return Term(label, Span(at, at + len(label)), definition, Span(written, written + len(definition)))


def _abbreviation(text: str, match: re.Match) -> Term:
    """简称X: the label is X, the definition the full name written before it."""
    full, label = _full_name(match["full"]), match["label"]
    at, used = match.start("full") + match["full"].rindex(full), text.find(label)
    return Term(label, Span(used, used + len(label)), full, Span(at, at + len(full)))


def _full_name(words: str) -> str:
    """The name before 简称, without the verb that founds it (成立市实事办 → 市实事办)."""
    name = FOUNDING.sub("", words.strip()).rsplit("的", 1)[-1]
    return name if len(name) >= 2 else ""


def _merge(terms: list[Term]) -> list[Term]:
    """One term per label: the first found wins, a later definition fills a gap, the span is the earliest."""
    merged: dict[str, Term] = {}
    for term in terms:
        kept = merged.setdefault(term.label, term)
        if kept is term:
            continue
        if not kept.definition and term.definition:
            kept.definition, kept.definition_span = term.definition, term.definition_span
        if term.span.start < kept.span.start:
            kept.span = term.span
    return sorted(merged.values(), key=lambda t: t.span.start)
