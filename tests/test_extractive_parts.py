"""Pure parts of the extractive generator and its composers: no model is loaded."""
from __future__ import annotations

from rag.answering.composers.roles import owner_forms


def test_owner_forms_come_from_the_countries_table():
    # every name of the country, its people and its capital, whatever the possessive or article
    for owner in ("UK", "the UK's", "Britain", "United Kingdom"):
        assert {"uk", "britain", "british", "united kingdom"} <= set(owner_forms(owner))
    assert {"netherlands", "dutch"} <= set(owner_forms("the Netherlands'"))
    assert {"united states", "america", "u.s."} <= set(owner_forms("the United States'"))
    assert {"switzerland", "swiss"} <= set(owner_forms("Switzerland"))
    assert "norwegian" in owner_forms("Norway's")


def test_owner_forms_of_a_name_that_is_no_country_keep_a_stem():
    assert owner_forms("HMS Atherstone")[0] == "hms atherstone"
