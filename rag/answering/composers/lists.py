"""Every item of a list: the reader's span grown to the coordination it belongs to.

Asked "Which European countries has Japan signed the accord with?", the reader points at one
country or at a part of "France, Germany, Italy, Sweden, and the UK"; asked "Who signed the
memorandum?", at one of "Minister Minoru Kihara and … Bjorn Gram". The answer is the whole
coordination, one exact span, and each item is cited on its own as well.

When one sentence holds fewer items than the question asks for ("Which two aircraft carriers …"
where one sentence names JS Kaga and another HMS Prince of Wales), ``gather_items`` reads each
sentence on its own and takes the items the reader is sure of, each cited with its sentence.

A question for one side of a meeting ("Who represented Britain …?") takes the coordination on that
side of "A and B have met C and D"; "where" is answered by places enumerated after the question's
words ("… the global commons, on the high seas, in cyberspace, and in outer space"); "which
ministries" by the modifiers before the noun ("foreign, defense and industry ministries", also two
without a comma: "security and human rights concerns"). The noun a question asks for ("which
international groupings") need not be written in the enumerating sentence ("We work together in the
G7 and G20"). "Who were the four ministers at …" takes both sides of the meeting, as more people are
asked for than one side holds. A list of things reads ten passages, not five.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answering.base import span_citation
from rag.answering.composers import Composition, joined
from rag.answering.countries import Country, country_spans, countries_named, in_regions, regions_asked
from rag.answering.grounding import absent_names, numbers_in, question_names, replaced_value
from rag.answering.question_analysis import (analyse, core, excluded, is_title, owners_title, plain_form,
                                             question_proper, without_time_anchor)
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words, fold, stem_of
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
    while items and (text[items[0][0]:items[0][1]].split()[0] in _LEADING
                     or re.fullmatch(r"(?:1[5-9]|20)\d\d", text[items[0][0]:items[0][1]])):
        items.pop(0)  # "On Tuesday, X and Y", "In late 2024, X …": an opening phrase, no item
    if len(items) < 2 or not any(x < end and start < y for x, y in items):
        return None
    if any(re.search(r"[’']s?$", text[x:y]) for x, y in items):
        return None  # "in the Arctic and Japan’s location in …": a possessive starts another phrase, no item
    a = items[0][0]
    citations = [span_citation(passage, a, b, kind="answer")]
    citations += [span_citation(passage, x, y, kind="answer") for x, y in items]
    citations.append(span_citation(passage, s0, s1, kind="support"))
    return Composition(text=text[a:b], confidence=0.0, citations=citations)


def listed(grown: Composition | None) -> list[Citation]:
    """The item citations of a coordination ``expand_to_list`` grew (its first answer citation is the
    whole coordination, which spans the others), or of items gathered from several sentences (no
    whole: every answer citation is an item); none for None."""
    answers = [c for c in grown.citations if c.kind == "answer"] if grown else []
    whole = len(answers) > 1 and all(c.doc_id == answers[0].doc_id and answers[0].start <= c.start
                                     and c.end <= answers[0].end for c in answers[1:])
    return answers[1:] if whole else answers


OTHER_COORDINATION_SHARE = 0.5  # of the question's words a sentence must hold to give the coordination instead


def coordination_elsewhere(question: str, passages: list[Passage], grown: Composition | None) -> Composition | None:
    """Where an item of the reader's coordination is a name the question itself gives ("Which two HM
    ships each put an officer on the Bungo?" against "The two Japanese Ships Bungo and Yaeyama …"),
    the coordination of the sentence holding most of the question's words (at least
    OTHER_COORDINATION_SHARE) none of whose items the question names, of the count asked if one is
    ("HM Ships Atherstone and Shoreham each embedded … in the Japanese Command Ship Bungo"). None
    otherwise."""
    asked = content_words(question)
    names = {w for w in re.findall(r"[\w’'-]+", fold(question))[1:] if w[:1].isupper()}
    items = [c.text for c in listed(grown)]
    # the name an item ends on ("Japanese Ships Bungo"; not the titles before a person's name, nor a country)
    given = set()
    for item in items:
        words = re.findall(r"[\w’'-]+", fold(item))
        if words and words[-1] in names and not country_spans(words[-1]):
            given.add(words[-1])
    if not given:
        return None
    wanted = asked_count(question)
    best = None
    for passage in passages:
        for a, b in split_sentences(passage.text):
            share = len(asked & content_words(passage.text[a:b])) / max(1, len(asked))
            if share < OTHER_COORDINATION_SHARE or (best and share <= best[0]):
                continue
            for m in _LIST.finditer(passage.text, a, b):
                other = expand_to_list(passage, m.start(), m.end())
                found = [c.text for c in listed(other)]
                if len(found) >= 2 and (not wanted or len(found) == wanted) and found != items \
                        and not any(set(re.findall(r"[\w’'-]+", fold(f))) & given for f in found):
                    best = (share, other)
                    break
    return best[1] if best else None


# "Nakatani joined Japan’s Prime Minister Shigeru Ishiba in a high-profile inspection": both did it.
_JOINED = re.compile(r"(?P<a>%s(?:\s+%s){0,3})\s+joined\s+(?P<b>(?:[\w’'-]+\s+){0,5}?%s(?:\s+%s){0,2})\s+(?:in|for|on|at)\s"
                     % (_CAP, _CAP, _CAP, _CAP))
_ASKS_JOINED = re.compile(r"\bjoin(?:ed|s)?\s+in\b", re.I)  # "who joined in …": everyone who did it


def joined_people(question: str, passage: Passage, start: int, end: int) -> Composition | None:
    """Who did something together, where the question asks who joined in it ("Who joined in
    inspecting HMS Prince of Wales?") and the reader's span is one side of "A joined B in …" in its
    sentence: A and B, each cited, with the sentence. None otherwise."""
    if not _ASKS_JOINED.search(question):
        return None
    sentence = next(((a, b) for a, b in split_sentences(passage.text) if a <= start and end <= b), None)
    if sentence is None:
        return None
    for m in _JOINED.finditer(passage.text, *sentence):
        spans = [m.span("a"), m.span("b")]
        if any(x < end and start < y for x, y in spans):
            citations = [span_citation(passage, x, y, kind="answer") for x, y in spans]
            citations.append(span_citation(passage, *sentence, kind="support"))
            return Composition(text=joined([passage.text[x:y] for x, y in spans]), confidence=0.0, citations=citations)
    return None


def coordination_of_places(passage: Passage, start: int, end: int) -> Composition | None:
    """The coordination the span ``[start, end)`` points into, for a question that may want several
    places or owners with no plural noun saying so ("Where will Norway deploy …?" against "… in
    deployments to Japan and the Indo-Pacific in 2025"; "Whose leaders held a summit …?" against
    "Japan and South Korea agreed …"): every item a name, one at least a country, none a person
    ("Japan’s Defense Minister Gen Nakatani and Norway’s State Secretary …": a title or a country's
    possessive makes it someone of that country, not the place). None otherwise, and the reader's
    single span answers."""
    grown = expand_to_list(passage, start, end)
    items = [c.text for c in listed(grown)]
    if len(items) < 2 or not all(re.match(r"(?:the\s+)?[A-ZÀ-ÖØ-Þ]", item) for item in items) \
            or not any(countries_named(item) for item in items) \
            or any(is_title(item) or re.search(r"\w[’']s\b", item) for item in items):
        return None
    return grown


# "Norway’s strategic position in the Arctic and Japan’s location in the Pacific": two phrases, each
# opened by a country's possessive.
_OWNED_PAIR = re.compile(r"(?P<a>[A-Z][\w-]*[’']s\s.+?)\s+and\s+(?P<b>[A-Z][\w-]*[’']s\s.+)")


def owned_item_asked(question: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the span ``text[start:end]`` coordinates two phrases each opened by a different country's
    possessive and the question names one of the two countries only ("Which region did Gram cite as
    Japan’s strategic position?"), the offsets of that country's phrase; None otherwise."""
    m = _OWNED_PAIR.fullmatch(text, start, end)
    if not m:
        return None
    asked = set(countries_named(question, capitals=False))
    owners = [set(countries_named(m[g].split()[0], capitals=False)) for g in ("a", "b")]
    if not all(owners) or owners[0] & owners[1]:
        return None
    picked = [g for g, owner in zip(("a", "b"), owners) if owner & asked]
    return m.span(picked[0]) if len(picked) == 1 else None


def coordination_not_asked(question: str, passage: Passage, start: int, end: int) -> Composition | None:
    """Where the reader's span only repeats what the question names ("Which British ships each placed an
    officer in the Japanese command ship?" against "HM Ships Atherstone and Shoreham each embedded one of
    their own officers in the Japanese Command Ship Bungo": the span "Japanese Command Ship Bungo"), the
    other coordination of its sentence, none of whose items repeats the question. None otherwise."""
    asked = content_words(question)
    while (m := re.search(r"(?:^|\s)(%s)\s+$" % _CAP, passage.text[max(0, start - 40):start])):
        start -= len(passage.text[max(0, start - 40):start]) - m.start(1)  # the whole name: "Japanese … Bungo"
    words = content_words(passage.text[start:end])
    if len(words & asked) < 2 or len(words - asked) > 1:
        return None  # the span says something the question does not
    sentence = next(((a, b) for a, b in split_sentences(passage.text) if a <= start and end <= b), None)
    if sentence is None:
        return None
    for m in _LIST.finditer(passage.text, *sentence):
        if m.start() < end and start < m.end():
            continue
        grown = expand_to_list(passage, m.start(), m.end())
        items = [c.text for c in listed(grown)]
        if len(items) >= 2 and not any(content_words(item) <= asked for item in items):
            return grown
    return None


_PARTICIPATION = re.compile(r"\b(?:took|take|takes|taking) part\b|\bparticipat|\battend|\b(?:was|were) (?:present|there)\b"
                            r"|\bwho (?:was|were) (?:at|in)\b|\binvolved in\b"
                            r"|^\s*(?:who|which\s+(?:[\w-]+\s+){0,2}?(?:ministers|people|officials|leaders))\s+(?:have\s+|had\s+)?met"
                            r"(?:\s+(?:at|in|on|during|for)\b|\s*\??\s*$)", re.I)
# "Who were the four ministers at …": more people asked for than one side of the meeting holds.
_PEOPLE_COUNTED = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[a-z-]+\s+){0,2}?"
                             r"(?:ministers|people|officials|leaders|participants|delegates|officers|representatives)\b", re.I)
