"""Milvus against exact FAISS on SciFact: the same chunk vectors (embedded once, into a `flat`
index), added under the same chunk ids to a Milvus Lite file through rag's MilvusIndex, then the
SciFact questions searched in both; recall@10 of Milvus against FAISS and the largest score gap.

    python bench/milvus_recall.py                  # every abstract (embedding takes most of the time)
    python bench/milvus_recall.py --docs 1000      # the first 1,000, as tests/test_milvus.py
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.data_paths import datasets_dir  # noqa: E402

SCIFACT = datasets_dir() / "scifact"
OUT = ROOT / "bench" / "out"


def main() -> None:
    from rag import Assistant
    from rag.storage.vector_indexes.flat import flat_contents
    from rag.storage.vector_indexes.milvus import MilvusIndex, close_all

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="first N abstracts (default: all)")
    parser.add_argument("--out", type=Path, default=OUT / "milvus_recall.json")
    args = parser.parse_args()

    work = OUT / "milvus-scifact"  # one flat index, grown by a run over more abstracts (incremental)
    work.mkdir(parents=True, exist_ok=True)
    lines = (SCIFACT / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    corpus = work / "corpus.jsonl"
    corpus.write_text("\n".join(lines[:args.docs or None]) + "\n", encoding="utf-8")
    t = time.perf_counter()
    flat = Assistant(work / "flat-index", vector_index="flat")
    flat.add([corpus])  # incremental: a second run embeds nothing
    embed_s = time.perf_counter() - t
    ids, vectors = flat_contents(flat.store.vectors._index)

    db = work / "milvus.db"
    shutil.rmtree(db, ignore_errors=True)  # a fresh collection each run
    index = MilvusIndex.configured(str(db))(vectors.shape[1])
    t = time.perf_counter()
    index.add(ids, vectors)
    index.save(work / "milvus.pointer")
    add_s = time.perf_counter() - t
    questions = [json.loads(line)["text"] for line in (SCIFACT / "queries.jsonl").read_text().splitlines()]
    queries = flat.embedder.encode(questions)
    t = time.perf_counter()
    want_scores, want = flat.store.vectors.search(queries, 10)
    faiss_s = time.perf_counter() - t
    t = time.perf_counter()
    scores, found = index.search(queries, 10)
    milvus_s = time.perf_counter() - t
    close_all()

    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found.tolist(), want.tolist())]))
    result = {"abstracts": len(lines[:args.docs or None]), "chunks": int(len(ids)), "queries": len(questions),
              "recall_at_10_vs_exact": round(recall, 4),
              "max_score_gap": float(np.abs(scores - want_scores).max()),
              "same_top10_order": float(np.mean((found == want).all(axis=1))),
              "embed_s": round(embed_s, 1), "milvus_add_s": round(add_s, 2),
              "faiss_search_ms_per_query": round(1000 * faiss_s / len(queries), 3),
              "milvus_search_ms_per_query": round(1000 * milvus_s / len(queries), 3)}
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
