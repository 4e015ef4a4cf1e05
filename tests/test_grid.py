"""Ruled tables from drawn segments: rules that cross make a grid, however a producer draws them."""

from ingest.formats.grid import Grid, tables

XS, YS = (20.0, 40.0, 100.0, 150.0), (30.0, 40.0, 60.0, 75.0)


def full_rules(xs=XS, ys=YS) -> list[tuple[float, float, float, float]]:
    """Each rule one segment across or down the whole table."""
    return [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]


def cell_boxes(xs=XS, ys=YS, slip=0.3) -> list[tuple[float, float, float, float]]:
    """A rectangle round each cell, its right and bottom edges a little off the next cell's left and top edges,
    as converters draw a grid of rectangles: every inner rule is drawn twice, in pieces."""
    segments = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        for left, right in zip(xs, xs[1:], strict=False):
            r, b = right + slip, bottom + slip
            segments += [(left, top, r, top), (r, top, r, b), (r, b, left, b), (left, b, left, top)]
    return segments


def test_full_rules_make_one_grid():
    (grid,) = tables(full_rules())
    assert grid.xs == XS and grid.ys == YS
    assert grid.box == (20.0, 30.0, 150.0, 75.0)


def test_cell_rectangles_snap_to_the_same_grid():
    (grid,) = tables(cell_boxes())
    assert len(grid.xs) == len(XS) and all(abs(a - b) <= 0.31 for a, b in zip(grid.xs, XS, strict=True))
    assert len(grid.ys) == len(YS) and all(abs(a - b) <= 0.31 for a, b in zip(grid.ys, YS, strict=True))


def test_a_rule_drawn_in_pieces_is_one_rule():
    pieces = [(20.0, 75.0, 90.0, 75.0), (90.2, 75.1, 150.0, 75.1)]
    rules = [rule for rule in full_rules() if rule != (20.0, 75.0, 150.0, 75.0)] + pieces
    (grid,) = tables(rules)
    assert len(grid.ys) == 4 and abs(grid.ys[-1] - 75.05) < 1e-9


def test_underlines_and_a_single_box_are_no_table():
    underline = [(28.0, 60.0, 182.0, 60.0)]
    box = full_rules(xs=(30.0, 180.0), ys=(100.0, 130.0))
    assert tables(underline + box) == []


def test_two_tables_apart_are_two_grids_top_first():
    lower = full_rules(ys=(200.0, 210.0, 220.0))
    found = tables(lower + full_rules())
    assert [grid.ys[0] for grid in found] == [30.0, 200.0]


def test_cells_and_rows():
    grid = Grid(XS, YS)
    assert grid.cell_at(30.0, 35.0) == (0, 0)
    assert grid.cell_at(120.0, 70.0) == (2, 2)
    assert grid.cell_at(10.0, 35.0) is None and grid.cell_at(30.0, 80.0) is None
    cells = {(0, 1): "工作任务", (0, 2): "牵头单位", (1, 1): "加装电梯", (1, 2): "市住房城乡建设局", (2, 2): "市城管局"}
    assert grid.rows(cells) == ["工作任务\t牵头单位", "加装电梯\t市住房城乡建设局", "\t市城管局"]
