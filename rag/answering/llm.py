"""Optional generator: a small local LLM (llama.cpp, GGUF) writes the answer; verify.py decides
what of it is shown.

The model sees the passages numbered [1]..[n] and is told to cite them. Its answer is then
checked sentence by sentence (rag.answering.verify): invalid citations and unsupported
sentences are removed, each kept sentence is cited by the exact passage sentence supporting it.
When nothing survives, or when a sentence contradicts the passage it cites (a negation, a yes/no,
another number, date or name: rag.answering.contradiction), the extractive generator answers
instead (Answer.reason says so).

Needs ``llama-cpp-python`` (the ``llm`` extra) and a model: ``--model PATH.gguf`` or the default
Qwen2.5-Coder-0.5B-Instruct assembled from its part packages (rag.answering.llm_models).
"""
from __future__ import annotations

import atexit
import importlib.util
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from rag.errors import GeneratorUnavailableError
from rag.answering.base import BaseGenerator, Capabilities, Generator, GeneratorOptions, abstention
from rag.answering.llm_models import INSTALL_HINT, check_model_file, default_model_available, default_model_path
from rag.answering.prompt import build_messages, fit_passages
from rag.answering.verify import SUPPORT_THRESHOLD, TextEncoder, Verification, says_no_answer, verify_answer
from rag.embedding.threads import usable_cores
from rag.types import Answer, Passage

# The answer is a few sentences: a blank line or a new "Question:" means the model rambles on.
STOP_SEQUENCES = ["\n\n", "Question:", "<passage"]

_LOAD_LOCK = threading.Lock()
# Loaded models by (path, n_ctx, n_threads), each with a lock: a llama.cpp context runs one
# generation at a time, and loading takes seconds, so it happens once per process.
_MODELS: dict[tuple[str, int, int], tuple[Any, threading.Lock]] = {}


@atexit.register
def _close_models() -> None:
    """Free the models before interpreter shutdown: llama.cpp's own __del__ fails once the
    module's globals are gone and prints a traceback on every exit."""
    for model, _ in _MODELS.values():
        try:
            model.close()
        except Exception:  # closing at exit must never raise
            pass
    _MODELS.clear()


def llama_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def load_llama(path: Path, n_ctx: int, n_threads: int) -> tuple[Any, threading.Lock]:
    """The llama.cpp model for ``path`` (loaded on first call, then shared) and its lock."""
    key = (str(path), n_ctx, n_threads)
    with _LOAD_LOCK:
        if key not in _MODELS:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise GeneratorUnavailableError(INSTALL_HINT) from exc
            try:
                model = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
            except (ValueError, RuntimeError) as exc:
                raise GeneratorUnavailableError(f"cannot load the model {path}: {exc}") from exc
            _MODELS[key] = (model, threading.Lock())
        return _MODELS[key]


def build(options: GeneratorOptions) -> "LLMGenerator":
    """The LLM, with the extractive reader (at the user's threshold) as its fallback."""
    from rag.answering import extractive

    return LLMGenerator(model_path=options.model_path, embedder=options.embedder, fallback=extractive.build(options))


