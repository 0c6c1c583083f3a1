"""Vector indexes at a million vectors: recall@10 against exact search, search latency per
query, resident memory and build time, for every kind asked for, on synthetic clustered unit
vectors (rag.testing.vector_indexes.clustered: a seeded Gaussian mixture in a 64-d latent space
mapped to 384-d, as sentence embeddings are). Each index is built through its VectorIndex class
(add in batches, as commits do), saved, then loaded and searched in a fresh process so its
resident memory is its own.

    python bench/vector_index.py                       # the table in bench/README.md (~10 min, 2 cores)
    python bench/vector_index.py --n 200000 --kinds ivf --hard 0 --hnsw 0   # a quick look
"""
from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag import registry  # noqa: E402
from rag.testing.vector_indexes import clustered  # noqa: E402

K = 10


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_data(n: int, dim: int, queries: int, spread: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    both = clustered(n + queries, dim, seed=seed, clusters=1000, spread=spread)
    return both[:n], both[n:].copy()


def exact_top(data: np.ndarray, queries: np.ndarray) -> np.ndarray:
    import faiss

    return faiss.knn(queries, data, K, metric=faiss.METRIC_INNER_PRODUCT)[1]


def build(kind: str, data: np.ndarray, path: Path) -> dict:
    cls = registry.load("vector_index", kind)
    t = time.perf_counter()
    index = cls(data.shape[1])
    ids = np.arange(len(data), dtype=np.int64)
    for lo in range(0, len(data), 65536):
        index.add(ids[lo:lo + 65536], data[lo:lo + 65536])
    seconds = time.perf_counter() - t
    index.save(path)
    del index
    gc.collect()
    return {"build_s": round(seconds, 1), "file_mb": round(path.stat().st_size / 2**20)}


def measure(kind: str, path: Path, queries: np.ndarray, truth: np.ndarray, nprobes: list[int],
            limit: int) -> list[dict]:
    """In a fresh process: load, then time each query alone (k = 10) and score recall@10."""
    np.save(path.with_suffix(".q.npy"), queries[:limit])
    np.save(path.with_suffix(".t.npy"), truth[:limit])
    out = subprocess.run([sys.executable, __file__, "--measure", str(path), "--kinds", kind,
                          "--nprobe", ",".join(map(str, nprobes))], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_here(path: Path, kind: str, nprobes: list[int]) -> list[dict]:
    import faiss  # noqa: F401  (imported before the baseline, as the library is)

    queries, truth = np.load(path.with_suffix(".q.npy")), np.load(path.with_suffix(".t.npy"))
    base = rss_mb()
    index = registry.load("vector_index", kind).load(path)
    memory = rss_mb() - base
    trained = getattr(index, "trained", False)
    rows = []
    for nprobe in (nprobes if trained else [0]):
        if trained:
            index._index.nprobe = nprobe
        index.search(queries[:5], K)  # warm
        times, found = [], []
        for q in queries:
            t = time.perf_counter()
            _, ids = index.search(q[None, :], K)
            times.append((time.perf_counter() - t) * 1000)
            found.append(ids[0])
        recall = float(np.mean([len(set(f.tolist()) & set(t.tolist())) / K for f, t in zip(found, truth)]))
        rows.append({"nprobe": nprobe, "recall@10": round(recall, 4), "p50_ms": round(float(np.median(times)), 3),
                     "p95_ms": round(float(np.percentile(times, 95)), 3), "rss_mb": round(memory),
                     "queries": len(queries)})
    return rows


def flat_scaling(data: np.ndarray, queries: np.ndarray, sizes: list[int]) -> list[dict]:
    """Exact search p50 at smaller sizes: where the approximate index starts to pay."""
    import faiss

    rows = []
    for n in sizes:
        index = faiss.IndexFlatIP(data.shape[1])
        index.add(data[:n])
        index.search(queries[:3], K)
        times = []
        for q in queries[:100]:
            t = time.perf_counter()
            index.search(q[None, :], K)
            times.append((time.perf_counter() - t) * 1000)
        rows.append({"n": n, "p50_ms": round(float(np.median(times)), 2)})
        del index
    return rows


def hnsw_build(data: np.ndarray, n: int) -> dict:
    """FAISS HNSW (M = 32, efConstruction = 40) build time on a sample, for the choice of IVF."""
    import faiss

    index = faiss.IndexHNSWFlat(data.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    t = time.perf_counter()
    index.add(data[:n])
    return {"n": n, "build_s": round(time.perf_counter() - t, 1)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--queries", type=int, default=500)
    p.add_argument("--kinds", default="flat,ivf,ivf-fp16,ivf-sq8")
    p.add_argument("--nprobe", default="8,16,32,64")
    p.add_argument("--spread", type=float, default=1.0, help="topic spread of the main set")
    p.add_argument("--hard", type=float, default=1.5, help="spread of a harder set for ivf alone (0: skip)")
    p.add_argument("--hnsw", type=int, default=100_000, help="HNSW build-time sample (0: skip)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--work", type=Path, default=ROOT / "bench/out/vector-index")
    p.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    nprobes = [int(x) for x in args.nprobe.split(",")]
    if args.measure:
        print(json.dumps(measure_here(args.measure, args.kinds, nprobes)))
        return

    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    result: dict = {"n": args.n, "dim": args.dim, "queries": args.queries, "sets": {}}
    sets = [("main", args.spread, args.kinds.split(","))] + ([("hard", args.hard, ["ivf"])] if args.hard else [])
    for label, spread, kinds in sets:
        data, queries = make_data(args.n, args.dim, args.queries, spread, args.seed)
        truth = exact_top(data, queries)
        nn = np.sort(queries @ data[:200_000].T, axis=1)[:, -K:]  # neighbour cosines, for the record
        entry: dict = {"spread": spread, "nn_cos_top1_top10_in_200k": [round(float(np.median(nn[:, -1])), 3),
                                                                      round(float(np.median(nn[:, 0])), 3)],
                       "kinds": {}}
        for kind in kinds:
            path = args.work / f"{label}-{kind}.faiss"
            info = build(kind, data, path)
            limit = 100 if kind == "flat" else args.queries
            info["search"] = measure(kind, path, queries, truth, nprobes, limit)
            path.unlink()
            entry["kinds"][kind] = info
            print(label, kind, json.dumps(info), flush=True)
        if label == "main":
            entry["flat_scaling"] = flat_scaling(data, queries, [50_000, 100_000, 250_000, 500_000])
            print("flat scaling", entry["flat_scaling"], flush=True)
            if args.hnsw:
                entry["hnsw"] = hnsw_build(data, args.hnsw)
                print("hnsw", entry["hnsw"], flush=True)
        result["sets"][label] = entry
        del data
        gc.collect()
    result["seconds"] = round(time.perf_counter() - t0)
    (args.work / "result.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