_MEETING = re.compile(r"\s*,?\s*(?:(?:have|has|had|will|would)\s+)?(?:met|meets?|(?:held|hold|holds) talks with|"
                      r"hosted|hosts?|welcomed|welcomes?|received)\s+(?:with\s+)?(?:the\s+)?")


# "Who represented Britain …", "who spoke for Norway", "on behalf of Japan", "who attended for Japan",
# "Norway's side": one side of a meeting, the one of that country.
_SIDE_ASKED = re.compile(r"\b(?:represent(?:ed|s|ing)?|spoke for|speaks for|on behalf of|"
                         r"(?:attend(?:ed|s|ing)?|t(?:ook|ake|akes|aking) part|participat(?:ed|es|ing)|(?:was|were) there)"
                         r"(?:\s+(?:in\s+)?[^?,;]{1,80}?)?\s+for)\s+(?:the\s+)?"
                         r"(?P<side>[\w’'.-]+(?:\s+[A-Z][\w’'.-]*)?)|(?P<owner>[\w.-]+)[’']s?\s+side\b", re.I)


def side_asked(question: str) -> Country | None:
    """The country whose side of a meeting the question asks for ("Who represented Britain …"), else None."""
    m = _SIDE_ASKED.search(question)
    named = countries_named(m["side"] or m["owner"]) if m else []
    return named[0] if named else None


def _side_of(items: list[Citation], country: Country) -> bool | None:
    """Whether the items of one side name ``country`` (True), only other countries (False), or none (None)."""
    named = {c for item in items for c in countries_named(item.text)}
    return (country in named) if named else None


def _named_in(item: str, question: str) -> bool:
    """Whether the question itself names the person of ``item``: the item's last name-like word
    (not a title word: "Defense Minister Gen Nakatani" -> "Nakatani") is one of its words."""
    names = [w for w in re.findall(r"[A-ZÀ-ÖØ-Þ][\w’'-]+", item) if not is_title(w)]
    return bool(names) and fold(names[-1]).lower() in {fold(w).lower() for w in re.findall(r"[\w’'-]+", question)}


