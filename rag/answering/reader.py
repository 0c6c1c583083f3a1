"""The trained reader: (question, passage) -> how likely the passage answers it, and where.

A MiniLM-L6 transformer initialised from the packaged all-MiniLM-L6-v2 weights and fine-tuned on
SQuAD 2.0 questions (answerable and unanswerable) by ``bench/train_reader.py``. It has two heads:
a "holds the answer" logit on [CLS] and start/end logits over the passage's tokens. It ships as
one int8 ONNX file (``rag/models/reader-int8.onnx``) whose SHA-256 is checked when it loads, and
runs with onnxruntime, so answering a question imports no torch.

The input encoding lives here and the training script imports it, so the model is trained on
exactly the windows it reads at query time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.errors import RagError
from rag.embedding.onnx_sessions import checked_session

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_FILE = MODEL_DIR / "reader-int8.onnx"
CARD_FILE = MODEL_DIR / "reader.json"  # sha256, calibrated thresholds, how it was trained and measured

MAX_LENGTH = 384        # tokens per window: question + passage + 3 special tokens
STRIDE = 128            # tokens shared by consecutive windows of a passage longer than one window
MAX_QUESTION_TOKENS = 64
MAX_ANSWER_TOKENS = 30
TOP_N = 20              # start and end candidates combined when decoding a span


@dataclass
class Window:
    """One model input: the question and a slice of one passage."""

    passage: int                          # index of the passage in the list given
    ids: list[int]
    type_ids: list[int]
    offsets: list[tuple[int, int] | None]  # character span in the passage of each token; None off-passage


@dataclass
class Reading:
    """The reader's verdict on one passage (its best window)."""

    passage: int
    probability: float   # P(the passage holds the answer)
    start: int           # the best answer span, character offsets into the passage text
    end: int
    span_probability: float  # how sure of the span's boundaries: its expected token F1 (see best_span)
    span_score: float = 0.0  # start + end logits of the span, comparable across passages
    others: tuple["Span", ...] = ()  # candidate spans of the same window outside this one, best first


@dataclass(frozen=True)
class Span:
    """A candidate answer span of a passage other than the reader's best one: character offsets,
    boundary confidence and start + end logits (comparable with the best span's ``span_score``)."""

    start: int
    end: int
    span_probability: float
    span_score: float


def tokenizer():
    """The embedder's own WordPiece tokenizer (the reader was trained from the same model)."""
    from rag.embedding.sentence_transformer import wordpiece

    return wordpiece()


def _question_ids(question: str) -> list[int]:
    enc = tokenizer().encode(question, add_special_tokens=False)
    return enc.ids[:MAX_QUESTION_TOKENS]


def encode_windows(question: str, texts: list[str]) -> list[Window]:
    """[CLS] question [SEP] passage-slice [SEP] windows, overlapping by STRIDE tokens."""
    tok = tokenizer()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    q_ids = _question_ids(question)
    room = MAX_LENGTH - len(q_ids) - 3
    windows: list[Window] = []
    for i, text in enumerate(texts):
        enc = tok.encode(text, add_special_tokens=False)
        ids, offsets = enc.ids, enc.offsets
        lo = 0
        while True:
            hi = min(len(ids), lo + room)
            windows.append(Window(
                passage=i,
                ids=[cls_id, *q_ids, sep_id, *ids[lo:hi], sep_id],
                type_ids=[0] * (len(q_ids) + 2) + [1] * (hi - lo + 1),
                offsets=[None] * (len(q_ids) + 2) + [tuple(o) for o in offsets[lo:hi]] + [None],
            ))
            if hi >= len(ids):
                break
            lo = hi - STRIDE
    return windows


