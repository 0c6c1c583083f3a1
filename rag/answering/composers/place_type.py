"""Whether a span is the kind of place a "which country" or "which city" question asks for. The
reader often takes another entity of the sentence: the ministers who visit for "which country will
they visit", the region of a trip ("Middle East") for "which african country", the country for
"in which city". Only plain conflicts count: a name the country table does not know ("Jordon", a
misspelling) or a capital standing for its country ("Canberra decided …") may still be one."""
from __future__ import annotations

import re

from rag.answering.countries import countries_named, only_region

# "which country", "which african nation": the noun's last word; "which country's prime minister" asks
# for a country too, but a span naming the minister answers it ("Jordanian Prime Minister …").
_COUNTRY_NOUN = re.compile(r"(?:^|\s)(?:countr(?:y|ies)|nations?)$")
_CITY_NOUN = re.compile(r"(?:^|\s)(?:city|cities|town|towns|capital|capitals)$")
# Words of a person's or an office's name, which no country's name holds.
_TITLE_WORD = re.compile(r"\b(?:Minister|President|Secretary|Prime|King|Queen|Chancellor|Ambassador|Admiral|General|"
                         r"Captain|Lieutenant|Officer|Director|Chief|Head|Mr|Mrs|Ms|Dr)\b")


def _bare(span: str) -> str:
    return re.sub(r"^(?:the|in|at|to)\s+", "", span.strip(" .,;:"), flags=re.I)


def place_conflict(span: str, noun: str) -> bool:
    """``span`` is plainly not what "which country" (a region, people by their titles) or "which
    city" (a country's name alone, a region) asks for; ``noun``: the words the question asks for."""
    noun = " ".join(noun.lower().split())
    bare = _bare(span)
    if _COUNTRY_NOUN.search(noun):
        return only_region(bare) or (bool(_TITLE_WORD.search(bare)) and not countries_named(bare, people=False))
    if _CITY_NOUN.search(noun):
        return only_region(bare) or _country_alone(bare)
    return False


def _country_alone(bare: str) -> bool:
    """A country's name and nothing more ("Japan", "the UK"): not its capital, no city."""
    return any(bare.lower() == name.lower().rstrip(".") for c in countries_named(bare, people=False, capitals=False)
               for name in c.names)
