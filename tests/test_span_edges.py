"""rag/answering/span_edges.py: a reader's span grown back to the start of the phrase it cuts."""
from __future__ import annotations

import pytest

from rag.answering.span_edges import grow_start


@pytest.mark.parametrize("sentence, span, answer", [
    ("During the trip he toured Turkey Aerospace Industries in Ankara.", "Aerospace Industries",
     "Turkey Aerospace Industries"),                                     # a name goes on
    ("A port call by HNoMS Roald Amundsen, a Fridtjof Nansen-class frigate.", "Nansen-class", "Fridtjof Nansen-class"),
    ("It is a sensor to identify, track and chase targets.", "track and chase targets",
     "identify, track and chase targets"),                               # the rest of a coordination
    ("The meeting was led by Defence Minister Gen Nakatani.", "Gen Nakatani", "Gen Nakatani"),  # no title
    ("He met Norway’s HNoMS Roald Amundsen crew.", "HNoMS Roald Amundsen", "HNoMS Roald Amundsen"),  # no possessive
    ("Kihara raised concerns over China’s growing military activities.", "military activities",
     "military activities"),                                             # a lower-case word: modifier or verb
    ("Aerospace Industries makes drones.", "Aerospace Industries", "Aerospace Industries"),
    ("Nakatani met Turkey Aerospace Industries staff.", "Turkey Aerospace Industries",
     "Turkey Aerospace Industries"),                                     # never the sentence's first word
])
def test_grow_start(sentence, span, answer):
    start = sentence.index(span)
    assert sentence[grow_start(sentence, start, start + len(span)):start + len(span)] == answer
