"""Bytes to text for the loaders: never silently drop text, and say what was replaced.

Shared by every text-based loader (ours and other packages'), so a .txt, an .html page and a
plug-in's format decode the same way and report the same one-line errors."""
from __future__ import annotations

import re
from pathlib import Path

from rag.errors import DocumentError
from rag.notes import note

# A file that is UTF-8 except for a few stray bytes (a truncated copy, one corrupt byte) is read
# as UTF-8 with each stray byte replaced by U+FFFD, and a note says how many: at most one stray
# byte per 1,000 (at least one allowed), no NUL bytes, and the rest decodes as UTF-8 that holds
# at least one valid multi-byte character (ASCII with one odd byte is as likely cp1252, so it goes
# to detection). Real cp1252/Latin-1/UTF-16 text has far more invalid bytes and is detected.
STRAY_BYTES_PER = 1000


def stray_utf8_bytes(data: bytes, need_multibyte: bool = True) -> tuple[str, int] | None:
    """(text with U+FFFD for each invalid byte, how many) when `data` is UTF-8 but for a few stray
    bytes; `need_multibyte` asks for a valid multi-byte character as evidence that it is UTF-8."""
    if b"\x00" in data:
        return None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    escaped = body.decode("utf-8", errors="surrogateescape")  # each invalid byte -> U+DC80..U+DCFF
    stray = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
    if not stray or stray > max(1, len(data) // STRAY_BYTES_PER):
        return None
    if need_multibyte and not any(ord(ch) > 0x7F and not "\udc80" <= ch <= "\udcff" for ch in escaped):
        return None
    return re.sub("[\udc80-\udcff]", "\ufffd", escaped), stray


def decode_bytes(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) first, then UTF-8 with a few stray bytes replaced (with a note),
    then charset detection; never silently drop text."""
    if b"\x00" in data[:8192] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise DocumentError(f"{name}: binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = stray_utf8_bytes(data)
    if mostly_utf8 is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
        mostly_utf8 = stray_utf8_bytes(data, need_multibyte=False)  # nothing fits better
        if mostly_utf8 is None:
            raise DocumentError(f"{name}: cannot detect the text encoding")
    text, stray = mostly_utf8
    note(f"{name}: {stray} invalid UTF-8 byte{'s' if stray != 1 else ''} replaced with U+FFFD")
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and CR line ends as LF, so offsets mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path) -> str:
    """A file's text, decoded as decode_bytes does, with newlines normalised; a one-line
    DocumentError when it cannot be read or decoded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror})") from exc
    return normalise_newlines(decode_bytes(data, str(path)))
