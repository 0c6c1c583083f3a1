"""Registered embedders side by side on BEIR SciFact, in one run: encoding speed (chunks/s on the
same chunk texts, the embedders taking turns so that load on the machine hits both alike), short
query speed, and retrieval quality (nDCG@10 and recall@10 over the train claims, dense and hybrid)
from a full index built with each.

    python bench/embedders.py                       # minilm (torch) vs minilm-int8 (ONNX)
    python bench/embedders.py --speed-docs 300 --rounds 2 --skip-quality
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.data_paths import datasets_dir  # noqa: E402

SCIFACT = datasets_dir() / "scifact"
OUT = ROOT / "bench" / "out"


def chunk_texts(docs, embedder) -> list[str]:
    from rag.ingest.chunking import Chunker
    from rag.ingest.indexer import embedding_text

    chunker = Chunker(embedder=embedder)
    return [embedding_text(d, c, embedder) for d in docs for c in chunker.chunk(d)]


def speed(names: list[str], docs, rounds: int) -> dict[str, dict]:
    from rag import registry
    from rag.embedding.sentence_transformer import Embedder

    embedders = {n: registry.embedder(n) for n in names}
    texts = chunk_texts(docs, Embedder())  # one set of texts for all (same tokenizer, same limit)
    queries = [f"claim number {i}: a short question about cells and proteins" for i in range(64)]
    best: dict[str, dict] = {n: {"chunks_per_s": 0.0, "query_ms": []} for n in names}
    for e in embedders.values():
        e.load()
    for _ in range(rounds):
        for n, e in embedders.items():
            t0 = time.perf_counter()
            e.encode(texts)
            best[n]["chunks_per_s"] = max(best[n]["chunks_per_s"], len(texts) / (time.perf_counter() - t0))
            for q in queries:
                t0 = time.perf_counter()
                e.encode([q])
                best[n]["query_ms"].append((time.perf_counter() - t0) * 1000)
    return {n: {"chunks": len(texts), "chunks_per_s": round(b["chunks_per_s"], 1),
                "query_ms_p50": round(statistics.median(b["query_ms"]), 2)} for n, b in best.items()}


def quality(name: str) -> dict[str, float]:
    from rag import Assistant
    from rag.evaluation.questions import read_beir
    from rag.evaluation.runner import EvalConfig, run_eval

    evalset = read_beir(SCIFACT, "train")
    assistant = Assistant(OUT / f"index-scifact-{name}", embedder=name)
    assistant.add_documents(evalset.documents, progress=True)
    out = {}
    for retriever in ("dense", "hybrid"):
        m = run_eval(assistant, evalset, EvalConfig(retriever=retriever, retrieval_only=True)).metrics
        out[f"{retriever}_ndcg@10"], out[f"{retriever}_recall@10"] = m["ndcg@10"], m["recall@10"]
    return out


def main() -> int:
    from rag import registry

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embedders", default="minilm,minilm-int8", help="registered names, comma-separated")
    ap.add_argument("--speed-docs", type=int, default=600, help="SciFact abstracts whose chunks are timed")
    ap.add_argument("--rounds", type=int, default=3, help="timing rounds (the best is kept)")
    ap.add_argument("--skip-quality", action="store_true", help="speed only (no full indexes)")
    args = ap.parse_args()
    names = [n for n in args.embedders.split(",") if n]
    for n in names:
        registry.load("embedder", n)  # an unknown name fails before any work

    from rag.evaluation.questions import read_beir

    docs = read_beir(SCIFACT, "train").documents[:args.speed_docs]
    result = {"speed": speed(names, docs, args.rounds)}
    print(json.dumps(result, indent=1), flush=True)
    if not args.skip_quality:
        result["quality"] = {n: quality(n) for n in names}
    base = names[0]
    for n in names[1:]:
        s = result["speed"]
        result[f"{n}_vs_{base}"] = {
            "chunks_per_s_ratio": round(s[n]["chunks_per_s"] / s[base]["chunks_per_s"], 2),
            "query_speedup": round(s[base]["query_ms_p50"] / s[n]["query_ms_p50"], 2)}
        if "quality" in result:
            q = result["quality"]
            result[f"{n}_vs_{base}"] |= {f"{k}_change": round(q[n][k] - q[base][k], 4) for k in q[n]}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "embedders.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
