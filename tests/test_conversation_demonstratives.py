""""that/this + noun" in a follow-up takes what an earlier turn named with that noun, in the same number
(rewrites._named_with, _plural_ending): "that ship" is one ship, not "the Japanese Ships" a later sentence
names ("those ministers" may still be two names each ending in "Minister": test_conversation.py)."""
from __future__ import annotations

from rag.answering.conversation import rewrites
from rag.answering.conversation.rules import Turn

ATHERSTONE = ("HMS Atherstone has spent the last two weeks working in close company with the ships and staff of the "
              "Japanese 51st Mine Division in the waters of the Gulf.")
BUNGO = ("The two Japanese Ships Bungo and Yaeyama and their Battle Staff led by Captain Yoshida, had deployed to the "
         "Gulf to take part in the International Mine Countermeasures Exercise (IMCMEX) this November.")


def test_that_ship_is_the_ship_asked_for_not_ships_named_later():
    history = [Turn("Which Royal Navy ship worked alongside the Japanese 51st Mine Division in the Gulf?",
                    "HMS Atherstone", ATHERSTONE),
               Turn("For how long did HMS Atherstone work alongside the Japanese 51st Mine Division in the Gulf?",
                    "last two weeks", ATHERSTONE)]
    last = Turn("which exercise was that for", "International Mine Countermeasures Exercise", BUNGO)
    out = rewrites("who from that ship was picked to join the Japanese staff?", last, history)
    assert out and out[0] == "Who from HMS Atherstone was picked to join the Japanese staff?"



def test_that_carrier_is_the_name_a_cited_sentence_gives_after_the_noun():
    """"that carrier" when no turn asked for the carrier: the name its cited sentence gives right after the noun
    ("… led by the British aircraft carrier HMS Prince of Wales"; rewrites._name_after), never a verb's object
    ("scheduled to visit Japan" is no visit named Japan)."""
    frigate = ("The meeting coincided with a port call in Yokosuka by Norway’s HNoMS Roald Amundsen Fridtjof Nansen-class "
               "frigate, which visited Japan as part of a carrier strike group led by the British aircraft carrier HMS "
               "Prince of Wales.")
    first = Turn("Which frigate made a port call in Yokosuka?", "HNoMS Roald Amundsen Fridtjof Nansen-class frigate", frigate)
    last = Turn("What was a port call in Yokosuka part of?", "Norway’s HNoMS Roald Amundsen Fridtjof Nansen-class frigate",
                frigate)
    out = rewrites("who inspected that carrier with Nakatani?", last, [first])
    assert out and out[0] == "Who inspected HMS Prince of Wales with Nakatani?"
    from rag.answering.conversation.rewrites import _name_after
    assert _name_after("visit", "visit", "Penny Wong are scheduled to visit Japan on September 5.") == ""
