"""A follow-up typed as a full question that still lacks what it is about takes the conversation's topic.

"who approved the export", "which japanese ships took part", "who attended for japan", "how did
the uk side respond" hold no pronoun, yet each leaves out a complement the previous turn supplies:
a verb that needs its event ("take part in", "attend", "respond to": the small gazetteer
COMPLEMENT_VERBS) with nothing after it but a "for/from/as …" phrase, or a definite noun the previous
turn spoke of ("the export" after "… Mitsubishi Heavy Industries exports …") with no "of …". The
topic is what the previous question and its answer are about: the short answer when it is a noun
phrase, the phrase the question asked about (rules.topic_phrase), the noun phrases it names. Each
filled question is one candidate beside the question as typed; the documents choose (choose.py).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from rag.answering.conversation.referents import is_noun_phrase, noun_phrases, recase, singular_phrases
from rag.answering.conversation.rules import AUX, DETERMINERS, PREPOSITIONS, Turn, finish, stripped, tokens, topic_phrase
from rag.types import Answer, Passage

MAX_TOPIC_REWRITES = 3
# verb lemma -> the preposition its missing complement takes ("" for a direct object); forms are derived
COMPLEMENT_VERBS = {"respond": "to", "react": "to", "reply": "to", "participate": "in", "attend": "", "join": "",
                    "take part": "in", "took part": "in", "taking part": "in", "takes part": "in"}
# what may follow a verb whose complement is missing: "who attended for japan", "… as observers"
_AFTER_VERB = {"for", "from", "as", "on", "with", "alongside"}
_WH = {"what", "which", "who", "whom", "when", "where", "why", "how"}
_SET_APART = {"besides", "except", "apart"}  # "the inspection besides Ishiba": the noun phrase has ended
_ANSWER_WORDS = 8  # a longer short answer is a sentence, no topic
_ACRONYM_AFTER = re.compile(r"\s*\(\s*[A-Z][\w-]*\)?$")  # "… Exercise (IMCMEX" -> "… Exercise"
_TIME_OR_NUMBER = re.compile(r"^(?:in\s+|on\s+)?[\d$]|^(?:January|February|March|April|May|June|July|August|"
                             r"September|October|November|December)\b", re.I)


def topic_rewrites(question: str, previous: Turn, earlier: Sequence[Turn] = ()) -> list[str]:
    """``question`` with the conversation's topic put where it lacks its complement, up to
    MAX_TOPIC_REWRITES, likeliest first; [] when nothing is missing or no topic is found."""
    sources = " ".join(t.question + " " + t.answer + " " + t.context for t in [*earlier, previous])
    words = tokens(stripped(recase(" ".join(question.split()), sources)))
    if len(words) < 3 or words[0].lower() not in {"who", "whom", "what", "which", "how", "when", "where", "why"} | AUX:
        return []
    slot = _verb_slot(words) or _noun_slot(words, previous)
    if not slot:
        return _fuller(words, [*earlier, previous])
    at, prep, noun = slot
    out = []
    for topic in topics([*earlier, previous], things=bool(noun)):
        if noun and noun in topic.lower().split() or topic.lower() in " ".join(words).lower():
            continue
        out.append(finish([*words[:at], *([prep] if prep else []), *topic.split(), *words[at:]]))
    return out[:MAX_TOPIC_REWRITES]


def topics(history: Sequence[Turn], things: bool = False) -> list[str]:
    """What the last two turns are about, newest first: a short answer to "what/which …" that is a
    noun phrase (no time, number or sentence; "where did the meeting take place" -> "Lancaster House"
    is where it was, not what), the phrase the question asked about, the noun phrases it names.
    ``things``: the lower-case noun phrases first ("the export" is of "seeker gyros", not of a company)."""
    found: list[str] = []
    for turn in list(history)[-1:-3:-1]:
        named, common = [], []
        answer = _ACRONYM_AFTER.sub("", " ".join(turn.answer.split()))
        wh = next((w.lower() for w in tokens(stripped(turn.question)) if w.lower() in _WH), "")
        if answer and wh in ("what", "which") and len(answer.split()) <= _ANSWER_WORDS \
                and not _TIME_OR_NUMBER.match(answer) and is_noun_phrase(answer, spanned=True):
            (common if answer[:1].islower() else named).append(answer)
        asked = topic_phrase(turn.question)
        if asked and is_noun_phrase(asked, longest=12, stranded=True):
            named.append(asked)
        common += noun_phrases(turn.question, turn.support)
        common += singular_phrases(turn.question)
        found += common + named if things else named + common
    seen, out = set(), []
    for text in found:
        if text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def _verb_slot(words: list[str]) -> tuple[int, str, str] | None:
    """(where the complement goes, its preposition, '') for a COMPLEMENT_VERBS verb with nothing
    after it but a phrase of _AFTER_VERB ("who attended for japan"); None otherwise."""
    low = [w.lower() for w in words]
    for i in range(1, len(low)):
        for lemma, prep in COMPLEMENT_VERBS.items():
            parts = lemma.split()
            if len(parts) == 2:
                if low[i - 1:i + 1] != parts:
                    continue
            elif not _form_of(low[i], lemma):
                continue
            end = i + 1
            if end == len(low) or low[end] in _AFTER_VERB:
                return end, prep, ""
    return None


def _form_of(word: str, lemma: str) -> bool:
    """Whether ``word`` is ``lemma`` or its -s, -ed, -ing form ("attended", "responds", "joining")."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    return word == lemma or re.fullmatch(rf"{re.escape(stem)}(?:e?s|e?d|ing)", word) is not None


