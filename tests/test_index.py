"""The index on disk: incremental, never stale, atomic, and the API names other tools call."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from rag import Assistant
from rag.ingest.chunking import ChunkSettings
from rag.errors import IndexBuildingError, IndexMissingError, StaleIndexError
from rag.storage.formats import FORMAT_VERSION
from rag.storage.locking import current_writer
from rag.storage.store import Store

pytestmark = pytest.mark.slow


def test_built_index_is_exact(assistant, corpus_copy):
    docs = {d.doc_id: d for d in assistant.documents()}
    assert set(docs) == {p.name for p in corpus_copy.iterdir()}
    store = assistant.store
    assert store.vectors.count() == store.n_chunks() == sum(d.n_chunks for d in docs.values())
    for c in store.chunks():
        text = (corpus_copy / c.doc_id).read_text(encoding="utf-8")
        assert text[c.start:c.end] == c.text
    m = store.manifest()
    assert m["embedder"] == "all-MiniLM-L6-v2-onnx-int8" and m["dimension"] == 384  # the default embedder
    assert m["chunking"] == ChunkSettings().as_dict() | {"embedder_max_tokens": 256} and m["format_version"] == FORMAT_VERSION
    assert "faiss-cpu" in m["versions"]


def test_retrieve_returns_exact_passages(assistant, corpus_copy):
    passages = assistant.retrieve("Which missile can Japan's F-35A fighters carry internally?", k=5)
    assert len(passages) == 5 and "000_060f33d986f2756b.txt" in [p.doc_id for p in passages[:3]]
    for p in passages:
        assert (corpus_copy / p.doc_id).read_text(encoding="utf-8")[p.start:p.end] == p.text
        assert isinstance(p.score, float)
    for mode in ("dense", "bm25", "hybrid"):
        top = assistant.retrieve("mine countermeasures exercise in the Gulf with HMS Atherstone", k=3, retriever=mode)
        assert top[0].doc_id == "004_481b1a0d08652fd3.txt"


def test_incremental_add_change_delete(tmp_path, corpus_copy, embedder):
    folder = tmp_path / "docs"
    shutil.copytree(corpus_copy, folder)
    index = tmp_path / "idx"
    a = Assistant.build([folder], index_dir=index)
    assert len(a.last_report.added) == 5 and a.last_report.chunks_embedded > 0

    again = a.add([folder])
    assert again.chunks_embedded == 0 and again.unchanged == 5 and "up to date" in again.summary()

    (folder / "new.txt").write_text("The Zorblax festival takes place in Quintara every April.", encoding="utf-8")
    first = sorted(folder.glob("00*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nA sentence appended later.", encoding="utf-8")
    sorted(folder.glob("00*.txt"))[1].unlink()
    r = a.add([folder])
    assert r.added == ["new.txt"] and r.changed == [first.name] and len(r.removed) == 1
    assert r.unchanged == 3
    assert 0 < r.chunks_embedded < a.last_report.chunks_embedded
    assert a.store.vectors.count() == a.store.n_chunks()
    top = a.retrieve("Where does the Zorblax festival take place?", k=1)[0]
    assert top.doc_id == "new.txt"

    # A fresh process sees the same index (it survives restarts).
    b = Assistant.load(index)
    assert {d.doc_id for d in b.documents()} == {d.doc_id for d in a.documents()}
    assert b.remove(["new.txt"]) == 1 and b.store.vectors.count() == b.store.n_chunks()
    assert "new.txt" not in {d.doc_id for d in Assistant.load(index).documents()}


def test_unreadable_file_keeps_its_indexed_version(tmp_path, embedder):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha document about frigates.", encoding="utf-8")
    a = Assistant.build([folder], index_dir=tmp_path / "idx")
    (folder / "a.txt").write_bytes(b"\x00\x01binary now")
    r = a.add([folder])
    assert r.failed and "a.txt" in r.failed[0][0] and r.removed == []
    assert [d.doc_id for d in a.documents()] == ["a.txt"]


def test_changed_settings_are_detected(tmp_path, corpus_copy, embedder):
    index = tmp_path / "idx"
    Assistant.build([corpus_copy], index_dir=index)
    small = Assistant(index, chunk_settings=ChunkSettings(max_tokens=80, overlap_tokens=10))
    r = small.add([corpus_copy])
    assert "chunking" in r.rebuilt and r.chunks_embedded == small.store.n_chunks()
    assert small.store.manifest()["chunking"]["max_tokens"] == 80
    # A different embedder recorded in the manifest is never served.
    small.store.conn.execute("UPDATE manifest SET value = '\"other/model\"' WHERE key = 'embedder'")
    with pytest.raises(StaleIndexError, match="rag index"):
        Assistant.load(index)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissingError, match="rag index"):
        Assistant.load(tmp_path / "nothing")


CRASH_SIGNALS = (signal.SIGKILL, signal.SIGKILL, signal.SIGINT)  # each run starts a process (~5-10 s)


def _code_word(i: int) -> str:
    """A made-up word, one per file, that only that file holds."""
    import random

    pick = random.Random(i)
    return "".join(pick.choice("bdfgklmnprstvz") + pick.choice("aeiou") for _ in range(4))


def _check_consistent(index, folder) -> dict[str, list[int]]:
    """The index loads, rows and vectors agree, every chunk is an exact span of its file, and
    each document present answers its own question as a completed build does. Returns
    doc_id -> chunk ids."""
    a = Assistant.load(index)
    store = a.store
    ids = sorted(store.vectors.ids().tolist())
    rows = store.chunks()
    assert ids == [c.chunk_id for c in rows]
    by_doc: dict[str, list[int]] = {}
    for c in rows:
        assert (folder / c.doc_id).read_text(encoding="utf-8")[c.start:c.end] == c.text
        by_doc.setdefault(c.doc_id, []).append(c.chunk_id)
    assert set(by_doc) == {d.doc_id for d in a.documents()}
    for doc_id in sorted(by_doc)[:: max(1, len(by_doc) // 3)]:
        i = int(doc_id[3:6])
        top = a.retrieve(f"Which file has the code word {_code_word(i)}?", k=1)[0]
        assert top.doc_id == doc_id and f"file {i:03d}" in top.text
    assert len(list(index.glob("vectors.*.faiss"))) <= 2  # the committed one (+ one being written)
    return by_doc


def test_repeated_crashes_keep_the_index_loadable_and_finished_work_kept(tmp_path, embedder):
    """SIGKILL a real `rag index` at random points (after a random number of commits, at a
    random moment), twice, then Ctrl-C it: after each, the index loads and is consistent, what
    it holds answers as a completed build does, and no run re-embeds a document an earlier run
    committed. During the first build, readers are told it is being built. RAG_CRASH_SEED
    replays a failing run."""
    import random

    folder = tmp_path / "docs"
    folder.mkdir()
    rng = np.random.default_rng(0)
    words = ["missile", "frigate", "treaty", "minister", "Tokyo", "Oslo", "carrier", "research", "export"]
    n_docs = 600  # enough that no run finishes before its signal, even with the fast int8 embedder
    for i in range(n_docs):
        body = " ".join(rng.choice(words, size=60)) + "."
        (folder / f"doc{i:03d}.txt").write_text(
            f"The code word of file {i:03d} is {_code_word(i)}. {body}", encoding="utf-8")
    index = tmp_path / "idx"
    seed = int(os.environ.get("RAG_CRASH_SEED") or time.time_ns() % 1_000_000)
    pick = random.Random(seed)
    print(f"RAG_CRASH_SEED={seed}")
    env = dict(os.environ, RAG_COMMIT_EVERY="16")
    store = Store(index)
    kept: dict[str, list[int]] = {}
    for sig in CRASH_SIGNALS:
        start = store.generation if store.db_path.exists() else 0
        commits = pick.randint(1, 3)  # this run commits at least once before it is stopped
        # SIGINT as a terminal gives it: a test run in the background (`nohup .ci/run &`) inherits
        # SIGINT ignored, and Python then installs no KeyboardInterrupt handler in the child.
        proc = subprocess.Popen([sys.executable, "-m", "rag", "index", str(folder), "--index", str(index)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.time() + 120
        told_building = start > 0
        while time.time() < deadline and proc.poll() is None:
            if store.db_path.exists() and store.generation >= start + commits:
                break
            writer = current_writer(index)
            if not told_building and writer is not None and writer.documents_total and store.generation == 0:
                with pytest.raises(IndexBuildingError, match=rf"is being built \(pid {proc.pid}, 0 of {n_docs} documents"):
                    Assistant.load(index)  # a first build: `rag ask` says so, not "no index"
                told_building = True
            time.sleep(0.05)
        assert told_building
        time.sleep(pick.uniform(0, 0.8))  # a random moment: embedding, writing vectors, committing
        if proc.poll() is not None:
            break  # it finished first: nothing left to interrupt
        proc.send_signal(sig)
        _, err = proc.communicate()
        if sig == signal.SIGINT:  # Ctrl-C: a clean stop with one line, no traceback
            assert proc.returncode == 130 and "Traceback" not in err, err[-2000:]
            last = [line for line in err.replace("\r", "\n").splitlines() if line.strip()][-1]
            assert last.startswith("interrupted:")
        now = _check_consistent(index, folder)
        assert 0 < len(now) < n_docs
        for doc_id, chunk_ids in kept.items():  # committed before: kept, never re-embedded
            assert now[doc_id] == chunk_ids
        kept = now
    r = Assistant(index).add([folder])
    assert r.unchanged == len(kept) and len(r.added) == n_docs - len(kept) and not r.removed
    final = _check_consistent(index, folder)
    assert len(final) == n_docs and all(final[d] == ids for d, ids in kept.items())
    assert r.chunks_embedded == sum(len(final[d]) for d in final if d not in kept)
    assert len(list(index.glob("vectors.*"))) == 1
