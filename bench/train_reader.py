"""Train, evaluate and export the extractive reader (rag/answering/reader.py).

Data (SQuAD 2.0 format, split by whole articles, never eval/corpus_qa.jsonl):
  train        ../shared/datasets/squad-train (minus the calibration articles)
               + the even-numbered articles of squad2-dev-half
  calibration  CALIBRATION articles of squad-train: picks the abstention and span thresholds
  held-out     the odd-numbered articles of squad2-dev-half: only reported on

Every question gives its gold paragraph as a window (unanswerable ones: no span, "holds the
answer" = 0); a share of answerable questions also get a passage without the answer as a
negative (random or most word-sharing of the same article, or what our retriever ranks highest
over all training articles), as retrieval hands the reader passages that are on topic but do not
answer.

    python bench/train_reader.py train  [--resume]                   # checkpoints in bench/out/reader
    python bench/train_reader.py curve                               # learning curve over checkpoints
    python bench/train_reader.py export [--checkpoint DIR]           # int8 ONNX into rag/models/
    python bench/train_reader.py calibrate                           # confidence weights + thresholds, through retrieval

The shipped model (rag/models/reader.json records it) was made in three runs (57 + 29 min on 2
cores with AMX and bf16, then 21 min in fp32 on 2 AVX2 cores):
    python bench/train_reader.py train --epochs 2 --negatives 1.0 --hard-negatives \
        --save-steps 100 --out bench/out/reader-hard
    python bench/train_reader.py train --init bench/out/reader-hard/checkpoint-1118 --epochs 1 --lr 5e-5 \
        --negatives 1.0 --hard-negatives --seed 14 --save-steps 100 --out bench/out/reader-hard2
    python bench/train_reader.py export --out bench/out/reader-hard2 --checkpoint bench/out/reader-hard2/checkpoint-559
    # reader 3, shipped then; the run below started from its exported file (the checkpoints were gone)
    python bench/train_reader.py train --init rag/models/reader-int8.onnx --epochs 1 --lr 3e-5 \
        --max-questions 4000 --negatives 1.0 --retrieved-negatives --seed 15 --save-steps 50 --out bench/out/reader-ret
    python bench/train_reader.py export --out bench/out/reader-ret --checkpoint bench/out/reader-ret/checkpoint-214
    python bench/train_reader.py calibrate --out bench/out/reader-ret

Training uses the transformers Trainer (seeded, resumable, loss printed every few steps).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from rag.answering.reader import MAX_LENGTH, Window, best_span, encode_windows  # noqa: E402

DATA = Path(os.environ.get("RAG_DATASETS") or ROOT.parent / "shared" / "datasets")  # bench/data_paths.py
SQUAD_TRAIN = DATA / "squad-train" / "train.json"
SQUAD_HALF = DATA / "squad2-dev-half" / "dev-v2.0.json"
CALIBRATION = ["Sky_(United_Kingdom)", "Private_school", "Prime_number"]
OUT = ROOT / "bench" / "out" / "reader"
NEGATIVE_SHARE = 0.3
SEED = 13
KEEP_RIGHT_ANSWERS_QUANTILE = 0.10
# Span thresholds whose F1 + answer recall is within this of the best count as equal (the curve is
# flat over a wide range: 1.020 to 1.030 from 0.20 to 0.45 for reader 4, a few questions' worth),
# and the lowest of them wins: users asked for the short answer, with the sentence as its source.
SPAN_TIE = 0.01
OUT_OF_COLLECTION_ARTICLES = 6  # training articles indexed to ask the calibration questions of
CONFIDENCE_EMBEDDER = "minilm-int8"  # computes the question-sentence cosine of the answer's confidence


def articles(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["data"]


def split() -> dict[str, list[dict]]:
    """Whole articles per part; the half's odd-numbered articles are held out."""
    train_file, half = articles(SQUAD_TRAIN), articles(SQUAD_HALF)
    return {
        "train": [a for a in train_file if a["title"] not in CALIBRATION] + half[0::2],
        "calibration": [a for a in train_file if a["title"] in CALIBRATION],
        "heldout": half[1::2],
    }


