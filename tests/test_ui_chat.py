"""The conversation view, the document panel and feedback records (no server, no model)."""
from __future__ import annotations

import json

from rag.evaluation.questions import load_set
from rag.types import Answer, Citation, Document, Passage
from ui.chat_view import ChatTurn, render_chat, render_question
from ui.doc_view import WINDOW_CHARS, render_document
from ui.feedback import append_feedback, feedback_record

EVIL = '<img src=x onerror="window.__xss=1">'


def _answer(question: str = "When was the memorandum signed?", abstained: bool = False) -> Answer:
    text = "The MOU was signed on 3 September in Tokyo."
    p = Passage("mou.txt", 10, 10 + len(text), text, 0.03, 1, title="MOU")
    a = text.index("3 September")
    cites = [] if abstained else [Citation("mou.txt", 10 + a, 10 + a + 11, "3 September", "answer", None, 1),
                                  Citation("mou.txt", 10, 10 + len(text), text, "support", None, 1)]
    return Answer(question=question, text="x" if abstained else "3 September", abstained=abstained,
                  citations=cites, passages=[p], confidence=0.02 if abstained else 0.9)


def test_chat_shows_each_turn_with_the_rewritten_question_in_small_print():
    turns = [ChatTurn(asked=f"{EVIL} when?", answer=_answer()),
             ChatTurn(asked="and who signed it?", answer=_answer("Who signed the memorandum?"))]
    out = render_chat(turns)
    assert out.count('class="turn"') == 2 and "<img" not in out and "&lt;img src=x" in out
    assert 'Asked as: <span class="asked-as">Who signed the memorandum?</span>' in out
    assert out.count("Asked as:") == 2  # both differ from what was typed
    same = render_chat([ChatTurn(asked="When was the memorandum signed", answer=_answer())])
    assert "Asked as" not in same  # only case and the question mark differ
    assert 'data-vote="up" data-turn="0"' in out and 'data-vote="down" data-turn="1"' in out
    assert "hint" in render_chat([])


def test_the_asked_as_question_can_be_edited_and_asked_again():
    answer = _answer("Who signed the memorandum?")
    answer.asked_as = f"Who signed {EVIL}?"  # Assistant.chat's field; markup in it stays text
    out = render_chat([ChatTurn(asked="and who signed it?", answer=answer)], focus=0)
    assert '<div class="turn" data-turn="0" data-focus>' in out  # the page scrolls to it
    assert "<img" not in out
    assert ('Asked as: <span class="asked-as">Who signed &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;?'
            '</span>') in out
    form = out[out.index('<div class="reask" data-turn="0" hidden>'):]
    assert 'value="Who signed &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;?"' in form
    assert '<button type="button" class="reask-go" data-turn="0">Ask again</button>' in form
    assert out.index('class="edit-asked"') < out.index('class="reask"')
    edited = render_chat([ChatTurn(asked="and who signed it?", answer=_answer("Who signed the MOU?"), edited=True)])
    assert "Asked as (edited): " in edited
    # a pending turn (no index) shows the rewrite without an edit button
    assert "edit-asked" not in render_question("and who?", "Who signed the MOU?")


def test_document_panel_shows_the_whole_text_with_the_span_marked():
    doc = Document("a<b>.txt", "Title line\nBefore <script>x</script>. The span. After.", title=EVIL)
    start = doc.text.index("The span")
    out = render_document(doc, [(start, start + 8, "support")], "Source [1]")
    assert '<mark class="support">The span</mark>' in out
    assert "&lt;script&gt;" in out and "<script" not in out and "<img" not in out
    assert "whole document" in out and "a&lt;b&gt;.txt" in out
    titled = Document("t.txt", "The Title\n\nBody with the span.", title="The Title")
    at = titled.text.index("span")
    out = render_document(titled, [(at, at + 4, "support")])
    assert out.count("The Title") == 1 and '<div class="doc-text">Body with the <mark' in out
    # a headline under a column blurb is the heading, and not repeated in the text; the blurb stays
    column = Document("c.txt", "In this column, J. Doe covers news.\nThe Headline\nBody with the span.",
                      title="The Headline")
    at = column.text.index("span")
    out = render_document(column, [(at, at + 4, "support")])
    assert out.count("The Headline") == 1 and "In this column, J. Doe covers news.\nBody with the <mark" in out
    # a PDF shows the cited page
    pdf = Document("p.pdf", "Page one text.\n\nPage two holds the span.", page_starts=(0, 16))
    at = pdf.text.index("the span")
    out = render_document(pdf, [(at, at + 4, "support")])
    assert "page 2 of 2" in out and "Page one" not in out and '<mark class="support">the </mark>' in out
    # a very long text: a window around the span
    long = Document("l.txt", "x" * (WINDOW_CHARS * 2) + "needle" + "y" * 10)
    out = render_document(long, [(WINDOW_CHARS * 2, WINDOW_CHARS * 2 + 6, "support")])
    assert '<mark class="support">needle</mark>' in out and "characters" in out


def test_feedback_records_are_question_set_lines_rag_eval_reads(tmp_path):
    path = tmp_path / "feedback.jsonl"
    up = feedback_record("when?", _answer(), "up")
    fixed = feedback_record("when?", _answer(), "down", "  2 September ", holding=lambda t: ["mou.txt"])
    wrong = feedback_record("when?", _answer(), "down")
    right_abstain = feedback_record("who won?", _answer("Who won?", abstained=True), "up")
    assert feedback_record("who won?", _answer("Who won?", abstained=True), "down") is None
    for record in (up, fixed, wrong, right_abstain):
        append_feedback(path, record)
    assert (up["answers"], up["sources"], up["question"]) == (["3 September"], ["mou.txt"],
                                                               "When was the memorandum signed?")
    assert (fixed["answers"], fixed["sources"], fixed["vote"]) == (["2 September"], ["mou.txt"], "down")
    assert wrong["answers"] == [] and right_abstain["answers"] == []
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(json.loads(line)["id"].startswith("fb-") for line in lines)
    questions = load_set(path).questions
    assert [q.answers for q in questions] == [["3 September"], ["2 September"], [], []]
    assert [q.unanswerable for q in questions] == [False, False, True, True]