def both_sides(question: str, passage: Passage, grown: Composition) -> Composition | None:
    """Everyone at a meeting, where the question asks who took part, attended or was there and the
    coordination is one side of "A and B have met C and D": both sides, each person cited; where it
    asks who represented one country, the side of that country (the one naming it, or the one naming
    no country where the other names another); where the question names every person of the
    coordination ("Which British ministers hosted Nakatani and Kishida?"), the other side, as no
    question asks for the people it names. None when the question asks no such thing or the
    sentence names no other side."""
    side = side_asked(question)
    items = listed(grown)
    given = bool(items) and all(_named_in(c.text, question) for c in items)
    counted = _PEOPLE_COUNTED.search(question)
    more = bool(counted) and (int(n) if (n := counted["n"].lower()).isdigit() else _COUNTS[n]) > len(items)
    if not side and not given and not more and not _PARTICIPATION.search(question):
        return None
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
        if given:  # "Which British ministers hosted Nakatani and Kishida?": the side the question does not name
            if all(_named_in(c.text, question) for c in other):
                return None
            whole = span_citation(passage, m.start(), m.end(), kind="answer")  # as written: its titles hold commas
            return Composition(text=whole.text, confidence=grown.confidence, citations=[whole, *other, support])
        elif side:
            mine, theirs = _side_of(items, side), _side_of(other, side)
            if mine is True or not (theirs is True or (theirs is None and mine is False)):
                return None  # the reader's side already (the coordination as it is), or neither side's
            people = other
        else:
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
    items = listed(grown)
    aside = content_words(excluded)
    kept = [c for c in items if not aside <= content_words(c.text)]
    if not aside or len(kept) == len(items) or not kept:
        return None
    return _kept(grown, kept)


# A name set after a title by a comma ("State Secretary to Minister of Defence, Andreas Flåm").
_NAME_SET_AFTER = re.compile(r",\s+((?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*){0,2})")


# "Whom did X welcome?": the question's own subject comes after the auxiliary.
_ASKS_OBJECT = re.compile(r"^\W*(?:who|whom)\s+(?:do|does|did|will|would|has|have|had|can|could)\s+(.+)", re.I)
# Verbs whose subject and object may be written together as one coordination ("A and B met").
_RECIPROCAL = frozenset({"meet", "met", "talk", "speak", "spoke", "sign", "confer", "negoti", "hold", "held"})


def _subject_named(question: str, runs: list) -> bool:
    """Whether the question asks for the object of a person it names as its subject, with a verb
    that is not reciprocal ("Whom did Philip Hammond welcome?"): a coordination holding that person
    is the subject's ("Philip Hammond and Michael Fallon welcomed …"), and its other items are no
    answer either."""
    m = _ASKS_OBJECT.match(question)
    if not m:
        return False
    verb = re.search(r"\b[a-z][\w’'-]*", m.group(1))
    if not verb or stem_of(verb.group()) in _RECIPROCAL:
        return False
    subject = {fold(w).lower() for w in re.findall(r"[\w’'-]+", m.group(1)[:verb.start()])}
    return any(all(fold(w).lower() in subject for w in run) for run in runs)


def items_not_named(question: str, grown: Composition, context: str) -> Composition | None:
    """The coordination less the people the question itself names ("Who signed the MOU with Minoru
    Kihara?" against "Japanese Defense Minister Minoru Kihara and Norwegian Defense Minister Bjorn
    Gram"): a question names whom it asks about, never whom it asks for. The item left, or the rest
    joined; None where the question names none of the items, or all of them."""
    items = listed(grown)
    runs = [run for run in question_names(question, context) if not countries_named(" ".join(run))]
    if len(items) < 2 or not runs or _subject_named(question, runs):
        return None

    supports = [c for c in grown.citations if c.kind == "support"]

    def names(item: Citation) -> bool:
        words = re.findall(r"[\w’'-]+", fold(item.text))
        titled = [n for n, w in enumerate(words) if is_title(w)]
        words = words[titled[-1] + 1:] if titled else words  # the person's name, not the title's words
        for s in supports:  # "Norway’s State Secretary to Minister of Defence" + ", Andreas Flåm": the title's holder
            if s.doc_id == item.doc_id and s.start <= item.start and item.end <= s.end and \
                    (after := _NAME_SET_AFTER.match(s.text, item.end - s.start)):
                words = re.findall(r"[\w’'-]+", fold(after.group(1)))
        words = [w.lower() for w in words]
        return bool(words) and any(all(fold(w) in words for w in run) for run in runs)
    kept = [c for c in items if not names(c)]
    if len(kept) == len(items) or not kept:
        return None
    whole = grown.citations[0]
    if len(kept) > 1 and all(b.doc_id == a.doc_id and 0 <= b.start - a.end <= 2 and whole.start <= a.start
                             and b.end <= whole.end for a, b in zip(kept, kept[1:])):
        # "Norway’s State Secretary to Minister of Defence, Andreas Flåm": a title and the name set after it
        text = whole.text[kept[0].start - whole.start:kept[-1].end - whole.start]
        kept = [replace(kept[0], end=kept[-1].end, text=text)]
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
    items = listed(grown)
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
    items = listed(grown)
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


# --- a coordination of the count asked, in the answer's sentence ----------------------------------------
def counted_coordination(question: str, passage: Passage, sentence: tuple[int, int], people: bool) -> Composition | None:
    """The coordination of the answer's sentence that names as many items as the question asks for
    ("Which two ministers does the caption name?" against "… the meeting between Minister of Defence
    Bjørn Arild Gram and Minister of Defence Minoru Kihara, Japan (Photo: Ingrid Dåsnes/…)", where the
    reader points at the photographer): asked for people, a country set after a person ("…, Japan")
    says where the person is from and is no item. None where no coordination has that count, or more
    than one has."""
    wanted = asked_count(question)
    if wanted < 2:
        return None
    found = []
    for m in _LIST.finditer(passage.text, *sentence):
        grown = expand_to_list(passage, m.start(), m.end())
        items = listed(grown)
        if people:
            items = [c for c in items if not (countries_named(c.text) and content_words(c.text) <= {
                w for k in countries_named(c.text) for n in k.names for w in content_words(n)})]
        if len(items) == wanted and not any(content_words(c.text) <= content_words(question) for c in items):
            support = [c for c in grown.citations if c.kind == "support"]
            found.append(Composition(text=joined([c.text for c in items]), confidence=0.0, citations=[*items, *support]))
    return found[0] if len(found) == 1 else None


