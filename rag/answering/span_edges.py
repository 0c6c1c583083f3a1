"""A reader's span grown back to the start of the phrase it cuts, and cut at the clause it runs into.

The SQuAD-trained reader's commonest boundary error here is starting one word late: "Aerospace
Industries" for "Turkey Aerospace Industries", "Nansen-class" for "Fridtjof Nansen-class",
"track and chase targets" for "identify, track and chase targets". A cut answer is a wrong one,
while a word of the same phrase more is harmless, so the start moves left over:
  * a capitalised word before a capitalised span (a name goes on), unless it is a title
    ("Minister Gen Nakatani" stays "Gen Nakatani"), a possessive ("Norway’s") or the sentence's
    first word;
  * the rest of a coordination the span ends ("identify, " before "track and chase");
  * a lower-case modifier of the noun phrase the span starts: an adjective or participle between a
    determiner or possessive and the span ("China’s growing military activities"), or one of a
    few adjectives that are never verbs and name the kind of the thing (the gazetteer
    ``_NEVER_VERBS``: "pursue joint training"). Any other lower-case word before a lower-case span
    stays out: "is launching joint research" wants "joint" and not "launching", and no rule here
    tells a modifier from a verb in general (a looser rule cost 1.6 points of SQuAD EM on the
    held-out articles).
A span that starts inside brackets is left as it is: what comes before the closing bracket is as often
the answer ("160 mi) from the Baltic Sea") as an aside ("JSM), which can be carried …").

The end is cut (``trim_end``) where a span runs out of its phrase into the next clause: at ";",
and, in a span of more than ``LONG_WORDS`` words, before a non-restrictive relative clause
(", which …"), a second predicate (", and reaffirmed …"), a relative clause with its own subject
("… agreement that Japan is required to sign") or an infinitive of purpose ("… enterprise to link
its platforms": a verb and its object, after no participle, so not "due to repulsive forces" nor
"developed to predict the …"); in such a span also after a bracketed short form followed by a
preposition ("UK's carrier strike group (CSG)" + " in deployments to …": the name ends there). A
bracket the span opens is closed where the text closes it a few words on ("NOK $1.9 billion (AU
$290 million)"), else left out. No cut at a dash: what follows one
is as often the answer ("five in Europe – France, Germany, …").
"""
from __future__ import annotations

import re

from rag.answering.question_analysis import is_title
from rag.search.lexicon import STOPWORDS, content_words

_WORD_BEFORE = re.compile(r"(?P<word>[^\W\d_][\w’'-]*)(?P<gap>,?\s+)$")
_FIRST_WORDS = {"The", "A", "An", "In", "On", "At", "For", "By", "With", "From", "To", "Of", "And", "But", "Or",
                "Its", "Their", "His", "Her", "This", "That", "These", "Those", "As", "After", "Before"}
MAX_WORDS = 3
# A word that opens a noun phrase: what follows it up to the span belongs to the phrase.
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "such"}
_POSSESSIVE = re.compile(r"[’']s?$")
_ADJECTIVE_FORM = re.compile(r"(?:ing|ed|al|ic|ive|ous|ful|ary|ese|ish|ian|ern)$")
# Military ranks: a surname alone after one is how the text names the person ("Captain Yoshida").
_RANKS = {"Captain", "Lieutenant", "Commander", "Colonel", "Major", "General", "Admiral", "Sergeant", "Corporal",
          "Private", "Ensign", "Brigadier"}
# Adjectives that are never verbs and say what kind of thing the noun after them is.
_NEVER_VERBS = {"joint", "mutual", "bilateral", "multilateral", "trilateral"}


def grow_start(text: str, start: int, end: int, floor: int = 0) -> int:
    """Where the answer ``text[start:end]`` should start; never before ``floor`` (the sentence's
    start)."""
    span = text[start:end]
    if not span:
        return start
    moved = 0
    capital = span[0].isupper()
    coordination = bool(re.search(r"\b(?:and|or)\b", span)) and not capital
    while moved < MAX_WORDS:
        m = _WORD_BEFORE.search(text, floor, start)
        if not m:
            break
        word, gap = m["word"], m["gap"]
        if "," in gap:
            if coordination and word[0].islower() and word.lower() not in STOPWORDS:
                start, moved = m.start(), moved + 1  # "identify, track and chase targets"
                continue
            break
        if capital:
            if word in _RANKS and moved == 0 and len(span.split()) == 1 and not gap.strip():
                start = m.start()  # "Captain Yoshida": a surname alone is written with its rank
                break
            if (not word[0].isupper() or word in _FIRST_WORDS or is_title(word)
                    or re.search(r"[’']s$", word) or m.start() == floor):
                break
        elif not _modifier(text, floor, m.start(), word):
            break  # a lower-case word before a lower-case span: a verb, unless it is plainly a modifier
        start, moved = m.start(), moved + 1
    return start


