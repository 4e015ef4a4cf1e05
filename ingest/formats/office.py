"""Word 97 .doc and Kingsoft WPS .wps: converted to .docx by LibreOffice, then read as a .docx.

LibreOffice runs headless in its own throw-away profile, so conversions can run side by side and
never touch a user's profile; it gets a time limit and its whole process group is ended on timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ingest.read import ReadError, read_docx

TIMEOUT_S = 120
INSTALL_HINT = "install LibreOffice (apt-get install libreoffice-writer-nogui)"
ZIP_MAGIC = b"PK\x03\x04"
# LibreOffice imports anything it cannot place as plain text, garbage included, so the import
# filter is chosen here from what the bytes are, and anything else is refused.
INPUT_FILTERS = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Word 97"),  # Word 97–2003 and WPS Writer
    (b"{\\rtf", "Rich Text Format"),  # RTF saved as .doc
)


def read_doc(raw: bytes) -> str:
    """Paragraphs and table rows of a .doc / .wps, as read_docx gives them."""
    if raw.startswith(ZIP_MAGIC):
        return read_docx(raw)  # a .docx saved under a .doc name
    return read_docx(to_docx(raw))


def input_filter(raw: bytes) -> str:
    """LibreOffice's import filter for these bytes, or ReadError when they are no Word document."""
    head = raw.lstrip()[:8]
    for magic, name in INPUT_FILTERS:
        if head.startswith(magic):
            return name
    if head.lower().startswith((b"<html", b"<!doctype", b"<?xml", b"\xef\xbb\xbf<")):
        return "HTML (StarWriter)"  # a web page saved as .doc, as some sites serve them
    raise ReadError("not a Word document (.doc / .wps): the file starts with neither a Word, RTF nor HTML header")


def to_docx(raw: bytes, timeout_s: float = TIMEOUT_S) -> bytes:
    """The .docx LibreOffice makes of a word-processor file, or ReadError saying why there is none."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(f"reading .doc and .wps needs LibreOffice: {INSTALL_HINT}")
    in_filter = input_filter(raw)
    with tempfile.TemporaryDirectory(prefix="kg-office-") as work:
        work_dir = Path(work)
        # Kingsoft's .wps is Word 97 binary inside; named .doc, LibreOffice takes it for what it is
        source = work_dir / "input.doc"
        source.write_bytes(raw)
        command = [
            soffice,
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
            f"--infilter={in_filter}",
            "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(work_dir / "out"),
            str(source),
        ]
        _run(command, timeout_s)
        converted = work_dir / "out" / "input.docx"
        if not converted.is_file():
            raise ReadError("LibreOffice could not convert the file: damaged, password-protected or not a Word document")
        return converted.read_bytes()


def _run(command: list[str], timeout_s: float) -> None:
    """Run LibreOffice; on timeout end its whole process group (soffice starts soffice.bin)."""
    env = {**os.environ, "HOME": str(Path(command[-1]).parent)}  # nothing written to the user's home
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True
    )
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired as err:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ReadError(f"LibreOffice took longer than {timeout_s:.0f} s to convert the file") from err
