"""Train, evaluate and export the yes/no classifier (rag/answering/yes_no_model.py).

Data: ../shared/datasets/boolq/dev-subset.jsonl (2,770 BoolQ questions over 2,247 articles), split
by whole articles: int(sha1(title), 16) % 10 in 0-6 train, 7 calibration (choosing the run and the
thresholds), 8-9 held-out (only reported on, never trained or chosen on).

Pairs, labels 0 = no, 1 = yes, 2 = unrelated:
  full      the question and its passage
  window    the question and a 250-500 character cut of its passage around the sentence sharing
            most words with the question (passages over 350 characters), as retrieval hands over
  unrelated the question and the passage of another article: the one of the 3 sharing most
            content words with the question ("hard") or a random one; training gets one per
            question that has a window pair, else one every other question (about 1 per 2 real
            pairs); calibration and held-out get one of each kind

The model is the reader's encoder (rag/models/reader-int8.onnx dequantized: its torch checkpoint
is gone) with a linear 3-way head on [CLS]; the word embeddings stay frozen as the reader's.

    python bench/train_yesno.py prepare                       # tokenise here -> bench/out/yesno (npz + config)
    python3 bench/train_yesno.py train --device cuda --save DIR  # the grid; chosen fp16 weights + metrics.json
    python bench/train_yesno.py export --weights DIR          # int8 ONNX + card into rag/models/, int8 evaluated

`train` imports neither the rag package nor tokenizers: it runs where only torch, transformers,
onnx, onnxruntime and numpy are installed (the prepared folder and the repository are copied there).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "boolq" / "dev-subset.jsonl"
OUT = ROOT / "bench" / "out" / "yesno"
READER_ONNX = ROOT / "rag" / "models" / "reader-int8.onnx"
PARTS = ("train", "calibration", "heldout")
KINDS = ("full", "window", "hard", "random")   # pair kinds; hard/random are the unrelated ones
SPLIT_RULE = "int(sha1(title).hexdigest(), 16) % 10: 0-6 train, 7 calibration, 8-9 held-out"
SEED = 17
WINDOW_MIN_PASSAGE = 350
WINDOW_CHARS = (250, 500)
PART_BYTES = 14_000_000          # each weights file stays under 15 MB
FROZEN = "bert.embeddings.word_embeddings.weight"
COVERAGES = (0.4, 0.6, 0.8, 1.0)


def part_of(title: str) -> int:
    d = int(hashlib.sha1(title.encode("utf-8")).hexdigest(), 16) % 10
    return 0 if d <= 6 else 1 if d == 7 else 2


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --- prepare (here: needs the rag package and its tokenizer) ----------------------------------------

def window_around(question: str, passage: str, rng: random.Random) -> str | None:
    """A cut of the passage around the sentence sharing most content words with the question,
    whole sentences, WINDOW_CHARS long; None for short passages."""
    from rag.ingest.sentences import split_sentences
    from rag.search.lexicon import content_words, overlap

    if len(passage) <= WINDOW_MIN_PASSAGE:
        return None
    spans = split_sentences(passage)
    if len(spans) < 2:
        return None
    q = content_words(question)
    best = max(range(len(spans)), key=lambda i: overlap(q, content_words(passage[spans[i][0]:spans[i][1]])))
    width = rng.randint(*WINDOW_CHARS)
    lo = hi = best
    while True:
        grown = False
        for side in rng.sample((-1, 1), 2):
            j = lo - 1 if side < 0 else hi + 1
            if 0 <= j < len(spans) and spans[max(hi, j)][1] - spans[min(lo, j)][0] <= width:
                lo, hi = min(lo, j), max(hi, j)
                grown = True
        if not grown:
            break
    text = passage[spans[lo][0]:spans[hi][1]]
    return text if len(text) < len(passage) - 20 else None


def prepare(args) -> None:
    sys.path.insert(0, str(ROOT))
    from rag.answering.reader import tokenizer
    from rag.answering.yes_no_model import encode_pair
    from rag.embedding.sentence_transformer import model_path
    from rag.search.lexicon import content_words

    rows = [json.loads(line) for line in Path(args.dataset).read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(SEED)
    words = [content_words(r["passage"]) for r in rows]
    by_part = {p: [i for i, r in enumerate(rows) if part_of(r["title"]) == p] for p in range(3)}
    pairs = []  # (question index, part, kind, label, text)

    def unrelated(i: int, hard: bool) -> str:
        pool = [j for j in by_part[part_of(rows[i]["title"])] if rows[j]["title"] != rows[i]["title"]]
        if not hard:
            return rows[rng.choice(pool)]["passage"]
        q = content_words(rows[i]["question"])
        top = sorted(pool, key=lambda j: (-len(q & words[j]), j))[:3]
        return rows[rng.choice(top)]["passage"]

    for i, r in enumerate(rows):
        part, label = part_of(r["title"]), int(bool(r["answer"]))
        pairs.append((i, part, 0, label, r["passage"]))
        window = window_around(r["question"], r["passage"], rng)
        if window:
            pairs.append((i, part, 1, label, window))
        if part == 0:
            if window or i % 2 == 0:
                hard = rng.random() < 0.5
                pairs.append((i, part, 2 if hard else 3, 2, unrelated(i, hard)))
        else:
            pairs.append((i, part, 2, 2, unrelated(i, True)))
            pairs.append((i, part, 3, 2, unrelated(i, False)))
    tok = tokenizer()
    n = len(pairs)
    ids = np.zeros((n, args.max_length), dtype=np.int16)
    types = np.zeros((n, args.max_length), dtype=np.int8)
    lengths = np.zeros(n, dtype=np.int16)
    for k, (i, _, _, _, text) in enumerate(pairs):
        a, b = encode_pair(tok, rows[i]["question"], text, args.max_length)
        ids[k, :len(a)], types[k, :len(b)], lengths[k] = a, b, len(a)
    mask = (np.arange(args.max_length)[None, :] < lengths[:, None]).astype(np.int8)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "data.npz", input_ids=ids, token_type_ids=types, attention_mask=mask,
                        lengths=lengths, labels=np.array([p[3] for p in pairs], dtype=np.int8),
                        part=np.array([p[1] for p in pairs], dtype=np.int8),
                        kind=np.array([p[2] for p in pairs], dtype=np.int8),
                        question=np.array([p[0] for p in pairs], dtype=np.int32))
    config = json.loads((model_path() / "config.json").read_text())
    config.pop("_name_or_path", None)
    config.pop("transformers_version", None)
    (out / "config.json").write_text(json.dumps(config, indent=1))
    counts = {PARTS[p]: {KINDS[k]: sum(1 for x in pairs if x[1] == p and x[2] == k) for k in range(4)} for p in range(3)}
    info = {"dataset": str(args.dataset), "dataset_sha256": sha256(Path(args.dataset)), "rows": len(rows),
            "questions": {PARTS[p]: len(v) for p, v in by_part.items()},
            "yes": {PARTS[p]: sum(bool(rows[i]["answer"]) for i in v) for p, v in by_part.items()},
            "pairs": counts, "max_length": args.max_length, "split_rule": SPLIT_RULE, "seed": SEED,
            "truncated": int((lengths >= args.max_length).sum()),
            "reader_sha256": sha256(READER_ONNX), "classes": ["no", "yes", "unrelated"], "kinds": list(KINDS)}
    (out / "info.json").write_text(json.dumps(info, indent=1))
    size = sum(f.stat().st_size for f in out.iterdir())
    print(json.dumps(info, indent=1))
    print(f"wrote {out} ({size / 2**20:.1f} MiB)")


# --- the model (torch + transformers only) ----------------------------------------------------------

def build_net(config_path: Path, attn: str | None = None):
    import torch
    from torch import nn
    from transformers import BertConfig, BertModel

    config = BertConfig(**json.loads(Path(config_path).read_text()))
    if attn:
        config._attn_implementation = attn

    class YesNoNet(nn.Module):
        """MiniLM encoder + a 3-way head (no, yes, unrelated) on [CLS]; ``reader_heads`` adds the
        reader's own heads, only to check the dequantized weights against the reader's ONNX."""

        def __init__(self, reader_heads: bool = False):
            super().__init__()
            self.bert = BertModel(config, add_pooling_layer=False)
            self.dropout = nn.Dropout(config.hidden_dropout_prob)
            self.classifier = nn.Linear(config.hidden_size, 3)
            nn.init.normal_(self.classifier.weight, std=0.02)
            nn.init.zeros_(self.classifier.bias)
            if reader_heads:
                self.span = nn.Linear(config.hidden_size, 2)
                self.has_answer = nn.Linear(config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            return self.classifier(self.dropout(hidden[:, 0]))

        def reader(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            return self.has_answer(hidden[:, 0]).squeeze(-1)

    return YesNoNet


def reader_weights(path: Path, linears: list[str]) -> dict[str, np.ndarray]:
    """The float weights of the shipped int8 reader, named as the torch model's parameters: the
    quantized tensors dequantized ((q - zero point) * scale, per channel where so quantized).
    The exporter names the Linear weights it transposes anonymously (``onnx::MatMul_N``) but
    writes them in module order: they are matched to ``linears`` (the reader's Linear modules,
    span head and has-answer head included) in that order. Needs onnx and numpy only."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}

    def dequantized(prefix: str) -> np.ndarray:
        q = values[prefix + "_quantized"].astype(np.float32)
        return (q - values[prefix + "_zero_point"].astype(np.float32)) * values[prefix + "_scale"].astype(np.float32)

    out = {}
    for name in values:
        if name.startswith("onnx::"):
            continue
        if name.endswith(".weight_quantized") and "_Transposed" not in name:
            out[name[:-len("_quantized")]] = dequantized(name[:-len("_quantized")])
        elif not name.endswith(("_scale", "_zero_point", "_quantized")):
            out[name] = values[name].astype(np.float32)
    matmuls = [n[:-len("_quantized")] for n in values if n.startswith("onnx::MatMul_") and n.endswith("_quantized")]
    matmuls.append("has_answer.weight_Transposed")
    if len(matmuls) != len(linears):
        raise SystemExit(f"{path}: {len(matmuls)} weight matrices for {len(linears)} linear layers")
    for name, key in zip(linears, matmuls):
        out[name + ".weight"] = np.ascontiguousarray(dequantized(key).T)
    return out


