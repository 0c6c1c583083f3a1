"""Source cards: a cited passage (or a retrieved one) under its document's title, shown compact:
the cited sentence with a sentence of context on each side, the whole passage folded below.
Offsets and scores stay out of sight (the answer's Details fold lists the offsets)."""
from __future__ import annotations

from dataclasses import dataclass, field

from rag.ingest.sentences import split_sentences
from rag.types import Citation, Passage
from ui.markup import MARK_KINDS, esc, highlight, shorten

CONTEXT_SENTENCES = 1  # sentences shown on each side of the cited ones
LEAD_CHARS = 280  # an uncited passage shows its first sentences up to about this many characters
RELEVANCE_LABELS = ((0.6, "good match"), (0.0, "weak match"))


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


def group_sources(citations: list[Citation], passages: list[Passage]) -> list[Source]:
    """Cited passages, numbered 1, 2, … in order of first citation."""
    sources: dict[tuple[str, int, int], Source] = {}
    for citation in citations:
        passage = find_passage(citation, passages)
        if passage is None:  # a span outside every passage: show the span itself
            passage = Passage(doc_id=citation.doc_id, start=citation.start, end=citation.end,
                              text=citation.text, score=float("nan"), rank=citation.passage_rank,
                              page=citation.page)
        key = (passage.doc_id, passage.start, passage.end)
        if key not in sources:
            sources[key] = Source(number=len(sources) + 1, passage=passage)
        sources[key].citations.append(citation)
    return list(sources.values())


def spans_of(citations: list[Citation]) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.kind if c.kind in MARK_KINDS else "support") for c in citations]


def place(passage: Passage, citations: list[Citation] | None = None) -> str:
    """Where a person finds the passage (or its cited span): a page, slide or sheet row; '' for
    plain text (character offsets are for the Details fold)."""
    cited = [c for c in citations or [] if c.kind == "support"] or list(citations or [])
    named = [getattr(c, "location", "") for c in cited] or [getattr(passage, "location", "")]
    named = list(dict.fromkeys(n for n in named if n))
    if named:
        return " · ".join(named[:2])
    pages = sorted({p for p in [*(c.page for c in cited), passage.page] if p is not None})
    if not pages:
        return ""
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}"


def cited_span(passage: Passage, citations: list[Citation] | None = None) -> tuple[int, int]:
    """The document offsets the card's support citations (else all of them, else the passage) cover."""
    spans = [c for c in citations or [] if c.kind == "support"] or list(citations or [])
    return (min((c.start for c in spans), default=passage.start),
            max((c.end for c in spans), default=passage.end))


def offsets(passage: Passage, citations: list[Citation] | None = None) -> str:
    """The cited span's (or passage's) character offsets in its document."""
    start, end = cited_span(passage, citations)
    return f"characters {start:,}–{end:,}"


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


def open_attrs(turn: int | None, what: str, n: int) -> str:
    """Attributes that make an element open a document in the side panel (see ui.app)."""
    return "" if turn is None else f' data-open="{what}" data-turn="{turn}" data-n="{n}"'


def title_of(passage: Passage) -> str:
    return " ".join((passage.title or "").split())


def header(label: str, passage: Passage, where: str, rel: str, opener: str = "") -> str:
    """The document's title (its file name only when it has none), then in small print the file
    name, where in it and how relevant. The title appears once, here."""
    title = title_of(passage) or passage.doc_id
    name = "" if title == passage.doc_id else f'<span class="doc-name">{esc(passage.doc_id)}</span>'
    heading = (f'<button type="button" class="doc-title"{opener} title="Open the whole document">'
               f'{esc(shorten(title, 160))}</button>' if opener
               else f'<span class="doc-title">{esc(shorten(title, 160))}</span>')
    loc = f'<span class="loc">{esc(where)}</span>' if where else ""
    return f'<header><div class="heading">{label}{heading}</div><div class="meta">{name}{loc}{rel}</div></header>'


def title_line(text: str, title: str, lines: int = 3) -> tuple[int, int] | None:
    """Where the document's title stands as a line among the first ``lines`` of ``text`` (offsets
    into it, with the blank lines after it), so it is shown once, as the heading; None if not."""
    title = " ".join(title.split())
    if not title:
        return None
    pos = 0
    for _ in range(lines):
        end = text.find("\n", pos)
        if end < 0:
            return None
        if " ".join(text[pos:end].split()).lstrip("# ") == title:
            rest = text[end:]
            return pos, end + len(rest) - len(rest.lstrip("\n"))
        pos = end + 1
    return None


