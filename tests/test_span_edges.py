"""rag/answering/span_edges.py: a reader's span grown back to the start of the phrase it cuts."""
from __future__ import annotations

import pytest

from rag.answering.span_edges import edges, grow_start, trim_end


@pytest.mark.parametrize("sentence, span, answer", [
    ("During the trip he toured Turkey Aerospace Industries in Ankara.", "Aerospace Industries",
     "Turkey Aerospace Industries"),                                     # a name goes on
    ("A port call by HNoMS Roald Amundsen, a Fridtjof Nansen-class frigate.", "Nansen-class", "Fridtjof Nansen-class"),
    ("It is a sensor to identify, track and chase targets.", "track and chase targets",
     "identify, track and chase targets"),                               # the rest of a coordination
    ("The meeting was led by Defence Minister Gen Nakatani.", "Gen Nakatani", "Gen Nakatani"),  # no title
    ("He met Norway’s HNoMS Roald Amundsen crew.", "HNoMS Roald Amundsen", "HNoMS Roald Amundsen"),  # no possessive
    ("Kihara raised concerns over military activities.", "military activities",
     "military activities"),                                             # a lower-case word: modifier or verb
    ("Aerospace Industries makes drones.", "Aerospace Industries", "Aerospace Industries"),
    ("Nakatani met Turkey Aerospace Industries staff.", "Turkey Aerospace Industries",
     "Turkey Aerospace Industries"),                                     # never the sentence's first word
    ("Their Battle Staff was led by Captain Yoshida.", "Yoshida", "Captain Yoshida"),  # a surname with its rank
    ("He met Lieutenant Alex Coleman there.", "Alex Coleman", "Alex Coleman"),  # a full name stands alone
])
def test_grow_start(sentence, span, answer):
    start = sentence.index(span)
    assert sentence[grow_start(sentence, start, start + len(span)):start + len(span)] == answer


@pytest.mark.parametrize("sentence, span, answer", [
    ("Kihara raised concerns over China’s growing military activities near Japan.", "military activities",
     "growing military activities"),                                     # a participle after a possessive
    ("They discussed the planned naval exercises.", "naval exercises", "planned naval exercises"),  # after "the"
    ("Gram wants to pursue joint training and military exercises.", "training and military exercises",
     "joint training and military exercises"),                           # an adjective that is never a verb
    ("Japan is launching joint research with Britain.", "joint research", "joint research"),  # not the verb
    ("The navy is growing military ties.", "military ties", "military ties"),  # a verb after an auxiliary
    ("The ministers discussed military cooperation.", "military cooperation", "military cooperation"),
    ("Japan’s acquisition of the Joint Strike Missile (JSM), which can be carried internally in F-35A fighters.",
     "JSM), which can be carried internally in F-35A fighters",
     "JSM), which can be carried internally in F-35A fighters"),         # inside brackets: left as it is
])
def test_grow_start_modifiers_and_brackets(sentence, span, answer):
    start = sentence.index(span)
    assert sentence[grow_start(sentence, start, start + len(span)):start + len(span)] == answer


@pytest.mark.parametrize("sentence, span, answer", [
    ("They condemned the recent terrorist incidents in Paris, and reaffirmed their intention to combat terrorism.",
     "recent terrorist incidents in Paris, and reaffirmed their intention to combat terrorism",
     "recent terrorist incidents in Paris"),                             # a second predicate
    ("The UK relies on its complex weapons enterprise to link its various airborne weapons platforms, Tornado.",
     "complex weapons enterprise to link its various airborne weapons platforms, Tornado",
     "complex weapons enterprise"),                                      # an infinitive of purpose
    ("They signed a deeper agreement on the Transfer of Defense Equipment and Technology that Japan is "
     "required by law to sign.",
     "a deeper agreement on the Transfer of Defense Equipment and Technology that Japan is required by law to sign",
     "a deeper agreement on the Transfer of Defense Equipment and Technology"),  # a relative clause
    ("They visited the Turkish drone maker, which builds the TB2 drone for export markets abroad.",
     "the Turkish drone maker, which builds the TB2 drone for export markets abroad",
     "the Turkish drone maker"),                                         # a non-restrictive relative clause
    ("He discussed future defence exchange; the prospect of drones.",
     "future defence exchange; the prospect of drones", "future defence exchange"),  # ";" ends it however short
    ("It bought the Joint Strike Missile (JSM for its fighters.", "Joint Strike Missile (JSM",
     "Joint Strike Missile"),                                            # an unclosed bracket
    ("It bought the Joint Strike Missile (JSM) for its fighters.", "Joint Strike Missile (JSM)",
     "Joint Strike Missile (JSM)"),                                      # a closed one stays
    ("A contract valued at NOK $1.9 billion (AU $290 million).", "NOK $1.9 billion (AU $290 million",
     "NOK $1.9 billion (AU $290 million)"),                              # closed where the text closes it
    ("Five in Europe – France, Germany, Italy, Sweden, and the UK signed it.",
     "Five in Europe – France, Germany, Italy, Sweden, and the UK", "Five in Europe – France, Germany, Italy, "
     "Sweden, and the UK"),                                              # no cut at a dash
    ("The normal force is due to repulsive forces of interaction between atoms at close contact.",
     "normal force is due to repulsive forces of interaction between atoms at close contact",
     "normal force is due to repulsive forces of interaction between atoms at close contact"),  # no verb after "to"
    ("Computational methods have been developed to predict the immunogenicity of proteins in a cell.",
     "Computational methods have been developed to predict the immunogenicity of proteins in a cell",
     "Computational methods have been developed to predict the immunogenicity of proteins in a cell"),  # participle
    ("The aim is to help the two countries plan.", "to help the two countries plan",
     "to help the two countries plan"),                                  # short: kept whole
    ("Over four years, Japan plans to spend more.", "four years", "four years"),
])
def test_trim_end(sentence, span, answer):
    start = sentence.index(span)
    assert sentence[start:trim_end(sentence, start, start + len(span))] == answer


def test_edges_moves_both_ends():
    sentence = "Kihara raised China’s growing military activities near Japan; Nakatani agreed."
    start = sentence.index("military")
    a, b = edges(sentence, start, sentence.index("."))
    assert sentence[a:b] == "growing military activities near Japan"
