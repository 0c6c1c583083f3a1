"""`rag index --ray`: chunking and embedding on a real local Ray instance (2 CPUs) write the index
the local path writes (ids, chunk rows, vectors, answers and citations), incrementally."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from rag import Assistant
from rag.storage.store import Store
from tests.conftest import datasets_dir, dataset

ROOT = Path(__file__).resolve().parent.parent
N_ABSTRACTS = 200
# Ray Data warns about its own deprecated settings when its context is created: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")

try:
    import ray
    import ray.data  # noqa: F401
    RAY = ""
except ImportError as exc:
    RAY = f"ray is not installed ({exc.name}): pip install -e '.[scale]' to run the Ray tests"
needs_ray = pytest.mark.skipif(bool(RAY), reason=RAY or "ray is installed")

QUESTIONS = [
    "Which missile can Japan's F-35A fighters carry internally?",
    "When was the Japan–Norway memorandum on defence equipment signed?",
    "Who won the 2022 World Cup?",
    "What do 0-dimensional biomaterials lack?",
    "How many people in the UK have abnormal PrP positivity?",
]


def rag(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def local_ray():
    """A real local Ray instance, bounded: 2 CPUs, a 300 MB object store; shut down after. Started
    a second time if its raylet does not register within Ray's fixed 30 s (seen once in CI, right
    after tests/test_ray_cluster.py had killed a node on this 2-core machine)."""
    options = dict(address="local", num_cpus=2, object_store_memory=300 * 2**20, include_dashboard=False,
                   logging_level="ERROR", log_to_driver=False)
    try:
        ray.init(**options)
    except Exception as exc:  # noqa: BLE001 - Ray raises a bare Exception for this
        if "timed out during startup" not in str(exc):
            raise
        ray.shutdown()
        time.sleep(5)
        ray.init(**options)
    yield
    ray.shutdown()


@pytest.fixture
def scifact() -> Path:
    """SciFact's corpus, for the tests that need many short documents beside corpus/'s long ones
    (skipped, naming RAG_DATASETS, before Ray is started when it is not there)."""
    return dataset("scifact", "corpus.jsonl")


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> list[Path]:
    """corpus/ (five long files) and the first SciFact abstracts (many short ones), when
    $RAG_DATASETS holds SciFact: the tests that need them ask for it (`dataset`)."""
    base = tmp_path_factory.mktemp("ray-sources")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    paths = [corpus]
    scifact = datasets_dir() / "scifact" / "corpus.jsonl"
    if scifact.is_file():
        lines = scifact.read_text(encoding="utf-8").splitlines()[:N_ABSTRACTS]
        (base / "scifact.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(base / "scifact.jsonl")
    return paths


def build(paths: list[Path], index: Path, ray_workers: int | None = None, embedder: str | None = None,
          engine: str | None = None):
    from rag.ingest.ray_ingest import RayIngest

    a = Assistant(index, embedder=embedder)
    if ray_workers:
        a.indexer.ingest = RayIngest(workers=ray_workers, engine=engine)
    return a, a.add(paths)


def rows(index: Path) -> list[tuple]:
    with sqlite3.connect(index / "index.sqlite") as conn:
        return conn.execute('SELECT id, doc_id, start, "end", text, n_tokens FROM chunks ORDER BY id').fetchall()


def documents(index: Path) -> list[tuple]:
    with sqlite3.connect(index / "index.sqlite") as conn:
        return conn.execute("SELECT doc_id, sha256, title, text, n_chunks FROM documents ORDER BY doc_id").fetchall()


def vectors(index: Path) -> np.ndarray:
    """The committed vectors, read from the segment files of the index's one generation (its list
    file names them), in chunk-id order."""
    import json

    import faiss

    lists = list(index.glob("vectors.*.json"))
    assert len(lists) == 1, lists  # one committed generation, nothing left over
    found: dict[int, np.ndarray] = {}
    for segment in json.loads(lists[0].read_text(encoding="utf-8"))["segments"]:
        ids = [i for i in range(segment["min_id"], segment["max_id"] + 1) if i not in set(segment["deleted"])]
        vecs = faiss.read_index(str(index / segment["file"])).reconstruct_batch(np.asarray(ids, dtype=np.int64))
        found.update(zip(ids, vecs))
    return np.stack([found[r[0]] for r in rows(index)])


def assert_same_index(local: Path, distributed: Path) -> None:
    assert documents(distributed) == documents(local)
    assert rows(distributed) == rows(local)  # chunk ids, offsets, text, tokens
    assert np.abs(vectors(distributed) - vectors(local)).max() <= 1e-4
    skip = {"updated", "versions", "command"}
    m_local, m_ray = Store(local).manifest(), Store(distributed).manifest()
    assert {k: v for k, v in m_ray.items() if k not in skip} == {k: v for k, v in m_local.items() if k not in skip}


def answers(index: Path) -> list[dict]:
    a = Assistant.load(index)
    out = []
    for q in QUESTIONS:
        d = a.ask(q).to_dict()
        d.pop("timings_ms")
        d["passages"] = [(p["doc_id"], p["start"], p["end"], round(p["score"], 3)) for p in d["passages"]]
        d["confidence"] = round(d["confidence"], 3)
        out.append(d)
    return out


@pytest.mark.slow
@needs_ray
def test_ray_writes_the_index_the_local_path_writes(scifact, tmp_path, sources, local_ray, monkeypatch):
    monkeypatch.setattr("rag.ingest.indexer.COMMIT_EVERY_CHUNKS", 150)  # several commits: their groups must match too
    folder = tmp_path / "corpus"
    shutil.copytree(sources[0], folder)
    paths = [folder, *sources[1:]]
    _, local_report = build(paths, tmp_path / "local")
    _, ray_report = build(paths, tmp_path / "ray", ray_workers=2)
    assert ray_report.added == local_report.added and ray_report.chunks_embedded == local_report.chunks_embedded > 150
    assert_same_index(tmp_path / "local", tmp_path / "ray")
    assert answers(tmp_path / "ray") == answers(tmp_path / "local")

    # Incremental: one file changed, one added, one deleted; only those are embedded, on Ray.
    first, second = sorted(folder.glob("00*.txt"))[:2]
    first.write_text(first.read_text(encoding="utf-8") + "\nA sentence appended later.", encoding="utf-8")
    second.unlink()
    (folder / "new.txt").write_text("The Zorblax festival takes place in Quintara every April.", encoding="utf-8")
    _, local_again = build(paths, tmp_path / "local")
    _, ray_again = build(paths, tmp_path / "ray", ray_workers=2)
    for r in (local_again, ray_again):
        assert (r.added, r.changed, r.removed) == (["new.txt"], [first.name], [second.name])
    assert 0 < ray_again.chunks_embedded == local_again.chunks_embedded < ray_report.chunks_embedded
    assert_same_index(tmp_path / "local", tmp_path / "ray")

    # The command again with --ray: nothing to embed, so Ray is not even started.
    r = rag("index", *map(str, paths), "--index", str(tmp_path / "ray"), "--ray")
    assert r.returncode == 0, r.stderr
    assert "index is up to date" in r.stdout and " 0 chunks embedded" in r.stdout
    assert_same_index(tmp_path / "local", tmp_path / "ray")


@pytest.mark.slow
@needs_ray
def test_ray_workers_build_the_torch_embedder_by_name(tmp_path, sources, local_ray):
    _, local_report = build([sources[0]], tmp_path / "local", embedder="minilm")
    _, ray_report = build([sources[0]], tmp_path / "ray", ray_workers=1, embedder="minilm")
    assert Store(tmp_path / "ray").manifest()["embedder"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert ray_report.chunks_embedded == local_report.chunks_embedded > 0
    assert_same_index(tmp_path / "local", tmp_path / "ray")


@pytest.mark.slow
@needs_ray
def test_plain_actors_the_ray_client_path_write_the_same_index(tmp_path, sources, local_ray):
    """ray:// addresses use plain actors (Ray Data does not run through Ray Client): same index."""
    from rag.ingest.ray_ingest import RayIngest

    assert RayIngest("ray://head:10001").engine == "actors" and RayIngest("auto").engine == "data"
    _, local_report = build([sources[0]], tmp_path / "local")
    _, ray_report = build([sources[0]], tmp_path / "ray", ray_workers=2, engine="actors")
    assert ray_report.chunks_embedded == local_report.chunks_embedded > 0
    assert_same_index(tmp_path / "local", tmp_path / "ray")
    for _ in range(100):  # the actors are killed at the end: their CPUs come back (asynchronously)
        if ray.available_resources().get("CPU") == 2:
            break
        time.sleep(0.1)
    assert ray.available_resources().get("CPU") == 2


