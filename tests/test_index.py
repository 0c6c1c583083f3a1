"""The index on disk: incremental, never stale, atomic, and the API names other tools call."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from rag import Assistant
from rag.ingest import chunking
from rag.ingest.chunking import CHUNKER_VERSION, ChunkSettings
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
    assert m["chunking"] == ChunkSettings().as_dict() | {
        "chunker_version": CHUNKER_VERSION, "encoding": chunking.TIKTOKEN_ENCODING, "embedder_max_tokens": 256,
        "embedder_tokenizer": "all-MiniLM-L6-v2-onnx-int8"} and m["format_version"] == FORMAT_VERSION
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
    assert again.rechunked == [] and not again.rebuilt  # the same fingerprint: nothing chunked again

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
    told: list[str] = []
    small.indexer.notify = told.append
    r = small.add([corpus_copy])
    assert not r.rebuilt and len(r.rechunked) == len(r.moved) == 5 and r.chunks_embedded == small.store.n_chunks()
    assert told == ["re-chunking 5 documents: the chunk settings changed (max_tokens 200, now 80; "
                    "overlap_tokens 40, now 10)"]
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


def _chunk_spans(store) -> list[tuple[str, int, int]]:
    return sorted((c.doc_id, c.start, c.end) for c in store.chunks())


def _build_with_an_older_chunker(folder, index, monkeypatch) -> list[tuple[str, int, int]]:
    """An index as an older rag left it: chunks cut at lines only (another sentence splitter),
    and a manifest that records no chunker version. Returns its chunk spans."""
    with monkeypatch.context() as m:
        m.setattr(chunking, "split_sentences", lambda text: [
            (a, a + len(line)) for a, line in _lines(text)])
        old = Assistant.build([folder], index_dir=index)
    fp = old.store.manifest()["chunking"]
    older = {k: v for k, v in fp.items() if k not in ("chunker_version", "encoding", "embedder_tokenizer")}
    old.store.conn.execute("UPDATE manifest SET value = ? WHERE key = 'chunking'", (json.dumps(older),))
    spans = _chunk_spans(old.store)
    old.store.close()
    return spans


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, line.strip()))
        pos += len(line) + 1
    return out


def test_an_index_from_an_older_chunker_is_re_chunked_and_still_answers(tmp_path, corpus_copy, assistant,
                                                                         embedder, monkeypatch, caplog):
    index = tmp_path / "idx"
    old_spans = _build_with_an_older_chunker(corpus_copy, index, monkeypatch)
    current = _chunk_spans(assistant.store)  # what this chunker cuts (the session's fresh build)
    assert old_spans != current

    # Readers keep answering from the old chunks, told once (with the command that fixes it).
    with caplog.at_level("WARNING", logger="rag.notes"):
        reader = Assistant.load(index)
        Assistant.load(index)
        answer = reader.ask("Which missile can Japan's F-35A fighters carry internally?")
    notes = [r.getMessage() for r in caplog.records if "older chunker" in r.getMessage()]
    assert len(notes) == 1 and f"rag index {corpus_copy} --index {index}" in notes[0], notes
    assert not answer.abstained and "JSM" in answer.text

    # Removing a document commits no new chunks: the index still says it holds old ones.
    gone = sorted(d.doc_id for d in reader.documents())[-1]
    assert reader.remove([gone]) == 1
    assert "chunker_version" not in reader.store.manifest()["chunking"]

    told: list[str] = []
    writer = Assistant(index)
    writer.indexer.notify = told.append
    r = writer.add([corpus_copy])
    assert told == ["re-chunking 4 documents: the chunker changed since this index was built "
                    "(the index records no chunker version: an older rag built it)"]
    assert r.added == [gone] and len(r.rechunked) == 4 and r.unchanged == 0 and not r.rebuilt
    assert r.moved and f"4 re-chunked ({len(r.moved)} cut elsewhere)" in r.summary()
    assert "up to date" not in r.summary()
    moved_chunks = sum(1 for c in writer.store.chunks() if c.doc_id in set(r.moved) | {gone})
    assert r.chunks_embedded == moved_chunks  # documents whose chunks did not move keep their vectors
    assert _chunk_spans(writer.store) == current  # the same chunks as a fresh build
    assert writer.store.vectors.count() == writer.store.n_chunks()
    assert writer.store.manifest()["chunking"]["chunker_version"] == CHUNKER_VERSION
    again = writer.add([corpus_copy])
    assert again.rechunked == [] and again.chunks_embedded == 0 and "up to date" in again.summary()
    caplog.clear()
    with caplog.at_level("WARNING", logger="rag.notes"):
        answer = Assistant.load(index).ask("Which missile can Japan's F-35A fighters carry internally?")
    assert not [r for r in caplog.records if "older chunker" in r.getMessage()]
    assert not answer.abstained and "JSM" in answer.text


def test_a_new_chunker_version_re_chunks_every_document_even_from_other_roots(tmp_path, corpus_copy, embedder,
                                                                                monkeypatch):
    """A version bump whose chunks land where they were (as when the change moved no boundary of
    these documents) re-chunks all of them but embeds nothing: the last commit records it."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.txt").write_text("The Zorblax festival takes place in Quintara every April.", encoding="utf-8")
    index = tmp_path / "idx"
    before = _chunk_spans(Assistant.build([corpus_copy, other], index_dir=index).store)
    ids = [c.chunk_id for c in Store(index).chunks()]
    monkeypatch.setattr(chunking, "CHUNKER_VERSION", CHUNKER_VERSION + 1)
    a = Assistant(index)
    told: list[str] = []
    a.indexer.notify = told.append
    r = a.add([corpus_copy])  # only one of its roots given: the other's document is re-chunked too
    assert told == [f"re-chunking 6 documents: the chunker changed since this index was built "
                    f"(chunker_version {CHUNKER_VERSION}, now {CHUNKER_VERSION + 1})"]
    assert sorted(r.rechunked)[-1] == "extra.txt" and len(r.rechunked) == 6 and not r.removed
    assert r.moved == [] and r.chunks_embedded == 0 and "6 re-chunked (0 cut elsewhere)" in r.summary()
    assert _chunk_spans(a.store) == before and [c.chunk_id for c in a.store.chunks()] == ids
    assert a.store.manifest()["chunking"]["chunker_version"] == CHUNKER_VERSION + 1
    assert "up to date" in a.add([corpus_copy]).summary()
    assert a.retrieve("Where does the Zorblax festival take place?", k=1)[0].doc_id == "extra.txt"


