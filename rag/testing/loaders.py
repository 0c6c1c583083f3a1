"""What a loader must do for indexing and citations to be right with it: read a sample of its
format to the exact text (every citation offset points into that text), and answer corrupt
bytes with a document or a one-line DocumentError naming the file, never anything else (one
broken file must not stop `rag index`). Needs no model."""
from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from rag.errors import DocumentError
from rag.ingest.loaders import Loader
from rag.types import Document


def _documents(loader: Loader, result: object, doc_id: str) -> list[Document]:
    """The loader's result as a list, checking its shape against ``corpus``."""
    if loader.corpus:
        assert isinstance(result, list), f"{loader.name}: a corpus loader returns a list of Documents"
        assert result, f"{loader.name}: a corpus with no documents is a DocumentError, not []"
        docs = result
    else:
        docs = result if isinstance(result, list) else [result]
        assert docs and isinstance(docs[0], Document), \
            f"{loader.name}: a one-document loader returns a Document (or the file's Document, then its parts)"
        assert docs[0].doc_id == doc_id, f"{loader.name}: the document keeps the id it was given"
        for part in docs[1:]:
            assert isinstance(part, Document) and part.doc_id.startswith(doc_id + "/"), \
                f"{loader.name}: a part's id is under the file's ('mail.eml/report.docx'), not {part.doc_id!r}"
    for doc in docs:
        assert isinstance(doc, Document) and isinstance(doc.doc_id, str) and doc.doc_id
        assert isinstance(doc.text, str) and doc.text.strip(), f"{loader.name}: a document holds text"
        assert isinstance(doc.title, str)
        assert isinstance(doc.metadata.get("source"), str), f"{loader.name}: metadata['source'] names the file"
        starts = list(doc.page_starts)
        assert starts == sorted(starts) and all(0 <= s <= len(doc.text) for s in starts), \
            f"{loader.name}: page starts are offsets into the text, in order"
        assert not starts or starts[0] == 0
        _check_locations(loader, doc)
    return docs


def _check_locations(loader: Loader, doc: Document) -> None:
    """``metadata["locations"]``: [start, label] pairs, JSON as stored, in order, inside the text."""
    marks = doc.metadata.get("locations")
    if marks is None:
        return
    assert json.loads(json.dumps(doc.metadata)) == doc.metadata, f"{loader.name}: metadata survives JSON (the index)"
    assert isinstance(marks, list) and all(
        isinstance(m, list) and len(m) == 2 and isinstance(m[0], int) and isinstance(m[1], str) and m[1].strip()
        and "\n" not in m[1] for m in marks), f"{loader.name}: locations are [start, one-line label] pairs: {marks!r}"
    starts = [m[0] for m in marks]
    assert starts == sorted(starts) and all(0 <= s < len(doc.text) for s in starts), \
        f"{loader.name}: location starts are offsets into the text, in order: {starts}"


def check_shape(loader: Loader) -> None:
    assert isinstance(loader, Loader), "name, suffixes, corpus, load and write_sample (see rag.ingest.loaders.Loader)"
    assert isinstance(loader.name, str) and loader.name, "a loader has a name"
    assert isinstance(loader.suffixes, tuple) and loader.suffixes, f"{loader.name}: suffixes is a non-empty tuple"
    for suffix in loader.suffixes:
        assert suffix.startswith(".") and len(suffix) > 1 and suffix == suffix.lower() and "/" not in suffix, \
            f"{loader.name}: a suffix is lower case with its dot, like '.txt', not {suffix!r}"
    assert isinstance(loader.corpus, bool)