class LLMGenerator(BaseGenerator):
    """Generator protocol (``name = "llm"``) plus :meth:`stream`.

    Construction is cheap (it only checks that llama-cpp-python and the model are there, raising
    GeneratorUnavailableError with an install hint); the model loads on first use.
    ``fallback``: the generator used when no sentence of the model's answer is supported
    (None = the extractive generator, False = abstain).
    """

    name = "llm"
    capabilities = Capabilities(streaming=True)

    def __init__(self, model_path: str | os.PathLike[str] | None = None, n_ctx: int = 2048,
                 max_tokens: int = 256, embedder: TextEncoder | None = None, n_threads: int | None = None,
                 threshold: float = SUPPORT_THRESHOLD, fallback: Generator | Literal[False] | None = None,
                 search_all: bool = True) -> None:
        if not llama_available():
            raise GeneratorUnavailableError(INSTALL_HINT)
        if model_path is not None:
            self._path: Path | None = check_model_file(model_path)
        elif default_model_available():
            self._path = None  # assembled from the part packages on first use
        else:
            raise GeneratorUnavailableError(INSTALL_HINT)
        if max_tokens >= n_ctx:
            raise ValueError("max_tokens must be smaller than n_ctx")
        self.n_ctx = n_ctx
        self.max_tokens = max_tokens
        self.n_threads = n_threads or usable_cores()
        self.threshold = threshold
        self.search_all = search_all
        self._embedder = embedder
        self._fallback = fallback

    @property
    def model_path(self) -> Path:
        if self._path is None:
            self._path = default_model_path()
        return self._path

    @property
    def embedder(self) -> TextEncoder:
        if self._embedder is None:
            from rag.embedding.sentence_transformer import Embedder

            self._embedder = Embedder()
        return self._embedder

    def _model(self) -> tuple[Any, threading.Lock]:
        return load_llama(self.model_path, self.n_ctx, self.n_threads)

    def load(self) -> None:
        self._model()
        fallback = self._resolve_fallback()
        if fallback is not None:
            fallback.load()

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` for the model's own tokenizer."""
        model, _ = self._model()
        return len(model.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def fit(self, question: str, passages: list[Passage]) -> list[Passage]:
        """The passages that fit the context with ``max_tokens`` left for the answer (weakest dropped first)."""
        return fit_passages(question, passages, self.count_tokens, self.n_ctx - self.max_tokens)

    def generate(self, question: str, passages: list[Passage]) -> Answer:
        answer = None
        for item in self.stream(question, passages):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        """Yield the model's text as it is generated, then the verified answer.

        Items are ``str`` pieces (raw, unverified model text: show them only as a draft) followed
        by exactly one :class:`Answer`, always the last item, which replaces the draft: only its
        ``text`` and ``citations`` are verified. Typical use::

            for item in generator.stream(question, passages):
                if isinstance(item, str):
                    draft += item          # live preview
                else:
                    answer = item          # final, verified
        """
        timings: dict[str, float] = {}
        if not passages:
            yield self._timed(abstention(question, passages, self.name, 0.0, "no passages were retrieved"), timings)
            return
        t0 = time.perf_counter()
        model, lock = self._model()
        timings["load_ms"] = (time.perf_counter() - t0) * 1000
        used = self.fit(question, passages)
        if not used:
            yield self._timed(abstention(question, passages, self.name, 0.0,
                                         "no passage fits the language model's context window"), timings)
            return
        t1 = time.perf_counter()
        pieces: list[str] = []
        with lock:
            for chunk in model.create_chat_completion(messages=build_messages(question, used), stream=True,
                                                      temperature=0.0, max_tokens=self.max_tokens,
                                                      stop=STOP_SEQUENCES):
                piece = chunk["choices"][0].get("delta", {}).get("content")
                if piece:
                    pieces.append(piece)
                    yield piece
        timings["llm_ms"] = (time.perf_counter() - t1) * 1000
        t2 = time.perf_counter()
        verification = verify_answer("".join(pieces), used, self.embedder, self.threshold, self.search_all,
                                     question=question)
        needs_fallback = bool(verification.contradictions) or (not verification.citations
                                                                and not verification.says_no_answer)
        fallback = self._resolve_fallback() if needs_fallback else None
        answer = verified_answer(question, passages, verification, fallback, self.name)
        timings["verify_ms"] = (time.perf_counter() - t2) * 1000
        yield self._timed(answer, timings)

    @staticmethod
    def _timed(answer: Answer, timings: dict[str, float]) -> Answer:
        answer.timings_ms.update(timings)
        return answer

    def _resolve_fallback(self) -> Generator | None:
        if self._fallback is None:
            from rag.answering.extractive import ExtractiveGenerator

            self._fallback = ExtractiveGenerator(embedder=self._embedder)
        return self._fallback or None


def verified_answer(question: str, passages: list[Passage], v: Verification, fallback: Generator | None,
                    name: str = LLMGenerator.name) -> Answer:
    """The Answer shown for a verified model answer. A sentence contradicting its passage
    discredits the whole answer: ``fallback``'s answer (or an abstention) is shown instead.
    Otherwise: abstain when the model said the passages do not hold the answer; the supported
    sentences when there are any (``reason`` tells what was removed); else ``fallback``'s answer
    (or an abstention). ``reason`` says which, and why."""
    if v.contradictions:
        found = v.contradictions[0].contradiction
        assert found is not None
        return _fallback_answer(question, passages, fallback, name,
                                f"the model's answer contradicted its cited passage ({found.describe()})")
    if v.says_no_answer and not v.citations:
        return abstention(question, passages, name, 0.0, "the model found no answer in the passages")
    removed = [s for s in v.sentences if not s.supported and not says_no_answer(s.text)]
    if v.citations:
        notes = []
        if removed:
            notes.append(f"removed {len(removed)} of {len(v.sentences)} sentences not supported by the passages")
        if v.says_no_answer:
            notes.append("the model also said the passages may not hold the answer")
        if v.invalid_citations:
            notes.append("dropped invalid citations " + ", ".join(f"[{n}]" for n in v.invalid_citations))
        return Answer(question=question, text=v.text, abstained=False, citations=v.citations,
                      passages=passages, confidence=v.confidence, generator=name, reason="; ".join(notes))
    why = ("the model gave no answer" if not v.sentences
           else "no sentence of the model's answer was supported by the passages it cites")
    return _fallback_answer(question, passages, fallback, name, why)


def _fallback_answer(question: str, passages: list[Passage], fallback: Generator | None, name: str,
                     why: str) -> Answer:
    """``fallback``'s answer with ``reason`` saying why it replaces the model's (an abstention without one)."""
    if fallback is None:
        return abstention(question, passages, name, 0.0, why)
    answer = fallback.generate(question, passages)
    shown = "the fallback abstains too" if answer.abstained else f"showing the {fallback.name} answer instead"
    answer.reason = f"{why}; {shown}" + (f" ({answer.reason})" if answer.reason else "")
    answer.generator = name
    return answer