def batch_arrays(windows: list[Window]) -> dict[str, np.ndarray]:
    """Padded int64 arrays for a batch of windows."""
    width = max(len(w.ids) for w in windows)
    ids = np.zeros((len(windows), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for r, w in enumerate(windows):
        n = len(w.ids)
        ids[r, :n], types[r, :n], mask[r, :n] = w.ids, w.type_ids, 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def _answer_tokens(window: Window, first_char: int) -> np.ndarray:
    """Which tokens of the window are passage text at or after ``first_char`` (an answer's)."""
    return np.array([o is not None and o[0] >= first_char for o in window.offsets])


def best_span(window: Window, start_logits: np.ndarray, end_logits: np.ndarray,
              first_char: int = 0, text: str | None = None) -> tuple[int, int, float, float]:
    """The span of a window to answer with, starting at or after ``first_char`` of the passage:
    (token start, token end, score, boundary confidence); (-1, -1, -inf, 0) when there is none.

    Among the top start/end pairs, the one with the highest expected token F1 against the reader's
    own distribution over those pairs wins (minimum Bayes risk), not the single most probable pair:
    where the reader hesitates between "military activities" and "growing military activities",
    the span most of its probability agrees with is the safer answer. The boundary confidence is
    that expected F1. Given the passage ``text``, a span never runs across a sentence or a line
    (a SQuAD reader has never seen an answer that does)."""
    context = _answer_tokens(window, first_char)
    if not context.any():
        return -1, -1, -np.inf, 0.0
    n = len(window.offsets)
    s_log = np.where(context, start_logits[:n], -np.inf)
    e_log = np.where(context, end_logits[:n], -np.inf)
    sentence = _token_sentences(window, text) if text is not None else None
    starts = np.argsort(-s_log)[:TOP_N]
    ends = np.argsort(-e_log)[:TOP_N]
    pairs = [(int(s), int(e)) for s in starts if context[s] for e in ends
             if context[e] and s <= e < s + MAX_ANSWER_TOKENS and (sentence is None or sentence[s] == sentence[e])]
    if not pairs:
        return -1, -1, -np.inf, 0.0
    scores = np.array([s_log[s] + e_log[e] for s, e in pairs])
    weights = _softmax(scores)
    lo = np.array([s for s, _ in pairs])
    hi = np.array([e for _, e in pairs]) + 1
    expected = [float(np.dot(weights, _token_f1(a, b, lo, hi))) for a, b in zip(lo, hi)]
    best = int(np.argmax(expected))
    return pairs[best][0], pairs[best][1], float(scores[best]), expected[best]


def sentence_spans(window: Window, start_logits: np.ndarray, end_logits: np.ndarray, first_char: int,
                   text: str, skip: tuple[int, int], per_sentence: int = 5) -> tuple[Span, ...]:
    """Candidate spans of the window other than the token span ``skip`` (the best one) and any
    overlapping it, best first: in each sentence, the pairs of its ``per_sentence`` most likely
    starts and ends, each with its expected token F1 among them. Where the reader's best span is
    not of the type asked ("Mitsubishi Heavy" for "which body approved the export"), the answer
    is often another span of the same passage the reader ranks lower ("the National Security
    Council"), and a second passage is a worse place to look."""
    sentence = np.array(_token_sentences(window, text))
    context = _answer_tokens(window, first_char)
    n = len(window.offsets)
    out: list[Span] = []
    for sid in sorted(set(sentence[context].tolist())):
        region = context & (sentence == sid)
        s_log = np.where(region, start_logits[:n], -np.inf)
        e_log = np.where(region, end_logits[:n], -np.inf)
        starts = [int(t) for t in np.argsort(-s_log)[:per_sentence] if region[t]]
        ends = [int(t) for t in np.argsort(-e_log)[:per_sentence] if region[t]]
        pairs = [(a, b) for a in starts for b in ends if a <= b < a + MAX_ANSWER_TOKENS]
        if not pairs:
            continue
        scores = np.array([s_log[a] + e_log[b] for a, b in pairs])
        weights = _softmax(scores)
        lo = np.array([a for a, _ in pairs])
        hi = np.array([b for _, b in pairs]) + 1
        for (a, b), score in zip(pairs, scores):
            if b < skip[0] or a > skip[1]:
                expected = float(np.dot(weights, _token_f1(a, b + 1, lo, hi)))
                out.append(Span(window.offsets[a][0], window.offsets[b][1], expected, float(score)))
    return tuple(sorted(out, key=lambda x: -x.span_score))


def _token_f1(a: int, b: int, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Token F1 between the token range [a, b) and each range [lo, hi)."""
    overlap = np.clip(np.minimum(b, hi) - np.maximum(a, lo), 0, None)
    return 2.0 * overlap / ((b - a) + (hi - lo))


def _token_sentences(window: Window, text: str) -> list[int]:
    """The sentence (of ``text``, split by rag.ingest.sentences) each passage token of the
    window falls in; -1 for the question and special tokens."""
    from rag.ingest.sentences import split_sentences

    ends = [b for _, b in split_sentences(text)]
    out = []
    for o in window.offsets:
        out.append(-1 if o is None else int(np.searchsorted(ends, o[0], side="right")))
    return out


@lru_cache(maxsize=1)
def model_card() -> dict:
    try:
        return json.loads(CARD_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RagError(f"the reader's model card {CARD_FILE} is missing or unreadable ({exc}); "
                       "reinstall the package or retrain with bench/train_reader.py") from None


class Reader:
    """Cheap to construct; the ONNX model loads (and is checked) on first use."""

    def __init__(self, path: Path | str = MODEL_FILE, sha256: str | None = None, batch_size: int = 16) -> None:
        self.path = Path(path)
        self._sha256 = sha256
        self.batch_size = batch_size

    @property
    def session(self):
        sha = self._sha256 or model_card()["sha256"]
        return checked_session(self.path, sha, "reader model",
                               "reinstall the package or retrain with bench/train_reader.py")

    def logits(self, windows: list[Window]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(has-answer, start, end) logits for the windows, run in length-sorted batches."""
        session = self.session
        width = max(len(w.ids) for w in windows)
        has = np.zeros(len(windows), dtype=np.float32)
        start = np.full((len(windows), width), -1e4, dtype=np.float32)
        end = np.full_like(start, -1e4)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo:lo + self.batch_size]
            h, s, e = session.run(None, batch_arrays([windows[i] for i in idx]))
            for row, i in enumerate(idx):
                n = s.shape[1]
                has[i], start[i, :n], end[i, :n] = h[row], s[row], e[row]
        return has, start, end

    def read(self, question: str, texts: list[str], answers_from: list[int] | None = None,
             alternatives: bool = False) -> list[Reading]:
        """One reading per passage text, from its most confident window; ``answers_from[i]``: the
        first character of text i an answer may start at (the text before it is read, as context);
        ``alternatives``: each reading also holds the candidate spans of its window outside its own
        (see ``sentence_spans``)."""
        if not texts:
            return []
        windows = encode_windows(question, texts)
        has, start, end = self.logits(windows)
        best: dict[int, Reading] = {}
        for w, h, s, e in zip(windows, has.tolist(), start, end):
            first = answers_from[w.passage] if answers_from else 0
            ts, te, score, span_p = best_span(w, s, e, first, texts[w.passage])
            if ts < 0:
                continue
            prob = 1.0 / (1.0 + np.exp(-h))
            current = best.get(w.passage)
            if current is None or prob > current.probability:
                others = sentence_spans(w, s, e, first, texts[w.passage], (ts, te)) if alternatives else ()
                best[w.passage] = Reading(w.passage, float(prob), w.offsets[ts][0], w.offsets[te][1], span_p, score,
                                          others)
        return [best[i] for i in sorted(best)]
