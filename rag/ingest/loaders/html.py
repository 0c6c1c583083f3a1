"""HTML pages as their visible text: script, style and head dropped, block tags as new lines."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from rag.ingest.decoding import read_text
from rag.errors import DocumentError
from rag.ingest.loaders import Sample
from rag.ingest.loaders.text import MAX_TITLE_CHARS, guess_title
from rag.types import Document


class _VisibleText(HTMLParser):
    """Collects visible text; drops script/style/head metadata; block tags become newlines."""

    SKIP = {"script", "style", "noscript", "template", "head", "title", "svg"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
             "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "main"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._skip = 0
        self._in_title = False
        self._h1 = 0  # 1 inside the first <h1>, 2 after it

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        if tag == "h1" and self._h1 == 0:
            self._h1 = 1
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "h1" and self._h1 == 1:
            self._h1 = 2
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        if not self._skip:
            self.parts.append(data)
            if self._h1 == 1:
                self.h1_parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """(title, visible text) with whitespace tidied line by line; the title is the page's headline:
    its first <h1>, else its <title> without a " | Site name" tail."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    lines = [re.sub(r"[ \t\f\v\u00a0]+", " ", line).strip() for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    heading = " ".join("".join(parser.h1_parts).split())
    title = " ".join("".join(parser.title_parts).split())
    if " | " in title:
        title = title.rsplit(" | ", 1)[0].strip()
    return (heading if heading and len(heading) <= MAX_TITLE_CHARS else title), text


class HtmlLoader:
    name = "html"
    suffixes = (".html", ".htm")
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        title, text = html_to_text(read_text(path))
        if not text.strip():
            raise DocumentError(f"{path}: no text")
        return Document(doc_id=doc_id, text=text, title=title or guess_title(text),
                        metadata={"source": str(path), "format": "html"})

    def write_sample(self, folder: Path) -> Sample:
        path = folder / "sample.html"
        path.write_text("<html><head><title>Page</title><style>p{color:red}</style></head><body>"
                        "<h1>Défense</h1><p>Visible &amp; kept.</p><script>var secret=1;</script>"
                        "<div>Second   block</div></body></html>", encoding="utf-8")
        return Sample(path, {"sample": "Défense\n\nVisible & kept.\n\nSecond block"})
