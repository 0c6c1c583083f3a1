"""PowerPoint decks (.pptx) with python-pptx: each slide's title, then the text of its shapes
(text boxes, tables row by row, groups) in order, then its speaker notes. Locations read
"slide 3" and "slide 3 notes"."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rag.ingest.loaders import Sample
from rag.ingest.loaders.blocks import TextBuilder, reading
from rag.types import Document


def shape_texts(shapes) -> Iterator[str]:
    """The text of each shape, groups opened, a table one line a row."""
    for shape in shapes:
        if getattr(shape, "shape_type", None) is not None and hasattr(shape, "shapes"):  # a group
            yield from shape_texts(shape.shapes)
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                yield " | ".join(" ".join(cell.text.split()) for cell in row.cells if cell.text.strip())
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield shape.text_frame.text


class PptxLoader:
    name = "pptx"
    suffixes = (".pptx",)
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        from pptx import Presentation

        out = TextBuilder()
        with reading(path, "PowerPoint deck"):
            deck = Presentation(str(path))
            for number, slide in enumerate(deck.slides, 1):
                label, opened = f"slide {number}", False  # a slide opens with a blank line, its lines one apart
                title_shape = slide.shapes.title
                texts = [title_shape.text_frame.text] if title_shape is not None and title_shape.has_text_frame else []
                others = [s for s in slide.shapes if title_shape is None or s.shape_id != title_shape.shape_id]
                blocks = [(t, label) for t in [*texts, *shape_texts(others)]]
                if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                    blocks.append((slide.notes_slide.notes_text_frame.text, f"{label} notes"))
                for text, where in blocks:
                    opened = out.add(text, where, sep="\n" if opened else "\n\n") or opened
            title = deck.core_properties.title or ""
        return out.document(path, doc_id, "pptx", title=title, slides=len(deck.slides))

    def write_sample(self, folder: Path) -> Sample:
        from pptx import Presentation

        deck = Presentation()
        for title, body, notes in [("Plans", "Ship in May – “soon”.", ""), ("Budget", "", "Costs rose by 3%.")]:
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = title
            slide.placeholders[1].text = body
            if notes:
                slide.notes_slide.notes_text_frame.text = notes
        path = folder / "sample.pptx"
        deck.save(str(path))
        return Sample(path, {"sample": "Plans\nShip in May – “soon”.\n\nBudget\nCosts rose by 3%."})
