"""Tasks: one per responsibility note, with the text that note governs.

The text of a note runs from the end of the previous note in the same paragraph (or the
start of the item's body, after its title) to the note itself. A note on a heading
covers the whole section it opens, and its text is the heading's title.

Labelled fields (牵头单位：…；配合单位：… / 主办单位：…) on lines of their own, or closing
an item, are the note of the item they follow: its body and the paragraphs after it are
the task's text, its heading the task's item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.extract.notes import Note, find_notes, read_labels, starts_with_label
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
    title: str = ""  # the item a table row names (重点任务 column), when its block has no heading of its own


def find_tasks(blocks: list[Block], text: str) -> list[RawTask]:
    """Every task in document order; section tasks are parents of the tasks under them."""
    tasks: list[RawTask] = []
    open_sections: list[tuple[int, int]] = []  # (level, index in tasks)
    unnoted_item: Block | None = None  # an item whose note may come in a later paragraph
    skip_to = 0  # past the labelled lines already read with the one before them
    for at, block in enumerate(blocks):
        if at < skip_to:
            continue
        if block.kind not in ("heading", "item", "para"):
            unnoted_item = None
            continue
        if block.level:
            open_sections = [(lvl, i) for lvl, i in open_sections if lvl < block.level]
        parent = open_sections[-1][1] if open_sections else None
        clause = _label_clause(block)
        if clause is not None:
            skip_to = _label_run_end(blocks, at)
            task = _labelled_task(blocks, at, skip_to, clause, text, parent)
            if task is not None and task.scope == "section":
                open_sections.append((task.block.level, len(tasks)))
            tasks.extend([task] if task else [])
            unnoted_item = None
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


def _is_label_line(block: Block) -> bool:
    return block.kind == "para" and starts_with_label(block.text)


def _label_clause(block: Block) -> int | None:
    """Where labelled fields begin in an item or paragraph that ends in them, else None.

    A line of fields naming only people (牵头领导：…) still opens a run, so that it is
    never read as an item's text; an item with bracket notes as well keeps them as notes.
    """
    if _is_label_line(block):
        return 0
    if block.kind == "heading":
        return None
    notes = find_notes(block.text)
    if len(notes) == 1 and starts_with_label(notes[0].text) and notes[0].end == len(block.text):
        return notes[0].start if block.text[notes[0].start] != "（" else None
    return None


def _label_run_end(blocks: list[Block], at: int) -> int:
    """Index past the labelled lines that follow blocks[at] (牵头单位 / 配合单位 / 责任单位 lines)."""
    end = at + 1
    while end < len(blocks) and _is_label_line(blocks[end]):
        end += 1
    return end


def _labelled_task(blocks: list[Block], at: int, end: int, clause: int, text: str, parent: int | None) -> RawTask | None:
    """The task of a run of labelled fields, for the item they close; None when they name no body."""
    note, note_start, note_end = _run_note(blocks, at, end, clause, text)
    if not note.roles:
        return None
    item, spans = _governed(blocks, at, clause)
    pieces = [piece for span in spans if (piece := _stripped(text, *span))]
    if not pieces:
        return _title_task(item, note, (note_start, note_end), _opens_section(blocks, end, item), parent)
    block = _as_item(item) if item is not None else blocks[at] if clause else blocks[at - 1]
    body = "\n".join(piece for _, piece in pieces)
    start, stop = pieces[0][0], pieces[-1][0] + len(pieces[-1][1])
    return RawTask(body, start, stop, note, note_start, note_end, "item", block, parent)


def _title_task(
    item: Block | None, note: Note, note_span: tuple[int, int], section: bool, parent: int | None
) -> RawTask | None:
    """Fields right after a heading: a note on its section, or on the item its title alone states."""
    if item is None or not item.title:
        return None
    start = item.start + item.text.find(item.title)
    block, scope = (item, "section") if section else (_as_item(item), "item")
    owner = None if section else parent
    return RawTask(item.title, start, start + len(item.title), note, *note_span, scope, block, owner)


def _run_note(blocks: list[Block], at: int, end: int, clause: int, text: str) -> tuple[Note, int, int]:
    """(the note of every field of the run, its start, its end); the first line's fields begin at clause."""
    note_start, note_end = blocks[at].start + clause, blocks[end - 1].end
    lines = [text[note_start : blocks[at].end]] + [b.text for b in blocks[at + 1 : end]]
    return Note(0, note_end - note_start, text[note_start:note_end], _merged_roles(lines)), note_start, note_end


def _merged_roles(lines: list[str]) -> dict[str, list[str]]:
    """Bodies by role of every line of fields, each body once."""
    roles: dict[str, list[str]] = {}
    for line in lines:
        for role, names in (read_labels(line) or {}).items():
            known = roles.setdefault(role, [])
            known.extend(name for name in names if name not in known)
    return roles


def _governed(blocks: list[Block], at: int, clause: int) -> tuple[Block | None, list[tuple[int, int]]]:
    """(the item labelled fields close, spans of its text): the item's body, the paragraphs after it,
    and the text of the line before its fields.

    The item is the nearest numbered heading or item without notes of its own before, across
    paragraphs without notes; a run of fields, a noted item or an attachment's title before
    those paragraphs leaves them without an item; after a table, a glossary or at the
    document's start only the fields' own line counts.
    """
    first = blocks[at]
    own_start = first.body_start if first.kind == "item" else first.start
    own = [(own_start, first.start + clause)] if clause else []
    if first.kind == "item":
        return first, own
    paras: list[tuple[int, int]] = []
    for previous in reversed(blocks[:at]):
        noted = _is_label_line(previous) or bool(find_notes(previous.text))
        if previous.kind == "para" and not noted:
            paras.insert(0, (previous.start, previous.end))
        elif previous.kind in ("heading", "item") and previous.level and not noted:
            return previous, _item_body(previous) + paras + own
        elif previous.kind in ("para", "heading", "item"):
            return None, paras + own
        else:
            return None, own
    return None, own


def _item_body(item: Block) -> list[tuple[int, int]]:
    return [(item.body_start, item.end)] if item.kind == "item" else []


def _stripped(text: str, start: int, end: int) -> tuple[int, str] | None:
    piece = text[start:end]
    stripped = piece.strip(STRIP)
    return (start + piece.find(stripped), stripped) if stripped else None


def _as_item(block: Block) -> Block:
    """A heading whose text and fields follow it is the item they belong to."""
    return replace(block, kind="item")


def _opens_section(blocks: list[Block], end: int, item: Block | None) -> bool:
    """Fields right under a heading are a section note when numbered items deeper down follow."""
    following = blocks[end] if end < len(blocks) else None
    if following is None or item is None:
        return False
    return following.kind in ("heading", "item") and following.level > item.level


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