def load_reader(net_class, path: Path, check: dict | None = None):
    """A model holding the reader's encoder; with ``check`` (a few input rows), the reader's own
    has-answer logit is computed with the loaded weights and compared with the ONNX model's."""
    import torch

    probe = net_class(reader_heads=True)
    linears = [n for n, m in probe.named_modules() if isinstance(m, torch.nn.Linear) and n != "classifier"]
    weights = reader_weights(path, linears)
    state = probe.state_dict()
    missing = [k for k in state if k not in weights and not k.startswith("classifier.")]
    if missing:
        raise SystemExit(f"{path}: no weights for {missing[:5]}")
    for k, v in weights.items():
        if k not in state:
            continue
        if tuple(state[k].shape) != v.shape:
            raise SystemExit(f"{path}: {k} has shape {v.shape}, the model {tuple(state[k].shape)}")
        state[k].copy_(torch.from_numpy(v))
    if check is not None:
        try:
            import onnxruntime as ort
        except ImportError:
            print("onnxruntime missing: the dequantized weights are not checked", flush=True)
        else:
            session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
            feeds = {k: v.astype(np.int64) for k, v in check.items()}
            theirs = session.run(["has_answer"], feeds)[0]
            probe.eval()
            with torch.inference_mode():
                ours = probe.reader(**{k: torch.from_numpy(v) for k, v in feeds.items()}).numpy()
            gap = float(np.abs(ours - theirs).max())
            # the int8 graph also quantizes activations on the fly: a few tenths are its noise
            print(f"reader weights from {path}: has-answer logits {np.round(ours, 2).tolist()} vs its ONNX model "
                  f"{np.round(theirs, 2).tolist()} (largest gap {gap:.2f})", flush=True)
            if gap > 1.0:
                raise SystemExit(f"{path}: the dequantized weights do not reproduce the reader (gap {gap:.2f})")
    net = net_class()
    net.load_state_dict({k: v for k, v in probe.state_dict().items() if k in net.state_dict()
                         and not k.startswith("classifier.")}, strict=False)
    return net


