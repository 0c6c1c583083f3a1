"""Document ids for files: readable, stable, and never the same for two files.

A file's id is its path relative to the folder given (the file name for a single file): the ids
a single folder has always had, which citations and question sets name. Only when two files
would get the same id (two folders given together that both hold ``notes.txt``, or a folder
holding a name the index already has from another folder) is the id prefixed with its root
folder's name (``a/notes.txt``, ``b/notes.txt``; more parent folders when the names are equal
too). A file keeps the id it already has in the index, so giving the same folders again, alone
or together, changes no id and re-embeds nothing.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class Source:
    """One file to index: its root (resolved, as the index records it) and its relative path."""

    path: Path
    root: str
    relpath: str
    labels: tuple[str, ...]  # the root folder's path parts, nearest first: prefixes to try

    def candidate(self, level: int) -> str:
        """The id at a prefix level: 0 = the relative path, n = with the last n folder names."""
        if level == 0:
            return self.relpath
        return str(PurePosixPath(*reversed(self.labels[:level]), self.relpath))

    @property
    def max_level(self) -> int:
        return len(self.labels)


def source(path: Path, root: Path) -> Source:
    """A file found under ``root`` (or ``root`` itself when it is a file)."""
    resolved = root.resolve()
    base = resolved if root.is_dir() else resolved.parent
    relpath = path.relative_to(root).as_posix() if root.is_dir() else root.name
    labels = tuple(part for part in reversed(base.parts) if part not in ("/", "\\") and not part.endswith(":\\"))
    return Source(path=path, root=str(resolved), relpath=relpath, labels=labels)


def assign_ids(sources: list[Source], indexed: Mapping[str, tuple[str, str]] | None = None,
               ) -> tuple[dict[Source, str], list[Source]]:
    """Ids for ``sources`` given the index's ``indexed`` doc_id -> (root, relpath).

    Returns (ids, clashes): ``clashes`` are files that no prefix can tell apart (the same file
    reached through two roots); they are reported and skipped. The result does not depend on
    the order of ``sources``.
    """
    indexed = indexed or {}
    known = {(root, rel): doc_id for doc_id, (root, rel) in indexed.items()}
    given = {s.root for s in sources}
    taken = {doc_id for doc_id, (root, _) in indexed.items() if root not in given}
    ids: dict[Source, str] = {}
    for s in sources:
        if (s.root, s.relpath) in known:
            ids[s] = known[(s.root, s.relpath)]  # keeps its id: nothing to re-embed
    taken |= set(ids.values())
    level = {s: 0 for s in sources if s not in ids}
    while level:
        moved = False
        groups: dict[str, list[Source]] = defaultdict(list)
        for s, n in level.items():
            groups[s.candidate(n)].append(s)
        for candidate, group in groups.items():
            if len(group) == 1 and candidate not in taken:
                ids[group[0]] = candidate
                del level[group[0]]
                moved = True
                continue
            for s in group:  # all of a clashing group move on, so no file wins by coming first
                if level[s] < s.max_level:
                    level[s] += 1
                    moved = True
        taken |= set(ids.values())
        if not moved:
            return ids, sorted(level, key=lambda s: (s.root, s.relpath))
    return ids, []
