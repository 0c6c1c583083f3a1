"""Word documents (.docx) with python-docx: paragraphs and tables in reading order. A heading
opens a section (the location reads `section "Budget"`); a table row is one line, its cells
joined by " | ", located as "table 2 row 3"."""
from __future__ import annotations

from pathlib import Path

from rag.ingest.loaders import Sample
from rag.ingest.loaders.blocks import TextBuilder, reading, tidy
from rag.types import Document


def _is_heading(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.startswith("Heading") or name == "Title"


def _row_cells(row) -> list[str]:
    """Cell texts of a row, a merged cell once (python-docx repeats it for each grid column)."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(tidy(cell.text).split()))
    return cells


class DocxLoader:
    name = "docx"
    suffixes = (".docx",)
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        import docx
        from docx.table import Table

        out = TextBuilder()
        section, tables = "", 0
        with reading(path, "Word document"):
            document = docx.Document(str(path))
            for block in document.iter_inner_content():
                if isinstance(block, Table):
                    tables += 1
                    for r, row in enumerate(block.rows, 1):
                        out.add(" | ".join(c for c in _row_cells(row) if c), f"table {tables} row {r}",
                                sep="\n" if r > 1 else "\n\n")
                    continue
                text = block.text
                if _is_heading(block) and tidy(text):
                    section = f'section "{" ".join(tidy(text).split())}"'
                out.add(text, section or None)
            title = document.core_properties.title or ""
        return out.document(path, doc_id, "docx", title=title)

    def write_sample(self, folder: Path) -> Sample:
        import docx

        document = docx.Document()
        document.add_heading("Budget", level=1)
        document.add_paragraph("The plan – “final”.")
        table = document.add_table(rows=2, cols=2)
        for r, cells in enumerate([("Project", "Budget"), ("Osprey", "4.2 million euros")]):
            for c, value in enumerate(cells):
                table.cell(r, c).text = value
        path = folder / "sample.docx"
        document.save(str(path))
        return Sample(path, {"sample": "Budget\n\nThe plan – “final”.\n\nProject | Budget\nOsprey | 4.2 million euros"})