def load_data(folder: Path) -> dict[str, np.ndarray]:
    with np.load(folder / "data.npz") as z:
        return {k: z[k] for k in z.files}


# --- metrics ----------------------------------------------------------------------------------------

def yes_no_confidence(probs: np.ndarray) -> np.ndarray:
    return probs[:, :2].max(axis=1)


def coverage_thresholds(probs: np.ndarray) -> dict[str, float]:
    """max(P(yes), P(no)) above which the given share of (calibration) questions is answered."""
    conf = yes_no_confidence(probs)
    return {f"{c:.1f}": float(np.quantile(conf, 1 - c)) if c < 1 else 0.0 for c in COVERAGES}


def metrics(probs: np.ndarray, labels: np.ndarray, kind: np.ndarray,
            thresholds: dict[str, float] | None = None) -> dict:
    """Yes/no accuracy (argmax of P(no), P(yes)) on full and window pairs; how often "unrelated"
    wins on real pairs and on other articles' passages; precision at the coverages (the given
    thresholds, else the coverage's own quantile)."""
    out = {}
    for k, name in ((0, "full"), (1, "window")):
        sel = kind == k
        if not sel.any():
            continue
        pred = probs[sel, :2].argmax(axis=1)
        out[f"accuracy_{name}"] = float((pred == labels[sel]).mean())
        out[f"unrelated_wins_{name}"] = float((probs[sel].argmax(axis=1) == 2).mean())
        out[f"n_{name}"] = int(sel.sum())
    full = kind == 0
    if full.any():
        p, y = probs[full], labels[full]
        out["majority_full"] = float(max(y.mean(), 1 - y.mean()))
        out["nll_full"] = float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y] / p[:, :2].sum(1), 1e-9, 1))))
        conf = yes_no_confidence(p)
        right = p[:, :2].argmax(axis=1) == y
        cov = {}
        for c in COVERAGES:
            t = thresholds[f"{c:.1f}"] if thresholds else (float(np.quantile(conf, 1 - c)) if c < 1 else 0.0)
            answered = conf >= t
            cov[f"{c:.1f}"] = {"threshold": round(t, 4), "coverage": float(answered.mean()),
                               "precision": float(right[answered].mean()) if answered.any() else None}
        out["by_coverage"] = cov
    for k, name in ((2, "hard"), (3, "random")):
        sel = kind == k
        if sel.any():
            out[f"unrelated_recall_{name}"] = float((probs[sel].argmax(axis=1) == 2).mean())
            out[f"n_{name}"] = int(sel.sum())
    return out