def _stems(noun: str) -> set[str]:
    """The noun and the verb it may be made from: "exports" -> export, "inspection" -> inspect,
    "approval" -> approv ("approved"), "deployment" -> deploy."""
    out = {noun, noun[:-1] if noun.endswith("s") else noun}
    for suffix in ("ion", "ions", "ment", "ments", "al"):
        if noun.endswith(suffix) and len(noun) - len(suffix) >= 4:
            out.add(noun[:-len(suffix)])
    return out


def _noun_slot(words: list[str], previous: Turn) -> tuple[int, str, str] | None:
    """(after the noun, "of", the noun) for "the <noun>" at the question's end or before a verb or a
    preposition other than "of", when the previous turn spoke of it ("the export" after "…
    exports …"): the noun refers back and takes what the turn was about; None otherwise."""
    said = {w.lower() for w in tokens(f"{previous.question} {previous.answer} {previous.support}")}
    for i in range(len(words) - 1):
        if words[i].lower() != "the" or not re.fullmatch(r"[a-z][a-z-]{2,}", words[i + 1]):
            continue
        noun, end = words[i + 1], i + 2
        if noun in AUX or noun in PREPOSITIONS:
            continue
        after = words[end].lower() if end < len(words) else ""
        if after and (after in ("of", "between", "on", "about", "for") or not (after in PREPOSITIONS or after in AUX
                                                                               or after in _SET_APART
                                                                               or after.endswith("ed"))):
            continue
        if any(re.fullmatch(rf"{re.escape(stem)}(?:e?s|e?d|ing|ion|ions|al|e)?", w) for w in said for stem in _stems(noun)):
            return end, "of", noun
    return None


_NOT_MODIFIERS = {"such", "other", "same", "each", "every", "any", "some", "no", "more", "most", "many", "few", "all",
                  "both", "and", "or", "not", "than", "only"}


def _fuller(words: list[str], history: Sequence[Turn]) -> list[str]:
    """"where will the gyros end up" after "… can export seeker gyro …" -> "where will the seeker gyros end
    up": a definite noun that the last two turns wrote with a lower-case modifier before it takes the
    modifier (the fuller name the conversation used); [] when there is none."""
    for i in range(len(words) - 1):
        noun = words[i + 1]
        if words[i].lower() != "the" or not re.fullmatch(r"[a-z][a-z-]{2,}", noun) or noun in AUX | PREPOSITIONS:
            continue
        after = words[i + 2] if i + 2 < len(words) else ""
        plural = noun.endswith("s") and not noun.endswith("ss")
        if not plural and re.fullmatch(r"[a-z][a-z-]+", after) and after not in AUX | PREPOSITIONS:
            continue  # "the gyro approval": the noun is itself a modifier
        stem = noun[:-1] if plural else noun
        for turn in list(history)[-1:-3:-1]:
            for text in (turn.question, turn.answer):
                for m in re.finditer(rf"\b([a-z][a-z-]{{2,}})\s+{re.escape(stem)}s?\b", text or ""):
                    modifier = m.group(1)
                    if modifier in DETERMINERS or modifier in PREPOSITIONS or modifier in AUX or modifier in _WH \
                            or modifier in _NOT_MODIFIERS or modifier.endswith(("ed", "ing", "ly")):
                        continue
                    return [finish([*words[:i + 1], modifier, *words[i + 1:]])]
    return []


CITED_SENTENCES = 2  # the previous answer's support sentences read for a follow-up


def cited_sentences(answer: Answer) -> list[Passage]:
    """The sentences an answer cited as support (up to CITED_SENTENCES, distinct), each as a passage
    of its own cut from the passage it was read from (same document offsets, so a citation read from
    it is an exact span); [] for an abstention. A follow-up is most often about what the previous
    answer's sentence told ("which frigate program will be on the agenda" after "when is Marles due in
    Japan": the sentence that gave the date names the programme)."""
    if answer.abstained:
        return []
    out: list[Passage] = []
    for c in answer.citations:
        if c.kind != "support" or any(p.doc_id == c.doc_id and p.start == c.start for p in out):
            continue
        held = next((p for p in answer.passages if p.doc_id == c.doc_id and p.start <= c.start and c.end <= p.end), None)
        if held is None:
            continue
        text = held.text[c.start - held.start:c.end - held.start]
        if text.strip():
            out.append(dataclasses.replace(held, start=c.start, end=c.end, text=text, rank=len(out) + 1))
        if len(out) == CITED_SENTENCES:
            break
    return out
