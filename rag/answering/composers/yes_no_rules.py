"""Word rules for yes/no answers: which of a question's words a text holds however it words them,
and which of them a text contradicts.

Held, whatever the wording (``claim_words`` and ``held``):
  * the same word inflected otherwise ("contributor" holds "contribution": a shared start of five
    letters or more), irregular forms ("bought" is "buy"), British and American spellings
    ("defense" is "defence");
  * a country by its name or its people ("Norwegian" is Norway); a text naming a capital also
    names its country ("Canberra's decision" is Australia's);
  * a few verbs and adjectives that say the same thing ("buy" / "procure", "send" / "deploy",
    "put" / "establish", "aboard" / "onboard", "major" / "significant");
  * words that frame a question rather than state its claim are no words of it: "already", "back
    in 2015", "planning to", "took place", "is X described as", "did Y credit X with".
Contradicted (``contradiction``): the same thing given another category from a small list ("is
the Mogami class a submarine" against "Mogami-class multi-role frigate"), an antonym ("close"
against "distant", "imposed by other countries" against "self-imposed"), and a ship's name the
text has only as the name of its class ("HNoMS Fridtjof Nansen" against "HNoMS Roald Amundsen
Fridtjof Nansen-class frigate").
"""
from __future__ import annotations

import re
from functools import lru_cache

from rag.answering.countries import country_spans
from rag.search.lexicon import STOPWORDS, fold, stem_of, words

# Phrases that frame the claim, rewritten before the words are read.
_FRAMES = [
    (re.compile(r"\bback in\b", re.I), "in"),
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+place\b", re.I), ""),
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+part\s+in\b", re.I), "participate in"),
    (re.compile(r"\b(?:plan|plans|planned|planning|intend|intends|intended|intending)\s+to\b", re.I), ""),
    (re.compile(r"\b(?:described|portrayed|characteri[sz]ed)\s+as\b", re.I), ""),
    (re.compile(r"\bcredit(?:s|ed)?\s+(.{1,40}?)\s+with\b", re.I), r"\1"),
    (re.compile(r"\bon\s+board\b", re.I), "aboard"),
    (re.compile(r"\bset\s+up\b", re.I), "establish"),
    (re.compile(r"\bheld\s+(?=(?:in|at|on|aboard|onboard)\b)", re.I), ""),  # "was the summit held in X": an event's place
]
# Adverbs that frame a question, not its claim.
_FRAME_WORDS = frozenset("already still ever actually really currently yet indeed".split())

# Words for the same thing: each group's words read as its first.
_SAME = """
buy bought buys buying purchase procure acquire
send sent sends deploy dispatch
put establish station
aboard onboard
major significant substantial
explain elaborate clarify
commit committed pledge vow
discuss talk
begin began begun start launch commence
meet met
hold held
lead led
make made
build built
win won
lose lost
fight fought
tell told
large big huge
vessel ship
participate join
""".strip().splitlines()
_SPELLINGS = [(re.compile(r"^(defen|offen|licen|preten)se"), r"\1ce"),
              (re.compile(r"(?<=\w\w\w)iz(?=e|es|ed|ing|ation|ations)$"), "is"),
              (re.compile(r"(?<=\w\w\w)yz(?=e|es|ed|ing)$"), "ys")]
MIN_SHARED_START = 5


def _spelled(word: str) -> str:
    for pattern, repl in _SPELLINGS:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=1)
def _same() -> dict[str, str]:
    out = {}
    for line in _SAME:
        group = line.split()
        for w in group:
            out[stem_of(_spelled(w))] = stem_of(group[0])
    return out


def _word(surface: str) -> str:
    stem = stem_of(_spelled(surface))
    return _same().get(stem, stem)


def claim_words(text: str, question: bool = False) -> set[str]:
    """Content words of ``text`` as the rules compare them: stemmed, hyphenated words split ("UK-Japan"
    is "UK" and "Japan"), "as well as" read as "and", a country by any form read as ``country:NAME``.
    ``question``: the question's framing words dropped, and a country it names or describes read
    only as the country (so "Norwegian" is held by "Norway's"), a capital kept as written."""
    text = re.sub(r"\bas well as\b", "and", fold(text), flags=re.I)
    if question:
        for pattern, repl in _FRAMES:
            text = pattern.sub(repl, text)
    out: set[str] = set()
    kept, at = [], 0
    for a, b, country in country_spans(text):
        out.add("country:" + country.names[0])
        if question and text[a:b].lower() not in country.capitals:
            kept.append(text[at:a])
            at = b
    kept.append(text[at:])
    for w in words(" ".join(kept).replace("-", " ")):
        w = re.sub(r"['’]s?$", "", w)
        if w in STOPWORDS or (len(w) < 2 and not w.isdigit()) or (question and w in _FRAME_WORDS):
            continue
        out.add(_word(w))
    return out


