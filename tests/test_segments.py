"""The store's vectors as append-only segments with deletion marks (rag.storage.segments): many
small commits make segments, searches over them equal one index built from scratch, deletions are
honoured across segments and processes, merges cut the segment count and keep the results, a
writer killed between writing its segment and the SQLite commit leaves the previous generation
whole, and an index of format version 2 (one whole vector file) is read and migrated.
Real FAISS, real SQLite, real processes; no model is loaded."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np

from rag.storage.formats import FORMAT_VERSION
from rag.storage.segments import SegmentSet, TIER_FACTOR
from rag.storage.store import Store
from rag.storage.vector_indexes.flat import FlatIndex
from rag.storage.vector_indexes.ivf import IvfIndex
from rag.testing.vector_indexes import clustered
from rag.types import Chunk, Document

ROOT = Path(__file__).resolve().parent.parent
DIM = 16
MANIFEST = {"embedder": "test-vectors", "dimension": DIM}


def _docs(first: int, n: int) -> list[tuple[Document, list[Chunk]]]:
    """n documents of one chunk each: document i's chunk gets id i when added in order."""
    out = []
    for i in range(first, first + n):
        doc = Document(doc_id=f"d{i:05d}", text=f"text {i}", title="")
        out.append((doc, [Chunk(doc.doc_id, 0, len(doc.text), doc.text, 2)]))
    return out


def _segments(store: Store) -> int:
    vectors = store.vectors
    return len(vectors.parts) if isinstance(vectors, SegmentSet) else 1


def _scratch(data: np.ndarray, live: list[int]) -> FlatIndex:
    index = FlatIndex(DIM)
    index.add(np.asarray(live, dtype=np.int64), data[live])
    return index


def _same_results(store: Store, expected: FlatIndex, queries: np.ndarray, k: int = 10) -> None:
    scores, ids = store.vectors.search(queries, k)
    want_scores, want_ids = expected.search(queries, k)
    assert scores.shape == want_scores.shape
    np.testing.assert_allclose(scores, want_scores, rtol=0, atol=1e-5)
    for got, want, s in zip(ids.tolist(), want_ids.tolist(), want_scores):
        # the same ids, in the same order apart from exact ties
        assert sorted(got) == sorted(want) or len(set(s.tolist())) < len(s)


