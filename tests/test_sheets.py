"""Spreadsheet task tables (.xlsx, .xls): every row a task with its bodies, cells as Excel shows them."""

import datetime
import io
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

from ingest.formats import sheets
from ingest.pipeline import ingest_source
from ingest.read import ReadError, read_bytes

TITLE = "益阳市城市更新行动任务分解表"
HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "责任单位", "完成时限"]
ROWS = [
    [1, "推进老旧小区改造", "完成老旧小区改造120个，同步加装电梯50台。", "市住房城乡建设局", "各区县（市）人民政府", "2025年12月"],
    [2, None, "实施城镇燃气管道老化更新改造，年内更新管网80公里。", "市城管执法局", "市财政局、市发展改革委", "2025年12月"],
    [3, None, "开展城市体检，形成问题清单和整治清单。", "市住房城乡建设局", "市自然资源和规划局", "2025年6月"],
    [4, "完善公共服务设施", "建设社区嵌入式服务设施15处。", "市民政局", "市卫生健康委\n市教育局", "2025年底"],
]


def task_table() -> openpyxl.Workbook:
    """A 任务分解表 as offices make them: merged title, a 重点任务 merged down its measures,
    a section row merged across, an empty spacer column, bodies one per line in a cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分解表"
    sheet.append([TITLE])
    sheet.merge_cells("A1:G1")
    sheet.append(HEADER[:3] + [None] + HEADER[3:])  # column D left empty
    sheet.append(["一、城市更新"])
    sheet.merge_cells("A3:G3")
    for row in ROWS:
        sheet.append(row[:3] + [None] + row[3:])
    sheet.merge_cells("B4:B6")
    sheet.append([])
    sheet.append(["注：各责任单位每季度末报送进展。"])
    return book


def xlsx_bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_every_row_is_a_task_with_its_lead_and_responsible_bodies():
    document = ingest_source(read_bytes(xlsx_bytes(task_table()), "任务分解表.xlsx"))
    found = [(t.text, [b.name for b in t.lead], [b.name for b in t.responsible], t.item_title) for t in document.tasks]
    assert found == [
        (ROWS[0][2], ["市住房城乡建设局"], ["各区县（市）人民政府"], "推进老旧小区改造"),
        (ROWS[1][2], ["市城管执法局"], ["市财政局", "市发展改革委"], "推进老旧小区改造"),
        (ROWS[2][2], ["市住房城乡建设局"], ["市自然资源和规划局"], "推进老旧小区改造"),
        (ROWS[3][2], ["市民政局"], ["市卫生健康委", "市教育局"], "完善公共服务设施"),
    ]


def test_title_is_a_line_rows_are_tab_separated_and_empty_rows_and_columns_dropped():
    lines = sheets.read_xlsx(xlsx_bytes(task_table())).split("\n\n")
    assert lines[:3] == [TITLE, "\t".join(HEADER), "一、城市更新\t\t\t\t\t"]
    assert lines[4] == "2\t推进老旧小区改造\t实施城镇燃气管道老化更新改造，年内更新管网80公里。\t市城管执法局\t市财政局、市发展改革委\t2025年12月"
    assert lines[-1] == "注：各责任单位每季度末报送进展。\t\t\t\t\t"
    assert len(lines) == 8


def test_numbers_dates_and_percentages_read_as_shown():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["指标", "2024年", "目标", "增速", "完成时限", "截止日期"])
    sheet.append(["新建改造管网（公里）", 80.0, 120, 0.155, datetime.date(2025, 12, 31), datetime.datetime(2025, 6, 30)])
    sheet["D2"].number_format = "0.0%"
    sheet["E2"].number_format = 'yyyy"年"m"月"'
    assert sheets.read_xlsx(xlsx_bytes(book)).split("\n\n")[1] == "新建改造管网（公里）\t80\t120\t15.5%\t2025年12月\t2025年6月30日"


def test_several_sheets_each_under_its_name_hidden_sheets_left_out():
    book = task_table()
    book.create_sheet("进度安排").append(["第一阶段", "2025年3月底前", "动员部署"])
    hidden = book.create_sheet("下拉选项")
    hidden.append(["市财政局"])
    hidden.sheet_state = "hidden"
    lines = sheets.read_xlsx(xlsx_bytes(book)).split("\n\n")
    assert lines[0] == "任务分解表" and lines[1] == TITLE
    assert lines[-2:] == ["进度安排", "第一阶段\t2025年3月底前\t动员部署"]
    assert "下拉选项" not in lines


def test_unpacked_size_over_the_limit_refused_before_opening(monkeypatch):
    raw = xlsx_bytes(task_table())
    monkeypatch.setattr(sheets, "MAX_UNZIPPED", 5_000)
    with pytest.raises(ReadError, match="too large unpacked"):
        read_bytes(raw, "plan.xlsx")


def test_a_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (sheets.MAX_UNZIPPED + 1))
    with pytest.raises(ReadError, match="too large unpacked"):
        read_bytes(buffer.getvalue(), "plan.xlsx")


def test_too_many_cells_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_CELLS", 20)
    with pytest.raises(ReadError, match="too large"):
        read_bytes(xlsx_bytes(task_table()), "plan.xlsx")


@pytest.mark.parametrize(
    ("raw", "name", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "plan.xlsx", "not a readable .xlsx"),
        (b"%PDF-1.4 not a workbook", "plan.xls", "not a readable .xls"),
        (sheets.OLE_MAGIC + b"\x00" * 500 + sheets.ENCRYPTED_PACKAGE + b"\x00" * 500, "plan.xlsx", "password"),
    ],
)
def test_bad_and_protected_files_refused_clearly(raw, name, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(raw, name)


@pytest.fixture(scope="module")
def soffice_made(tmp_path_factory):
    """The task table with a formula, saved by LibreOffice as .xls and as .xlsx (cached values stored)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    folder = tmp_path_factory.mktemp("sheets")
    book = task_table()
    book.active["A9"] = "合计"
    book.active["B9"] = "=SUM(A4:A7)"
    (folder / "table.xlsx").write_bytes(xlsx_bytes(book))
    made = {}
    for suffix in ("xls", "xlsx"):
        out = folder / suffix
        subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--convert-to", suffix, "--outdir", str(out), str(folder / "table.xlsx")],
            check=True, capture_output=True, timeout=120,
        )
        made[suffix] = (out / f"table.{suffix}").read_bytes()
    return made


def test_xls_reads_the_same_as_xlsx(soffice_made):
    assert sheets.read_xls(soffice_made["xls"]) == sheets.read_xlsx(soffice_made["xlsx"])
    assert "\t市财政局、市发展改革委\t2025年12月" in sheets.read_xls(soffice_made["xls"])


def test_formulas_give_their_cached_values(soffice_made):
    for suffix, raw in soffice_made.items():
        assert "合计\t10\t" in read_bytes(raw, f"table.{suffix}").text, suffix


def test_a_workbook_under_the_other_excel_suffix_is_still_read(soffice_made):
    assert read_bytes(soffice_made["xls"], "table.xlsx").text == read_bytes(soffice_made["xlsx"], "table.xls").text