# --- train (GPU machine: torch, transformers, onnx, onnxruntime, numpy) -----------------------------

def predict(net, tensors: dict, index: np.ndarray, device, batch: int = 256) -> np.ndarray:
    import torch

    net.eval()
    lengths = tensors["lengths_np"][index]
    order = index[np.argsort(lengths, kind="stable")]
    out = np.zeros((len(tensors["lengths_np"]), 3), dtype=np.float32)
    with torch.inference_mode(), autocast(device):
        for lo in range(0, len(order), batch):
            idx = order[lo:lo + batch]
            width = int(tensors["lengths_np"][idx].max())
            t = torch.from_numpy(idx).to(device)
            logits = net(tensors["input_ids"][t, :width], tensors["attention_mask"][t, :width],
                         tensors["token_type_ids"][t, :width])
            out[idx] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
    net.train()
    return out[index]


def autocast(device):
    import contextlib

    import torch

    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def split_state(state: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
    """fp16 arrays packed into files under PART_BYTES; a bigger array is cut by rows (``name@@k``)."""
    pieces = []
    for name, a in state.items():
        if a.nbytes <= PART_BYTES // 2:
            pieces.append((name, a))
            continue
        rows = max(1, (PART_BYTES // 2) // max(1, a[0].nbytes))
        for k, lo in enumerate(range(0, len(a), rows)):
            pieces.append((f"{name}@@{k}", a[lo:lo + rows]))
    parts, current, size = [], {}, 0
    for name, a in pieces:
        if current and size + a.nbytes > PART_BYTES:
            parts.append(current)
            current, size = {}, 0
        current[name] = a
        size += a.nbytes
    if current:
        parts.append(current)
    return parts


def join_state(folder: Path) -> dict[str, np.ndarray]:
    chunks: dict[str, list[tuple[int, np.ndarray]]] = {}
    for f in sorted(folder.glob("weights.part*.npz")):
        with np.load(f) as z:
            for key in z.files:
                name, _, k = key.partition("@@")
                chunks.setdefault(name, []).append((int(k or 0), z[key]))
    if not chunks:
        raise SystemExit(f"no weights.part*.npz in {folder}")
    return {name: np.concatenate([a for _, a in sorted(v, key=lambda x: x[0])]) if len(v) > 1 else v[0][1]
            for name, v in chunks.items()}


def train(args) -> None:
    import torch

    start = time.time()
    folder = Path(args.data)
    device = torch.device(args.device)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    if device.type == "cpu":
        torch.set_num_threads(max(1, min(args.threads, torch.get_num_threads())))
    data = load_data(folder)
    info = json.loads((folder / "info.json").read_text())
    labels, part, kind = data["labels"].astype(np.int64), data["part"], data["kind"]
    train_idx = np.flatnonzero(part == 0)
    calib_idx = np.flatnonzero(part == 1)
    test_idx = np.flatnonzero(part == 2)
    if args.max_train:
        questions = np.unique(data["question"][train_idx])[:args.max_train]
        train_idx = train_idx[np.isin(data["question"][train_idx], questions)]
    if args.max_eval:
        calib_idx, test_idx = calib_idx[:args.max_eval], test_idx[:args.max_eval]
    tensors = {k: torch.from_numpy(data[k].astype(np.int64)).to(device)
               for k in ("input_ids", "attention_mask", "token_type_ids")}
    tensors["lengths_np"] = data["lengths"].astype(np.int64)
    y = torch.from_numpy(labels).to(device)
    print(f"{len(train_idx)} training pairs, {len(calib_idx)} calibration, {len(test_idx)} held-out; "
          f"device {device}", flush=True)

    net_class = build_net(folder / "config.json")
    reader = Path(args.reader)
    probe_rows = np.flatnonzero(part == 1)[:6]
    check = {k: data[k][probe_rows, :int(data["lengths"][probe_rows].max())]
             for k in ("input_ids", "attention_mask", "token_type_ids")}
    base = load_reader(net_class, reader, check)
    base_state = {k: v.clone() for k, v in base.state_dict().items()}
    reader_sha = sha256(reader)
    print(f"reader loaded in {time.time() - start:.0f} s", flush=True)

    grid = [(s, lr, e) for e in args.epochs for lr in args.lrs for s in args.seeds]
    runs, best = [], None
    for seed, lr, epochs in grid:
        if time.time() - start > args.budget_s:
            print(f"time budget {args.budget_s} s spent: skipping seed {seed} lr {lr} epochs {epochs}", flush=True)
            continue
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        net = net_class()
        net.load_state_dict(base_state)
        torch.nn.init.normal_(net.classifier.weight, std=0.02)
        torch.nn.init.zeros_(net.classifier.bias)
        net.bert.embeddings.word_embeddings.weight.requires_grad_(args.train_word_embeddings)
        net.to(device).train()
        decay = [p for n, p in net.named_parameters() if p.requires_grad and p.ndim > 1]
        no_decay = [p for n, p in net.named_parameters() if p.requires_grad and p.ndim <= 1]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                lr=lr, fused=device.type == "cuda")
        steps_per_epoch = math.ceil(len(train_idx) / args.batch)
        total = steps_per_epoch * epochs
        warmup = max(1, int(0.1 * total))
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: (s + 1) / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))
        step = 0
        for epoch in range(1, epochs + 1):
            t0, losses = time.time(), []
            order = rng.permutation(train_idx)
            for lo in range(0, len(order), args.batch):
                idx = order[lo:lo + args.batch]
                width = int(tensors["lengths_np"][idx].max())
                t = torch.from_numpy(idx).to(device)
                with autocast(device):
                    logits = net(tensors["input_ids"][t, :width], tensors["attention_mask"][t, :width],
                                 tensors["token_type_ids"][t, :width])
                loss = torch.nn.functional.cross_entropy(logits.float(), y[t])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                opt.step()
                sched.step()
                step += 1
                losses.append(loss.detach())
            mean_loss = float(torch.stack(losses).mean())
            probs = predict(net, tensors, calib_idx, device)
            m = metrics(probs, labels[calib_idx], kind[calib_idx])
            run = {"seed": seed, "lr": lr, "epochs": epochs, "epoch": epoch, "train_loss": round(mean_loss, 4),
                   "calibration": {k: m.get(k) for k in ("accuracy_full", "accuracy_window", "nll_full",
                                                          "unrelated_recall_hard", "unrelated_recall_random",
                                                          "unrelated_wins_full")}}
            runs.append(run)
            key = (m["accuracy_full"], -m["nll_full"])
            print(f"seed {seed} lr {lr:g} epoch {epoch}/{epochs}: loss {mean_loss:.3f}, calibration yes/no "
                  f"{m['accuracy_full']:.3f} (window {m.get('accuracy_window', float('nan')):.3f}, nll "
                  f"{m['nll_full']:.3f}), unrelated recall hard {m.get('unrelated_recall_hard', float('nan')):.2f} "
                  f"random {m.get('unrelated_recall_random', float('nan')):.2f}, real called unrelated "
                  f"{m.get('unrelated_wins_full', float('nan')):.2f} [{time.time() - t0:.1f} s, "
                  f"total {time.time() - start:.0f} s]", flush=True)
            if best is None or key > best[0]:
                state = {k: v.detach().float().cpu().numpy().astype(np.float16) for k, v in net.state_dict().items()}
                best = (key, dict(run), state)
        del net, opt
    if best is None:
        raise SystemExit("no run finished")
    key, chosen, state = best
    net = net_class()
    net.load_state_dict(base_state)
    net.load_state_dict({k: torch.from_numpy(v.astype(np.float32)) for k, v in state.items()})
    net.to(device)
    calib_probs = predict(net, tensors, calib_idx, device)
    test_probs = predict(net, tensors, test_idx, device)
    thresholds = coverage_thresholds(calib_probs[kind[calib_idx] == 0])
    result = {
        "chosen": chosen, "selection": "best calibration yes/no accuracy on full passages (ties: lower NLL), "
        "over every epoch of every run", "thresholds_max_yes_no": thresholds,
        "calibration": metrics(calib_probs, labels[calib_idx], kind[calib_idx]),
        "heldout": metrics(test_probs, labels[test_idx], kind[test_idx], thresholds),
        "heldout_own_quantiles": metrics(test_probs, labels[test_idx], kind[test_idx])["by_coverage"],
        "runs": runs, "grid": {"seeds": args.seeds, "lrs": args.lrs, "epochs": args.epochs},
        "training": {"batch": args.batch, "warmup": 0.1, "schedule": "linear", "weight_decay": 0.01,
                     "optimizer": "AdamW", "clip": 1.0, "bf16_autocast": device.type == "cuda",
                     "train_pairs": int(len(train_idx)), "word_embeddings_trained": args.train_word_embeddings,
                     "max_train_questions": args.max_train, "device": str(device),
                     "torch": torch.__version__},
        "init": {"file": "rag/models/reader-int8.onnx", "sha256": reader_sha, "how": "int8 weights dequantized"},
        "data": {k: info[k] for k in ("dataset_sha256", "questions", "yes", "pairs", "max_length", "split_rule")},
        "seconds": round(time.time() - start, 1),
    }
    save = Path(args.save)
    save.mkdir(parents=True, exist_ok=True)
    if not args.train_word_embeddings:
        state.pop(FROZEN)  # export takes them from the reader, as training did
    for f in save.glob("weights.part*.npz"):
        f.unlink()
    for i, p in enumerate(split_state(state)):
        np.savez(save / f"weights.part{i}.npz", **p)
    (save / "metrics.json").write_text(json.dumps(result, indent=1))
    h = result["heldout"]
    print(f"chosen: {chosen}", flush=True)
    print(f"held-out: yes/no accuracy {h['accuracy_full']:.3f} (majority {h['majority_full']:.3f}), window "
          f"{h.get('accuracy_window', float('nan')):.3f}; unrelated recall hard {h.get('unrelated_recall_hard', 0):.2f} "
          f"random {h.get('unrelated_recall_random', 0):.2f}; " + ", ".join(
              f"coverage {c['coverage']:.2f} precision {c['precision']:.3f}" for c in h["by_coverage"].values()), flush=True)
    print(f"wrote {save} in {time.time() - start:.0f} s", flush=True)


