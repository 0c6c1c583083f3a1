"""What one commit costs as the index grows: adding 1,000 chunks to indexes holding 100,000 and
1,000,000 synthetic vectors, through the real ``rag.storage.store.Store`` (SQLite rows, segment
files, the generation's list, fsyncs) on the kind asked for (``ivf``, the default kind, unless
``--kind``).

For each size: one commit builds the base index (its rows and one segment; ``ivf`` trains there),
then ``--adds`` commits of 1,000 chunks each are timed. With ``TIER_FACTOR`` = 10 adds, the last
one's merge (ten segments of 1,000 into one, a commit of its own) is timed apart. A reader opened
before the adds is timed loading each new generation (it loads only the new segment). "Before"
is what format version 2 did on top of that: rewrite the whole vector file (save, fsync, rename),
measured on the same index.

    python bench/commit_cost.py --json bench/out/commit_cost.json       # ~5-8 min on 2 shared cores
    python bench/commit_cost.py --sizes 20000 --json /tmp/quick.json    # a quick look
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.storage.store import Store  # noqa: E402
from rag.types import Chunk, Document  # noqa: E402

DIM = 384
ADD = 1_000
PER_DOC = 1_000  # chunks per synthetic document of the base index


def unit_vectors(n: int, seed: int) -> np.ndarray:
    """Normalised float32 Gaussian vectors, made in blocks to keep the peak memory down."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), dtype=np.float32)
    for lo in range(0, n, 100_000):
        block = rng.standard_normal((min(100_000, n - lo), DIM), dtype=np.float32)
        out[lo:lo + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def documents(first: int, n_chunks: int, per_doc: int) -> list[tuple[Document, list[Chunk]]]:
    """Documents of ``per_doc`` short chunks each (the rows' sizes matter little here)."""
    out = []
    for d in range(0, n_chunks, per_doc):
        doc = Document(doc_id=f"doc{first + d:08d}", text="synthetic chunk text " * 4, title="")
        k = min(per_doc, n_chunks - d)
        out.append((doc, [Chunk(doc.doc_id, 0, 20, "synthetic chunk text", 3)] * k))
    return out


def whole_rewrite(store: Store, folder: Path) -> float:
    """Format version 2's per-commit cost: the whole vector file written again."""
    vectors = store.vectors
    parts = [index for _, index in vectors.parts] if hasattr(vectors, "parts") else [vectors]
    path = folder / "whole.faiss.tmp"
    t = time.perf_counter()
    parts[0].save(path)  # the base holds all but the last few thousand vectors
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(path, folder / "whole.faiss")
    seconds = time.perf_counter() - t
    (folder / "whole.faiss").unlink()
    return seconds


def measure(n: int, kind: str, adds: int, work: Path) -> dict[str, object]:
    folder = work / f"idx-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    manifest = {"embedder": "synthetic", "dimension": DIM}
    store = Store(folder, vector_index=kind)
    t = time.perf_counter()
    base = unit_vectors(n, seed=1)
    store.commit(manifest, [], documents(0, n, PER_DOC), base)
    del base
    build = time.perf_counter() - t
    reader = Store(folder)
    reader.vectors  # a long-lived reader (rag serve) with the base loaded
    added = unit_vectors(ADD * adds, seed=2)
    commits, merges, reloads = [], [], []
    for i in range(adds):
        docs = documents(n + i * ADD, ADD, 100)
        t = time.perf_counter()
        store.commit(manifest, [], docs, added[i * ADD:(i + 1) * ADD], merge=False)
        commits.append(time.perf_counter() - t)
        t = time.perf_counter()
        merged = store.merge()
        if merged:
            merges.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert reader.vectors.count() == n + (i + 1) * ADD
        reloads.append(time.perf_counter() - t)
    rewrite = whole_rewrite(store, work)
    count = store.vectors.count()
    store.close()
    reader.close()
    shutil.rmtree(folder, ignore_errors=True)
    median = statistics.median(commits)
    return {"n": n, "kind": kind, "vectors_after": count, "build_seconds": round(build, 1),
            "commit_seconds": [round(c, 4) for c in commits], "seconds": round(median, 4),
            "max_seconds": round(max(commits), 4), "merge_seconds": [round(m, 3) for m in merges],
            "reader_reload_seconds": round(statistics.median(reloads), 4),
            "rewrite_seconds": round(rewrite, 3), "before_seconds": round(rewrite + median, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--kind", default="ivf", help="the vector index kind (default: ivf)")
    parser.add_argument("--adds", type=int, default=10, help="commits of 1,000 timed per size")
    parser.add_argument("--work", type=Path, help="a folder for the indexes (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="commit-cost-"))
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    for n in args.sizes:
        run = measure(n, args.kind, args.adds, work)
        print(json.dumps(run), flush=True)
        runs.append(run)
    out: dict[str, object] = {"runs": runs}
    names = {100_000: "100k", 1_000_000: "1m"}
    for run in runs:
        label = names.get(int(run["n"]), str(run["n"]))
        out[f"seconds_{label}"] = run["seconds"]
        out[f"before_seconds_{label}"] = run["before_seconds"]
    if "seconds_100k" in out and "seconds_1m" in out:
        ratio = float(out["seconds_1m"]) / max(float(out["seconds_100k"]), 1e-9)
        out["ratio_1m_to_100k"] = round(ratio, 2)
        out["meets_targets"] = float(out["seconds_1m"]) <= 2.0 and \
            float(out["seconds_1m"]) <= 1.1 * float(out["seconds_100k"]) + 0.2
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "runs"}))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
