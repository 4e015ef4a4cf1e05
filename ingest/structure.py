"""Clean text to a flat list of blocks, each knowing its heading path.

Numbering decides the level, whatever the style: 一、 > （一） > 1. > （1） > ①.
附件N opens an attachment; 名词解释 (however spaced) opens a glossary; tab-separated
lines are table rows. A numbered line whose first sentence is short is an item: that
sentence is its title and the rest its body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMERAL = "一二三四五六七八九十"
LEVELS = [
    (1, re.compile(rf"^([{NUMERAL}]+)[、.．]\s*")),
    (2, re.compile(rf"^（([{NUMERAL}]+)）\s*")),
    (3, re.compile(r"^(\d{1,2})(?:[.．、]|\s)(?!\d)\s*")),
    (4, re.compile(r"^（(\d{1,2})）\s*")),
    (5, re.compile(r"^([①-⑳])\s*")),
]
ATTACHMENT = re.compile(r"^附件(?:\s*(\d+(?:[—\-－]\d+)?)\s*[：:]?\s*(.*)|\s*)$")
ATTACHMENT_LIST = re.compile(r"^附件\s*[：:]\s*\d")
GLOSSARY = re.compile(r"^名\s*词\s*(?:解\s*释|注\s*释|说\s*明)\s*$")
TITLE_MAX = 40


@dataclass
class Block:
    """One paragraph (or heading, or table row) of the clean text."""

    kind: str  # heading, item, para, table, glossary, attachment
    text: str
    start: int
    end: int
    path: list[str] = field(default_factory=list)
    level: int = 0
    number: str = ""
    title: str = ""
    body_start: int = 0  # clean offset where the body (after number and title) begins


def blocks(text: str) -> list[Block]:
    """Every non-empty line as a block, with the heading path it sits under."""
    out: list[Block] = []
    stack: list[tuple[int, str]] = []  # (level, heading label)
    attachment = ""
    in_glossary = False
    pending_attachment: Block | None = None
    for start, end in _lines(text):
        line = text[start:end]
        if pending_attachment is not None and line and not ATTACHMENT.match(line):
            pending_attachment.title = line
            attachment = f"{pending_attachment.text} {line}"
            pending_attachment = None
            out.append(Block("heading", line, start, end, [attachment], 0, title=line, body_start=end))
            continue
        match = ATTACHMENT.match(line)
        if match and not ATTACHMENT_LIST.match(line) and len(line) < 60:
            label = f"附件{match.group(1) or ''}"
            block = Block("attachment", label, start, end, [label], 0, number=match.group(1) or "")
            out.append(block)
            stack, in_glossary = [], False
            if match.group(2):
                attachment = f"{label} {match.group(2)}"
                block.title = match.group(2)
            else:
                attachment, pending_attachment = label, block
            continue
        if GLOSSARY.match(line):
            in_glossary = True
            stack = []
            out.append(Block("heading", line, start, end, _path(attachment, stack) + [line], 1, title=line))
            continue
        if in_glossary:
            out.append(Block("glossary", line, start, end, _path(attachment, stack), 0, body_start=start))
            continue
        if "\t" in line:
            out.append(Block("table", line, start, end, _path(attachment, stack), 0, body_start=start))
            continue
        block = _numbered(line, start, end)
        if block is None:
            out.append(Block("para", line, start, end, _path(attachment, stack), 0, body_start=start))
            continue
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        label = line[: block.body_start - start].strip() if block.kind == "heading" else (
            f"{block.number} {block.title}".strip()
        )
        stack.append((block.level, label))
        block.path = _path(attachment, stack)
        out.append(block)
    return out


def _lines(text: str):
    at = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield at + lead, at + lead + len(stripped)
        at += len(line) + 1


def _path(attachment: str, stack: list[tuple[int, str]]) -> list[str]:
    return ([attachment] if attachment else []) + [label for _, label in stack]


def _numbered(line: str, start: int, end: int) -> Block | None:
    """A heading or an item when the line opens with numbering, else None."""
    for level, pattern in LEVELS:
        match = pattern.match(line)
        if not match:
            continue
        rest = line[match.end() :]
        if not rest or (level == 3 and not re.match(r"[\u4e00-\u9fff“《（]", rest)):
            return None
        number = line[: match.end()].strip()
        title, body_offset = split_title(rest)
        kind = "heading" if body_offset >= len(rest) else "item"
        return Block(kind, line, start, end, [], level, number, title, start + match.end() + body_offset)
    return None


def split_title(rest: str) -> tuple[str, int]:
    """(title, offset of the body) of an item: its first sentence when that is short."""
    stop = re.search(r"[。！？]", rest)
    if stop and stop.start() <= TITLE_MAX and stop.end() < len(rest):
        return rest[: stop.start()], stop.end()
    if stop and stop.end() == len(rest) and stop.start() <= TITLE_MAX:
        return rest[: stop.start()], len(rest)
    if not stop and len(rest) <= TITLE_MAX and not re.search(r"[，；]", rest):
        return rest, len(rest)
    return "", 0
