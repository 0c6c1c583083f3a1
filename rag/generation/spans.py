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
# Heads that ask for a person: "which officer ...", "the name of South Korea's defence minister".
_PERSON_HEADS = frozenset("""minister secretary president officer leader chief commander ceo founder author
director chairman chair king queen emperor general admiral captain lieutenant spokesperson spokesman
spokeswoman ambassador attaché attache envoy journalist writer reporter photographer scientist player
coach person man woman actor singer governor mayor senator premier chancellor official manager inventor
architect engineer pilot hostage representative counterpart""".split())
_NAME_OF = re.compile(r"^\s+(?:is|are|was|were)\s+the\s+names?\s+of\s+(?:the\s+)?(.*)$")
_PHRASE_END = re.compile(r"\s(?:who|whom|that|which|mentioned|discussed|named|in|at|on|for|from|by|with|during|"
                         r"is|are|was|were|did|does|do|has|have|had)\b|[?,;]")


def _asks_person(words: list[str]) -> bool:
    return any(w in _PERSON_HEADS or w.removesuffix("s") in _PERSON_HEADS for w in words)


def _named_thing(phrase: str) -> QuestionType:
    """"the name of South Korea's defence minister mentioned in ..." asks for a person;
    "the name of Australia's frigate program" for an entity whose head is "frigate program"."""
    phrase = _PHRASE_END.split(phrase, maxsplit=1)[0]
    phrase = re.sub(r"^.*[’']s?\s+", "", phrase).strip()
    words = phrase.split()
    if _asks_person(words):
        return QuestionType("person")
    return QuestionType("entity", " ".join(words[-2:]))


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
    named = _NAME_OF.match(rest)
    if named:
        return _named_thing(named.group(1))
    h = _HEAD.match(rest)
    head = h.group(1) if h else ""
    last = head.split()[-1] if head else ""
    if last in ("year", "date", "day", "month", "decade", "century"):
        return QuestionType("date", last)
    if last in ("number", "percentage", "share", "proportion"):
        return QuestionType("number")
    if last in _PLACE_HEADS:
        return QuestionType("place", head)
    if _asks_person(head.split()):
        return QuestionType("person")
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
navy army air self-defense self-defence head official officials officer officers
hms hmas uss js hnoms""".split())  # the last: ship prefixes


def bare_word(word: str) -> str:
    """Lowercased, without a trailing possessive or punctuation: "Minister’s," -> "minister"."""
    return re.sub(r"(?:[’']s)?[.,;:]*$", "", word.lower())


def _person_pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """'Foreign Secretary Philip Hammond and Defence Secretary Michael Fallon' -> 'Philip Hammond',
    'Michael Fallon': names joined by "and" are split, and a name is what follows its last title
    word (kept whole when fewer than two words would follow)."""
    joints = [(a + m.start(), a + m.end()) for m in re.finditer(r"\s(?:and|&)\s", text[a:b])]
    out = []
    for x, y in zip([a] + [end for _, end in joints], [start for start, _ in joints] + [b]):
        words = list(re.finditer(r"\S+", text[x:y]))
        titled = [i for i, w in enumerate(words) if bare_word(w.group(0)) in TITLES]
        if titled and len(words) - titled[-1] - 1 >= 2:
            x += words[titled[-1] + 1].start()
        out.append((x, y))
    return out


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
            spans = [piece for a, b in spans for piece in _person_pieces(text, a, b)]
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
            and not any(bare_word(w) in TITLES for w in words) and not re.search(r"\d", piece))
