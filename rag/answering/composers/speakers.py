"""Who said it: the speaker of the quoted words a question repeats.

News writes quotes three ways: a line naming the speaker, then the quote in paragraphs of its own
("Defence Secretary Michael Fallon said:" / "“I’m delighted to welcome …”"); a quote with the
speaker after it in the same paragraph ("– Japan is a significant customer …, says Gram."); and
reported speech in one sentence ("Kihara said the MOU …"). A span reader, asked "Who said he was
delighted to welcome Nakatani?", finds no name in the quote and abstains. The quote is found by
the question's words; its speaker by where the text names it.

"Which people are quoted in the article?" asks for every speaker of a quote (``quoted_people``): each
line introducing a quote block, each paragraph ending on its speaker; a line "He said:" takes the
person the sentence before it opens with ("Lieutenant Alex Coleman, the Operations Officer …").
"""
from __future__ import annotations

import re

from rag.answering.base import span_citation
from rag.answering.composers import Composition
from rag.answering.grounding import question_names
from rag.answering.question_analysis import is_title
from rag.ingest.sentences import split_sentences
from rag.search.lexicon import content_words
from rag.types import Passage

_SPEECH = r"(?:said|says|stated|states|told|tells|added|adds|noted|notes|stressed|stresses|called|calls|described|" \
          r"describes|remarked|warned|argued|declared|explained|emphasi[sz]ed)"
_ASKS = re.compile(r"^(?:who|which (?:[a-z-]+ ){0,2}?(?:minister|official|secretary|person|man|woman|leader|"
                   r"spokes\w+|officer|politician))\s+%s\b" % _SPEECH, re.I)
# A name with its title ("Minister of Defence Bjørn Arild Gram", "The Japanese Defence Minister Gen Nakatani").
_NAME = r"(?:[A-Z][\w’'.-]*\s+(?:(?:of|to|for)\s+(?:the\s+)?)?){0,6}[A-Z][\w’'-]*"
# "Defence Secretary Michael Fallon said:" on a line of its own, the quote in the paragraphs after it.
_SPEAKER_LINE = re.compile(r"^(?P<speaker>%s)\s+%s:\s*$" % (_NAME, _SPEECH), re.M)
# "…, says Gram." / "…,” said Hammond." at the end of the quote's paragraph.
_SPEAKER_AFTER = re.compile(r"[,”\"]\s*%s\s+(?P<speaker>%s)\s*[.!]?\s*$" % (_SPEECH, _NAME))
# "Kihara said the MOU …": the speaker before the verb in the sentence.
_SPEAKER_BEFORE = re.compile(r"(?:^|[,;]\s*)(?P<speaker>%s)\s+%s\b" % (_NAME, _SPEECH))
# The share of the question's words (past its verb) the quoted sentence must hold.
QUOTE_SHARE = 0.6
SPEAKER_CONFIDENCE = 0.6
_PRONOUNS = {"He", "She", "They", "It", "We", "I"}


def asks_speaker(question: str) -> bool:
    return bool(_ASKS.match(question.strip()))


def compose_speaker(question: str, passages: list[Passage]) -> Composition | None:
    """The speaker of the sentence holding most of the question's words past its verb, cited with
    that sentence; None when the question asks no speaker, no sentence holds enough of its words,
    or the text names no speaker for it (a pronoun is none)."""
    m = _ASKS.match(question.strip())
    if not m:
        return None
    asked = content_words(question[m.end():])
    if len(asked) < 2:
        return None
    best = None
    for p in passages:
        for a, b in split_sentences(p.text):
            share = len(asked & content_words(p.text[a:b])) / len(asked)
            if share >= QUOTE_SHARE and (best is None or share > best[0]):
                best = (share, p, a, b)
    if best is None:
        return None
    _, p, a, b = best
    found = _speaker(p.text, a, b)
    if found is None:
        return None
    x, y = found
    return Composition(text=p.text[x:y], confidence=SPEAKER_CONFIDENCE,
                       citations=[span_citation(p, x, y, kind="answer"), span_citation(p, a, b, kind="support")])


