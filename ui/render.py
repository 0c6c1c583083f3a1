"""Answers as HTML for the page: every piece of document text is escaped, then <mark> tags are
put *between* escaped pieces by offsets, so a document holding markup shows as text and runs
nothing. Nothing here escapes after inserting tags or inserts raw text."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rag.types import Answer, Citation, Passage

# The only classes a <mark> can carry; "answer" (the short answer) nests inside "support".
MARK_KINDS = ("support", "answer")
_NEST_ORDER = {kind: i for i, kind in enumerate(MARK_KINDS)}
LONG_ANSWER_CHARS = 120
# A run of citation markers in a written answer: "[1]", "[1][2]", "[1, 3]".
_MARKER_RUN = re.compile(r"(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")
OPEN_CLOSEST = 2  # closest passages shown open when the assistant abstains; the rest folded


def esc(value: object) -> str:
    """Escape any value for use in HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def highlight(text: str, spans: Iterable[tuple[int, int, str]], offset: int = 0) -> str:
    """``text`` (which starts at document offset ``offset``) as HTML with each span
    ``(start, end, kind)`` (document offsets, end exclusive) wrapped in ``<mark class=kind>``.

    Spans are clipped to the text; a span inside another nests inside it, a longer span is the
    outer one, and spans that cross are split so the tags stay well nested.
    """
    n = len(text)
    clipped: set[tuple[int, int, str]] = set()
    for start, end, kind in spans:
        if kind not in _NEST_ORDER:
            raise ValueError(f"unknown mark kind {kind!r}")
        a, b = max(int(start) - offset, 0), min(int(end) - offset, n)
        if a < b:
            clipped.add((a, b, kind))
    starts: dict[int, list[tuple[int, int, str]]] = {}
    for span in clipped:
        starts.setdefault(span[0], []).append(span)
    for group in starts.values():
        group.sort(key=lambda s: (-s[1], _NEST_ORDER[s[2]]))  # outer (longer) first
    bounds = sorted({0, n, *(s[0] for s in clipped), *(s[1] for s in clipped)})

    out: list[str] = []
    stack: list[tuple[int, int, str]] = []
    for i, pos in enumerate(bounds):
        ending = [j for j, span in enumerate(stack) if span[1] == pos]
        if ending:
            lowest = ending[0]
            reopen = [span for span in stack[lowest:] if span[1] != pos]
            out.append("</mark>" * (len(stack) - lowest))
            del stack[lowest:]
            for span in reopen:
                out.append(_open(span[2]))
                stack.append(span)
        for span in starts.get(pos, []):
            out.append(_open(span[2]))
            stack.append(span)
        if i + 1 < len(bounds):
            out.append(esc(text[pos:bounds[i + 1]]))
    return "".join(out)


def _open(kind: str) -> str:
    return f'<mark class="{kind}">'


# ---- answer layout ---------------------------------------------------------------------------


@dataclass
class Source:
    """One cited passage with the citations that point into it."""

    number: int
    passage: Passage
    citations: list[Citation] = field(default_factory=list)


def find_passage(citation: Citation, passages: list[Passage]) -> Passage | None:
    """The retrieved passage a citation was taken from: same document, span inside it
    (the one of its ``passage_rank`` first)."""
    holders = [p for p in passages
               if p.doc_id == citation.doc_id and p.start <= citation.start and citation.end <= p.end]
    holders.sort(key=lambda p: (p.rank != citation.passage_rank, p.rank))
    return holders[0] if holders else None


def group_sources(answer: Answer) -> list[Source]:
    """Cited passages, numbered 1, 2, … in order of first citation."""
    sources: dict[tuple[str, int, int], Source] = {}
    for citation in answer.citations:
        passage = find_passage(citation, answer.passages)
        if passage is None:  # a span outside every passage: show the span itself
            passage = Passage(doc_id=citation.doc_id, start=citation.start, end=citation.end,
                              text=citation.text, score=float("nan"), rank=citation.passage_rank,
                              page=citation.page)
        key = (passage.doc_id, passage.start, passage.end)
        if key not in sources:
            sources[key] = Source(number=len(sources) + 1, passage=passage)
        sources[key].citations.append(citation)
    return list(sources.values())


