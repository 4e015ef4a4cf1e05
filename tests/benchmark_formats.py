"""Lead F1 of the sample documents read from other formats: print each as an office would, ingest, score.

    python tests/benchmark_formats.py txt pdf lo scan ofd --out /tmp/formats [--documents 001 004]

Each sample .txt is stripped of its conversion marks (markdown `#`/`**`, `— N —` lines), then made
into: `pdf`, a text PDF in the official layout by ReportLab (STSong-Light, not embedded; runs of
tab-separated rows as ruled tables); `lo`, a .docx printed to PDF by LibreOffice (needs soffice
and a CJK font); `scan`, the `pdf` printout scanned: each page rasterised at 200 dpi in greyscale,
turned up to 1°, blurred, noised and saved as JPEG 60 in an image-only PDF (tables keep their rules);
`scanlines`, the older scan of A4 pages of 28 characters by 22 lines, table rows drawn at tab stops;
`ofd`, an OFD with one text object per line and tables ruled as converters draw them. `txt` is the
stripped text itself, the baseline. The files are ingested into a fresh store and their tasks scored
against the gold (notes and task table) with ../shared/eval/score_extraction.py, their names mapped
back to the .txt the gold knows.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCORER = ROOT.parent / "shared" / "eval" / "score_extraction.py"
sys.path.insert(0, str(HERE))


def printed_text(text: str) -> str:
    """The document as printed: no markdown marks, no page-number lines of an earlier conversion."""
    text = re.sub(r"\*\*|^#{1,6}\s*", "", text, flags=re.M)
    return re.sub(r"^\s*[—–\-]+\s*\d+\s*[—–\-]+\s*$", "", text, flags=re.M)


def make(fmt: str, text: str) -> bytes:
    from layout import lay_out

    if fmt == "txt":
        return printed_text(text).encode()
    if fmt == "pdf":
        from pdfs import document_pdf

        return document_pdf(printed_text(text))
    if fmt == "lo":
        import tempfile

        from pdfs import libreoffice_pdf

        with tempfile.TemporaryDirectory() as folder:
            return libreoffice_pdf(printed_text(text), folder)
    if fmt == "scan":
        from pdfs import document_pdf
        from scans import scan_of_pdf

        return scan_of_pdf(document_pdf(printed_text(text)))
    pages = lay_out(printed_text(text))
    if fmt == "scanlines":
        from scans import scan_pdf

        return scan_pdf(pages, noisy=True)
    if fmt == "ofd":
        from ofd_maker import ofd_from_text

        return ofd_from_text(printed_text(text))
    raise SystemExit(f"unknown format {fmt}")


def run(fmt: str, out: Path, documents: list[Path]) -> None:
    folder = out / fmt
    folder.mkdir(parents=True, exist_ok=True)
    for source in documents:
        suffix = "pdf" if fmt in ("scan", "scanlines", "lo") else fmt
        (folder / f"{source.stem}.{suffix}").write_bytes(make(fmt, source.read_text()))
    store = f"oxigraph:{folder / 'store'}"
    kg = str(Path(sys.executable).parent / "kg")
    started = time.perf_counter()
    files = sorted(str(p) for p in folder.iterdir() if p.is_file())
    subprocess.run([kg, "ingest", "--store", store, "--embedder", "none", *files], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    rows = subprocess.run([kg, "tasks", "--store", store], check=True, capture_output=True, text=True).stdout
    scored = folder / "tasks.jsonl"
    with scored.open("w") as handle:
        for line in rows.splitlines():
            row = json.loads(line)
            row["source"]["file"] = Path(row["source"]["file"]).stem + ".txt"
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    gold = folder / "gold.jsonl"  # the notes' tasks and the task table's rows of the documents made, as one gold
    names = {f"{source.stem}.txt" for source in documents}
    with gold.open("w") as handle:
        for name in ("tasks.jsonl", "tasks_table.jsonl"):
            for line in (SCORER.parent / "gold" / name).read_text().splitlines():
                if json.loads(line)["file"] in names:
                    handle.write(line + "\n")
    command = [sys.executable, str(SCORER), str(scored), "--gold", str(gold)]
    result = subprocess.run(command, capture_output=True, text=True).stdout
    print(f"{fmt}: ingest {seconds:.0f} s; {result.strip().splitlines()[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("formats", nargs="+", choices=["txt", "pdf", "lo", "scan", "scanlines", "ofd"])
    parser.add_argument("--out", type=Path, default=Path("/tmp/formats"))
    parser.add_argument("--documents", nargs="*", help="sample file stems (default: all five)")
    args = parser.parse_args()
    documents = sorted((ROOT / "ingest" / "sample_corpus").glob("0*.txt"))
    if args.documents:
        documents = [d for d in documents if any(d.stem.startswith(s) for s in args.documents)]
    for fmt in args.formats:
        run(fmt, args.out, documents)


if __name__ == "__main__":
    main()
