"""Content words of a text (lowercased, stemmed, stopwords dropped) for word-overlap scores."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves also did does according said says say
""".split())

_WORD = re.compile(r"(?u)\b\w[\w'’-]*\b")


@lru_cache(maxsize=1)
def _stem():
    try:
        import Stemmer

        return Stemmer.Stemmer("english").stemWord
    except ImportError:
        return lambda w: w


# Letters that carry no combining mark to drop: "ø" is no "o" plus an accent.
_LETTERS = {"ø": "o", "Ø": "O", "æ": "a", "Æ": "A", "œ": "o", "Œ": "O", "ß": "s", "ł": "l", "Ł": "L",
            "đ": "d", "Đ": "D", "ı": "i", "þ": "t", "Þ": "T"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _LETTERS:
        return _LETTERS[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]) else ch


def fold(text: str) -> str:
    """``text`` without accents, one character for one ("Yaşar Güler" -> "Yasar Guler", "Bjørn" ->
    "Bjorn"), so offsets into it are offsets into ``text``: people type names without accents."""
    return text if text.isascii() else "".join(_fold_char(ch) for ch in text)


_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def plain_words(text: str) -> str:
    """``text`` folded (see fold) with acronyms written without dots ("U.S." -> "US"), so that
    "the us" and "the U.S." share a word. For matching words only: lengths change."""
    return _ACRONYM.sub(lambda m: m[0].replace(".", ""), fold(text))


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(plain_words(text))]


def surface_words(text: str) -> set[str]:
    """Content words as written (lowercased, not stemmed)."""
    return {w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}


def stem_of(word: str) -> str:
    return _stem()(word)


def content_words(text: str) -> set[str]:
    stem = _stem()
    return {stem(w) for w in surface_words(text)}


def overlap(query: set[str], text: set[str]) -> float:
    """Share of the query's content words found in the text."""
    return len(query & text) / len(query) if query else 0.0
