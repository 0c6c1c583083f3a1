"""Who holds a role: the name bound to the exact title asked about, for the owner asked about.

"Who is Norway's Minister of Defence?" read by a span reader matches "Norway's State Secretary to
Minister of Defence, Andreas Flåm" as well as "Minister of Defence Bjørn Arild Gram": the words are
there in both. What decides is how the title is bound: the asked title must stand on its own (not
inside a longer one: "Secretary to …", "Deputy …", "former …"), the name must sit next to it
("Minister of Defence Bjørn Arild Gram", "Andreas Flåm, State Secretary …"), and the owner, when the
question names one, must not be another ("Minister of Defence Minoru Kihara, Japan"). Titles are
matched in both word orders ("Minister of Defence" / "Defence Minister") and both spellings of
defence.

The other way round, "What position does Jafar Hassan hold?" is answered with the title bound to
the name (``compose_title``), and "Who was Kihara's Norwegian counterpart?" by composing the two:
Kihara's title, then its holder for Norway; where countries name the post differently ("Foreign
Minister" Kishida, "Foreign Secretary" Hammond), the holder of the same field under the other head
word, named where the person is. A title the asked one begins binds the name after it ("State
Secretary to Minister of Defence, Andreas Flåm" for "the state secretary at Norway's defence
ministry", whose field the longer title must name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answering.base import span_citation
from rag.answering.composers import Composition, joined
from rag.answering.countries import country_of
from rag.answering.grounding import unstated_ordinal
from rag.answering.question_analysis import HONORIFIC, QuestionAnalysis, is_title
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words, fold
from rag.types import Passage

_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*)"
# "the Secretary of State for Defense, the Rt Hon Michael Fallon MP": a form of address before the name.
_ADDRESS = r"(?:(?:the\s+)?(?:Rt\.?|Right)\s+(?:Hon\.?|Honourable|Honorable)\s+|(?:His|Her)\s+Excellency\s+)?"
_NAME_AFTER = re.compile(r"^,?\s+%s(?P<name>%s(?:\s+%s){0,3})" % (_ADDRESS, _NAME_WORD, _NAME_WORD))
_NAME_BEFORE = re.compile(r"(?P<name>%s(?:\s+%s){0,3}),\s+(?:the\s+)?(?:[\w-]+[’']s\s+)?$" % (_NAME_WORD, _NAME_WORD))
# "Jordanian Prime Minister and Minister of Defense Jafar Hassan": a second title, then the name both bind to.
_AND_TITLE_NAME = re.compile(r"^\s+and\s+(?:the\s+)?(?P<title>[A-Z][\w-]*(?:\s+(?:of|for|to)?\s*(?:the\s+)?[A-Z][\w-]*){0,3}?"
                             r"\s+(?:of|for|to)\s+(?:the\s+)?[A-Z][\w-]*|[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:%s))"
                             r"(?P<name>(?:\s+%s){1,4})" % ("Minister|Secretary|President|Speaker|Chancellor|Director|Chief",
                                                             _NAME_WORD))
_OWNER_AFTER = re.compile(r"^,\s+(?P<owner>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s*(?:[,.;()]|$)")
# "Alex Coleman, the Operations Officer from HMS Atherstone": the owner after the title.
_OWNER_AFTER_PREP = re.compile(r"^\s+(?:from|of|at|on|aboard|in)\s+(?:the\s+)?(?P<owner>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})")
# A rank before a name is part of how it is written, not another title ("Lieutenant Alex Coleman").
_RANK = re.compile(r"^(?:Lieutenant|Lt\.?|Captain|Capt\.?|Commander|Cdr\.?|Colonel|Col\.?|Major|General|Gen\.?|"
                   r"Admiral|Adm\.?|Sergeant|Sgt\.?|Commodore|Dr\.?|Mr\.?|Ms\.?|Mrs\.?)\s+(?=[A-Z])")
_LONGER_BEFORE = re.compile(r"(?:\b(?:secretary|minister|adviser|advisor|assistant|spokes\w+|aide|envoy|deputy|"
                            r"attach[ée])\s+(?:to|of|for)\s+(?:the\s+)?|\b(?:deputy|vice|acting|former|junior|"
                            r"assistant|shadow|state|prime|under|ex-|then)\s+)$", re.I)
_POSSESSIVE_BEFORE = re.compile(r"(?P<owner>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)[’']s?\s+$")
# "Australia’s Defence Minister Richard Marles and Foreign Minister Penny Wong": the owner of the
# first title and name is the owner of the second.
_SHARED_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)[’']s?\s+(?:[A-Z][\w.-]*\s+){2,7}and\s+$")
_DEMONYM = re.compile(r"[a-z][\w-]+(?:ese|ian|ish|ean|ic|an|i|ch)")
_DEMONYM_BEFORE = re.compile(r"(?P<owner>[A-Z][\w-]+(?:ese|ian|ish|ean|ic|an|i|ch))\s+$")
# Words that follow a title yet are no name: they start the rest of the sentence.
_NOT_NAMES = {"The", "A", "An", "This", "That", "He", "She", "They", "It", "In", "On", "At", "And", "But",
              "Said", "Says", "Has", "Have", "Was", "Is", "Will", "Would", "Of", "For", "To", "With", "MP"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("defence", "defense").replace("’", "'")).strip()


def title_pattern(title: str) -> re.Pattern:
    """The title in either word order ("Minister of Defence" / "Defence Minister"), either spelling."""
    words = [w for w in _norm(title).split() if w not in ("the", "a", "an")]  # "Secretary to (the) Minister"
    forms = [words]
    if "of" in words:  # "minister of defense" -> "defense minister"
        i = words.index("of")
        forms.append(words[i + 1:] + words[:i])
        if words[i + 1:i + 3] == ["state", "for"] and len(words) > i + 3:  # British usage: "Defence Secretary"
            forms.append(words[i + 3:] + words[:i])
    elif len(words) >= 2:  # "defense minister" -> "minister of defense"
        forms.append(words[-1:] + ["of"] + words[:-1])

    def regex(form: list[str]) -> str:  # "Minister of (National) Defense"
        return r"\s+(?:the\s+)?".join(re.escape(w).replace("defense", "defen[cs]e") for w in form).replace(
            r"of\s+(?:the\s+)?", r"of\s+(?:the\s+)?(?:national\s+)?")
    return re.compile(r"\b(?:%s)\b" % "|".join(regex(f) for f in forms), re.I)


def owner_forms(owner: str) -> tuple[str, ...]:
    """Ways a text names the owner: "Norway" -> norway, norwegian (a shared stem); a country by
    every name of it, from the countries table ("South Korea" -> rok, korean, seoul; "UK" -> britain,
    british)."""
    o = re.sub(r"'s?$", "", _norm(re.sub(r"^the\s+", "", owner, flags=re.I))).strip()  # "Japan's", "the Netherlands'"
    if country := country_of(o):
        return country.forms
    if _DEMONYM.fullmatch(o):  # "norwegian" -> Norway: a country and its people share the first four letters
        return (o, o[:4])
    return (o, o[:max(4, len(o) - 2)])


def _owner_matches(found: str, forms: tuple[str, ...]) -> bool:
    """"Norwegian" for Norway; "HMS Atherstone" for Atherstone (a word of a longer name)."""
    f = _norm(found)
    return any(w == form or (len(form) >= 4 and w.startswith(form)) for form in forms for w in (f, *f.split()[1:]))


@dataclass
class _Candidate:
    name: str
    passage: int
    start: int   # local offsets of the name in the passage
    end: int
    title_start: int
    title_end: int
    score: float


# A title the asked one begins, set to the name after it ("State Secretary to Minister of Defence,
# Andreas Flåm" for "state secretary"): the asked title, a link word, another capitalised title.
_LONGER_AFTER = re.compile(r"^\s+(?:to|of|for)\s+(?:the\s+)?(?P<title>[A-Z][\w-]*(?:\s+(?:(?:of|for|to|and)\s+)?(?:the\s+)?"
                           r"[A-Z][\w-]*){0,4})(?=,)")
# "the state secretary at Norway's defence ministry": the owner, and the field its ministry names.
_MINISTRY_OWNER = re.compile(r"^(?:the\s+)?(?P<owner>.+?)[’']s?\s+(?P<field>[a-z]+)\s+(?:ministry|department)$", re.I)


def _candidates(analysis: QuestionAnalysis, passages: list[Passage]) -> tuple[list[_Candidate], int, int]:
    """Names bound to the title; how many times the title only stood inside a longer one; and how
    many times it stood with no name bound to it."""
    field: set[str] = set()
    if analysis.owner and (m := _MINISTRY_OWNER.match(analysis.owner.strip())) and country_of(m["owner"].lower()):
        analysis = replace(analysis, owner=m["owner"])
        field = content_words(m["field"].replace("defense", "defence"))
    pattern, forms = title_pattern(analysis.title), owner_forms(analysis.owner) if analysis.owner else ()
    found, embedded, unnamed = [], 0, 0
    for i, p in enumerate(passages):
        text = p.text
        for s0, s1 in split_sentences(text):
            sentence = text[s0:s1]
            for m in pattern.finditer(sentence):
                before, after = sentence[:m.start()], sentence[m.end():]
                if _LONGER_BEFORE.search(before):
                    embedded += 1
                    continue
                owner = ""
                if (o := _POSSESSIVE_BEFORE.search(before)) or (o := _DEMONYM_BEFORE.search(before)) or \
                        (o := _SHARED_OWNER_BEFORE.search(before)):
                    owner = o["owner"]
                longer = _LONGER_AFTER.match(after)  # "State Secretary to Minister of Defence, Andreas Flåm"
                if longer and is_title(longer["title"]) and (field_of := content_words(longer["title"].replace(
                        "Defense", "Defence"))) and field <= field_of:
                    after, shift = after[longer.end("title"):], longer.end("title")
                else:
                    shift = 0
                    if field and not field <= content_words(sentence.replace("Defense", "Defence")):
                        continue  # "the state secretary at Norway's defence ministry": the sentence names no defence
                name = _NAME_AFTER.match(after)
                if name and name["name"].split()[0] not in _NOT_NAMES:
                    a, b = m.end() + shift + name.start("name"), m.end() + shift + name.end("name")
                    rest = after[name.end():]
                    if not owner and (o := _OWNER_AFTER.match(rest)):
                        owner = o["owner"]
                elif (both := _AND_TITLE_NAME.match(after)) and is_title(both["title"]):
                    b = m.end() + shift + both.end("name")
                    a = b - len(both["name"].lstrip())
                elif (nb := _NAME_BEFORE.search(before)) and not re.search(r"\b(?:of|for|to)\s+$", before[:nb.start("name")]):
                    a, b = nb.start("name"), nb.end("name")
                    if not owner and (o := _OWNER_AFTER_PREP.match(after)):
                        owner = o["owner"]
                else:
                    unnamed += 1
                    continue
                # a name ends at a full stop ("Andreas Flåm. Japanese …"), not at an initial's ("J. Smith")
                name_text = re.split(r"(?<=\w\w)\.\s", sentence[a:b])[0]
                name_text = re.sub(r"[’']s$", "", name_text.rstrip(".,’'"))
                name_text = re.sub(r"\s+MP$", "", name_text)  # "Michael Fallon MP": a post-nominal, no name
                if is_title(_RANK.sub("", name_text)):
                    unnamed += 1  # "Djibouti’s President, Acting Minister of Defence": another title, no name
                    continue
                b = a + len(name_text)
                if forms and owner and not _owner_matches(owner, forms):
                    score = -1.0  # another country's minister: kept to rule the name out elsewhere
                elif not forms:
                    score = 2.0
                elif owner:
                    score = 3.0
                else:  # no owner stated by the title: believable only where the passage names the owner
                    score = 1.0 if any(_owner_matches(w, forms) for w in re.findall(r"[A-Z][\w-]+", text)) or (
                        " " in forms[0] and forms[0] in _norm(text)) else 0.0
                if analysis.year:
                    score += 1.0 if analysis.year in text else -0.5
                found.append(_Candidate(name_text, i, s0 + a, s0 + b, s0 + m.start(), s0 + m.end(), score))
    return found, embedded, unnamed


def compose_role(analysis: QuestionAnalysis, passages: list[Passage]) -> Composition | None:
    """The name holding ``analysis.title`` (for ``analysis.owner``), or an abstention when the title
    appears only inside longer ones; None when the passages never state the title (the reader's
    answer stands)."""
    if analysis.ordinal and (ordinal := unstated_ordinal(analysis.ordinal, " ".join(p.text for p in passages))):
        return Composition.refuse(f"no passage mentions the {ordinal} occasion, only another")
    if not analysis.title:
        return compose_title(analysis.owner, passages, analysis.year) if analysis.owner else None
    if analysis.title == HONORIFIC:
        return compose_honorific(analysis.owner, passages)
    if re.fullmatch(r"(?:(?P<side>\S+)\s+)?counterparts?", analysis.title, re.I) and analysis.owner:
        return _counterpart(analysis, passages)
    analysis, source = plain_title(analysis)
    if source:  # "according to the ADM column": only the documents that source words are read
        passages = [p for p in passages if source <= _document_words(p.doc_id, passages)]
        if not passages:
            return None
    return _holder(analysis, passages)


# Where the question says the title is written ("prime minister according to the ADM column", "…
# in the 2015 article"): no part of the title, but the source its holder is to be read in.
_SOURCE = re.compile(r"\s+(?:according to|as (?:reported|written|described) (?:by|in)|(?:(?:mentioned|named|quoted|cited|"
                     r"described|featured|reported)\s+)?(?:in|from|by) (?:the|a|an|this|that)\s+"
                     r"(?=(?:\S+\s+){0,4}?(?:column|article|story|report|piece|release|statement|account)s?\b))\s*"
                     r"(?P<source>.+)$", re.I)
# Words that name a kind of source, not which one.
_SOURCE_NOUNS = content_words("column article story report piece release statement account press news")


def plain_title(analysis: QuestionAnalysis) -> tuple[QuestionAnalysis, set[str]]:
    """The analysis with the title as texts write it, and the words naming the source the question
    keeps to: a source qualifier cut off the title ("prime minister according to the ADM column" ->
    "prime minister", {"adm"}), a country before it set apart as the owner ("uk foreign secretary"
    -> "foreign secretary" of "uk", which a lower-case question leaves in the title)."""
    title, owner, source = analysis.title, analysis.owner, set()
    if m := _SOURCE.search(title):
        title, source = title[:m.start()], content_words(m["source"]) - _SOURCE_NOUNS
    if owner and content_words(owner.split()[-1]) <= _SOURCE_NOUNS:  # "… minister in the ADM piece": no owner
        owner, source = "", content_words(owner) - _SOURCE_NOUNS
    words = title.split()
    if not owner and len(words) >= 2 and country_of(words[0].lower()) and is_title(" ".join(words[1:])):
        owner, title = words[0], " ".join(words[1:])
    return replace(analysis, title=title, owner=owner), source


def _document_words(doc_id: str, passages: list[Passage]) -> set[str]:
    """The content words of the retrieved passages of one document and of its title."""
    return content_words(" ".join(f"{p.title} {p.text}" for p in passages if p.doc_id == doc_id))


def _holder(analysis: QuestionAnalysis, passages: list[Passage], exclude: str = "",
            near: str = "") -> Composition | None:
    """``exclude``: a surname that is no answer; ``near``: a surname whose passages are preferred (a
    counterpart is named where the person is)."""
    found, embedded, unnamed = _candidates(analysis, passages)
    if exclude:
        found = [c for c in found if _norm(c.name).split()[-1] != exclude]
    if near and (close := [c for c in found if re.search(r"\b%s\b" % re.escape(near), _norm(fold(passages[c.passage].text)))]):
        found = close
    if not found:
        if embedded:
            return Composition.refuse(f"the passages name the {analysis.title} only inside a longer title")
        if unnamed:
            return Composition.refuse(f"the passages mention the {analysis.title} but name nobody as holding it")
        if other := _replaced_title(analysis.title, passages):
            return Composition.refuse(f"the passages name a {other}, not a {analysis.title}")
        return None
    groups = _held(found)
    if not groups:
        return Composition.refuse(f"the passages name the {analysis.title} of others, not of {analysis.owner}")
    ranked = sorted(groups.values(), key=lambda g: (-max(c.score for c in g) - 0.25 * (len(g) - 1),
                                                     min(c.passage for c in g)))
    group = ranked[0]
    best = max(group, key=lambda c: (c.score, len(c.name.split()), -c.passage))
    p = passages[best.passage]
    lo = min(best.start, best.title_start)
    hi = max(best.end, best.title_end)
    sentence = next(((a, b) for a, b in split_sentences(p.text) if a <= lo and hi <= b), (lo, hi))
    rival = len(ranked) > 1 and max(c.score for c in ranked[1]) >= best.score
    confidence = {3.0: 0.95, 2.0: 0.8, 1.0: 0.6}.get(min(3.0, round(best.score)), 0.2) - (0.2 if rival else 0.0)
    return Composition(text=best.name, confidence=confidence,
                       citations=[span_citation(p, best.start, best.end, kind="answer"),
                                  span_citation(p, *sentence, kind="support")])


def _replaced_title(title: str, passages: list[Passage]) -> str:
    """A title the passages state that begins as the asked one and then names something else
    ("State Secretary to Minister of Defence" for "State Secretary to the Minister of Foreign
    Affairs"): three words or more in common, then another capitalised word. "" when none."""
    words = [w for w in title.split() if w.lower() not in ("the", "a", "an")]
    for size in range(len(words) - 1, 2, -1):
        prefix, following = " ".join(words[:size]), words[size]
        pattern = re.compile(r"\b%s\s+(?:the\s+)?(?P<next>[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,2})" % re.escape(prefix)
                             .replace(r"\ ", r"\s+(?:the\s+)?"), re.I)
        for p in passages:
            for m in pattern.finditer(p.text):
                if _norm(m["next"].split()[0]) != _norm(following) and m["next"][0].isupper():
                    return p.text[m.start():m.end()]
    return ""


def held_by_others(analysis: QuestionAnalysis, passages: list[Passage], stated: bool = False) -> str:
    """Why "which british prime minister announced it?" is unanswerable when the passages bind the
    title to names of other owners only ("Japanese Prime Minister Abe"); "" otherwise, also when they
    name no holder at all ("the defence attaché in Beijing" may be the answer then). ``stated``:
    only holders whose owner is written count ("… with Jordan's foreign minister" against "Japanese
    Foreign Minister Fumio Kishida" and an unowned "Foreign Minister Penny Wong")."""
    found, _, _ = _candidates(analysis, passages)
    if stated:
        found = [c for c in found if c.score < 0 or c.score >= 3]
    if found and not _held(found):
        return f"the passages name the {analysis.title} of others, not of {analysis.owner}"
    return ""


def _held(found: list[_Candidate]) -> dict[str, list[_Candidate]]:
    """The candidates by person (one written several ways: "Bjørn Arild Gram", "Gram": by surname),
    less a person the passages bind to another owner anywhere, unless bound to this one too."""
    groups: dict[str, list[_Candidate]] = {}
    for c in found:
        groups.setdefault(_norm(c.name).split()[-1], []).append(c)
    return {k: g for k, g in groups.items() if min(c.score for c in g) >= 0 or max(c.score for c in g) >= 3}


def compose_holders(analysis: QuestionAnalysis, passages: list[Passage]) -> Composition | None:
    """Every name holding ``analysis.title`` for ``analysis.owner`` ("which japanese prime
    ministers are mentioned": Shigeru Ishiba and Shinzo Abe), each cited exactly with its sentence;
    None when the passages bind the title to no name of that owner (the reader's answer stands)."""
    found, _, _ = _candidates(analysis, passages)
    if not found:
        return None
    groups = _held(found)
    # Only names the title binds to the owner itself ("Japanese Prime Minister X", "Japan's …"): a
    # list is no place for a guess; with no owner asked, every holder.
    held = [g for g in groups.values() if max(c.score for c in g) >= (3 if analysis.owner else 2)]
    if not held:
        return None
    # each name as fully as the passages write it ("Shinzo Abe", though "Prime Minister Abe" binds the
    # title), with the sentence binding the title and the one naming it so
    held.sort(key=lambda g: min((c.passage, c.start) for c in g))
    full = [max(g, key=lambda c: (len(c.name.split()), c.score, -c.passage)) for g in held]
    bound = [max(g, key=lambda c: (c.score, -c.passage)) for g in held]
    citations = [span_citation(passages[c.passage], c.start, c.end, kind="answer") for c in full]
    sentences: list[tuple[int, tuple[int, int]]] = []
    for c in full + bound:
        p = passages[c.passage]
        sentence = next(((a, b) for a, b in split_sentences(p.text) if a <= c.start and c.end <= b), (c.start, c.end))
        if (c.passage, sentence) not in sentences:
            sentences.append((c.passage, sentence))
    citations += [span_citation(passages[i], *span, kind="support") for i, span in sentences]
    names = [c.name for c in full]
    text = joined(names)
    return Composition(text=text, confidence=0.8, citations=citations)


# --- the title a person holds ---------------------------------------------------------------------
_TITLE_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w-]*|of|to|for|and|the")
_NAME_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'.-]*")
_LINKS = {"of", "to", "for"}
# A form of address between a title and the name ("the Secretary of State for Defense, the Rt Hon
# Michael Fallon", "His Excellency Gen Nakatani"): part of neither.
_HONORIFIC_BEFORE = re.compile(r"(?:\b(?:the|The) )?(?:\b(?:Rt\.?|Right) (?:Hon\.?|Honourable|Honorable)|\b(?:His|Her) "
                               r"(?:Excellency|Majesty|Royal Highness)|\bSir|\bDame|\bThe Honourable|\bHon\.?)$")