def location(passage: Passage, citations: list[Citation] | None = None) -> str:
    """Where in its document a passage (or the cited span in it) is: characters and page."""
    spans = [c for c in citations or [] if c.kind == "support"] or list(citations or [])
    start = min((c.start for c in spans), default=passage.start)
    end = max((c.end for c in spans), default=passage.end)
    pages = sorted({p for p in [*(c.page for c in spans), passage.page] if p is not None})
    where = f"characters {start:,}–{end:,}"
    if pages:
        where = (f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}") + " · " + where
    return where


ABSTAIN_LINE = "No passage in your documents answers this."
RELEVANCE_LABELS = ((0.85, "strong match"), (0.6, "good match"), (0.0, "weak match"))


def _open_attrs(turn: int | None, what: str, n: int) -> str:
    """Attributes that make an element open a document in the side panel (see ui.app)."""
    return "" if turn is None else f' data-open="{what}" data-turn="{turn}" data-n="{n}"'


def relevance(passage: Passage, top: float) -> str:
    """How well a passage matches, in words and as a bar: its score relative to the best
    retrieved passage (fused scores such as 0.033 mean nothing to a reader)."""
    score = passage.score
    if score != score:  # NaN: a span outside every retrieved passage
        return ""
    share = max(0.0, min(score / top, 1.0)) if top > 0 else 0.0
    label = "best match" if passage.rank == 1 else next(name for floor, name in RELEVANCE_LABELS if share >= floor)
    return (f'<span class="relevance" title="retrieved at rank {passage.rank}">'
            f'<span class="rel-bar"><span style="width:{round(share * 100)}%"></span></span>{label}</span>')


def _title(passage: Passage) -> str:
    return " ".join((passage.title or "").split())


def _header(label: str, passage: Passage, where: str, top: float, open_attrs: str = "") -> str:
    """The document's title (its file name when it has none), then the file name, where in it,
    and how relevant, in small print. The title appears once, here."""
    title = _title(passage) or passage.doc_id
    name = "" if title == passage.doc_id else f'<span class="doc-name">{esc(passage.doc_id)}</span>'
    heading = (f'<button type="button" class="doc-title"{open_attrs} title="Open the whole document">'
               f'{esc(shorten(title, 160))}</button>' if open_attrs
               else f'<span class="doc-title">{esc(shorten(title, 160))}</span>')
    return (f'<header><div class="heading">{label}{heading}</div>'
            f'<div class="meta">{name}<span class="loc">{esc(where)}</span>{relevance(passage, top)}</div></header>')


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def display_start(passage: Passage) -> int:
    """Where to start showing a passage: after its first line when that line is the document's
    title (already shown as the card's heading), so no title is printed twice."""
    title = _title(passage)
    text = passage.text
    first, newline, _ = text.partition("\n")
    if title and newline and " ".join(first.split()).lstrip("# ") == title:
        rest = text[len(first):]
        return len(first) + len(rest) - len(rest.lstrip("\n"))
    return 0


def _passage_text(passage: Passage, spans: list[tuple[int, int, str]]) -> str:
    skip = display_start(passage)
    if any(start < passage.start + skip for start, _, _ in spans):
        skip = 0  # a citation in the title line: show it
    return highlight(passage.text[skip:], spans, offset=passage.start + skip)


def top_score(passages: list[Passage]) -> float:
    return max((p.score for p in passages if p.score == p.score), default=0.0)


