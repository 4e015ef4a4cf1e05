"""Task tables: rows of a 任务分工表 / 重点工作任务清单 become tasks with their bodies.

Two layouts arrive: tab-separated rows (a converted .docx or PDF table) and one cell per
line (a web table flattened). The header names the columns; the measure column holds the
text (several "(n)" measures in one cell are one task each), the 牵头单位 / 配合单位 /
责任单位 columns the bodies. "/" or an empty cell means none.
"""

from __future__ import annotations

import re

from ingest.extract.notes import Note, split_bodies
from ingest.extract.tasks import RawTask
from ingest.structure import Block

TEXT_COLUMNS = ("具体工作措施", "具体措施", "主要内容", "工作措施", "主要任务", "工作内容", "任务内容")
ITEM_COLUMNS = ("工作任务", "工作事项", "重点任务", "任务名称", "事项")
ROLE_COLUMNS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主办单位": "lead",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "协办单位": "cooperating",
    "参与单位": "cooperating",
    "责任单位": "responsible",
    "责任部门": "responsible",
}
OTHER_COLUMNS = ("序号", "完成时限", "时间安排", "完成时间", "时限要求", "备注", "处室", "评价标准")
DEADLINE = re.compile(r"(?:\d{4}\s*年|\d{1,2}\s*月|长期|持续|年底|年内)")
MEASURE = re.compile(r"[(（]\d{1,3}[)）]\s*")
NONE_CELL = {"", "/", "／", "-", "—", "无"}


def find_table_tasks(blocks: list[Block], text: str) -> list[RawTask]:
    """Tasks from every task table in the document, either layout."""
    return _tab_tables(blocks) + _vertical_tables(blocks)


def _header(cells: list[str]) -> list[str] | None:
    """Column names when these cells are a task-table header naming a role column."""
    names = [re.sub(r"\s+", "", c) for c in cells]
    if any(n in ROLE_COLUMNS for n in names) and all(_is_header_name(n) for n in names if n):
        return names
    return None


def _is_header_name(name: str) -> bool:
    known = (*TEXT_COLUMNS, *ITEM_COLUMNS, *ROLE_COLUMNS, *OTHER_COLUMNS)
    return name in known or name.endswith(("处室", "单位", "部门", "时限"))


def _tab_tables(blocks: list[Block]) -> list[RawTask]:
    tasks: list[RawTask] = []
    header: list[str] | None = None
    for i, block in enumerate(blocks):
        if block.kind != "table":
            header = header if _section_row(blocks, i) else None
            continue
        cells = block.text.split("\t")
        header = _header(cells) or header
        if header is None or _header(cells) or len(cells) > len(header):
            continue
        starts = _cell_starts(block, cells)
        columns = _aligned_columns(header, cells)
        tasks.extend(_row_tasks(block, dict(zip(columns, zip(cells, starts, strict=True), strict=True))))
    return tasks


def _section_row(blocks: list[Block], i: int) -> bool:
    """A numbered heading between two rows of a table: a row merged across it (一、城市更新) that
    names a section of the table, not its end."""
    return blocks[i].kind == "heading" and 0 < i < len(blocks) - 1 and blocks[i - 1].kind == blocks[i + 1].kind == "table"


def _aligned_columns(header: list[str], cells: list[str]) -> list[str]:
    """The columns a short row fills: the last ones when its leading cells were merged away
    (the row ends in the deadline column), else the first ones."""
    missing = len(header) - len(cells)
    if missing and DEADLINE.search(cells[-1]) and header[-1] in OTHER_COLUMNS:
        return header[missing:]
    return header[: len(cells)]


def _cell_starts(block: Block, cells: list[str]) -> list[int]:
    starts, at = [], block.start
    for cell in cells:
        starts.append(at)
        at += len(cell) + 1
    return starts


