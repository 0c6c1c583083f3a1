"""Measure the support score on supported vs unsupported (claim, passage) pairs; pick the
weight and threshold used by rag/answering/verify.py.

Data: SQuAD 2.0 dev (shared/datasets/squad2-dev-half), answerable questions, every paragraph
a passage. For each question:
  supported    gold_sentence  the sentence of the gold paragraph that holds the answer
               qa_claim       "<question without ?>: <gold answer>." (how a model states it)
  unsupported  other_article  qa_claim against a paragraph of another article
               same_article   qa_claim against another paragraph of the same article (topical)
               wrong_answer   "<question>: <answer of a question from another article>." against
                              the gold paragraph (an invented fact next to the right topic)
               foreign_sent   the gold sentence of another article's question, gold paragraph

Usage: python bench/llm/threshold.py [--squad PATH] [-n 300] [--out bench/llm/threshold.md]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rag.embedding.sentence_transformer import Embedder  # noqa: E402
from rag.answering.verify import is_instruction, missing_facts, word_overlap  # noqa: E402
from rag.ingest.sentences import split_sentences  # noqa: E402

SUPPORTED = ("gold_sentence", "qa_claim")
UNSUPPORTED = ("other_article", "same_article", "wrong_answer", "foreign_sent")


def default_squad() -> Path:
    from bench.data_paths import DATASETS_ENV, datasets_dir

    p = datasets_dir() / "squad2-dev-half" / "dev-v2.0.json"
    if p.exists():
        return p
    raise SystemExit(f"SQuAD file not found at {p}; set {DATASETS_ENV} or pass --squad")


def load_questions(path: Path) -> tuple[list[dict], list[str], list[int]]:
    """Answerable questions with their paragraph index; paragraph texts; article of each paragraph."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    paragraphs: list[str] = []
    article_of: list[int] = []
    questions: list[dict] = []
    for a, article in enumerate(data):
        for para in article["paragraphs"]:
            pid = len(paragraphs)
            paragraphs.append(para["context"])
            article_of.append(a)
            for qa in para["qas"]:
                if qa.get("is_impossible") or not qa["answers"]:
                    continue
                ans = qa["answers"][0]
                questions.append({"q": qa["question"].strip(), "answer": ans["text"].strip(),
                                  "start": ans["answer_start"], "pid": pid})
    return questions, paragraphs, article_of


def gold_sentence(context: str, start: int) -> str:
    for a, b in split_sentences(context):
        if a <= start < b:
            return context[a:b]
    return context


def claim(question: str, answer: str) -> str:
    return f"{question.rstrip(' ?')}: {answer}."


def build_pairs(questions: list[dict], paragraphs: list[str], article_of: list[int], n: int,
                seed: int = 0) -> list[tuple[str, str, int]]:
    """(kind, claim, paragraph index) pairs."""
    rng = random.Random(seed)
    picked = rng.sample(questions, min(n, len(questions)))
    by_article: dict[int, list[int]] = {}
    for pid, a in enumerate(article_of):
        by_article.setdefault(a, []).append(pid)
    pairs: list[tuple[str, str, int]] = []
    for q in picked:
        ctx, art = paragraphs[q["pid"]], article_of[q["pid"]]
        qa = claim(q["q"], q["answer"])
        pairs.append(("gold_sentence", gold_sentence(ctx, q["start"]), q["pid"]))
        pairs.append(("qa_claim", qa, q["pid"]))
        other = rng.choice([p for p in range(len(paragraphs)) if article_of[p] != art])
        pairs.append(("other_article", qa, other))
        same = [p for p in by_article[art] if p != q["pid"] and q["answer"].lower() not in paragraphs[p].lower()]
        if same:
            pairs.append(("same_article", qa, rng.choice(same)))
        foreign = rng.choice([x for x in questions if article_of[x["pid"]] != art])
        if foreign["answer"].lower() not in ctx.lower():
            pairs.append(("wrong_answer", claim(q["q"], foreign["answer"]), q["pid"]))
        pairs.append(("foreign_sent", gold_sentence(paragraphs[foreign["pid"]], foreign["start"]), q["pid"]))
    return pairs


def encode_cached(embedder: Embedder, texts: list[str], cache: Path | None, desc: str) -> np.ndarray:
    """Embeddings of ``texts``, kept in ``cache`` (an .npy file) between runs of the same sample."""
    if cache is not None and cache.exists():
        vecs = np.load(cache)
        if len(vecs) == len(texts):
            return vecs
    vecs = embedder.encode(texts, progress=True, desc=desc)
    if cache is not None:
        np.save(cache, vecs)
    return vecs