def display_start(passage: Passage) -> int:
    """Where to start showing a passage: after its first line when that line is the document's
    title (already shown as the card's heading), so no title is printed twice."""
    span = title_line(passage.text, title_of(passage), lines=1)
    return span[1] if span else 0


def excerpt_range(passage: Passage, spans: list[tuple[int, int, str]],
                  context: int = CONTEXT_SENTENCES) -> tuple[int, int]:
    """The part of the passage to show (offsets into ``passage.text``): the sentences holding the
    spans with ``context`` sentences on each side, or the lead sentences when nothing is cited."""
    text = passage.text
    skip = display_start(passage)
    sentences = split_sentences(text)
    if not sentences:
        return 0, len(text)
    if spans:
        a = min(s for s, _, _ in spans) - passage.start
        b = max(e for _, e, _ in spans) - passage.start
        hit = [i for i, (x, y) in enumerate(sentences) if x < b and y > a]
        if not hit:
            return max(a, 0), min(b, len(text))
        i, j = hit[0], hit[-1]
        heading = title_line(text, title_of(passage)) or (0, skip)
        for _ in range(context):  # context before, never the title line or anything above it
            if i > 0 and sentences[i - 1][0] >= heading[1]:
                i -= 1
        j = min(len(sentences) - 1, j + context)
        return sentences[i][0], sentences[j][1]
    body = [s for s in sentences if s[1] > skip] or sentences
    lo, hi = body[0]
    for _, y in body[1:]:
        if y - lo > LEAD_CHARS:
            break
        hi = y
    return lo, hi


def highlight_around(text: str, spans: list[tuple[int, int, str]], offset: int,
                     cut: tuple[int, int] | None) -> str:
    """``highlight`` of ``text`` without ``cut`` (offsets into ``text``: the title line, shown as
    the heading instead), unless a span reaches into it."""
    if cut is None or any(s < offset + cut[1] and e > offset + cut[0] for s, e, _ in spans):
        return highlight(text, spans, offset=offset)
    a, b = cut
    return highlight(text[:a], spans, offset=offset) + highlight(text[b:], spans, offset=offset + b)


def passage_body(passage: Passage, spans: list[tuple[int, int, str]]) -> str:
    """The excerpt (with "…" where text is left out), then the whole passage folded when the
    excerpt is not all of it."""
    text = passage.text
    skip = display_start(passage)
    if any(start < passage.start + skip for start, _, _ in spans):
        skip = 0  # a citation in the title line: show it
    lo, hi = excerpt_range(passage, spans)
    lo = max(lo, skip)
    before = "… " if text[skip:lo].strip() else ""
    after = " …" if text[hi:].strip() else ""
    out = (f'<div class="excerpt">{before}{highlight(text[lo:hi], spans, offset=passage.start + lo)}'
           f'{after}</div>')
    if before or after:
        cut = title_line(text[skip:], title_of(passage))
        out += ('<details class="full"><summary>Whole passage</summary><div class="passage-text">'
                f'{highlight_around(text[skip:], spans, passage.start + skip, cut)}</div></details>')
    return out


def source_card(source: Source, top: float | None = None, turn: int | None = None) -> str:
    p = source.passage
    top = p.score if top is None else top
    label = f'<span class="num">[{source.number}]</span>'
    start, end = cited_span(p, source.citations)  # for programs reading the page (bench/load_test.py)
    return (f'<article class="source cited" data-doc="{esc(p.doc_id)}" data-source="{source.number}" '
            f'data-start="{start}" data-end="{end}">'
            f'{header(label, p, place(p, source.citations), relevance(p, top), open_attrs(turn, "source", source.number))}'
            f'{passage_body(p, spans_of(source.citations))}</article>')


def passage_card(passage: Passage, top: float | None = None, turn: int | None = None,
                 rated: bool = True) -> str:
    """A retrieved passage nothing cites; ``rated`` False leaves out the relevance (the closest
    passages under an abstention: none of them matched well enough)."""
    top = passage.score if top is None else top
    rel = relevance(passage, top) if rated else ""
    return (f'<article class="source" data-doc="{esc(passage.doc_id)}">'
            f'{header("", passage, place(passage), rel, open_attrs(turn, "passage", passage.rank))}'
            f'{passage_body(passage, [])}</article>')


def folded(title: str, passages: list[Passage], top: float, turn: int | None = None, rated: bool = True) -> str:
    """Passages folded away under a summary line (closed until clicked)."""
    return (f'<details class="others"><summary>{esc(title)} ({len(passages)})</summary>'
            + "".join(passage_card(p, top, turn, rated) for p in passages) + "</details>")


def top_score(passages: list[Passage]) -> float:
    return max((p.score for p in passages if p.score == p.score), default=0.0)
