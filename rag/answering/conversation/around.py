"""The sentences after the previous answer's sentence, for a follow-up refused everywhere else.

A follow-up refused over the retrieved passages, and again at a lower threshold next to the previous
answer (nearby.py), is often answered by the next sentence of the passage the previous answer came from,
in words the follow-up does not share: "where did he meet Gen Nakatani?" after "Andreas Flåm" (from "The
40-minute meeting … was led by … Gen Nakatani and … Andreas Flåm.") is told by "The meeting coincided
with a port call in Yokosuka …", while over all retrieved passages the reader's best reading is "visited
Jordon, where he held a discussion". Read from the sentences after the previous one alone (at
NEAR_THRESHOLD), the reader has only where the conversation was to choose from. Only the sentences after
it: a conversation goes on through a text as it was written. A reading of the previous answer's own sentence is not kept: it was read already
(topic.cited_sentences), and on chains_dev reading it again gave back the previous fact or a cut span
("For which program builds Mogami-class?" -> "Mogami-class multi-role frigate"), as the sentences before
it mostly answered from another occasion ("when did that call happen?" -> the next visit's date).
"""
from __future__ import annotations

import dataclasses

from rag.answering.conversation.nearby import support_of
from rag.ingest.sentences import split_sentences
from rag.types import Answer, Passage

AROUND_SENTENCES = 2  # sentences read after the previous answer's sentence
AFTER_THRESHOLD = 0.12  # the least confidence of a reading of those sentences alone (after_only)
AFTER_REASON = ("Read from the sentences after the previous answer's sentence alone: the follow-up was not"
                " answered elsewhere, and the conversation goes on where it was.")
AROUND_REASON = ("Read from the sentences after the previous answer's sentence: the follow-up was not"
                 " answered elsewhere, and the conversation goes on where it was.")


def around(answer: Answer, count: int = AROUND_SENTENCES) -> list[Passage]:
    """The sentence ``answer`` cited first and up to ``count`` sentences after it, as one passage cut from
    the passage it was read from (same document offsets, so citations stay exact spans); [] for an
    abstention, a support no passage holds or one that ends its passage. The cited sentence is kept for
    what it names (the reader refuses a question whose names no passage mentions); a reading from it is
    no answer here (choose._around)."""
    support = support_of(answer)
    if support is None:
        return []
    held = next((p for p in answer.passages
                 if p.doc_id == support.doc_id and p.start <= support.start and support.end <= p.end), None)
    if held is None:
        return []
    spans = [(a + held.start, b + held.start) for a, b in split_sentences(held.text)]
    after = [s for s in spans if s[0] >= support.end][:count]
    if not after:
        return []
    start, end = support.start, after[-1][1]  # from the cited sentence on: it names what the follow-up refers to
    return [dataclasses.replace(held, start=start, end=end, text=held.text[start - held.start:end - held.start], rank=1)]


def after_only(answer: Answer, count: int = AROUND_SENTENCES) -> list[Passage]:
    """The sentences after the one ``answer`` cited (around() without the cited sentence), as one
    passage with exact offsets; [] when there are none. Read alone, the reader cannot fall back on
    the previous fact ("Who covers Tokyo until 2026?" -> "Norway" of the cited sentence) and reads
    the next sentence's subject ("The defence attaché in Beijing is currently also accredited to Tokyo.")."""
    support = support_of(answer)
    window = around(answer, count)
    if support is None or not window:
        return []
    (held,) = window
    cut = next((i for i in range(support.end - held.start, len(held.text)) if not held.text[i].isspace()), len(held.text))
    return [dataclasses.replace(held, start=held.start + cut, text=held.text[cut:])] if cut < len(held.text) else []
