"""Pick the rewrite of a follow-up that the documents support best.

Every candidate rewrite (rewrites.py) is asked; the kept one is answered (not abstained), its short
answer is of the type the rewrite asks for and is not the referent it was given back ("Who makes
Kongsberg?" -> "Kongsberg"), with the highest confidence; near ties go to the rewrite keeping the
most of the user's words. When no rewrite is answered, the follow-up is retrieved with the previous
question as context (then with the previous question, its answer and the likeliest rewrite), and the
answer says so; an answer the conversation already gave is not taken from there.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answering.composers.answer_types import matches_type
from rag.answering.conversation import rewrites, turns
from rag.answering.conversation.rules import Turn
from rag.types import Alternative, Answer

Ask = Callable[[str], Answer]                   # the standalone question -> its answer
AskInContext = Callable[[str, str], Answer]     # (question for the reader, retrieval query) -> answer
ASKED_BEFORE = 0.1  # an answer naming only what the previous question named is less likely
AGREE = 0.5  # weight of each other rewrite that finds the same short answer
AGREE_WORDS = 10  # ... when that answer is short (a chat's short answer)
TIE = 0.02  # confidences this close are a tie: the rewrite nearer the user's words wins
CONTEXT_REASON = ("No rewrite of the follow-up was answered; it was searched for with the previous question"
                  " (and its answer).")


def choose(question: str, history: Sequence[Turn | Answer], ask: Ask, ask_in_context: AskInContext) -> Answer:
    """The answer to ``question`` in the conversation ``history`` (oldest first), with the
    question it was asked as (``asked_as``) and every rewrite considered (``alternatives``)."""
    past = turns(history)
    candidates = rewrites(question, past[-1], past[:-1]) if past else []
    if not candidates:
        answer = ask(question)
        answer.asked_as = question
        return answer
    tried = [(text, ask(text)) for text in candidates]
    # on a full tie the likelier rewrite (earlier in the list) wins: "his" -> the person just answered
    scored = [(_score(text, answer, question, past), -i) for i, (text, answer) in enumerate(tried)]
    scored = _agreed(scored, tried)
    best_score, best = max(scored)
    best = -best
    if best_score[0] > 0:
        text, answer = tried[best]
    else:  # nothing answered: the follow-up searched for together with the previous question
        text, answer = tried[0]
        previous = past[-1]
        # with the question as typed, then with the previous answer and the rewrite ("who signed the
        # japan-norway mou for Norway" beside "who signed … for japan" -> "Minoru Kihara")
        for query in (f"{previous.question} {question}", f"{previous.question} {previous.answer} {candidates[0]}"):
            found = ask_in_context(candidates[0], " ".join(query.split()))
            if not (found.abstained or _echo(found, candidates[0]) or _same(found, previous.answer)
                    or any(_holds(_short(found), turn.answer) for turn in past)):
                text, answer = candidates[0], found
                answer.reason = " ".join(filter(None, [answer.reason, CONTEXT_REASON]))
                break
    answer.question = text
    answer.asked_as = text
    answer.alternatives = [Alternative(t, "" if a.abstained else a.text, a.confidence, a.abstained, t == text)
                           for t, a in tried]
    return answer


def _agreed(scored: list[tuple[tuple[int, float, int, bool], int]], tried: list[tuple[str, Answer]]
            ) -> list[tuple[tuple[int, float, int, bool], int]]:
    """Each answered rewrite's confidence raised by AGREE times the confidence of every other
    answered rewrite that gives the same short answer: rewrites that fill a slot differently yet
    find the same answer ("its crew" as Bungo's, as the ship Coleman worked on's) outweigh one
    rewrite answered alone with a higher confidence ("HMS Atherstone's crew")."""
    # only short answers to a what/who/which agree: two long spans that coincide are one sentence read twice ("Turkey's Defence
    # Minister Yaşar Güler and the head of …" for "in Turkey" with either person), not two readings
    shorts = [_short_key(answer) if score[0] else "" for (score, _), (_, answer) in zip(scored, tried)]
    shorts = [key if len(key.split()) <= AGREE_WORDS or answer.question_kind == "why_how" else ""
              for key, (_, answer) in zip(shorts, tried)]  # a how-answer is a sentence: it may agree
    out = []
    for k, ((score, i), key) in enumerate(zip(scored, shorts)):
        if score[0] and key:
            extra = sum(tried[j][1].confidence for j, other in enumerate(shorts) if other == key and j != k)
            score = (score[0], round((score[1] + AGREE * extra) / TIE) * TIE, *score[2:])
        out.append((score, i))
    return out


def _short(answer: Answer) -> str:
    return next((c.text for c in answer.citations if c.kind == "answer"), answer.text)


def _short_key(answer: Answer) -> str:
    short = next((c.text for c in answer.citations if c.kind == "answer"), answer.text)
    return " ".join(_words(short, keep_order=True))


def _score(text: str, answer: Answer, typed: str, past: Sequence[Turn]) -> tuple[int, float, int, bool]:
    """(answered, confidence rounded to TIE with a small bonus for a short answer of the asked
    type, words kept from what the user typed); larger is better. An answer the conversation
    already gave (an earlier turn's answer inside it) is less likely: a follow-up asks for news
    ("who did he meet there" -> not the minister met two turns before, in the other country)."""
    previous = past[-1]
    kept = len(_words(text) & _words(typed))
    if answer.abstained or _echo(answer, text) or _same(answer, previous.answer):
        return 0, 0.0, kept, False  # "Who makes the missile…?" -> "JSM" again is no answer
    short = next((c.text for c in answer.citations if c.kind == "answer"), "")
    typed_ok = bool(short) and matches_type(short, answer.answer_type or "other")
    known = _asked_before(short, previous) or any(_holds(short, turn.answer) for turn in past)
    confidence = answer.confidence + (TIE * 2 if typed_ok else 0.0) - (ASKED_BEFORE if known else 0.0)
    return 1, round(confidence / TIE) * TIE, kept, _stays(answer, previous)


def _asked_before(short: str, previous: Turn) -> bool:
    """A short answer that only names what the previous question named ("Who makes the frigate?"
    -> "Canberra", after "which frigate did Canberra recently decide to procure"): most often the
    reader read the previous turn's sentence again."""
    norm = " ".join(_words(short, keep_order=True))
    return bool(norm) and len(norm) < 40 and f" {norm} " in f" {' '.join(_words(previous.question, keep_order=True))} "


def _stays(answer: Answer, previous: Turn) -> bool:
    """Whether the answer is read from the sentence the previous answer was read from: on a tie
    the conversation most likely goes on where it was ("who will he meet" after "when is
    Nakatani expected in South Korea" -> the "meet Ahn in South Korea" of that sentence)."""
    support = next((c.text for c in answer.citations if c.kind == "support"), "")
    return bool(previous.support) and " ".join(support.split()) == previous.support


def _holds(short: str, earlier: str) -> bool:
    """Whether ``short`` holds the whole of an earlier short answer of two words or more."""
    old = " ".join(_words(earlier, keep_order=True))
    return len(old.split()) >= 2 and f" {old} " in f" {' '.join(_words(short, keep_order=True))} "


def _echo(answer: Answer, text: str) -> bool:
    """An answer that only gives back a name the rewrite itself holds ("Who makes Kongsberg?")."""
    short = next((c.text for c in answer.citations if c.kind == "answer"), answer.text)
    norm = " ".join(_words(short, keep_order=True))
    return bool(norm) and f" {norm} " in f" {' '.join(_words(text, keep_order=True))} " and len(norm) < 60


def _same(answer: Answer, previous: str) -> bool:
    """The previous short answer given back whole; a part of it is news ("What's Jafar Hassan's
    position?" after "Jordanian Prime Minister and Minister of Defense Jafar Hassan")."""
    short = next((c.text for c in answer.citations if c.kind == "answer"), answer.text)
    norm = " ".join(_words(short, keep_order=True))
    return bool(norm) and norm == " ".join(_words(previous, keep_order=True)) and len(norm) < 60


def _words(text: str, keep_order: bool = False):
    words = re.findall(r"\w+", text.lower())
    return words if keep_order else set(words)
