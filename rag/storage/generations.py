"""The per-generation files of one index folder: ``vectors.<gen>.faiss`` and the readers' BM25
cache ``bm25.<gen>``.

Kept apart from the rows because these files follow a rule of their own: a generation's vectors
are written whole (temp file, fsync, rename, fsync of the folder) *before* the SQLite commit that
points the manifest at it, so whichever generation the manifest names is always on disk. Files
of any other generation are a finished update's or a crashed writer's leftovers, and only the
writer may remove them (a reader could otherwise delete the file a writer is about to commit).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from rag.errors import RagError
from rag.storage.vector_indexes import VectorIndex

LOAD_TRIES = 5  # a reader racing a writer that just replaced the vectors re-reads the generation


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Generations:
    """Names, writes, loads and prunes the generation files in ``index_dir``; which generation is
    current is the manifest's to say, so every method is told it."""

    def __init__(self, index_dir: Path) -> None:
        self.dir = index_dir

    def vectors(self, generation: int) -> Path:
        return self.dir / f"vectors.{generation}.faiss"

    def search_cache(self, generation: int) -> Path:
        """Where readers keep the BM25 index of a generation's rows (built once, then loaded)."""
        return self.dir / f"bm25.{generation}"

    def write(self, index: VectorIndex, generation: int) -> None:
        """Write a generation's vectors so that the file is either absent or whole."""
        path = self.vectors(generation)
        tmp = path.with_name(path.name + ".tmp")
        index.save(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(self.dir)

    def load(self, kind: type[VectorIndex], generation: int,
             latest: Callable[[], int]) -> tuple[VectorIndex, int]:
        """Load a generation's vectors; when its file is gone because a writer committed a newer
        one meanwhile, load that one instead (``latest`` reads the committed generation)."""
        for _ in range(LOAD_TRIES):
            try:
                return kind.load(self.vectors(generation)), generation
            except (OSError, RuntimeError):
                newer = latest()  # a writer may have committed and removed it meanwhile
                if newer == generation:
                    break
                generation = newer
        raise RagError(f"index at {self.dir} is damaged: {self.vectors(generation).name} is missing; "
                       f"rebuild it with `rag index PATH --rebuild`")

    def discard(self, generation: int) -> None:
        """Drop the vectors of a generation whose commit failed."""
        self.vectors(generation).unlink(missing_ok=True)

    def retire(self, generation: int) -> None:
        """Drop a generation's files once the next one is committed."""
        self.vectors(generation).unlink(missing_ok=True)
        _remove(self.search_cache(generation))

    def sweep(self, keep: int | None) -> None:
        """Remove vector files and search caches of every generation but ``keep`` (None: all of
        them, as after a clear, when generation numbers start again). Writer only."""
        names = set() if keep is None else {self.vectors(keep).name, self.search_cache(keep).name}
        for path in [*self.dir.glob("vectors.*"), *self.dir.glob("bm25.*")]:
            if path.name not in names:
                _remove(path)
