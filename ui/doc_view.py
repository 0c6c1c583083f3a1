"""A whole document in the side panel, with the cited span highlighted, so a citation can be
read in context. PDFs show the cited page; very long texts a window around the span."""
from __future__ import annotations

from rag.types import Document
from ui.cards import highlight_around, title_line
from ui.markup import esc, shorten

WINDOW_CHARS = 200_000  # longer texts are shown this many characters around the span


def visible_range(doc: Document, start: int) -> tuple[int, int, str]:
    """The part of ``doc`` to show for a span starting at ``start`` and a note saying which."""
    n = len(doc.text)
    if doc.page_starts:
        page = doc.page_of(start) or 1
        lo = doc.page_starts[page - 1]
        hi = doc.page_starts[page] if page < len(doc.page_starts) else n
        return lo, hi, f"page {page} of {len(doc.page_starts)}"
    if n <= WINDOW_CHARS:
        return 0, n, "whole document"
    lo = max(0, min(start - WINDOW_CHARS // 2, n - WINDOW_CHARS))
    return lo, lo + WINDOW_CHARS, f"the part around it: {WINDOW_CHARS:,} of {n:,} characters"


def render_document(doc: Document, spans: list[tuple[int, int, str]], label: str = "") -> str:
    """The panel: title, file name and which part is shown, then the text with ``spans``
    (document offsets, kinds as in ui.render.highlight) marked; the page scrolls to the first."""
    start = min((s for s, _, _ in spans), default=0)
    lo, hi, part = visible_range(doc, start)
    title = " ".join((doc.title or "").split()) or doc.doc_id
    cut = title_line(doc.text[lo:hi], title) if lo == 0 else None  # the heading: not twice
    name = f'<span class="doc-name">{esc(doc.doc_id)}</span>' if title != doc.doc_id else ""
    return (f'<div class="doc-view" data-doc="{esc(doc.doc_id)}"><header>'
            f'<button type="button" class="close-doc" title="Close">✕</button>'
            f'<div class="doc-label">{esc(label)}</div>'
            f'<h2 class="doc-heading">{esc(shorten(title, 200))}</h2>'
            f'<div class="meta">{name}<span class="part">{esc(part)}</span></div></header>'
            f'<div class="doc-text">{highlight_around(doc.text[lo:hi], spans, lo, cut)}</div></div>')


# gr.HTML js_on_load of the panel: scroll to the highlighted span whenever a document opens;
# the close button empties the panel (an empty panel is hidden by CSS).
DOC_JS = """
const show = () => {
  const mark = element.querySelector('.doc-text mark');
  if (mark) setTimeout(() => mark.scrollIntoView({block: 'center'}), 30);
};
element.addEventListener('click', (e) => {
  if (e.target.closest('.close-doc')) props.value = '';
});
watch('value', show);
show();
"""
