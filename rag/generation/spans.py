"""Short answers of the right kind inside a sentence: dates, numbers, amounts, names, places.

Question types come from the wh-word; candidates are regex/capitalisation spans with local
offsets, so the short answer stays an exact substring of the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                "eighty|ninety|hundred|thousand|million|billion|dozen|several|a dozen")
NUM = r"\d[\d,]*(?:\.\d+)?"
SCALE = r"(?:\s?(?:million|billion|trillion|thousand|hundred|bn|m|k)\b)?"

DATE_PATTERNS = [
    rf"(?:(?:{WEEKDAY}),?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+\d{{4}})?",
    rf"(?:(?:{WEEKDAY}),?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?",
    rf"(?:(?:early|mid|late)[-\s])?{MONTH}\s+\d{{4}}",
    r"\b(?:early|mid|late)[-\s]\d{4}s?",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b(?:1[0-9]|20)\d{2}s?\b",
    rf"\b{WEEKDAY}\b",
    rf"\b{MONTH}(?=[\s,.;])",
]
MONEY_PATTERNS = [
    rf"(?:[A-Z]{{2,3}}\s?)?[$€£¥]\s?{NUM}{SCALE}(?:\s?\([A-Z]{{2,3}}\s?[$€£¥]?\s?{NUM}{SCALE}\))?",
    rf"{NUM}{SCALE}\s?(?:USD|EUR|GBP|JPY|NOK|AUD|dollars|euros|pounds|yen|kroner)\b",
    rf"(?:USD|EUR|GBP|JPY|NOK|AUD)\s?{NUM}{SCALE}",
]
UNIT = r"(?:-[a-z]+\b)?"  # "40-minute", "two-day": the unit is part of the answer
NUMBER_PATTERNS = [
    # not a model number: the 35 of "F-35A" is no count
    rf"(?<![A-Za-z])(?<![A-Za-z]-)\b{NUM}{SCALE}(?:\s?(?:per ?cent|percent|%))?{UNIT}",
    rf"\b(?:{NUMBER_WORDS})(?:[-\s](?:{NUMBER_WORDS}))*\b{UNIT}",
]
_CAP_WORD = r"(?:[A-Z][\w’'&.-]*|[A-Z]{2,}|\d+[A-Za-z-]*)"
_JOINER = r"(?:\s(?:of|de|the|and|&|for|von|van|al|bin)\s|\s|-)"
NAME_PATTERN = rf"{_CAP_WORD}(?:{_JOINER}{_CAP_WORD})*"


@dataclass(frozen=True)
class QuestionType:
    kind: str  # date | number | money | person | place | entity | other
    # The noun asked about: "which missile" -> "missile", "how many naval ships" -> "naval ships",
    # "in which month" -> "month".
    head: str = ""


_VERB = (r"(?=\s+(?:is|are|was|were|did|do|does|can|could|will|would|has|have|had|of|in|on|at|for|to|by|"
         r"from|that|should|must)\b|\s*[?,]|$)")
_WH = re.compile(r"\b(who|whom|whose|when|where|which|what|how (?:many|much|long|far|old|large|big)|name)\b", re.I)
_HEAD = re.compile(r"\s+(?:(?:type|kind|sort|form|class) of\s+)?((?:[\w-]+\s){0,2}?[\w-]+?)" + _VERB, re.I)
_MONEY_WORDS = re.compile(r"\b(?:cost|costs|price|valued?|worth|spend|spent|budget)\b")
_PLACE_HEADS = frozenset("city country place base port region nation venue location town island state".split())


def question_type(question: str) -> QuestionType:
    """The kind of answer asked for, from the question's first wh-word ("who was minister when ..." is a person)."""
    q = question.strip().lower()
    m = _WH.search(q)
    if not m:
        return QuestionType("other")
    wh, rest = m.group(1), q[m.end():]
    if wh in ("who", "whom", "whose"):
        return QuestionType("person")
    if wh == "when":
        return QuestionType("date")
    if wh == "where":
        return QuestionType("place")
    if wh == "how much":
        return QuestionType("money")
    if wh.startswith("how "):
        h = _HEAD.match(rest) if wh == "how many" else None
        return QuestionType("number", h.group(1) if h else "")
    if wh == "name":
        return QuestionType("entity")
    if _MONEY_WORDS.search(q):
        return QuestionType("money")
    h = _HEAD.match(rest)
    head = h.group(1) if h else ""
    last = head.split()[-1] if head else ""
    if last in ("year", "date", "day", "month", "decade", "century"):
        return QuestionType("date", last)
    if last in ("number", "percentage", "share", "proportion"):
        return QuestionType("number")
    if last in _PLACE_HEADS:
        return QuestionType("place", head)
    return QuestionType("entity", head)


