"""Ruled tables from a page's drawn lines: horizontal and vertical segments that cross make a grid of cells.

Formats that draw a table's rules but do not say which text is in which cell (OFD) need this to keep a row's
cells together. Coordinates are in any one unit with y growing downwards; segments of a rule drawn in pieces,
or twice (a thin filled rectangle has two long edges), are snapped into one within the tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

Segment = tuple[float, float, float, float]  # x0, y0, x1, y1
TOLERANCE = 1.0  # mm: rules this close are one rule; a rule this short of another still meets it


@dataclass(frozen=True)
class Grid:
    """A table's column edges (left to right) and row edges (top to bottom)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    @property
    def box(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom."""
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding the point, None outside the table."""
        row, column = _slot(self.ys, y), _slot(self.xs, x)
        return None if row is None or column is None else (row, column)

    def rows(self, cells: dict[tuple[int, int], str]) -> list[str]:
        """Each row with text as its cells joined by tabs, without the columns that are empty in every row."""
        return [text for _, text in self.numbered_rows(cells)]

    def numbered_rows(self, cells: dict[tuple[int, int], str]) -> list[tuple[int, str]]:
        """The rows of rows() with the index of each, for placing them where they stand."""
        used = sorted({column for (_, column), text in cells.items() if text})
        filled = sorted({row for (row, _), text in cells.items() if text})
        return [(row, "\t".join(cells.get((row, column), "") for column in used)) for row in filled]


def tables(segments: list[Segment], tolerance: float = TOLERANCE) -> list[Grid]:
    """The grids the segments make, top to bottom: sets of crossing rules with at least two row edges and three
    column edges (a box round a single cell, or an underline, is no table)."""
    horizontal = _merged(_along(segments, tolerance), tolerance)
    vertical = _merged(_along([(y0, x0, y1, x1) for x0, y0, x1, y1 in segments], tolerance), tolerance)
    found = []
    for rows, columns in _connected(horizontal, vertical, tolerance):
        ys, xs = _snapped([y for _, _, y in rows], tolerance), _snapped([x for _, _, x in columns], tolerance)
        ys = _closed(ys, columns, tolerance)
        if len(ys) >= 2 and len(xs) >= 3:
            found.append(Grid(tuple(xs), tuple(ys)))
    return sorted(found, key=lambda grid: grid.box[1])


def _closed(ys: list[float], columns: list[tuple[float, float, float]], tolerance: float) -> list[float]:
    """Row edges and, where a page break cut the table and its last (or first) rule is not drawn, one more
    where the column rules that run on past it end (three at least, as a grid needs)."""
    below = [end for _, end, _ in columns if end > ys[-1] + tolerance]
    above = [start for start, _, _ in columns if start < ys[0] - tolerance]
    first = [min(above)] if len(above) >= 3 else []
    last = [max(below)] if len(below) >= 3 else []
    return first + ys + last


def _along(segments: list[Segment], tolerance: float) -> list[tuple[float, float, float]]:
    """The segments that run along the x axis, as (start, end, y)."""
    return [
        (min(x0, x1), max(x0, x1), (y0 + y1) / 2)
        for x0, y0, x1, y1 in segments
        if abs(y1 - y0) <= tolerance < abs(x1 - x0)
    ]


def _slot(edges: tuple[float, ...], value: float) -> int | None:
    for index in range(len(edges) - 1):
        if edges[index] <= value < edges[index + 1]:
            return index
    return None


def _snapped(values: list[float], tolerance: float) -> list[float]:
    """The values clustered where each lies within the tolerance of the one before; each cluster's mean."""
    return [
        sum(cluster) / len(cluster) for cluster in _clusters(sorted(values), lambda value: value, tolerance)
    ]


def _clusters(items: list, position, tolerance: float) -> list[list]:
    """Items sorted by position, cut wherever one lies farther than the tolerance from the one before."""
    clusters: list[list] = []
    for item in items:
        if clusters and position(item) - position(clusters[-1][-1]) <= tolerance:
            clusters[-1].append(item)
        else:
            clusters.append([item])
    return clusters


def _merged(lines: list[tuple[float, float, float]], tolerance: float) -> list[tuple[float, float, float]]:
    """Segments (start, end, position) on one line, touching or overlapping, joined into one at their mean
    position."""
    out: list[tuple[float, float, float]] = []
    for cluster in _clusters(sorted(lines, key=lambda line: line[2]), lambda line: line[2], tolerance):
        position = sum(line[2] for line in cluster) / len(cluster)
        pieces = sorted((start, end) for start, end, _ in cluster)
        start, end = pieces[0]
        for next_start, next_end in pieces[1:]:
            if next_start > end + tolerance:
                out.append((start, end, position))
                start = next_start
            end = max(end, next_end)
        out.append((start, end, position))
    return out


def _connected(horizontal, vertical, tolerance: float) -> list[tuple[list, list]]:
    """Groups of horizontal and vertical segments joined by crossings (union-find over the crossing pairs)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for h, (left, right, y) in enumerate(horizontal):
        for v, (top, bottom, x) in enumerate(vertical):
            if left - tolerance <= x <= right + tolerance and top - tolerance <= y <= bottom + tolerance:
                parent[root(h)] = root(len(horizontal) + v)
    groups: dict[int, tuple[list, list]] = {}
    for h, line in enumerate(horizontal):
        groups.setdefault(root(h), ([], []))[0].append(line)
    for v, line in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + v), ([], []))[1].append(line)
    return list(groups.values())
