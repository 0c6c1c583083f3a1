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