# --- places in other slots of the answer's sentence ---------------------------------------------------
def places_beside(question: str, passage: Passage, start: int, end: int) -> Composition | None:
    """The other places of the answer's sentence, where a question for several places is answered by one
    that stands in no coordination ("Which cities are linked to Norway's defence attachés in Asia?"
    against "The defence attaché in Beijing is currently also accredited to Tokyo."; "which countries
    will the gyros end up in" against "The U.S. requested the export, and … would be transferred to
    Qatar"): each country named as the answer is (by name, or each city as a capital), not a possessive
    owner ("Japan’s Ministry"), not inside a longer name ("Turkey Aerospace Industries"), not one the
    question names. None where the sentence names no other."""
    text = passage.text
    sentence = next(((a, b) for a, b in split_sentences(text) if a <= start and end <= b), None)
    if sentence is None:
        return None
    s0, s1 = sentence
    mentions = [(s0 + a, s0 + b, c) for a, b, c in country_spans(text[s0:s1], people=False)]
    answer = [m for m in mentions if m[0] < end and start < m[1]]
    if len(answer) != 1 or content_words(text[start:end]) - content_words(text[answer[0][0]:answer[0][1]]):
        return None  # the span is not one place alone
    capital = text[answer[0][0]:answer[0][1]].lower() in answer[0][2].capitals
    asked = set(countries_named(question))

    def item(a: int, b: int, country: Country) -> bool:
        return (text[a:b].lower() in country.capitals) == capital and country not in asked \
            and not re.match(r"[’']s?\b|\s+[A-ZÀ-ÖØ-Þ]", text[b:b + 3]) \
            and not ((before := re.search(r"([A-ZÀ-ÖØ-Þ][\w.-]*)\s+$", text[max(s0, a - 30):a]))
                     and before[1] not in _LEADING | {"The", "A", "An"})
    chosen = [answer[0]] + [m for m in mentions if m is not answer[0] and m[2] != answer[0][2] and item(*m)]
    if len(chosen) < 2:
        return None
    chosen.sort(key=lambda m: m[0])
    citations = [span_citation(passage, a, b, kind="answer") for a, b, _ in chosen]
    citations.append(span_citation(passage, s0, s1, kind="support"))
    return Composition(text=joined([text[a:b] for a, b, _ in chosen]), confidence=0.0, citations=citations)


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
        spans = ([(c.start - p.start, c.end - p.start) for c in listed(grown)] if grown
                 else [(a + r.start, a + r.end)])
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


def announced_countries(question: str, passages: list[Passage], picked: bool = False) -> Composition | None:
    """The countries named one by one in the sentences after one that announces them by their
    count ("Last week, Nakatani visited three nations in Africa and the Middle East." then "On
    August 18, Nakatani met Djibouti’s President …", "… met Turkey’s Defence Minister …", "…
    visited Jordon …"): the first country each following sentence names, in the regions the
    question asks about. The announcing sentence must share two content words with the question
    besides the count and its noun, and state every name the question does ("Kihara" asked,
    "Nakatani visited three nations" written: another trip); None unless as many countries are
    found as announced. ``picked``: the regions pick some of the countries the count was checked on
    ("which african country did Nakatani visit": Djibouti of the three), none where they pick none."""
    regions, negated = regions_asked(question)
    asked = content_words(question) - {"countries", "country", "nations", "nation"}
    for passage in passages:
        sentences = split_sentences(passage.text)
        for n, (a, b) in enumerate(sentences):
            m = _ANNOUNCED.search(passage.text, a, b)
            if not m or len(asked & content_words(passage.text[a:b])) < 2 or \
                    absent_names(without_time_anchor(question), passage.text[a:b]):
                continue  # (a name the question states and the announcing sentence lacks: another traveller)
            wanted = int(m["n"]) if m["n"].isdigit() else _COUNTS[m["n"].lower()]
            announcing = set(countries_named(passage.text[a:b]))
            found: list[tuple[int, int, tuple[int, int]]] = []
            for x, y in sentences[n + 1:n + 1 + wanted + 1]:
                for start, end, country in country_spans(passage.text[x:y], people=False):
                    if country in announcing or (regions and not picked and in_regions(country, regions) == negated):
                        continue
                    if all(passage.text[s:e].lower() != passage.text[x + start:x + end].lower() for s, e, _ in found):
                        found.append((x + start, x + end, (x, y)))
                    break
                if len(found) == wanted:
                    break
            if len(found) != wanted:
                continue
            if picked:
                found = [f for f in found if in_regions(countries_named(passage.text[f[0]:f[1]])[0], regions) != negated]
                wanted = len(found)
                if not found:
                    return None
            citations = [span_citation(passage, s, e, kind="answer") for s, e, _ in found]
            citations.append(span_citation(passage, a, b, kind="support"))
            citations += [span_citation(passage, *sentence, kind="support") for _, _, sentence in found]
            names = [c.text for c in citations[:wanted]]
            return Composition(text=joined(names), confidence=0.0, citations=citations)
    return None


# --- the things a sentence enumerates after the action the question asks about ---------------------
# Words a question uses for the same action as the sentence ("talked about", "on the agenda" for
# "discussed"); a short table of English synonyms, stems as rag.search.lexicon writes them.
_SAME_ACTION = ({"discuss", "talk", "agenda", "topic", "discussion"}, {"pledg", "vow", "commit", "agre"})
# Words of a list question that name what is asked, or the source, not what the sentence says.
ASKING_WORDS = {"list", "name", "everyth", "els", "thing", "item", "area", "issu", "matter", "subject", "way", "kind", "type",
                 "sort", "apart", "besid", "asid", "except", "summari", "report", "articl", "column", "stori", "piec", "document", "releas"}
# A phrase that opens an enumeration: "…, including X, Y and Z", "such as X and Y", "included X".
_OPENS = re.compile(r"[\s,:–—]*(?:\b(?:including|included|include|includes|such as|notably|namely|among them|"
                    r"were|are|was|is)\b|:)\s*")
