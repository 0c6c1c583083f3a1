"""Documents per second for each file format: N real files of each (rag/testing/format_files.py),
timed through loading alone and through indexing with the real default embedder.

    python bench/indexing/formats.py [--n 20] [--out bench/out/formats.json]

Prints a Markdown table (the one in docs/formats.md) and writes the numbers as JSON. Images and
scanned PDFs need tesseract; without it they are left out, and the table says so.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rag.ingest.documents import load_paths  # noqa: E402
from rag.ingest.loaders import ocr  # noqa: E402
from rag.testing.format_files import WRITERS  # noqa: E402

LABELS = {".pdf": ".pdf (scanned: OCR)", ".png": ".png (OCR)", ".eml": ".eml (+ a .docx attachment)"}


def measure(suffix: str, n: int, root: Path) -> dict[str, float]:
    """Load the N files, then index them into a fresh index: documents/s for each."""
    from rag import Assistant

    folder = root / suffix.lstrip(".")
    folder.mkdir()
    for i in range(n):
        WRITERS[suffix](folder / f"f{i:04d}{suffix}", i)
    t0 = time.perf_counter()
    loaded = load_paths([folder])
    load_s = time.perf_counter() - t0
    assert not loaded.failed, loaded.failed
    t0 = time.perf_counter()
    assistant = Assistant.build([folder], index_dir=root / f"idx-{suffix.lstrip('.')}")
    index_s = time.perf_counter() - t0
    assert not assistant.last_report.failed, assistant.last_report.failed
    return {"files": n, "documents": len(loaded.documents), "load_s": round(load_s, 3),
            "load_docs_per_s": round(len(loaded.documents) / load_s, 1), "index_s": round(index_s, 3),
            "index_docs_per_s": round(len(loaded.documents) / index_s, 1)}


def table(results: dict[str, dict[str, float]], skipped: list[str]) -> str:
    lines = ["| format | files | documents | loading (documents/s) | loading + indexing (documents/s) |",
             "|---|---:|---:|---:|---:|"]
    for suffix, r in results.items():
        lines.append(f"| {LABELS.get(suffix, suffix)} | {r['files']} | {r['documents']} | "
                     f"{r['load_docs_per_s']:,.1f} | {r['index_docs_per_s']:,.1f} |")
    for suffix in skipped:
        lines.append(f"| {LABELS.get(suffix, suffix)} | – | – | skipped: {ocr.unavailable()} | – |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="files of each format (default 20)")
    parser.add_argument("--out", default="bench/out/formats.json")
    args = parser.parse_args(argv)
    from rag import Assistant

    with tempfile.TemporaryDirectory() as tmp:  # the model loads once, outside every clock
        Assistant.build([WRITERS[".csv"](Path(tmp) / "warm.csv")], index_dir=Path(tmp) / "idx").ask("warm up?")
    results, skipped = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in WRITERS:
            if suffix in (".pdf", ".png") and ocr.unavailable():
                skipped.append(suffix)
                continue
            results[suffix] = measure(suffix, args.n, Path(tmp))
            print(f"{suffix}: {results[suffix]}", file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    out.write_text(json.dumps({"n": args.n, "machine": machine, "results": results, "skipped": skipped},
                              indent=2) + "\n", encoding="utf-8")
    print(table(results, skipped))
    print(f"\n{args.n} files a format, one fact each; {machine}; indexing with the default embedder "
          f"(minilm-int8) into a fresh index, model already loaded.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