def _modifier(text: str, floor: int, at: int, word: str) -> bool:
    """Whether the lower-case ``word`` at ``text[at]`` modifies the noun phrase after it: one of
    ``_NEVER_VERBS``, or an adjective-like word right after a determiner or a possessive."""
    if not word[0].islower() or word in STOPWORDS:
        return False
    if word in _NEVER_VERBS:
        return True
    before = _WORD_BEFORE.search(text, floor, at)
    return bool(before and "," not in before["gap"] and _ADJECTIVE_FORM.search(word)
                and (before["word"].lower() in _DETERMINERS or _POSSESSIVE.search(before["word"])))


LONG_WORDS = 8
_UNCLOSED = re.compile(r"\s*[(\[][^)\]]*$")
_CLOSING_SOON = re.compile(r"[^()\[\]\n]{0,40}?[)\]]")
_CLAUSE_LONG = re.compile(
    r",\s+(?:which|who|whose|whom|where|while|whereas)\b"     # a non-restrictive relative clause
    r"|,\s+(?:and|but)\s+[a-z]+ed\b"                             # a second predicate: ", and reaffirmed"
    r"|\s+that\s+(?=[A-Z]|(?:the|it|they|he|she|we)\b)"           # a relative clause with its own subject
    r"|(?<![a-z]ed)\s+to\s+(?!(?:the|a|an|its|their|his|her|our|this|these|those|be|both|each|all|some|one"
    r"|two|three|four|five|six|seven|eight|nine|ten)\b)[a-z]+\s+"
    r"(?:the|a|an|its|their|his|her|our|them|it|this|these|those)\b")  # an infinitive: " to link its …"


# A name's bracketed short form, then a preposition: the name ends there, what follows is where or when.
_SHORT_FORM_THEN = re.compile(r"\([A-Z][A-Za-z]{1,6}\)(?=\s+(?:in|on|at|for|with|from|by|during|to)\s)")


def trim_end(text: str, start: int, end: int) -> int:
    """Where the answer ``text[start:end]`` should end: after the bracket it leaves open where the
    text closes it soon ("NOK $1.9 billion (AU $290 million" + ")"), else before that bracket; before
    a ";"; and, in a span of more than ``LONG_WORDS`` words, before the clause it runs into."""
    span = text[start:end]
    if m := _UNCLOSED.search(span):
        if closing := _CLOSING_SOON.match(text, end):
            return closing.end()
        span = span[:m.start()] or span
    span = span.split(";")[0] or span
    if len(span.split()) > LONG_WORDS and (short := _SHORT_FORM_THEN.search(span)) and \
            len(span[:short.end()].split()) >= 2:
        span = span[:short.end()]  # "UK's carrier strike group (CSG)" + " in deployments to …": the name ends
    if len(span.split()) > LONG_WORDS:
        for m in _CLAUSE_LONG.finditer(span):
            if m.start() > 0 and len(span[:m.start()].split()) >= 2:
                span = span[:m.start()]
                break
    return start + len(span.rstrip(" ,;:"))


# An indefinite noun phrase names a kind of thing ("any attempts", "a deeper agreement"): the complement
# after its head says which one, so a span that stops at the head is cut short on a right reading.
_INDEFINITE = {"a", "an", "any", "some", "all", "every", "no"}
# "to" only before a verb ("attempts to change"): "a missile defense system" + " to the U.S." is where
# it goes, not which one it is.
_COMPLEMENT = re.compile(r"\s+(?:(?:of|on|for|against|about|over|between)\s+(?=[\w“‘'])"
                         r"|to\s+(?!(?:the|a|an|its|their|his|her|our|this|these|those)\b)(?=[a-z]))")
# The clause the complement runs to its end of: a comma, a ";" or ":", the sentence's end, a relative
# clause or a dash.
_COMPLEMENT_END = re.compile(r"[,;:)(\n]|(?<![A-Z])[.!?](?=\s|$)|\s+(?:that|which|who|whom|whose|where|while|whereas)\b|\s+[–—-]\s")
COMPLEMENT_WORDS = 12  # a grown answer longer than this is a clause, not a phrase: left as the reader cut it
HEAD_WORDS = 3
# A title-case name goes on over "and"/"of" + a capitalised word ("Transfer of Defense Equipment" +
# " and Technology", "Japan’s Ministry" + " of Defense").
# After "and", one capitalised word only: "Minister of Trade" + " and Ana Vela" is two things.
_NAME_GOES_ON = re.compile(r"\s+(?:of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
                           r"|(?:and|&)\s+[A-Z][\w’'-]*(?![\w’'-]|\s+[A-Z]))")