def questions(part: list[dict]):
    """(question, context, answer texts, answer start or None, other contexts of the article)."""
    for article in part:
        contexts = [p["context"] for p in article["paragraphs"]]
        for i, p in enumerate(article["paragraphs"]):
            for q in p["qas"]:
                answers = [] if q.get("is_impossible") else q["answers"]
                yield {"question": q["question"], "context": p["context"], "answers": [a["text"] for a in answers],
                       "start": answers[0]["answer_start"] if answers else None,
                       "others": contexts[:i] + contexts[i + 1:]}


def label(window: Window, start: int | None, end: int | None) -> tuple[int, int, float]:
    """(start token, end token, holds-answer) of a window; (0, 0, 0) points at [CLS]."""
    if start is None:
        return 0, 0, 0.0
    ts = te = None
    for t, off in enumerate(window.offsets):
        if off is None:
            continue
        if ts is None and off[0] <= start < off[1]:
            ts = t
        if off[0] < end <= off[1]:
            te = t
    if ts is None or te is None or te < ts:
        return 0, 0, 0.0
    return ts, te, 1.0


def hardest_negative(question: str, others: list[str], answers: list[str]) -> str | None:
    """The paragraph of the article that shares most content words with the question and does not
    hold an answer: what lexical retrieval would put next to the gold one."""
    from rag.search.lexicon import content_words, overlap

    q = content_words(question)
    candidates = [o for o in others if not any(a in o for a in answers)]
    return max(candidates, key=lambda o: overlap(q, content_words(o)), default=None)


def retrieved_negatives(items: list[dict], index_dir: Path, k: int = 5) -> dict[str, str | None]:
    """question -> the passage our hybrid retriever, searching every training article, ranks
    highest that holds none of its answers (None where all of its top ``k`` hold one): exactly
    what `rag ask` would hand the reader next to (or instead of) the gold paragraph, from the
    same article or another one. Cached in the index folder, so a resumed run trains on the same
    windows; a run over more questions mines only those the cache lacks."""
    from tqdm import tqdm

    from rag import Assistant
    from rag.evaluation.questions import read_squad

    cache = index_dir / "negatives.json"
    negatives = json.loads(cache.read_text()) if cache.exists() else {}
    missing = [it for it in items if it["answers"] and it["question"] not in negatives]
    if not missing:
        return negatives
    train = split()["train"]
    documents = []
    for source in (SQUAD_TRAIN, SQUAD_HALF):
        titles = {a["title"] for a in articles(source)} & {a["title"] for a in train}
        documents += [d for d in read_squad(source).documents if d.doc_id.split("#")[0] in titles]
    assistant = Assistant(index_dir=index_dir)
    assistant.add_documents(documents, progress=True)  # unchanged documents embed nothing
    for it in tqdm(missing, desc="mining retrieved negatives", unit="q"):
        hits = assistant.retrieve(it["question"], k=k)
        negatives[it["question"]] = next(
            (h.text for h in hits if not any(a.lower() in h.text.lower() for a in it["answers"])), None)
    cache.write_text(json.dumps(negatives))
    return negatives