@dataclass
class _Title:
    text: str
    owner: str
    passage: int
    start: int
    end: int


def titles_of(person: str, passages: list[Passage]) -> list[_Title]:
    """The titles the passages bind to ``person`` (a name or surname): the capitalised run right
    before the name ("Jordanian Prime Minister and Minister of Defence Jafar Hassan"), its
    owner (a demonym or possessive in front: "Jordanian") set apart, or the one after it
    ("Andreas Flåm, State Secretary to …")."""
    surname = person.split()[-1]
    # the given names before the surname: as many as the question wrote, else up to three
    most_given = len(person.split()) - 1 if len(person.split()) > 1 else 3
    out = []
    for i, p in enumerate(passages):
        text = p.text
        for m in re.finditer(r"\b%s\b" % re.escape(fold(surname)), fold(text), re.I):  # "Guler" is "Güler"
            base = max(0, m.start() - 120)
            words = list(re.finditer(r"\S+", text[base:m.start()]))
            w = [x.group() for x in words]
            k, given = len(w) - 1, 0
            # the given names before the surname (not a word of a title: "… of Defence Bjørn Arild Gram")
            while (k >= 0 and given < most_given and _NAME_TOKEN.fullmatch(w[k]) and not is_title(w[k])
                   and not (k > 0 and w[k - 1] in _LINKS)):
                k, given = k - 1, given + 1
            if k >= 0 and (hon := _HONORIFIC_BEFORE.search(" ".join(w[:k + 1]))):
                k -= len(hon.group().split())  # "the Secretary of State for …, the Rt Hon Philip Hammond"
            end = k
            if k >= 0 and w[k].endswith(","):  # "State Secretary to Minister of Defence, Andreas Flåm"
                w[k] = w[k][:-1]
            while k >= 0 and ((_TITLE_WORD.fullmatch(w[k]) or (k == end and is_title(w[k])))  # "ministry official"
                              and (w[k] != "and" or (k > 0 and is_title(w[k - 1]))
                                   or (k > 0 and w[k - 1][:1].isupper() and not is_title(" ".join(w[k + 1:end + 1]))))):
                # "Prime Minister and Minister of Defence", "Secretary of State for Foreign and Commonwealth
                # Affairs"; not "Philip Hammond and Defence Secretary"
                k -= 1
            run = [(words[j].start(), words[j].start() + len(w[j]), w[j]) for j in range(k + 1, end + 1)]
            while run and run[0][2] in _LINKS | {"and", "the"}:
                run = run[1:]
            owner = ""
            if run and (_DEMONYM.fullmatch(run[0][2].lower()) and not is_title(run[0][2])):
                owner, run = run[0][2], run[1:]
            elif k >= 0 and (o := re.fullmatch(r"([A-Z][\w-]+)[’']s", w[k])):
                owner = o[1]
            if run and is_title(" ".join(r[2] for r in run)):
                a, b = base + run[0][0], base + run[-1][1]
                out.append(_Title(text[a:b], owner, i, a, b))
                continue
            after = re.match(r"(?:\s+[A-ZÀ-ÖØ-Þ][\w’'.-]*)*,\s+(?:the\s+)?(?P<title>(?:[A-Z][\w-]*|of|to|for|and|the)"
                             r"(?:\s+(?:[A-Z][\w-]*|of|to|for|and|the))*)", text[m.end():])
            if after and is_title(after["title"]):
                a = m.end() + after.start("title")
                t = after["title"]
                while t.split()[-1] in ("of", "to", "for", "and", "the"):
                    t = t.rsplit(None, 1)[0]
                out.append(_Title(t, "", i, a, a + len(t)))
    return out