def grow_end(text: str, start: int, end: int, ceiling: int | None = None, whole: bool = False) -> int:
    """Where the answer ``text[start:end]`` should end, never after ``ceiling`` (the sentence's end):
      * after the complement of an indefinite noun phrase the span stops at: "any attempts" + " to
        change the status quo by force or coercion", "a deeper agreement" + " on the Transfer of …",
        up to the end of its clause and only where the whole stays a phrase (``COMPLEMENT_WORDS``);
        of any noun phrase where it is ``whole``ly the answer (the object of the question's own phrase,
        "indignation at the kidnapping" + " of the two engineers");
      * after the rest of a title-case name with "of" inside that the span stops in: "… on the
        Transfer of Defense Equipment" + " and Technology"."""
    ceiling = len(text) if ceiling is None else ceiling
    span = text[start:end]
    words = span.split()
    if not words:
        return end
    if re.search(r"[A-Z][\w’'-]*\s+of\s+(?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*$", span) and \
            (m := _NAME_GOES_ON.match(text, end, ceiling)):
        return m.end()
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    indefinite = words[0].lower() in _INDEFINITE or (
        before is not None and "," not in before["gap"] and before["word"].lower() in _INDEFINITE)
    head = [w for w in words if w.lower() not in _INDEFINITE]
    if not (indefinite or whole) or not head or len(head) > HEAD_WORDS or \
            any(not re.fullmatch(r"[a-z][a-z’'-]*", w) for w in head):
        return end
    if not (m := _COMPLEMENT.match(text, end, ceiling)):
        return end
    stop = _COMPLEMENT_END.search(text, m.end(), ceiling)
    grown = stop.start() if stop else ceiling
    grown = start + len(text[start:grown].rstrip())
    return grown if len(text[start:grown].split()) <= COMPLEMENT_WORDS else end


def edges(text: str, start: int, end: int, floor: int = 0, ceiling: int | None = None,
          whole: bool = False) -> tuple[int, int]:
    """The answer's ``(start, end)`` in ``text`` for the reader's span ``[start, end)``: its start
    grown back to its phrase (``grow_start``), its end cut before the clause it runs into
    (``trim_end``) or grown over the complement the phrase needs (``grow_end``; ``whole``: the
    span's noun phrase is wholly the answer)."""
    start = grow_start(text, start, end, floor)
    end = trim_end(text, start, end)
    return start, grow_end(text, start, end, ceiling, whole)


_WORD = re.compile(r"[\w’'-]+")


def fit_to_question(text: str, start: int, end: int, head: str) -> int:
    """Where the answer ``text[start:end]`` should end, given the stem of the noun the question asks
    for (``head``, "" when none):
      * after the noun asked for where the span goes on past it into another clause ("Patriot …
        missile defense system, to a U.S. defense equipment maker" for "which missile defence
        system": the noun ends the answer's phrase);
      * after that noun where the text puts it right after the span ("Sea 3000 … (GPF)" + " program"
        for "what frigate program"), or after a bracketed aside ("official X" + " (Twitter) account"
        for "which account")."""
    from rag.search.lexicon import content_words

    words = list(_WORD.finditer(text, start, end))
    stems = [content_words(w.group().replace("-", " ")) for w in words]
    if head:
        for n, w in enumerate(words[:-1]):
            if head in stems[n] and re.match(r"\s*[,;(]", text[w.end():]):
                return w.end()  # the noun asked for, then a comma: the phrase ends with the noun
        after = re.match(r"\)?(?:\s+\([^()]{1,30}\))?\s+([\w’'-]+)", text[end:])  # "X" + " (Twitter) account"
        if after and head in content_words(after.group(1)) and not (words and head in stems[-1]):
            return end + after.end()  # "… (GPF)" + " program"
    return end


_BRACKETED = re.compile(r"\(\s*$")
_PHRASE_BEFORE = re.compile(r"((?:[\w’'&-]+\s+){0,5}[\w’'&-]+)\s*\($")
ALIAS_SHARE = 0.5  # of the bracketed name's phrase, the share of content words the question must state


def restates_question(text: str, start: int, end: int, question: str) -> bool:
    """Whether the span ``text[start:end]`` is only another name of a phrase the question states: the
    bracketed short form after it ("Joint Strike Missile (JSM)" for "which company makes the Joint Strike
    Missile"; "International Mine Countermeasures Exercise (IMCMEX)" for "… during the mine
    countermeasures exercise"), or the phrase before a bracketed form the question uses ("… Missile"
    of "Joint Strike Missile (JSM)" for "who makes the JSM"). Such a span names what the question
    asks about, not the answer; the reader, matching the question's words, often points at it."""
    asked = content_words(question)
    span = text[start:end].strip()
    if not asked or not span:
        return False
    if _BRACKETED.search(text[max(0, start - 2):start]) and text[end:end + 1] == ")":
        before = _PHRASE_BEFORE.search(text[max(0, start - 80):start].rstrip())
        words = content_words(before.group(1)) if before else set()
        return len(words & asked) >= 2 and len(words & asked) >= ALIAS_SHARE * len(words)
    after = re.match(r"\s*\(([^()]{1,20})\)", text[end:end + 24])
    return bool(after and content_words(after.group(1)) and content_words(after.group(1)) <= asked
                and not content_words(span) <= asked and len(content_words(span)) >= 2)
