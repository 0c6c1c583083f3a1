"""Facts of corpus/ that several tests check answers against."""
from __future__ import annotations

JSM = ("Joint Strike Missile", "JSM")  # the documents name the missile both ways; either is the answer


def names_jsm(text: str) -> bool:
    return any(name in text for name in JSM)
