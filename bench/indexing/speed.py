"""Chunks/s of `rag index` against a bare SentenceTransformer.encode of the same chunk texts,
measured in one run (the ratio is what to compare across machines).

    python bench/indexing/speed.py [--corpus ../shared/datasets/scifact/corpus.jsonl] [--docs N]
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/datasets/scifact/corpus.jsonl"))
    ap.add_argument("--docs", type=int, default=0, help="use only the first N documents (0: all)")
    args = ap.parse_args()

    from rag import Assistant
    from rag.documents import load_paths
    from rag.index import embedding_text

    docs = load_paths([args.corpus]).documents
    if args.docs:
        docs = docs[:args.docs]
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Path(tmp) / "idx", embedder="minilm")  # compared with bare sentence-transformers
        assistant.embedder.encode(["warm up"])  # model load is not part of either figure
        t0 = time.perf_counter()
        report = assistant.add_documents(docs)
        ours = time.perf_counter() - t0
        chunker, emb = assistant.indexer.chunker, assistant.embedder
        by_id = {d.doc_id: d for d in docs}
        texts = [embedding_text(by_id[c.doc_id], c, emb) for d in docs for c in chunker.chunk(d)]
    model = emb.model  # the same SentenceTransformer, called bare
    t0 = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    bare = time.perf_counter() - t0
    n = report.chunks_embedded
    result = {"documents": len(docs), "chunks": n,
              "rag_index_chunks_per_s": round(n / ours, 1), "rag_index_embed_only_chunks_per_s": round(n / report.embed_seconds, 1),
              "bare_encode_chunks_per_s": round(len(texts) / bare, 1), "ratio_rag_index_to_bare": round(bare / ours, 3)}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
