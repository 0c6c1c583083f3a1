"""The word-list rewrite of a follow-up: one standalone question from the previous turn.

It is one of the candidate rewrites ``rag.answering.conversation.rewrites`` builds, and what
``resolve`` returns where no documents are at hand.

Retrieval and the extractive reader see one question at a time, so "and when was it signed?"
after "Which memorandum did Japan and Norway sign?" must become "when was the memorandum Japan
and Norway sign signed?" before it is asked. The rules are deliberately small and general:

* a question is a follow-up when it has a pronoun with nothing to refer to inside it ("it",
  "they", "his", "there"…), starts with "and"/"also"/"what about", or is a bare question word
  ("when?", "and how many?");
* the pronoun is replaced by what the previous turn was about: its short answer when that turn
  asked *which/who* and got a named thing, otherwise the noun phrase the previous question was
  about (its subject, the object of a *who did* question, or "the X …" for a *which X* question);
* "what about Norway?" swaps the previous question's first name for the new one, and a bare
  question word replaces the previous question's.

Anything else is asked as typed. The result is shown to the user, so a wrong guess is visible.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.answering.countries import country_of
from rag.types import Answer

CONNECTORS = ("and", "also", "so", "but", "then", "ok", "okay")
ABOUT = re.compile(r"^(?:and\s+)?(?:what|how)\s+about\s+(?P<rest>.+)$", re.I)
WH = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how"}
WH_DETERMINERS = {"which", "what", "whose"}
HOW_MODIFIERS = {"many", "much", "long", "often", "old", "far", "big", "large", "soon", "fast"}
BE = {"is", "was", "are", "were", "be", "been"}
AUX = BE | {"did", "does", "do", "can", "could", "will", "would", "has", "have", "had", "should", "may",
            "might", "must", "shall"}
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those",
               "some", "any", "each", "every", "no"}
PREPOSITIONS = {"in", "on", "at", "aboard", "with", "for", "from", "under", "through", "to", "by", "into",
                "after", "before", "during", "since", "until", "about", "of", "between", "against",
                "onboard", "near", "over", "without", "within", "across", "alongside", "via", "per"}
NOUN_PREPOSITIONS = {"of", "on", "for", "between", "about"}  # usually inside a noun phrase
IRREGULAR_PARTICIPLES = {
    "held", "made", "built", "done", "given", "taken", "seen", "known", "written", "sold", "bought", "paid",
    "sent", "won", "led", "met", "set", "put", "brought", "thought", "told", "found", "kept", "left", "shown",
    "chosen", "spent", "struck", "hit", "run", "begun", "drawn", "grown", "born", "held", "signed", "said",
    "become", "come", "gone", "got", "gotten", "laid", "lost", "meant", "read", "shot", "sung", "taught", "worn"}
# pronoun -> (kind, possessive); kind "person", "thing" or "any"
PRONOUNS = {"it": ("thing", False), "its": ("thing", True), "they": ("any", False), "them": ("any", False),
            "their": ("any", True), "he": ("person", False), "him": ("person", False), "his": ("person", True),
            "she": ("person", False), "her": ("person", True), "this": ("thing", False),
            "that": ("thing", False), "these": ("any", False), "those": ("any", False)}
ADVERBS = {"already", "also", "still", "just", "now", "ever", "never", "often", "soon", "again", "even"}  # before a verb
SUBJECT_PRONOUNS = {"he", "she", "they", "it", "we", "you", "i"}
PARTICLES = {"up", "out", "off", "down", "back", "away"}  # "end up", "carry out": the word before is a verb
LIGHT_VERBS = {"take", "make", "have", "give", "get", "come", "go", "play"}  # "take place", "make sense"
PAST = {"hold": "held", "make": "made", "win": "won", "meet": "met", "take": "took", "give": "gave",
        "buy": "bought", "sell": "sold", "build": "built", "lead": "led", "send": "sent", "spend": "spent",
        "say": "said", "pay": "paid", "find": "found", "write": "wrote", "begin": "began", "bring": "brought",
        "come": "came", "go": "went", "see": "saw", "get": "got", "keep": "kept", "leave": "left",
        "run": "ran", "tell": "told", "think": "thought", "know": "knew", "choose": "chose", "put": "put",
        "set": "set", "cut": "cut", "have": "had", "do": "did", "be": "was"}
SHORT_FOLLOW_UP_WORDS = 3
# elliptical follow-ups that are whole on their own: a request for examples or for one more detail
ELLIPSES = {"such as", "which ones", "like what", "for example", "for instance", "examples", "name them",
            "which of them", "who are they", "what are they", "the year", "the date", "the place", "the reason",
            "who else", "what else", "where else", "including", "including what", "such as what"}
MAX_ANSWER_WORDS = 8  # a longer short answer is a sentence, not a thing a pronoun names
CONTEXT_PASSAGES = 3  # passages of a turn kept as its context

_TOKEN = re.compile(r"[\w’'][\w’'.\-–]*[\w’']|[\w]|[^\w\s]")
# "Japanese", "Norwegian", "Turkish", "Korean", "American": an adjective of nationality, not a name
DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ese|ian|ish|ean|ican|ic)$")


@dataclass(frozen=True)
class Turn:
    """One earlier exchange: the standalone question that was answered and its short answer
    ('' when there was none or the assistant abstained)."""

    question: str
    answer: str = ""
    support: str = ""  # the sentence cited for the answer: the names it holds are referents too
    # the passages read for it (kept even when it abstained): how the documents write a name
    # ("nakatani" -> "Nakatani") and what a name is ("Nakatani joined …": a person); never referents
    context: str = ""

    @classmethod
    def of(cls, answer: Answer) -> "Turn":
        """The turn an Answer records: its (standalone) question, its short answer, the
        sentence that supports it and the text of the passages it read."""
        short = next((c.text for c in answer.citations if c.kind == "answer"), "")
        support = next((c.text for c in answer.citations if c.kind == "support"), "")
        context = " ".join(" ".join(p.text.split()) for p in answer.passages[:CONTEXT_PASSAGES])
        if answer.abstained:
            return cls(question=answer.question, context=context)
        return cls(question=answer.question, answer=short, support=" ".join(support.split()), context=context)


@dataclass(frozen=True)
class Resolved:
    """What a question became: ``standalone`` is asked; ``rewritten`` says whether it differs."""

    asked: str
    standalone: str

    @property
    def rewritten(self) -> bool:
        return _norm(self.asked) != _norm(self.standalone)


def resolve(question: str, history: Sequence[Turn | Answer]) -> Resolved:
    """``question`` as a standalone question, given the earlier turns (oldest first)."""
    question = " ".join(question.split())
    turns = [h if isinstance(h, Turn) else Turn.of(h) for h in history]
    if not turns or not question:
        return Resolved(question, question)
    return Resolved(question, word_rewrite(question, turns[-1]))


def is_follow_up(question: str) -> bool:
    """Whether a question needs the previous turn to be understood."""
    words = tokens(question)
    if not words:
        return False
    return (words[0].lower() in CONNECTORS or bool(ABOUT.match(stripped(question)))
            or stripped(question).lower() in ELLIPSES
            or pronoun_positions(words) != [] or is_bare_wh(words))


# ---- the rewrite --------------------------------------------------------------------------------


def word_rewrite(question: str, previous: Turn) -> str:
    """The word-list rewrite of ``question`` after ``previous`` (the documents-free fallback)."""
    text = stripped(question)
    about = ABOUT.match(text)
    if about:
        return _swap_topic(previous.question, about.group("rest"))
    words = tokens(text)
    connector = bool(words) and words[0].lower() in CONNECTORS
    if connector:
        words = words[1:]
    if not words:
        return question
    positions = pronoun_positions(words)
    if positions:
        return finish(_replace_pronouns(words, positions, previous))
    if is_bare_wh(words):
        return swap_wh(previous.question, words)
    if connector or len(words) <= SHORT_FOLLOW_UP_WORDS:
        if words[0].lower() not in WH and _has_name(words):
            return _swap_topic(previous.question, " ".join(words))  # "and Norway?"
        if not _has_name(words):
            topic = _referent(previous, "thing")
            return finish(words + ([topic] if topic else []))  # "and who signed?"
        return finish(words)
    return question


def _replace_pronouns(words: list[str], positions: list[int], previous: Turn) -> list[str]:
    out = list(words)
    for i in positions:
        word = words[i]
        if word.lower() == "there":
            place = previous.answer or topic_phrase(previous.question)
            out[i] = place if place.split()[0].lower() in PREPOSITIONS else f"in {place}"
            continue
        kind, possessive = PRONOUNS[word.lower()]
        referent = _referent(previous, kind)
        out[i] = possessive_of(referent) if possessive else referent
    return out


def _referent(previous: Turn, kind: str) -> str:
    """What a pronoun of ``kind`` in the next question most likely names."""
    words = tokens(stripped(previous.question))
    wh = words[0].lower() if words else ""
    answer = previous.answer
    if answer and _is_name(answer):
        if (kind in ("person", "any") and wh in ("who", "whom")) or \
                (kind in ("thing", "any") and wh in WH_DETERMINERS):
            return answer
    return topic_phrase(previous.question) or answer or stripped(previous.question)


def topic_phrase(question: str) -> str:
    """The noun phrase a question is about, as written in it ('' if none is found).

    "When was the memorandum on defence equipment signed?" -> "the memorandum on defence
    equipment"; "Who signed the memorandum?" -> "the memorandum"; "Which missile can the F-35A
    carry?" -> "the missile the F-35A can carry".
    """
    words = tokens(stripped(question))
    if words and words[0].lower() in CONNECTORS:
        words = words[1:]
    contracted = re.fullmatch(r"(who)[’']s", words[0], re.I) if words else None
    if contracted:  # "who's the norwegian defence minister" is "who is …" (the one asked of is a topic)
        words = [contracted.group(1), "is", *words[1:]]
    i = 0
    while i < len(words) and words[i].lower() in PREPOSITIONS:  # "In which city was…"
        i += 1
    fronted = [w.lower() for w in words[:i]]  # "On which ship was X held" -> "the ship X was held on"
    if i >= len(words) or words[i].lower() not in WH:
        return ""
    wh = words[i].lower()
    i += 1
    head: list[str] = []
    if wh in WH_DETERMINERS or wh == "how":
        j = _head_end(words, i)
        if j < len(words) and words[j].lower() in AUX:
            head = [w for w in words[i:j] if w.lower() not in HOW_MODIFIERS]
            i = j
        elif j > i and wh in WH_DETERMINERS:
            return " ".join(words[j + 1:])  # "Which frigate made a port call": the object
    if i < len(words) and words[i].lower() in AUX:
        aux = words[i]
        rest = words[i + 1:]
        if head and wh in WH_DETERMINERS and aux.lower() not in BE | {"have", "has", "had", "do", "does", "did"} \
                and len(rest) > 1 and re.fullmatch(r"[a-z]+", rest[0]) and rest[0] not in DETERMINERS | PREPOSITIONS \
                and rest[0] not in SUBJECT_PRONOUNS and (rest[1].lower() in DETERMINERS or rest[1][:1].isupper()):
            # the question word's phrase is the subject: "Which fighters can carry the JSM internally" ->
            # "the fighters that can carry the JSM internally"
            return " ".join(["the", *head, "that", aux, *rest])
        if head and wh in WH_DETERMINERS:
            # "Which missile can X carry" -> "the missile X can carry"
            subject = _subject(rest, aux.lower())
            passive = aux.lower() in BE and 0 < len(subject) < len(rest)  # "was the meeting … held"
            if aux.lower() in BE | {"have", "has", "had"} and rest and rest[0].lower() in DETERMINERS \
                    and not passive:
                return " ".join(["the", *head, aux, *rest])  # "Which company is a candidate…"
            verb_part = rest[len(subject):]
            if aux.lower() == "did" and verb_part:  # "did Canberra recently decide" -> "recently decided"
                v = next((k for k, w in enumerate(verb_part) if not is_adverb(w)), 0)
                verb_part = [*verb_part[:v], _past(verb_part[v]), *verb_part[v + 1:]]
            clause = subject + ([] if aux.lower() in ("did", "does", "do") else [aux]) + verb_part
            return " ".join(["the", *head, *clause, *fronted])
        subject = _subject(rest, aux.lower())
        if wh in ("how", "what") and len(subject) > 1 and subject[-1].lower() == "worth":  # "how much / what was the
            # contract worth": the contract
            subject = subject[:-1]
        # "who did he meet": a pronoun stands for a topic, it is none
        return "" if [w.lower() for w in subject] in ([p] for p in SUBJECT_PRONOUNS) else " ".join(subject)
    # no auxiliary: the wh-word is the subject ("Who signed the memorandum"), the topic follows the verb;
    # a closing "for <name>" is the side the verb acted for ("Who signed the MOU for Norway" -> "the MOU")
    return re.sub(r"\s+for\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*$", "", " ".join(words[i + 1:]))


def event_clause(question: str) -> str:
    """What a when-question asked the time of, as a clause: "When did Japan ease its military export
    rules?" -> "Japan eased its military export rules", "When was the MOU signed?" -> "the MOU was
    signed" ('' for any other question). "then" may stand for it ("who was prime minister then" ->
    "… when Japan eased its military export rules")."""
    words = tokens(stripped(question))
    if words and words[0].lower() in CONNECTORS:
        words = words[1:]
    if len(words) < 4 or words[0].lower() != "when":
        return ""
    return statement(" ".join(words[1:]))


def statement(question: str) -> str:
    """A yes/no question as the statement it asks about: "is Japan helping Ukraine" -> "Japan is
    helping Ukraine", "did Canberra decide to buy it" -> "Canberra decided to buy it" ('' when it
    does not open with an auxiliary or its subject holds a pronoun)."""
    words = tokens(stripped(question))
    if len(words) < 3 or words[0].lower() not in AUX:
        return ""
    aux, rest = words[0].lower(), words[1:]
    names = next((k for k, w in enumerate(rest) if not (w[:1].isupper() or k and w.lower() in ("of", "and", "&"))),
                 len(rest))
    if names and not re.search(r"[’']s$", rest[names - 1]):  # "is Japan helping Ukraine": a name is the subject
        subject = rest[:names]
    else:
        subject = _subject(rest, aux)
        if len(subject) == len(rest) and aux in BE:  # "are the two countries on the same side of Russia"
            k = next((k for k, w in enumerate(rest) if k and w.lower() in PREPOSITIONS), len(rest))
            subject = rest[:k]
    verb_part = rest[len(subject):]
    if not subject or not verb_part or any(w.lower() in PRONOUNS for w in subject):
        return ""
    v = next((k for k, w in enumerate(verb_part) if not is_adverb(w)), 0)
    verb = verb_part[v]  # "did Norway recently announce" -> "recently announced"
    if aux == "did":
        verb_part = [*verb_part[:v], _past(verb), *verb_part[v + 1:]]
    elif aux == "does":
        verb_part = [*verb_part[:v], _third_person(verb), *verb_part[v + 1:]]
    elif aux == "do":
        pass
    else:
        verb_part = [aux, *verb_part]
    return " ".join([*subject, *verb_part])


def _third_person(verb: str) -> str:
    """"supply" -> "supplies", "push" -> "pushes", "say" -> "says"."""
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + ("es" if verb.endswith(("s", "sh", "ch", "x", "o")) else "s")


def is_adverb(word: str) -> bool:
    """"recently", "already": an adverb before a verb ("supply", "rely", "fly" are verbs)."""
    return word.islower() and (word in ADVERBS or word.endswith("ly") and not word.endswith("ply")
                               and word not in ("rely", "fly"))


def _head_end(words: list[str], i: int) -> int:
    """Where the noun after "which/what/how" ends: at an auxiliary or a verb, within a few words."""
    j = i
    while j < len(words) and words[j].lower() not in AUX and j - i < 8 and not _verb_like(words, j):
        j += 1
    return j


head_end = _head_end  # used by rewrites.py


def _subject(rest: list[str], aux: str) -> list[str]:
    """The subject after an auxiliary: up to the participle of a passive ("was X signed"), the
    main verb of "did/can X verb …", or all of it after a copula ("was X")."""
    if aux in ("do", "does", "did") and rest:
        plain = _plain_subject(rest)
        if plain:
            return plain
    for j in range(1, len(rest)):
        if aux in BE:
            nxt = rest[j + 1] if j + 1 < len(rest) else ""
            progressive = (rest[j].lower().endswith("ing") and rest[j - 1].lower() not in DETERMINERS
                           and (not nxt or nxt.lower() in DETERMINERS or nxt.lower() in PREPOSITIONS))
            if (_participle(rest, j) or progressive) and not nxt[:1].isupper():
                return _trim(rest[:j])
        elif rest[j].lower() in AUX or _verb_like(rest, j):  # "X would ultimately be moved"
            if j >= 2 and rest[j - 1].lower() in LIGHT_VERBS:
                j -= 1  # "does the festival take place"
            return _trim(rest[:j])
    return rest


def _plain_subject(rest: list[str]) -> list[str]:
    """The subject of "did/does X verb …" typed in lower case, where the verb is known by what ends
    the subject before it: a personal pronoun ("did he meet"), a plural noun after a determiner ("did
    the uk and japanese ministers express"), a country's name alone or after "and" ("does japan
    invest", "did the uk and japan launch"; "the uk side" is a noun phrase), "them" ("the two of
    them last speak"); [] when none of these is seen."""
    for j, word in enumerate(rest[:-1]):
        low, nxt = word.lower(), rest[j + 1]
        if not re.fullmatch(r"[a-z][a-z-]*", nxt) or nxt in DETERMINERS or nxt in PREPOSITIONS or nxt in AUX \
                or nxt in ("and", "or", "of", "not") or nxt in PRONOUNS:
            continue  # what follows is no verb
        if j == 0 and low in SUBJECT_PRONOUNS:
            return rest[:1]
        plural = re.fullmatch(r"[a-z]{3,}[^s'’]s", word) and not low.endswith(("ss", "us", "is"))
        if plural and rest[0].lower() in DETERMINERS or low in ("them", "us"):
            return rest[:j + 1]
        country = country_of(low) if word.islower() and (j == 0 or rest[j - 1].lower() == "and") else None
        if country is not None and low in country.names:  # "does japan invest", "did the uk and japan launch"
            return rest[:j + 1]
        if word[:1].isupper() and _names_to(rest, j) and not _PLURAL.fullmatch(nxt):
            return rest[:j + 1]  # "did Nakatani tell reporters", "did Kihara raise concerns": a name acts
        if word[:1].isupper() or not re.fullmatch(r"[a-z][a-z-]*", word):
            return []  # a name or a number: the general rule reads it
    return []


_PLURAL = re.compile(r"[a-z]{3,}[^s'’]s")


def _names_to(rest: list[str], j: int) -> bool:
    """``rest[:j + 1]`` is one name run ("Kihara", "Japan and Norway", "Ministry of Defense"), no
    owner's "'s" at its end ("Norway's decision" goes on)."""
    run = rest[:j + 1]
    return bool(run) and run[0][:1].isupper() and run[-1][:1].isupper() and not re.search(r"[’']s?$", run[-1]) \
        and all(w[:1].isupper() or w.lower() in ("of", "and", "&") for w in run)


def _past(verb: str) -> str:
    """Simple past of a base-form verb, for "which X did Y sign" -> "the X Y signed"."""
    low = verb.lower()
    if low in PAST:
        return PAST[low]
    if low.endswith("e"):
        return verb + "d"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _trim(words: list[str]) -> list[str]:
    """A subject without the adverbs the verb left behind ("Japan eventually")."""
    while len(words) > 1 and words[-1].lower().endswith("ly") and words[-1].islower():
        words = words[:-1]
    return words


def _participle(words: list[str], j: int) -> bool:
    w = words[j].lower()
    if words[j][:1].isupper() or words[j - 1].lower() in DETERMINERS:
        return False
    return w in IRREGULAR_PARTICIPLES or (len(w) > 4 and w.endswith(("ed", "en")) and w.isalpha())


def _verb_like(words: list[str], j: int) -> bool:
    """A lowercase content word that a verb's company follows: an object's determiner, a name,
    an adverb, a preposition, or the end of the question."""
    w = words[j]
    low = w.lower()
    if j == 0 or not w.isalpha() or w[:1].isupper() or low in DETERMINERS or low in PREPOSITIONS \
            or low in AUX or low in WH or low in ("and", "or", "not"):
        return False
    if words[j - 1].lower() in DETERMINERS or words[j - 1].lower() in PREPOSITIONS:
        return False
    if _participle(words, j) and low.endswith("ed"):
        return True
    nxt = words[j + 1] if j + 1 < len(words) else None
    if nxt is None:
        return True
    nl = nxt.lower()
    after = words[j + 2].lower() if j + 2 < len(words) else ""
    if nl == "to" and words[j + 2:j + 3] and words[j + 2][:1].isupper():
        return False  # "trip to Turkey", not "intend to spend"
    adverb = nl.endswith("ly") and after not in AUX  # "carry internally", not "gyros ultimately be"
    particle = nl in PARTICLES and not _PLURAL.fullmatch(low) and (not after or after in DETERMINERS)  # "end up"
    return (nl in DETERMINERS or particle or nl in PRONOUNS or adverb or nxt[:1].isupper()
            or (nl in PREPOSITIONS and nl not in NOUN_PREPOSITIONS) or nxt[:1].isdigit())


def _swap_topic(previous: str, new: str) -> str:
    """The previous question about ``new`` instead: its first name swapped when ``new`` is a
    name, else its topic phrase."""
    new = stripped(new)
    words = tokens(stripped(previous))
    names = _name_runs(words)
    if names and _is_name(new):
        a, b = names[-1]
        swapped = tokens(new)
        if a > 0 and words[a - 1].lower() in DETERMINERS and swapped[0].lower() in DETERMINERS:
            swapped = swapped[1:]
        owner = re.search(r"[’']s$", words[b - 1])
        if owner and not re.search(r"[’']s$", swapped[-1]):
            swapped[-1] += owner.group(0)
        return finish(words[:a] + swapped + words[b:])
    topic = topic_phrase(previous)
    if topic and topic in " ".join(words):
        return finish(tokens(" ".join(words).replace(topic, new, 1)))
    return finish(tokens(new) + ["—", *words])


def swap_wh(previous: str, wh_words: list[str]) -> str:
    """"when?" after "Where was X signed?" -> "when was X signed?"."""
    words = tokens(stripped(previous))
    i = 0
    while i < len(words) and words[i].lower() in PREPOSITIONS:
        i += 1
    if i >= len(words) or words[i].lower() not in WH:  # "why?" after "Did Japan ease …?" -> "Why did Japan …?"
        return finish(wh_words + ([words[0].lower()] if words and words[0].lower() in AUX else words[:1]) + words[1:])
    j = i + 1
    if words[i].lower() in WH_DETERMINERS or words[i].lower() == "how":
        j = _head_end(words, i + 1)
        if j >= len(words) or words[j].lower() not in AUX:
            j = i + 1
        elif [w.lower() for w in wh_words] == ["how", "many"] and words[i].lower() in ("which", "what") \
                and j > i + 1 and re.search(r"s$", words[j - 1]):  # "Which countries are …?" -> "How many countries are …?"
            return finish(wh_words + words[i + 1:])
    if words[i].lower() in ("who", "what") and j < len(words) and words[j].lower() not in AUX \
            and j + 1 < len(words) and _participle(words, j):
        # "Who signed the memorandum" + "when?" -> "When was the memorandum signed"
        return finish(wh_words + ["was", *words[j + 1:], words[j]])
    return finish(wh_words + words[j:])


# ---- words --------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` (words, and punctuation other than ? ! , ; : .)."""
    return [t for t in _TOKEN.findall(text) if t not in ("?", "!", ",", ";", ":", ".")]


def stripped(text: str) -> str:
    """``text`` on one line without its final "?", "!" or "."."""
    return " ".join(text.split()).strip().rstrip("?!.").strip()


def _norm(text: str) -> str:
    return " ".join(tokens(text.lower()))


def finish(words: list[str]) -> str:
    """The words joined as a question: "'s" back on its owner, a capital first, "?" last."""
    text = " ".join(words)
    text = re.sub(r"\s+([’']s)\b", r"\1", text)
    text = text[:1].upper() + text[1:]
    return text + "?"


def possessive_of(phrase: str) -> str:
    """``phrase`` as an owner ("Turkey’s", "Forces’")."""
    if phrase.endswith(("s", "S")) and not phrase.endswith(("ss", "SS")):
        return phrase + "’"
    return phrase + "’s"


def is_bare_wh(words: list[str]) -> bool:
    """"when", "and where", "how many", "in which year": a question word and little else."""
    ws = [w.lower() for w in words]
    if ws and ws[0] in CONNECTORS:
        ws = ws[1:]
    while ws and ws[0] in PREPOSITIONS:
        ws = ws[1:]
    if not ws or ws[0] not in WH or len(ws) > 3:
        return False
    rest = ws[1:]
    if ws[0] == "how":
        return all(w in HOW_MODIFIERS for w in rest)
    return len(rest) <= 1 and all(w not in AUX for w in rest) and (not rest or ws[0] in WH_DETERMINERS)


def pronoun_positions(words: list[str]) -> list[int]:
    """Pronouns with nothing before them in the question to refer to."""
    first = _first_pronoun(words)
    if first is None or any(w[:1].isupper() and not DEMONYM.match(w) for w in words[1:first]):
        return []  # "When did Nakatani visit Jordan and what did he discuss?": "he" is Nakatani
    # ("Which Japanese minister did he meet?": an adjective of nationality names no one)
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        prev = words[i - 1].lower() if i else None
        nxt = words[i + 1].lower() if i + 1 < len(words) else None
        if low in ("this", "that", "these", "those"):
            # a pronoun ("was that signed", "who signed that"), not a determiner ("that meeting")
            if nxt is None or ((prev is None or prev in AUX or prev in WH)
                               and (nxt in AUX or _participle(words, i + 1))):
                out.append(i)
        elif low in PRONOUNS:
            out.append(i)
        elif low == "there" and prev is not None and (nxt is None or prev not in AUX and nxt not in AUX):
            out.append(i)  # "who was there", "deploying there next year", not "is there a…", "there is"
    return out


def _first_pronoun(words: list[str]) -> int | None:
    return next((i for i, w in enumerate(words) if w.lower() in PRONOUNS or w.lower() == "there"), None)


def _has_name(words: list[str]) -> bool:
    return any(w[:1].isupper() or any(c.isdigit() for c in w) for i, w in enumerate(words)
               if i > 0 or w.lower() not in WH | set(CONNECTORS) | DETERMINERS | PREPOSITIONS)


def _name_runs(words: list[str]) -> list[tuple[int, int]]:
    """Spans of capitalised words after the first word ("Japan", "Prime Minister Ishiba")."""
    runs, i = [], 1
    while i < len(words):
        if words[i][:1].isupper():
            j = i
            while j < len(words) and words[j][:1].isupper():
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _is_name(text: str) -> bool:
    """A short phrase naming something: capitalised, no digits (not a date or an amount)."""
    words = tokens(text)
    return (0 < len(words) <= MAX_ANSWER_WORDS and any(w[:1].isupper() for w in words)
            and not any(c.isdigit() for c in text))
