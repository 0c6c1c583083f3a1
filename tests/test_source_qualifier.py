"""rag/answering/source_qualifier.py: a pointer to a document is no fact to search for or read."""
from __future__ import annotations

import pytest

from rag.answering.source_qualifier import without_source


@pytest.mark.parametrize("question, read", [
    ("Who runs the harbour according to the council's summary?", "Who runs the harbour?"),
    ("According to the press release, when does the ferry leave?", "When does the ferry leave?"),
    ("the mayor's title in the weekly column?", "the mayor's title?"),
    ("In the festival article, who opened the stage?", "Who opened the stage?"),
    ("What did the mayor say according to the harbour master?", None),   # a person is no document
    ("Who approved the plan, per the council?", None),                   # nor is a body
    ("What was said in the report?", None),                              # the pointer is all it asks about
    ("when was the festival piece on the harbour posted", None),         # the piece is what it asks about
    ("In 002_ab12.txt, who opened the stage?", "Who opened the stage?"),  # a file by its name
    ("In file 003, who opened the stage?", "Who opened the stage?"),
    ("who opened the stage, according to document 2?", "who opened the stage?"),
    ("In the piece about the harbour festival, who opened the stage?", "Who opened the stage?"),
    ("Which bands are named in the piece about the harbour festival?", None),  # at the end it says what is asked
    ("Does the weekly column say the ferry left at noon?", "Does the ferry left at noon?"),
    ("Which boats does the festival article say sailed past?", "Which boats sailed past?"),
    ("Does the weekly column cover the harbour?", None),                 # the column is what it asks about
])
def test_a_pointer_to_a_document_is_taken_out(question, read):
    assert without_source(question) == (read or question)


def test_the_answer_keeps_the_question_as_asked(assistant):
    asked = "Who is Australia's foreign minister according to the ADM column?"
    answer = assistant.ask(asked)
    assert answer.question == asked
    assert not answer.abstained and answer.text == "Penny Wong"
    cited = answer.citations[0]
    assert assistant.document(cited.doc_id).text[cited.start:cited.end] == cited.text