def features(items: list[dict], negative_share: float, seed: int = SEED, hard: bool = False,
             retrieved: dict[str, str | None] | None = None) -> list[dict]:
    """Training windows. Every question reads its gold paragraph; a ``negative_share`` of the
    answerable ones also read a paragraph without the answer: the ``retrieved`` one where given,
    else the article's most word-sharing one (``hard``), else a random one of the article."""
    rng = random.Random(seed)
    rows = []
    for it in items:
        pairs = [(it["context"], it["start"])]
        if it["answers"] and it["others"] and rng.random() < negative_share:
            if retrieved is not None:
                other = retrieved.get(it["question"])
            elif hard:
                other = hardest_negative(it["question"], it["others"], it["answers"])
            else:
                other = rng.choice(it["others"])
            if other is not None and not any(a in other for a in it["answers"]):
                pairs.append((other, None))
        for context, start in pairs:
            end = None if start is None else start + len(it["answers"][0])
            for w in encode_windows(it["question"], [context]):
                s, e, has = label(w, start, end)
                rows.append({"input_ids": w.ids, "token_type_ids": w.type_ids,
                             "start_positions": s, "end_positions": e, "answerable": has})
    return rows


def build_model_class():
    import torch
    from torch import nn
    from transformers import BertModel
    from transformers.models.bert.modeling_bert import BertPreTrainedModel

    class ReaderModel(BertPreTrainedModel):
        """MiniLM encoder + span head (start/end per token) + holds-answer head on [CLS]."""

        def __init__(self, config):
            super().__init__(config)
            self.bert = BertModel(config, add_pooling_layer=False)
            self.span = nn.Linear(config.hidden_size, 2)
            self.has_answer = nn.Linear(config.hidden_size, 1)
            self.post_init()

        def forward(self, input_ids, attention_mask, token_type_ids, start_positions=None,
                    end_positions=None, answerable=None):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            start, end = self.span(hidden).unbind(-1)
            pad = (1 - attention_mask) * -1e4
            start, end = start + pad, end + pad
            has = self.has_answer(hidden[:, 0]).squeeze(-1)
            if start_positions is None:
                return has, start, end
            ce = nn.functional.cross_entropy
            loss = (ce(start, start_positions) + ce(end, end_positions)) / 2 \
                + nn.functional.binary_cross_entropy_with_logits(has, answerable.float())
            return {"loss": loss, "has_answer": has, "start": start, "end": end}

    from rag.embedding.threads import usable_cores

    torch.set_num_threads(usable_cores())
    return ReaderModel


def load_onnx_weights(model, path: Path) -> None:
    """Put the weights of an exported reader (int8 ONNX, as shipped) back into ``model``, so
    training can go on from the shipped reader when its torch checkpoint is gone. The int8 values
    are dequantized; the word embeddings, frozen in training, are the packaged MiniLM's own.
    The exporter names the Linear weights it transposes anonymously (``onnx::MatMul_N``) but
    writes them in module order, so they are matched to the model's Linear layers in that order;
    the result is checked against the ONNX model's own outputs."""
    import numpy as np
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}

    def dequantized(prefix: str) -> np.ndarray:
        q = values[prefix + "_quantized"].astype(np.float32)
        return (q - values[prefix + "_zero_point"].astype(np.float32)) * values[prefix + "_scale"]

    state = model.state_dict()
    new = {}
    for name in state:
        if name in values:
            new[name] = values[name]
        elif name.endswith("embeddings.weight") and "word_embeddings" not in name:
            new[name] = dequantized(name)
    matmuls = [n[:-len("_quantized")] for n in values if n.startswith("onnx::MatMul_") and n.endswith("_quantized")]
    matmuls.append("has_answer.weight_Transposed")
    linears = [n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)]
    if len(matmuls) != len(linears):
        raise SystemExit(f"{path}: {len(matmuls)} weight matrices for {len(linears)} linear layers")
    for name, key in zip(linears, matmuls):
        new[name + ".weight"] = dequantized(key).T
    for name, value in new.items():
        if tuple(state[name].shape) != value.shape:
            raise SystemExit(f"{path}: {name} has shape {value.shape}, the model {tuple(state[name].shape)}")
        state[name].copy_(torch.from_numpy(np.array(value)))  # a writable copy
    from rag.answering.reader import Reader, batch_arrays
    from rag.embedding.onnx_sessions import file_sha256

    windows = encode_windows("Which river flows through the city?",
                             ["The Vistula flows through Warsaw, the capital of Poland."])
    training = model.training
    model.eval()
    with torch.inference_mode():
        ours = model(**{k: torch.from_numpy(v) for k, v in batch_arrays(windows).items()})
    theirs = Reader(path, sha256=file_sha256(path)).logits(windows)
    gap = max(float(np.abs(a.numpy() - b).max()) for a, b in zip(ours, theirs))
    print(f"weights from {path}: largest logit gap to the ONNX model {gap:.3f}", flush=True)
    if gap > 1.0:
        raise SystemExit(f"{path}: the loaded weights do not reproduce the model (logit gap {gap:.2f})")
    model.train(training)


