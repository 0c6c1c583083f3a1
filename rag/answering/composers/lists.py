"""Every item of a list: the reader's span grown to the coordination it belongs to.

Asked "Which European countries has Japan signed the accord with?", the reader points at one
country or at a part of "France, Germany, Italy, Sweden, and the UK"; asked "Who signed the
memorandum?", at one of "Minister Minoru Kihara and … Bjorn Gram". The answer is the whole
coordination, one exact span, and each item is cited on its own as well.

When one sentence holds fewer items than the question asks for ("Which two aircraft carriers …"
where one sentence names JS Kaga and another HMS Prince of Wales), ``gather_items`` reads each
sentence on its own and takes the items the reader is sure of, each cited with its sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answering.base import span_citation
from rag.answering.composers import Composition
from rag.answering.countries import countries_named
from rag.answering.question_analysis import is_title
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words
from rag.types import Citation, Passage

_CAP = r"[A-ZÀ-ÖØ-Þ0-9][\w’'.&-]*"
# An item: capitalised words, with "of", "to", "for" inside a title ("State Secretary to Minister of
# Defence"), or a post of a capitalised owner ("the head of Turkey’s Defence Industry Agency").
_ITEM = (r"(?:the\s+)?(?:(?:head|chief|director|leader|chair|members?|heads)\s+of\s+(?:the\s+)?)?"
         r"%s(?:\s+(?:%s|(?:of|to|for|de|da|von|van|del)(?=\s+(?:the\s+)?%s)|and(?=\s+%s\s+(?:Co|Ltd|Inc)\b)))*"
         % (_CAP, _CAP, _CAP, _CAP))
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|&|or)\s+)"
_LIST = re.compile(r"(?<![\w’'])%s(?:%s%s)+" % (_ITEM, _SEP, _ITEM))
_SEP_RE = re.compile(_SEP)
_LEADING = {"On", "In", "At", "During", "After", "Before", "Since", "With", "For", "From", "By", "As", "When",
            "While", "Although", "However", "But", "And", "Or", "Under", "Last", "Next", "Earlier", "Later",
            "Then", "Today", "Yesterday", "Recently", "Also", "Meanwhile", "Separately", "According"}
# Lower-case coordinations of short noun phrases ("joint research, development, and production").
_WORDS_LIST = re.compile(r"(?<![\w’'])[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}(?:\s*,\s*[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})+"
                         r"\s*,?\s+(?:and|or)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}")


def _items(text: str, offset: int) -> list[tuple[int, int]]:
    """Each item's span (``offset`` added) of the coordination ``text``. With commas, a bare "and"
    splits only the last two items, and not at all after a serial comma ("human rights, and open
    and transparent markets")."""
    separators = list(_SEP_RE.finditer(text))
    if any("," in m.group() for m in separators):
        serial = any(re.search(r",\s*(?:and|or)\b", m.group()) for m in separators)
        bare = [m for m in separators if "," not in m.group()]
        keep = [] if serial else bare[-1:]
        separators = [m for m in separators if "," in m.group() or m in keep]
    spans, pos = [], 0
    for m in separators:
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(offset + a, offset + b) for a, b in spans if text[a:b].strip()]


def expand_to_list(passage: Passage, start: int, end: int) -> Composition | None:
    """The coordination holding (or overlapping) the span ``[start, end)`` of ``passage.text``,
    as an answer with one citation per item; None when the span is in no coordination."""
    text = passage.text
    sentence = next(((a, b) for a, b in split_sentences(text) if a <= start and end <= b), None)
    if sentence is None:
        return None
    s0, s1 = sentence
    best = None
    for pattern in (_LIST, _WORDS_LIST):
        for m in pattern.finditer(text, s0, s1):
            a, b = m.start(), m.end()
            if a < end and start < b and (best is None or (b - a) > (best[1] - best[0])):
                best = (a, b)
        if best:
            break
    if best is None:
        return None
    a, b = best
    while b > a and text[b - 1] == "." and (b == len(text) or text[b].isspace()):
        b -= 1  # the sentence's full stop, not part of the last item
    items = _items(text[a:b], a)
    while items and text[items[0][0]:items[0][1]].split()[0] in _LEADING:
        items.pop(0)  # "On Tuesday, X and Y": an opening phrase, no item
    if len(items) < 2 or not any(x < end and start < y for x, y in items):
        return None
    a = items[0][0]
    citations = [span_citation(passage, a, b, kind="answer")]
    citations += [span_citation(passage, x, y, kind="answer") for x, y in items]
    citations.append(span_citation(passage, s0, s1, kind="support"))
    return Composition(text=text[a:b], confidence=0.0, citations=citations)


def items_besides(grown: Composition, excluded: str) -> Composition | None:
    """The coordination less the items the question sets aside ("Who else did Nakatani meet besides
    the defence minister?" against "Turkey’s Defence Minister Yaşar Güler and the head of Turkey’s
    Defence Industry Agency"): the one item left, or the rest joined; None when none is set aside."""
    items = [c for c in grown.citations if c.kind == "answer"][1:]
    aside = content_words(excluded)
    kept = [c for c in items if not aside <= content_words(c.text)]
    if not aside or len(kept) == len(items) or not kept:
        return None
    support = [c for c in grown.citations if c.kind == "support"]
    if len(kept) == 1:
        return Composition(text=kept[0].text, confidence=grown.confidence, citations=[kept[0], *support])
    text = ", ".join(c.text for c in kept[:-1]) + " and " + kept[-1].text
    return Composition(text=text, confidence=grown.confidence, citations=[*kept, *support])


