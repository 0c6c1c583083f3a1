"""Content words of a text (lowercased, stemmed, stopwords dropped) for word-overlap scores."""
from __future__ import annotations

import re
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


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


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