# Where an enumeration ends: a new clause or a relative clause about its last item.
_CLOSES = re.compile(r",\s*(?:which|who|where|whose|but|while|and (?:to|they|he|she|it|its|their|the \w+ (?:said|added)))\b"
                     r"|,\s*(?:the\s+)?[\w’' ]{0,30}\b(?:said|says|added|adds|confirmed|confirms|reported|reports|"
                     r"is reporting|noted|notes|stated|states)\b"
                     r"|;|\s+[–—]\s+|\s+(?:in order to|so that|but)\b|[.!?](?:\s|$)")
# A second predicate of the sentence's subject: another thing it did, not another item of what is asked.
_SECOND_PREDICATE = re.compile(r",\s*and\s+(?P<verb>[a-z]+ed)\s+(?:the|a|an|their|its|his|her|our)\b")
_OPENER = re.compile(r"\b(?:including|included|such as|were)\b")
_ITEM_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+|as well as\s+)?|\s+as well as\s+|\s+and\s+")
# An enumeration starts this close (in characters) after the question's words end in the sentence.
_GAP = 40
# A sentence is about what is asked when it (with the sentence before it) holds this share of the
# question's words.
ENUMERATION_RELEVANCE = 0.5
# ... and those at most this many sentences from it add theirs, where "everything" or "else" is asked.
UNION_SENTENCES = 4
_ENUMERATING = re.compile(r"\b(?:else|every(?:thing)?|all)\b|^(?:list|name)\b|^what (?:did|do|does|will|would) .+"
                          r"\b(?:discuss|talk about|talked about|agree to|agreed to)\b", re.I)


def _canonical(word: str) -> str:
    return next((min(group) for group in _SAME_ACTION if word in group), word)


def _stems(text: str) -> set[str]:
    """The content words of ``text``, a word of the same action as another written as that one."""
    return {_canonical(w) for w in content_words(text)}


def _asked_words(question: str) -> set[str]:
    """The question's content words less those that only say a list is asked for and the thing set
    aside ("Apart from the Joint Strike Missile, what else …")."""
    aside = content_words(excluded(question)) if excluded(question) else set()
    counted = _COUNT_ASKED.search(question.strip())  # "what two things": the count is asked, not written
    count = _stems(counted["n"]) if counted and 2 <= asked_count(question) <= MAX_COUNTED else set()
    return _stems(question) - ASKING_WORDS - aside - count


def _word_ends(text: str, start: int, end: int, asked: set[str]) -> list[tuple[int, int]]:
    """Spans of the words of ``text[start:end]`` that are (or mean the same as) the question's."""
    return [(m.start(), m.end()) for m in re.finditer(r"[\w’'-]+", text[:end]) if m.start() >= start
            and _stems(m.group()) & asked]


# Names coordinated right after the question's words and a preposition ("… work together in the G7 and
# G20 on issues …"): the enumeration is that coordination, not the rest of the clause.
_NAMED_AFTER = re.compile(r"\s+(?:in|on|at|with|to|from|by|for|among|between)\s+(?:the\s+)?(?P<items>%s(?:%s(?:the\s+)?%s)+)"
                          % (_ITEM, _SEP, _ITEM))


def _enumeration(text: str, s0: int, s1: int, asked: set[str], names: set[str],
                 asking: set[str] = frozenset(), noun: set[str] = frozenset()) -> tuple[int, int] | None:
    """The span of ``text[s0:s1]`` that enumerates what is asked: after the run of the question's
    words that holds most of them and one besides its names ("defend and protect the global
    commons"), skipping an opening "including"/"were" (a later one after a word of the question,
    ``asking``: "on issues including"), up to where the clause ends."""
    hits = _word_ends(text, s0, s1, asked)
    runs: list[list[tuple[int, int]]] = []
    for a, b in hits:
        if runs and a - runs[-1][-1][1] <= _GAP and not _OPENER.search(text, runs[-1][-1][1], a):
            runs[-1].append((a, b))
        else:
            runs.append([(a, b)])
    runs = [r for r in runs if any(not content_words(text[a:b]) <= names for a, b in r)]
    if not runs:
        return None
    run = max(runs, key=lambda r: (len({text[a:b].lower() for a, b in r}), r[-1][1]))
    anchor = run[-1][1]
    opened = _OPENER.search(text[anchor:s1])
    before = re.findall(r"[\w’'-]+", text[anchor:anchor + opened.start()]) if opened else []
    if opened and (opened.start() <= _GAP or (before and _stems(before[-1]) & asking)
                   or bool(names & _stems(" ".join(before)))):
        # "… held a discussion with X on issues including A and B" (X: the question's own names)
        anchor += opened.end()
    else:
        m = _OPENS.match(text, anchor, s1)
        anchor = m.end() if m else anchor
        if not m and (named := _NAMED_AFTER.match(text, anchor, s1)) and \
                not content_words(named["items"]) & (asked | names) and not noun & _stems(text[named.end():s1]):
            # "work together in the G7 and G20 on …", unless what is asked is written after it ("… on
            # issues that …, including A, B and C" asked "on what issues")
            return named.start("items"), named.end("items")
    while anchor < s1 and text[anchor] in " ,:":
        anchor += 1
    close = _CLOSES.search(text, anchor, s1)
    end = close.start() if close else s1
    second = next((m for m in _SECOND_PREDICATE.finditer(text, anchor, end) if not _stems(m["verb"]) & asked), None)
    end = second.start() if second else end  # ", and emphasised the …", unless the question asks that too
    if re.search(r"\b(?:a|an)\s+$", text[s0:run[0][0]]) and (sibling := _SIBLING.search(text, anchor, end)):
        end = sibling.start()  # "a discussion on A, and an inspection of B": B is no more discussed than A
    while end > anchor and text[end - 1] in " ,.":
        end -= 1
    return (anchor, end) if end - anchor > 3 else None


# A noun phrase coordinated with the one the question's words open ("a discussion on …" + ", and an
# inspection of …"): the end of what that phrase's complement enumerates.
_SIBLING = re.compile(r",?\s+and\s+(?:a|an)\s+[a-z]+\s+(?:of|on|to|with|for|about)\b")


