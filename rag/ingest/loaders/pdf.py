"""PDF files page by page with pypdf; each page's start offset is kept, so a citation names
its page. A page with no text layer (a scan) is read by OCR from the pictures it holds, when
tesseract is installed (rag.ingest.loaders.ocr)."""
from __future__ import annotations

import re
from pathlib import Path

from rag.ingest.decoding import normalise_newlines
from rag.errors import DocumentError
from rag.ingest.loaders import Sample, ocr
from rag.ingest.loaders.text import guess_title
from rag.notes import note
from rag.types import Document


class PdfLoader:
    name = "pdf"
    suffixes = (".pdf",)
    corpus = False

    def load(self, path: Path, doc_id: str) -> Document:
        from pypdf import PdfReader

        try:
            reader = PdfReader(str(path))
            pages = [normalise_newlines(page.extract_text() or "").strip() for page in reader.pages]
            scanned = [i for i, page in enumerate(pages) if not page]
            if scanned and not ocr.unavailable():  # no text layer: read the page's pictures
                for i in scanned:
                    pages[i] = ocr_page(reader.pages[i])
        except Exception as exc:  # noqa: BLE001 - pypdf raises many types on corrupt files (LimitReachedError,
            # IndexError, RecursionError ...): whatever it is, this one file is unreadable, not the run
            raise DocumentError(f"{path}: unreadable PDF ({exc.__class__.__name__}: {exc})".splitlines()[0]) from exc
        starts, text = [], ""
        for i, page in enumerate(pages):
            if i:
                text += "\n\n"
            starts.append(len(text))
            text += page
        why = ocr.unavailable() if scanned else ""
        if why and text.strip():
            note(f"{path}: {len(scanned)} of {len(pages)} pages have no text layer and were skipped: {why}")
        if not text.strip():
            raise DocumentError(f"{path}: PDF has no text layer; {why}" if why and scanned
                                else f"{path}: PDF has no extractable text")
        title = ""
        try:
            title = (reader.metadata.title or "") if reader.metadata else ""
        except Exception:  # broken metadata must not lose the text
            title = ""
        return Document(doc_id=doc_id, text=text, title=metadata_title(title) or guess_title(text),
                        metadata={"source": str(path), "format": "pdf", "pages": len(pages),
                                  **({"ocr_pages": [i + 1 for i in scanned]} if scanned and not why else {})},
                        page_starts=tuple(starts))

    def write_sample(self, folder: Path) -> Sample:
        path = write_pdf(folder / "sample.pdf", ["First page text.", "Second page (text)."])
        return Sample(path, {"sample": "First page text.\n\nSecond page (text)."})


def ocr_page(page) -> str:
    """The text of a page's pictures, read by OCR, in the order the page holds them."""
    return "\n\n".join(t for t in (ocr.read_image(picture.image) for picture in page.images) if t)


def metadata_title(title: str) -> str:
    """The metadata /Title when it is a real title, not what a PDF writer put there by itself
    ("Microsoft Word - report.docx", "untitled", a file name)."""
    title = " ".join(title.split()).removeprefix("Microsoft Word - ").strip()
    if not title or title.lower() in ("untitled", "untitled document", "title", "document"):
        return ""
    return "" if re.search(r"\.(docx?|pdf|odt|rtf|txt|pptx?|xlsx?|tex|dvi|indd|qxd)$", title, re.I) else title


def write_pdf(path: Path, pages: list[str]) -> Path:
    """A small real PDF, one line of Helvetica text per page (Latin-1 only): a sample for the
    conformance suite and the tests, with no PDF-writing dependency."""
    objects: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    font_id = 3 + 2 * n
    for i, line in enumerate(pages):
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                       f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
