"""Seconds per answer of the LLM generator on CPU, with 5 passages per question.

Passages are 5 SQuAD 2.0 dev paragraphs of one article (gold paragraph first); questions are
answerable ones about the first paragraph. Reports load time, mean seconds per answer (model
and verification separately), how many answers kept model sentences, fell back or abstained.

Usage: python bench/llm/speed.py [--model PATH.gguf | --smollm2] [-n 5] [--threads N]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from threshold import default_squad, load_questions  # noqa: E402

from rag.embedding.sentence_transformer import Embedder  # noqa: E402
from rag.answering.llm import LLMGenerator  # noqa: E402
from rag.answering.llm_models import smollm2_path  # noqa: E402
from rag.types import Passage  # noqa: E402


def cases(n: int, k: int = 5) -> list[tuple[str, list[Passage]]]:
    questions, paragraphs, article_of = load_questions(default_squad())
    out, used = [], set()
    for q in questions:
        art = article_of[q["pid"]]
        if art in used:
            continue
        same = [p for p in range(len(paragraphs)) if article_of[p] == art and p != q["pid"]][:k - 1]
        if len(same) < k - 1:
            continue
        used.add(art)
        pids = [q["pid"], *same]
        passages = [Passage(doc_id=f"p{p}", start=0, end=len(paragraphs[p]), text=paragraphs[p],
                            score=1.0 - r / 10, rank=r + 1) for r, p in enumerate(pids)]
        out.append((q["q"], passages))
        if len(out) == n:
            break
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="GGUF file (default: the assembled Qwen2.5 0.5B)")
    ap.add_argument("--smollm2", action="store_true", help="use the SmolLM2-135M test model")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--max-tokens", type=int, default=256)
    args = ap.parse_args()
    model = smollm2_path() if args.smollm2 else args.model
    gen = LLMGenerator(model_path=model, embedder=Embedder(), n_threads=args.threads, max_tokens=args.max_tokens)
    data = cases(args.n)
    t0 = time.perf_counter()
    gen._model()
    gen.embedder.encode(["warm up"])
    print(f"model {gen.model_path.name}: loaded in {time.perf_counter() - t0:.1f} s, threads {gen.n_threads}")
    totals, kinds = [], {"model": 0, "fallback": 0, "abstained": 0}
    for question, passages in data:
        t = time.perf_counter()
        answer = gen.generate(question, passages)
        totals.append(time.perf_counter() - t)
        kind = "abstained" if answer.abstained else "fallback" if "instead" in answer.reason else "model"
        kinds[kind] += 1
        print(f"{totals[-1]:6.1f} s  llm {answer.timings_ms.get('llm_ms', 0) / 1000:5.1f} s  "
              f"verify {answer.timings_ms.get('verify_ms', 0) / 1000:4.1f} s  [{kind}] {question} -> {answer.text[:90]!r}")
    print(f"mean {sum(totals) / len(totals):.1f} s per answer over {len(totals)} questions "
          f"(5 passages each); {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