def compose_honorific(person: str, passages: list[Passage]) -> Composition | None:
    """"What honorific did Fallon use for Gen Nakatani?": the form of address the passages write
    right before the name ("His Excellency Gen Nakatani"), cited; None when they write none."""
    names = person.split()
    surname = names[-1]
    for i, p in enumerate(passages):
        for m in re.finditer(r"\b%s\b" % re.escape(fold(surname)), fold(p.text), re.I):
            before = p.text[max(0, m.start() - 80):m.start()]
            given = r"(?:%s\s+)*" % "|".join(re.escape(n) for n in names[:-1]) if names[:-1] else r"(?:[A-Z][\w.-]*\s+){0,2}"
            if h := re.search(r"(?P<h>%s)\s+%s$" % (_HONORIFIC_BEFORE.pattern.rstrip("$"), given), before):
                a = m.start() - len(before) + h.start("h")
                text = re.sub(r"^(?:the|The)\s+", "", h["h"])
                a += len(h["h"]) - len(text)
                sentence = next(((x, y) for x, y in split_sentences(p.text) if x <= a < y), (a, m.end()))
                return Composition(text=text, confidence=0.8,
                                   citations=[span_citation(p, a, a + len(text), kind="answer"),
                                              span_citation(p, *sentence, kind="support")])
    return None


