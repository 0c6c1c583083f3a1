"""Contradiction checks (rag.answering.contradiction) on real sentences of corpus/: the answer
sentence against the passage text it is tied to. No model."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.answering.contradiction import find_contradiction, negation_conflict, number_conflict, yes_no_conflict
from rag.ingest.sentences import split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def doc(prefix: str) -> str:
    [path] = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def sentence_with(text: str, words: str) -> str:
    """The corpus sentence holding ``words`` (the span verify.py would tie an answer to)."""
    return next(text[a:b] for a, b in split_sentences(text) if words in text[a:b])


KAGA, JANES, MOU_NEWS = doc("000"), doc("002"), doc("003")
# The span verify.py ties "Did Japan and Norway sign ...?" answers to: two sentences of Janes.
SIGNED = (sentence_with(JANES, "have signed an agreement") + " "
          + sentence_with(JANES, "was signed on 3 September"))
ALL = "\n".join([KAGA, JANES, MOU_NEWS])
QUESTION = "Did Japan and Norway sign a memorandum of understanding?"


def test_the_corpus_sentences_are_what_the_tests_say():
    assert "Japan and Norway have signed an agreement" in SIGNED and "3 September" in SIGNED
    assert "did not elaborate" in JANES and "without permission" in MOU_NEWS
    assert "NOK $1.9 billion" in KAGA and "40-minute meeting" in KAGA


def test_the_reported_answer_is_a_negation_conflict():
    """The bug: "No, ... did not sign ..." passed verification against a passage that says they signed."""
    found = find_contradiction("No, Japan and Norway did not sign a memorandum of understanding.", SIGNED,
                               QUESTION, ALL)
    assert found is not None and found.kind == "negation"
    assert found.says == "did not sign" and found.passage_says == "signed"
    assert found.describe() == "it says 'did not sign', the passage says 'signed'"


@pytest.mark.parametrize("answer", [
    "Japan and Norway never signed a memorandum of understanding.",
    "Japan and Norway failed to sign an agreement on defence equipment and technology.",
    "Neither Japan nor Norway signed the memorandum of understanding.",
    "Japan and Norway haven't signed an agreement to co-operate on defence equipment.",
])
def test_other_negations_of_a_stated_fact(answer):
    found = negation_conflict(answer, SIGNED)
    assert found is not None and found.passage_says == "signed"


def test_stating_what_the_passage_negates():
    said = sentence_with(JANES, "did not elaborate")
    found = negation_conflict("Kihara elaborated on the MOU.", said)
    assert found is not None and (found.says, found.passage_says) == ("elaborated", "did not elaborate")
    airspace = sentence_with(MOU_NEWS, "without permission")
    found = negation_conflict("A Chinese military aircraft entered Japanese airspace with permission.", airspace)
    assert found is not None and found.passage_says == "without permission"


def test_agreeing_negations_and_paraphrases_are_not_contradictions():
    said = sentence_with(JANES, "did not elaborate")
    assert find_contradiction("Kihara did not elaborate on the MOU.", said, "", ALL) is None
    airspace = sentence_with(MOU_NEWS, "without permission")
    assert find_contradiction("A Chinese aircraft entered Japanese airspace without permission.",
                              airspace, "", ALL) is None
    # "not only ... but also" does not negate.
    both = sentence_with(MOU_NEWS, "not only enhances")
    assert find_contradiction("The agreement not only enhances bilateral relations but also positions Japan "
                              "and Norway as key players.", both, "", ALL) is None
    # A paraphrase that agrees with the source: yes, signed, the same date.
    for answer in ("Yes, they signed an MOU on 3 September.", "Yes, Japan and Norway signed the MOU.",
                   "The memorandum of understanding was signed on 3 September by Kihara and Gram."):
        assert find_contradiction(answer, SIGNED, QUESTION, ALL) is None, answer


def test_a_negation_denying_another_fact_is_not_a_contradiction():
    """"Not on 5 September" denies a date the passage does not state: the negation is about another fact."""
    assert negation_conflict("The MOU was not signed on 5 September.", SIGNED) is None
    assert find_contradiction("It was not signed on 5 September but on 3 September.", SIGNED,
                              "Was the MOU signed on 5 September?", ALL) is None


def test_no_and_yes_against_the_question():
    found = yes_no_conflict("No, they did.", SIGNED, QUESTION)
    assert found is not None and found.says == "No" and "Japan and Norway have signed" in found.passage_says
    # "No" to a question the passage does not confirm (another month) is no contradiction.
    assert yes_no_conflict("No, they signed it on 3 September.", SIGNED, "Did they sign the MOU in August?") is None
    said = sentence_with(JANES, "did not elaborate")
    found = yes_no_conflict("Yes, Kihara said the MOU will support future co-operation.", said,
                            "Did Kihara elaborate on the MOU?")
    assert found is not None and (found.says, found.passage_says) == ("Yes", "did not elaborate")
    assert yes_no_conflict("Yes, they signed it.", SIGNED, QUESTION) is None


def test_another_date():
    for answer, says, passage_says in (("The MOU was signed on 5 September.", "5 September", "3 September"),
                                       ("The MOU was signed on September 5.", "September 5", "3 September"),
                                       ("The MOU was signed in August.", "August", "September")):
        found = number_conflict(answer, SIGNED)
        assert found is not None and found.kind == "date"
        assert (found.says, found.passage_says) == (says, passage_says)
    tuesday = sentence_with(MOU_NEWS, "On Tuesday")
    found = find_contradiction("On Monday, Kihara and Gram signed a Memorandum of Understanding in Tokyo.",
                               tuesday, "", ALL)
    assert found is not None and (found.says, found.passage_says) == ("Monday", "Tuesday")
    assert find_contradiction("On Tuesday, Kihara and Gram signed an MOU in Tokyo.", tuesday, "", ALL) is None


def test_another_number():
    contract = sentence_with(KAGA, "NOK $1.9 billion")
    found = find_contradiction("Kongsberg's fourth follow-on contract was valued at NOK 2 billion.",
                               contract, "", ALL)
    assert found is not None and found.kind == "number"
    assert (found.says, found.passage_says) == ("2 billion", "1.9 billion")
    assert find_contradiction("Kongsberg's fourth contract was valued at NOK $1.9 billion (AU $290 million).",
                              contract, "", ALL) is None
    meeting = sentence_with(KAGA, "40-minute meeting")
    found = find_contradiction("The meeting onboard the JS Kaga lasted 30 minutes.", meeting, "", ALL)
    assert found is not None and found.says == "30 minutes"
    assert find_contradiction("The meeting onboard the JS Kaga lasted 40 minutes.", meeting, "", ALL) is None


def test_another_name_in_the_same_role():
    found = find_contradiction("The MOU was signed by Japan's Defense Minister Taro Kono and Gram.", SIGNED, "", ALL)
    assert found is not None and found.kind == "name"
    assert (found.says, found.passage_says) == ("Taro Kono", "Minoru Kihara")
    # A name another passage mentions is left alone (verify's support check decides about it).
    assert find_contradiction("The MOU was signed by Japan's Defense Minister Gen Nakatani and Gram.",
                              SIGNED, "", ALL) is None


def test_no_corpus_sentence_contradicts_itself_or_its_neighbours():
    """False alarms: every sentence of corpus/ against itself and against the sentences around it
    (true statements of the same article) must never be flagged."""
    checked = 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = [text[a:b] for a, b in split_sentences(text)]
        for k, s in enumerate(sentences):
            for evidence in [s] + sentences[max(0, k - 2):k] + sentences[k + 1:k + 3]:
                assert find_contradiction(s, evidence, "", text) is None, (path.name, s, evidence)
                checked += 1
    assert checked > 500
