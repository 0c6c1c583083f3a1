"""Text out of pictures of text (scans, photos, screenshots) with Debian's tesseract-ocr through
pytesseract. Tesseract is a program, not a Python package: without it, images and PDF pages
with no text layer are skipped with one line saying how to install it."""
from __future__ import annotations

import shutil
from functools import lru_cache

from rag.ingest.loaders.blocks import tidy

INSTALL = "apt-get install tesseract-ocr"
TIMEOUT_S = 120  # one page; a pathological image must not hold up the whole run
LANG = "eng"


@lru_cache(maxsize=1)
def unavailable() -> str:
    """Why OCR cannot run here ('' when it can)."""
    if shutil.which("tesseract") is None:
        return f"OCR needs tesseract, which is not installed ({INSTALL})"
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return "OCR needs the pytesseract package (pip install pytesseract)"
    return ""


def read_image(image) -> str:
    """The text tesseract reads in a PIL image, tidied (one space between words, no trailing
    form feed). Raises RuntimeError when tesseract fails or times out."""
    import pytesseract

    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return tidy(pytesseract.image_to_string(image, lang=LANG, timeout=TIMEOUT_S))


def text_image(lines: list[str], size: int = 36):
    """A white image with ``lines`` in black, large and clear (what a good scan looks like): the
    samples, tests and benchmark make their scans with it. Pillow's own font, so no font files
    are needed."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=size)
    height = int(size * 1.6)
    width = max(int(font.getlength(line)) for line in lines) + 2 * size
    image = Image.new("L", (width, height * len(lines) + 2 * size), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size, size + i * height), line, font=font, fill=0)
    return image
