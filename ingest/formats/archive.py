"""Zip archives, as offices publish a plan with its attachments: the files inside, each with its name.

Names are decoded as the archiver meant them: zips made on Chinese Windows store GBK names without
the UTF-8 flag, which Python would read as cp437 mojibake. Zip bombs are refused from the sizes the
archive declares before anything is unpacked, and again from what unpacking gives. A zip inside the
zip is opened too (its files named 内层.zip/附件1.pdf), one level deep only: a zip inside that is
refused, since nesting deeper is how recursive bombs are built, not how attachments are sent.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from ingest.read import MAX_BYTES, PAGED_FACTOR, ReadError

MAX_ENTRIES = 2_000  # files in the archive, nested ones included
MAX_MEMBER_BYTES = MAX_BYTES * PAGED_FACTOR  # one file unpacked: the most read_file accepts on its own (a PDF)
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # everything unpacked
MAX_RATIO = 200  # unpacked / packed; text and office files stay far below, bombs far above
RATIO_FLOOR = 1024 * 1024  # files smaller than this may have any ratio
MAX_DEPTH = 1  # zips inside the zip are opened; zips inside those are refused
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP's UTF-8 copy of a legacy-encoded name


@dataclass
class _Budget:
    """What the archive has used so far, nested archives included."""

    entries: int = 0
    declared: int = 0
    unpacked: int = 0


def unpacked_size(raw: bytes) -> int:
    """What a zip package's members add up to unpacked, read from its directory (nothing is unpacked):
    for formats that are zips (.xlsx, .ofd) to refuse a bomb before their library opens it."""
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        return sum(info.file_size for info in package.infolist())


def members(raw: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file in a .zip, folders flattened into names like 文件夹/附件1.pdf."""
    found = _members(raw, "", 0, _Budget())
    if not found:
        raise ReadError("the archive holds no files")
    return found


def _members(raw: bytes, prefix: str, depth: int, budget: _Budget) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as err:
        raise ReadError(f"{prefix.rstrip('/') or 'file'}: not a readable .zip ({err})") from err
    found = []
    with archive:
        entries = [(prefix + member_name(info), info) for info in archive.infolist() if not info.is_dir()]
        entries = [(name, info) for name, info in entries if not _is_junk(name)]
        for name, info in entries:
            _check_declared(name, info, budget)
        for name, info in entries:
            data = _unpacked(archive, name, info, budget)
            if not name.lower().endswith(".zip"):
                found.append((name, data))
            elif depth < MAX_DEPTH:
                found.extend(_members(data, name + "/", depth + 1, budget))
            else:
                raise ReadError(f"{name}: a zip inside a zip inside the archive is refused (nested too deep)")
    return found


def member_name(info: zipfile.ZipInfo) -> str:
    """The entry's path as its archiver meant it, with / between folders and no . or .. parts."""
    name = info.filename if info.flag_bits & UTF8_FLAG else _legacy_name(info)
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    return "/".join(parts)


def _legacy_name(info: zipfile.ZipInfo) -> str:
    """A name stored without the UTF-8 flag: the Info-ZIP UTF-8 copy if there is one, else UTF-8
    (Linux and macOS archivers), else GBK/GB18030 (Chinese Windows), else cp437 as the spec says."""
    stored = info.filename.encode("cp437")  # zipfile decoded the stored bytes as cp437
    unicode_copy = _unicode_path(info.extra, stored)
    if unicode_copy:
        return unicode_copy
    for encoding in ("utf-8", "gb18030"):
        try:
            return stored.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unicode_path(extra: bytes, stored: bytes) -> str | None:
    """The UTF-8 name in an Info-ZIP Unicode Path field whose checksum matches the stored name."""
    at = 0
    while at + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + size]
        if tag == UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            (checksum,) = struct.unpack_from("<I", body, 1)
            if checksum == zlib.crc32(stored):
                return body[5:].decode("utf-8", errors="replace")
        at += 4 + size
    return None


def _is_junk(name: str) -> bool:
    """Files archivers add that hold nothing of the documents: macOS forks, Windows thumbnails."""
    base = name.rsplit("/", 1)[-1]
    return name.startswith("__MACOSX/") or "/__MACOSX/" in name or base.startswith("._") or base.lower() in JUNK_NAMES


def _check_declared(name: str, info: zipfile.ZipInfo, budget: _Budget) -> None:
    """Refuse a bomb from the sizes the archive declares, before unpacking anything."""
    budget.entries += 1
    if budget.entries > MAX_ENTRIES:
        raise ReadError(f"the archive holds too many files (over {MAX_ENTRIES:,})")
    if info.flag_bits & ENCRYPTED_FLAG:
        raise ReadError(f"{name} is password-protected in the archive")
    if info.file_size > MAX_MEMBER_BYTES:
        raise ReadError(f"{name} is too large unpacked ({info.file_size / 1e6:.0f} MB; the limit is {MAX_MEMBER_BYTES / 1e6:.0f} MB)")
    budget.declared += info.file_size
    if budget.declared > MAX_TOTAL_BYTES:
        raise ReadError(f"the archive is too large unpacked (over {MAX_TOTAL_BYTES / 1e6:.0f} MB in all)")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ReadError(f"{name} unpacks to {info.file_size // max(info.compress_size, 1):,} times its size: a zip bomb")


def _unpacked(archive: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """The entry's bytes, read no further than the limits whatever its header says."""
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error, EOFError, OSError) as err:
        raise ReadError(f"{name}: cannot be unpacked ({err})") from err
    budget.unpacked += len(data)
    if len(data) > MAX_MEMBER_BYTES or budget.unpacked > MAX_TOTAL_BYTES:
        raise ReadError(f"the archive is too large unpacked (the limits are {MAX_MEMBER_BYTES / 1e6:.0f} MB a file, {MAX_TOTAL_BYTES / 1e6:.0f} MB in all)")
    return data