def _split(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The items of the enumeration ``text[a:b]``: split at commas where it has them, else at "and"."""
    part = text[a:b]
    seps = [m for m in _ITEM_SEP.finditer(part) if m.group().strip()]
    if any("," in m.group() or "well" in m.group() for m in seps):
        seps = [m for m in seps if "," in m.group() or "well" in m.group()]
    spans, pos = [], 0
    for m in seps:
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(part)))
    return [(a + x, a + y) for x, y in spans if part[x:y].strip()]


SOURCE = re.compile(r",?\s*\baccording to (?:the |these |this )?[^,?]*?\b(?:summary|column|release|reports?|articles?|"
                     r"story|stories|piece|website|statement|documents)\b", re.I)


def _grounded(question: str, context: str, sentence: str) -> bool:
    """Every name and year the question states is in the document's passages, and the sentence
    replaces none of its values: a question with one qualifier changed is a near miss."""
    question = SOURCE.sub("", question)  # "according to the MOD summary": where it was read, not what
    years = re.findall(r"\b(?:1[5-9]|20)\d\d\b", question)
    return not absent_names(question, context) and all(y in numbers_in(context) for y in years) \
        and not replaced_value(question, sentence)


_COUNTED_OR_NAMED = re.compile(r"\b(?:which|what|name|list)\s+(?:the\s+)?(?:%s|\d+)\b|\bnames?\s+of\b"
                              % "|".join(list(_COUNTS)[2:]), re.I)


_WHERE = re.compile(r"^\s*where\b", re.I)
# An item that is a place by how it opens: "on the high seas", "in cyberspace", "across the region".
_LOCATIVE = re.compile(r"(?:in|on|at|across|over|under|within|into|throughout|near|along|beyond)\s", re.I)


# "those in A and B": one preposition of place, shared by the noun phrases after it.
_SHARED_LOCATIVE = re.compile(r"(?:(?:those|that|ones)\s+)?(?P<prep>in|on|at|across|within|throughout)\s", re.I)
_PREPOSITION = re.compile(r"\b(?:of|with|for|to|from|by|in|on|at|about|between|among)\b", re.I)


def _places(items: list[tuple[Passage, int, int]]) -> bool:
    """Whether the items of an enumeration are places: each opens with a preposition of place ("on
    the high seas, in cyberspace"), or the first opens with one the others share ("those in
    international exercises and counter piracy operations"), no item holding another preposition."""
    if all(_LOCATIVE.match(p.text, x) for p, x, _ in items):
        return True
    p, x, y = items[0]
    if not (m := _SHARED_LOCATIVE.match(p.text, x, y)):
        return False
    rest = [p.text[m.end():y]] + [q.text[a:b] for q, a, b in items[1:]]
    return not any(_PREPOSITION.search(t) for t in rest)


# "what did X condemn", "what does the agreement provide", "what did they reaffirm their desire to do":
# a bare "what" as the object, no noun after it saying one thing is asked; the text decides whether
# it is one thing or several (compose_enumeration answers only where a sentence enumerates them).
_OPEN_WHAT = re.compile(r"^what (?:did|does|do|will|would|has|have|had|could|can|should) (?!.*\b(?:kind|sort|type)\b)"
                        r".+ [a-z][\w-]*(?: (?:to|in|on|over|about|for|with|at|from|into))?$")


def asks_things(question: str) -> bool:
    """A list of things (not of people, places or dates), or "what else", "everything", "what did X
    and Y discuss", the question read without a scene-setting clause before it ("During the Tokyo
    meeting, what did …")."""
    analysis = analyse(question)
    asked = core(plain_form(question))
    return analysis.answer_type == "other" and not _COUNTED_OR_NAMED.search(question) and (
        analysis.kind == "list" or bool(_ENUMERATING.search(question) or _ENUMERATING.search(asked)))


def asks_open_what(question: str) -> bool:
    """A factoid asked by a bare "what" as the object (``_OPEN_WHAT``), not a list asked outright:
    compose_enumeration answers it where a sentence coordinates the things (see ``_coordinated``)."""
    analysis = analyse(question)
    return analysis.kind == "factoid" and analysis.answer_type == "other" and not asks_things(question) \
        and not _COUNTED_OR_NAMED.search(question) and bool(_OPEN_WHAT.match(core(plain_form(question))))


# An enumeration after one of these (in its sentence) gives examples of something named before it.
_EXAMPLES = re.compile(r"\b(?:including|included|include|includes|such as|notably|namely|among them)\b", re.I)
# The particle of a phrasal verb ("bring about", "set out"), left before the enumeration by the
# question's words ending at the verb.
_PARTICLE = re.compile(r"(?:about|out|up|off|over|forward|down)\s+", re.I)


def _coordinated(items: list[tuple[Passage, int, int]]) -> bool:
    """Whether the items are one coordination: "and"/"or" before the last one ("to increase
    communication and share expertise"), not a clause set off by a comma ("a component for …, to a
    U.S.", nor the "and" of "between A and B"), and all or none opening with a preposition of place ("reaffirmed their desire …, on the
    high seas, in cyberspace" is a clause and its places, no list)."""
    (p, _, end), (q, start, _) = items[-2], items[-1]
    if p is not q or not re.search(r"\b(?:and|or|as well as)\b", p.text[end:start]):
        return False
    if re.search(r"\bbetween\b(?!.*,)", p.text[items[-2][1]:end]) and "," not in p.text[end:start]:
        return False  # "a video conference between Nakatani and the ROK’s minister": one phrase, two ends
    places = {bool(_LOCATIVE.match(p.text, x)) for p, x, _ in items}
    return len(places) == 1


def asks_where(question: str) -> bool:
    """"Where" something was done: the places may be a coordination right after the question's words
    ("… to defend and protect the global commons, on the high seas, in cyberspace, and in outer
    space"), each item opening with a preposition of place."""
    asked = question_proper(question)  # "… defend the global commons. Where exactly?"
    return _WHERE.match(asked) is not None and analyse(asked).answer_type == "place"


# A count of things is at most this ("which 2010 review" names a year, it counts nothing).
MAX_COUNTED = 10


def asks_counted_things(question: str) -> bool:
    """A count of things, not of people or places ("What two things did Fallon say he welcomed",
    "what two traits do they share"): compose_enumeration answers it only where the sentence
    enumerates exactly that many items."""
    return analyse(question).answer_type == "other" and 2 <= asked_count(question) <= MAX_COUNTED


def asks_enumeration(question: str) -> bool:
    """The questions compose_enumeration answers: things (``asks_things``, or asked by a bare "what":
    ``asks_open_what``, or counted: ``asks_counted_things``) or places (``asks_where``)."""
    return asks_things(question) or asks_where(question) or asks_open_what(question) or asks_counted_things(question)


def enumerates_widely(question: str) -> bool:
    """"What else", "everything", "what did X and Y discuss": the items may be in several sentences,
    not those that best match the whole question."""
    return asks_things(question) and bool(_ENUMERATING.search(question))


def _other_country(question: str, sentence: str) -> bool:
    """The sentence names countries, none of those the question names ("What did Nakatani discuss
    with Djibouti's Foreign Minister?" against "… met Turkey’s Defence Minister … in a trip which
    included a discussion on …"): it is about another visit."""
    asked = set(countries_named(question))
    named = set(countries_named(sentence))
    return bool(asked and named and not asked & named)


def _with_preceding(passage: Passage, passages: list[Passage]) -> str:
    """The passage's text led by the retrieved passage of its document that ends where it starts:
    the names of who met where ("… led by Nakatani and Flåm … onboard the JS Kaga") often stand
    just before the sentence that enumerates what they discussed."""
    before = next((p for p in passages if p.doc_id == passage.doc_id and p.start < passage.start
                   and passage.start - 2 <= p.end), None)
    return f"{before.text} {passage.text}" if before else passage.text


# The sentences before an enumerating one that may name who it is about ("The meeting … was led by
# Nakatani and Flåm." two sentences before "Among the topics discussed were …").
LEAD_SENTENCES = 3


def lead(passage: Passage, passages: list[Passage], sentences: list[tuple[int, int]], n: int) -> str:
    """Sentence ``n`` of ``passage`` with the ``LEAD_SENTENCES`` before it, taken from the retrieved
    passage before it in its document where it starts the passage."""
    text = passage.text[sentences[max(0, n - LEAD_SENTENCES)][0]:sentences[n][1]]
    if n < LEAD_SENTENCES and (whole := _with_preceding(passage, passages)) != passage.text:
        before = whole[:len(whole) - len(passage.text) - 1]
        text = " ".join(before[a:b] for a, b in split_sentences(before)[n - LEAD_SENTENCES:]) + " " + text
    return text


def _count_agrees(question: str, items: list[tuple[Passage, int, int]]) -> bool:
    """Where the question counts things (``asks_counted_things``), the sentence coordinates exactly
    that many; true where it counts none."""
    if not asks_counted_things(question) or asks_things(question):
        return True
    return len(items) == asked_count(question) and _coordinated(items)


def _another_visit(names: set[str], best: tuple, other: tuple) -> bool:
    """The sentence ``other`` (found like ``best``: key, passage, sentence, …) reports another meeting
    than ``best``: it names fewer of the question's people than ``best``'s sentence and other countries
    only ("… held a discussion with Jordanian Prime Minister … on issues including …" beside "… met
    Turkey’s Defence Minister … a discussion on …" for "what did Yaşar Güler and Nakatani discuss")."""
    def sentence(f: tuple) -> str:
        return f[1].text[f[2][0]:f[2][1]]
    if len(names & _stems(sentence(other))) >= len(names & _stems(sentence(best))):
        return False
    here, there = set(countries_named(sentence(best))), set(countries_named(sentence(other)))
    return bool(here and there and not here & there)


def compose_enumeration(question: str, passages: list[Passage]) -> Composition | None:
    """What a list question asks about, where a sentence enumerates it after the question's own
    words ("Which global commons did they want to defend?" against "… to defend and protect the
    global commons, on the high seas, in cyberspace, and in outer space, and …"; "what else did X and
    Y discuss" against "Other topics discussed during the meeting included A, and B"). The sentence
    is the one (with the sentence before it) holding most of the question's words; for "everything",
    "all", "else" every such sentence of its document adds its items. Each item is cited exactly;
    None where no sentence holds enough of the question or enumerates two items or more."""
    if not asks_enumeration(question):
        return None
    enumerating = _ENUMERATING.search(question)
    asked = _asked_words(question)
    aside = content_words(excluded(question)) if excluded(question) else set()
    context = " ".join(p.text for p in passages)
    names = {w for run in question_names(question, context) for w in content_words(" ".join(run))}
    actions = asked - names
    # the noun the question asks for ("which international groupings") names the answer's kind, which
    # the sentence enumerating it need not repeat: its words count only where the sentence has them
    noun_words = _stems(analyse(question).noun)
    kind_words = noun_words & actions
    owned = owners_title(question)
    title = _stems(owned[1]) if owned else set()
    if not actions:
        return None
    found: list[tuple[tuple, Passage, tuple[int, int], tuple[int, int], int]] = []
    for rank, passage in enumerate(passages):
        sentences = split_sentences(passage.text)
        in_passage = names & _stems(passage.text)
        for n, (s0, s1) in enumerate(sentences):
            window = passage.text[sentences[n - 1][0] if n else s0:s1]
            held = actions & _stems(window)
            needed = actions - (kind_words - held) if actions - kind_words else actions
            share = len(held) / len(needed)
            named = len(in_passage | (names & _stems(lead(passage, passages, sentences, n))))
            if share < ENUMERATION_RELEVANCE:
                continue  # not about what is asked
            span = _enumeration(passage.text, s0, s1, asked, names, _stems(question), noun_words)
            if span is None or (aside and aside <= content_words(passage.text[span[0]:span[1]])):
                continue
            parts = [(passage, x, y) for x, y in _split(passage.text, *span)]
            if not _count_agrees(question, parts):
                continue  # "what two things … welcomed": a sentence enumerating two, not one welcoming a guest
            if _other_country(question, passage.text[s0:s1]) or (title and not title <= _stems(window)):
                continue  # another country's visit; a title ("Jordan's foreign minister") it does not name
            in_window = len(names & _stems(window))
            about = 2 * named >= len(names)  # else a passage on someone else, unless near the one chosen
            # the sentence sets aside what the question does ("Besides military cooperation, what else …"
            # against "In addition to military cooperation, the two ministers discussed …"): its own account
            echoed = bool(aside) and aside <= _stems(passage.text[sentences[n - 1][0] if n else s0:span[0]])
            found.append(((not about, -share, not echoed, -in_window, -named, rank, n), passage, (s0, s1), span, n))
    found.sort(key=lambda f: f[0])
    if not found or found[0][0][0]:
        return None
    best = found[0]
    chosen = [best]
    if enumerating:  # "everything", "else": each sentence near it enumerating it too
        chosen += [f for f in found[1:] if f[1] is best[1] and abs(f[4] - best[4]) <= UNION_SENTENCES
                   and -f[0][1] >= -best[0][1] - 0.2 and not _another_visit(names, best, f)]
    context = " ".join(p.text for p in passages if p.doc_id == best[1].doc_id)
    if not _grounded(question, context, " ".join(c[1].text[c[2][0]:c[2][1]] for c in chosen)):
        return None
    bare = asks_open_what(question)
    if bare:
        span0, span1 = best[3]
        if _EXAMPLES.search(best[1].text, best[2][0], span0):
            return None  # "… on foreign policy issues, including A and B": examples of what is asked, not it
        if particle := _PARTICLE.match(best[1].text, span0, span1):
            chosen[0] = (*best[:3], (particle.end(), span1), best[4])  # "bring about A and B": A and B
    items = [(c[1], x, y) for c in chosen for x, y in _split(c[1].text, *c[3])]
    one = len(items) == 1 and bool(_SIBLING.match(items[0][0].text, items[0][2]))  # cut at "…, and an inspection of"
    if (len(items) < 2 and not one) or (bare and not one and not _coordinated(items)):
        return None  # (asked by a bare "what": the text must coordinate the things)
    if not _count_agrees(question, items):
        return None  # "what two things": exactly two items, coordinated
    if asks_where(question) and not asks_things(question) and not asks_open_what(question) and not _places(items):
        return None  # "where": only a list of places ("in close company with … and staff of …" is none)
    citations = [span_citation(p, x, y, kind="answer") for p, x, y in items]
    citations += [span_citation(c[1], *c[2], kind="support") for c in chosen]
    text = "; ".join(c[1].text[c[3][0]:c[3][1]] for c in chosen)
    return Composition(text=text, confidence=0.0, citations=citations)


# --- the kinds a coordination of modifiers names: "foreign, defense and industry ministries" ---------
# "Which Japanese ministries …": the plural noun asked for, within three words of "which"/"what".
_PLURAL_ASKED = re.compile(r"^\s*(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z][\w-]*[^s\W]s)\b", re.I)


# Words that coordinate clauses or quantities, not kinds of the noun ("both … and …", "more and more").
_NO_MODIFIERS = {"both", "more", "less", "the", "a", "an", "their", "its", "his", "her", "our", "these", "those", "other"}


# One more of the noun's kind, named right after it as an example ("… concerns, including the abductions
# issue."): up to four words ending the clause.
_EXAMPLE_AFTER = re.compile(r",\s*(?:including|notably|such as)\s+(?P<item>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)"
                            r"(?=\s*[,.;:]|\s*$)")


def compose_modifiers(question: str, passages: list[Passage]) -> Composition | None:
    """The coordination of modifiers of the noun a list question asks for ("Which Japanese ministries
    put out the joint statement?" against "… a government statement jointly issued by foreign,
    defense and industry ministries."), in the sentence that (with the one before it) holds most of
    the question's words, at least ``ENUMERATION_RELEVANCE``: each modifier cited, the last with the
    noun, and an example the sentence names right after the noun (", including the abductions issue")
    as one more. None where no sentence so relevant writes the noun after such a coordination."""
    m = _PLURAL_ASKED.match(question)
    if not m or not asks_things(question):
        return None
    noun, asked = m["noun"].lower(), content_words(question)
    before = question[m.start():m.start("noun")].split()[1:]  # the words between "which" and the noun
    qualified = any(not countries_named(w) for w in before)
    best = None
    for passage in passages:
        text, sentences = passage.text, split_sentences(passage.text)
        for n, (s0, s1) in enumerate(sentences):
            share = len(asked & content_words(text[sentences[n - 1][0] if n else s0:s1])) / max(1, len(asked))
            if share < ENUMERATION_RELEVANCE or (best and share <= best[0]):
                continue
            for found in _WORDS_LIST.finditer(text, s0, s1):
                items = _items(found.group(), found.start())
                last = re.match(r"(?:[\w-]+\s+)?%s\b" % re.escape(noun), text[items[-1][0]:items[-1][1]], re.I)
                if len(items) < 2 or not last or any(len(text[x:y].split()) > 1 for x, y in items[1:-1]):
                    continue  # single words, the last with the noun: "foreign, defense and industry ministries"
                words = [re.search(r"[\w-]+$", text[x:y]) for x, y in items[:-1]]  # "jointly issued by foreign": "foreign"
                spans = [(x + w.start(), y) for (x, y), w in zip(items[:-1], words)]
                spans.append((items[-1][0], items[-1][0] + last.end()))
                best = (share, passage, (s0, s1), spans)
                break
            else:
                if qualified:
                    continue  # "What marine engines …": a kind is already asked, not the two named
                pair = re.compile(r"(?<![\w’'-])(?<!,\s)(?P<first>[a-z][\w-]*)\s+and\s+(?P<last>(?:[a-z][\w-]*\s+)?"
                                  r"[a-z][\w-]*)\s+%s\b" % re.escape(noun), re.I)
                if (two := pair.search(text, s0, s1)) and \
                        not {two["first"].lower(), *two["last"].lower().split()} & _NO_MODIFIERS:
                    # "legitimate security and human rights concerns": two modifiers, the last of one or two words
                    best = (share, passage, (s0, s1), [two.span("first"), (two.start("last"), two.end())])
    if best is None:
        return None
    _, passage, sentence, spans = best
    if example := _EXAMPLE_AFTER.match(passage.text, spans[-1][1], sentence[1]):
        spans.append(example.span("item"))  # "… human rights concerns, including the abductions issue": one more
    if not _grounded(question, " ".join(p.text for p in passages if p.doc_id == passage.doc_id),
                     passage.text[slice(*sentence)]):
        return None  # "Which ministers is Canada sending …": no passage names Canada
    citations = [span_citation(passage, spans[0][0], spans[-1][1], kind="answer")]
    citations += [span_citation(passage, x, y, kind="answer") for x, y in spans]
    citations.append(span_citation(passage, *sentence, kind="support"))
    return Composition(text=citations[0].text, confidence=0.0, citations=citations)