def collate(rows: list[dict]) -> dict:
    import torch

    from rag.answering.reader import batch_arrays

    windows = [Window(0, r["input_ids"], r["token_type_ids"], []) for r in rows]
    batch = {k: torch.from_numpy(v) for k, v in batch_arrays(windows).items()}
    for key in ("start_positions", "end_positions"):
        batch[key] = torch.tensor([r[key] for r in rows], dtype=torch.long)
    batch["answerable"] = torch.tensor([r["answerable"] for r in rows], dtype=torch.float)
    return batch


def train(args) -> None:
    from transformers import Trainer, TrainingArguments, set_seed

    from rag.embedding.sentence_transformer import model_path

    set_seed(args.seed)
    items = list(questions(split()["train"]))
    random.Random(args.seed).shuffle(items)
    if args.max_questions:
        items = items[:args.max_questions]
    out = Path(args.out)
    retrieved = retrieved_negatives(items, out / "index-train") if args.retrieved_negatives else None
    rows = features(items, args.negatives, seed=args.seed, hard=args.hard_negatives, retrieved=retrieved)
    print(f"{len(items)} training questions -> {len(rows)} windows (max {MAX_LENGTH} tokens)", flush=True)
    onnx_init = Path(args.init) if args.init and args.init.endswith(".onnx") else None
    if onnx_init:
        model = build_model_class().from_pretrained(str(model_path()))
        load_onnx_weights(model, onnx_init)
    else:
        model = build_model_class().from_pretrained(args.init or str(model_path()))
    # The 30k x 384 word-embedding table is half the weights: AdamW would rewrite all of it every
    # step for the few rows a batch touches. Frozen, training runs faster and the vocabulary keeps
    # the meaning the embedder gave it.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    targs = TrainingArguments(
        output_dir=str(out), per_device_train_batch_size=args.batch, learning_rate=args.lr,
        num_train_epochs=args.epochs, warmup_steps=0.1, weight_decay=0.01, lr_scheduler_type="linear",
        logging_steps=10, save_strategy="steps", save_steps=args.save_steps, save_total_limit=None,
        seed=args.seed, data_seed=args.seed, use_cpu=True, report_to=[], dataloader_num_workers=0,
        train_sampling_strategy="group_by_length", remove_unused_columns=False, bf16=args.bf16, disable_tqdm=True)
    out.mkdir(parents=True, exist_ok=True)
    run = {"questions": len(items), "windows": len(rows), **vars(args)}
    if onnx_init:  # export overwrites that file: say which model it was
        from rag.embedding.onnx_sessions import file_sha256

        run["init_sha256"] = file_sha256(onnx_init)
    (out / "run.json").write_text(json.dumps(run, indent=1))
    trainer = Trainer(model=model, args=targs, train_dataset=rows, data_collator=collate)
    resume = args.resume and any(out.glob("checkpoint-*"))
    trainer.train(resume_from_checkpoint=True if resume else None)
    trainer.save_model(str(out / "final"))


# --- evaluation on gold paragraphs (the reader alone, no retrieval) -------------------------------

def load_checkpoint(path: Path):
    model = build_model_class().from_pretrained(str(path))
    model.eval()
    return model


