"""Every registered loader passes the conformance suite; the suffix list `rag index`, its help and
the page's uploads use is the registry's; a loader another package registers is used for its
suffix. No model is loaded."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rag.ingest import loaders
from rag import registry
from rag.ingest.documents import load_paths
from rag.errors import DocumentError
from rag.ingest.loaders import Loader, Sample
from rag.testing.loaders import check_loader
from rag.types import Document

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", registry.names("loader"))
def test_registered_loader_conforms(name):
    loader = registry.load("loader", name)()
    check_loader(loader)
    assert loader.name == name


def test_one_list_of_file_types():
    from ui.uploads import ALLOWED_SUFFIXES

    assert {"text", "html", "pdf", "beir-jsonl"} <= set(registry.names("loader"))
    assert {".txt", ".md", ".markdown", ".text", ".rst", ".html", ".htm", ".pdf", ".jsonl"} <= set(loaders.suffixes())
    assert ALLOWED_SUFFIXES == loaders.document_suffixes() and ".jsonl" not in ALLOWED_SUFFIXES
    assert loaders.loader_for(Path("A.PDF")).name == "pdf" and loaders.loader_for(Path("x.xyz")) is None
    r = subprocess.run([sys.executable, "-m", "rag", "index", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert all(s in r.stdout for s in loaders.suffixes()), r.stdout


class CsvLoader:
    """A plug-in format (comma-separated, under a suffix of its own: ours read .csv): one
    document per file, the cells joined by spaces."""

    name = "csv-words"
    suffixes = (".cwv",)
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        try:
            rows = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeError) as exc:
            raise DocumentError(f"{path}: not a UTF-8 CSV file ({exc.__class__.__name__})") from None
        text = "\n".join(" ".join(cell.strip() for cell in row.split(",")) for row in rows if row.strip())
        if not text.strip():
            raise DocumentError(f"{path}: no text")
        return Document(doc_id=doc_id, text=text, metadata={"source": str(path), "format": "csv"})

    def write_sample(self, folder: Path) -> Sample:
        path = folder / "sample.cwv"
        path.write_text("city, country\nTokyo, Japan\n", encoding="utf-8")
        return Sample(path, {"sample": "city country\nTokyo Japan"})


def test_a_plug_in_loader_conforms_and_is_used_for_its_suffix(tmp_path, monkeypatch):
    check_loader(CsvLoader())
    assert isinstance(CsvLoader(), Loader)
    (tmp_path / "cities.cwv").write_text("Oslo, Norway\n", encoding="utf-8")
    assert load_paths([tmp_path]).failed[0][1].startswith(f"{tmp_path / 'cities.cwv'}: unsupported format '.cwv'")

    # as if a package had registered it: the lookup is the registry's, cached once per process
    registered = loaders.loaders() + (CsvLoader(),)
    monkeypatch.setattr(loaders, "loaders", lambda: registered)
    loaders.by_suffix.cache_clear()
    try:
        result = load_paths([tmp_path])
        assert [(d.doc_id, d.text) for d in result.documents] == [("cities.cwv", "Oslo Norway")]
        assert ".cwv" in loaders.suffixes() and ".cwv" in loaders.document_suffixes()
    finally:
        loaders.by_suffix.cache_clear()


def test_a_loader_that_breaks_its_promise_fails_the_suite():
    class Raises(CsvLoader):
        def load(self, path, doc_id):
            if path.name.startswith("corrupt"):
                raise IndexError("list index out of range")
            return super().load(path, doc_id)

    with pytest.raises(AssertionError, match="raised IndexError"):
        check_loader(Raises())

    class Inexact(CsvLoader):
        def write_sample(self, folder):
            return Sample(super().write_sample(folder).path, {"sample": "city, country\nTokyo, Japan"})

    with pytest.raises(AssertionError, match="exact text"):
        check_loader(Inexact())
