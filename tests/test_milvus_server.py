"""The Milvus vector index on a real Milvus server (the `milvus` package's standalone binary,
started by the tests on free ports: tests/servers.py): the conformance suite, `rag index
--vector-index milvus:http://...` answering the questions of eval/corpus_dev.jsonl with the same
answers and citations as the default path, and a server killed (kill -9) in the middle of an
ingestion, then restarted: the committed generations are whole and a re-run finishes the rest."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
N_QUESTIONS = 20
COPIES = 4  # corpus/ four times over: 20 documents, enough commits to kill the server between two
COMMIT_EVERY = 20

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def close_clients():
    yield
    from rag.storage.vector_indexes.milvus import close_all

    close_all()


def rag(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", **env))


def test_conforms_on_a_milvus_server(milvus_server):
    from rag.storage.vector_indexes.milvus import MilvusIndex
    from rag.testing.vector_indexes import check_vector_index

    check_vector_index(MilvusIndex.configured(milvus_server.uri))


def _answers(index: Path, questions: list[str]) -> list[dict]:
    from rag import Assistant

    assistant, out = Assistant.load(index), []
    for q in questions:
        d = assistant.ask(q).to_dict()
        d.pop("timings_ms")
        # the passages in order (their fused scores may differ in the 3rd digit where exact dense
        # scores tie or nearly do: FAISS and Milvus sum in different orders)
        d["passages"] = [(p["doc_id"], p["start"], p["end"]) for p in d["passages"]]
        d["confidence"] = round(d["confidence"], 3)
        out.append(d)
    return out


def test_cli_on_a_server_answers_as_the_default_path(tmp_path, corpus_copy, milvus_server):
    default, milvus = tmp_path / "default", tmp_path / "milvus"
    for args in (["--index", str(default)], ["--vector-index", f"milvus:{milvus_server.uri}", "--index", str(milvus)]):
        r = rag("index", str(corpus_copy), *args)
        assert r.returncode == 0, r.stderr[-2000:]
    assert Store(milvus).manifest()["vector_index"] == f"milvus:{milvus_server.uri}"
    pointer = json.loads(next(milvus.glob("vectors.*.faiss")).read_text())
    assert pointer["uri"] == milvus_server.uri and pointer["count"] == Store(default).n_chunks() > 0

    lines = (ROOT / "eval" / "corpus_dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines[:N_QUESTIONS]]
    want, got = _answers(default, questions), _answers(milvus, questions)
    assert sum(not a["abstained"] for a in want) >= N_QUESTIONS // 2, "the comparison covers real answers"
    for q, a, b in zip(questions, want, got):
        assert b == a, q
    # and through the command line, as a user asks
    a, b = (rag("ask", questions[0], "--index", str(i), "--json") for i in (default, milvus))
    assert a.returncode == b.returncode == 0, (a.stderr + b.stderr)[-2000:]
    assert json.loads(b.stdout)["citations"] == json.loads(a.stdout)["citations"] != []


def _copies(folder: Path, copies: int = COPIES) -> int:
    """corpus/ ``copies`` times, each file made distinct by a first line (its own document)."""
    folder.mkdir()
    for k in range(copies):
        for src in sorted((ROOT / "corpus").glob("*.txt")):
            text = src.read_text(encoding="utf-8")
            (folder / f"copy{k}_{src.name}").write_text(f"Copy {k} of {src.stem}.\n{text}", encoding="utf-8")
    return len(list(folder.iterdir()))


def _committed(index: Path) -> tuple[dict[str, str], list[tuple]]:
    """What SQLite holds (read-only, as another process sees it): documents and chunk rows."""
    with sqlite3.connect(f"file:{index / 'index.sqlite'}?mode=ro", uri=True, timeout=30) as conn:
        docs = dict(conn.execute("SELECT doc_id, sha256 FROM documents").fetchall())
        chunks = conn.execute('SELECT id, doc_id, start, "end" FROM chunks ORDER BY id').fetchall()
    return docs, chunks


def _n_documents(index: Path) -> int:
    try:
        return len(_committed(index)[0])
    except sqlite3.Error:  # not created yet
        return 0


def _whole(index: Path, chunks: list[tuple]) -> None:
    """The index's vectors are exactly its chunk rows', no more, no fewer, none twice."""
    store = Store(index)
    ids = store.vectors.ids().tolist()
    assert len(ids) == len(set(ids)) == store.vectors.count(), "no chunk twice"
    assert sorted(ids) == [c[0] for c in chunks], "every committed chunk has its vector, nothing else"
    store.close()


def test_a_server_killed_during_ingestion_loses_nothing_committed(tmp_path, tmp_path_factory):
    """kill -9 of the server between two commits of `rag index`: the command fails in one line,
    what it committed stays, and after a restart a re-run embeds only the rest."""
    pytest.importorskip("milvus")
    from tests.servers import MilvusServer

    folder, index = tmp_path / "docs", tmp_path / "idx"
    n_docs = _copies(folder)
    server = MilvusServer(tmp_path_factory.mktemp("milvus-killed"))
    try:
        server.start()
        cmd = [sys.executable, "-m", "rag", "index", str(folder), "--index", str(index),
               "--vector-index", f"milvus:{server.uri}"]
        env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", RAG_COMMIT_EVERY=str(COMMIT_EVERY))
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            deadline = time.monotonic() + 300
            while _n_documents(index) < 3 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert proc.poll() is None, "the ingestion ended before the server could be killed: " + proc.stderr.read()
            server.kill()
            t = time.monotonic()
            out, err = proc.communicate(timeout=300)
            failed_in = time.monotonic() - t
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 2, err[-2000:]
        lines = [line for line in err.strip().splitlines() if not line.startswith("embedding:")]  # the bar
        assert len(lines) == 1 and lines[0].startswith("error: Milvus ") and server.uri in lines[0], err[-3000:]
        docs, chunks = _committed(index)
        assert 3 <= len(docs) < n_docs, "killed between the first commits and the last"
        print(f"killed after {len(docs)} of {n_docs} documents; the command failed {failed_in:.1f} s later: {lines[0]}")

        server.restart()
        _whole(index, chunks)  # every committed chunk's vector survived kill -9, nothing half-written shows

        r = rag("index", str(folder), "--index", str(index), RAG_COMMIT_EVERY=str(COMMIT_EVERY))
        assert r.returncode == 0, r.stderr[-2000:]
        assert f"{n_docs - len(docs)} added, 0 changed, 0 removed, {len(docs)} unchanged" in r.stdout, r.stdout
        after_docs, after_chunks = _committed(index)
        assert len(after_docs) == n_docs and all(after_docs[d] == sha for d, sha in docs.items())
        assert set(chunks) <= set(after_chunks), "the committed chunk rows are kept as they were"
        _whole(index, after_chunks)

        # and it searches: a chunk's own text finds that chunk among the first ten (copies tie)
        from rag import Assistant

        assistant = Assistant.load(index)
        some = [c for c in assistant.store.chunks()][::10]
        _, found = assistant.store.vectors.search(assistant.embedder.encode([c.text for c in some]), 10)
        assert all(c.chunk_id in row for c, row in zip(some, found.tolist()))
    finally:
        server.stop()