def read_gold(model, items: list[dict]) -> list[tuple[float, str]]:
    """(P(holds the answer), predicted span) for each question, reading its gold paragraph.
    In eval mode: in training mode dropout makes every answer a random draw."""
    import torch

    from rag.answering.reader import batch_arrays

    model.eval()
    results = []
    with torch.inference_mode():
        for it in items:
            windows = encode_windows(it["question"], [it["context"]])
            arrays = {k: torch.from_numpy(v) for k, v in batch_arrays(windows).items()}
            has, start, end = model(**arrays)
            best = (-1.0, "")
            for w, h, s, e in zip(windows, torch.sigmoid(has).tolist(), start.numpy(), end.numpy()):
                ts, te, _, _ = best_span(w, s, e)
                if ts >= 0 and h > best[0]:
                    best = (h, it["context"][w.offsets[ts][0]:w.offsets[te][1]])
            results.append(best)
    return results


def roc_auc(positives, negatives) -> float:
    """P(a positive scores above a negative), ties half."""
    import numpy as np

    pos, neg = np.asarray(positives)[:, None], np.asarray(negatives)[None, :]
    return float(np.mean((pos > neg) + 0.5 * (pos == neg)))


def gold_metrics(items: list[dict], results: list[tuple[float, str]]) -> dict:
    """SQuAD 2.0 EM/F1 at the best threshold, span EM/F1 on answerable ones, and the AUC of the
    holds-answer probability for answerable vs unanswerable."""
    import numpy as np

    from rag.evaluation.metrics import squad_scores

    probs = np.array([p for p, _ in results])
    answerable = np.array([bool(it["answers"]) for it in items])
    span = [squad_scores(text, False, it["answers"]) for it, (_, text) in zip(items, results) if it["answers"]]
    best = (0.0, 0.0, 0.0)
    for t in np.linspace(0, 1, 101):
        scores = [squad_scores(text, p < t, it["answers"]) for it, (p, text) in zip(items, results)]
        em, f1 = (float(np.mean(x)) for x in zip(*scores))
        if f1 > best[2]:
            best = (float(t), em, f1)
    auc = roc_auc(probs[answerable], probs[~answerable]) if (~answerable).any() else None
    return {"span_em": float(np.mean([s[0] for s in span])), "span_f1": float(np.mean([s[1] for s in span])),
            "threshold": best[0], "em": best[1], "f1": best[2], "auc": auc}


