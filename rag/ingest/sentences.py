"""Rule-based sentence splitting that returns character spans (no downloaded data needed).

Spans are ``(start, end)`` into the text given, stripped of surrounding whitespace, so
``text[start:end]`` is the sentence exactly. Line breaks always end a sentence.
"""
from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "no", "nos", "vs", "etc", "e.g", "i.e",
    "fig", "figs", "al", "approx", "inc", "ltd", "co", "corp", "dept", "gen", "gov", "lt", "col",
    "capt", "cmdr", "sgt", "rep", "sen", "rev", "hon", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "p", "pp", "vol", "ed", "eds",
    "est", "min", "max", "cf", "ca", "resp", "ref", "refs", "eq",
}
# Abbreviations that may also end a sentence (a company's or a person's suffix, a country's
# initials), unlike a title ("Dr.", "Gen.") that always precedes a name: after one of them a word
# that opens sentences and never continues a name ("Raytheon Co. The gyro …") starts a new one,
# while "Co. Ltd" or "U.S. Navy" go on.
_FINAL_ABBREVIATIONS = {"inc", "ltd", "co", "corp", "etc", "jr", "sr", "u.s", "u.k", "u.n", "al"}
_OPENERS = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
            "his", "her", "their", "our", "but", "however", "meanwhile", "there", "in", "on", "after"}
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)\b")
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
# The word before a full stop, whole: "Flåm." is no initial "m." (letters beyond ASCII included).
_LAST_WORD = re.compile(r"(?<![\w.])([^\W\d_][\w.]*)\.$")


def _is_abbreviation(text: str, dot_end: int) -> bool:
    m = _LAST_WORD.search(text, max(0, dot_end - 12), dot_end)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    # Initials such as "J." or "U.S." (single letters separated by dots).
    return bool(re.fullmatch(r"([a-z]\.)*[a-z]", word))


def _ends_after_abbreviation(text: str, dot_end: int, next_start: int) -> bool:
    """Whether the abbreviation ending at ``dot_end`` also ends its sentence: it is one that may
    (``_FINAL_ABBREVIATIONS`` or initials of two letters or more, "U.S.") and the next word opens
    a sentence ("The", "It")."""
    m = _LAST_WORD.search(text, max(0, dot_end - 12), dot_end)
    word = m.group(1).lower() if m else ""
    if word not in _FINAL_ABBREVIATIONS and not re.fullmatch(r"([a-z]\.)+[a-z]", word):
        return False
    nxt = _NEXT_WORD.match(text, next_start)
    return bool(nxt) and nxt.group(1).lower() in _OPENERS


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end()
        nxt = _NEXT_START.match(text, stop, end)
        if not nxt:
            continue
        punct = m.group(0).rstrip("\"'”’)]")
        if punct == "." and _is_abbreviation(text, m.start() + 1) and \
                not _ends_after_abbreviation(text, m.start() + 1, stop):
            continue
        spans.append((cur, stop))
        cur = nxt.start(1)
    spans.append((cur, end))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` as absolute offsets into ``text``."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        for a, b in _split_line(text, pos, line_end):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append((a, b))
        pos = line_end + 1
    return spans
