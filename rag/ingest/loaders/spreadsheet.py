"""Spreadsheets: .xlsx with openpyxl (every sheet, the cached values of formulas) and .csv with
the standard library. The first row with text is the header; every other row is one line of
"column: value" pairs, so a retrieved row says what its numbers are. Locations read
"Sheet1 row 12" (.xlsx) and "row 12" (.csv): the row number the spreadsheet shows."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from rag.errors import DocumentError
from rag.ingest.decoding import read_text
from rag.ingest.loaders import Sample
from rag.ingest.loaders.blocks import TextBuilder, cell_text, reading, row_text
from rag.types import Document

MAX_CELLS = 5_000_000  # a sheet claiming more (a corrupt dimension, a zip bomb) is refused, not read


def add_rows(out: TextBuilder, rows: Iterable[tuple[int, list[str]]], where: str) -> None:
    """(row number, cell texts) -> header, then one "column: value" line a row; a table with a
    single row is that row's values."""
    header: list[str] | None = None
    first = True
    for number, cells in rows:
        if not any(cells):
            continue
        if header is None:
            header, header_row = cells, number
            continue
        label = f"{where} row {number}".strip()
        first = not out.add(row_text(header, cells), label, sep="\n\n" if first else "\n") and first
    if header is not None and first:  # only a header: its values are the text
        out.add(" | ".join(c for c in header if c), f"{where} row {header_row}".strip())


class XlsxLoader:
    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        from openpyxl import load_workbook

        out = TextBuilder()
        with reading(path, "spreadsheet"):
            book = load_workbook(str(path), read_only=True, data_only=True)
            try:
                sheets = book.sheetnames
                cells = 0
                for sheet in book.worksheets:
                    def rows(sheet=sheet):
                        nonlocal cells
                        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                            cells += len(row)
                            if cells > MAX_CELLS:
                                raise DocumentError(f"{path}: more than {MAX_CELLS:,} cells")
                            yield number, [cell_text(v) for v in row]
                    add_rows(out, rows(), sheet.title)
                title = book.properties.title or path.stem  # a row is no title
            finally:
                book.close()
        return out.document(path, doc_id, "xlsx", title=title, sheets=sheets)

    def write_sample(self, folder: Path) -> Sample:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Costs"
        for row in [("Project", "Budget", "Year"), ("Osprey", "4.2 million euros", 2024), (None, None, None),
                    ("Kestrel – “B”", None, 2025.0)]:
            sheet.append(row)
        book.create_sheet("Empty")
        path = folder / "sample.xlsx"
        book.save(str(path))
        return Sample(path, {"sample": "Project: Osprey; Budget: 4.2 million euros; Year: 2024\n"
                                       "Project: Kestrel – “B”; Year: 2025"})


class CsvLoader:
    name = "csv"
    suffixes = (".csv", ".tsv")
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        text = read_text(path)
        out = TextBuilder()
        with reading(path, "CSV file"):
            if "\x00" in text:
                raise DocumentError(f"{path}: not a CSV file (NUL bytes)")
            try:
                dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
            reader = csv.reader(io.StringIO(text, newline=""), dialect)
            # the line number a spreadsheet shows as the row (the last line of a quoted multi-line cell)
            add_rows(out, ((reader.line_num, [cell_text(c) for c in row]) for row in reader), "")
        return out.document(path, doc_id, path.suffix.lower().lstrip("."), title=path.stem)

    def write_sample(self, folder: Path) -> Sample:
        path = folder / "sample.csv"
        path.write_text('city,country,note\r\nTokyo,Japan,"big, “busy”"\r\n\r\nOslo,,cold\r\n', encoding="utf-8")
        return Sample(path, {"sample": "city: Tokyo; country: Japan; note: big, “busy”\ncity: Oslo; note: cold"})