def curve(args) -> None:
    out = Path(args.out)
    run = json.loads((out / "run.json").read_text())
    items = list(questions(split()[args.part]))[:args.limit]
    ckpts = sorted(out.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    print(f"learning curve on {len(items)} {args.part} questions (gold paragraphs)")
    print("| step | training questions seen | span EM | span F1 | AUC has-answer | SQuAD2 EM | SQuAD2 F1 |")
    print("|---|---|---|---|---|---|---|")
    for ck in ckpts:
        step = int(ck.name.split("-")[1])
        seen = min(step * run["batch"] * run["questions"] / run["windows"], run["questions"] * run["epochs"])
        m = gold_metrics(items, read_gold(load_checkpoint(ck), items))
        print(f"| {step} | {seen:,.0f} | {m['span_em']:.3f} | {m['span_f1']:.3f} | {m['auc']:.3f} | "
              f"{m['em']:.3f} | {m['f1']:.3f} |", flush=True)


# --- export -----------------------------------------------------------------------------------------

def export(args) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from rag.answering.reader import CARD_FILE, MODEL_FILE, batch_arrays
    from rag.embedding.onnx_sessions import file_sha256

    ckpt = Path(args.checkpoint)
    model = load_checkpoint(ckpt)
    fp32 = Path(args.out) / "reader-fp32.onnx"
    windows = encode_windows("what is this?", ["An example passage for tracing the graph."])
    arrays = {k: torch.from_numpy(v) for k, v in batch_arrays(windows * 2).items()}
    torch.onnx.export(model, (arrays["input_ids"], arrays["attention_mask"], arrays["token_type_ids"]), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["has_answer", "start_logits", "end_logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "token_type_ids": {0: "batch", 1: "tokens"}, "has_answer": {0: "batch"},
                                    "start_logits": {0: "batch", 1: "tokens"}, "end_logits": {0: "batch", 1: "tokens"}},
                      opset_version=17, dynamo=False)
    MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
    # One scale per output channel: on gold calibration paragraphs it keeps more of the fp32 model
    # than one scale per matrix (has-answer AUC 0.654 -> 0.664 of fp32 0.669), at the same size.
    quantize_dynamic(str(fp32), str(MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True)
    card = json.loads(CARD_FILE.read_text()) if CARD_FILE.exists() else {}
    run = json.loads((Path(args.out) / "run.json").read_text())
    card.update({"sha256": file_sha256(MODEL_FILE), "base_model": "sentence-transformers/all-MiniLM-L6-v2",
                 "checkpoint": ckpt.name, "training": {k: run.get(k) for k in ("questions", "windows", "epochs", "lr",
                                                                                 "batch", "seed", "negatives", "hard_negatives",
                                                                                 "retrieved_negatives", "init", "init_sha256")},
                 "calibration_articles": CALIBRATION, "heldout_articles": [a["title"] for a in split()["heldout"]]})
    card.setdefault("threshold", 0.5)
    card.setdefault("span_threshold", 0.0)
    CARD_FILE.write_text(json.dumps(card, indent=1) + "\n")
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size / 1e6:.1f} MB) and {CARD_FILE}")


# --- calibration in the real pipeline (retrieval + reader) ---------------------------------------

def pipeline_readings(part: str, index_dir: Path, k: int = 5, indexed: list[str] | None = None) -> list[dict]:
    """Index the part's paragraphs (or those of the ``indexed`` articles of the same file),
    retrieve k passages per question (hybrid, as `rag ask` does) and keep the reader's best
    reading: what any threshold would answer."""
    from tqdm import tqdm

    from rag import Assistant
    from rag.evaluation.questions import read_squad
    from rag.answering.confidence import SentenceCosine
    from rag.answering.extractive import ExtractiveGenerator, support_span
    from rag.answering.grounding import unstated_in

    titles = [a["title"] for a in split()[part]]
    source = SQUAD_HALF if part == "heldout" else SQUAD_TRAIN
    evalset = read_squad(source, titles)
    keep = set(indexed or titles)
    documents = [d for d in evalset.documents if d.doc_id.split("#")[0] in keep]
    assistant = Assistant(index_dir=index_dir)
    assistant.add_documents(documents, progress=True)
    gen = ExtractiveGenerator()
    cosine = SentenceCosine(CONFIDENCE_EMBEDDER, shared=assistant.embedder)
    out = []
    for q in tqdm(evalset.questions, desc=f"reading {part}" + (" (other articles indexed)" if indexed else ""),
                  unit="q"):
        passages = assistant.retrieve(q.question, k=k)
        best = gen.score(q.question, passages)[0]
        text = passages[best.passage].text
        a, b = support_span(text, best.start, best.end)
        out.append({"answers": q.answers, "probability": best.probability, "span": text[best.start:best.end],
                    "span_probability": best.span_probability, "sentence": text[a:b],
                    "cosine": cosine(q.question, text[a:b]),
                    "unstated": bool(unstated_in(q.question, passages))})
    return out


