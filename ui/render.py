"""Answers as HTML for the page: the answer first (a short answer large, its sentence under it),
citation chips that preview their source, compact source cards, and the numbers (offsets,
timings, the generator) in a Details fold. All text is escaped (ui.markup)."""
from __future__ import annotations

import re

from rag.types import Answer, Citation, Passage
from ui import cards
from ui.cards import (Source, excerpt_range, find_passage, folded, open_attrs, passage_card,  # noqa: F401
                      relevance, source_card, spans_of, title_of, top_score)
from ui.markup import MARK_KINDS, capitalise, esc, highlight, shorten  # noqa: F401

LONG_ANSWER_CHARS = 120
# A run of citation markers in a written answer: "[1]", "[1][2]", "[1, 3]".
_MARKER_RUN = re.compile(r"(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")
OPEN_CLOSEST = 2  # closest passages shown open when the assistant abstains; the rest folded
ABSTAIN_LINE = "No passage in your documents answers this."


def group_sources(answer: Answer) -> list[Source]:
    """Cited passages, numbered 1, 2, … in order of first citation."""
    return cards.group_sources(answer.citations, answer.passages)


def timings(answer: Answer) -> str:
    parts = [f"{esc(name.removesuffix('_ms'))} {ms:,.0f} ms" for name, ms in answer.timings_ms.items()]
    return f'<p class="timings">Answered by the {esc(answer.generator)} generator' + (
        f' · {" · ".join(parts)}' if parts else "") + "</p>"


def _details(answer: Answer, sources: list[Source]) -> str:
    """The numbers behind an answer, folded away: confidence, why it answered or not, where each
    source is in its document (character offsets), timings and the generator."""
    lines = [] if "confidence" in answer.reason else [f"Confidence {answer.confidence:.3f}"]
    if answer.reason:
        lines.append(capitalise(answer.reason))
    where = [f"[{s.number}] {s.passage.doc_id} · " + " · ".join(
        x for x in (cards.place(s.passage, s.citations), cards.offsets(s.passage, s.citations)) if x)
        for s in sources]
    return ('<details class="why"><summary>Details</summary>'
            + "".join(f"<p>{esc(line)}</p>" for line in lines)
            + "".join(f'<p class="where">{esc(line)}</p>' for line in where)
            + timings(answer) + "</details>")


def _copy_button(text: str) -> str:
    return (f'<button type="button" class="copy" data-copy="{esc(text)}" title="Copy the answer">'
            f'Copy</button>')


def _short_answer(answer: Answer) -> Citation | None:
    return next((c for c in answer.citations if c.kind == "answer"), None)


def render_answer(answer: Answer, turn: int | None = None) -> str:
    """One answer: the short answer large when there is one, with its supporting sentence under
    it (the short answer marked) and a copy button; then the cited passages under their
    documents' titles, the other retrieved passages folded away, and the details folded.
    With ``turn`` (its place in a conversation) the citation chips preview their source and
    titles open the document in a side panel."""
    if answer.abstained:
        return _render_abstention(answer, turn)
    sources = group_sources(answer)
    top = top_score(answer.passages)
    cited = {(s.passage.doc_id, s.passage.start, s.passage.end) for s in sources}
    others = [p for p in answer.passages if (p.doc_id, p.start, p.end) not in cited]
    short = _short_answer(answer)
    parts = [f'<div class="rag-result" data-question="{esc(answer.question)}">'
             f'<section class="answer-box"><div class="label">Answer</div>'
             f'<div class="answer-line"><p class="{_answer_class(answer.text)}">'
             f'{answer_text_html(answer, sources, turn)}</p>{_copy_button(answer.text)}</div>']
    if turn is not None and sources:
        parts.append('<div class="previews">' + "".join(preview(s, turn) for s in sources) + "</div>")
    support = next((c for c in answer.citations if c.kind == "support"), None) if short else None
    if short and support:
        spans = [(support.start, support.end, "support"), (short.start, short.end, "answer")]
        parts.append(f'<p class="support-line">{highlight(support.text, spans, offset=support.start)}</p>')
    if answer.reason:
        parts.append(f'<p class="reason">{esc(capitalise(answer.reason))}</p>')
    parts.append("</section>")
    if sources:
        parts.append('<h3 class="section-title">Sources</h3>')
        parts.extend(source_card(s, top, turn) for s in sources)
    if others:
        parts.append(folded("Other retrieved passages", others, top, turn))
    parts.append(_details(answer, sources) + "</div>")
    return "".join(parts)


