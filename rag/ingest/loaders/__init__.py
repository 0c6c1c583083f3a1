"""Loaders: one per file format, keyed by file suffix and found through the ``rag.loaders``
entry points like every other part (rag/registry.py), so the list of file types lives in one
place: what is registered. `rag index`, its help, its error messages and the page's upload
check all ask here.

A package adds a format with one module and one line in its pyproject.toml:

    [project.entry-points."rag.loaders"]
    docx = "my_package.docx:DocxLoader"

and runs ``rag.testing.loaders.check_loader(DocxLoader())`` in its tests. When two loaders claim
the same suffix, another package's wins over ours (it can replace our PDF reader); between two
other packages, the later name in sort order wins.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from rag import registry
from rag.types import Document

BUILT_IN_PREFIX = "rag.ingest.loaders."


@dataclass(frozen=True)
class Sample:
    """A file a loader wrote in its own format, and the exact text of each document it holds
    (by id: the id given to ``load``, or the ids a corpus file carries)."""

    path: Path
    texts: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class Loader(Protocol):
    """What `rag index` needs of a format.

    ``load`` raises rag.errors.DocumentError with a one-line reason starting with the path for
    a file it cannot read, and nothing else. A one-document loader returns one Document with the
    ``doc_id`` it is given (the path-based id, see rag.ingest.ids); a ``corpus`` loader returns the
    documents one file holds, with their own ids (``doc_id`` is unused), and fails when there
    are none. ``Document.text`` is the text every citation offset refers to.

    A one-document file that holds other files (an e-mail's attachments) may return a list: the
    file's Document first, then one per part, with ids under the file's (``mail.eml/report.docx``).
    Where a format has places a person can turn to (slides, sheet rows, chapters), the loader
    puts ``[start offset, label]`` pairs in ``metadata["locations"]`` and citations name them.
    A loader that needs a program the machine may lack (OCR) also has ``unavailable() -> str``:
    why it cannot run ('' when it can)."""

    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot: (".txt", ".md")
    corpus: bool  # True: one file holds many documents with their own ids (a BEIR corpus.jsonl)

    def load(self, path: Path, doc_id: str) -> Document | list[Document]: ...

    def write_sample(self, folder: Path) -> Sample:
        """Write a small file of this format into ``folder`` (for the conformance suite)."""
        ...


@lru_cache(maxsize=None)
def loaders() -> tuple[Loader, ...]:
    """Every registered loader, ours first, then other packages' by name."""
    from importlib import metadata

    eps = {ep.name: ep for ep in metadata.entry_points(group=registry.GROUPS["loader"])}
    order = sorted(eps, key=lambda n: (not eps[n].value.startswith(BUILT_IN_PREFIX), n))
    return tuple(registry.load("loader", name)() for name in order)


@lru_cache(maxsize=None)
def by_suffix() -> dict[str, Loader]:
    """Suffix -> the loader that reads it (a later loader's claim replaces an earlier one's)."""
    return {suffix.lower(): loader for loader in loaders() for suffix in loader.suffixes}


def loader_for(path: Path) -> Loader | None:
    """The loader for a file, by its suffix (case-insensitive); None for an unknown format."""
    return by_suffix().get(path.suffix.lower())


def suffixes() -> tuple[str, ...]:
    """Every suffix `rag index` reads, sorted."""
    return tuple(sorted(by_suffix()))


def document_suffixes() -> tuple[str, ...]:
    """Suffixes of the one-document formats, sorted: what the page accepts as uploads (an
    uploaded file is one document; a corpus file names its own ids)."""
    return tuple(sorted(s for s, loader in by_suffix().items() if not loader.corpus))


def listed(items: Iterable[str], last: str = "or") -> str:
    """``.a, .b or .c`` for messages."""
    items = list(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1] if len(items) > 1 else "".join(items)