def source_card(source: Source, top: float | None = None, turn: int | None = None) -> str:
    p = source.passage
    top = p.score if top is None else top
    spans = [(c.start, c.end, c.kind if c.kind in _NEST_ORDER else "support") for c in source.citations]
    opener = _open_attrs(turn, "source", source.number)
    label = f'<span class="num">[{source.number}]</span>'
    return (f'<article class="source cited" data-doc="{esc(p.doc_id)}">'
            f'{_header(label, p, location(p, source.citations), top, opener)}'
            f'<div class="passage-text">{_passage_text(p, spans)}</div></article>')


def passage_card(passage: Passage, top: float | None = None, turn: int | None = None) -> str:
    top = passage.score if top is None else top
    opener = _open_attrs(turn, "passage", passage.rank)
    return (f'<article class="source" data-doc="{esc(passage.doc_id)}">'
            f'{_header("", passage, location(passage), top, opener)}'
            f'<div class="passage-text">{_passage_text(passage, [])}</div></article>')


def timings(answer: Answer) -> str:
    parts = [f"{esc(name.removesuffix('_ms'))} {ms:,.0f} ms" for name, ms in answer.timings_ms.items()]
    parts.append(f"generator {esc(answer.generator)}")
    return f'<p class="timings">{" · ".join(parts)}</p>'


def _details(answer: Answer) -> str:
    """The numbers behind an answer, folded away: the answer's confidence and why it answered
    or not."""
    lines = [] if "confidence" in answer.reason else [f"Confidence {answer.confidence:.3f}"]
    if answer.reason:
        lines.append(capitalise(answer.reason))
    return ('<details class="why"><summary>Details</summary>'
            + "".join(f"<p>{esc(line)}</p>" for line in lines) + "</details>")


def _copy_button(text: str) -> str:
    return (f'<button type="button" class="copy" data-copy="{esc(text)}" title="Copy the answer">'
            f'Copy</button>')


def _short_answer(answer: Answer) -> Citation | None:
    return next((c for c in answer.citations if c.kind == "answer"), None)


def render_answer(answer: Answer, turn: int | None = None) -> str:
    """One answer: the short answer large when there is one, with its supporting sentence under
    it (the short answer marked) and a copy button; then the cited passages under their
    documents' titles, the other retrieved passages folded away, and timings in small print.
    With ``turn`` (its place in a conversation) citations open the document in a side panel."""
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
        parts.append(_folded("Other retrieved passages", others, top, turn))
    parts.append(_details(answer) + timings(answer) + "</div>")
    return "".join(parts)


def _folded(title: str, passages: list[Passage], top: float, turn: int | None = None) -> str:
    """Passages folded away under a summary line (closed until clicked)."""
    return (f'<details class="others"><summary>{title} ({len(passages)})</summary>'
            + "".join(passage_card(p, top, turn) for p in passages) + "</details>")


def _refs(numbers: list[int], turn: int | None = None) -> str:
    return "".join(f'<button type="button" class="ref"{_open_attrs(turn, "source", n)}>[{n}]</button>'
                   if turn is not None else f'<span class="ref">[{n}]</span>' for n in numbers)


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
    """Said plainly; the closest passages follow, and the numbers stay in the details fold."""
    parts = [f'<div class="rag-result" data-question="{esc(answer.question)}"><section class="notice abstain">'
             f'<p class="answer-text">{esc(ABSTAIN_LINE)}</p>'
             + ('<p class="reason">The closest passages are below; none of them says it.</p>' if answer.passages
                else "") + "</section>"]
    if answer.passages:
        top = top_score(answer.passages)
        shown, folded = answer.passages[:OPEN_CLOSEST], answer.passages[OPEN_CLOSEST:]
        parts.append('<h3 class="section-title">Closest passages</h3>')
        parts.extend(passage_card(p, top, turn) for p in shown)
        if folded:
            parts.append(_folded("More retrieved passages", folded, top, turn))
    parts.append(_details(answer) + timings(answer) + "</div>")
    return "".join(parts)


def capitalise(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


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
