"""Conversion artefacts out, keeping a map from every kept character back to the source.

Page-number lines, markdown and HTML debris, vertical OCR junk and paragraphs broken
across (blank) lines are repaired; ASCII brackets and punctuation inside Chinese text are
made full width. Every step is a substitution that keeps `origin`, so a span found in the
clean text maps back to the exact characters of the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.records import Span

CJK = "\u4e00-\u9fff"
TERMINAL = "。！？；：…）》"
# Numbering that opens a heading or an item; a line starting so is never glued to the line above.
ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\d+[.．、](?!\d)|（\d+）"
    r"|[①-⑳]|附件\s*\d*|第[一二三四五六七八九十]+[章节条部分])"
)
TITLE_END = re.compile(r"(?:通知|方案|意见|办法|报告|规划|决定|计划|细则|要点|纲要|通报|批复|函|文件|》)$")
SIGNATURE_END = re.compile(r"(?:办公室|办公厅|人民政府|委员会|[局厅委])$")
# Reduplicated words: a doubled character across a break is kept for these.
REDUPLICATED = set("人常天年家户处层步时事个一多级月日样项点条件村镇县区市省")


@dataclass
class Clean:
    """Cleaned text; origin[i] is the original offset of text[i] (plus one sentinel)."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> Span:
        """The original span of clean characters [start, end)."""
        if end <= start:
            at = self.origin[start]
            return Span(at, at)
        return Span(self.origin[start], self.origin[end - 1] + 1)


def clean(original: str) -> Clean:
    """Apply every repair in order; each sees the result of the one before."""
    doc = Clean(original, list(range(len(original) + 1)))
    for step in STEPS:
        doc = step(doc)
    return doc


def substitute(doc: Clean, pattern: re.Pattern, repl: Callable[[re.Match], str]) -> Clean:
    """re.sub that keeps the map: same-length replacements map 1:1, others to the match start."""
    text, origin, parts, at = doc.text, doc.origin, [], 0
    new_origin: list[int] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        parts.append(text[at:start])
        new_origin.extend(origin[at:start])
        replacement = repl(match)
        parts.append(replacement)
        if len(replacement) == end - start:
            new_origin.extend(origin[start:end])
        else:
            new_origin.extend([origin[start]] * len(replacement))
        at = end
    parts.append(text[at:])
    new_origin.extend(origin[at:])
    return Clean("".join(parts), new_origin)


def _translate(table: dict[str, str]) -> Callable[[Clean], Clean]:
    pattern = re.compile("[" + re.escape("".join(table)) + "]")
    return lambda doc: substitute(doc, pattern, lambda m: table[m.group()])


WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # full-width digits
WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
WIDTH.update({"％": "%", "．": ".", "\u3000": " ", "\r": "\n", "\xa0": " ", "〔": "〔", "［": "[", "］": "]"})
BRACKETS = {"(": "（", ")": "）"}


def _drop(pattern: str, flags: int = re.M) -> Callable[[Clean], Clean]:
    compiled = re.compile(pattern, flags)
    return lambda doc: substitute(doc, compiled, lambda m: "")


PUNCT_AFTER_CJK = re.compile(rf"(?<=[{CJK}）”》])([,;:])(?!\d)")
PUNCT_MAP = {",": "，", ";": "；", ":": "："}


def _cjk_punctuation(doc: Clean) -> Clean:
    return substitute(doc, PUNCT_AFTER_CJK, lambda m: PUNCT_MAP[m.group(1)])


VERTICAL_JUNK = re.compile(r"(?:^[^\S\n]*\S{1,2}[^\S\n]*\n){4,}", re.M)
PAGE_NUMBER = r"^[^\S\n]*(?:[—–\-－]+[^\S\n]*\d{1,4}[^\S\n]*[—–\-－]+|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)[^\S\n]*$"
BREAK = re.compile(r"([^\n])([^\S\n]*\n\s*)(?=\S)")


def _join_broken_lines(doc: Clean) -> Clean:
    """Glue a line to the next when the break falls inside a sentence, word or note."""
    text = doc.text

    def repl(match: re.Match) -> str:
        before, gap = match.group(1), match.group(2)
        line_start = text.rfind("\n", 0, match.start(1)) + 1
        line = text[line_start : match.start(1) + 1]
        rest = text[match.end(2) : text.find("\n", match.end(2)) % (len(text) + 1)]
        if _continues(line, rest):
            return before
        return before + gap

    return _drop_doubled_characters(substitute(doc, BREAK, repl))


def _continues(line: str, rest: str) -> bool:
    stripped = line.strip()
    if not stripped or "\t" in line or "\t" in rest:
        return False
    if _is_note_line(rest) and not ITEM_START.match(rest):
        return stripped[-1] in "。；）" or _unbalanced(stripped)
    if (stripped[-1] in TERMINAL or stripped.endswith(("。”", "！”", "？”"))) and not _unbalanced(stripped):
        return False
    if ITEM_START.match(rest) or rest.startswith(("附件", "抄送", "---")):
        return _unbalanced(stripped)
    if _unbalanced(stripped):
        return True
    if TITLE_END.search(stripped) and not re.search("[，。；]", stripped):
        return False
    if ITEM_START.match(stripped):
        return "。" in stripped or len(stripped) > 40
    if len(stripped) < 25 and SIGNATURE_END.search(stripped):
        return False
    return len(stripped) >= 15


def _is_note_line(rest: str) -> bool:
    """A line that is only a parenthesised note, e.g. （市商务局牵头）."""
    rest = rest.strip()
    return rest.startswith("（") and rest.endswith("）") and len(rest) < 200


def _unbalanced(line: str) -> bool:
    return line.count("（") > line.count("）")


def _drop_doubled_characters(doc: Clean) -> Clean:
    """Remove one of a character doubled across a glued break (省级乡|乡村 → 省级乡村)."""
    text, origin = doc.text, doc.origin
    keep = [True] * len(text)
    for i in range(1, len(text)):
        if (
            text[i] == text[i - 1]
            and "\u4e00" <= text[i] <= "\u9fff"
            and text[i] not in REDUPLICATED
            and origin[i] - origin[i - 1] > 1
        ):
            keep[i] = False
    chars = [c for c, k in zip(text, keep, strict=True) if k]
    kept_origin = [o for o, k in zip(origin[:-1], keep, strict=True) if k] + [origin[-1]]
    return Clean("".join(chars), kept_origin)


def _collapse_blank_lines(doc: Clean) -> Clean:
    return substitute(doc, re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+"), lambda m: "\n\n")


STEPS: list[Callable[[Clean], Clean]] = [
    _translate(WIDTH),
    _translate(BRACKETS),
    _cjk_punctuation,
    _drop(r"<[^<>\n]{1,80}>"),  # HTML tags left by a converter: <p>, </p>, <br/>
    _drop(r"\*\*"),  # markdown bold
    _drop(r"^[^\S\n]*#{1,6}[^\S\n]*"),  # markdown heading marks
    _drop(r"^[^\S\n]*-[^\S\n]+(?=附件)"),  # markdown list marks before attachment lists
    _drop(r"^[^\S\n]*(?:-{3,}|\*{3,}|_{3,})[^\S\n]*$"),  # horizontal rules
    _drop(PAGE_NUMBER),
    _drop(r"[^\S\n]+$"),  # trailing spaces
    lambda doc: substitute(doc, VERTICAL_JUNK, lambda m: ""),
    _collapse_blank_lines,
    _join_broken_lines,
]
