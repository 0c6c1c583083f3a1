"""Does an answer sentence contradict the passage text it is tied to?

verify.py measures how much of a sentence a passage supports (meaning and shared words). A
sentence that says the opposite of its passage shares nearly all its words and most of its
meaning: "Japan and Norway did not sign a memorandum of understanding" scores 0.81 against
"Japan and Norway have signed an agreement ... The memorandum of understanding (MOU) was signed
on 3 September". These checks catch what word overlap cannot see:

* negation: the sentence negates a word ("not", "n't", "never", "no", "neither/nor", "without",
  "failed to", "refused", "denied") that the passage states without negation, about the same
  thing (the clause's other words are in the passage), or states a word the passage only negates;
* yes/no: "No, ..." when the passage states every word of the question without negation, "Yes, ..."
  when the passage negates one of them;
* numbers and dates: a year, a day-and-month date, a month, a weekday or an amount ("NOK 2
  billion", "40-minute") the passage does not state while it states another of the same kind;
* names: a capitalised name that no passage and not the question mentions, where the passage names
  someone else in the same role ("Defense Minister Taro Kono" for "Defense Minister Minoru Kihara").

Every check is conservative: when the sentence brings a number or name the passage lacks, a
negation is taken to deny another fact, not to contradict this one. Pure functions, no model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answering.grounding import numbers_in
from rag.search import lexicon

_TOKEN = re.compile(r"\w[\w'’-]*|[^\w\s]")
# Punctuation and conjunctions that end the scope of a negation.
_BREAKS = frozenset(",;:.!?()[]{}\"“”—–") | {"but", "while", "although", "whereas", "however", "though"}
_CUES = frozenset({"not", "never", "no", "neither", "nor", "without", "none", "nothing", "nobody", "cannot",
                   "refused", "refuses", "refuse", "denied", "denies", "deny", "declined", "declines"})
_FAIL = frozenset({"failed", "fails", "fail"})
# "not only X but also Y", "no more than 5", "whether or not": not negations of what follows.
_NOT_NEGATING_NEXT = {"not": {"only", "just", "merely", "simply", "least"},
                      "no": {"more", "less", "fewer", "later", "earlier", "sooner", "doubt", "matter"}}
_NOT_NEGATING_PREV = {"not": {"or", "if"}}
# Words between a negation and the word it negates ("has not yet formally signed").
_SKIP = frozenset({"yet", "ever", "also", "even", "really", "actually", "formally", "officially", "always",
                   "still", "again", "longer", "necessarily", "directly", "explicitly", "fully", "publicly",
                   "immediately", "to", "able", "going"}) | lexicon.STOPWORDS
_AUX = frozenset({"do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "will", "would",
                  "can", "could", "should", "may", "might", "must", "be", "been"})
_WINDOW = 6  # words after a negation searched for the word it negates
_COVERAGE = 0.75  # share of a clause's content words the passage must hold for it to be "the same claim"
_META = frozenset(lexicon.content_words("passage passages document documents source sources text context answer"))

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = "|".join(m.capitalize() for m in MONTHS)
_DAY_MONTH = re.compile(rf"(?<![\w.,])(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]\d|\d)")
_MONTH_ALONE = re.compile(rf"\b({_MONTH})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(d.capitalize() for d in WEEKDAYS) + r")s?\b")
_YEAR = re.compile(r"(?<![\w.,$])(1[0-9]{3}|20[0-9]{2})(?![\w]|[.,]\d)")
_AMOUNT = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%)|[\s-]+([A-Za-z]+))")
_YES_NO = re.compile(r"^\s*(yes|no)\b\s*(?:[,.!;:—–-]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Contradiction:
    """What the answer sentence says and what its passage says instead, both as written."""

    kind: str  # "negation", "yes/no", "number", "date" or "name"
    says: str
    passage_says: str

    def describe(self) -> str:
        return f"it says '{self.says}', the passage says '{self.passage_says}'"


@dataclass
class _Word:
    text: str  # as written
    lower: str
    stem: str  # "" for stopwords
    start: int
    end: int
    clause: int


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    clause = 0
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        lower = token.lower().replace("’", "'")
        if lower in _BREAKS:
            clause += 1
            if not token[0].isalnum():
                continue
        if not (token[0].isalnum() or token[0] == "_"):
            continue
        content = lower not in lexicon.STOPWORDS and (len(lower) > 1 or lower.isdigit())
        # stems as lexicon.content_words makes them: without accents ("Güler" is "guler" there too)
        stem = lexicon.stem_of(lexicon.fold(lower)) if content else ""
        out.append(_Word(token, lower, stem, m.start(), m.end(), clause))
    return out


def _is_cue(words: list[_Word], i: int) -> bool:
    w = words[i].lower
    nxt = words[i + 1].lower if i + 1 < len(words) and words[i + 1].clause == words[i].clause else ""
    prev = words[i - 1].lower if i > 0 and words[i - 1].clause == words[i].clause else ""
    if w in _FAIL:
        return nxt == "to"
    if not (w in _CUES or w.endswith("n't")):
        return False
    return nxt not in _NOT_NEGATING_NEXT.get(w, ()) and prev not in _NOT_NEGATING_PREV.get(w, ())


def _negations(words: list[_Word]) -> list[tuple[int, int]]:
    """(cue, negated word) index pairs: the negated word is the first content word after the cue in
    its clause, skipping auxiliaries, adverbs and capitalised names ("Neither Japan nor Norway signed")."""
    pairs = []
    for i in range(len(words)):
        if not _is_cue(words, i):
            continue
        for j in range(i + 1, min(len(words), i + 1 + _WINDOW)):
            w = words[j]
            if w.clause != words[i].clause:
                break
            if w.lower in _SKIP or w.lower in _CUES or w.lower.endswith("n't") or not w.stem \
                    or w.text[0].isupper() or w.lower[0].isdigit():
                continue
            pairs.append((i, j))
            break
    return pairs


@dataclass
class _Polarity:
    words: list[_Word]
    positive: dict[str, int]  # stem -> index of its first occurrence stated without negation
    negated: dict[str, tuple[int, int]]  # stem -> (cue, word) of its first negated occurrence
    cues: set[int]

    @property
    def stems(self) -> set[str]:
        return {w.stem for w in self.words if w.stem}


def _polarity(text: str) -> _Polarity:
    words = _words(text)
    pairs = _negations(words)
    cues = {i for i in range(len(words)) if _is_cue(words, i)}
    negated_at = {j for _, j in pairs}
    negated: dict[str, tuple[int, int]] = {}
    for i, j in pairs:
        negated.setdefault(words[j].stem, (i, j))
    positive: dict[str, int] = {}
    for k, w in enumerate(words):
        if w.stem and k not in negated_at and k not in cues:
            positive.setdefault(w.stem, k)
    return _Polarity(words, positive, negated, cues)


def _phrase(text: str, words: list[_Word], a: int, b: int) -> str:
    """The text from word ``a`` (or the auxiliary before it) to word ``b``, as written."""
    before = words[a - 1] if a > 0 else None
    if before and before.lower in _AUX and before.clause == words[a].clause and words[a].lower in {"not", "never"}:
        a -= 1
    return " ".join(text[words[a].start:words[b].end].split())


def _clause_stems(p: _Polarity, k: int) -> set[str]:
    clause = p.words[k].clause
    return {w.stem for i, w in enumerate(p.words) if w.clause == clause and w.stem and i not in p.cues} - _META


def _covered(stems: set[str], evidence: set[str]) -> bool:
    return bool(stems) and len(stems & evidence) / len(stems) >= _COVERAGE


def _names(text: str) -> set[str]:
    """Stems of capitalised words that are not the first word (proper names)."""
    words = _words(text)
    return {w.stem for w in words[1:] if w.stem and w.text[0].isupper()}


def _facts_stated(sentence: str, evidence: str) -> bool:
    """True when every number and name of ``sentence`` is in ``evidence``."""
    return numbers_in(sentence) <= numbers_in(evidence) and _names(sentence) <= lexicon.content_words(evidence)


def _strip_yes_no(sentence: str) -> tuple[str, str]:
    m = _YES_NO.match(sentence)
    return (m.group(1), sentence[m.end():]) if m else ("", sentence)


def negation_conflict(sentence: str, evidence: str) -> Contradiction | None:
    """The sentence negates what ``evidence`` states, or states what it negates, about the same thing."""
    _, body = _strip_yes_no(sentence)
    if not _facts_stated(body, evidence):
        return None
    ans, src = _polarity(body), _polarity(evidence)
    src_stems = src.stems
    for i, j in _negations(ans.words):
        stem = ans.words[j].stem
        if stem in src.positive and stem not in src.negated and _covered(_clause_stems(ans, j), src_stems):
            return Contradiction("negation", _phrase(body, ans.words, i, j), src.words[src.positive[stem]].text)
    for stem, k in ans.positive.items():
        if stem in src.negated and stem not in src.positive and stem not in ans.negated \
                and _covered(_clause_stems(ans, k), src_stems):
            i, j = src.negated[stem]
            return Contradiction("negation", ans.words[k].text, _phrase(evidence, src.words, i, j))
    return None


def yes_no_conflict(sentence: str, evidence: str, question: str) -> Contradiction | None:
    """"No, ..." to a question whose every word ``evidence`` states without negation; "Yes, ..." to
    one a word of which ``evidence`` only negates."""
    word, _ = _strip_yes_no(sentence)
    if not word or not question:
        return None
    q = _polarity(question)
    if q.cues or not _facts_stated(question, evidence):
        return None
    stems = q.stems - _META
    src = _polarity(evidence)
    if not stems or not stems <= src.stems:
        return None
    if word.lower() == "no":
        if all(s in src.positive and s not in src.negated for s in stems):
            first = min(src.positive[s] for s in stems)
            last = max(src.positive[s] for s in stems)
            quoted = " ".join(evidence[src.words[first].start:src.words[last].end].split())
            if len(quoted) > 90:
                quoted = quoted[:88].rstrip() + "…"
            return Contradiction("yes/no", word, quoted)
        return None
    for s in sorted(stems, key=lambda s: q.positive.get(s, 0)):
        if s in src.negated and s not in src.positive:
            i, j = src.negated[s]
            return Contradiction("yes/no", word, _phrase(evidence, src.words, i, j))
    return None


def _values(text: str) -> dict[str, dict[object, str]]:
    """Dates and numbers of ``text`` by kind: value -> how it is written."""
    out: dict[str, dict[object, str]] = {"date": {}, "month": {}, "weekday": {}, "year": {}}
    in_dates: list[tuple[int, int]] = []
    for m in _DAY_MONTH.finditer(text):
        out["date"].setdefault((int(m.group(1)), m.group(2).lower()), m.group(0))
        in_dates.append(m.span())
    for m in _MONTH_DAY.finditer(text):
        if int(m.group(2)) <= 31:
            out["date"].setdefault((int(m.group(2)), m.group(1).lower()), m.group(0))
            in_dates.append(m.span())
    for m in _MONTH_ALONE.finditer(text):
        if m.group(1) != "May" or any(a <= m.start() < b for a, b in in_dates):
            out["month"].setdefault(m.group(1).lower(), m.group(0))
    for m in _WEEKDAY.finditer(text):
        out["weekday"].setdefault(m.group(1).lower(), m.group(0))
    for m in _YEAR.finditer(text):
        out["year"].setdefault(m.group(1), m.group(0))
    for m in _AMOUNT.finditer(text):
        unit = "%" if m.group(2) else m.group(3).lower()
        if unit in lexicon.STOPWORDS or unit in MONTHS or unit in {"st", "nd", "rd", "th", "s"}:
            continue
        if re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", m.group(1)) and unit not in {"%", "billion", "million"}:
            continue  # a year followed by a word ("2015 in Tokyo")
        number = numbers_in(m.group(1)).pop()
        out.setdefault("amount " + lexicon.stem_of(unit), {}).setdefault(number, m.group(0))
    return out


def _context_stated(sentence: str, evidence: str) -> bool:
    """True when the sentence's words other than numbers, dates and names are mostly in ``evidence``
    (it speaks of what the evidence speaks of)."""
    skip = _names(sentence) | {lexicon.stem_of(w) for w in MONTHS + WEEKDAYS}
    stems = {s for s in lexicon.content_words(sentence) if not s[0].isdigit()} - skip - _META
    return not stems or len(stems & lexicon.content_words(evidence)) / len(stems) >= 0.5


def number_conflict(sentence: str, evidence: str, question: str = "") -> Contradiction | None:
    """A date or number of the sentence the evidence does not state, where it states another of
    the same kind. A value the question states is skipped when the sentence negates (it may deny
    the question's premise: "it was not signed on 5 September but on 3 September")."""
    if not _context_stated(sentence, evidence):
        return None
    ours, theirs = _values(sentence), _values(evidence)
    asked = _values(question) if question and _polarity(sentence).cues else {}
    stated = numbers_in(evidence)
    for kind, values in ours.items():
        other = theirs.get(kind, {})
        for value, written in values.items():
            if value in other or not other or value in asked.get(kind, {}):
                continue
            if (kind.startswith("amount") or kind == "year") and value in stated:
                continue  # stated in another form ("2015" of "2015-16", "$1.9 billion" of "1.9 bn")
            label = "number" if kind.startswith("amount") else "date"
            return Contradiction(label, written, next(iter(other.values())))
    return None


def _name_runs(words: list[_Word]) -> list[list[_Word]]:
    """Runs of consecutive capitalised words in one clause, not starting the text."""
    runs: list[list[_Word]] = []
    for k, w in enumerate(words):
        if not w.text[0].isupper():
            continue
        if runs and runs[-1][-1] is words[k - 1] and words[k - 1].clause == w.clause:
            runs[-1].append(w)
        elif k > 0:
            runs.append([w])
    return runs


def name_conflict(sentence: str, evidence: str, question: str, passages_text: str) -> Contradiction | None:
    """A name of two or more capitalised words that no passage and not the question mentions,
    where the evidence names another after the same title ("Defense Minister ...") or word
    ("counterpart ...")."""
    if not _context_stated(sentence, evidence):
        return None
    known = lexicon.content_words(passages_text) | lexicon.content_words(question)
    words, ev = _words(sentence), _words(evidence)
    ev_runs = {id(r[0]): r for r in _name_runs(ev)}
    for run in _name_runs(words):
        cut = next((k for k, w in enumerate(run) if w.stem and w.stem not in known), None)
        if cut is None or len(run) - cut < 2 or any(w.stem in known for w in run[cut:] if w.stem):
            continue
        new = " ".join(w.text for w in run[cut:])
        role = [w.stem for w in run[:cut] if w.stem]
        if role:  # the same title, then another name: "Defense Minister Minoru Kihara"
            for other in ev_runs.values():
                stems = [w.stem for w in other]
                for a in range(len(stems) - len(role)):
                    if stems[a:a + len(role)] == role:
                        return Contradiction("name", new, " ".join(w.text for w in other[a + len(role):]))
            continue
        k = next(i for i, w in enumerate(words) if w is run[0])
        before = words[k - 1].stem if k > 0 and words[k - 1].clause == run[0].clause else ""
        if not before:
            continue
        for i, w in enumerate(ev[:-1]):  # the same word, then another name: "counterpart Bjørn Arild Gram"
            if w.stem == before and not w.text[0].isupper() and id(ev[i + 1]) in ev_runs:
                return Contradiction("name", new, " ".join(x.text for x in ev_runs[id(ev[i + 1])]))
    return None


def find_contradiction(sentence: str, evidence: str, question: str = "",
                       passages_text: str = "") -> Contradiction | None:
    """The first way ``sentence`` contradicts ``evidence`` (the passage text it is tied to), or None.
    ``passages_text``: every passage given (the name check only flags names none of them mentions)."""
    return (negation_conflict(sentence, evidence)
            or yes_no_conflict(sentence, evidence, question)
            or number_conflict(sentence, evidence, question)
            or name_conflict(sentence, evidence, question, passages_text or evidence))
