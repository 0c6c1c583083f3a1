"""`rag index --ray HOST:PORT` on a real two-node Ray cluster started on this machine (a head and
a second node, one CPU each: tests/servers.py): the workers spread over both nodes and both embed
(their node ids), the command says on how many nodes, the index and the answers are the local
path's; and the second node killed in the middle of a run: the run finishes on the head, or a
re-run resumes, with no document missing and no chunk twice."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_milvus_server import _committed, _copies, _n_documents

ROOT = Path(__file__).resolve().parent.parent
N_QUESTIONS = 20

try:
    import ray  # noqa: F401
    import ray.data  # noqa: F401
    RAY = ""
except ImportError as exc:
    RAY = f"ray is not installed ({exc.name}): pip install -e '.[scale]' to run the Ray tests"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(RAY), reason=RAY or "ray is installed"),
              pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from tests.servers import RayCluster

    c = RayCluster(tmp_path_factory.mktemp("ray-cluster"))
    try:
        yield c.start()
    finally:
        c.stop()


def rag(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, timeout=600, env=env)


def assert_same_index(local: Path, distributed: Path) -> None:
    """The same documents, chunk rows and manifest, and the same vectors: each chunk's text as a
    query finds the same chunks with the same scores in both."""
    import numpy as np

    from rag import Assistant
    from tests.test_ray_ingest import documents, rows

    assert documents(distributed) == documents(local)
    assert rows(distributed) == rows(local)  # chunk ids, offsets, text, tokens
    a, b = Assistant.load(local), Assistant.load(distributed)
    skip = {"updated", "versions", "command"}
    assert {k: v for k, v in b.store.manifest().items() if k not in skip} == {
        k: v for k, v in a.store.manifest().items() if k not in skip}
    assert b.store.vectors.count() == a.store.vectors.count() == len(rows(local))
    queries = a.embedder.encode([text for _, _, _, _, text, *_ in rows(local)][::3])
    (sa, ia), (sb, ib) = a.store.vectors.search(queries, 5), b.store.vectors.search(queries, 5)
    assert np.abs(sa - sb).max() <= 1e-4 and (ia == ib).all()


def _answers(index: Path, questions: list[str]) -> list[dict]:
    from rag import Assistant

    assistant, out = Assistant.load(index), []
    for q in questions:
        d = assistant.ask(q).to_dict()
        out.append({k: d[k] for k in ("answer", "citations", "abstained")})
    return out


def test_two_nodes_embed_the_index_the_local_path_writes(tmp_path, cluster):
    folder = tmp_path / "docs"
    _copies(folder, 2)
    local, distributed = tmp_path / "local", tmp_path / "ray"
    r = rag("index", str(folder), "--index", str(local), env=cluster.env)
    assert r.returncode == 0, r.stderr[-2000:]
    r = rag("index", str(folder), "--index", str(distributed), "--ray", cluster.address, env=cluster.env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "chunked and embedded by 2 Ray workers on 2 Ray nodes" in r.stdout, r.stdout
    assert_same_index(local, distributed)
    lines = (ROOT / "eval" / "corpus_dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines[:N_QUESTIONS]]
    assert _answers(distributed, questions) == _answers(local, questions)

    # An update from Python: the node ids of the workers that embedded are both of the cluster's.
    from rag import Assistant
    from rag.ingest.ray_ingest import RayIngest

    for path in sorted(folder.iterdir()):
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added later.", encoding="utf-8")
    os.environ["RAY_AUTH_MODE"] = "disabled"
    try:
        assistant = Assistant(distributed)
        ingest = assistant.indexer.ingest = RayIngest(cluster.address)
        try:
            report = assistant.add([folder])
        finally:
            ingest.close()
    finally:
        del os.environ["RAY_AUTH_MODE"]
    assert len(report.changed) == 10 and report.chunks_embedded > 0
    assert ingest.nodes == set(cluster.alive_nodes()) and len(ingest.nodes) == 2


def test_a_node_killed_mid_run_loses_nothing(tmp_path, cluster):
    """The second node's processes killed (kill -9) after the first commits of a run."""
    folder = tmp_path / "docs"
    n_docs = _copies(folder, 6)
    local, distributed = tmp_path / "local", tmp_path / "ray"
    env = dict(cluster.env, RAG_COMMIT_EVERY="20")
    cmd = [sys.executable, "-m", "rag", "index", str(folder), "--index", str(distributed), "--ray", cluster.address]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 300
        while _n_documents(distributed) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before the node could be killed: " + proc.stderr.read()[-2000:]
        cluster.worker.kill()
        t = time.monotonic()
        out, err = proc.communicate(timeout=400)
        took = time.monotonic() - t
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    docs_then = _committed(distributed)[0]
    print(f"node killed after {len(docs_then)} of {n_docs} documents; the run ended {took:.0f} s later "
          f"with {proc.returncode}: {(out + err).strip().splitlines()[-2:]}")
    if proc.returncode != 0:  # it said why in one line; a re-run on the head resumes
        lines = [line for line in err.strip().splitlines() if not line.startswith("chunking + embedding")]
        assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), err[-3000:]
        r = rag("index", str(folder), "--index", str(distributed), "--ray", cluster.address, env=env)
        assert r.returncode == 0, r.stderr[-2000:]
        assert f"{n_docs - len(docs_then)} added" in r.stdout and "on 1 Ray node" in r.stdout, r.stdout
    docs, chunks = _committed(distributed)
    assert len(docs) == n_docs and len({c[0] for c in chunks}) == len(chunks)
    r = rag("index", str(folder), "--index", str(local), env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert_same_index(local, distributed)  # every document, every chunk once, the same vectors