_SETTING = re.compile(r"^\s*(?:during|at|in|on|after|before|following|since|under|within|throughout|as part of)\b[^,?]{3,80},",
                      re.I)
_YEARS = re.compile(r"(?<![\w.,])(?:1[5-9]|20)\d\d(?![\w]|[.,]\d)")


def setting_words(question: str) -> set[str]:
    """The question's words that set the scene rather than state the claim: a phrase fronted before
    a comma ("At the 2015 ministerial meeting, did …") and its years ("back in 2015"). The passage
    around the deciding sentence may hold them: a report names its event and year once."""
    scene = _SETTING.match(question)
    return claim_words(scene[0] if scene else "", question=True) | set(_YEARS.findall(question))


def _alike(word: str, other: str) -> bool:
    shorter, longer = sorted((word, other), key=len)
    return longer.startswith(shorter) and len(shorter) >= MIN_SHARED_START and not shorter.startswith("country:")


def held(asked: set[str], text: set[str]) -> set[str]:
    """The words of ``asked`` that ``text`` holds, as written or inflected otherwise."""
    return {w for w in asked if w in text or any(_alike(w, t) for t in text)}


def missing(asked: set[str], text: set[str]) -> set[str]:
    return asked - held(asked, text)


def share(asked: set[str], text: set[str]) -> float:
    return len(held(asked, text)) / max(1, len(asked))


# --- contradictions -----------------------------------------------------------------------------
# Nouns of one category: a thing the question calls one and the text another is not what was asked.
_CATEGORIES = [
    "frigate destroyer submarine corvette cruiser minesweeper battleship aircraft-carrier carrier "
    "patrol-boat tanker icebreaker",
    "fighter bomber helicopter drone airliner",
    "missile torpedo rocket rifle tank howitzer",
    "ministry agency company university bank",
    "president king queen emperor chancellor",
    "city town village",
    "treaty memorandum",
]
_ANTONYMS = """
close distant far
near distant far
increase decrease reduce cut
rise fall decline
strengthen weaken
ally enemy adversary
allow ban prohibit forbid
accept reject
approve reject
support oppose
win lose
larger smaller
public secret
""".strip().splitlines()
_TOKEN = re.compile(r"[\w’']+(?:-[\w’']+)*")
NEAR_NAME = 6  # tokens between the name and the category noun the text gives it


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=1)
def _category() -> dict[str, int]:
    return {stem_of(w.replace("-", " ").split()[-1]): n for n, line in enumerate(_CATEGORIES) for w in line.split()}


@lru_cache(maxsize=1)
def _antonyms() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in _ANTONYMS:
        first, *others = (stem_of(w) for w in line.split())
        out.setdefault(first, set()).update(others)
        for o in others:
            out.setdefault(o, set()).add(first)
    return out


def _category_swap(question: str, sentence: str) -> str:
    """A category noun of the question that the sentence replaces with another of the same list,
    right after a capitalised word the question also has ("is the mogami class a submarine"
    against "Mogami-class multi-role frigate")."""
    cats = _category()
    written = {stem_of(w.lower()): w for w in _tokens(question.replace("-", " "))}
    asked_words = set(written)
    asked = {w: cats[w] for w in asked_words if w in cats}
    if not asked:
        return ""
    tokens = _tokens(sentence.replace("-", " "))
    stems = [stem_of(t.lower()) for t in tokens]
    if asked.keys() & set(stems):
        return ""
    for i, s in enumerate(stems):
        if s in cats and cats[s] in asked.values():
            before = tokens[max(0, i - NEAR_NAME):i]
            if any(t[0].isupper() and stem_of(t.lower()) in asked_words and t.lower() not in STOPWORDS
                   for t in before):
                return written[next(w for w, c in asked.items() if c == cats[s])]
    return ""


_BY_OTHERS = re.compile(r"\bby\s+(?:other|others|another|foreign|outside)\b", re.I)


def _antonym(question: str, sentence: str) -> str:
    """A word of the question whose opposite the sentence states instead ("close" against
    "distant"; "imposed by other countries" against "self-imposed")."""
    q = {stem_of(w.lower()): w for w in _tokens(question.replace("-", " "))}
    s = {stem_of(w.lower()) for w in _tokens(sentence.replace("-", " "))}
    for stem, written in q.items():
        if stem not in s and _antonyms().get(stem, set()) & s:
            return written
    if by := re.search(_BY_OTHERS.pattern + r"(?:\s+\w+)?", question, re.I):
        for m in re.finditer(r"\bself-(\w+)", sentence, re.I):
            if stem_of(m[1].lower()) in q:
                return f"{q[stem_of(m[1].lower())]} {by[0]}"
    return ""


