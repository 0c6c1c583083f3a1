"""The office, e-book, mail and image formats, with real files made by the real libraries
(rag.testing.format_files): each loader conforms, every fact sits at an exact offset under the
location a person would look at, a corrupt file is one `skipped:` line, OCR without tesseract is
one line saying how to install it, and (slow) every fact is answered with a citation into the
right file, attachment and location."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag import registry
from rag.ingest import loaders
from rag.ingest.documents import load_paths
from rag.ingest.loaders import ocr
from rag.testing.format_files import FACTS, WRITERS, write_folder
from rag.testing.loaders import check_loader
from rag.types import location_at

ROOT = Path(__file__).resolve().parent.parent
NEW = ("docx", "pptx", "xlsx", "csv", "epub", "eml", "image")
NO_OCR = f"needs tesseract: {ocr.unavailable()}" if ocr.unavailable() else ""


@pytest.mark.parametrize("name", NEW)
def test_new_loader_is_registered_and_conforms(name):
    loader = registry.load("loader", name)()
    check_loader(loader)
    assert not loader.corpus and all(loaders.loader_for(Path("x" + s)).name == name for s in loader.suffixes)


def test_uploads_accept_every_new_format():
    from ui.uploads import ALLOWED_SUFFIXES, safe_name

    for suffix in (".docx", ".pptx", ".xlsx", ".csv", ".epub", ".eml", ".png", ".jpg", ".tiff", ".pdf"):
        assert suffix in ALLOWED_SUFFIXES and safe_name(f"Report {suffix.upper()}") == f"Report{suffix}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return write_folder(tmp_path_factory.mktemp("formats") / "docs", ocr=not NO_OCR)


def facts(ocr_too: bool = True):
    return [pytest.param(f, id=f.file, marks=pytest.mark.skipif(bool(NO_OCR) and f.needs_ocr, reason=NO_OCR or "-"))
            for f in FACTS if ocr_too or not f.needs_ocr]


@pytest.mark.parametrize("fact", facts())
def test_each_fact_is_at_an_exact_offset_under_its_location(folder, fact):
    result = load_paths([folder])
    assert result.failed == []
    docs = {d.doc_id: d for d in result.documents}
    doc = docs[fact.file]
    start = doc.text.find(fact.sentence)
    assert start >= 0 and doc.text[start:start + len(fact.sentence)] == fact.sentence, doc.text
    assert location_at(doc.location_marks(), start) == fact.location
    assert location_at(doc.location_marks(), start + len(fact.sentence) - 1) == fact.location
    assert json.loads(json.dumps(doc.metadata)) == doc.metadata  # what the index stores and reads back
    # every location opens on a block boundary: a label never starts mid-word
    for offset, _ in doc.location_marks():
        assert offset == 0 or doc.text[offset - 1] == "\n"
    if "/" in fact.file:  # an attachment: its own document, its mail lists it
        mail, name = fact.file.split("/")
        assert docs[mail].metadata["attachments"] == [fact.file] and doc.metadata["attachment"] == name
        assert doc.metadata["path"] == fact.file and doc.metadata["source"] == str(folder / mail)


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_a_corrupt_file_of_each_format_is_one_line(tmp_path, suffix):
    good = WRITERS[suffix](tmp_path / f"good{suffix}")
    data = good.read_bytes()
    good.unlink()
    broken = tmp_path / f"broken{suffix}"
    broken.write_bytes(data[: len(data) // 3])
    (tmp_path / f"empty{suffix}").write_bytes(b"")
    result = load_paths([tmp_path])
    failed = dict(result.failed)
    assert str(tmp_path / f"empty{suffix}") in failed
    for path, reason in failed.items():
        assert reason.startswith(path) and "\n" not in reason and "Traceback" not in reason


def test_an_unreadable_attachment_is_listed_not_fatal(tmp_path):
    from rag.ingest.loaders.mail import mail_bytes

    (tmp_path / "m.eml").write_bytes(mail_bytes("Hi", "a@example.org", "The pier reopens on Monday.",
                                                [("broken.docx", b"PK\x03\x04 not a zip"), ("tool.exe", b"MZ")]))
    doc = loaders.loader_for(Path("m.eml")).load(tmp_path / "m.eml", "m.eml")
    assert "The pier reopens on Monday." in doc.text and doc.metadata["attachments"] == []
    skipped = doc.metadata["skipped_attachments"]
    assert skipped[0].startswith("broken.docx: unreadable Word document") and skipped[1] == "tool.exe: not a format we read"


def test_without_tesseract_images_and_scans_are_one_line_each(folder, tmp_path):
    """A machine without tesseract: PATH without it, in a fresh process (nothing is mocked)."""
    (tmp_path / "bin").mkdir()
    scan = folder / "scan.pdf" if (folder / "scan.pdf").exists() else WRITERS[".pdf"](tmp_path / "scan.pdf")
    png = folder / "notice.png" if (folder / "notice.png").exists() else WRITERS[".png"](tmp_path / "notice.png")
    script = ("import sys; from pathlib import Path; from rag.ingest.documents import load_paths\n"
              "r = load_paths([Path(p) for p in sys.argv[1:]])\n"
              "print(len(r.documents)); [print(reason) for _, reason in r.failed]")
    env = {**os.environ, "PATH": str(tmp_path / "bin")}
    r = subprocess.run([sys.executable, "-c", script, str(scan), str(png)], capture_output=True, text=True,
                       env=env, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "0" and len(lines) == 3, r.stdout
    assert lines[1] == f"{scan}: PDF has no text layer; OCR needs tesseract, which is not installed " \
                       f"(apt-get install tesseract-ocr)"
    assert lines[2] == f"{png}: OCR needs tesseract, which is not installed (apt-get install tesseract-ocr)"


@pytest.mark.slow
def test_every_fact_is_answered_with_a_citation_into_the_right_file_and_place(folder, tmp_path, embedder):
    from rag import Assistant

    assistant = Assistant.build([folder], index_dir=tmp_path / "idx")
    assert assistant.last_report.failed == []
    reloaded = Assistant.load(tmp_path / "idx")  # locations come back from the index, not the loader
    for param in facts():
        fact = param.values[0]
        if any(m.name == "skipif" and m.args[0] for m in param.marks):
            continue
        answer = reloaded.ask(fact.question)
        assert not answer.abstained, (fact.file, answer.reason)
        cited = [c for c in answer.citations if c.doc_id == fact.file]
        assert cited, (fact.file, [(c.doc_id, c.text) for c in answer.citations])
        doc = reloaded.store.document(fact.file)
        for c in cited:
            assert doc.text[c.start:c.end] == c.text
            assert c.location == location_at(doc.location_marks(), c.start)
        assert any(fact.answer in c.text and c.location == fact.location for c in cited), \
            (fact.file, [(c.text, c.location) for c in cited])
        assert fact.answer in answer.text or any(fact.answer in c.text for c in answer.citations if c.kind == "answer")
        as_json = answer.to_dict()["citations"]
        assert {"location", "page"} <= set(as_json[0]) and any(c["location"] == fact.location for c in as_json)


@pytest.mark.slow
def test_rag_index_and_ask_name_the_location(folder, tmp_path):
    broken = tmp_path / "docs"
    write_folder(broken, ocr=False)
    for path in list(broken.iterdir()):  # every file of every format cut short
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    rag = [sys.executable, "-m", "rag"]
    r = subprocess.run([*rag, "index", str(broken), "--index", str(tmp_path / "broken-idx")], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=600)
    assert "Traceback" not in r.stderr, r.stderr
    skipped = {Path(line.split(": ")[1]).name for line in r.stderr.splitlines() if line.startswith("skipped: ")}
    # the zipped formats cannot be read cut short; a cut CSV or mail is still text, and indexed
    assert {"budget.docx", "launch.pptx", "staff.xlsx", "tales.epub"} <= skipped, r.stderr

    index = tmp_path / "idx"
    r = subprocess.run([*rag, "index", str(folder), "--index", str(index)], capture_output=True, text=True,
                       env=env, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*rag, "ask", "Who is the harbour master?", "--index", str(index)], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=600)
    assert r.returncode == 0 and "staff.xlsx [" in r.stdout and ", Staff row 3 (" in r.stdout, r.stdout + r.stderr
