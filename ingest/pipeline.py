"""File to Document record: the only entry point kg/ and the CLI call."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from bisect import bisect_right
from functools import cache
from itertools import accumulate
from pathlib import Path

from ingest.clean import Clean, clean
from ingest.extract.groups import find_groups
from ingest.extract.metadata import find_metadata
from ingest.extract.tables import find_table_tasks
from ingest.extract.targets import find_targets
from ingest.extract.tasks import RawTask, find_tasks
from ingest.extract.terms import find_terms
from ingest.read import MAX_BYTES, Source, check_text, read_file
from ingest.records import ROLES, Body, Document, Metadata, Section, Span, Task
from ingest.resolve import Jurisdiction, merge_variants, resolve
from ingest.structure import blocks as find_blocks


def ingest_file(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read, clean, parse and extract one file; raises ReadError for unreadable input, or for a file
    or text over max_bytes."""
    return ingest_source(check_text(read_file(path, max_bytes), max_bytes))


def ingest_source(source: Source) -> Document:
    """Everything found in one read file, spans pointing into its original text."""
    text = source.text
    cleaned = clean(text)
    blocks = find_blocks(cleaned.text)
    metadata = find_metadata(blocks, cleaned.text)
    where = Jurisdiction(metadata.region, metadata.level, metadata.province, metadata.parent_region)
    raw_tasks = find_tasks(blocks, cleaned.text) + find_table_tasks(blocks, cleaned.text)
    tasks = [_task(i, raw, where) for i, raw in enumerate(raw_tasks)]
    targets = find_targets(blocks, cleaned.text, _document_year(metadata))
    _default_year(targets, metadata)
    _attach_targets(tasks, targets)
    groups, people = find_groups(blocks, cleaned.text)
    for group in groups:
        for body in [group.office, *group.members]:
            if body is not None:
                _resolve_in_place(body, where)
    merge_variants(_all_bodies(tasks, groups))
    document = Document(
        key=document_key(metadata),
        source_file=Path(source.path).name,
        sha256=hashlib.sha256(source.raw).hexdigest(),
        text=text,
        metadata=metadata,
        sections=[_section(b) for b in blocks if b.kind in ("heading", "attachment") or b.title],
        tasks=tasks,
        targets=targets,
        terms=find_terms(blocks, cleaned.text),
        groups=groups,
        people=people,
        pages=source.pages,
    )
    _to_source_spans(document, cleaned)
    return document


def document_key(metadata: Metadata) -> str:
    """A document's own identity: its 文号, else title + issuer + date (never the file name)."""
    if metadata.doc_number:
        return metadata.doc_number
    issuer = metadata.issuers[0] if metadata.issuers else metadata.region
    return "|".join(part for part in (metadata.title, issuer, metadata.date_signed) if part)


def _task(number: int, raw: RawTask, where: Jurisdiction) -> Task:
    task = Task(
        number=number,
        text=raw.text,
        span=Span(raw.start, raw.end),
        section_path=list(raw.block.path[:-1] if raw.block.kind == "item" else raw.block.path),
        annotation=raw.note.text,
        annotation_span=Span(raw.note_start, raw.note_end),
        scope=raw.scope,
        item_no=raw.block.number,
        item_title=raw.title or raw.block.title,
        parent=raw.parent,
    )
    for role in ROLES:
        setattr(task, role, [resolve(name, where) for name in raw.note.roles.get(role, [])])
    return task


def _attach_targets(tasks: list[Task], targets: list) -> None:
    """A target belongs to the first task whose governed text contains it. Looked for among the tasks
    starting before it, latest first, until no earlier one reaches its end: not every task per target."""
    order = sorted(range(len(tasks)), key=lambda i: tasks[i].span.start)
    starts = [tasks[i].span.start for i in order]
    reach = list(accumulate((tasks[i].span.end for i in order), max))  # furthest end of any task up to here
    for target in targets:
        at, owner = bisect_right(starts, target.span.start) - 1, None
        while at >= 0 and reach[at] >= target.span.end:
            if tasks[order[at]].span.end >= target.span.end and (owner is None or order[at] < owner):
                owner = order[at]
            at -= 1
        if owner is not None:
            tasks[owner].targets.append(target)


def _document_year(metadata: Metadata) -> int | None:
    """The document's own year, from its date or else its title: a report's 今年."""
    found = re.search(r"((?:19|20)\d{2})", metadata.date_signed or metadata.date_printed or metadata.title)
    return int(found.group(1)) if found else None


def _default_year(targets: list, metadata: Metadata) -> None:
    """A target that names no year is for the document's own year (a plan's, a report's 今年)."""
    year = _document_year(metadata)
    if year:
        for target in targets:
            if target.year is None:
                target.year = year


def _resolve_in_place(body: Body, where: Jurisdiction) -> None:
    resolved = resolve(body.name, where)
    body.label, body.key, body.jurisdiction, body.generic = (
        resolved.label,
        resolved.key,
        resolved.jurisdiction,
        resolved.generic,
    )


def _all_bodies(tasks: list[Task], groups: list) -> list[Body]:
    bodies = [b for t in tasks for role in ROLES for b in getattr(t, role)]
    for group in groups:
        bodies.extend(b for b in [group.office, *group.members] if b is not None)
    return bodies


def _section(block) -> Section:
    return Section(block.number, block.title or block.text, block.level, Span(block.start, block.end), block.path)


def _to_source_spans(document: Document, cleaned: Clean) -> None:
    """Map every Span in the record tree from clean-text offsets to original offsets, once (a record
    reached twice, as a target listed by the document and by its task, is mapped once). A loop over
    a stack, field names cached per class: this walks every record of the document."""
    seen, todo = set(), [document]
    while todo:
        record = todo.pop()
        if id(record) in seen:
            continue
        seen.add(id(record))
        if isinstance(record, list):
            todo.extend(item for item in record if isinstance(item, list) or dataclasses.is_dataclass(item))
            continue
        for name in _field_names(type(record)):
            value = getattr(record, name)
            if isinstance(value, Span):
                setattr(record, name, cleaned.span(value.start, value.end))
            elif isinstance(value, list) or dataclasses.is_dataclass(value):
                todo.append(value)


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))
