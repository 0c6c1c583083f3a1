"""Pick the rewrite of a follow-up that the documents support best.

Every candidate rewrite (rewrites.py) is asked; the kept one is answered (not abstained), its short
answer is of the type the rewrite asks for and is not the referent it was given back ("Who makes
Kongsberg?" -> "Kongsberg"), with the highest confidence; near ties go to the rewrite keeping the
most of the user's words. When no rewrite is answered, the follow-up is retrieved with the previous
question as context (then with the previous question, its answer and the likeliest rewrite), and the
answer says so; an answer the conversation already gave is not taken from there. A question asked
as typed (no rewrite) that is not answered is searched for the same way. A kept short answer that
gives back an earlier answer ("Which company stopped producing them itself?" -> "Mitsubishi Heavy"
again) or the acronym of a name the question holds is read again with it hidden (hiding.py): a
follow-up asks for news.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from rag.answering.composers.answer_types import matches_type
from rag.answering.composers.makers import owner_asked
from rag.answering.conversation import rewrites, turns
from rag.answering.conversation.around import AFTER_REASON, AROUND_REASON
from rag.answering.conversation.nearby import NEAR_REASON
from rag.answering.conversation.referents import TITLES, names, recase
from rag.answering.conversation.rules import Turn
from rag.answering.conversation.topic import topic_rewrites
from rag.search.lexicon import content_words
from rag.types import Alternative, Answer

Ask = Callable[[str], Answer]                   # the standalone question -> its answer
AskInContext = Callable[[str, str], Answer]     # (question for the reader, retrieval query) -> answer
ASKED_BEFORE = 0.1  # an answer naming only what the previous question named is less likely
AGREE = 0.5  # weight of each other rewrite that finds the same short answer
AGREE_WORDS = 10  # ... when that answer is short (a chat's short answer)
AFTER_WORDS = 6  # the longest short answer kept from the sentences after the previous answer's read alone (_after)
TIE = 0.02  # confidences this close are a tie: the rewrite nearer the user's words wins
AskInTurn = Callable[[str], "Answer | None"]  # question -> its reading of the previous answer's cited sentences
IN_TURN = 0.05  # a reading of the previous answer's sentences must be this much surer than the documents'
IN_TURN_REASON = "Read from the sentence the previous answer cited: the conversation goes on where it was."
AskHiding = Callable[[str, Sequence[str]], Answer]  # (question, phrases to hide from its passages) -> answer
HIDDEN_REASON = ("The first reading gave back an earlier answer or a name the question holds; it was read again"
                 " without it.")
CONTEXT_REASON = ("The follow-up alone was not answered; it was searched for with the previous question"
                  " (and its answer).")


def choose(question: str, history: Sequence[Turn | Answer], ask: Ask, ask_in_context: AskInContext,
           ask_hiding: AskHiding | None = None, ask_in_turn: AskInTurn | None = None,
           ask_nearby: AskInTurn | None = None, ask_around: AskInTurn | None = None,
           ask_after: AskInTurn | None = None) -> Answer:
    """The answer to ``question`` in the conversation ``history`` (oldest first), with the
    question it was asked as (``asked_as``) and every rewrite considered (``alternatives``).
    ``ask_hiding`` reads a question again with phrases hidden from the passages (hiding.py): an
    answer the conversation already gave is read again without it. ``ask_in_turn`` reads a question
    from the sentences the previous answer cited (None when there are none): the kept question's
    reading there wins when the documents' answer is none or IN_TURN less sure (_in_turn).
    ``ask_nearby`` reads a question again at a lower abstention threshold, None unless that reading
    lies next to the previous answer's sentence (nearby.py): a refusal gives way to it (_nearby).
    ``ask_around`` reads a question from the sentences after the previous answer's (around.py): a
    refusal still left gives way to that reading when it is news (_around)."""
    past = turns(history)
    ask_in_turn = _once(ask_in_turn)
    candidates = rewrites(question, past[-1], past[:-1]) if past else []
    topical = topic_rewrites(question, past[-1], past[:-1]) if past else []
    if topical and not candidates:  # "who approved the export": asked as typed and with the topic it leaves out
        candidates = [question, *topical]
    elif topical:  # "who else took part in the inspection" -> "… in the inspection of <what was inspected> besides X"
        candidates += [text for text in topic_rewrites(candidates[0], past[-1], past[:-1])[:2] if text not in candidates]
    if not candidates:
        answer = ask(question)
        if past and not answer.abstained:  # "which frigate program …": most likely in the sentence just cited
            answer = _in_turn(question, answer, _score(question, answer, question, past), question, past, ask_in_turn)
        if past and answer.abstained:  # "who approved the export": no pronoun, yet about the topic
            found = _in_context(question, question, past, ask_in_context)
            if found is not None:
                answer = found
        if past:
            answer = _last_resort(question, _news(question, answer, past, ask_hiding), question, past, ask_in_turn)
            answer = _nearby(question, answer, question, past, ask_nearby)
            answer = _around(question, answer, question, past, ask_around)
            answer = _after(question, answer, question, past, ask_after)
        answer.asked_as = question
        return answer
    tried = [(text, ask(text)) for text in candidates]
    # a reading that gives back the person the rewrite sets apart ("… besides Ishiba?" -> "Shigeru Ishiba") is read
    # again without that person: the documents' other name is the answer
    tried = [(text, _news(text, answer, past, ask_hiding) if _apart(answer, text) else answer) for text, answer in tried]
    # on a full tie the likelier rewrite (earlier in the list) wins: "his" -> the person just answered
    scored = [(_score(text, answer, question, past), -i) for i, (text, answer) in enumerate(tried)]
    scored = _agreed(scored, tried)
    best_score, best = max(scored)
    best = -best
    best_score, best = _typed_names_read(scored, tried, question, past, best_score, best)
    if best_score[0] > 0:
        text, answer = tried[best]
        answer = _in_turn(text, answer, best_score, question, past, ask_in_turn)
    else:  # nothing answered: the follow-up searched for together with the previous question
        text, answer = tried[0]
        found = _in_context(question, candidates[0], past, ask_in_context)
        if found is not None:
            text, answer = candidates[0], found
    answer = _last_resort(text, _news(text, answer, past, ask_hiding), question, past, ask_in_turn)
    answer = _nearby(text, answer, question, past, ask_nearby)
    answer = _around(text, answer, question, past, ask_around)
    answer = _after(text, answer, question, past, ask_after)
    answer.question = text
    answer.asked_as = text
    answer.alternatives = [Alternative(t, "" if a.abstained else a.text, a.confidence, a.abstained, t == text)
                           for t, a in tried]
    return answer


def _typed_names_read(scored: list[tuple[tuple, int]], tried: list[tuple[str, Answer]], typed: str,
                      past: Sequence[Turn], best_score: tuple, best: int) -> tuple[tuple, int]:
    """The best-scored rewrite (``best_score``, ``best``: its index in ``tried``), or when its answer is read
    from a sentence that lacks a name the user typed while another answered rewrite's sentence holds every
    one, the best-scored of those: the names the user typed are the one part of every rewrite that is
    surely right, and an answer read where they are absent is about someone else ("what does gram hope
    it achieves" -> "Japanese officials are hoping …", said by an official, not by Gram)."""
    sources = " ".join(f"{t.question} {t.answer} {t.support} {t.context}" for t in past)
    named = {name.lower() for name in names(recase(typed, sources))}  # "gram" -> "Gram", as the documents write it

    def held_in(answer: Answer) -> bool:
        support = next((c.text for c in answer.citations if c.kind == "support"), "").lower()
        return all(name in support for name in named)
    if not best_score[0] or held_in(tried[best][1]):
        return best_score, best
    held = [(score, i) for score, i in scored if score[0] and held_in(tried[-i][1])]
    if not held:
        return best_score, best
    score, i = max(held)
    return score, -i


def _in_turn(text: str, answer: Answer, score: tuple, typed: str, past: Sequence[Turn],
             ask_in_turn: AskInTurn | None) -> Answer:
    """``answer`` (scored ``score`` by _score), or ``text`` read from the sentences the previous
    answer cited when that reading is an answer (of the asked type, news: _score) and ``answer`` is
    none or IN_TURN less sure and read elsewhere: a follow-up most often goes on where the conversation
    was ("in what year will Norway open a defence attaché post" after "where will Norway open …": the
    sentence that said Tokyo says 2026, which the retrieved passages gave the reader too weakly)."""
    found = ask_in_turn(text) if ask_in_turn is not None else None
    if found is None:
        return answer
    new = _score(text, found, typed, past)
    if not new[0] or (score[0] and (new[1] < score[1] + IN_TURN or _read_in(answer, found.passages))):
        return answer  # the same sentence read twice differs only by the span's edges: no news of where it is
    found.reason = " ".join(filter(None, [found.reason, IN_TURN_REASON]))
    return found


def _once(ask_in_turn: AskInTurn | None) -> AskInTurn | None:
    """``ask_in_turn`` reading each question once (_in_turn, then _last_resort, may ask the same),
    each caller given its own copy (_in_turn writes its reason on the one it keeps)."""
    if ask_in_turn is None:
        return None
    read: dict[str, Answer | None] = {}

    def once(text: str) -> Answer | None:
        if text not in read:
            read[text] = ask_in_turn(text)
        found = read[text]
        return None if found is None else dataclasses.replace(found)
    return once


def _last_resort(text: str, answer: Answer, typed: str, past: Sequence[Turn], ask_in_turn: AskInTurn | None) -> Answer:
    """``answer``, or when neither the documents, the conversation's context nor a hidden reading
    answered ``text``, its reading of the sentences the previous answer cited (_in_turn)."""
    if not (answer.abstained or _echo(answer, text) or _unanswered(answer, past)):
        return answer
    return _in_turn(text, answer, (0, 0.0), typed, past, ask_in_turn)


def _nearby(text: str, answer: Answer, typed: str, past: Sequence[Turn], ask_nearby: AskInTurn | None) -> Answer:
    """``answer``, or when it is a refusal, ``text`` read again at a lower threshold next to the
    previous answer's sentence (nearby.py) when that reading is an answer (_score: no echo) that the
    conversation has not given yet (news) and is no second reading of the previous answer's own fact
    (_read_again)."""
    if not answer.abstained or ask_nearby is None:
        return answer
    found = ask_nearby(text)
    if found is None or found.abstained or _read_again(found, text, past[-1]) or not _score(text, found, typed, past)[0]:
        return answer
    if not _tells_news(found, past):  # "Who builds the frigate?" -> "Canberra" of the previous question
        return answer
    found.reason = " ".join(filter(None, [found.reason, NEAR_REASON]))
    return found


def _around(text: str, answer: Answer, typed: str, past: Sequence[Turn], ask_around: AskInTurn | None) -> Answer:
    """``answer``, or when it is still a refusal, ``text`` read from the sentences after the previous
    answer's (around.py) when that reading is an answer (_score: no echo) that the conversation has not
    given yet (_tells_news), read from a sentence after the previous answer's, not from that one again
    (_stays: its fact again or a cut span)."""
    if not answer.abstained or ask_around is None:
        return answer
    found = ask_around(text)
    if found is None or found.abstained or _stays(found, past[-1]) or not _score(text, found, typed, past)[0] \
            or not _tells_news(found, past):
        return answer
    found.reason = " ".join(filter(None, [found.reason, AROUND_REASON]))
    return found


def _after(text: str, answer: Answer, typed: str, past: Sequence[Turn], ask_after: AskInTurn | None) -> Answer:
    """``answer``, or when it is still a refusal, ``text`` read from the sentences after the previous
    answer's alone (around.after_only) when that reading is an answer (_score: no echo) that tells news
    (_tells_news), or names what an earlier answer named together with a name the conversation has not
    said ("defence attaché in Beijing" after "defence attaché": another attaché, not the same again)."""
    if not answer.abstained or ask_after is None:
        return answer
    found = ask_after(text)
    if found is None or found.abstained or _echo(found, text) or _same(found, past[-1].answer) \
            or _rehash(found, text, past[-1]) or not (_tells_news(found, past) or _new_name(found, past)):
        return answer
    if len(_short(found).split()) > AFTER_WORDS or not _names_held(found, text, past):
        return answer  # a weak reading: a phrase, from a sentence about what the question names
    found.reason = " ".join(filter(None, [found.reason, AFTER_REASON]))
    return found


def _names_held(answer: Answer, text: str, past: Sequence[Turn]) -> bool:
    """Whether the sentence ``answer`` cites holds every name ``text`` holds ("When did a Japanese defense
    minister last go to South Korea?" is not told by the next sentence's visit of Australia's ministers)."""
    support = next((c.text for c in answer.citations if c.kind == "support"), "").lower()
    sources = " ".join(f"{t.question} {t.answer} {t.support} {t.context}" for t in past)
    named = {name.lower() for name in names(recase(text, sources))}
    named |= {w for w in _words(text) if len(w) > 3 and re.search(rf"\b{w.capitalize()}\b", sources)
              and not re.search(rf"\b{w}\b", sources)}  # "hammond" the documents write only "Hammond"
    return all(name in support for name in named)


def _new_name(answer: Answer, past: Sequence[Turn]) -> bool:
    """Whether the short answer holds a capitalised name that neither the conversation's questions nor its
    answers hold."""
    said = _words(" ".join(f"{t.question} {t.answer}" for t in past))
    return any(w.lower() not in said for w in re.findall(r"\b[A-Z][\w’'-]+", _short(answer)))


def _tells_news(answer: Answer, past: Sequence[Turn]) -> bool:
    """Whether one of the answer's items (its text when it cites none) is news: not named by the
    previous question, holding no earlier answer (_score's ``known``); a list that names others
    besides the one set apart ("Philip Hammond and Michael Fallon" after "Philip Hammond") is news."""
    shorts = [c.text for c in answer.citations if c.kind == "answer"] or [answer.text]
    return any(not (_asked_before(short, past[-1]) or any(_holds(short, turn.answer) or _surname(short, turn.answer)
                                                          for turn in past)) for short in shorts)


def _read_again(answer: Answer, text: str, previous: Turn) -> bool:
    """A one-item answer read from the very sentence the previous answer cited that gives back a word
    of the question ("For which program builds Mogami-class?" -> "… Mogami-class multi-role frigate"):
    the previous turn's fact read again around the referent, not what the follow-up asks."""
    shorts = [c.text for c in answer.citations if c.kind == "answer"] or [answer.text]
    support = next((c.text for c in answer.citations if c.kind == "support"), "")
    if len(shorts) != 1 or not previous.support or " ".join(support.split()) != previous.support:
        return False
    return bool(content_words(shorts[0]) & content_words(text))


def _read_in(answer: Answer, passages: Sequence) -> bool:
    """Whether ``answer``'s support lies in one of ``passages``."""
    return any(c.kind == "support" and any(p.doc_id == c.doc_id and p.start <= c.start < p.end for p in passages)
               for c in answer.citations)


def _unanswered(answer: Answer, past: Sequence[Turn]) -> bool:
    """Whether a follow-up's answer is none: abstained, or an answer the conversation already gave."""
    short = _short(answer)
    return answer.abstained or _same(answer, past[-1].answer) or any(_holds(short, turn.answer) for turn in past)


def _repeats(answer: Answer, past: Sequence[Turn]) -> list[str]:
    """The earlier short answers a short answer gives back (whole, or holding the previous one),
    with the short answer itself first; [] when it is news or a sentence ("what did the uk think of
    japan's reforms" -> the policy answered two turns before: a follow-up asks for something new)."""
    short = _short(answer)
    key = " ".join(_words(short, keep_order=True))
    if answer.abstained or not key or len(key.split()) > AGREE_WORDS:
        return []
    given = [t.answer for t in past if t.answer and " ".join(_words(t.answer, keep_order=True)) == key]
    if _holds(short, past[-1].answer):
        given.append(past[-1].answer)
    return [short, *given] if given else []


def _news(text: str, answer: Answer, past: Sequence[Turn], ask_hiding: AskHiding | None) -> Answer:
    """``answer``, or when it gives back an earlier answer or what ``text`` names, ``text`` read
    again with that answer hidden, if that reading finds something the conversation has not said yet."""
    echoed = not answer.abstained and _echo(answer, text)
    hidden = (_repeats(answer, past) or ([_short(answer)] if echoed else [])) if ask_hiding else []
    if not hidden:
        return answer
    found = ask_hiding(text, hidden)
    if found.abstained or _echo(found, text) or _unanswered(found, past) or _titled_place(found):
        return answer
    found.reason = " ".join(filter(None, [found.reason, HIDDEN_REASON]))
    return found


def _titled_place(answer: Answer) -> bool:
    """A place asked for, answered with a titled person ("Where was Nakatani on August 21?" ->
    "Jordanian Prime Minister … Jafar Hassan"): the reader's loose type check lets capitals pass."""
    return answer.answer_type == "place" and bool(TITLES & set(_words(_short(answer))))


def _in_context(typed: str, text: str, past: Sequence[Turn], ask_in_context: AskInContext) -> Answer | None:
    """``text`` answered from the passages found for it together with the conversation: the
    previous question and what the user typed ("who signed the japan-norway mou for Norway" beside
    "who signed … for japan" -> "Minoru Kihara"), then the previous question, its answer and
    ``text``; None when neither gives an answer the conversation has not given already."""
    previous = past[-1]
    for query in (f"{previous.question} {typed}", f"{previous.question} {previous.answer} {text}"):
        found = ask_in_context(text, " ".join(query.split()))
        if not (found.abstained or _echo(found, text) or _unanswered(found, past)):
            found.reason = " ".join(filter(None, [found.reason, CONTEXT_REASON]))
            return found
    return None


def _agreed(scored: list[tuple[tuple[int, float, bool, int, bool], int]], tried: list[tuple[str, Answer]]
            ) -> list[tuple[tuple[int, float, bool, int, bool], int]]:
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


def _score(text: str, answer: Answer, typed: str, past: Sequence[Turn]) -> tuple[int, float, bool, int, bool]:
    """(answered, confidence rounded to TIE with a small bonus for a short answer of the asked
    type, news, words kept from what the user typed, read where the previous answer was); larger is
    better. An answer the conversation already gave (an earlier turn's answer inside it) is less
    likely: a follow-up asks for news ("who did he meet there" -> not the minister met two turns
    before, in the other country); on a tie news wins ("Who builds it?" after "which frigate has
    Canberra decided to procure": "Mitsubishi Heavy Industries", not "Canberra" again)."""
    previous = past[-1]
    kept = len(_words(text) & _words(typed))
    if answer.abstained or _echo(answer, text) or _same(answer, previous.answer) or _rehash(answer, text, previous):
        return 0, 0.0, False, kept, False  # "Who makes the missile…?" -> "JSM" again is no answer
    short = next((c.text for c in answer.citations if c.kind == "answer"), "")
    typed_ok = bool(short) and matches_type(short, answer.answer_type or "other")
    known = _asked_before(short, previous) or any(_holds(short, turn.answer) or _surname(short, turn.answer)
                                                  for turn in past)
    confidence = answer.confidence + (TIE * 2 if typed_ok else 0.0) - (ASKED_BEFORE if known else 0.0)
    return 1, round(confidence / TIE) * TIE, not known, kept, _stays(answer, previous)


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


def _surname(short: str, earlier: str) -> bool:
    """Whether ``short`` names again the one-word name an earlier turn answered ("Prime Minister
    Shigeru Ishiba" after "Ishiba")."""
    earlier = earlier.strip()
    if re.fullmatch(r"[A-Z][a-z][\w’'-]+", earlier):
        return earlier in short.split()
    # the same person under another form of the name ("Norwegian Defense Minister Bjorn Gram" after
    # "Bjørn Arild Gram"): both end with the same surname, the earlier one a name of two to four words
    old, new = earlier.split(), short.strip().split()
    return 2 <= len(old) <= 4 and all(w[:1].isupper() for w in old) and bool(new) and new != old \
        and re.fullmatch(r"[A-Z][a-z][\w’'-]+", old[-1]) is not None and new[-1] == old[-1] \
        and all(w[:1].isupper() for w in new[-2:])


def _echo(answer: Answer, text: str) -> bool:
    """An answer that only gives back a name the rewrite itself holds ("Who makes Kongsberg?"), or
    that name's acronym as the support writes it after the name ("Where was the International Mine
    Countermeasures Exercise held?" -> "IMCMEX", from "… Exercise (IMCMEX)")."""
    short = next((c.text for c in answer.citations if c.kind == "answer"), answer.text)
    norm = " ".join(_words(short, keep_order=True))
    if norm and norm == " ".join(_words(owner_asked(text), keep_order=True)):
        return False  # "Who builds MHI’s frigate?" -> "MHI": the owner written as the maker answers it
    asked = f" {' '.join(_words(text, keep_order=True))} "
    if bool(norm) and f" {norm} " in asked and len(norm) < 60:
        return True
    if _apart(answer, text):
        return True
    support = next((c.text for c in answer.citations if c.kind == "support"), "")
    named = re.search(rf"((?:[A-Z][\w’'-]*\s+)+)\(\s*{re.escape(short.strip())}\s*\)", support) \
        if re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", short.strip()) else None
    name = _words(named.group(1), keep_order=True) if named else []
    return bool(name) and 2 * sum(w in asked.split() for w in name) >= len(name)  # most of the name is asked


def _rehash(answer: Answer, text: str, previous: Turn) -> bool:
    """An answer made only of the rewrite's words and the previous answer's, naming that answer:
    "Norway’s State Secretary to Minister of Defence, Andreas Flåm" to "Who did Norway's State
    Secretary to the Minister of Defence meet …?" after "Andreas Flåm" gives back the one asked about."""
    short = next((c.text for c in answer.citations if c.kind == "answer"), answer.text)
    said, before = _words(short), _words(previous.answer)
    return len(before) >= 2 and before <= said and said <= _words(text) | before


def _apart(answer: Answer, text: str) -> bool:
    """Whether the short answer is only the person the question sets apart ("Who else took part …
    besides Ishiba?" -> "Shigeru Ishiba"; a list that names others too, "Philip Hammond and Michael
    Fallon", still answers)."""
    if answer.abstained:
        return False
    shorts = [c.text for c in answer.citations if c.kind == "answer"]
    short = shorts[0] if shorts else answer.text
    if len(shorts) > 1 or re.search(r",|\band\b|&", short):  # a list's items are cited one by one
        return False
    apart = re.search(r"\b(?:besides|except|other than|apart from)\s+((?:[A-Z][\w’'-]*\s*)+)", text)
    return bool(apart) and bool({w.lower() for w in re.findall(r"[A-Z][\w’'-]*", short)} & _words(apart.group(1)))


def _same(answer: Answer, previous: str) -> bool:
    """The previous short answer given back whole; a part of it is news ("What's Jafar Hassan's
    position?" after "Jordanian Prime Minister and Minister of Defense Jafar Hassan")."""
    short = next((c.text for c in answer.citations if c.kind == "answer"), answer.text)
    norm = " ".join(_words(short, keep_order=True))
    return bool(norm) and norm == " ".join(_words(previous, keep_order=True)) and len(norm) < 60


def _words(text: str, keep_order: bool = False):
    words = re.findall(r"\w+", text.lower())
    return words if keep_order else set(words)
