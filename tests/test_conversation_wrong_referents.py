"""Follow-ups whose rewrite put the wrong referent in (issue #27): the typed candidates
(rag.answering.conversation.referents) must hold the one the follow-up means."""
from __future__ import annotations

from rag.answering.conversation.referents import recase, referents
from rag.answering.conversation.rewrites import rewrites
from rag.answering.conversation.rules import Turn

VISIT = ("Australia’s Defence Minister Richard Marles and Foreign Minister Penny Wong are scheduled to visit Japan "
         "on September 5 for a “two-plus-two” meeting with their Japanese counterparts")


def test_a_titled_persons_surname_written_lower_case_is_recased():
    assert recase("when are marles and wong visiting japan", VISIT) == "when are Marles and Wong visiting Japan"
    assert recase("which frigate program", "the Sea 3000 General-Purpose Frigate program") == "which frigate program"


def test_they_after_two_surnames_are_the_two_people():
    previous = Turn("when are marles and wong visiting japan", "September 5", VISIT, VISIT)
    pair = next(r for r in referents(previous) if r.text == "Marles and Wong")
    assert pair.type == "person" and pair.plural
    assert rewrites("What will they talk about there?", previous)[0] == "What will Marles and Wong talk about in Japan?"