def test_missing_ray_is_one_line_naming_the_extra(tmp_path):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    code = ("import sys; sys.modules['ray'] = None; from rag.cli import main; "
            f"sys.exit(main(['index', {str(tmp_path / 'a.txt')!r}, '--index', {str(tmp_path / 'idx')!r}, '--ray']))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1"))
    assert r.returncode == 2
    assert r.stderr.strip() == "error: --ray needs the ray package (ray is not installed): pip install -e '.[scale]'"
    assert not (tmp_path / "idx" / "index.sqlite").exists()


@needs_ray
def test_a_bad_ray_address_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    r = rag("index", str(tmp_path / "a.txt"), "--index", str(tmp_path / "idx"), "--ray", "not an address")
    assert r.returncode == 2 and r.stderr.strip().startswith("error: --ray not an address: not a Ray address")
    assert len(r.stderr.strip().splitlines()) == 1  # one line, no traceback


@needs_ray
def test_an_unreachable_cluster_is_one_line_in_seconds(tmp_path):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    r = rag("index", str(tmp_path / "a.txt"), "--index", str(tmp_path / "idx"), "--ray", "127.0.0.1:1")
    assert r.returncode == 2 and r.stderr.strip().startswith("error: cannot reach the Ray cluster at 127.0.0.1:1: ")
    assert len(r.stderr.strip().splitlines()) == 1
