"""Chunking and embedding SciFact on Ray with 1 and 2 workers on this machine: the speed-up ratio
(absolute times depend on how busy the shared cores are), the per-core rate and fixed costs that
the cost model in bench/README.md ("Scaling with Ray") extrapolates from, and the single writer's
commit speed.

The runs go through rag.ingest.ray_ingest.RayIngest, the code `rag index --ray` runs, on one local Ray
instance with 2 CPUs; each run starts a new actor pool (worker start and model load included).

    python bench/ray_scaling.py                  # the first 600 abstracts, default embedder
    python bench/ray_scaling.py --docs 1500 --rounds 2
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.data_paths import datasets_dir  # noqa: E402

SCIFACT = datasets_dir() / "scifact" / "corpus.jsonl"
OUT = ROOT / "bench" / "out"


def ray_run(ingest, docs, embedder, settings) -> dict[str, float]:
    """Wall time, time to the first document (actor start + model load) and the rate after it."""
    t0 = time.perf_counter()
    first = None
    chunks = 0
    text_bytes = 0
    for doc, cs, _ in ingest.run(docs, embedder, settings):
        if first is None:
            first = time.perf_counter()
            first_chunks = len(cs)
        chunks += len(cs)
        text_bytes += sum(len(c.text.encode("utf-8")) for c in cs)
    end = time.perf_counter()
    steady = (chunks - first_chunks) / (end - first) if end > first else 0.0
    return {"seconds": end - t0, "first_doc_s": first - t0, "chunks": chunks,
            "chunks_per_s": chunks / (end - t0), "steady_chunks_per_s": steady, "text_bytes": text_bytes}


def local_run(docs, embedder, settings) -> dict[str, float]:
    """The same work without Ray, in this process on one thread (RAG_THREADS=1, set before the
    model loads): its chunks per CPU-second is the per-core rate, whatever else the cores run."""
    from rag.ingest.chunking import Chunker
    from rag.ingest.indexer import embedding_text

    embedder.load()
    t0, c0 = time.perf_counter(), time.process_time()
    chunker = Chunker(settings, embedder)
    texts = [embedding_text(d, c, embedder) for d in docs for c in chunker.chunk(d)]
    embedder.encode(texts)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_seconds": cpu, "chunks": len(texts), "chunks_per_s": len(texts) / seconds,
            "chunks_per_cpu_s": len(texts) / cpu}


def writer_speed(dimension: int, n_vectors: int = 100_000) -> dict[str, float]:
    """How fast the single writer rewrites the vector file (what each commit does): MB/s."""
    import faiss
    import numpy as np

    index = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
    rng = np.random.default_rng(0)
    index.add_with_ids(rng.standard_normal((n_vectors, dimension), dtype=np.float32),
                       np.arange(n_vectors, dtype=np.int64))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v.faiss"
        t0 = time.perf_counter()
        faiss.write_index(index, str(path))
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())
        seconds = time.perf_counter() - t0
        size = path.stat().st_size
    return {"vectors": n_vectors, "mb": size / 2**20, "mb_per_s": size / 2**20 / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600, help="first N SciFact abstracts (default 600)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per worker count, alternating (best kept)")
    parser.add_argument("--embedder", default=None, help="registry name (default: the default embedder)")
    parser.add_argument("--out", type=Path, default=OUT / "ray_scaling.json")
    args = parser.parse_args()

    import ray

    from rag import registry
    from rag.ingest.chunking import ChunkSettings
    from rag.ingest.ray_ingest import RayIngest
    from rag.ingest.documents import iter_jsonl

    docs = [d for d, _ in zip(iter_jsonl(SCIFACT), range(args.docs))]
    embedder = registry.embedder(args.embedder)
    settings = ChunkSettings()
    report: dict = {"docs": len(docs), "embedder": embedder.name, "cores": os.cpu_count(),
                    "load_average_before": os.getloadavg()[0]}

    def save() -> None:  # after every step: a run cut short keeps what it measured
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    report["writer"] = writer_speed(embedder.dimension)
    save()
    ray.init(num_cpus=2, object_store_memory=512 * 2**20, include_dashboard=False,
             logging_level="ERROR", log_to_driver=False)
    runs: dict[int, list[dict]] = {1: [], 2: []}
    try:
        for _ in range(args.rounds):
            for workers in (1, 2):
                result = ray_run(RayIngest(workers=workers), docs, embedder, settings)
                result["load_average"] = os.getloadavg()[0]
                runs[workers].append(result)
                report[f"ray_{workers}"] = max(runs[workers], key=lambda r: r["steady_chunks_per_s"])
                save()
                print(f"ray, {workers} worker(s): {json.dumps({k: round(v, 2) for k, v in result.items()})}",
                      flush=True)
    finally:
        ray.shutdown()
    one, two = report["ray_1"], report["ray_2"]
    report["chunks"] = one["chunks"]
    report["speedup_wall"] = one["seconds"] / two["seconds"]
    report["speedup_steady"] = two["steady_chunks_per_s"] / one["steady_chunks_per_s"]
    report["bytes_per_chunk"] = one["text_bytes"] / one["chunks"] + embedder.dimension * 4 + 4 * 8
    save()
    os.environ["RAG_THREADS"] = "1"  # the model has not loaded in this process yet: one thread
    report["local_1_thread"] = local = local_run(docs, embedder, settings)
    save()
    print(f"local, 1 thread (no Ray): {json.dumps({k: round(v, 2) for k, v in local.items()})}", flush=True)
    print(f"speed-up 1 -> 2 workers: {report['speedup_steady']:.2f}x steady, {report['speedup_wall']:.2f}x wall; "
          f"per-core rate {local['chunks_per_cpu_s']:.1f} chunks per CPU-second; "
          f"writer {report['writer']['mb_per_s']:.0f} MB/s; written to {args.out}")

if __name__ == "__main__":
    main()
