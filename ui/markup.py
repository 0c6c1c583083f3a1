"""Escaping and highlighting for the page: every piece of document text is escaped, then <mark>
tags are put *between* escaped pieces by offsets, so a document holding markup shows as text and
runs nothing. Nothing here escapes after inserting tags or inserts raw text."""
from __future__ import annotations

import html
from collections.abc import Iterable

# The only classes a <mark> can carry; "answer" (the short answer) nests inside "support".
MARK_KINDS = ("support", "answer")
_NEST_ORDER = {kind: i for i, kind in enumerate(MARK_KINDS)}


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


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def capitalise(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]