def check_sample(loader: Loader, folder: Path) -> bytes:
    """The sample the loader writes reads back to exactly the text it promises; returns its bytes."""
    sample = loader.write_sample(folder)
    assert sample.path.is_file() and sample.path.suffix.lower() in loader.suffixes, \
        f"{loader.name}: the sample is a file with one of the loader's suffixes"
    assert sample.texts and (loader.corpus or "sample" in sample.texts and all(
        i == "sample" or i.startswith("sample/") for i in sample.texts)), \
        f"{loader.name}: the sample names its documents' texts (the one-document id is 'sample', its parts' 'sample/...')"
    docs = _documents(loader, loader.load(sample.path, "sample"), "sample")
    got = {d.doc_id: d.text for d in docs}
    assert got == sample.texts, f"{loader.name}: the sample reads back to its exact text: {got!r}"
    again = _documents(loader, loader.load(sample.path, "sample"), "sample")
    assert [d.sha256 for d in again] == [d.sha256 for d in docs], f"{loader.name}: loading is deterministic"
    return sample.path.read_bytes()


def corruptions(data: bytes, seed: int = 12) -> dict[str, bytes]:
    """Broken versions of a good file: empty, NUL bytes, random bytes, cut short, bytes flipped."""
    rng = random.Random(seed)
    cases = {"empty": b"", "NUL bytes": b"\x00" * 512, "random bytes": rng.randbytes(2048),
             "whitespace": b" \n\t\r\n" * 10}
    for part in (2, 3, 7):
        cases[f"first 1/{part}"] = data[: len(data) // part]
    for i in range(4):
        flipped = bytearray(data)
        for _ in range(max(1, len(data) // 50)):
            pos = rng.randrange(len(flipped)) if flipped else 0
            if flipped:
                flipped[pos] = rng.randrange(256)
        cases[f"flipped bytes {i}"] = bytes(flipped)
    cases["garbage before"] = rng.randbytes(64) + data
    return cases


def check_corrupt(loader: Loader, folder: Path, data: bytes) -> None:
    """Every corruption gives documents or a one-line DocumentError starting with the path."""
    suffix = loader.suffixes[0]
    for i, (case, broken) in enumerate(corruptions(data).items()):
        path = folder / f"corrupt-{i}{suffix}"
        path.write_bytes(broken)
        try:
            result = loader.load(path, "corrupt")
        except DocumentError as exc:
            message = str(exc)
            assert message.strip() and "\n" not in message and "\r" not in message, \
                f"{loader.name}, {case}: the failure is one line: {message!r}"
            assert message.startswith(str(path)), f"{loader.name}, {case}: the failure names the file: {message!r}"
            continue
        except Exception as exc:  # noqa: BLE001 - the check is that nothing but DocumentError escapes
            raise AssertionError(f"{loader.name}, {case}: raised {exc.__class__.__name__}: {exc} "
                                 f"(a file it cannot read is a one-line DocumentError)") from exc
        must_fail = case in ("empty", "whitespace")
        assert not must_fail, f"{loader.name}, {case}: a file with no text is a DocumentError, not a document"
        _documents(loader, result, "corrupt")


def check_unavailable(loader: Loader, folder: Path, why: str) -> None:
    """A loader that needs a program this machine lacks (OCR without tesseract) refuses every
    file of its format in one line that says why."""
    suffix = loader.suffixes[0]
    for i, data in enumerate([b"", random.Random(3).randbytes(512)]):
        path = folder / f"unavailable-{i}{suffix}"
        path.write_bytes(data)
        try:
            loader.load(path, "x")
        except DocumentError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc), f"{loader.name}: {exc}"
            continue
        raise AssertionError(f"{loader.name}: reads files although it is unavailable ({why})")


def check_loader(loader: Loader) -> None:
    """Raises AssertionError naming the first broken promise. A loader may say it cannot run on
    this machine (``unavailable()`` returns why, '' when it can): then it must refuse its files
    in one line, and its sample is not read."""
    check_shape(loader)
    why = loader.unavailable() if callable(getattr(loader, "unavailable", None)) else ""
    with tempfile.TemporaryDirectory() as tmp:
        if why:
            check_unavailable(loader, Path(tmp), why)
            return
        data = check_sample(loader, Path(tmp))
        check_corrupt(loader, Path(tmp), data)
