"""Follow-ups whose rewrite put the wrong referent in or left one out (issue #27): a time the
follow-up points back to ("that same day") is the one the conversation told."""
from __future__ import annotations

from rag.answering.conversation.rewrites import rewrites
from rag.answering.conversation.rules import Turn


def test_that_same_day_is_the_date_the_conversation_told():
    earlier = [Turn("what did japan and south korea agree on august 23", "to deepen security ties")]
    out = rewrites("which norwegian official was at yokosuka that same day", Turn("where", "Tokyo"), earlier)
    assert out and out[0] == "Which norwegian official was at yokosuka on August 23?"


def test_the_same_day_with_no_date_told_keeps_its_words():
    previous = Turn("what else did they discuss apart from the JSM", "deepening cooperation through NATO")
    assert all("same day" in q for q in rewrites("and what did nakatani do the same day", previous, []))