def _vertical_tables(blocks: list[Block]) -> list[RawTask]:
    """One cell per line: a run of header-name lines, then rows keyed on their long text cell."""
    tasks: list[RawTask] = []
    i = 0
    while i < len(blocks):
        run = _header_run(blocks, i)
        if not run:
            i += 1
            continue
        columns = [re.sub(r"\s+", "", b.text) for b in blocks[i : i + run]]
        text_at = next((k for k, c in enumerate(columns) if c in TEXT_COLUMNS), None)
        i += run
        if text_at is None:
            continue
        after = columns[text_at + 1 :]
        while i < len(blocks) and not _header_run(blocks, i) and blocks[i].kind not in ("attachment", "heading"):
            block = blocks[i]
            if _is_text_cell(block.text):
                row = blocks[i + 1 : i + 1 + len(after)]
                cells = {columns[text_at]: (block.text, block.start)}
                for name, cell in zip(after, row, strict=False):
                    # a long text, a row number or a sentence (the next row's item: its number may be gone
                    # with the page numbers) ends the row
                    if _is_text_cell(cell.text) or re.fullmatch(r"\d{1,3}", cell.text) or cell.text.rstrip().endswith("。"):
                        break
                    cells[name] = (cell.text, cell.start)
                tasks.extend(_row_tasks(block, cells))
            i += 1
    return tasks


def _header_run(blocks: list[Block], i: int) -> int:
    """Length of a run of one-cell-per-line header names starting at i (0 when none)."""
    run = 0
    while i + run < len(blocks) and blocks[i + run].kind == "para" and _is_header_name(
        re.sub(r"\s+", "", blocks[i + run].text)
    ):
        run += 1
    names = [re.sub(r"\s+", "", b.text) for b in blocks[i : i + run]]
    return run if run >= 3 and any(n in ROLE_COLUMNS for n in names) else 0


def _is_text_cell(text: str) -> bool:
    return len(text) > 20 and bool(re.search(r"[，。；]", text))


def _row_tasks(block: Block, cells: dict[str, tuple[str, int]]) -> list[RawTask]:
    """One task per measure in the row's text cell, all sharing the row's bodies."""
    roles: dict[str, list[str]] = {}
    note_parts, note_start, note_end = [], None, None
    for name, (cell, start) in cells.items():
        role = ROLE_COLUMNS.get(name)
        if role is None or re.sub(r"\s+", "", cell) in NONE_CELL:
            continue
        names = split_bodies(re.sub(r"[，,；]", "、", cell))
        if names:
            roles.setdefault(role, []).extend(names)
            note_parts.append(f"{name}：{cell}")
            note_start = start if note_start is None else min(note_start, start)
            note_end = max(note_end or 0, start + len(cell))
    # the measures column; a table without one has its task in the item column (工作任务)
    columns = TEXT_COLUMNS if any(c in cells for c in TEXT_COLUMNS) else ITEM_COLUMNS
    text_cell = next((cells[c] for c in columns if c in cells), None)
    if not roles or text_cell is None:
        return []
    note = Note(0, 0, "；".join(note_parts), roles)
    item = next((cells[c][0] for c in ITEM_COLUMNS if c in cells and cells[c] is not text_cell), "")
    title = re.sub(r"^\s*\d{1,3}\s*[.．、]\s*|[。；\s]+$", "", item)
    return [
        RawTask(measure, start, start + len(measure), note, note_start, note_end, "table", block, title=title)
        for measure, start in _measures(*text_cell)
    ]


def _measures(cell: str, start: int) -> list[tuple[str, int]]:
    """The (n)-numbered measures of a cell, or the whole cell when it has none."""
    cell_clean = re.sub(r"</?p>", "", cell)
    marks = list(MEASURE.finditer(cell))
    if not marks:
        return [(cell_clean.strip(), start)] if cell_clean.strip() else []
    out = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(cell)
        measure = cell[mark.end() : end].strip()
        if measure:
            out.append((measure, start + mark.end()))
    return out