def _build(store: Store, data: np.ndarray, batches: int, size: int, merge: bool = True,
           delete_every: int = 0) -> list[int]:
    """``batches`` commits of ``size`` documents; every ``delete_every``-th commit also removes a
    document of an earlier commit. Returns the live chunk ids."""
    live: list[int] = []
    for b in range(batches):
        remove = []
        if delete_every and b and b % delete_every == 0:
            gone = live[len(live) // 3]
            remove = [f"d{gone:05d}"]
            live.remove(gone)
        store.commit(MANIFEST, remove, _docs(b * size, size), data[b * size:(b + 1) * size], merge=merge)
        live.extend(range(b * size, (b + 1) * size))
    return live


def test_small_commits_make_segments_and_search_as_one_index(tmp_path):
    data = clustered(1250, DIM, seed=3)
    data, queries = data[:1200], data[1200:]
    for kind in ("flat", "ivf"):
        store = Store(tmp_path / kind, vector_index=kind)
        live = _build(store, data, batches=8, size=150, delete_every=3)
        assert _segments(store) == 8  # one per commit: under TIER_FACTOR, nothing merged yet
        assert store.vectors.count() == len(live) == store.n_chunks()
        _same_results(store, _scratch(data, live), queries)
        _same_results(Store(tmp_path / kind), _scratch(data, live), queries)  # a reader loading it
        names = sorted(p.name for p in (tmp_path / kind).glob("vectors.*"))
        assert names == [f"vectors.{store.generation}.json"]  # older generations' lists retired
        assert len(list((tmp_path / kind).glob("segment.*.faiss"))) == 8


def test_deletions_are_honoured_across_segments_and_processes(tmp_path):
    data = clustered(700, DIM, seed=4)
    store = Store(tmp_path / "idx", vector_index="flat")
    live = _build(store, data, batches=6, size=100)
    gone = [5, 150, 250, 399, 401, 599]  # in five different segments
    store.commit(MANIFEST, [f"d{i:05d}" for i in gone], [], np.zeros((0, DIM), np.float32))
    live = [i for i in live if i not in gone]
    # searched with the deleted vectors themselves: each would be its own best match
    scores, ids = store.vectors.search(data[gone], 5)
    assert not set(ids.ravel().tolist()) & set(gone)
    _same_results(store, _scratch(data, live), data[600:700])
    # the deletion marks are in the generation's list, the segment files untouched
    listed = json.loads((tmp_path / "idx" / f"vectors.{store.generation}.json").read_text())
    assert sorted(i for s in listed["segments"] for i in s["deleted"]) == gone
    code = ("import json, sys; from rag.storage.store import Store; s = Store(sys.argv[1]); "
            "v = s.vectors; print(json.dumps([v.count(), sorted(v.ids().tolist())]))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "idx")], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out) == [len(live), live]
    # a segment whose vectors are all deleted is dropped, its file with it
    store.commit(MANIFEST, [f"d{i:05d}" for i in range(500, 600) if i not in gone], [], np.zeros((0, DIM), np.float32))
    assert _segments(store) == 5 and len(list((tmp_path / "idx").glob("segment.*"))) == 5


def test_merging_reduces_segments_and_keeps_results(tmp_path):
    data = clustered(1300, DIM, seed=5)
    data, queries = data[:1200], data[1200:]
    store = Store(tmp_path / "idx", vector_index="flat")
    n = TIER_FACTOR + 2
    live = _build(store, data, batches=n, size=100, merge=False, delete_every=4)
    assert _segments(store) == n
    before = store.vectors.search(queries, 10)
    assert store.merge() == 1  # the first TIER_FACTOR merged into one
    assert _segments(store) == n - TIER_FACTOR + 1 and store.vectors.count() == len(live)
    after = store.vectors.search(queries, 10)
    np.testing.assert_allclose(after[0], before[0], atol=1e-5)
    _same_results(store, _scratch(data, live), queries)
    _same_results(Store(tmp_path / "idx"), _scratch(data, live), queries)
    assert len(list((tmp_path / "idx").glob("segment.*"))) == n - TIER_FACTOR + 1  # merged ones removed
    # merged segments' deletions are gone with them
    listed = json.loads((tmp_path / "idx" / f"vectors.{store.generation}.json").read_text())
    assert sum(len(s["deleted"]) for s in listed["segments"]) == 0
    assert store.merge() == 0  # nothing further due

    # with merges on (the default), many small commits never pile up
    other = Store(tmp_path / "other", vector_index="flat")
    _build(other, data, batches=40, size=30)
    assert _segments(other) < TIER_FACTOR + 2


class SmallIvf(IvfIndex):
    """The ivf index, trained from 600 vectors so that a test reaches it quickly."""

    train_at = 600


def test_an_approximate_kind_trains_when_its_fresh_segments_reach_its_size(tmp_path):
    data = clustered(1100, DIM, seed=6)
    store = Store(tmp_path / "idx", vector_index=SmallIvf)
    _build(store, data, batches=3, size=150)
    assert _segments(store) == 3 and not store.vectors.trained  # exact while under train_at
    store.commit(MANIFEST, [], _docs(450, 150), data[450:600])
    assert _segments(store) == 1 and store.vectors.trained  # 600: merged, trained
    store.commit(MANIFEST, [], _docs(600, 100), data[600:700])  # fresh vectors: a new exact segment
    vectors = store.vectors
    assert isinstance(vectors, SegmentSet) and [getattr(i, "trained") for _, i in vectors.parts] == [True, False]
    assert sorted(vectors.ids().tolist()) == list(range(700))
    scores, ids = vectors.search(data[600:700], 1)  # the fresh ones are found exactly
    assert ids[:, 0].tolist() == list(range(600, 700))


# A writer killed (SIGKILL, by itself) after its segment and list are on disk, before SQLite commits.
KILLED_WRITER = """
import os, signal, sys
import numpy as np
sys.path.insert(0, sys.argv[2])
from tests.test_segments import MANIFEST, DIM, _docs
from rag.storage.store import Store
from rag.testing.vector_indexes import clustered
store = Store(sys.argv[1])
store._write_rows = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
store.commit(MANIFEST, ["d00003"], _docs(300, 100), clustered(100, DIM, seed=9))
"""


def test_a_writer_killed_before_the_sqlite_commit_leaves_the_previous_generation(tmp_path):
    data = clustered(400, DIM, seed=7)
    index = tmp_path / "idx"
    store = Store(index, vector_index="flat")
    live = _build(store, data, batches=3, size=100)
    generation, files = store.generation, sorted(p.name for p in index.iterdir())
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(index), str(ROOT)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    left = sorted(p.name for p in index.iterdir())
    assert f"vectors.{generation + 1}.json" in left  # it got as far as the list of the next one
    assert len([n for n in left if n.startswith("segment.")]) == 4
    reader = Store(index)
    assert reader.generation == generation and sorted(reader.vectors.ids().tolist()) == live
    _same_results(reader, _scratch(data, live), data[:50])
    # the next writer sweeps the uncommitted files and commits as if nothing had happened
    store = Store(index)
    store.commit(MANIFEST, [], _docs(300, 100), data[300:400])
    assert store.generation == generation + 1
    assert sorted(p.name for p in index.iterdir() if p.name.startswith(("segment.", "vectors."))) == \
        sorted([n for n in files if n.startswith(("segment.", "vectors."))
                and n != f"vectors.{generation}.json"] + [f"vectors.{generation + 1}.json"]
               + [p.name for p in index.glob(f"segment.{generation + 1}-*")])
    _same_results(Store(index), _scratch(data, live + list(range(300, 400))), data[:50])


def _as_version_2(index: Path, store: Store) -> None:
    """Rewrite a new index in the layout of format version 2: one whole vectors.<gen>.faiss."""
    generation = store.generation
    whole = FlatIndex(DIM)
    vectors = store.vectors
    ids, data = zip(*[part.contents() for _, part in vectors.parts]) if isinstance(vectors, SegmentSet) \
        else [[vectors.contents()[0]], [vectors.contents()[1]]]
    whole.add(np.concatenate(ids), np.concatenate(data))
    whole.save(index / f"vectors.{generation}.faiss")
    for path in [*index.glob("segment.*"), *index.glob("vectors.*.json")]:
        path.unlink()
    store.conn.execute("UPDATE manifest SET value = '2' WHERE key = 'format_version'")
    store.close()


def test_an_index_of_format_version_2_is_read_and_migrated(tmp_path):
    data = clustered(500, DIM, seed=8)
    index = tmp_path / "idx"
    store = Store(index, vector_index="flat")
    live = _build(store, data, batches=3, size=100)
    _as_version_2(index, store)
    assert sorted(p.name for p in index.glob("vectors.*")) == ["vectors.3.faiss"]

    reader = Store(index)  # read as it is: the whole file
    assert reader.manifest()["format_version"] == 2 and type(reader.vectors) is FlatIndex
    _same_results(reader, _scratch(data, live), data[400:])

    writer = Store(index)
    writer.commit(MANIFEST, ["d00007"], _docs(300, 100), data[300:400])
    live = [i for i in live if i != 7] + list(range(300, 400))
    assert writer.migrated == f"migrated from format version 2 to {FORMAT_VERSION} (keeps the vectors as segments)"
    assert writer.manifest()["format_version"] == FORMAT_VERSION
    assert sorted(p.name for p in index.glob("vectors.*")) == ["vectors.4.json"]  # the whole file retired
    assert _segments(writer) == 2  # the old whole file (as a segment) and the new one
    _same_results(writer, _scratch(data, live), data[400:])
    _same_results(Store(index), _scratch(data, live), data[400:])
