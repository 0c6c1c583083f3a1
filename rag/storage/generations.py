"""The per-generation files of one index folder: the manifest of a generation's vector segments
``vectors.<gen>.json`` (``rag.storage.segments``), the segment files ``segment.<gen>-<tag>.faiss``
it lists, and the readers' BM25 cache ``bm25.<gen>``. (An index kept outside the folder, and
every index before format version 3, has one whole ``vectors.<gen>.faiss`` instead.)

Kept apart from the rows because these files follow a rule of their own: a generation's files are
written whole (temp file, fsync, rename, fsync of the folder) *before* the SQLite commit that
points the manifest at it, so whichever generation the manifest names is always on disk. Segment
files are immutable and shared by the generations that list them. Files no committed generation
lists are a finished update's or a crashed writer's leftovers, and only the writer may remove them
(a reader could otherwise delete the file a writer is about to commit).
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from rag.errors import RagError
from rag.storage.segments import SegmentEntry, SegmentSet, new_entry, segment_name
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


def _write_whole(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file so that it is either absent or whole."""
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Generations:
    """Names, writes, loads and prunes the generation files in ``index_dir``; which generation is
    current is the manifest's to say, so every method is told it."""

    def __init__(self, index_dir: Path) -> None:
        self.dir = index_dir
        self.loaded: dict[str, tuple[VectorIndex, int]] = {}  # segment file -> (index, deletions applied)

    def vectors(self, generation: int) -> Path:
        return self.dir / f"vectors.{generation}.faiss"

    def search_cache(self, generation: int) -> Path:
        """Where readers keep the BM25 index of a generation's rows (built once, then loaded)."""
        return self.dir / f"bm25.{generation}"

    def segment_list(self, generation: int) -> Path:
        return self.dir / f"vectors.{generation}.json"

    # ---- writing (writer only) -------------------------------------------------------------
    def write(self, index: VectorIndex, generation: int) -> None:
        """Write a whole index as a generation's one file (an index kept outside the folder)."""
        _write_whole(self.vectors(generation), index.save)
        _fsync_dir(self.dir)

    def write_segment(self, index: VectorIndex, generation: int, ids) -> SegmentEntry:
        """Write a new segment (not yet durable as a rename: ``write_list`` fsyncs the folder)."""
        name = segment_name(generation)
        _write_whole(self.dir / name, index.save)
        return new_entry(name, ids)

    def write_list(self, segments: SegmentSet, generation: int) -> None:
        """Write the generation's list of segments and deletions, whole, and make it durable."""
        raw = {"kind": segments.name, "dimension": segments.dimension,
               "segments": [entry.as_dict() for entry in segments.entries()]}
        _write_whole(self.segment_list(generation), lambda tmp: tmp.write_text(json.dumps(raw)))
        _fsync_dir(self.dir)

    def adopt_whole(self, generation: int, kind_name: str, dimension: int) -> None:
        """Format 2 to 3: the generation's whole file becomes its one segment (a hard link, so
        nothing is copied where links work); the whole file stays until the generation retires,
        for readers that read the manifest before the migration committed."""
        whole, name = self.vectors(generation), segment_name(generation)
        if not whole.is_file():
            return
        try:
            os.link(whole, self.dir / name)
        except OSError:
            shutil.copyfile(whole, self.dir / name)
        raw = {"kind": kind_name, "dimension": dimension,
               "segments": [SegmentEntry(name, -1, [], 0, 2**62).as_dict()]}
        _write_whole(self.segment_list(generation), lambda tmp: tmp.write_text(json.dumps(raw)))
        _fsync_dir(self.dir)

    # ---- reading ---------------------------------------------------------------------------
    def load(self, kind: type[VectorIndex], generation: int, segmented: bool,
             latest: Callable[[], tuple[int, bool]]) -> tuple[VectorIndex | SegmentSet, int]:
        """Load a generation's vectors; when a file is gone because a writer committed a newer
        generation meanwhile, load that one instead (``latest`` reads the committed generation
        and whether it is in segments)."""
        for _ in range(LOAD_TRIES):
            try:
                if segmented:
                    return self._load_segments(kind, generation), generation
                return kind.load(self.vectors(generation)), generation
            except (OSError, RuntimeError, ValueError):
                newer, segmented = latest()  # a writer may have committed and removed it meanwhile
                if newer == generation:
                    break
                generation = newer
        raise RagError(f"index at {self.dir} is damaged: the vectors of generation {generation} are missing; "
                       f"rebuild it with `rag index PATH --rebuild`")

    def _load_segments(self, kind: type[VectorIndex], generation: int) -> SegmentSet:
        """The segments a generation lists, reusing those already loaded (segments never change;
        only their deletions grow, and only those not yet applied are applied)."""
        import numpy as np

        raw = json.loads(self.segment_list(generation).read_text())
        parts = []
        for entry in (SegmentEntry.parse(e) for e in raw["segments"]):
            index, applied = self.loaded.get(entry.file, (None, 0))
            if index is None:
                index = kind.load(self.dir / entry.file)
            if len(entry.deleted) > applied:
                index.remove(np.asarray(entry.deleted[applied:], dtype=np.int64))
            parts.append((entry, index))
        segments = SegmentSet(kind, int(raw["dimension"]), parts)
        self.remember(segments)
        return segments

    def remember(self, segments: SegmentSet) -> None:
        """Keep the segments of the generation now in use (and only those) loaded."""
        self.loaded = {entry.file: (index, len(entry.deleted)) for entry, index in segments.parts}

    def forget(self) -> None:
        """Loaded segments may be ahead of the disk (a failed commit): load them again."""
        self.loaded = {}

    # ---- pruning (writer only) -------------------------------------------------------------
    def listed(self, generation: int) -> set[str]:
        """The segment files a generation's list names (none if it has no list)."""
        try:
            raw = json.loads(self.segment_list(generation).read_text())
        except (OSError, ValueError):
            return set()
        return {str(e["file"]) for e in raw.get("segments", [])}

    def discard(self, generation: int) -> None:
        """Drop the files of a generation whose commit failed."""
        for path in [*self.dir.glob(f"vectors.{generation}.*"), *self.dir.glob(f"segment.{generation}-*")]:
            _remove(path)

    def retire(self, generation: int, dropped: set[str] = frozenset()) -> None:
        """Drop a generation's own files, and the segments ``dropped`` (merged away or emptied),
        once the next generation is committed."""
        for path in [self.vectors(generation), self.segment_list(generation), self.search_cache(generation),
                     *(self.dir / name for name in dropped)]:
            _remove(path)

    def sweep(self, keep: int | None) -> None:
        """Remove the files of every generation but ``keep``, and segments it does not list (None:
        all of them, as after a clear, when generation numbers start again). Writer only."""
        names = set() if keep is None else {self.vectors(keep).name, self.segment_list(keep).name,
                                            self.search_cache(keep).name, *self.listed(keep)}
        for path in [*self.dir.glob("vectors.*"), *self.dir.glob("bm25.*"), *self.dir.glob("segment.*")]:
            if path.name not in names:
                _remove(path)