def compose_title(person: str, passages: list[Passage], year: str = "") -> Composition | None:
    """"What position does Jafar Hassan hold?": the title bound to the name, cited; None when the
    passages bind none (the reader's answer stands). ``year``: "What was Nakatani's position in
    2015?" prefers a passage of that year's document."""
    found = titles_of(person, passages)
    if not found:
        return None
    best = max(found, key=lambda t: (bool(year) and year in f"{passages[t.passage].title} {passages[t.passage].text}",
                                     len(t.text), -t.passage))
    p = passages[best.passage]
    sentence = next(((a, b) for a, b in split_sentences(p.text) if a <= best.start and best.end <= b),
                    (best.start, best.end))
    return Composition(text=best.text, confidence=0.8,
                       citations=[span_citation(p, best.start, best.end, kind="answer"),
                                  span_citation(p, *sentence, kind="support")])


def _counterpart(analysis: QuestionAnalysis, passages: list[Passage]) -> Composition | None:
    """"Who was Kihara's Norwegian counterpart?": the person holding Kihara's title for the other
    side (Norway, from "Norwegian"; any other owner when no side is said)."""
    person = analysis.owner
    side = re.fullmatch(r"(?:(?P<side>\S+)\s+)?counterparts?", analysis.title, re.I)["side"] or ""
    found = titles_of(person, passages)
    if not found:
        return None
    title = max(found, key=lambda t: (t.owner != "", -t.passage))
    # the title without its words of rank ("Defence Minister" of "Japanese Defence Minister")
    asked = QuestionAnalysis("role", "person", title=title.text, owner=side, year=analysis.year)
    exclude = _norm(person).split()[-1]
    found = _holder(asked, passages, exclude=exclude)
    if found is not None and not found.refused:
        return found
    # Countries name the same post differently ("Foreign Minister" Kishida, "Foreign Secretary" Hammond):
    # the holder of the post of the same field under the other head word
    field = [w for w in title.text.split() if w.lower() not in _HEAD_WORDS]
    heads = [w for w in title.text.split() if w.lower() in _POST_HEADS]
    if len(field) == 1 and len(heads) == 1:
        for head in _POST_HEADS - {heads[0].lower()}:
            other = replace(asked, title=f"{field[0]} {head.title()}")
            if (alike := _holder(other, passages, exclude=exclude, near=fold(exclude))) is not None and not alike.refused:
                return alike
    return found


# The head words of a post ("Foreign Minister", "Defence Secretary") and the words of a title that say
# no field ("Minister of State for …").
_POST_HEADS = {"minister", "secretary"}
_HEAD_WORDS = _POST_HEADS | {"of", "for", "to", "the", "state", "and"}
