"""The plausible standalone rewrites of a follow-up (at most MAX_REWRITES), most likely first.

A pronoun's slot is typed by the pronoun ("he" a person, "it" a thing, "they/them" things or
people, "there" a place, "then" a time) and filled only with referents of that type
(rag.answering.conversation.referents); several slots are filled together. "What about X?" and
"and X?" swap X for each name of the previous question; a complete question after "and" is also
kept as typed. The word-list rewrite (rules.py) is one candidate among them. Which one is asked is
decided by what the documents answer (Assistant.chat), not here.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence

from rag.answering.composers.inventory import is_company
from rag.answering.countries import country_of, country_spans
from rag.answering.conversation.referents import TITLES, Referent, fits, is_noun_phrase, recase, referents
from rag.answering.conversation.rules import (ABOUT, AUX, BE, CONNECTORS, DEMONYM, HOW_MODIFIERS, IRREGULAR_PARTICIPLES,
                                              PAST, PREPOSITIONS, WH, Turn, finish, is_adverb, is_bare_wh, is_follow_up,
                                              possessive_of, pronoun_positions, statement, stripped, swap_wh, tokens,
                                              head_end, topic_phrase, word_rewrite)

MAX_REWRITES = 4
# pronoun -> (slot type, possessive)
SLOTS = {"he": ("person", False), "him": ("person", False), "his": ("person", True), "she": ("person", False),
         "her": ("person", False), "it": ("thing", False), "its": ("thing", True), "this": ("thing", False),
         "that": ("thing", False), "they": ("plural", False), "them": ("plural", False),
         "their": ("plural", True), "these": ("plural", False), "those": ("plural", False),
         "there": ("place", False), "then": ("time", False)}
IDIOMS = {"put"}  # "how did Kihara put it": "it" stands for nothing to fill
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_TIME = re.compile(rf"^(?:(?:in|on|during|by|since|for|from|until)\s+)?(?:the\s+)?(?:year\s+)?"
                   rf"(?:(?:{_MONTHS}\s+)?(?:\d{{1,2}},?\s+)?(?:{_MONTHS}\s+)?(?:1[5-9]|20)\d\d|{_MONTHS}\s+\d{{1,2}})$",
                   re.I)
_TIME_IN = re.compile(rf"\b(?:in|on|during|since|by)\s+(?:(?:{_MONTHS}\s+)?(?:\d{{1,2}},?\s+)?(?:{_MONTHS}\s+)?"
                      rf"(?:1[5-9]|20)\d\d|{_MONTHS}\s+\d{{1,2}})\b|\b(?:{_MONTHS}\s+)?(?:1[5-9]|20)\d\d\b"
                      r"|\bwhen\s+[^?]+$", re.I)
_EXAMPLES = {"such as", "which ones", "which", "like what", "for example", "for instance", "examples", "name them",
             "which of them", "who are they", "what are they"}
# "including?": the previous what-question asked again for the examples a list names after the marker
_EXAMPLE_MARKERS = ("including", "such as", "like")
_ASKS = {"the year": ["in", "which", "year"], "the date": ["when"], "the place": ["where"], "the reason": ["why"]}
# asking who said what the previous question asked about ("says who?"): "Who says <its statement>?"
_SOURCE_ASKS = {"says who", "who says", "who says so", "who said so", "who said that", "says whom", "according to who",
                "according to whom", "who claims that", "who claims so", "and who says", "and who says so"}
DETERMINERS_ALL = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "some"}
_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"}
_OPEN_WORDS = {"the", "a", "an", "in", "on", "at", "of", "to", "for", "and", "or", "with", "by", "from"}


def rewrites(question: str, previous: Turn, earlier: Sequence[Turn] = ()) -> list[str]:
    """The candidate standalone questions for ``question`` after ``previous`` (``earlier``: the
    turns before it, oldest first, whose referents come after the previous turn's); [] when it is
    not a follow-up (it is asked as typed)."""
    previous = _unconnected_turn(previous)  # "and why does he …?" asked as typed is re-asked without its "and"
    history = [*earlier, previous]
    question = recase(" ".join(question.split()), _sources(history))  # "north korea" -> "North Korea"
    dated = _same_day(question, previous, earlier)  # "who was at yokosuka that same day" after "… on august 23"
    if dated:
        return dated[:MAX_REWRITES]
    timed = _relative_time(question, previous, earlier)  # "what did ishiba tell reporters afterwards"
    if timed:
        return timed[:MAX_REWRITES]
    dislocated = _dislocated(question)
    if dislocated:  # "and the feasibility study, when was it launched" names what "it" is
        return [dislocated]
    if stripped(question).lower() in _SOURCE_ASKS:  # "says who?" after "is Japan helping Ukraine?"
        said = statement(recase(previous.question, _sources(history)))
        return [f"Who says {said}?"] if said else []
    question = _TWO_OF_THEM.sub(_they, question)  # "when did the two of them meet" -> "when did they meet"
    words = tokens(stripped(question))
    if [w.lower() for w in _unconnected(words)] in (["how", "many", "are", "there"], ["how", "many", "were", "there"],
                                                    ["how", "many", "of", "them", "are", "there"]):
        words = words[:len(words) - len(_unconnected(words))] + ["how", "many"]  # "how many are there?"
        question = " ".join(words)
    if not question or not previous.question or not (is_follow_up(question) or _event_asked(words, previous)
                                                     or _slots(_unconnected(words))
                                                     or _sluice(_unconnected(words)) or _else(words)
                                                     or _demonstratives(words, history) != words):
        return []
    connector = bool(words) and words[0].lower() in CONNECTORS
    if connector:
        words = words[1:]
    words = _fronted(words)  # "in Djibouti, who did he meet" -> "who did he meet in Djibouti"
    if not words:
        return []
    out: list[str] = []
    if not _else(words):  # "else … besides Philip Hammond" belongs to the turn that said "else"
        previous = dataclasses.replace(previous, question=_without_else(previous.question))
    about = ABOUT.match(stripped(question))
    named = _demonstratives(words, history)  # "that carrier" -> the carrier named before
    if named != words:
        words = named
        if not _slots(words):
            out.append(finish(words))
    more = _bare_else(words, previous)  # "who else?" after "Who visited Japan with Marles?" -> "Penny Wong"
    if more:
        return [more]
    event = _event_asked(words, previous)  # "when was that?" after "Who did Nakatani meet in Jordan?"
    if event:
        out.append(event)
    slots = _slots(words)
    if _else(words) and not slots:
        out += [finish(words + ["besides", other]) for other in _others(words, previous, earlier)]
    if not slots and not about and (is_bare_wh(words) or _sluice(words)):
        out += _wh_ellipsis(words, previous, earlier)  # "why?", "over how many years", "as part of what"
    fragment = about.group("rest") if about else " ".join(words) if (connector or len(words) <= 2) \
        and not _prep_question(words) else ""
    if fragment and not slots and (about or words[0].lower() not in WH | AUX or stripped(fragment).lower() in _EXAMPLES):
        fragment = _day(fragment, history)  # "and on the 21st?" after "… on August 18" -> "on August 21"
        if _TIME.match(stripped(fragment)) and not _TIME_IN.search(stripped(previous.question)):
            for turn in reversed(earlier[-2:]):  # a new time: the question that was set at a time first
                if _TIME_IN.search(stripped(turn.question)):
                    out += _elliptic(recase(turn.question, _sources(history)), fragment)
        for turn in [previous, *reversed(earlier[-2:])] if _TIME.match(stripped(fragment)) else []:
            where = _when_answered(turn, fragment, _sources(history))  # or the one a time answered
            if where:
                out.append(where)
                break
        ones = _one_swapped(previous.question, fragment)  # "and the norwegian one?" -> "… the Norwegian side …"
        out += ones or _elliptic(previous.question, fragment)  # "and in 2014?", "and japan's?", "such as?"
        prep = stripped(fragment).split()[0].lower() if stripped(fragment) else ""
        if prep in PREPOSITIONS and len(stripped(fragment).split()) > 1 and not _TIME.match(stripped(fragment)) \
                and not _prep_slot(previous.question, prep, fragment):
            for turn in reversed(earlier[-2:]):  # the frame: the latest question with a phrase of that kind
                framed = _prep_slot(recase(turn.question, _sources(history)), prep, fragment)
                if framed:
                    out += framed
                    break
    if about:
        asked = previous  # "what about ukraine?" after "including?" asked as typed: the question before it
        if len(tokens(stripped(previous.question))) <= 2:
            asked = next((t for t in reversed(earlier) if len(tokens(stripped(t.question))) > 2), previous)
        swapped = _swaps(recase(asked.question, _sources(history)), about.group("rest"))
        out += swapped
        for turn in [] if swapped else [previous, *reversed(earlier[-2:])]:  # no slot of its type: "what about
            out += _about_slot(turn.question, about.group("rest"))  # north korea?" -> "… stress about X?"
    elif slots:
        filled = _filled(words, slots, _refs(previous, earlier), [*earlier, previous])
        if _else(words) and filled and previous.answer and is_noun_phrase(previous.answer, spanned=True) \
                and previous.answer.lower() not in filled[0].lower():  # "what else did he say" -> "… besides X"
            filled.insert(1, finish(tokens(stripped(filled[0])) + ["besides", previous.answer]))
        if not any(re.split(r"[’']", w.lower())[0] in WH | AUX for w in words):  # a noun phrase: "and its Foreign
            # Minister?" ("what's his job" is a question)
            filled = [q for np in filled for q in (_swaps(previous.question, stripped(np)) if _is_role(_owned_part(np))
                                                   else [])[:1] or [finish(["What", "is", *tokens(stripped(np))])]]
        parallel = _parallel(words, slots, history)  # "when were they eased" after "… since the rules were eased"
        if parallel:  # its other pronouns filled as usual ("when did they sign it?")
            rest = _slots(parallel)
            parallel = (_filled(parallel, rest, _refs(previous, earlier), history) or [""])[0] if rest \
                else finish(parallel)
        out += [parallel] if parallel else []
        out += [q for q in filled if q != parallel]
        when = _when_told(filled[0], words, slots, previous) if filled else ""
        if when:  # "who went with him" -> "… when he inspected HMS Prince of Wales at Yokosuka?"
            out.insert(len(out) - len(filled) + 1, when)
    elif not connector and not is_bare_wh(words) and not out and not fragment:
        return []  # its pronouns are idioms ("how did Kihara put it"): asked as typed
    elif connector and len(words) >= 3 and not is_bare_wh(words) and (words[0].lower() in WH | AUX
                                                                       or _prep_question(words)):
        out.append(finish(words))  # "and who signed the memorandum?" may need nothing
    if connector and not (out or slots or about) and words[0].lower() not in WH | AUX \
            and (any(w[:1].isupper() for w in words) or _is_role(words)):
        named = words[1:] if len(words) > 1 and words[0].lower() in PREPOSITIONS and words[1][:1].isupper() else words
        out += _swaps(previous.question, " ".join(named))  # "and the UK's Foreign Secretary?", "and from Japan?"
    if not slots and not out:  # ellipsis: the word-list rewrite (with pronouns it ignores their types)
        try:
            out.append(word_rewrite(question, previous))
        except (IndexError, ValueError):  # the rules give up on odd input; the others still stand
            pass
    setting = _setting(previous.question) or _setting(recase(previous.question, _sources(history))) \
        or _country_of(previous)  # "in south korea" as "in South Korea"
    if out and setting and not _setting(question) and not {"there", "where"} & {w.lower() for w in words} \
            and setting.lower() not in out[0].lower():  # "who else did he meet" after "… inspect in Turkey?"
        out.insert(1, _with_setting(out[0], setting))
    out = _owned_roles(out, question, history)  # "who was prime minister then" -> "… Japan’s prime minister …"
    seen, unique = set(), []
    for text in out:
        key = text.lower().rstrip("?")
        if text and key not in seen and key != question.lower().rstrip("?"):
            seen.add(key)
            unique.append(text)
    return unique[:MAX_REWRITES]


# "afterwards", "after that", "before that", "later": a time relative to the event just told of
_RELATIVE_TIME = re.compile(r"\s*(?:,\s*)?\b(?:(?P<after>afterwards?|after\s+(?:that|this|it)|later\s+on|"
                            r"subsequently)|(?P<before>beforehand|before\s+(?:that|this|it)))\b", re.I)
_PERSON_NOMINATIVE = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}


_RELATIVE_DATE = re.compile(r"\b(?:last|this|next|previous|coming)\s+(?:year|month|week|morning|day|time)\b|"
                            r"\b(?:today|yesterday|tomorrow|recently|earlier)\b", re.I)
_TWO_OF_THEM = re.compile(r"\b(?P<before>\w+\s+)?(?:the\s+two|both|all|each)\s+of\s+them\b", re.I)


def _they(m: re.Match) -> str:
    """"the two of them" as the plural pronoun it stands for: "they" as a subject, "them" after a
    verb or preposition (its referent must be plural: the slot is "they"'s)."""
    before = (m.group("before") or "").strip().lower()
    subject = not before or before in AUX or before in WH or before in CONNECTORS
    return f"{m.group('before') or ''}{'they' if subject else 'them'}"


def told(previous: Turn) -> tuple[str, str]:
    """The event the previous turn told of, as (subject, rest of the clause) with the answer in
    place of the question word: "Which British carrier did Ishiba inspect at Yokosuka?" ->
    "HMS Prince of Wales": ("Ishiba", "inspected HMS Prince of Wales at Yokosuka"); "Who went with
    Ishiba?" -> "Nakatani": ("Nakatani", "went with Ishiba"). ("", "") when the question asked no
    event (a copula, a when/where/why-question) or got no answer that is a noun phrase."""
    answer = previous.answer
    if not answer or answer.lower() in ("yes", "no") or not is_noun_phrase(answer, spanned=True) \
            or re.search(r"(?<![\w-])[a-z]+ed(?![\w-])", answer):  # "Nakatani joined …" is a clause
        return "", ""
    q = tokens(stripped(previous.question))
    if q and q[0].lower() in CONNECTORS:
        q = q[1:]
    if len(q) < 3 or q[0].lower() not in ("who", "whom", "what", "which"):
        return "", ""
    aux = next((j for j in range(1, min(len(q), 9)) if q[j].lower() in AUX), None)
    if aux is None:  # "Who went with Ishiba?": the answer is the subject
        if q[0].lower() != "who" or q[1].lower() in AUX or not q[1].islower():
            return "", ""
        return answer, " ".join(q[1:])
    if q[aux].lower() not in ("did", "does", "do") or aux > 1 and q[0].lower() not in ("which", "what"):
        return "", ""
    said = statement(" ".join(q[aux:])).split()
    plain = q[aux + 1:]
    k = next((k for k, (a, b) in enumerate(zip(said, plain)) if a != b), None)
    if not k or len(said) != len(plain):
        return "", ""
    start = k
    while start > 1 and is_adverb(said[start - 1]):  # "Mitsubishi Electric | already supplies"
        start -= 1
    if any(w.lower() in SLOTS for w in said[:start]):
        return "", ""
    subject = " ".join(said[:start])
    if said[-1].lower() in PREPOSITIONS:  # "… hold security policy meetings with?": the answer ends it
        return subject, " ".join([*said[start:], answer])
    return subject, " ".join([*said[start:k + 1], answer, *said[k + 1:]])


def _relative_time(question: str, previous: Turn, earlier: Sequence[Turn]) -> list[str]:
    """"what did ishiba tell reporters afterwards" after "Which British carrier did Ishiba inspect at
    Yokosuka?" -> "HMS Prince of Wales": "… after Ishiba inspected HMS Prince of Wales at Yokosuka?";
    [] when the follow-up holds no such time or the previous turn told of no event."""
    m = _RELATIVE_TIME.search(question)
    if not m:
        return []
    subject, rest = next((t for t in map(told, [previous, *reversed(earlier[-2:])]) if t[0]), ("", ""))
    bare = finish(tokens(stripped(question[:m.start()] + question[m.end():])))
    if not subject:  # no event told ("where would they end up after that" after "Who will they be exported to?"):
        # the time is the conversation's now; its "that" is no thing to fill
        return rewrites(bare, previous, earlier) or [bare]
    word = "after" if m.group("after") else "before"
    return [_with_setting(q, f"{word} {subject} {rest}") for q in rewrites(bare, previous, earlier) or [bare]]


_SAME_DAY = re.compile(r"\s*\b(?:on\s+)?(?:that\s+(?:same\s+|very\s+)?|the\s+same\s+)day\b", re.I)
_DATE = re.compile(rf"\b(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})\b", re.I)


def _same_day(question: str, previous: Turn, earlier: Sequence[Turn]) -> list[str]:
    """"that same day" names the day the conversation last told ("which norwegian official was at
    yokosuka that same day" after "what did japan and south korea agree on august 23" -> "… on
    August 23?"); [] when it holds no such day or no turn told a date (the typed words stand)."""
    m = _SAME_DAY.search(question)
    if not m:
        return []
    for turn in [previous, *reversed(earlier)]:
        date = _DATE.search(turn.answer) or _DATE.search(turn.question)
        if date:
            day = re.sub(_MONTHS, lambda d: d.group(0).capitalize(), date.group(0), flags=re.I)
            dated = f"{question[:m.start()]} on {day}{question[m.end():]}"
            return rewrites(dated, previous, earlier) or [finish(tokens(stripped(dated)))]
    return []


def _when_told(filled: str, words: list[str], slots: list[tuple[int, str, bool]], previous: Turn) -> str:
    """A follow-up about the one who acted in the previous turn's event, set at that event: "who went
    with him" after "Which British carrier did Ishiba inspect at Yokosuka?" -> "Who went with Ishiba
    when he inspected HMS Prince of Wales at Yokosuka?"; '' otherwise."""
    subject, rest = told(previous)
    person = next((words[i].lower() for i, slot, _ in slots if slot == "person"), "")
    if not subject or not person or len(slots) != 1 or _setting(filled) or _TIME_IN.search(stripped(filled)) \
            or not re.search(rf"(?<![\w-]){re.escape(subject)}(?![\w-])", filled):
        return ""
    return _with_setting(filled, f"when {_PERSON_NOMINATIVE[person]} {rest}")


def _unconnected_turn(turn: Turn) -> Turn:
    """The turn with a leading connector of its question dropped ("and why does he want …?" -> "why
    does he want …?"), so that a later ellipsis re-asks the question, not the "and"."""
    words = tokens(stripped(turn.question))
    if len(words) > 2 and words[0].lower() in CONNECTORS and words[1].lower() in WH | AUX:
        return dataclasses.replace(turn, question=finish(words[1:]))
    return turn


def _unconnected(words: list[str]) -> list[str]:
    return words[1:] if words and words[0].lower() in CONNECTORS else words


def _slots(words: list[str]) -> list[tuple[int, str, bool]]:
    """(position, slot type, possessive) of each pronoun to fill, "then" included. "it" and
    "them" are filled even after a name ("how much did Japan pay for them?"); "he" after a name
    is that name ("when did Nakatani visit Jordan and what did he discuss?")."""
    positions = set(pronoun_positions(words))
    positions |= {i for i, w in enumerate(words) if w.lower() == "then" and i > 0}
    # "it", "them" and "him" are filled even after a name ("did Nakatani talk to him": not Nakatani)
    positions |= {i for i, w in enumerate(words) if w.lower() in ("it", "its", "them", "their", "him") and i > 0}
    # "there" is a place even after a name ("what is Norway deploying there next year")
    positions |= {i for i, w in enumerate(words) if w.lower() == "there" and 0 < i and words[i - 1].lower() not in AUX
                  and (i + 1 == len(words) or words[i + 1].lower() not in AUX)}
    if len(words) > 2 and words[-1].lower() in ("that", "this") and words[-2].lower() in PREPOSITIONS:
        positions.add(len(words) - 1)  # "is Japan interested in that"
    out = []
    for i in sorted(positions):
        low = words[i].lower()
        if low not in SLOTS or low == "it" and i > 0 and words[i - 1].lower() in IDIOMS:
            continue
        slot, possessive = SLOTS[low]
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if low == "her" and nxt and nxt not in PREPOSITIONS and nxt not in _OPEN_WORDS:
            possessive = True  # "her visit", not "met her"
        out.append((i, slot, possessive))
    return out


def _filled(words: list[str], slots: list[tuple[int, str, bool]], refs: list[Referent],
            history: Sequence[Turn] = ()) -> list[str]:
    """Every slot filled with referents of its type, the likeliest combinations first."""
    options = []
    typed = " ".join(words).lower()
    # "who makes it?": a referent naming its owner ("MHI’s new-model frigate") holds the answer
    maker = bool(re.search(r"\b(?:who|which company)\b.*\b(?:makes?|made|builds?|built|owns?|owned|produces?|"
                           r"produced|manufactures?|manufactured|develops?|developed|supplies|supplied)\b", typed))
    if maker:
        refs = [r for r in refs if not re.match(r"[A-Z][^’']*[’']s?\s", r.text)]  # an owner first
    refs = _owners_of_pointed(words, refs)  # "When did it win that contract?": "it" is the contract's owner
    for i, slot, _ in slots:  # never the question's own names ("where did he meet Nakatani?")
        fitting = [r for r in refs if fits(r, slot) and r.text.lower() not in typed and not _named_in(r.text, typed)]
        if slot == "thing":  # a country is an "it" too ("does the policy back it" -> Ukraine), after things,
            # a country named as a thing too ("Japan and Norway sign"), never a capital ("who signed it"
            # after "Where did they sign …?" -> "Tokyo")
            places = [r for r in refs if (r.type == "place" or r.type == "thing" and _country(r.text)) and not r.plural
                      and r.text.lower() not in typed and not _capital(r.text)
                      and not re.match(r"(?:in|at|on|onboard|aboard|near|inside)\s", r.text)]
            answered = [r for r in places if r.source == "answer"]  # but the country just answered first
            fitting = answered + [r for r in fitting if r not in places] + [r for r in places if r not in answered]
        if slot == "place" and not fitting:  # "deploying there" after "… consider the Indo-Pacific vital":
            fitting = [r for r in refs if r.type == "thing" and r.source == "question"  # a name asked about
                       and r.text[:1].isupper() and not r.plural and r.text.lower() not in typed][:1]
        if slot == "person" and words[i].lower() in ("she", "her"):  # a ship is "she": "what class is she"
            fitting += [r for r in refs if r.type == "thing" and not r.plural and _ship(r.text) and r not in fitting
                        and r.text.lower() not in typed]
        if slot == "place" and not fitting:  # no place named: the unanswered "where was X on T" is the
            fitting = _placeless(history)        # place X was at on T ("what base did he tour there")
        if slot == "plural":  # "they": a plural referent first, then any thing or person
            agent = _agent(words, i)  # "where did they sign": people; "would they be moved": anything
            fitting = _agreeing(fitting, refs, typed)
            if agent and any(r.plural and r.type == "person" for r in fitting):  # two people met: no thing or
                fitting = [r for r in fitting if r.type == "person"]  # country meets ("where did they meet")
            # a named referent before a common noun phrase ("Japan and South Korea", then "security ties")
            # two people who acted together a turn earlier ("Michael Fallon and Nakatani") before lone names
            if not agent and any(r.plural and r.source != "earlier" for r in fitting):  # "who operates them" after
                # "F-35A … fighters": a plural referent agrees; a company or country answered earlier does not
                fitting = [r for r in fitting if r.plural or r.type == "thing" and not _country(r.text)]
            # a plural agrees before a singular company or country ("where would they end up" after "Which
            # company can export seeker gyro …": the gyros), except that two people acting come before things
            pair = any(r.plural and r.type == "person" for r in fitting)
            fitting = sorted(fitting, key=lambda r: (r.source == "earlier" and not (agent and r.plural and r.type == "person"),
                                                     agent and pair and r.type == "thing", not r.plural,
                                                     agent and r.type == "thing", r.text.islower(),
                                                     r.type == "place"))
        if slot == "time":  # "then" after "… last year": a time told relative to its sentence is no date;
            # the event the question asked the time of comes first ("when the UK and Japan held …")
            fitting = sorted(fitting, key=lambda r: bool(_RELATIVE_DATE.search(r.text)))
        if slot == "plural" and history and not history[-1].answer and not _agent(words, i):
            # after an unanswered "What component did X get permission to export?", "which company buys
            # them" asks about what it asked for: the component, before the names it held
            asked = [r for r in refs if r.source == "topic" and r.type == "thing" and re.match(r"the [a-z]", r.text)
                     and r.text.lower() not in typed]
            fitting = asked[:1] + [r for r in fitting if r not in asked[:1]]
        options.append(fitting[:MAX_REWRITES])
    if all(not o for o in options):
        return []
    # a slot nothing fits keeps its pronoun while the others are filled ("who gave it to them" after
    # an abstained "how much was kongsberg's contract worth": "Who gave kongsberg's contract to them?")
    options = [o or [Referent(f"\0{k}", "keep")] for k, o in enumerate(options)]
    combos = [c for c in itertools.product(*[range(len(o)) for o in options])  # one referent fills one slot
              if len({o[k].text.lower() for o, k in zip(options, c)}) == len(c)]
    combos = sorted(combos, key=sum)[:MAX_REWRITES]
    out = []
    for combo in combos:
        filled = list(words)
        for (i, slot, possessive), choice, opts in zip(slots, combo, options):
            stranded = slot == "place" and i == len(words) - 1 and words[0].lower() in ("who", "whom", "what", "which")
            # "who did he talk to there": "to" belongs to the verb, "there" is "in Jordan"
            if opts[choice].type != "keep":
                filled[i] = _place(opts[choice], slot, possessive, words[i - 1].lower() if i and not stranded else "")
        out.append(finish([w for w in filled if w]))
    return out


_CLAUSE_OPENERS = {"since", "that", "when", "while", "after", "before", "if", "because", "as", "until"}


def _parallel(words: list[str], slots: list[tuple[int, str, bool]], history: Sequence[Turn]) -> list[str]:
    """A pronoun subject of a verb that an earlier question (the latest first) used with a noun phrase
    as its subject stands for that noun phrase: "when were they eased" after "… since the rules were
    eased?" -> "When were the rules eased?" (the same verb in the same form, after at most two
    auxiliaries); the words with the pronoun replaced, [] when no earlier question so uses the verb."""
    low = [w.lower() for w in words]
    for i, slot, possessive in slots:
        if possessive or low[i] not in ("they", "it"):
            continue
        k = i + 1
        while k < len(low) and (low[k] in AUX or is_adverb(words[k])):
            k += 1
        if k >= len(low) or not low[k].isalpha() or low[k] in PREPOSITIONS or low[k] in DETERMINERS_ALL:
            continue
        for turn in reversed(history[-3:]):
            q = tokens(stripped(turn.question))
            ql = [w.lower() for w in q]
            passive = any(w in BE for w in low[max(i - 1, 0):k])  # "were they eased", "was it signed"
            for at in range(2, len(q)):
                if ql[at] != low[k]:
                    continue
                end = at
                while end > 0 and ql[end - 1] in AUX and at - end < 2:
                    end -= 1
                start = end
                while start > 0 and end - start < 5 and ql[start - 1] not in AUX | WH | PREPOSITIONS | _CLAUSE_OPENERS \
                        and ql[start - 1] not in SLOTS and re.fullmatch(r"[\w’'-]+", q[start - 1]):
                    start -= 1
                phrase = q[start:end]
                if not phrase or phrase[0].lower() not in DETERMINERS_ALL and not phrase[0][:1].isupper() \
                        or start <= 1 or ql[start - 1] not in AUX | _CLAUSE_OPENERS \
                        or len(phrase) < 2 and not phrase[0][:1].isupper() or phrase[-1].lower() in ("and", "or"):
                    continue  # the whole subject, after its auxiliary or its conjunction ("of Defence" is none)
                if any(w in BE for w in ql[start - 1:at]) != passive:
                    continue  # the same verb in the same voice ("were the rules eased", "the rules were eased")
                return words[:i] + phrase + words[i + 1:]
    return []


def _agreeing(fitting: list[Referent], refs: list[Referent], typed: str) -> list[Referent]:
    """The referents "they/them/their" can stand for: never one person ("where did they meet" after
    "Which Japanese minister did he meet?" is the two of them, not Nakatani alone) nor a lower-case
    noun phrase headed by a singular noun ("the country Japan and Norway both border"); two people
    of the last turns ("Andreas Flåm and Gen Nakatani") when no turn named them together."""
    if not any(r.type == "person" and r.plural for r in fitting):
        people = [r for r in refs if r.type == "person" and not r.plural and _plain_name(r.text) and not _country(r.text)
                  and r.text.lower() not in typed]
        distinct: list[Referent] = []
        for r in people:
            if not any(r.text in d.text or d.text in r.text for d in distinct):
                distinct.append(r)
        if len(distinct) >= 2 and "answer" in {distinct[0].source, distinct[1].source}:
            fitting = [Referent(f"{distinct[0].text} and {distinct[1].text}", "person", True, "pair"), *fitting]
    return [r for r in fitting if r.plural or not (r.type == "person" or _singular_phrase(r.text))]


def _plain_name(text: str) -> bool:
    """"Andreas Flåm", not a role or a title and a name ("Japan’s Defense Minister Gen Nakatani"), nor
    a company ("Raytheon Co", an answer to "who") or a model ("Patriot Defense Capability-2")."""
    words = text.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() and not re.search(r"[’']s?$", w) for w in words) \
        and not any(w.lower() in TITLES for w in words) and not re.search(r"\d", text) \
        and not (is_company(text) or is_company(words[0]))


def _singular_phrase(text: str) -> bool:
    """A lower-case noun phrase whose head is singular: "the country Japan and Norway both border"."""
    words = tokens(stripped(text))
    if not words or not words[0].islower():
        return False
    words = words[1:] if words[0] in DETERMINERS_ALL else words
    while words and (words[0][:1].isupper() or re.fullmatch(r"[^\W\d_]+[’']s", words[0])):
        # "the Japanese minister", "kongsberg's fourth contract": a modifier or an owner before the head
        words = words[1:]
    run = []
    for w in words:
        if not w.isalpha() or not w.islower() or w in PREPOSITIONS or w in DETERMINERS_ALL:
            break
        run.append(w)
    return bool(run) and not run[-1].endswith("s")


def _country(name: str) -> bool:
    """A country's name ("Japan", "the UK"), not its capital nor its people."""
    country = country_of(re.sub(r"^the\s+", "", name, flags=re.I))
    return country is not None and re.sub(r"^the\s+", "", name.lower()) in country.names


def _capital(name: str) -> bool:
    """A country's capital ("Tokyo"): a city, never what "it" stands for."""
    country = country_of(name)
    return country is not None and name.lower() in country.capitals


def _ship(name: str) -> bool:
    """A ship's name: a prefix of capitals before a name ("HMS Atherstone", "HNoMS Roald Amundsen")."""
    first = name.split()[0] if name.split() else ""
    return len(name.split()) >= 2 and 2 <= len(first) <= 5 and sum(c.isupper() for c in first) >= 2 \
        and first[-1].isupper() and name.split()[1][:1].isupper()


def _placeless(history: Sequence[Turn]) -> list[Referent]:
    """What "there" stands for when no turn named a place: after an unanswered where-question
    the time it asked about ("where was nakatani on august 18" -> "on August 18"), else nothing (the
    word dropped: "what base did he tour" asked without it)."""
    for turn in reversed(list(history)[-3:]):
        q = stripped(recase(turn.question, _sources(history)))
        if not turn.answer and q.lower().startswith("where"):
            when = _TIME_IN.search(q) or re.search(rf"\b(?:on|in)\s+{_MONTHS}\s+\d{{1,2}}\b", q, re.I)
            if when:
                text = re.sub(_MONTHS, lambda m: m.group(0).capitalize(), when.group(0), flags=re.I)
                return [Referent(text if text.split()[0].lower() in PREPOSITIONS else f"in {text}", "place", False,
                                 "event"), Referent("", "place")]
    return [Referent("", "place")]


def _owners_of_pointed(words: list[str], refs: list[Referent]) -> list[Referent]:
    """``refs`` with each referent that is an owner's noun the follow-up points at with "that/this"
    ("Konsberg's fourth follow-on contract with Japan" for "When did it win that contract?") replaced by
    its owner, first ("Konsberg"): the pronoun is not the thing the question names beside it."""
    pointed = {re.sub(r"s$", "", words[k + 1].lower()) for k in range(len(words) - 1)
               if words[k].lower() in ("that", "this", "these", "those") and re.fullmatch(r"[a-z][a-z-]{2,}", words[k + 1])
               and words[k + 1].lower() not in AUX | PREPOSITIONS | _OPEN_WORDS | DETERMINERS_ALL}
    owned = {r.text: m.group(1) for r in refs if pointed & _nouns(r.text)
             for m in [re.match(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)[’']s?\s", r.text)] if m}
    if not owned:
        return refs
    owners = [Referent(owner, "organisation", source="answer") for owner in dict.fromkeys(owned.values())]
    return [*owners, *[r for r in refs if r.text not in owned and r.text not in owned.values()]]


def _nouns(text: str) -> set[str]:
    """The lower-case words of a referent, singular: what a pointed-at noun is compared with."""
    return {re.sub(r"s$", "", w) for w in re.findall(r"[a-z][a-z-]{2,}", text)}


def _named_in(name: str, typed: str) -> bool:
    """A person's name the follow-up already holds a part of ("did he meet Ishiba too?": not
    "Shigeru Ishiba")."""
    parts = name.split()
    return 1 < len(parts) <= 4 and all(p[:1].isupper() for p in parts) and any(
        len(p) > 3 and re.search(rf"(?<![\w-]){re.escape(p.lower())}(?![\w-])", typed) for p in parts)


def _refs(previous: Turn, earlier: Sequence[Turn]) -> list[Referent]:
    """The previous turn's referents, then those of the turns before it, newest first ("then"
    after a "why?" turn: the time two turns back)."""
    out = list(referents(previous))
    seen = {r.text.lower(): k for k, r in enumerate(out)}
    for turn in reversed(earlier[-3:]):
        for r in referents(turn):
            k = seen.get(r.text.lower())
            if k is None:
                seen[r.text.lower()] = len(out)
                out.append(dataclasses.replace(r, source="earlier"))
            elif out[k].type == "thing" and r.type == "person" and not out[k].plural:
                out[k] = dataclasses.replace(out[k], type=r.type)  # "does Hammond say" told who he is
    return out


def _sources(history: Sequence[Turn]) -> str:
    """What the documents wrote in the conversation so far: answers, cited sentences, passages."""
    return " ".join(filter(None, [x for t in history for x in (t.answer, t.support, t.context)]))


def _else(words: list[str]) -> bool:
    """"who else represented the UK": more of what the previous answer was."""
    low = [w.lower() for w in _unconnected(words)]
    return len(low) > 2 and low[0] in ("who", "what", "which") and low[1] == "else" and "besides" not in low


def _event_asked(words: list[str], previous: Turn) -> str:
    """"when/where/why/what year was that?" or "when did that happen?" asks about the event the
    previous turn told of: its question with its answer in place of its question word ("Who did
    Nakatani meet in Jordan?" -> "Jafar Hassan": "When did Nakatani meet Jafar Hassan in Jordan?"),
    or a when/where/why-question with the new question word ("What year did Abe visit the UK?"); after
    a question that asked for its subject, the answer as the subject ("When did … Ahn Gyu-Back hold a
    video call with Nakatani?", _subject_answered); '' when the follow-up is not so built or the
    previous question got no answer."""
    low = [w.lower() for w in _unconnected(words)]
    wh = low[:2] if low[:1] == ["what"] and low[1:2] and low[1] in ("year", "day", "date", "month", "time") \
        else low[:1]  # "what year was that?"
    rest = _event_noun_dropped(low[len(wh):], previous)
    if not (wh and wh[0] in ("when", "where", "why", "what")
            and (len(rest) == 2 and rest[0] in ("was", "is") and rest[1] in ("that", "this", "it")
                 or len(rest) >= 3 and rest[0] == "did" and rest[1] in ("that", "this", "it")
                 and rest[2:] in (["happen"], ["occur"], ["take", "place"]))) or wh == ["what"]:
        return ""
    q = tokens(stripped(previous.question))
    if q and q[0].lower() in ("when", "where", "why") and previous.answer:  # "what year was that?" after
        return swap_wh(previous.question, wh)                                 # "When did Abe visit the UK?"
    answer = previous.answer
    if len(q) < 4 or q[0].lower() not in ("who", "whom", "what") or q[1].lower() not in ("did", "does", "do") \
            or not answer or not is_noun_phrase(answer, spanned=True) or answer.lower() in ("yes", "no"):
        return _subject_answered(previous, wh)  # "when was that?" after "Which ROK minister held a video call …?"
    rest = q[2:]
    subject = next((k for k in range(1, len(rest)) if rest[k][:1].islower() and rest[k] not in ("and", "of", "&")), 0)
    if not subject or subject >= len(rest):
        return ""
    return finish([*wh, q[1].lower(), *rest[:subject], rest[subject], answer, *rest[subject + 1:]])


def _event_noun_dropped(rest: list[str], previous: Turn) -> list[str]:
    """``rest`` of "when did that call happen" without the noun after "that/this" when the previous
    question names it ("… held a video call with Nakatani?"): that noun is the event it asked about."""
    k = 1 if rest[:1] in (["did"], ["was"], ["is"]) else -1
    if k < 0 or len(rest) < k + 2 or rest[k] not in ("that", "this") \
            or rest[k + 1] not in _words_of(previous.question):
        return rest
    return [*rest[:k + 1], *rest[k + 2:]]


def _words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w’'-]+", text)}


def _bare_else(words: list[str], previous: Turn) -> str:
    """"who else?" / "what else?" alone: the previous question asked again for more than its
    answer ("Who else visited Japan with Richard Marles besides Penny Wong?"; "Which other …" after
    a which-question); '' for any other follow-up."""
    low = [w.lower() for w in _unconnected(words)]
    if len(low) != 2 or low[1] != "else" or low[0] not in ("who", "what", "where", "which"):
        return ""
    q = tokens(stripped(_without_else(previous.question)))
    if len(q) < 3 or q[0].lower() not in ("who", "what", "where", "which"):
        return ""
    asked = [q[0], "other", *q[1:]] if q[0].lower() in ("which", "what") and q[1].lower() not in AUX \
        else [q[0], "else", *q[1:]]
    answer = previous.answer
    if answer and is_noun_phrase(answer, spanned=True) and answer.lower() not in ("yes", "no"):
        asked += ["besides", answer]
    return finish(asked)


def _others(words: list[str], previous: Turn, earlier: Sequence[Turn]) -> list[str]:
    """Whom "who else" asks besides: the previous answer when it is a person ("who else represented the
    UK" -> "… besides Philip Hammond"), else the people of the latest turns, the likeliest first ("who
    else came from japan" after "where did they meet" -> "Lancaster House": not "besides Lancaster
    House", but "besides Gen Nakatani"); for "what else" the previous answer."""
    answer = previous.answer
    fine = bool(answer) and is_noun_phrase(answer, spanned=True) and answer.lower() not in ("yes", "no")
    if _unconnected(words)[0].lower() != "who":
        return [answer] if fine else []
    people = [r.text for r in _refs(previous, earlier) if r.type == "person" and not r.plural]
    if fine and (answer in people or not people or any(p in answer for p in people)):
        return [answer]
    return people[:2]


def _without_else(question: str) -> str:
    """"Who else represented the UK besides Philip Hammond?" -> "Who represented the UK?"."""
    text = re.sub(r"^((?:\w+\s+){0,2}?(?:who|what|which|where)\s+)else\s+", r"\1", stripped(question), flags=re.I)
    if text == stripped(question):
        return question
    return finish(tokens(re.sub(r"\s+besides\s+.*$", "", text)))


def _setting(question: str) -> str:
    """The place a question is set in: its last "in/at/aboard X" with X a name and not a time
    ("Which facilities did Nakatani inspect in Turkey?" -> "in Turkey"); '' when none."""
    found = ""
    for m in re.finditer(r"\b(?:in|at|aboard|onboard)\s+((?:the\s+)?[A-Z][\w’'\-]*(?:\s+(?:of\s+)?[A-Z][\w’'\-]*)*)",
                         stripped(question)):
        if not _TIME.match(m.group(0)) and not re.search(r"[’']s?$", m.group(1)) \
                and m.group(1).split()[-1].lower() not in _MONTH_NAMES:
            found = m.group(0)
    # or the event it happened at: "at the first UK–Japan foreign and defence ministerial meeting"
    event = re.search(r"\b(?:at|during)\s+the\s+(?:[\w’'\-–]+\s+){0,7}?(?:meeting|talks|summit|visit|exercise|"
                      r"conference|ceremony|inspection|dialogue|forum|session)s?(?:\s+(?:on|in|at|between)\s+"
                      r"(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)?$", stripped(question))
    return found or (event.group(0) if event else "")


def _country_of(turn: Turn) -> str:
    """"in Turkey" for a question about a "Turkish minister": the country of the nationality its
    question asked about ("Which Turkish minister …"), as the turn's documents name it ('' when
    they name none)."""
    m = re.match(r"(?:which|what)\s+([A-Z][a-z]+(?:ese|ian|ish|ean|ican|ic|i))\b", stripped(turn.question), re.I)
    if not m:
        return ""
    stem = m.group(1)[:4].lower()
    for name in re.findall(r"(?<![\w-])[A-Z][a-z]+(?![\w-])", " ".join([turn.support, turn.context])):
        if name.lower().startswith(stem) and name != m.group(1) and not DEMONYM.match(name):
            return f"in {name}"
    return ""


def _with_setting(question: str, setting: str) -> str:
    """``question`` set in ``setting``: before a closing "besides …", else at its end."""
    text = stripped(question)
    m = re.search(r"\s+besides\s+", text)
    return finish(tokens(f"{text[:m.start()]} {setting}{text[m.start():]}" if m else f"{text} {setting}"))


def _prep_slot(previous: str, prep: str, phrase: str) -> list[str]:
    """"and about the South China Sea?" after "What did they say about Crimea?" -> "What did they say
    about the South China Sea?": the phrase takes the place of a phrase of the previous question with
    the same preposition that is not a time, the qualifiers before it kept ("and on the norwegian
    side?" after "who led the meeting on the JS Kaga on the japanese side" -> "… on the JS Kaga on the
    norwegian side"): the one with the new phrase's head, else the latest of its kind (a name for a
    name, a common noun for a common noun), else the latest; a time after it stays; [] when there is none."""
    text = stripped(previous)
    new = tokens(stripped(phrase))
    found = []
    for m in re.finditer(rf"\b{re.escape(prep)}\s+", text, re.I):
        rest = text[m.end():]
        when = _TIME_IN.search(rest)
        if _TIME.match(text[m.start():]) or when and when.start() == 0:
            continue  # "in 2015" is a time, not a place
        words = tokens(rest)
        if not words or words[0].lower() in WH:
            continue
        end = next((k for k, w in enumerate(words) if k and w.lower() in PREPOSITIONS and w.lower() != "of"
                    or k and w.lower() in AUX), len(words))
        tail = rest[when.start():] if when and not when.group(0).lower().startswith("when") else ""
        found.append((m.start(), words[:end], tail))
    if not found:
        return []

    def named(words: list[str]) -> bool:
        content = [w for w in words if w.lower() not in DETERMINERS_ALL]
        return bool(content) and content[-1][:1].isupper()

    # the new phrase's own noun ends at its first preposition ("the 2015 piece about the UK": "piece")
    new = new[:next((k for k, w in enumerate(new) if k > 1 and w.lower() in PREPOSITIONS | {"of"}), len(new))]
    head = new[-1].lower() if new else ""
    at, _, tail = next((f for f in reversed(found) if f[1] and f[1][-1].lower() == head), None) \
        or next((f for f in reversed(found) if named(f[1]) == named(new[1:])), found[-1])
    return [finish(tokens(f"{text[:at]}{stripped(phrase)} {tail}"))]


def _about_slot(previous: str, new: str) -> list[str]:
    """"what about North Korea?" after "What did the UK and Japan stress about maritime disputes in
    the South China Sea in 2015?" -> "What did the UK and Japan stress about North Korea in 2015?":
    X takes the place of what the question was about (a time after it stays)."""
    text = stripped(previous)
    m = re.search(r"\babout\s+(.+)$", text, re.I)
    if not m or not stripped(new):
        return []
    rest = m.group(1)
    when = _TIME_IN.search(rest)
    tail = rest[when.start():] if when and when.start() > 0 and not when.group(0).lower().startswith("when") else ""
    return [finish(tokens(f"{text[:m.start()]}about {stripped(new)} {tail}"))]


def _dislocated(question: str) -> str:
    """"and the air-to-air missile feasibility study, when was it launched" -> "When was the
    air-to-air missile feasibility study launched?": a noun phrase before a comma is what the
    pronoun of the question after it stands for, also after "what about" ("what about australia's
    ministers, when are they coming to japan"); '' when the question is not so built."""
    m = re.match(r"^(?:(?:and|so|but|now|ok|okay)\s+)?(?:(?:what|how)\s+about\s+)?"
                 r"(?P<np>[^,]{3,80}),\s*(?P<q>(?:what|which|who|when|where|why|"
                 r"how|did|does|do|is|was|are|were|can|will|has|have)\b.+)$", stripped(question), re.I)
    if not m:
        return ""
    np, q = tokens(m.group("np")), tokens(m.group("q"))
    if not np or np[0].lower() in PREPOSITIONS or np[0].lower() in WH or any(w.lower() in AUX for w in np):
        return ""
    at = next((i for i, w in enumerate(q) if i and w.lower() in ("it", "they", "them", "he", "she", "him")), None)
    if at is None or not is_noun_phrase(" ".join(np)):
        return ""
    return finish(q[:at] + np + q[at + 1:])


def _fronted(words: list[str]) -> list[str]:
    """A phrase before the question word moved after the question ("in Djibouti, who did he meet"
    -> "who did he meet in Djibouti"); "In which year did …" stays."""
    low = [w.lower() for w in words]
    if len(words) < 4 or low[0] not in PREPOSITIONS or low[1] in WH:
        return words
    k = next((i for i in range(2, min(len(words), 6)) if low[i] in WH), None)
    if k is None or k + 1 >= len(words) or low[k + 1] not in AUX:
        return words
    return words[k:] + words[:k]


def _prep_question(words: list[str]) -> bool:
    """Whether ``words`` are a whole question opened by a preposition and a question word ("within which
    multilateral initiative has Norway started space cooperation with Japan"): a question of its own
    after "and", not a fragment to fit into the previous one; "in which year?" has no verb and is one."""
    low = [w.lower() for w in words]
    return len(low) >= 4 and low[0] in PREPOSITIONS and low[1] in WH and any(w in AUX for w in low[2:7])


def _sluice(words: list[str]) -> bool:
    """A question phrase with no verb, maybe after a preposition: "over how many years", "as part
    of what", "on what issues", "in which city"."""
    low = [w.lower() for w in words]
    k = next((i for i, w in enumerate(low) if w in WH), None)
    if k is None or k > 3 or len(words) > 6 or any(w in AUX for w in low) \
            or any(not re.fullmatch(r"[a-z-]+", w) for w in low[:k]):
        return False
    rest = low[k + 1:]
    if low[k] == "how":
        return bool(rest) and rest[0] in HOW_MODIFIERS and len(rest) <= 2
    if low[k] in ("which", "what", "whose"):
        return len(rest) <= 2 and not any(re.search(r"(?:ed|ing)$", w) for w in rest)
    return not rest


def _asked_of_yes_no(previous: str, wh: list[str]) -> str:
    """"how many?" after "Will Norway send ships with …?" -> "How many ships will Norway send with
    …?": the first plural noun after the verb is what is counted ('' if there is none)."""
    words = tokens(stripped(previous))
    low = [w.lower() for w in wh]
    if len(words) < 3 or words[0].lower() not in AUX or low not in (["how", "many"], ["which"], ["what"]):
        return ""
    at = next((k for k in range(2, len(words)) if re.fullmatch(r"[a-z-]+(?:ies|[a-rt-z]s)", words[k])
               and words[k - 1].lower() not in PREPOSITIONS), None)
    if at is None:
        return ""
    return finish(wh + [words[at], words[0].lower()] + words[1:at] + words[at + 1:])


def _did_what(previous: Turn, wh: list[str]) -> str:
    """"when?" after "what is Norway doing in response?" answered with an action ("establish a
    defence attaché position in Tokyo") asks when that is done: "When is Norway going to establish
    …?"; '' when the previous question does not ask what someone does or its answer is a noun phrase."""
    words = tokens(stripped(previous.question))
    answer = tokens(previous.answer)
    low = [w.lower() for w in words]
    if len(words) < 4 or low[0] != "what" or low[1] not in AUX or not answer or not answer[0][:1].islower() \
            or answer[0].lower() in _OPEN_WORDS or answer[0].lower() in DETERMINERS_ALL:
        return ""
    at = next((k for k in range(2, len(low)) if low[k] in ("doing", "do")), None)
    if at is None:
        return ""
    if wh[0].lower() == "when":  # "… in Tokyo in 2026": a time in the answer is what "when" asks for
        answer = tokens(re.sub(r"\s+(?:in|on|by|from)\s+(?:(?:January|February|March|April|May|June|July|August|"
                               r"September|October|November|December)\s+)?(?:1[5-9]|20)\d\d\b", "", previous.answer))
    verb = ["going", "to", *answer] if low[at] == "doing" else answer
    return finish([*wh, low[1], *words[2:at], *verb, *words[at + 1:]])


def _why_subject(previous: Turn, wh: list[str]) -> str:
    """"why?" after "who buys the seeker gyros …" -> "Qatar": "Why does Qatar buy the seeker gyros
    …?", the answer in place of the subject question word ('' for another question, or a verb
    not in the present: "Why is it that Gram signed the MOU?")."""
    low = [w.lower() for w in wh]
    if low not in (["why"], ["how"]) or not re.match(r"who\s", stripped(previous.question), re.I):
        return ""
    subject, clause = told(previous)
    if not subject or subject != previous.answer or not clause:
        return ""
    verb, *rest = clause.split()
    if re.fullmatch(r"[a-z]+[^s]s", verb):  # "buys" -> "does … buy", "supplies" -> "supply"
        stem = verb[:-3] + "y" if verb.endswith("ies") else verb[:-2] if re.search(r"(?:sh|ch|x|ss)es$", verb) \
            else verb[:-1]
        return finish([*wh, "does", *subject.split(), stem, *rest])
    return finish([*wh, "is", "it", "that", *subject.split(), verb, *rest])


def _low_wh(words: list[str]) -> str:
    """The question word a bare follow-up opens with ("and when?" -> "when")."""
    low = [w.lower() for w in _unconnected(words)]
    return low[0] if low else ""


def _wh_ellipsis(words: list[str], previous: Turn, earlier: Sequence[Turn]) -> list[str]:
    """A bare question phrase asked of the previous question ("when?" -> "When was X signed?"),
    then of the two before it that asked when/where/why/how or yes/no: "why?" after "who was
    prime minister then" (a question whose subject is its question word) is about the event
    before it."""
    gerund = _gerund_asked(words, previous)  # "after inspecting what" after "who said …" -> "Ishiba"
    if gerund:
        return gerund
    out = [_did_what(previous, words) or _asked_of_yes_no(previous.question, words) or _why_subject(previous, words)
           or swap_wh(previous.question, words)]
    answered = _subject_answered(previous, words) or _object_answered(previous, words)
    if answered and not _why_subject(previous, words):  # "as part of what?" after "which norwegian frigate
        # called at yokosuka" -> "As part of what did HNoMS Roald Amundsen call at …?" (after a passive
        # that keeps the rest: "When was the MOU signed?")
        out.insert(1 if out[0] and re.match(r"\w+\s+was\s", out[0]) and " was " not in f" {previous.question} "
                   else 0, answered)
    stranded = _stranded_answer(previous, out[0]) if out and out[0] else ""
    if stranded:  # "on what date" after "Who did Gram sign the mou with?" -> "… with Minoru Kihara?"
        out.insert(0, stranded)
    if _low_wh(words) in ("why", "how") and re.match(r"(?:who|whom)\s+(?:is|was|are|were)\s", stripped(previous.question),
                                                      re.I):
        out = []  # "why?" after "Who was prime minister when …?" is not "Why was prime minister …?"
    # "who signed the mou for Norway" asked when: the signing, whoever it was for (a closing
    # "for/to + name" may be the previous question's own, not the event's)
    bare = re.sub(r"\s+(?:for|to)\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*(?=\s*\?*$)", "",
                  stripped(previous.question))
    if bare != stripped(previous.question) and _low_wh(words) in ("when", "where") and len(bare.split()) >= 3:
        out.append(swap_wh(bare, words))
    # a phrase ("as part of what", "under what initiative") is asked of the latest event that has a
    # subject to keep; only a bare question word ("why?") may reach back past it
    framed = len(_unconnected(words)) > 1 and bool(answered)
    for turn in [] if framed else reversed(earlier[-2:]):
        first = tokens(stripped(turn.question))[:2]
        low = [w.lower() for w in first]
        if low and (low[0] in ("when", "where", "why") or low[0] in AUX
                    or low[0] == "how" and (len(low) < 2 or low[1] not in HOW_MODIFIERS)):
            out.append(swap_wh(turn.question, words))
    return out


def _subject_answered(previous: Turn, wh: list[str]) -> str:
    """A question phrase asked of a previous question whose question word was its subject ("Who will
    discuss …?", "Which norwegian frigate called at …?"): the previous answer takes the subject's place
    and the new phrase asks ("On what date will Richard Marles and Penny Wong discuss …?"); '' when the
    question word was no subject ("What did Kihara say"), asked who someone is ("Who is Norway's …?"),
    or the answer is no noun phrase."""
    q = tokens(stripped(previous.question))
    low = [w.lower() for w in q]
    answer = previous.answer
    if len(q) < 3 or low[0] not in ("who", "what", "which") or not answer or len(answer.split()) > 8 \
            or [w.lower() for w in wh][:2] in (["how", "many"], ["how", "much"]) or len(wh) == 1 and wh[0].lower() \
            in ("who", "what", "which") \
            or not is_noun_phrase(answer, spanned=True) or answer.lower() in previous.question.lower():
        return ""
    j = 1 if low[0] == "who" or low[1] in AUX else head_end(q, 1)
    if j >= len(q) - 1 and low[j:j + 1] != ["happened"]:
        return ""
    if low[j] in AUX:
        nxt = q[j + 1] if j + 1 < len(q) else ""
        if not nxt or nxt[:1].isupper() or nxt.lower() in DETERMINERS_ALL | WH | {"it", "they", "he", "she", "we"} \
                or not nxt.isalpha() or low[j] in ("did", "does", "do"):
            return ""
        return finish([*wh, low[j], *tokens(answer), *q[j + 1:]])
    verb = _lemma(low[j])
    if not verb or q[j][:1].isupper():
        return ""
    tense = "did" if verb != low[j] and not low[j].endswith("s") else "does"
    return finish([*wh, tense, *tokens(answer), verb, *q[j + 1:]])


def _object_answered(previous: Turn, wh: list[str]) -> str:
    """A phrase opened by a preposition ("to which company?", "with whom") asked of a previous
    which/what-question whose question word was the object of a named subject's verb ("Which component
    can Mitsubishi Heavy Industries export under the approval?" -> "seeker gyro"): the answer takes the
    object's place after the verb ("To which company can Mitsubishi Heavy Industries export seeker gyro
    under the approval?"); '' otherwise (a subject that is no name, or an answer that is no noun phrase)."""
    q = tokens(stripped(previous.question))
    low = [w.lower() for w in q]
    start = next((k for k, w in enumerate(low) if w in ("which", "what")), None)  # "ten years on, which …"
    answer = previous.answer
    if not wh or wh[0].lower() not in PREPOSITIONS or len(wh) < 2 or start is None or not answer \
            or len(answer.split()) > 8 or not is_noun_phrase(answer, spanned=True) \
            or answer.lower() in previous.question.lower():
        return ""
    aux = next((k for k in range(start + 1, min(start + 5, len(low))) if low[k] in AUX), None)
    if aux is None or aux + 2 >= len(q) or not q[aux + 1][:1].isupper():
        return ""
    verb = next((k for k in range(aux + 1, len(q)) if not q[k][:1].isupper()  # "Kihara and Gram sign"
                 and not (low[k] in ("and", "of", "&") and k + 1 < len(q) and q[k + 1][:1].isupper())), len(q))
    nxt = low[verb + 1] if verb + 1 < len(q) else ""
    if verb == len(q) or low[verb] in PREPOSITIONS | DETERMINERS_ALL | AUX or not low[verb].isalpha() \
            or low[-1] in PREPOSITIONS or nxt and nxt not in PREPOSITIONS:  # the object's place is right after
        return ""  # the verb: not "say the UK and Japan work together in"
    return finish([*wh, low[aux], *q[aux + 1:verb], q[verb], *tokens(answer), *q[verb + 1:]])


_PAST_TO_LEMMA = {past: lemma for lemma, past in PAST.items()}


def _lemma(verb: str) -> str:
    """"called" -> "call", "makes" -> "make", "met" -> "meet"; '' for a word of no such form."""
    if verb in _PAST_TO_LEMMA:
        return _PAST_TO_LEMMA[verb]
    if re.fullmatch(r"[a-z]{3,}ied", verb):
        return verb[:-3] + "y"
    if re.fullmatch(r"[a-z]{2,}eed", verb):
        return verb[:-1]
    if re.fullmatch(r"[a-z]{3,}ed", verb):
        stem = verb[:-2]
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            return stem[:-1]  # "planned"
        if stem[-1] in "vcz" or stem[-2:] in ("at", "ut", "ib", "ok", "ur", "as", "us", "is", "os", "bl", "pl", "dl",
                                               "gl", "tl", "ag", "ng") and not stem.endswith(("ong", "ing")):
            return stem + "e"
        return stem
    if re.fullmatch(r"[a-z]{2,}ies", verb):
        return verb[:-3] + "y"
    if re.fullmatch(r"[a-z]{2,}(?:sh|ch|x|ss)es", verb):
        return verb[:-2]
    if re.fullmatch(r"[a-z]{3,}[^su]s", verb):
        return verb[:-1]
    return ""


def _stranded_answer(previous: Turn, swapped: str) -> str:
    """The previous question re-asked with another question word (``swapped``) keeps the preposition
    its own question word was the object of ("Who did Gram sign the MOU with?"): the previous answer
    takes its place after it ("Where did Gram sign the MOU with Minoru Kihara?"); '' otherwise."""
    q = tokens(stripped(previous.question))
    s = tokens(stripped(swapped))
    if len(q) < 3 or q[0].lower() not in ("who", "whom", "what", "which") or q[-1].lower() not in PREPOSITIONS \
            or not s or s[-1].lower() != q[-1].lower() or not previous.answer \
            or not is_noun_phrase(previous.answer, spanned=True) or previous.answer.lower() in swapped.lower():
        return ""
    return finish([*s, *tokens(previous.answer)])


def _gerund_asked(words: list[str], previous: Turn) -> list[str]:
    """"after inspecting what" after "who said Japan-UK defence cooperation is reaching unprecedented
    levels?" -> "Ishiba": what the one who acted did, "What did Ishiba inspect?" (set before the event
    asked about, the reader read the sentence of that event again); [] for any other phrase."""
    low = [w.lower() for w in _unconnected(words)]
    if len(low) < 3 or low[0] not in ("after", "before", "while", "by", "when") or not re.fullmatch(r"[a-z]+ing", low[1]) \
            or low[2] not in ("what", "which", "whom", "who"):
        return []
    verb = low[1][:-3]
    if len(verb) > 3 and verb[-1] == verb[-2] and verb[-1] not in "lsz":
        verb = verb[:-1]  # "planning" -> "plan"
    q = tokens(stripped(previous.question))
    answer = previous.answer
    if len(q) < 3 or q[0].lower() != "who" or q[1].lower() in AUX or not answer \
            or not is_noun_phrase(answer, spanned=True):
        return []
    wh = ["What", *[w for w in low[3:]]] if low[2] in ("what", "which") else ["Whom"]
    return [finish([*wh, "did", answer, verb])]


def _demonstratives(words: list[str], history: Sequence[Turn]) -> list[str]:
    """"that/this/the same + noun" replaced by what an earlier turn named with that noun: the
    answer to "Which British aircraft carrier …?" for "that carrier", or a name ending in the
    noun ("the Transfer of Defense Equipment and Technology agreement" for "that agreement");
    "the two countries" by the two countries named last."""
    out = _two_countries(words, history)
    if out != words:
        return out
    for i in range(len(words) - 1):
        det, noun = words[i].lower(), words[i + 1]
        owner = re.search(r"[’']s$", noun)  # "that carrier's strike group" -> "HMS Prince of Wales’ strike group"
        noun = noun[:owner.start()] if owner else noun
        counted = _counted(noun, history) if det == "the" and not owner else ""
        if counted and (i + 2 == len(words) or not re.fullmatch(r"[a-z][a-z-]+", words[i + 2])):
            return out[:i] + ["the", counted] + out[i + 2:]  # "who confirmed the ships" -> "… the two ships"
        named = _asked_name(noun, history) if det == "the" and not owner and (
            i + 2 == len(words) or _phrase_ends(words[i + 2])) else ""
        if named:  # "where was the exercise held" after "What exercise did … deploy for?" -> its name
            return out[:i] + named.split() + out[i + 2:]
        if det not in ("that", "this", "those", "these", "same") or not re.fullmatch(r"[a-z][a-z-]+", noun) \
                or noun in AUX or noun in PREPOSITIONS or noun in _OPEN_WORDS:
            continue
        held = _held_title(history) if det in ("that", "this") and noun.lower() in _ROLE_NOUNS and i \
            and words[i - 1].lower() in _HOLD_VERBS else ""
        if held:  # "who held that job in january 2015" -> "who was Japanese Defense Minister in january 2015"
            return out[:i - 1] + [_HOLD_VERBS[words[i - 1].lower()], *held.split()] + out[i + 2:]
        start = i - 1 if det == "same" and i and words[i - 1].lower() == "the" else i
        if det == "same" and start == i:
            continue
        found = _named_with(noun, history) or (_dated(noun, history) if det != "same" else "")
        if found:
            return out[:start] + [possessive_of(found) if owner else found] + out[i + 2:]
    return out


_TWO = re.compile(r"^(?:the\s+two|both(?:\s+the)?)\s+(?:countries|nations|governments|states)$", re.I)
_ROLE = re.compile(r"(?<![\w’'-])(?:the\s+)?((?:(?:prime|defen[cs]e|foreign|deputy|vice|chief)\s+)?(?:minister|secretary|"
                   r"president|premier|chancellor|ambassador))(?![\w’'-])", re.I)


def _countries_named(history: Sequence[Turn], most: int) -> list[str]:
    """Up to ``most`` countries the latest questions name (by name or capital, as written there,
    newest question first), in the order the conversation named them: ["Norway", "Japan"]."""
    found: list[tuple[int, int, str]] = []
    seen: set = set()
    turns = list(history)
    for t in range(len(turns) - 1, max(len(turns) - 4, -1), -1):
        q = stripped(recase(turns[t].question, _sources(turns)))
        for start, end, country in country_spans(q, people=False):
            if country in seen:
                continue
            seen.add(country)
            the = "the " if q[:start].lower().endswith("the ") else ""
            name = " ".join(w[:1].upper() + w[1:] for w in q[start:end].split())
            found.append((t, start, the + name))
        if len(found) >= most:
            break
    return [name for _, _, name in sorted(found[:most])]


def _two_countries(words: list[str], history: Sequence[Turn]) -> list[str]:
    """"are the two countries on the same side of Russia" after questions about Norway, then
    Japan -> "are Norway and Japan on the same side of Russia"; ``words`` when none is so said or
    fewer than two countries were named."""
    for i in range(len(words) - 1):
        for n in (2, 3):
            if _TWO.match(" ".join(words[i:i + n])):
                pair = _countries_named(history, 2)
                if len(pair) == 2:
                    return words[:i] + [pair[0], "and", pair[1]] + words[i + n:]
    return words


def _owned_roles(candidates: list[str], question: str, history: Sequence[Turn]) -> list[str]:
    """A role the follow-up names without its owner ("who was prime minister then") is the role of
    the country the conversation is about: after each rewrite, that rewrite with the country's
    role ("Who was Japan’s prime minister when Japan eased its military export rules?"); the
    documents choose. ``candidates`` as they were (none: the question is asked as typed) when the
    role has an owner ("Japan's", "Turkish", "of Japan", a name after it) or no question named a
    country."""
    typed = stripped(question)
    if not candidates or not _unowned_role(typed) or country_spans(typed):
        return candidates
    owners = _countries_named(history, 1) or _role_owner(_unowned_role(typed).group(1), history)
    if not owners:
        return candidates
    out = []
    for text in candidates:
        role = _unowned_role(text)
        out.append(text)
        if role:
            out.append(finish(tokens(f"{text[:role.start()]}{possessive_of(owners[0])} {role.group(1)}{text[role.end():]}")))
    return out


def _role_owner(role: str, history: Sequence[Turn]) -> list[str]:
    """The country whose ``role`` the conversation's cited sentences name ("Japan’s Prime Minister
    Shigeru Ishiba" for "prime minister"), the latest turn first; [] when none does."""
    for turn in reversed(list(history)[-3:]):
        for m in re.finditer(rf"\b([A-Z][\w-]+)[’']s?\s+{re.escape(role)}\b", turn.support, re.I):
            if m.group(1)[:1].isupper() and _country(m.group(1)):
                return [m.group(1)]
    return []


def _unowned_role(text: str) -> re.Match | None:
    """The first role ``text`` names with no owner: not "Australia’s Foreign Minister", "Turkish
    defence minister", "minister of defence", "Defence Minister Kihara", nor a role someone is
    set apart from ("besides the defence minister")."""
    for m in _ROLE.finditer(text):
        before = text[:m.start()].split()
        after = text[m.end():].split()
        if before and (re.search(r"[’']s?$", before[-1]) or before[-1][:1].isupper() and len(before) > 1
                       or before[-1].lower() in ("besides", "except", "than")) \
                or after and (after[0].lower() in ("of", "for", "to") or after[0][:1].isupper()):
            continue
        return m
    return None


_ROLE_NOUNS = {"job", "post", "position", "role", "office"}
# "held that job" asks who was in the post: the verb becomes "was"/"is" before the title
_HOLD_VERBS = {"held": "was", "had": "was", "filled": "was", "occupied": "was", "holds": "is", "has": "is",
               "fills": "is", "occupies": "is"}
_TITLE_JOINS = {"of", "and", "to", "for", "the", "&"}


def _held_title(history: Sequence[Turn]) -> str:
    """The title of the latest title-and-name answer of the last two turns ("Japanese Defense
    Minister Minoru Kihara" -> "Japanese Defense Minister"): "that job" is the post, not the person
    nor a date; '' when neither answered a titled name."""
    for turn in list(history)[-1:-3:-1]:
        words = turn.answer.replace(",", " ").split()
        last = max((k for k, w in enumerate(words) if w.lower().rstrip(".’'s") in TITLES), default=-1)
        name = words[last + 1:]
        if last < 0 or not 1 <= len(name) <= 3 or not all(w[:1].isupper() for w in name) \
                or not all(w[:1].isupper() or w.lower() in _TITLE_JOINS for w in words[:last + 1]):
            continue
        return " ".join(words[:last + 1])
    return ""


def _dated(noun: str, history: Sequence[Turn]) -> str:
    """"that visit" that no earlier turn named, after a turn that answered a time: "the visit on
    September 8" (the event the conversation just dated); '' when the last two turns dated nothing."""
    if not re.fullmatch(r"[a-z-]+", noun) or noun.endswith("s"):
        return ""
    for turn in list(history)[-1:-3:-1]:
        answer = " ".join(turn.answer.split())
        if answer and _TIME.match(answer) or re.fullmatch(rf"(?:{_MONTHS})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTHS})",
                                                          answer):
            day = bool(re.search(r"\b\d{1,2}\b", answer))
            return f"the {noun} {'on' if day else 'in'} {answer}"
    return ""


def _counted(noun: str, history: Sequence[Turn]) -> str:
    """"the ships" after "How many ships will Norway send …?" -> "two": the count an earlier turn
    answered for that plural noun, with the noun ("two ships"; "two naval ships" when the answer
    names it); '' when no earlier turn counted it."""
    if not re.fullmatch(r"[a-z-]+s", noun) or noun.endswith("ss"):
        return ""
    for turn in reversed(list(history)):
        q = [w.lower() for w in tokens(stripped(turn.question))]
        answer = " ".join(turn.answer.split())
        if len(q) < 3 or q[:2] != ["how", "many"] or noun not in q[2:5] or not answer or len(answer.split()) > 4 \
                or not re.match(r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|"
                                r"nearly|about|some|several)\b", answer, re.I):
            continue
        return answer if re.search(rf"\b{re.escape(noun)}$", answer) else f"{answer} {noun}"
    return ""


def _named_with(noun: str, history: Sequence[Turn]) -> str:
    stem = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    pattern = re.compile(rf"\b{re.escape(stem)}s?\b", re.I)
    for turn in reversed(list(history)):
        q = tokens(stripped(turn.question))
        head = q[1:_head_end_simple(q)] if q and q[0].lower() in ("which", "what") else []
        # the noun asked for ends at its verb's object ("Which company won a … missile contract": a company)
        head = head[:next((k for k, w in enumerate(head) if w.lower() in DETERMINERS_ALL), len(head))]
        if turn.answer and any(pattern.fullmatch(w) for w in head) and is_noun_phrase(turn.answer, spanned=True):
            return turn.answer  # "Which British aircraft carrier …?" -> "HMS Prince of Wales"
        said = turn.answer.split()
        if said and pattern.fullmatch(said[-1]) and said[-1].islower() and is_noun_phrase(turn.answer, spanned=True) \
                and said[0].lower() not in DETERMINERS_ALL:  # "those jets" -> "the F-35 stealth fighter jets"
            return f"the {turn.answer}"
        if not turn.answer and any(pattern.fullmatch(w) for w in head):  # unanswered: what it asked about
            topic = topic_phrase(turn.question)  # "which ship did Canberra decide to buy" -> "the ship …"
            if topic.lower().startswith("the ") and is_noun_phrase(topic, longest=12, stranded=True):
                return topic
        for text in (turn.question, turn.support):
            # the noun may be capitalised in the name ("those ministers" -> "Australia's Defence Minister and
            # Foreign Minister", the name as written)
            m = re.search(rf"((?:\b[A-Z][\w’'\-]*\s+(?:(?:of|and|&)\s+)?)+)(?i:{re.escape(stem)}){_plural_ending(noun)}\b",
                          text or "")
            if m and not re.match(r"(?:Which|What|Who|When|Where|How|Did|Does|Is|Was)\b", m.group(1)):
                # "Norway’s decision", not "the Norway’s …"
                owner = re.search(r"[’']s?\s+$", m.group(1)) or re.match(r"[A-Z][\w-]*[’']s?\s", m.group(1))
                said = m.group(0) if m.group(0)[len(m.group(1)):][:1].isupper() else f"{m.group(1)}{noun}"
                return f"{'' if owner else 'the '}{said}"
        apposed = _name_after(stem, noun, turn.support)
        if apposed:  # "that carrier" -> "HMS Prince of Wales" of "… led by the British aircraft carrier HMS Prince of Wales"
            return apposed
    return ""


def _name_after(stem: str, noun: str, text: str) -> str:
    """The name ``text`` gives right after the noun ("the British aircraft carrier HMS Prince of Wales" ->
    "HMS Prince of Wales"), in the noun's number; '' when none follows it."""
    m = re.search(rf"\b(?:the|a|an|its|their|his|her)\s+(?:[\w-]+\s+){{0,3}}?(?i:{re.escape(stem)}){_plural_ending(noun)}"
                  rf"\s+({_PROPER_NAME.pattern})", text or "")  # a noun after its determiner: not "to visit Japan"
    name = m.group(1).rstrip(".") if m else ""
    return name if name and is_noun_phrase(name, spanned=True) else ""


def _plural_ending(noun: str) -> str:
    """The ending a name must have to stand for "that/those <noun>": "s?" after a plural noun ("those
    ministers" -> "Australia's Defence Minister and Foreign Minister"), none after a singular one:
    "that ship" is one ship, never "the Japanese Ships" a later sentence names."""
    return "s?" if noun.endswith("s") and not noun.endswith("ss") else ""


def _phrase_ends(word: str) -> bool:
    """Whether a noun phrase has ended before ``word``: a verb, a preposition or a name follows."""
    low = word.lower()
    return not re.fullmatch(r"[a-z][a-z-]+", word) or low in AUX or low in PREPOSITIONS or low.endswith("ed") \
        or low in IRREGULAR_PARTICIPLES


def _asked_name(noun: str, history: Sequence[Turn]) -> str:
    """The name an earlier "which/what <noun> …?" was answered with, with "the" when it is a
    capitalised name ending in that noun ("the International Mine Countermeasures Exercise" for "the
    exercise"), as it is when it is another name ("HMS Atherstone" for "the ship"), or "the" and the
    phrase an earlier question named with the noun: a definite noun takes the event or thing the
    conversation named with it; '' otherwise."""
    if not re.fullmatch(r"[a-z][a-z-]+", noun) or noun in AUX or noun in PREPOSITIONS or noun in _OPEN_WORDS:
        return ""
    for turn in reversed(list(history)):
        q = tokens(stripped(turn.question))
        head = [w.lower() for w in q[1:_head_end_simple(q)]] if q and q[0].lower() in ("which", "what") else []
        answer = _ACRONYM_AFTER.sub("", " ".join(turn.answer.split()))  # "… Exercise (IMCMEX" -> "… Exercise"
        if noun in head and re.fullmatch(rf"(?:[A-Z][\w’'-]*\s+)+{re.escape(noun)}", answer, re.I) \
                and answer[:1].isupper() and is_noun_phrase(answer, spanned=True):
            return f"the {answer}"
    for turn in reversed(list(history)):  # "the ship" after "Which British ship worked with …?" -> "HMS
        # Atherstone": a name answering "which <noun>" is one, even when it does not end in the noun
        q = tokens(stripped(turn.question))
        head = [w.lower() for w in q[1:_head_end_simple(q)]] if q and q[0].lower() in ("which", "what") else []
        answer = _ACRONYM_AFTER.sub("", " ".join(turn.answer.split()))
        if noun in head[:3] and _PROPER_NAME.fullmatch(answer) and is_noun_phrase(answer, spanned=True):
            return answer
    for turn in reversed(list(history)):  # "the mine countermeasures exercise" an earlier question named
        m = re.search(rf"\bthe\s+((?:[\w’'-]+\s+){{1,4}}{re.escape(noun)})\b", stripped(turn.question), re.I)
        if m and m.group(1).split()[-1].islower() \
                and not {w.lower() for w in m.group(1).split()[:-1]} & (AUX | PREPOSITIONS | _OPEN_WORDS | WH):
            return f"the {m.group(1)}"
    return ""


# a capitalised name, its words joined by at most "of", "and", "the", "de" ("HMS Prince of Wales")
_PROPER_NAME = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|and|the|de|du|la)\s+)?[A-Z][\w’'.-]*)*")
_ACRONYM_AFTER = re.compile(r"\s*\(\s*[A-Z][\w-]*\)?$")  # an answer's closing "(JSM)", cut or whole


def _head_end_simple(words: list[str]) -> int:
    return next((k for k, w in enumerate(words) if k and (w.lower() in AUX or w.lower() in PREPOSITIONS)),
                len(words))


def _day(fragment: str, history: Sequence[Turn]) -> str:
    """"(on) the 21st" with the month of the latest question that names a month and a day ("where
    was nakatani on august 18" -> "on August 21"); the fragment as it is otherwise."""
    m = re.fullmatch(r"(?:(?:and\s+)?on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)", stripped(fragment), re.I)
    if not m:
        return fragment
    for turn in reversed(list(history)):
        month = re.search(rf"\b({_MONTHS})\s+\d{{1,2}}\b", f"{turn.question} {turn.answer}", re.I)
        if month:
            return f"on {month.group(1).capitalize()} {m.group(1)}"
    return fragment


def _elliptic(previous: str, fragment: str) -> list[str]:
    """The previous question re-asked with the fragment of an elliptical follow-up in the slot of
    its type: a time for its time ("and in 2014?"), an owner for its owner ("and japan's?"), a
    request for examples after "how many X" ("such as?" -> "Which X …?"); else the fragment
    appended."""
    frag = stripped(fragment)
    low = frag.lower()
    words = tokens(stripped(previous))
    if not words or not frag:
        return []
    marker = next((m for m in _EXAMPLE_MARKERS if low in (m, f"{m} what")), "")
    if low in _EXAMPLES or marker:
        if len(words) > 2 and words[0].lower() == "how" and words[1].lower() == "many":
            return [finish(["Which", *words[2:]])]
        if marker and words[0].lower() in ("what", "which", "who"):  # "including?" after "What did the ministers
            return [finish([*words[:-1], words[-1] + ",", *marker.split(), "what"])]  # say X must address?"
        return []
    if low in _ASKS:
        return [finish(_ASKS[low] + words[1:])] if words[0].lower() in WH else []
    text = " ".join(words)
    if _TIME.match(frag):
        day = bool(re.search(r"[A-Za-z]+ \d{1,2}\b", frag))  # "August 21", not "2014"
        when = frag if frag.split()[0].lower() in PREPOSITIONS else f"{'on' if day else 'in'} {frag}"
        found = _TIME_IN.search(text)
        if found:
            return [finish(tokens(text[:found.start()] + when + text[found.end():]))]
        return [finish(words + tokens(when))]
    first = frag.split()[0].lower()
    if first in PREPOSITIONS and len(frag.split()) > 1:  # "and about the South China Sea?", "and in Djibouti?"
        swapped = _prep_slot(previous, first, frag)
        if swapped:
            return swapped
        place = " ".join(frag.split()[1:])
        countries = [n for a, b in _name_spans(words) for n in [_owner_or_name(words[a:b])] if _country(n)]
        if first in ("in", "at", "on", "during") and words[0].lower() in WH | AUX \
                and not any(w.lower() in WH for w in frag.split()) \
                and not (_country(place) and countries):  # a country for a country: swapped ("and from Japan?")
            return [finish(words + tokens(frag))]  # no phrase of that kind: the previous question set there
    owner = re.fullmatch(r"(?:the\s+)?([\w-]+(?:\s+[\w-]+)?)[’']s", frag, re.I)
    if owner:
        name = " ".join(w[:1].upper() + w[1:] for w in owner.group(1).split())
        out = [finish(words[:k] + [name + "’s"] + words[k + 1:]) for k, w in enumerate(words)
               if k and re.search(r"[’']s$", w) and w[:1].isupper()]
        return out or [finish(words + ["for", name])]
    return []


_ONE = re.compile(r"(?:the\s+)?([a-z][\w-]*)\s+ones?", re.I)


def _one_swapped(previous: str, fragment: str) -> list[str]:
    """"and the norwegian one?" after "who led the japanese side at the meeting": the previous question
    with the nationality that stands before its noun replaced by the new one ("who led the Norwegian
    side at the meeting"; "and the japanese ones?" after "Which UK ministers took part …?" -> "Which
    Japanese ministers …"): "one" stands for that noun; [] when the fragment is no "<nationality> one"
    or the previous question names no nationality or country before a noun."""
    m = _ONE.fullmatch(stripped(fragment))
    if not m or not country_spans(m.group(1)):
        return []
    new = m.group(1)[:1].upper() + m.group(1)[1:]
    for start, end, _ in country_spans(previous):
        after = previous[end:]
        if re.match(r"\s+[a-z]", after) and not re.search(r"[\w-]$", previous[:start]) \
                and previous[start:end].lower() != new.lower():
            return [finish(tokens(stripped(f"{previous[:start]}{new}{after}")))]
    return []


def _when_answered(turn: Turn, fragment: str, sources: str) -> str:
    """"and on august 21?" after "when did nakatani go to djibouti" -> "August 18": the new time takes the
    answer's place, and the place the question was about is what is asked ("Where did nakatani go on
    August 21?"); '' when the turn did not ask when, was not answered with a time, or named no place."""
    q = tokens(stripped(recase(turn.question, sources)))
    if len(q) < 4 or q[0].lower() != "when" or not turn.answer or not _TIME_IN.search(f"on {turn.answer}") \
            and not re.search(r"\d", turn.answer):
        return ""
    # the place: "to/in/at <Name>", or a country the verb takes directly ("visit Jordan")
    at = next((k for k in range(3, len(q) - 1) if q[k].lower() in ("to", "in", "at")
               and (q[k + 1][:1].isupper() or _country(q[k + 1]))), None)
    if at is None:
        at = next((k + 1 for k in range(2, len(q) - 1) if q[k].islower() and _country(q[k + 1])), None)
    if at is None:
        return ""
    end = at + 1 if q[at].lower() not in ("to", "in", "at") else at + 2
    while end < len(q) and q[end][:1].isupper():
        end += 1
    frag = stripped(fragment)
    day = bool(re.search(r"[A-Za-z]+ \d{1,2}\b", frag))
    when = f"{frag.split()[0].lower()} {' '.join(frag.split()[1:])}" if frag.split()[0].lower() in PREPOSITIONS \
        else f"{'on' if day else 'in'} {frag}"
    return finish(["Where", *q[1:at], *q[end:], *tokens(when)])


def _agent(words: list[str], i: int) -> bool:
    """Whether the pronoun at ``i`` is the subject of an active verb ("did they sign"), whose
    referent acts: people or organisations rather than things."""
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    return words[i].lower() == "they" and bool(nxt) and nxt not in ("be", "been", "being", "get", "got") \
        and nxt not in PREPOSITIONS \
        and not nxt.endswith("ed") and nxt not in IRREGULAR_PARTICIPLES


def _place(ref: Referent, slot: str, possessive: bool, before: str) -> str:
    """The words a referent takes in the slot: "Kihara’s", "in Tokyo", "on August 21"."""
    if slot == "place" and not ref.text:
        return ""
    if slot == "place" and before not in PREPOSITIONS:
        return ref.text if re.match(r"(?:in|at|on|onboard|aboard|near|inside)\s", ref.text) else f"in {ref.text}"
    if slot == "time":
        if ref.text.startswith("when "):  # "then" -> "when Japan eased its military export rules"
            return ref.text.removeprefix("when ") if before in ("until", "till", "since", "before", "after") \
                else ref.text
        if before in ("until", "till", "since", "by", "before", "after"):  # "until then" -> "until 2026"
            return ref.text
        day = bool(re.search(r"\b\d{1,2}\b", ref.text))  # "August 21", not "January 2015"
        return f"{'on' if day else 'in'} {ref.text}"
    return possessive_of(ref.text) if possessive else ref.text


def _swaps(previous: str, new: str) -> list[str]:
    """The previous question about ``new``: each of its names in turn replaced by ``new`` (a
    possessive kept: "Turkey's Defence Minister" -> "Australia's Defence Minister")."""
    new = stripped(new)
    words = tokens(stripped(previous))
    common = _common_role_swap(words, tokens(new))
    if common:  # "and the foreign secretary?" after "who was the UK defence secretary at …"
        return [common]
    if _is_role(tokens(new)):  # "Jordan's Prime Minister" takes the place of "Djibouti's President"
        roles = [(a, b) for a, b in _name_spans(words) if _is_role(words[a:b])]
        same = [(a, b) for a, b in roles if _owned(words[a:b]) == _owned(tokens(new))]
        owned = [(a, b) for a, b in roles if _owned(words[a:b])]
        if owned and not same and re.match(r"the\s", new, re.I) and not re.search(r"[’']s?\s", new):
            # "the Foreign Minister" keeps the owner:
            a, b = owned[0]  # "Australia's Foreign Minister"
            return [finish(words[:a + 1] + tokens(new)[1:] + words[b:])]
        if roles:
            return [finish(words[:a] + [new] + words[b:]) for a, b in same + [r for r in roles if r not in same]]
    out = []
    new_words = tokens(new)
    core = new_words[1:] if len(new_words) > 1 and new_words[0].lower() == "the" else new_words  # "the UK"
    lower = [w.lower() for w in core]
    at = next((i for i in range(1, len(words)) if [w.lower() for w in words[i:i + len(core)]] == lower), -1)
    # named inside a longer name ("the first UK Japan … meeting"): a modifier, not a party that trades places
    inside = any(a <= at < b and b - a > len(core) for a, b in _name_spans(words))
    spans = _name_spans(words)
    if _country(new):  # a country takes a country's place ("for Japan"), not another name's ("Defence Ministerial")
        spans = [(a, b) for a, b in spans if _country(_owner_or_name(words[a:b]))] or spans
    for a, b in spans:
        owner = next((k for k in range(a, b) if re.search(r"[’']s$", words[k])), None)
        b = owner + 1 if owner is not None else b  # "Turkey's Defence Minister" swaps "Turkey's"
        if at >= 0 and a <= at < b:
            continue
        old = words[a:b]
        if "and" in (w.lower() for w in old) and " and " not in f" {new.lower()} ":
            continue  # "the UK and Japan" (two speakers) is no slot for one name
        mark = re.search(r"[’']s$", old[-1])
        swapped = new + (mark.group(0) if mark and not re.search(r"[’']s$", new) else "")
        if at >= 0 and not inside:  # "what about Kihara?" after "What did Gram say … when he met Kihara": the two trade
            back = " ".join(old)[:-len(mark.group(0))] if mark else " ".join(old)  # places (the first name)
            pieces = [(a, b, swapped), (at, at + len(core), back)]
            filled = list(words)
            for x, y, text in sorted(pieces, reverse=True):
                filled[x:y] = [text]
            return [finish(filled)]
        else:
            nxt = words[b].lower() if b < len(words) else ""
            the = a > 1 and words[a - 1].lower() == "the" and not new.lower().startswith("the ") and not mark \
                and (not nxt or nxt in PREPOSITIONS or nxt in AUX or nxt in ("besides", "and"))
            out.append(finish(words[:a - 1 if the else a] + [swapped] + words[b:]))  # "the UK" -> "Japan"
    return out


def _owner_or_name(span: list[str]) -> str:
    """The owner of an owned name ("Turkey" of "Turkey's Defence Minister"), else the whole name."""
    owner = next((w for w in span if re.search(r"[’']s?$", w) and re.search(r"[’']", w)), "")
    return re.sub(r"[’']s?$", "", " ".join(span[:span.index(owner) + 1])) if owner else " ".join(span)


def _common_role_swap(words: list[str], new: list[str]) -> str:
    """A role written in lower case in both ("the foreign secretary" for "the UK defence
    secretary"): the new role's words in place of the old one's, its country kept ("Who was the UK
    foreign secretary at …?"); '' when either is no such role."""
    if not new or any(w[:1].isupper() for w in new) or not _is_role(new):
        return ""
    new = new[1:] if new[0].lower() in ("the", "a", "an") else new
    at = next((k for k, w in enumerate(words) if k and w.lower() in TITLES and w.islower()), None)
    if at is None or not new or [w.lower() for w in new] == [w.lower() for w in words[at - len(new) + 1:at + 1]]:
        return ""
    start = at
    while start > 1 and words[start - 1].islower() and words[start - 1].lower() not in DETERMINERS_ALL | WH | AUX \
            and words[start - 1].lower() not in PREPOSITIONS:
        start -= 1  # "defence" of "the UK defence secretary"; "UK" (the country) stays
    return finish(words[:start] + new + words[at + 1:])


def _name_spans(words: list[str]) -> list[tuple[int, int]]:
    """Runs of capitalised words after the first word, "of"/"to"/"and" inside one kept
    ("State Secretary to Minister of Defence", "Djibouti's President")."""
    spans, i = [], 1
    while i < len(words):
        if not words[i][:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < len(words) and (words[j][:1].isupper() or words[j].lower() in ("of", "to", "and")
                                  and j + 1 < len(words) and words[j + 1][:1].isupper()):
            j += 1
        spans.append((i, j))
        i = j
    return spans


def _owned_part(phrase: str) -> list[str]:
    """The words after a phrase's last owner ("Captain Yoshida’s full name" -> "full name")."""
    words = tokens(stripped(phrase))
    last = max((k for k, w in enumerate(words) if re.search(r"[’']s?$", w) and w[:1].isupper()), default=-1)
    return words[last + 1:]


def _is_role(words: list[str]) -> bool:
    """A title names the role ("Prime Minister", "Djibouti's President")."""
    return any(re.sub(r"[’']s$", "", w).lower().rstrip(".") in TITLES for w in words)


def _owned(words: list[str]) -> bool:
    """"Jordan's Prime Minister": an owner before the role."""
    return len(words) > 1 and bool(re.search(r"[’']s$", words[0]))