# --- export (here) ----------------------------------------------------------------------------------

def export(args) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    sys.path.insert(0, str(ROOT))
    from rag.answering.yes_no_model import MAX_LENGTH, YesNoModel, softmax
    from rag.embedding.onnx_sessions import checked_session, file_sha256

    weights, folder = Path(args.weights), Path(args.data)
    run = json.loads((weights / "metrics.json").read_text())
    reader = Path(args.reader)
    if file_sha256(reader) != run["init"]["sha256"]:
        raise SystemExit(f"{reader} is not the reader the model was trained from ({run['init']['sha256'][:12]}…)")
    net_class = build_net(folder / "config.json", attn="eager")
    net = load_reader(net_class, reader)
    state = join_state(weights)
    missing = net.load_state_dict({k: torch.from_numpy(v.astype(np.float32)) for k, v in state.items()}, strict=False)
    if [k for k in missing.missing_keys if k != FROZEN] or missing.unexpected_keys:
        raise SystemExit(f"weights do not fit the model: {missing}")
    net.eval()
    model_dir = Path(args.model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    model_file, card_file = model_dir / "yesno-int8.onnx", model_dir / "yesno.json"
    import tempfile

    fp32 = Path(args.fp32) if args.fp32 else Path(tempfile.mkdtemp(prefix="yesno-")) / "yesno-fp32.onnx"
    data = load_data(folder)
    example = {k: torch.from_numpy(data[k][:2, :40].astype(np.int64))
               for k in ("input_ids", "attention_mask", "token_type_ids")}
    torch.onnx.export(net, (example["input_ids"], example["attention_mask"], example["token_type_ids"]), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "token_type_ids": {0: "batch", 1: "tokens"}, "logits": {0: "batch"}},
                      opset_version=17, dynamo=False)
    # As the reader: one scale per output channel.
    quantize_dynamic(str(fp32), str(model_file), weight_type=QuantType.QInt8, per_channel=True)
    sha = file_sha256(model_file)

    labels, part, kind = data["labels"].astype(np.int64), data["part"], data["kind"]

    def int8_probs(index: np.ndarray) -> np.ndarray:
        session = checked_session(model_file, sha, "yes/no model", "re-export")
        out = np.zeros((len(index), 3), dtype=np.float32)
        order = np.argsort(data["lengths"][index], kind="stable")
        for lo in range(0, len(order), 32):
            sel = order[lo:lo + 32]
            rows = index[sel]
            width = int(data["lengths"][rows].max())
            feeds = {k: data[k][rows, :width].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
            out[sel] = softmax(session.run(["logits"], feeds)[0])
        return out

    # torch fp32 against the int8 file on a few rows
    rows = np.flatnonzero(part == 2)[:8]
    width = int(data["lengths"][rows].max())
    with torch.inference_mode():
        ref = torch.softmax(net(*(torch.from_numpy(data[k][rows, :width].astype(np.int64))
                                  for k in ("input_ids", "attention_mask", "token_type_ids"))), -1).numpy()
    gap = float(np.abs(ref - int8_probs(rows)).max())
    print(f"largest probability gap torch fp32 vs int8 ONNX on 8 held-out pairs: {gap:.3f}", flush=True)

    calib_idx, test_idx = np.flatnonzero(part == 1), np.flatnonzero(part == 2)
    if args.max_eval:
        calib_idx, test_idx = calib_idx[:args.max_eval], test_idx[:args.max_eval]
    t0 = time.time()
    calib_probs = int8_probs(calib_idx)
    test_probs = int8_probs(test_idx)
    thresholds = coverage_thresholds(calib_probs[kind[calib_idx] == 0])
    int8 = {"calibration": metrics(calib_probs, labels[calib_idx], kind[calib_idx]),
            "heldout": metrics(test_probs, labels[test_idx], kind[test_idx], thresholds)}
    print(f"int8 evaluated in {time.time() - t0:.0f} s: held-out yes/no accuracy {int8['heldout']['accuracy_full']:.3f}",
          flush=True)
    info = json.loads((folder / "info.json").read_text())
    card = {
        "sha256": sha, "classes": ["no", "yes", "unrelated"], "outputs": "logits [batch, 3]; softmax gives P(no, yes, unrelated)",
        "max_length": int(info.get("max_length", MAX_LENGTH)),
        "encoding": "[CLS] question (trailing '?' dropped, at most 64 tokens) [SEP] passage (cut to fit) [SEP], "
                    "the reader's WordPiece tokenizer",
        "base": {"file": "rag/models/reader-int8.onnx", "sha256": run["init"]["sha256"],
                 "model": "sentence-transformers/all-MiniLM-L6-v2 fine-tuned as the extractive reader",
                 "how": run["init"]["how"] + "; word embeddings frozen at the reader's"},
        "data": run["data"] | {"dataset": "BoolQ dev subset (../shared/datasets/boolq/dev-subset.jsonl)",
                               "pair_kinds": "full passage; a 250-500 character cut around the sentence sharing most "
                                             "words with the question; unrelated = another article's passage "
                                             "(most word-sharing of 3 or random)"},
        "split_rule": SPLIT_RULE, "training": run["training"] | {"chosen": run["chosen"], "grid": run["grid"],
                                                                 "selection": run["selection"]},
        "thresholds_max_yes_no": {"what": "max(P(yes), P(no)) above which this share of calibration questions is "
                                          "answered (int8 model)", **thresholds},
        "metrics_torch": {"calibration": run["calibration"], "heldout": run["heldout"]},
        "metrics_int8": int8,
        "notes": "Accuracy is on BoolQ's own passages (general knowledge, not our corpus); the held-out articles "
                 "were never trained or chosen on. Published BERT-base figures on the full BoolQ dev set after "
                 "training on 9,427 questions: about 0.74-0.78; majority class 0.62.",
    }
    card_file.write_text(json.dumps(card, indent=1) + "\n")
    print(f"wrote {model_file} ({model_file.stat().st_size / 1e6:.1f} MB) and {card_file}", flush=True)
    probe = YesNoModel(model_file, card_file)
    p = probe.probabilities("Is Oslo the capital of Norway?", ["Oslo is the capital of Norway.",
                                                               "Bergen is the capital of Norway.",
                                                               "The tomato is a fruit grown in gardens."])
    print("Oslo probe (no, yes, unrelated):\n" + np.array2string(p, precision=3), flush=True)
    # the runtime path (tokenizer + encoding) reads as the prepared arrays: same probabilities
    items = [json.loads(line) for line in Path(info["dataset"]).read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in np.flatnonzero((part == 2) & (kind == 0))[:3]:
        item = items[int(data["question"][row])]
        runtime = probe.probabilities(item["question"], [item["passage"]])[0]
        prepared = int8_probs(np.array([row]))[0]
        if np.abs(runtime - prepared).max() > 1e-4:
            raise SystemExit(f"runtime encoding differs from the prepared one: {runtime} vs {prepared}")
    print("runtime encoding matches the prepared arrays", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["prepare", "train", "export"])
    parser.add_argument("--dataset", default=str(DATA))
    parser.add_argument("--out", default=str(OUT), help="prepare: output folder (default: %(default)s)")
    parser.add_argument("--data", default=str(OUT), help="train/export: the prepared folder (default: %(default)s)")
    parser.add_argument("--max-length", type=int, default=320)
    parser.add_argument("--reader", default=str(READER_ONNX))
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--lrs", type=float, nargs="+", default=[2e-5, 4e-5])
    parser.add_argument("--epochs", type=int, nargs="+", default=[5],
                        help="schedule lengths (each a run per seed and lr; calibration after every epoch)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-train", type=int, default=0, help="train on the first N training questions")
    parser.add_argument("--max-eval", type=int, default=0, help="evaluate on the first N pairs of each part")
    parser.add_argument("--train-word-embeddings", action="store_true")
    parser.add_argument("--budget-s", type=float, default=300, help="train: start no run after this many seconds")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--save", help="train: folder for the chosen weights and metrics.json")
    parser.add_argument("--weights", help="export: the folder train saved into")
    parser.add_argument("--model-dir", default=str(ROOT / "rag" / "models"))
    parser.add_argument("--fp32", help="export: where the fp32 ONNX goes (default: a temp folder)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if args.command == "prepare":
        prepare(args)
    elif args.command == "train":
        if not args.save:
            parser.error("train needs --save DIR")
        train(args)
    else:
        if not args.weights:
            parser.error("export needs --weights DIR")
        export(args)


if __name__ == "__main__":
    main()
