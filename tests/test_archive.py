"""Zip archives of a plan and its attachments: files with the names their makers gave, bombs refused."""

import io
import struct
import zipfile
import zlib

import pytest

from ingest.formats import archive
from ingest.formats.archive import members
from ingest.read import ReadError

PLAN = "益阳市城市更新行动实施方案\n一、重点任务\n（一）推进老旧小区改造。（市住房城乡建设局牵头，市财政局配合）\n".encode()
TABLE = "序号\t重点任务\t牵头单位\t责任单位\n1\t加装电梯\t市住房城乡建设局\t各区县（市）人民政府\n".encode()


def zipped(files: dict[str, bytes], folders: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for folder in folders:
            out.writestr(zipfile.ZipInfo(folder), b"")
        for name, data in files.items():
            out.writestr(name, data)
    return buffer.getvalue()


def with_legacy_name(name: str, encoding: str, data: bytes) -> bytes:
    """A zip whose entry name is stored in `encoding` without the UTF-8 flag, as Chinese Windows
    (GBK) or Linux zip (UTF-8) write it: made with an ASCII stand-in, then the name bytes swapped in."""
    stored = name.encode(encoding)
    stand_in = b"N" * len(stored)
    raw = zipped({stand_in.decode(): data})
    assert raw.count(stand_in) == 2  # local header and central directory
    return raw.replace(stand_in, stored)


def test_files_in_folders_flattened_into_names_folders_skipped():
    raw = zipped({"实施方案.txt": PLAN, "附件/附件1 任务分解表.txt": TABLE}, folders=("附件/",))
    assert members(raw) == [("实施方案.txt", PLAN), ("附件/附件1 任务分解表.txt", TABLE)]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_names_stored_without_the_utf8_flag_are_decoded_right(encoding):
    raw = with_legacy_name("附件/附件1：重点任务分解表.txt", encoding, TABLE)
    assert zipfile.ZipFile(io.BytesIO(raw)).infolist()[0].flag_bits & archive.UTF8_FLAG == 0
    assert members(raw) == [("附件/附件1：重点任务分解表.txt", TABLE)]


def test_a_legacy_name_with_an_info_zip_utf8_copy_takes_the_copy():
    stored = "附件1.txt".encode("big5")  # legacy bytes that GB18030 would misread
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        info = zipfile.ZipInfo("N" * len(stored))
        utf8 = "附件1.txt".encode()
        info.extra = struct.pack("<HHBI", archive.UNICODE_PATH_EXTRA, 5 + len(utf8), 1, zlib.crc32(stored)) + utf8
        out.writestr(info, TABLE)
    raw = buffer.getvalue().replace(b"N" * len(stored), stored)
    assert members(raw) == [("附件1.txt", TABLE)]


def test_windows_separators_and_parent_parts_do_not_survive_in_names():
    raw = zipped({"..\\方案\\实施方案.txt": PLAN})
    assert members(raw)[0][0] == "方案/实施方案.txt"


def test_archiver_junk_is_left_out():
    raw = zipped({"实施方案.txt": PLAN, "__MACOSX/._实施方案.txt": b"\x00\x05", "Thumbs.db": b"\x00"})
    assert [name for name, _ in members(raw)] == ["实施方案.txt"]


def test_a_zip_inside_is_read_one_level_deep():
    inner = zipped({"附件2.txt": TABLE})
    assert members(zipped({"实施方案.txt": PLAN, "材料/附件.zip": inner})) == [
        ("实施方案.txt", PLAN),
        ("材料/附件.zip/附件2.txt", TABLE),
    ]


def test_a_zip_nested_two_levels_is_refused():
    innermost = zipped({"附件3.txt": TABLE})
    raw = zipped({"外层.zip": zipped({"内层.zip": innermost})})
    with pytest.raises(ReadError, match="nested too deep"):
        members(raw)


def test_a_zip_bomb_is_refused_before_unpacking():
    raw = zipped({"附件1.txt": b"\x00" * (60 * 1024 * 1024)})
    assert len(raw) < 100_000
    with pytest.raises(ReadError, match="too large unpacked|zip bomb"):
        members(raw)


def test_a_high_ratio_entry_under_the_size_limits_is_refused():
    with pytest.raises(ReadError, match="zip bomb"):
        members(zipped({"附件1.txt": b" " * (5 * 1024 * 1024)}))


def test_too_many_files_refused(monkeypatch):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    with pytest.raises(ReadError, match="too many files"):
        members(zipped({f"附件{i}.txt": TABLE for i in range(4)}))


def test_total_unpacked_size_is_bounded_across_nested_archives(monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", len(PLAN) + len(TABLE))
    inner = zipped({"附件2.txt": TABLE * 2})
    with pytest.raises(ReadError, match="too large unpacked"):
        members(zipped({"实施方案.txt": PLAN, "附件.zip": inner}))


def test_password_protected_entries_refused():
    raw = bytearray(zipped({"实施方案.txt": PLAN}))
    central = raw.index(b"PK\x01\x02")
    raw[central + 8] |= archive.ENCRYPTED_FLAG  # general-purpose flags of the central directory entry
    with pytest.raises(ReadError, match="password-protected"):
        members(bytes(raw))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"PK\x03\x04 cut short", "not a readable .zip"),
        (b"%PDF-1.4 not an archive", "not a readable .zip"),
        (zipped({}, folders=("附件/",)), "holds no files"),
    ],
)
def test_bad_archives_refused_clearly(raw, reason):
    with pytest.raises(ReadError, match=reason):
        members(raw)
