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
from rag.answering.composers import Composition, joined
from rag.answering.countries import country_spans, countries_named, in_regions, regions_asked
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


_PARTICIPATION = re.compile(r"\b(?:took|take|takes|taking) part\b|\bparticipat|\battend|\b(?:was|were) (?:present|there)\b"
                            r"|\bwho (?:was|were) (?:at|in)\b|\binvolved in\b")
_MEETING = re.compile(r"\s*,?\s*(?:(?:have|has|had|will|would)\s+)?(?:met|meets?|(?:held|hold|holds) talks with|"
                      r"hosted|hosts?|welcomed|welcomes?|received)\s+(?:with\s+)?(?:the\s+)?")


def both_sides(question: str, passage: Passage, grown: Composition) -> Composition | None:
    """Everyone at a meeting, where the question asks who took part, attended or was there and the
    coordination is one side of "A and B have met C and D": both sides, each person cited. None
    when the question asks no such thing or the sentence names no other side."""
    if not _PARTICIPATION.search(question):
        return None
    items = [c for c in grown.citations if c.kind == "answer"][1:]
    support = next((c for c in grown.citations if c.kind == "support"), None)
    if len(items) < 2 or support is None:
        return None
    text, g0, g1 = passage.text, items[0].start - passage.start, items[-1].end - passage.start
    s0, s1 = support.start - passage.start, support.end - passage.start
    for m in _LIST.finditer(text, s0, s1):
        before = m.end() <= g0 and _MEETING.fullmatch(text, m.end(), g0)
        after = g1 <= m.start() and _MEETING.fullmatch(text, g1, m.start())
        if not (before or after):
            continue
        other = [span_citation(passage, x, y, kind="answer") for x, y in _items(text[m.start():m.end()], m.start())]
        people = other + items if before else items + other
        names = [c.text for c in people]
        return Composition(text=joined(names), confidence=grown.confidence,
                           citations=[*people, support])
    return None


def count_items(passage: Passage, start: int, end: int) -> int:
    """How many items the span ``[start, end)`` names: those of the coordination it is in, or of
    the coordination it is ("freedom of speech and freedom of expression": 2); 1 otherwise."""
    grown = expand_to_list(passage, start, end)
    if grown:
        return len([c for c in grown.citations if c.kind == "answer"]) - 1
    return max(1, len(_items(passage.text[start:end], start)))


def items_besides(grown: Composition, excluded: str) -> Composition | None:
    """The coordination less the items the question sets aside ("Who else did Nakatani meet besides
    the defence minister?" against "Turkey’s Defence Minister Yaşar Güler and the head of Turkey’s
    Defence Industry Agency"): the one item left, or the rest joined; None when none is set aside."""
    items = [c for c in grown.citations if c.kind == "answer"][1:]
    aside = content_words(excluded)
    kept = [c for c in items if not aside <= content_words(c.text)]
    if not aside or len(kept) == len(items) or not kept:
        return None
    return _kept(grown, kept)


def _kept(grown: Composition, kept: list[Citation]) -> Composition:
    """The coordination less some items: the one item left, or the rest joined."""
    support = [c for c in grown.citations if c.kind == "support"]
    return Composition(text=joined([c.text for c in kept]), confidence=grown.confidence, citations=[*kept, *support])


def items_in_regions(question: str, grown: Composition) -> Composition | None:
    """A list of countries kept to the regions the question asks about ("which non-European
    countries …" against "France, Germany, Italy, Sweden, and the UK"): the items in them, a
    refusal when none is (a near miss), None when the question names no region or the items are
    not all countries."""
    regions, negated = regions_asked(question)
    items = [c for c in grown.citations if c.kind == "answer"][1:]
    named = [countries_named(c.text) for c in items]
    if not regions or not items or not all(named):
        return None
    kept = [c for c, found in zip(items, named) if any(in_regions(k, regions) for k in found) != negated]
    if len(kept) == len(items):
        return None
    if not kept:
        where = ("outside " if negated else "in ") + " or ".join(r.title() for r in regions)
        return Composition.refuse(f"none of the countries the passages list ({grown.text}) is {where}")
    return _kept(grown, kept)


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
_COUNT_ASKED = re.compile(r"\b(?:which|what|name|list)\s+(?:the\s+)?(?P<n>%s|\d+)\b"
                          % "|".join(list(_COUNTS)[2:]), re.I)
# A reading of one sentence is an item when at least this probable (corpus_dev lists).
ITEM_PROBABILITY = 0.5
# ... and its sentence holds this share of the question's content words.
ITEM_RELEVANCE = 0.3


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
        if len(asked & content_words(p.text[a:b])) < ITEM_RELEVANCE * len(asked):
            continue  # a sentence on something else: read alone, the reader points at whatever it names
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
    text = joined(names)
    return Composition(text=text, confidence=min(c.probability for c in chosen), citations=citations)


# --- items a sentence announces by their count ------------------------------------------------------
_ANNOUNCED = re.compile(r"(?<!\bthe )(?<!\bthese )(?<!\bthose )(?<!\bboth )(?<!\btheir )(?<!\bour )\b(?P<n>%s|\d)\s+(?:[a-z-]+\s+)?(?:countries|nations)\b" % "|".join(list(_COUNTS)[2:]), re.I)


def announced_countries(question: str, passages: list[Passage]) -> Composition | None:
    """The countries named one by one in the sentences after one that announces them by their
    count ("Last week, Nakatani visited three nations in Africa and the Middle East." then "On
    August 18, Nakatani met Djibouti’s President …", "… met Turkey’s Defence Minister …", "…
    visited Jordon …"): the first country each following sentence names, in the regions the
    question asks about. The announcing sentence must share two content words with the question
    besides the count and its noun; None unless as many countries are found as announced."""
    regions, negated = regions_asked(question)
    asked = content_words(question) - {"countries", "country", "nations", "nation"}
    for passage in passages:
        sentences = split_sentences(passage.text)
        for n, (a, b) in enumerate(sentences):
            m = _ANNOUNCED.search(passage.text, a, b)
            if not m or len(asked & content_words(passage.text[a:b])) < 2:
                continue
            wanted = int(m["n"]) if m["n"].isdigit() else _COUNTS[m["n"].lower()]
            announcing = set(countries_named(passage.text[a:b]))
            found: list[tuple[int, int, tuple[int, int]]] = []
            for x, y in sentences[n + 1:n + 1 + wanted + 1]:
                for start, end, country in country_spans(passage.text[x:y], people=False):
                    if country in announcing or (regions and in_regions(country, regions) == negated):
                        continue
                    if all(passage.text[s:e].lower() != passage.text[x + start:x + end].lower() for s, e, _ in found):
                        found.append((x + start, x + end, (x, y)))
                    break
                if len(found) == wanted:
                    break
            if len(found) != wanted:
                continue
            citations = [span_citation(passage, s, e, kind="answer") for s, e, _ in found]
            citations.append(span_citation(passage, a, b, kind="support"))
            citations += [span_citation(passage, *sentence, kind="support") for _, _, sentence in found]
            names = [c.text for c in citations[:wanted]]
            return Composition(text=joined(names), confidence=0.0, citations=citations)
    return None