def _class_name(question: str, sentence: str) -> str:
    """A ship's name of the question that the sentence writes only as the name of a class
    ("HNoMS Fridtjof Nansen" against "HNoMS Roald Amundsen Fridtjof Nansen-class frigate"), while
    the question says no "class"."""
    if re.search(r"\bclass\b", question, re.I):
        return ""
    low = fold(sentence)
    for m in re.finditer(r"((?:[A-Z][\w’']+\s+){0,3}[A-Z][\w’']+)[-\s]class\b", low):
        name = m[1].split()
        # the last words of the class name, as the question writes them one after another
        for k in range(len(name), 0, -1):
            tail = " ".join(name[-k:])
            if len(tail) > 3 and re.search(rf"\b{re.escape(tail)}\b(?![-\s]class)", fold(question), re.I):
                rest = low[:m.start(1)] + low[m.end():]
                if not re.search(rf"\b{re.escape(tail)}\b", rest):
                    return tail
    return ""


_POSSESSOR = re.compile(r"((?:[A-Z][\w.]*\s+){0,3}[A-Z][\w.]*)[’']s\s+((?:[\w-]+\s+){0,3}[\w-]+)")


def _other_owner(question: str, sentence: str) -> str:
    """A thing the question gives to one country ("a Japanese base") that the sentence gives to
    another by a possessive ("the United State’s Yokosuka naval base"), naming it with words of the
    question; as the question writes it, "" when none."""
    q_words = {stem_of(w.lower()) for w in _tokens(question)}
    for a, b, country in country_spans(question):
        if not (m := re.match(r"\s+(?:[\w-]+\s+)?([\w-]+)", question[b:])):
            continue
        noun = stem_of(m[1].lower())
        if noun in STOPWORDS:
            continue
        for s in _POSSESSOR.finditer(sentence):
            owner, after = s[1], [stem_of(w.lower()) for w in s[2].split()]
            if noun not in after or not set(after[:after.index(noun)]) & q_words:
                continue
            owners = {c.names[0] for _, _, c in country_spans(owner)}
            if country.names[0] not in owners and not re.search(rf"\b{re.escape(question[a:b])}\b", owner, re.I):
                return f"{question[a:b]} {m[1]}"
    return ""


_IN_PLACE = re.compile(r"\bin\s+([A-Z]?[\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?)")


def _other_capital(question: str, sentence: str) -> str:
    """A capital the question places a thing in ("held in Seoul") while the sentence places it in
    another capital ("in Tokyo") and never names the asked one; "" when none."""
    def capitals(text: str) -> set[str]:
        return {c.names[0] for m in _IN_PLACE.finditer(text) for x, y, c in country_spans(m[1])
                if m[1][x:y].lower() in c.capitals}
    asked = capitals(fold(question))
    if not asked:
        return ""
    stated = capitals(fold(sentence))
    named = {c.names[0] for x, y, c in country_spans(fold(sentence)) if fold(sentence)[x:y].lower() in c.capitals}
    if stated and not asked & named:
        return next(m[1] for m in _IN_PLACE.finditer(question)
                    if any(m[1][x:y].lower() in c.capitals for x, y, c in country_spans(m[1])))
    return ""


_NEGATED = re.compile(r"\b(?:not(?!\s+(?:only|just|least)\b)|never|n[’']t|no longer)\s+(?:(?:yet|ever|even|fully|been|be)\s+)?(\w+)", re.I)
_NEGATION_WORDS = re.compile(r"\b(?:not|no|never|neither|nor|none|without)\b|n[’']t\b", re.I)


def negated_claim(question: str, sentence: str) -> str:
    """A word of an affirmative question that the sentence negates ("Did Kihara explain …?"
    against "… but did not elaborate"), as the sentence writes it; "" when none."""
    if _NEGATION_WORDS.search(question):
        return ""
    asked = claim_words(question, question=True)
    for m in _NEGATED.finditer(fold(sentence)):
        if m[1].lower() not in STOPWORDS and claim_words(m[1]) & asked:
            return m[1]
    return ""


def contradiction(question: str, sentence: str) -> str:
    """The words of the question that the sentence states otherwise (see the module's docstring),
    "" when none."""
    return (_class_name(question, sentence) or _category_swap(question, sentence) or _antonym(question, sentence)
            or _other_owner(question, sentence) or _other_capital(question, sentence))
