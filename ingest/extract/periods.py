"""Which year a passage speaks of: a report moves from 过去一年 (the year before its own) to 今年.

A year is said outright (2024年, 到2027年), relatively (今年, 过去一年, 一年来, 去年, 明年) or by
the part of the document a passage sits in: a heading that names one (一、2024年工作回顾), a
short line that opens a part without numbering (2025年工作安排建议), or a paragraph that opens
with one (过去一年，…; 2024年是…; 今年是…) and so sets the year for the rest of its section.
A year compared against (比2020年, 较上年, 在2023年的基础上) is a base, never the year meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.structure import Block

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})[^\S\n]*年(?![^\S\n]*(?:的)?(?:基础上|相比|同期|水平))")
RELATIVE = {"过去一年": -1, "过去的一年": -1, "一年来": -1, "去年": -1, "今年": 0, "本年度": 0, "明年": 1}
SAID = re.compile(rf"{YEAR.pattern}|{'|'.join(RELATIVE)}")
BASE_BEFORE = re.compile(r"(?:比|较|与|同|对比|相比)[^\S\n]*$")
DATE = re.compile(r"(?:19|20)\d{2}[^\S\n]*年[^\S\n]*\d{1,2}[^\S\n]*月")
OPENING = re.compile(r"^(?:各位代表[!！]\s*)?(?:——)?(?:回顾)?")
PERIOD_LINE_MAX = 30
SENTENCE_STOP = "；。！？;!?\n"
FULL_STOP = "。！？!?\n"
# Characters looked at around a place, so a text without stops costs no more than a long sentence
SENTENCE_MAX = 500
LIST_MAX = 1500  # back from a list item to the head that opens its list


def said_years(text: str, own: int | None, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(offset, year) of every year said in text[start:end], relative ones read against own."""
    out = []
    for match in SAID.finditer(text, start, len(text) if end is None else end):
        if BASE_BEFORE.search(text[max(0, match.start() - 4) : match.start()]):
            continue
        if match.group(1):
            out.append((match.start(), int(match.group(1))))
        elif own is not None:
            out.append((match.start(), own + RELATIVE[match.group()]))
    return out


def sentence_year(line: str, at: int, own: int | None) -> int | None:
    """The year the sentence around line[at] names: nearest before, else first after, else its list's head.

    A list after a colon (主要预期目标是：…；…) takes the year its head names.
    """
    low, high = max(0, at - SENTENCE_MAX), min(len(line), at + SENTENCE_MAX)
    start = max(max(line.rfind(stop, low, at) for stop in SENTENCE_STOP) + 1, low)
    ends = [e for e in (line.find(stop, at, high) for stop in SENTENCE_STOP) if e >= 0]
    years = said_years(line, own, start, min(ends) if ends else high)
    before = [year for pos, year in years if pos < at]
    if before:
        return before[-1]
    if years:
        return years[0][1]
    return _head_year(line, start, own)


def _head_year(line: str, start: int, own: int | None) -> int | None:
    """The year named before the colon that opens the list line[start] is part of."""
    low = max(0, start - LIST_MAX)
    opening = max(max(line.rfind(stop, low, start) for stop in FULL_STOP) + 1, low)
    colon = line.rfind("：", opening, start)
    head = said_years(line, own, opening, colon) if colon >= 0 else []
    return head[-1][1] if head else None


@dataclass
class Periods:
    """Walks a document's blocks in order and tells which year each one speaks of."""

    own: int | None
    said_at: tuple[str, ...] | None = None  # the section path where a paragraph last set the year
    said_year: int | None = None

    def year_of(self, block: Block, line: str) -> int | None:
        """The year of the part block sits in: the innermost of its headings and the year last set."""
        if block.kind == "attachment" or (block.kind in ("heading", "item") and block.level == 1):
            self.said_at = None
        opened = self._opened(block, line)
        if opened is not None:
            self.said_at, self.said_year = tuple(block.path), opened
        depth, year = -1.0, None
        for i, label in enumerate(block.path):
            found = said_years(label, self.own)
            if found:
                depth, year = i + 1.0, found[0][1]
        return self.said_year if self._said_within(block, depth) else year

    def _said_within(self, block: Block, depth: float) -> bool:
        """True when the year last set holds for block: set in its section, below its year headings."""
        if self.said_at is None or tuple(block.path[: len(self.said_at)]) != self.said_at:
            return False
        return len(self.said_at) + 0.5 > depth

    def _opened(self, block: Block, line: str) -> int | None:
        """The year a paragraph opens with, or a short unnumbered line names (2024年工作回顾)."""
        if block.kind != "para":
            return None
        if len(line) <= PERIOD_LINE_MAX and not re.search(r"[，。；：,;:]", line) and not DATE.search(line):
            found = said_years(line, self.own)
            return found[0][1] if found else None
        start = OPENING.match(line).end()
        if DATE.match(line, start):
            return None
        found = said_years(line, self.own, start, start + 6)
        return found[0][1] if found and found[0][0] == start else None
