"""Images of text (.png, .jpg, .tiff: scans, photos of pages, screenshots) read by OCR
(rag.ingest.loaders.ocr). Each frame of a multi-page TIFF is a page, so a citation names it."""
from __future__ import annotations

from pathlib import Path

from rag.errors import DocumentError
from rag.ingest.loaders import Sample
from rag.ingest.loaders import ocr
from rag.ingest.loaders.blocks import reading
from rag.types import Document

MAX_FRAMES = 500


class ImageLoader:
    name = "image"
    suffixes = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
    corpus = False

    def unavailable(self) -> str:
        """Why this loader cannot read its files here ('' when it can): the conformance suite
        then checks only that every file is refused in one line."""
        return ocr.unavailable()

    def load(self, path: Path, doc_id: str) -> Document:
        from PIL import Image, ImageSequence

        if why := ocr.unavailable():
            raise DocumentError(f"{path}: {why}")
        pages: list[str] = []
        with reading(path, "image"), Image.open(path) as image:
            for i, frame in enumerate(ImageSequence.Iterator(image)):
                if i >= MAX_FRAMES:
                    break
                pages.append(ocr.read_image(frame.copy()))
        text, starts = "", []
        for page in pages:
            text += "\n\n" if text else ""
            starts.append(len(text))
            text += page
        if not text.strip():
            raise DocumentError(f"{path}: no text found by OCR")
        starts = starts if len(pages) > 1 else []  # one picture has no pages to name
        return Document(doc_id=doc_id, text=text, title=path.stem,
                        metadata={"source": str(path), "format": path.suffix.lower().lstrip("."), "ocr": True},
                        page_starts=tuple(starts))

    def write_sample(self, folder: Path) -> Sample:
        path = folder / "sample.png"
        ocr.text_image(["The harbour opens at six.", "Ferries leave every 40 minutes."]).save(path)
        return Sample(path, {"sample": "The harbour opens at six.\nFerries leave every 40 minutes."})
