"""Tasks: one per responsibility note, with the text that note governs.

The text of a note runs from the end of the previous note in the same paragraph (or the
start of the item's body, after its title) to the note itself. A note on a heading
covers the whole section it opens, and its text is the heading's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.notes import LABELLED, Note, find_notes, read_note
from ingest.structure import Block

STRIP = "。，；：、,; \t"


@dataclass
class RawTask:
    """A task before its bodies are resolved; offsets are in the clean text."""

    text: str
    start: int
    end: int
    note: Note
    note_start: int
    note_end: int
    scope: str
    block: Block
    parent: int | None = None


def find_tasks(blocks: list[Block], text: str) -> list[RawTask]:
    """Every task in document order; section tasks are parents of the tasks under them."""
    tasks: list[RawTask] = []
    open_sections: list[tuple[int, int]] = []  # (level, index in tasks)
    unnoted_item: Block | None = None  # an item whose note may come in a later paragraph
    for block in blocks:
        if block.kind not in ("heading", "item", "para"):
            unnoted_item = None
            continue
        if block.level:
            open_sections = [(lvl, i) for lvl, i in open_sections if lvl < block.level]
        parent = open_sections[-1][1] if open_sections else None
        if block.kind == "para" and LABELLED.match(block.text):
            tasks.extend(_labelled_paragraph_task(block, blocks, parent))
            continue
        found = _block_tasks(block, text, parent)
        if found and block.kind == "para" and unnoted_item is not None:
            _extend_back(found[0], unnoted_item, text)
        if block.kind == "heading" and found:
            open_sections.append((block.level, len(tasks)))
        if block.kind == "item":
            unnoted_item = None if found else block
        elif found or block.kind == "heading":
            unnoted_item = None
        tasks.extend(found)
    return tasks


def _labelled_paragraph_task(block: Block, blocks: list[Block], parent: int | None) -> list[RawTask]:
    """主办单位：… on its own line governs the paragraphs between the last heading and it."""
    roles = read_note(block.text)
    if not roles:
        return []
    governed = []
    for previous in reversed(blocks[: blocks.index(block)]):
        if previous.kind != "para" or LABELLED.match(previous.text):
            if previous.kind in ("heading", "item") and not governed:
                governed.append(previous)
            break
        governed.insert(0, previous)
    if not governed:
        return []
    note = Note(0, len(block.text), block.text, roles)
    body = "\n".join(b.text for b in governed)
    return [
        RawTask(body, governed[0].start, governed[-1].end, note, block.start, block.end, "item", governed[-1], parent)
    ]


def _extend_back(task: RawTask, item: Block, text: str) -> None:
    """A note in a paragraph after a note-less item governs that item's body too."""
    body = text[item.body_start : item.end].strip(STRIP)
    if body:
        task.text = f"{body}\n{task.text}"
        task.start = item.body_start


def _block_tasks(block: Block, text: str, parent: int | None) -> list[RawTask]:
    line = text[block.start : block.end]
    notes = find_notes(line)
    if not notes:
        return []
    if block.kind == "heading" or _is_heading_note(block, notes):
        note = notes[0]
        title = _without(line[: note.start], block).strip(STRIP) or block.title
        start = block.start + line.find(title) if title in line else block.start
        return [_task(title, start, note, block, "section", parent)]
    body = block.body_start - block.start
    scope = "item" if len(notes) == 1 else "partial"
    tasks, at = [], body
    for note in notes:
        if note.start < body:  # a note inside the title covers the whole item
            segment_start, segment_end = body, len(line)
        else:
            segment_start, segment_end = at, note.start
        segment = line[segment_start:segment_end]
        stripped = segment.strip(STRIP)
        if not stripped:
            stripped = block.title
            offset = block.start + line.find(stripped) if stripped and stripped in line else block.start
        else:
            offset = block.start + segment_start + segment.find(stripped)
        tasks.append(_task(stripped, offset, note, block, scope, parent))
        at = max(at, note.end)
    return tasks


def _is_heading_note(block: Block, notes: list[Note]) -> bool:
    """An item whose only note closes its title and has no body after it is a section note."""
    return block.kind == "item" and block.level <= 2 and len(notes) == 1 and not block.title


def _without(text: str, block: Block) -> str:
    return text[len(block.number) :] if block.number and text.startswith(block.number) else text


def _task(text: str, start: int, note: Note, block: Block, scope: str, parent: int | None) -> RawTask:
    text = re.sub(r"\s+", " ", text)
    return RawTask(
        text,
        start,
        start + len(text),
        note,
        block.start + note.start,
        block.start + note.end,
        scope,
        block,
        parent if scope != "section" else None,
    )