def _fail_on_the_second_commit(monkeypatch, run) -> None:
    """Run ``run`` with the store's second commit failing (a full disk), then let commits through again."""
    commits = {"n": 0}
    write_rows = Store._write_rows

    def fail_on_the_second(self, *args):
        commits["n"] += 1
        if commits["n"] == 2:
            raise OSError("disk full (simulated)")
        return write_rows(self, *args)

    monkeypatch.setattr(Store, "_write_rows", fail_on_the_second)
    with pytest.raises(OSError, match="simulated"):
        run()
    monkeypatch.setattr(Store, "_write_rows", write_rows)


def test_a_re_chunk_that_fails_half_way_leaves_the_index_readable(tmp_path, corpus_copy, assistant, embedder,
                                                                   monkeypatch):
    import rag.ingest.indexer as indexer

    index = tmp_path / "idx"
    old_spans = _build_with_an_older_chunker(corpus_copy, index, monkeypatch)
    old_chunking = Store(index).manifest()["chunking"]
    monkeypatch.setattr(indexer, "COMMIT_EVERY_CHUNKS", 5)  # several commits, one per document or so
    _fail_on_the_second_commit(monkeypatch, lambda: Assistant(index).add([corpus_copy]))

    half = Assistant.load(index)  # every document is there, from old chunks or new ones
    assert {d.doc_id for d in half.documents()} == {p.name for p in corpus_copy.iterdir()}
    assert half.store.vectors.count() == half.store.n_chunks()
    for c in half.store.chunks():
        assert (corpus_copy / c.doc_id).read_text(encoding="utf-8")[c.start:c.end] == c.text
    spans = _chunk_spans(half.store)
    assert spans != old_spans and set(spans) & set(old_spans)  # the first commit's documents are new
    assert half.store.manifest()["chunking"] == old_chunking  # so the next run re-chunks them all
    assert not half.ask("Which missile can Japan's F-35A fighters carry internally?").abstained

    r = Assistant(index).add([corpus_copy])
    assert len(r.rechunked) == 5 and _chunk_spans(Store(index)) == _chunk_spans(assistant.store)


def test_a_rebuild_stopped_half_way_loses_no_document(tmp_path, corpus_copy, embedder, monkeypatch):
    """`rag index --rebuild` with the same settings embeds every document again, replacing each in
    its commit: a run that fails half way leaves every document indexed, a document of another root
    included, and the next rebuild finishes."""
    import rag.ingest.indexer as indexer

    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.txt").write_text("The Zorblax festival takes place in Quintara every April.", encoding="utf-8")
    index = tmp_path / "idx"
    built = Assistant.build([corpus_copy, other], index_dir=index)
    n_chunks, names = built.store.n_chunks(), {d.doc_id for d in built.documents()}
    monkeypatch.setattr(indexer, "COMMIT_EVERY_CHUNKS", 5)
    _fail_on_the_second_commit(monkeypatch, lambda: Assistant(index).add([corpus_copy], rebuild=True))

    half = Assistant.load(index)
    assert {d.doc_id for d in half.documents()} == names
    assert half.store.n_chunks() == n_chunks == half.store.vectors.count()
    assert not half.ask("Which missile can Japan's F-35A fighters carry internally?").abstained

    r = Assistant(index).add([corpus_copy], rebuild=True)  # only one root given: the other is embedded again too
    assert r.rebuilt == "asked to rebuild" and sorted(r.added) == sorted(names) and not r.removed
    assert r.chunks_embedded == n_chunks and Store(index).n_chunks() == n_chunks
    assert Assistant(index).retrieve("Where does the Zorblax festival take place?", k=1)[0].doc_id == "extra.txt"
