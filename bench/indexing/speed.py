"""Chunks/s of `rag index` against a bare SentenceTransformer.encode of the same chunk texts,
measured in one run (the ratio is what to compare across machines).

The two take turns for --rounds rounds (a fresh index each time; which goes first alternates),
so a slow spell of a shared machine falls on both; the ratio reported is the median of the rounds'.

    python bench/indexing/speed.py [--corpus ../shared/datasets/scifact/corpus.jsonl] [--docs N] [--rounds 5]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.data_paths import datasets_dir  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(datasets_dir() / "scifact" / "corpus.jsonl"))
    ap.add_argument("--docs", type=int, default=0, help="use only the first N documents (0: all)")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds; the median ratio is reported")
    args = ap.parse_args()

    from rag import Assistant
    from rag.ingest.documents import load_paths
    from rag.ingest.indexer import embedding_text

    docs = load_paths([args.corpus]).documents
    if args.docs:
        docs = docs[:args.docs]
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        # One-time costs of a process (loading the tiktoken vocabulary, importing bm25s, FAISS and
        # the stemmer) are no more part of the rate than the model load: pay them first.
        Assistant(Path(tmp) / "warm", embedder="minilm").add_documents(docs[:1])
        for r in range(args.rounds):
            assistant = Assistant(Path(tmp) / f"idx{r}", embedder="minilm")  # against bare sentence-transformers
            emb = assistant.embedder
            emb.encode(["warm up"])  # model load is not part of either figure
            texts = [embedding_text(d, c, emb) for d in docs for c in assistant.indexer.chunker.chunk(d)]

            def ours():
                return assistant.add_documents(docs)

            def bare():  # the same model, called bare
                return emb.model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)

            seconds = {}
            for name, run in ((("ours", ours), ("bare", bare)) if r % 2 == 0 else (("bare", bare), ("ours", ours))):
                t0 = time.perf_counter()
                out = run()
                seconds[name] = time.perf_counter() - t0
                if name == "ours":
                    report = out
            assert len(texts) == report.chunks_embedded
            rounds.append({"first": "rag index" if r % 2 == 0 else "bare", "rag_index_s": round(seconds["ours"], 2),
                           "embed_only_s": round(report.embed_seconds, 2), "bare_encode_s": round(seconds["bare"], 2),
                           "ratio": round(seconds["bare"] / seconds["ours"], 3)})
            print(json.dumps(rounds[-1]), flush=True)
    n = report.chunks_embedded
    mid = sorted(rounds, key=lambda x: x["ratio"])[len(rounds) // 2]
    result = {"documents": len(docs), "chunks": n, "rounds": rounds,
              "rag_index_chunks_per_s": round(n / mid["rag_index_s"], 1),
              "rag_index_embed_only_chunks_per_s": round(n / mid["embed_only_s"], 1),
              "bare_encode_chunks_per_s": round(n / mid["bare_encode_s"], 1),
              "ratio_rag_index_to_bare": mid["ratio"]}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
