"""The page in a real browser (tests/page_driver.py: `rag serve` and Debian's headless Chromium):
answers with highlighted sources, abstentions, a question over the limit, uploads, removals,
document text holding markup shown as text that runs nothing, the document panel, feedback that
`rag eval` reads, and the settings. Screenshots of each step are kept in tmp_path."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.corpus_answers import names_jsm
from tests.page_driver import (HEADLINE, QUESTION, REPO, XSS_IMG, XSS_TEXT,  # noqa: F401
                               assert_nothing_ran, ask, browser, no_sideways_scroll, page, server, shot,
                               sync_api, upload, visible_text)

pytestmark = pytest.mark.slow


def test_ask_shows_answer_with_highlighted_source(page, tmp_path):
    shot(page, tmp_path, "01_start")
    result = ask(page, "Which missile can Japan's F-35A fighters carry internally?")
    shot(page, tmp_path, "02_answer")
    answer = result.locator(".answer-text").first.inner_text()
    assert names_jsm(answer)
    cited = result.locator("article.source.cited").first
    assert cited.get_attribute("data-doc") == "000_060f33d986f2756b.txt"
    assert "000_060f33d986f2756b.txt" in cited.locator(".doc-name").inner_text()
    # the document's headline heads the card (not the column blurb above it), relevance is in
    # words, not a score
    assert cited.locator(".doc-title").inner_text() == HEADLINE
    assert re.fullmatch(r"(best|good|weak) match", cited.locator(".relevance").inner_text().strip())
    assert not re.search(r"\b0\.0\d\d\b", result.inner_text())
    support = cited.locator(".excerpt mark.support").first
    assert "carried internally" in support.inner_text()
    # plain words: offsets, timings and the generator only once Details is opened
    shown = visible_text(result)
    assert not re.search(r"characters [\d,]+–|\d ms\b|extractive|generator", shown), shown
    result.locator("details.why > summary").click()
    details = visible_text(result.locator("details.why"))
    assert re.search(r"characters [\d,]+–[\d,]+", details) and " ms" in details and "extractive" in details
    # a short answer (here the one date of the cited sentence) is marked more strongly
    result = ask(page, "When was the Japan–Norway memorandum on defence equipment signed?")
    shot(page, tmp_path, "02b_short_answer")
    cited = result.locator("article.source.cited").first
    assert "3 September" in cited.locator("mark.support mark.answer, mark.answer").first.inner_text()
    # the short answer comes first, large, with its sentence under it and a copy button
    assert result.locator(".answer-text").first.inner_text().startswith("3 September")
    assert "3 September" in result.locator(".support-line mark.answer").inner_text()
    result.locator("button.copy").click()
    sync_api.expect(result.locator("button.copy")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "3 September"
    # the other retrieved passages are folded away with their relevance
    others = result.locator("details.others")
    assert others.count() == 1 and not others.evaluate("d => d.open")
    others.locator(":scope > summary").click()
    assert others.locator(".relevance").count() >= 1
    no_sideways_scroll(page)
    shot(page, tmp_path, "03_other_passages")


def test_abstains_with_a_clear_message(page, tmp_path):
    result = ask(page, "Who wrote Pride and Prejudice?")
    shot(page, tmp_path, "01_abstain")
    notice = result.locator(".notice.abstain")
    assert notice.count() == 1
    assert "No passage in your documents answers this" in notice.inner_text()
    assert result.locator("mark").count() == 0
    assert result.locator("article.source").count() >= 1  # the closest passages are still shown
    assert "closest passages" in visible_text(result).lower() and "match" not in result.inner_text()
    # the numbers are folded away until asked for
    why = result.locator("details.why")
    assert not why.evaluate("d => d.open") and "threshold" not in notice.inner_text()
    why.locator(":scope > summary").click()
    assert "under the threshold" in why.inner_text()
    shot(page, tmp_path, "02_abstain_details")
    # a number the question states and no passage mentions is named as the reason
    result = ask(page, "Who won the 2022 World Cup?")
    assert result.locator(".notice.abstain").count() == 1
    why = result.locator("details.why")
    why.locator(":scope > summary").click()
    assert "states 2022, which none of the passages found mentions" in why.inner_text()


def test_a_question_over_the_limit_is_refused_not_cut(page, tmp_path):
    long = "Which missile can Japan's F-35A fighters carry internally? " * 40  # 2,400 characters
    page.locator(QUESTION).first.fill(long)
    page.click("#ask")
    notice = page.locator("#chat .notice.info")
    sync_api.expect(notice).to_contain_text("too long")
    assert "at most 2000" in notice.inner_text()
    assert page.locator(QUESTION).first.input_value() == long  # kept, to be shortened
    assert page.locator("#chat .turn:not(.pending)").count() == 0
    shot(page, tmp_path, "01_too_long")


def test_upload_then_answer_from_it(page, tmp_path):
    doc = tmp_path / "zorblax.txt"
    doc.write_text("Festivals of the northern valleys\n"
                   "The Zorblax festival takes place in the city of Quintara every April. "
                   "Visitors bring lanterns made of paper.\n", encoding="utf-8")
    status = upload(page, doc)
    shot(page, tmp_path, "01_uploaded")
    assert "zorblax.txt" in status and "Added" in status
    assert "zorblax.txt" in page.locator("#doc-table").inner_text()
    result = ask(page, "Where does the Zorblax festival take place?")
    shot(page, tmp_path, "02_answer_from_upload")
    assert "Quintara" in result.locator(".answer-text").first.inner_text()
    cited = result.locator("article.source.cited").first
    assert cited.get_attribute("data-doc") == "zorblax.txt"
    assert "Quintara" in cited.locator("mark").first.inner_text()
    # a refused file type is one line (the browser's check, or ours) and changes nothing
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ")
    page.get_by_role("tab", name="Documents").click()
    sync_api.expect(page.locator("#doc-table")).to_contain_text("zorblax.txt")  # table rendered
    before = page.locator("#doc-table").inner_text()
    page.set_input_files("#upload input[type=file]", str(bad))
    refusal = page.get_by_text(re.compile(r"unsupported file type")).first
    sync_api.expect(refusal).to_be_visible()
    shot(page, tmp_path, "03_refused_type")
    assert page.locator("#doc-table").inner_text() == before
    # a refused file whose name is markup: the name shows as text, nowhere as an element
    evil = tmp_path / '<img src=x onerror="window.__xss=1">.exe'
    evil.write_bytes(b"MZ")
    page.set_input_files("#upload input[type=file]", str(evil))
    # (Gradio drops the angle brackets from uploaded names; the rest must still be plain text)
    sync_api.expect(page.locator("#doc-status")).to_contain_text(re.compile(r"img src=x onerror=.*\.exe: unsupported"))
    shot(page, tmp_path, "04_refused_markup_name")
    assert_nothing_ran(page)
    assert page.locator("#doc-table").inner_text() == before


def test_markup_in_documents_shows_as_text_and_runs_nothing(page, tmp_path):
    txt = tmp_path / 'evil<img src=x onerror="window.__xss=1">.txt'
    txt.write_text(f"{XSS_TEXT} {XSS_IMG} Notes\n"
                   f"The Vexillor beacon stands on Mount Quarrel. {XSS_TEXT} and {XSS_IMG} are only text here.\n",
                   encoding="utf-8")
    page_html = tmp_path / "glimmerfen.html"
    page_html.write_text(
        "<html><head><title>Glimmerfen</title><script>window.__xss=1</script></head><body>"
        "<p>The Glimmerfen lighthouse is painted violet. &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;</p>"
        '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script></body></html>', encoding="utf-8")
    status = upload(page, txt, page_html)
    shot(page, tmp_path, "01_uploaded")
    assert "Added" in status
    assert_nothing_ran(page)

    result = ask(page, "Where does the Vexillor beacon stand?")
    shot(page, tmp_path, "02_txt_payload_as_text")
    assert "Mount Quarrel" in result.locator(".answer-text").first.inner_text()
    shown = result.inner_text()
    assert XSS_TEXT in shown and XSS_IMG in shown
    assert_nothing_ran(page)

    result = ask(page, "What colour is the Glimmerfen lighthouse painted?")
    shot(page, tmp_path, "03_html_payload_as_text")
    assert "violet" in result.inner_text()
    assert '<img src=x onerror="window.__xss=1">' in result.inner_text()
    assert_nothing_ran(page)

    page.get_by_role("tab", name="Documents").click()
    shot(page, tmp_path, "04_documents")
    assert_nothing_ran(page)


def test_remove_a_document(page, tmp_path):
    doc = tmp_path / "ephemera.txt"
    doc.write_text("The Ephemera archive keeps exactly ninety-one brass keys.\n", encoding="utf-8")
    upload(page, doc)
    page.locator("#remove-pick input").fill("ephemera.txt")
    page.keyboard.press("Enter")
    page.click("#remove")
    sync_api.expect(page.locator("#doc-status")).to_contain_text("Removed ephemera.txt")
    assert "ephemera.txt" not in page.locator("#doc-table").inner_text()
    assert "000_060f33d986f2756b.txt" in page.locator("#doc-table").inner_text()
    shot(page, tmp_path, "01_removed")


def test_citation_opens_the_whole_document_at_its_span(page, server, tmp_path):
    result = ask(page, "Which missile can Japan's F-35A fighters carry internally?")
    quote = result.locator("article.source.cited .excerpt mark.support").first.inner_text()
    result.locator("article.source.cited button.doc-title").first.click()
    panel = page.locator("#doc-panel .doc-view")
    sync_api.expect(panel).to_be_visible()
    mark = panel.locator(".doc-text mark.support").first
    assert mark.inner_text() == quote
    doc_id = result.locator("article.source.cited").first.get_attribute("data-doc")
    source = (server[1] / "corpus" / doc_id).read_text(encoding="utf-8")
    text = panel.locator(".doc-text").inner_text()
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    assert lines[0] in text and lines[2] in text and lines[-1] in text  # the whole document
    heading = panel.locator(".doc-heading").inner_text()
    assert heading == lines[1] == HEADLINE and heading not in text  # the headline is the heading, once
    page.wait_for_function("""() => { const m = document.querySelector('#doc-panel .doc-text mark');
        const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    shot(page, tmp_path, "01_document_panel")
    panel.locator(".close-doc").click()
    sync_api.expect(page.locator("#doc-panel .doc-view")).to_have_count(0)
    # a retrieved passage opens the same way, from its title
    result.locator("details.others > summary").click()
    result.locator("details.others button.doc-title").first.click()
    sync_api.expect(page.locator("#doc-panel .doc-view")).to_be_visible()
    assert page.locator("#doc-panel .doc-label").inner_text().lower() == "retrieved passage"


def test_feedback_is_written_and_read_by_rag_eval(page, server, tmp_path):
    index = server[1] / "index"
    feedback = index / "feedback.jsonl"
    before = feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else []
    first = ask(page, "When was the Japan–Norway memorandum on defence equipment signed?")
    first.locator("button.vote.up").click()
    sync_api.expect(first.locator(".feedback.done")).to_contain_text("Saved")
    second = ask(page, "Who won the 2022 World Cup?")
    second.locator("button.vote.down").click()
    second.locator(".fix input").fill("Argentina")
    shot(page, tmp_path, "01_feedback_typed")
    second.locator(".fix button.send").click()
    sync_api.expect(page.locator("#chat .turn").nth(1).locator(".feedback.done")).to_contain_text("Argentina")
    assert "feedback.jsonl" not in page.locator("#chat").inner_text()  # no file paths on the page
    shot(page, tmp_path, "02_feedback_saved", docs="feedback-1280")
    lines = feedback.read_text(encoding="utf-8").splitlines()[len(before):]
    records = [json.loads(line) for line in lines]
    assert [(r["vote"], len(r["answers"])) for r in records] == [("up", 1), ("down", 1)]
    assert first.locator(".answer-text").first.inner_text().startswith(records[0]["answers"][0])
    assert records[1]["answers"] == ["Argentina"]
    assert records[0]["sources"] and records[1]["sources"] == []  # no document says Argentina
    out = tmp_path / "eval.json"
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-m", "rag", "eval", str(feedback), "--index", str(index),
                          "--json", str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["metrics"]["questions"] == len(before) + 2
    rows = {row["question"]: row for row in report["per_question"]}
    assert rows["When was the Japan–Norway memorandum on defence equipment signed?"]["answers"] == \
        records[0]["answers"]


def test_settings_fit_on_one_row(page, tmp_path):
    page.locator("#settings").get_by_text("Settings").first.click()
    retriever, generator = page.locator("#retriever"), page.locator("#generator")
    sync_api.expect(generator).to_be_visible()
    a, b = retriever.bounding_box(), generator.bounding_box()
    assert abs(a["y"] - b["y"]) < 2 and a["x"] + a["width"] <= b["x"] + 1  # side by side
    for radio in (retriever, generator):
        tops = {round(box["y"]) for box in (o.bounding_box() for o in radio.locator("input[type=radio]").all())
                if box}
        assert len(tops) == 1, f"{radio} wraps onto {len(tops)} lines"
    hint = generator.inner_text()
    assert "--model" not in hint and "pip" not in hint
    shot(page, tmp_path, "01_settings")