def _speaker(text: str, a: int, b: int) -> tuple[int, int] | None:
    """Where ``text`` names who said the sentence ``[a, b)``: in the sentence itself, at the end of
    its paragraph, or on the line introducing the quote block it is in."""
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line_end = len(text) if line_end < 0 else line_end
    for pattern, (x, y) in ((_SPEAKER_BEFORE, (a, b)), (_SPEAKER_AFTER, (line_start, line_end))):
        if (m := pattern.search(text[x:y])) and m["speaker"].split()[0] not in _PRONOUNS:
            return x + m.start("speaker"), x + m.end("speaker")
    # A quote paragraph ("“…") under the nearest line before it that introduces a speaker.
    if not re.match(r"\s*[“\"–-]", text[line_start:line_end]):
        return None
    before = text[:line_start]
    lines = list(_SPEAKER_LINE.finditer(before))
    if not lines or lines[-1]["speaker"].split()[0] in _PRONOUNS:
        return None
    between = before[lines[-1].end():]
    if any(line.strip() and not re.match(r"\s*[“\"–-]", line) for line in between.split("\n")):
        return None  # a paragraph that is no quote stands between: the block has ended
    return lines[-1].start("speaker"), lines[-1].end("speaker")


# A sentence that opens with a person: a rank or title, then two or three capitalised words, then a
# comma or a verb ("Lieutenant Alex Coleman, the Operations Officer …"): who "He said:" after it is.
_OPENS_WITH_PERSON = re.compile(r"(?P<speaker>(?:[A-Z][\w.-]*\s+){0,3}[A-ZÀ-ÖØ-Þ][\w’'-]+\s+[A-ZÀ-ÖØ-Þ][\w’'-]+"
                                r"(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+)?)(?=,|\s+(?:was|is|has|had|said|says)\b)")


def quoted_people(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names each speaker of a quote: the lines introducing quote blocks ("Defence
    Secretary Michael Fallon said:"; "He said:" by the person the sentence before it opens with)
    and the speakers named after a quote at the end of its paragraph ("…, says Gram.")."""
    found = []
    for m in _SPEAKER_LINE.finditer(text):
        if m["speaker"].split()[0] not in _PRONOUNS:
            found.append((m.start("speaker"), m.end("speaker")))
            continue
        before = text[:m.start()].rstrip()
        sentences = split_sentences(before)
        if sentences and (o := _OPENS_WITH_PERSON.match(before, sentences[-1][0])) and \
                not is_title(o["speaker"].split()[-1]):
            found.append((o.start("speaker"), o.end("speaker")))
    for line in re.finditer(r"^.*$", text, re.M):
        if re.match(r"\s*[“\"–-]", line.group()) and (m := _SPEAKER_AFTER.search(line.group())) \
                and m["speaker"].split()[0] not in _PRONOUNS:
            found.append((line.start() + m.start("speaker"), line.start() + m.end("speaker")))
    return sorted((a + 4, b) if text.startswith("The ", a) else (a, b) for a, b in found)


# "What did Fallon say the threat showed?", "what did Gram tell reporters about …": the person whose words are asked.
_SAID_ASKED = re.compile(r"^what (?:did|does|do|has|have|had) (?P<who>.+?) (?:say|said|tell|told|stress|note|add|"
                         r"argue|warn|declare|explain|emphasi[sz]e|describe)\b", re.I)


def other_speaker(question: str, text: str, a: int, b: int) -> str:
    """For "what did X say …" answered from the sentence ``text[a:b]``: the speaker the text names
    for that sentence (see _speaker) where it shares no word with X ("Foreign Secretary Philip
    Hammond said:" over the quote when Fallon is asked about), else "": another person's words are
    a near miss. A sentence with no named speaker, or a question naming no one, gives ""."""
    m = _SAID_ASKED.match(question.strip())
    if not m:
        return ""
    asked = {w for run in question_names("x " + m["who"], text) for w in run}
    if not asked:
        return ""
    found = _speaker(text, a, b)
    if found is None:
        return ""
    speaker = text[found[0]:found[1]]
    said = {re.sub(r"[’']s$", "", w).lower() for w in re.findall(r"[\w’'-]+", speaker)}
    return "" if asked & said else speaker
