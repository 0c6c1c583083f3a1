"""Writes small real PDFs (one text line per page, Helvetica) for loader tests: the PDF
loader's own sample writer."""
from __future__ import annotations

from rag.ingest.loaders.pdf import write_pdf

__all__ = ["write_pdf"]