def _find(patterns: list[str], text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pat in patterns:
        for m in re.finditer(pat, text):
            a, b = m.start(), m.end()
            while b > a and text[b - 1] in " ,.;:":
                b -= 1
            if b > a and not any(x <= a and b <= y for x, y in spans):
                spans = [(x, y) for x, y in spans if not (a <= x and y <= b)]
                spans.append((a, b))
    return sorted(spans)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Capitalised sequences, skipping a sentence-initial function word."""
    spans = []
    for m in re.finditer(NAME_PATTERN, text):
        a, b = m.start(), m.end()
        while b > a and text[b - 1] in " ,.;:’'-":
            b -= 1
        word = text[a:b].split(" ")[0].lower()
        if a == 0 and word in {"the", "a", "an", "in", "on", "at", "among", "after", "during", "this",
                               "it", "he", "she", "they", "we", "but", "and", "with", "for", "as", "other"}:
            rest = text.find(" ", a, b)
            if rest < 0:
                continue
            a = rest + 1
        if b > a:
            spans.append((a, b))
    return spans


# Words of a role or a body, not of a person's name ("Defence Minister", "Air Self-Defense Force").
TITLES = frozenset("""minister ministry secretary president prime defence defense foreign state deputy chief
general lieutenant captain commander admiral colonel major sergeant mr mrs ms dr prof his her excellency
rt hon mp acting national assembly speaker government department agency force forces office council
navy army air self-defense self-defence head official officials""".split())


def _strip_titles(text: str, a: int, b: int) -> tuple[int, int]:
    """'Defence Minister Yaşar Güler' -> 'Yaşar Güler' (a name keeps at least two words)."""
    while True:
        m = re.match(r"(\S+)\s+", text[a:b])
        if not m or m.group(1).lower().strip(".,") not in TITLES or len(text[a + m.end():b].split()) < 2:
            return a, b
        a += m.end()


def candidate_spans(kind: str, text: str) -> list[tuple[int, int]]:
    if kind == "date":
        return _find(DATE_PATTERNS, text)
    if kind == "money":
        return _find(MONEY_PATTERNS, text)
    if kind == "number":
        return _find(MONEY_PATTERNS + NUMBER_PATTERNS, text)
    if kind in ("person", "place", "entity"):
        dates = _find(DATE_PATTERNS, text)
        spans = [piece for a, b in name_spans(text) for piece in _split_possessive(text, a, b)
                 if not any(x <= piece[0] and piece[1] <= y for x, y in dates)]
        if kind == "person":
            spans = [_strip_titles(text, a, b) for a, b in spans]
            names = [(a, b) for a, b in spans if looks_like_name(text[a:b])]
            return names or spans
        return spans
    return []


def _split_possessive(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """'Kongsberg’s Joint Strike Missile' -> 'Kongsberg', 'Joint Strike Missile'."""
    out, cur = [], a
    for m in re.finditer(r"[’']s\b\s*", text[a:b]):
        out.append((cur, a + m.start()))
        cur = a + m.end()
    out.append((cur, b))
    return [(x, y) for x, y in out if y > x]


def looks_like_name(piece: str) -> bool:
    """Two or more capitalised words, none a title, no digits: "Gen Nakatani", not "Defence Ministry"."""
    words = piece.split()
    return (len(words) >= 2 and all(w[:1].isupper() for w in words)
            and not any(w.lower().strip("’'s.,") in TITLES for w in words) and not re.search(r"\d", piece))
