"""E-books (.epub) with ebooklib: the chapters in reading order (the spine), each as its visible
text; the table of contents names them. Locations read "chapter 2: Title"."""
from __future__ import annotations

import warnings
from pathlib import Path

from rag.ingest.loaders import Sample
from rag.ingest.loaders.blocks import TextBuilder, one_line, reading
from rag.ingest.loaders.html import html_to_text
from rag.types import Document


def toc_titles(toc) -> dict[str, str]:
    """File name (without #anchor) -> its first title in the table of contents."""
    titles: dict[str, str] = {}
    stack = list(toc)[::-1]
    while stack:
        entry = stack.pop()
        if isinstance(entry, (tuple, list)):
            stack.extend(list(entry)[::-1])
            continue
        href, title = getattr(entry, "href", None) or getattr(entry, "file_name", None), getattr(entry, "title", "")
        if href and title:
            titles.setdefault(href.split("#")[0], one_line(title, 120))
    return titles


class EpubLoader:
    name = "epub"
    suffixes = (".epub",)
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        from ebooklib import ITEM_DOCUMENT, ITEM_NAVIGATION, epub

        out = TextBuilder()
        with reading(path, "EPUB book"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ebooklib warns about its own future defaults
            book = epub.read_epub(str(path), options={"ignore_ncx": True})
            titles = toc_titles(book.toc)
            chapter = 0
            for idref, *_ in book.spine:
                item = book.get_item_with_id(idref)
                if item is None or item.get_type() != ITEM_DOCUMENT or isinstance(item, epub.EpubNav) \
                        or item.get_type() == ITEM_NAVIGATION:
                    continue
                head_title, text = html_to_text(item.get_content().decode("utf-8", errors="replace"))
                if not text.strip():
                    continue
                chapter += 1
                name = titles.get(item.get_name()) or head_title or text.split("\n", 1)[0][:80]
                out.add(text, f"chapter {chapter}: {one_line(name, 80)}" if name else f"chapter {chapter}")
            meta = book.get_metadata("DC", "title")
            title = meta[0][0] if meta and meta[0] and isinstance(meta[0][0], str) else ""
        return out.document(path, doc_id, "epub", title=title, chapters=chapter)

    def write_sample(self, folder: Path) -> Sample:
        path = write_epub(folder / "sample.epub", "Sample", [("Arrival", "<p>They landed in Tokyo – “late”.</p>"),
                                                             ("Departure", "<p>They left by train.</p>")])
        return Sample(path, {"sample": "Arrival\n\nThey landed in Tokyo – “late”.\n\nDeparture\n\nThey left by train."})


def write_epub(path: Path, title: str, chapters: list[tuple[str, str]]) -> Path:
    """A real EPUB 3 book, one chapter per (title, HTML body), each opening with its title as <h1>."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"rag-{path.stem}")
    book.set_title(title)
    book.set_language("en")
    items = []
    for i, (name, body) in enumerate(chapters, 1):
        item = epub.EpubHtml(title=name, file_name=f"chapter{i}.xhtml", lang="en")
        item.content = f"<html><body><h1>{name}</h1>{body}</body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = tuple(items)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        epub.write_epub(str(path), book)
    return path
