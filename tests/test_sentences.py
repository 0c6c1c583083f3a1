from hypothesis import given, strategies as st

from rag.ingest.sentences import split_sentences


def test_splits_on_terminal_punctuation_and_lines():
    text = "Dr. Smith met Mr. Jones in the U.S. on Monday. They talked.\nNew line here! Done?"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Dr. Smith met Mr. Jones in the U.S. on Monday.", "They talked.", "New line here!", "Done?"]


def test_a_word_with_letters_beyond_ascii_is_no_initial():
    """"Flåm." ends a sentence; "J." and "Gen." do not."""
    text = "It was led by Andreas Flåm. Nakatani met him. Gen. Smith and J. R. Tolkien came."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "It was led by Andreas Flåm.", "Nakatani met him.", "Gen. Smith and J. R. Tolkien came."]


def test_keeps_quotes_with_their_sentence():
    text = "He said “it is done.” Then he left."
    assert [text[a:b] for a, b in split_sentences(text)] == ["He said “it is done.”", "Then he left."]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\t“”A1")), max_size=200))
def test_spans_are_exact_ordered_and_stripped(text):
    spans = split_sentences(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        piece = text[a:b]
        assert piece == piece.strip() and piece
        last = b
    # Nothing but whitespace is lost between sentences.
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_a_company_suffix_ends_a_sentence_before_an_opener():
    """"Co." / "U.S." may end a sentence: before "The" / "It" a new one starts; "Co. Ltd",
    "U.S. Navy" and a title ("Dr. The …" never opens one) go on."""
    text = ("It went to the maker Raytheon Co. The gyro is a sensor. Samsung Co. Ltd said so. "
            "The U.S. Navy agreed. He lives in the U.S. It is big. He met Dr. The Nguyen.")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "It went to the maker Raytheon Co.", "The gyro is a sensor.", "Samsung Co. Ltd said so.",
        "The U.S. Navy agreed.", "He lives in the U.S.", "It is big.", "He met Dr. The Nguyen."]