def components(pairs: list[tuple[str, str, int]], paragraphs: list[str], embedder: Embedder,
               cache: Path | None = None):
    """Per pair: cosines to each paragraph sentence, word overlap with each sentence and with
    the paragraph (the inputs of verify's score)."""
    needed = sorted({pid for _, _, pid in pairs})
    spans = {pid: [(a, b) for a, b in split_sentences(paragraphs[pid])
                   if not is_instruction(paragraphs[pid][a:b])] for pid in needed}
    texts = [paragraphs[pid][a:b] for pid in needed for a, b in spans[pid]]
    vecs = encode_cached(embedder, texts, cache and cache.with_suffix(".sentences.npy"), "passage sentences")
    offsets, pos = {}, 0
    for pid in needed:
        offsets[pid] = (pos, pos + len(spans[pid]))
        pos += len(spans[pid])
    cvecs = encode_cached(embedder, [c for _, c, _ in pairs], cache and cache.with_suffix(".claims.npy"), "claims")
    out = []
    for (kind, text, pid), v in zip(pairs, cvecs):
        lo, hi = offsets[pid]
        cos = vecs[lo:hi] @ v
        sent_overlap = np.array([word_overlap(text, paragraphs[pid][a:b]) for a, b in spans[pid]])
        gate = not missing_facts(text, paragraphs[pid])  # verify scores 0 when a number or name is missing
        out.append((kind, cos, sent_overlap, word_overlap(text, paragraphs[pid]), gate))
    return out


def scores(comps, weight: float) -> dict[str, np.ndarray]:
    res: dict[str, list[float]] = {}
    for kind, cos, sent_ov, psg_ov, gate in comps:
        local = weight * cos + (1 - weight) * sent_ov
        j = int(np.argmax(local))
        res.setdefault(kind, []).append(weight * float(cos[j]) + (1 - weight) * psg_ov if gate else 0.0)
    return {k: np.array(v) for k, v in res.items()}


def evaluate(by_kind: dict[str, np.ndarray], t: float) -> dict[str, float]:
    """Share kept (supported kinds) or rejected (unsupported kinds) at threshold ``t``."""
    out = {k: float(np.mean(v >= t)) for k, v in by_kind.items() if k in SUPPORTED}
    out.update({k: float(np.mean(v < t)) for k, v in by_kind.items() if k in UNSUPPORTED})
    sup = np.concatenate([by_kind[k] for k in SUPPORTED])
    uns = np.concatenate([by_kind[k] for k in UNSUPPORTED if k in by_kind])
    out["kept"] = float(np.mean(sup >= t))
    out["rejected"] = float(np.mean(uns < t))
    out["balanced"] = (out["kept"] + out["rejected"]) / 2
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--squad", type=Path, default=None)
    ap.add_argument("-n", type=int, default=300, help="questions sampled")
    ap.add_argument("--cache", type=Path, default=None, help="file stem to keep embeddings in between runs")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("threshold.md"))
    args = ap.parse_args()
    questions, paragraphs, article_of = load_questions(args.squad or default_squad())
    pairs = build_pairs(questions, paragraphs, article_of, args.n)
    comps = components(pairs, paragraphs, Embedder(), args.cache)
    grid = []
    for w in np.round(np.arange(0.0, 1.01, 0.1), 2):
        by_kind = scores(comps, float(w))
        for t in np.round(np.arange(0.30, 0.951, 0.01), 2):
            grid.append((evaluate(by_kind, float(t))["balanced"], float(w), float(t)))
    best_bal, best_w, best_t = max(grid)
    by_kind = scores(comps, best_w)
    lines = [f"# Support threshold ({len(pairs)} pairs from {args.n} SQuAD 2.0 dev questions)", "",
             f"Best balanced accuracy {best_bal:.3f} at weight {best_w} (cosine share), threshold {best_t}.", "",
             "| kind | n | mean score | share right at best threshold |", "|---|---|---|---|"]
    res = evaluate(by_kind, best_t)
    for kind in SUPPORTED + UNSUPPORTED:
        if kind in by_kind:
            v = by_kind[kind]
            lines.append(f"| {kind} | {len(v)} | {v.mean():.3f} | {res[kind]:.3f} |")
    lines += ["", f"supported kept {res['kept']:.3f}, unsupported rejected {res['rejected']:.3f}", "",
              "| weight | best threshold | balanced accuracy |", "|---|---|---|"]
    for w in sorted({g[1] for g in grid}):
        bal, _, t = max(g for g in grid if g[1] == w)
        lines.append(f"| {w} | {t} | {bal:.3f} |")
    lines += ["", "Balanced accuracy by threshold at the best weight:", "", "| threshold | kept | rejected |", "|---|---|---|"]
    for t in np.round(np.arange(0.40, 0.81, 0.05), 2):
        r = evaluate(by_kind, float(t))
        lines.append(f"| {t} | {r['kept']:.3f} | {r['rejected']:.3f} |")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