def answer_metrics(rows: list[dict], threshold: float, span_threshold: float) -> dict:
    """SQuAD 2.0 EM/F1, answer recall and abstention precision/recall at the two thresholds."""
    from rag.evaluation.metrics import abstention_scores, answer_found, mean, squad_scores

    abstained = [r["confidence"] < threshold for r in rows]
    texts = [r["span"] if r["span_probability"] >= span_threshold else r["sentence"] for r in rows]
    scores = [squad_scores(t, a, r["answers"]) for r, t, a in zip(rows, texts, abstained)]
    precision, recall = abstention_scores(abstained, [not r["answers"] for r in rows])
    return {"em": mean(s[0] for s in scores), "f1": mean(s[1] for s in scores),
            "answer_recall": mean(not a and answer_found(t, r["answers"])
                                  for r, t, a in zip(rows, texts, abstained) if r["answers"]),
            "abstain_precision": precision, "abstain_recall": recall}


def fit_confidence(rows: list[dict]):
    """The weights of the answer's confidence (rag/answering/confidence.py): a logistic
    regression of "answerable" on the reader's logit and the question-sentence cosine."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from rag.answering.confidence import ConfidenceModel, logit

    x = np.array([[logit(r["probability"]), r["cosine"]] for r in rows])
    fit = LogisticRegression().fit(x, [bool(r["answers"]) for r in rows])
    (w_logit, w_cosine), intercept = fit.coef_[0], fit.intercept_[0]
    return ConfidenceModel(CONFIDENCE_EMBEDDER, float(w_logit), float(w_cosine), float(intercept))


def calibrate(args) -> None:
    """Confidence: the reader's probability combined with the question-sentence cosine
    (fit_confidence). Abstention threshold: the 10th percentile of the confidence of the answers
    the reader gets right on the calibration articles, i.e. it keeps 90% of them. (The "best SQuAD 2.0 F1"
    threshold was measured and dropped: half of SQuAD 2.0's questions are unanswerable and written
    to look answerable, so it abstains on almost everything: answer recall 0.06.) Span threshold:
    the lowest one whose F1 + answer recall at that threshold is within SPAN_TIE of the best,
    trading exact short answers against the safer whole sentence."""
    import numpy as np

    from rag.evaluation.metrics import answer_found
    from rag.answering.reader import CARD_FILE

    rows = pipeline_readings("calibration", Path(args.out) / "index-calibration")
    # The same questions asked of other articles: none can be answered there, as when a user asks
    # what the documents do not cover. Reported beside SQuAD 2.0's own unanswerable questions.
    others = [a["title"] for a in split()["train"]][:OUT_OF_COLLECTION_ARTICLES]
    outside = pipeline_readings("calibration", Path(args.out) / "index-others", indexed=others)
    model = fit_confidence(rows)
    for r in rows + outside:  # as the generator decides: 0 where the question states a number no passage does
        r["confidence"] = 0.0 if r["unstated"] else model.combine(r["probability"], r["cosine"])
    answerable = [r for r in rows if r["answers"]]
    unanswerable = [r for r in rows if not r["answers"]]
    print(f"confidence = sigmoid({model.has_answer_logit:.3f} logit(P) + {model.sentence_cosine:.3f} cosine "
          f"+ {model.intercept:.3f}); AUC answerable vs unanswerable: " + ", ".join(
              f"{key} {roc_auc([r[key] for r in answerable], [r[key] for r in unanswerable]):.3f}"
              for key in ("probability", "cosine", "confidence")))
    right = [r["confidence"] for r in answerable if answer_found(r["span"], r["answers"])]
    threshold = round(float(np.quantile(right, KEEP_RIGHT_ANSWERS_QUANTILE)), 3)
    grid = sorted({0.0, threshold, *(round(float(t), 3) for t in np.quantile([r["confidence"] for r in rows],
                                                                          np.linspace(0, 0.99, 12)))})
    spans = [round(float(t), 3) for t in np.linspace(0, 0.9, 19)]

    values = {}
    for st in spans:
        m = answer_metrics(rows, threshold, st)
        values[st] = m["f1"] + m["answer_recall"]
    best = max(values.values())
    span_threshold = min(st for st, v in values.items() if v >= best - SPAN_TIE)
    print("span threshold: F1 + answer recall at the chosen threshold, by span threshold")
    print(" ".join(f"{st:.2f}:{v:.3f}{'*' if st == span_threshold else ''}" for st, v in values.items()))
    print("| threshold | span threshold | EM | F1 | answer recall | abstain P | abstain R | abstains out of collection |")
    print("|---|---|---|---|---|---|---|---|")
    for t in grid:
        m = answer_metrics(rows, t, span_threshold)
        out = np.mean([r["confidence"] < t for r in outside])
        print(f"| {t:.3f}{' (chosen)' if t == threshold else ''} | {span_threshold:.2f} | {m['em']:.3f} | {m['f1']:.3f} "
              f"| {m['answer_recall']:.3f} | {m['abstain_precision'] or 0:.3f} | {m['abstain_recall'] or 0:.3f} | {out:.3f} |")
    card = json.loads(CARD_FILE.read_text())
    # The span threshold is chosen in the documents' own domain (eval/corpus_dev.jsonl, see the
    # card's span_threshold_chosen); SQuAD's best is printed above for comparison, not written.
    card.update(threshold=threshold, confidence=model.to_card(),
                calibration=answer_metrics(rows, threshold, card["span_threshold"]) | {"questions": len(rows)})
    CARD_FILE.write_text(json.dumps(card, indent=1) + "\n")
    print(f"threshold {threshold} written to {CARD_FILE} (span threshold kept: {card['span_threshold']})")


def native_bf16() -> bool:
    """Whether the CPU has bf16 arithmetic; without it, bf16 autocast runs several times slower
    than fp32 (seen on an AVX2-only AMD EPYC: not 100 steps in 26 minutes; fp32 took 6 s a step)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["train", "curve", "export", "calibrate"])
    parser.add_argument("--out", default=str(OUT), help="checkpoint folder (default: %(default)s)")
    parser.add_argument("--epochs", type=float, default=1.25)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--save-steps", type=int, default=50)
    parser.add_argument("--max-questions", type=int, default=0, help="train on the first N shuffled questions")
    parser.add_argument("--negatives", type=float, default=NEGATIVE_SHARE,
                        help="share of answerable questions that also get an on-topic negative paragraph")
    parser.add_argument("--hard-negatives", action="store_true",
                        help="the negative is the article's paragraph sharing most words with the question "
                        "(as retrieval would rank it), not a random one")
    parser.add_argument("--retrieved-negatives", action="store_true",
                        help="the negative is the passage our hybrid retriever ranks highest over all training "
                        "articles that holds no answer (mined once, cached in OUT/index-train)")
    parser.add_argument("--init", help="start from this checkpoint instead of the packaged MiniLM "
                        "(a second stage with other data or settings)")
    parser.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=native_bf16(),
                        help="bfloat16 autocast; default: on where the CPU computes in bf16 (AMX or AVX512-BF16), "
                        "elsewhere it is emulated and far slower than fp32 (default here: %(default)s)")
    parser.add_argument("--resume", action="store_true", help="continue from the last checkpoint in --out")
    parser.add_argument("--checkpoint", help="export: checkpoint folder (default: the last one)")
    parser.add_argument("--part", default="calibration", choices=["calibration", "heldout"])
    parser.add_argument("--limit", type=int, default=400, help="curve: questions to evaluate on")
    args = parser.parse_args()
    # Runs last hours in the background with output to a file: show each loss line as it comes.
    sys.stdout.reconfigure(line_buffering=True)
    start = time.time()
    if args.command == "train":
        train(args)
    elif args.command == "curve":
        curve(args)
    elif args.command == "calibrate":
        calibrate(args)
    else:
        if not args.checkpoint:
            ckpts = sorted(Path(args.out).glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
            args.checkpoint = str(ckpts[-1])
        export(args)
    print(f"done in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