def preview(source: Source, turn: int) -> str:
    """What a citation chip shows on hover or tap: the document's title and the cited sentence,
    with a button that opens the whole document."""
    p = source.passage
    spans = spans_of(source.citations)
    lo, hi = excerpt_range(p, spans, context=0)
    title = title_of(p) or p.doc_id
    return (f'<div class="preview" data-ref="{source.number}" hidden>'
            f'<div class="pv-head"><span class="num">[{source.number}]</span>'
            f'<span class="pv-title">{esc(shorten(title, 120))}</span>'
            f'<button type="button" class="close-preview" title="Close" aria-label="Close">✕</button></div>'
            f'<p class="pv-quote">{highlight(p.text[lo:hi], spans, offset=p.start + lo)}</p>'
            f'<button type="button" class="pv-open"{open_attrs(turn, "source", source.number)}>'
            f'Open the document</button></div>')


def _refs(numbers: list[int], turn: int | None = None) -> str:
    """Citation chips: with ``turn`` buttons that show their source's preview."""
    if turn is None:
        return "".join(f'<span class="ref">[{n}]</span>' for n in numbers)
    return "".join(f'<button type="button" class="ref" data-ref="{n}" aria-label="Source {n}" '
                   f'title="Show source {n}">[{n}]</button>' for n in numbers)


def answer_text_html(answer: Answer, sources: list[Source], turn: int | None = None) -> str:
    """The answer text, escaped, with citation numbers that point at the source cards.

    A written answer (an LLM's) carries markers ``[k]`` meaning ``answer.citations[k-1]``;
    each run of markers becomes the numbers of the cards holding those citations. A quoted
    answer (the text of one of its citations) gets the numbers of all cards after it, and so
    does a written answer without markers; brackets in quoted text are left alone.
    """
    text = answer.text
    all_refs = _refs([s.number for s in sources], turn)
    if any(c.text == text for c in answer.citations):
        return f"{esc(text)} {all_refs}" if sources else esc(text)
    card_of = {id(c): s.number for s in sources for c in s.citations}
    out: list[str] = []
    pos = 0
    for run in _MARKER_RUN.finditer(text):
        ks = [int(n) for n in re.findall(r"\d+", run.group(0))]
        if not ks or not all(1 <= k <= len(answer.citations) for k in ks):
            continue
        numbers = sorted({card_of[id(answer.citations[k - 1])] for k in ks if id(answer.citations[k - 1]) in card_of})
        out.append(esc(text[pos:run.start()]) + _refs(numbers, turn))
        pos = run.end()
    if not out:
        return f"{esc(text)} {all_refs}" if sources else esc(text)
    out.append(esc(text[pos:]))
    return "".join(out)


def _answer_class(text: str) -> str:
    """Short answers are shown large; written paragraphs (an LLM's) at reading size."""
    return "answer-text long" if len(text) > LONG_ANSWER_CHARS else "answer-text"


def _render_abstention(answer: Answer, turn: int | None = None) -> str:
    """Said plainly; the closest passages follow without any rating (none matched well enough),
    and the numbers stay in the details fold."""
    parts = [f'<div class="rag-result" data-question="{esc(answer.question)}"><section class="notice abstain">'
             f'<p class="answer-text">{esc(ABSTAIN_LINE)}</p>'
             + ('<p class="reason">The closest passages are below; none of them says it.</p>' if answer.passages
                else "") + "</section>"]
    if answer.passages:
        top = top_score(answer.passages)
        shown, rest = answer.passages[:OPEN_CLOSEST], answer.passages[OPEN_CLOSEST:]
        parts.append('<h3 class="section-title">Closest passages</h3>')
        parts.extend(passage_card(p, top, turn, rated=False) for p in shown)
        if rest:
            parts.append(folded("More closest passages", rest, top, turn, rated=False))
    parts.append(_details(answer, []) + "</div>")
    return "".join(parts)


def render_draft(question: str, tokens: str, passages: list[Passage]) -> str:
    """What the page shows while a streaming generator is still writing."""
    return (f'<div class="rag-result"><section class="answer-box drafting"><div class="label">'
            f'Writing an answer from {len(passages)} passages…</div>'
            f'<p class="answer-text long">{esc(tokens)}<span class="caret">▍</span></p></section></div>')


def render_message(message: str, kind: str = "error") -> str:
    """A one-line message (an error, or a hint such as an empty question)."""
    kind = kind if kind in ("error", "info", "ok") else "error"
    return f'<div class="notice {kind}"><p>{esc(message)}</p></div>'


def render_status(lines: list[tuple[str, str]]) -> str:
    """Several one-line messages, each ``(kind, text)``."""
    return "".join(render_message(text, kind) for kind, text in lines)