def item_asked_for(question: str, grown: Composition, owner: str = "", title: str = "") -> Citation | None:
    """The one item of a coordination a question for one person asks about: the item naming the
    country asked about where the items name different ones ("who led Norway's side?" against
    "Japan’s Defense Minister Gen Nakatani and Norway’s State Secretary to Minister of Defence,
    Andreas Flåm", the name set after its title by a comma joined to it), else the one holding the
    title asked for ("Which Turkish minister …?" against "Turkey’s Defence Minister Yaşar Güler and
    the head of Turkey’s Defence Industry Agency"). ``owner``: whose title the question asks
    ("Norwegian" in "which Norwegian minister …"), else the one country it names. None otherwise."""
    items = [c for c in grown.citations if c.kind == "answer"][1:]
    if len(items) < 2:
        return None
    asked = countries_named(owner) if owner else countries_named(question)
    named = [countries_named(c.text) for c in items]
    if len(asked) == 1 and len({country for found in named for country in found}) >= 2:
        naming = [n for n, found in enumerate(named) if asked[0] in found]
    elif title:
        words = re.compile(r"\b%s" % r"\b.*\b".join(map(re.escape, title.lower().split())))
        naming = [n for n, c in enumerate(items) if words.search(c.text.lower().replace("defense", "defence"))]
    else:
        return None
    if len(naming) != 1:
        return None
    item, after = items[naming[0]], items[naming[0] + 1:naming[0] + 2]
    if after and is_title(item.text) and not is_title(after[0].text) and after[0].start - item.end <= 2:
        text = grown.text[item.start - grown.citations[0].start:after[0].end - grown.citations[0].start]
        return replace(item, end=after[0].end, text=text)  # "…, Andreas Flåm": the name the title is set to
    return item


# --- items from several sentences -----------------------------------------------------------------
_COUNTS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_COUNT_ASKED = re.compile(r"^(?:\W*\w+\W+){0,3}?(?:which|what|name|list)\s+(?:the\s+)?(?P<n>%s|\d+)\b"
                          % "|".join(list(_COUNTS)[2:]), re.I)
# A reading of one sentence is an item when at least this probable (corpus_dev lists).
ITEM_PROBABILITY = 0.5


def asked_count(question: str) -> int:
    """How many items the question asks for ("Which two aircraft carriers …" -> 2); 0 when unsaid."""
    m = _COUNT_ASKED.search(question.strip())
    if not m:
        return 0
    n = m["n"].lower()
    return int(n) if n.isdigit() else _COUNTS[n]


def _is_item(span: str, question_words: set[str], typed: bool) -> bool:
    words = content_words(span)
    if not words or words <= question_words:
        return False  # only repeats the question
    if any(w.lower() in _COUNTS for w in span.split()):
        return False  # "three nations in Africa": the count, not the items
    return not typed or bool(re.search(r"[A-ZÀ-ÖØ-Þ]", span))


@dataclass(frozen=True)
class _Item:
    probability: float       # the reader's, for the sentence the item was read in
    passage: Passage
    start: int               # local offsets of the item in the passage
    end: int
    sentence: tuple[int, int]

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]

    @property
    def words(self) -> set[str]:
        return content_words(self.text)


def gather_items(question: str, passages: list[Passage], read, first: Composition | None,
                 named: bool) -> Composition | None:
    """The items several sentences name, when the question asks for more than one sentence's
    coordination gives ("Which two aircraft carriers …": one sentence names JS Kaga, another HMS
    Prince of Wales). ``read(question, texts)`` reads each sentence on its own with the span reader;
    a sentence's span (grown to its coordination) is an item when the reader is sure enough of it.
    ``named``: the items are names (capitalised). Each item is cited exactly, with its sentence."""
    wanted = asked_count(question)
    have = len([c for c in first.citations if c.kind == "answer"]) - 1 if first else 1
    if first is not None and (not wanted or have == wanted):
        return None  # one coordination already holds what was asked for (with another count, it is another list)
    sentences = [(i, a, b) for i, p in enumerate(passages) for a, b in split_sentences(p.text)]
    if not sentences:
        return None
    readings = read(question, [passages[i].text[a:b] for i, a, b in sentences])
    asked = content_words(question)
    items: list[_Item] = []
    for r in sorted(readings, key=lambda r: -r.probability):
        if r.probability < ITEM_PROBABILITY:
            break
        i, a, b = sentences[r.passage]
        p = passages[i]
        if not _is_item(p.text[a + r.start:a + r.end], asked, named):
            continue
        grown = expand_to_list(p, a + r.start, a + r.end)
        spans = ([(c.start - p.start, c.end - p.start) for c in grown.citations if c.kind == "answer"][1:]
                 if grown else [(a + r.start, a + r.end)])
        items += [_Item(r.probability, p, x, y, (a, b)) for x, y in spans]
    chosen: list[_Item] = []
    for item in items:
        if not any(item.words <= c.words or c.words <= item.words for c in chosen):
            chosen.append(item)  # not the same item again ("HMS Prince of Wales" / "Prince of Wales")
    chosen = chosen[:wanted] if wanted else chosen
    if len(chosen) < 2:
        return None
    names = [c.text for c in chosen]
    citations = [span_citation(c.passage, c.start, c.end, kind="answer") for c in chosen]
    sentences_cited = {(id(c.passage), c.sentence): c for c in chosen}  # each sentence once
    citations += [span_citation(c.passage, *c.sentence, kind="support") for c in sentences_cited.values()]
    text = ", ".join(names[:-1]) + " and " + names[-1]
    return Composition(text=text, confidence=min(c.probability for c in chosen), citations=citations)
