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
from rag.chunking import ChunkSettings
from rag.errors import IndexMissingError, StaleIndexError
from rag.store import Store

pytestmark = pytest.mark.slow


def test_built_index_is_exact(assistant, corpus_copy):
    docs = {d.doc_id: d for d in assistant.documents()}
    assert set(docs) == {p.name for p in corpus_copy.iterdir()}
    store = assistant.store
    assert store.faiss.ntotal == store.n_chunks() == sum(d.n_chunks for d in docs.values())
    for c in store.chunks():
        text = (corpus_copy / c.doc_id).read_text(encoding="utf-8")
        assert text[c.start:c.end] == c.text
    m = store.manifest()
    assert m["embedder"] == "sentence-transformers/all-MiniLM-L6-v2" and m["dimension"] == 384
    assert m["chunking"] == ChunkSettings().as_dict() and m["format_version"] == 1
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
    assert a.store.faiss.ntotal == a.store.n_chunks()
    top = a.retrieve("Where does the Zorblax festival take place?", k=1)[0]
    assert top.doc_id == "new.txt"

    # A fresh process sees the same index (it survives restarts).
    b = Assistant.load(index)
    assert {d.doc_id for d in b.documents()} == {d.doc_id for d in a.documents()}
    assert b.remove(["new.txt"]) == 1 and b.store.faiss.ntotal == b.store.n_chunks()
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


def test_crash_mid_build_leaves_a_loadable_index(tmp_path, embedder):
    """SIGKILL a real `rag index` after its first commit: the index loads and is consistent,
    and the next run finishes the job without re-embedding what was committed."""
    folder = tmp_path / "docs"
    folder.mkdir()
    rng = np.random.default_rng(0)
    words = ["missile", "frigate", "treaty", "minister", "Tokyo", "Oslo", "carrier", "research", "export"]
    for i in range(400):
        body = " ".join(rng.choice(words, size=120)) + "."
        (folder / f"doc{i:03d}.txt").write_text(f"Document {i}. {body}", encoding="utf-8")
    index = tmp_path / "idx"
    env = dict(os.environ, RAG_COMMIT_EVERY="40")
    proc = subprocess.Popen([sys.executable, "-m", "rag", "index", str(folder), "--index", str(index)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = Store(index)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if store.db_path.exists() and store.generation >= 2:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "indexing finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    crashed = Assistant.load(index)
    n_docs = len(crashed.documents())
    assert 0 < n_docs < 400
    assert crashed.store.faiss.ntotal == crashed.store.n_chunks()
    assert crashed.retrieve("missile frigate treaty", k=3)
    r = Assistant(index).add([folder])
    assert r.unchanged == n_docs and len(r.added) == 400 - n_docs
    assert len(list(index.glob("vectors.*"))) == 1
