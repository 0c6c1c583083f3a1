"""The page as a chat in a real browser at 1280 and 390 px (tests/page_driver.py): the question box
fixed at the bottom, example questions until the conversation starts, a three-turn conversation
whose rewritten follow-up is edited and asked again, compact sources, a citation chip's preview
(hover and tap), the document panel, an abstention. Screenshots are kept in tmp_path; with
RAG_DOCS_SCREENSHOTS=1 the ones the docs show are written to docs/page-*.png."""
from __future__ import annotations

import pytest

from tests.corpus_answers import names_jsm
from tests.page_driver import (ANSWER_TIMEOUT_MS, HEADLINE, QUESTION, ask, ask_again, browser,  # noqa: F401
                               in_view, no_sideways_scroll, open_page, server, shot, sync_api, visible_text)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("width", [1280, 390])
def test_chat_three_turns_edited_rewrite_preview_panel_abstention(browser, server, tmp_path, width):
    page = open_page(browser, server, width)
    height = page.viewport_size["height"]
    # before the conversation: example questions (clickable), settings folded above the chat,
    # the question box fixed at the bottom and, on a phone, as wide as the screen allows
    examples = page.locator("#examples")
    sync_api.expect(examples).to_be_visible()
    first_example = "Which missile can Japan's F-35A fighters carry internally?"
    examples.get_by_text(first_example).click()
    sync_api.expect(page.locator(QUESTION).first).to_have_value(first_example)
    row, box = page.locator("#ask-row").bounding_box(), page.locator(QUESTION).first.bounding_box()
    assert abs(row["y"] + row["height"] - height) <= 2
    assert box["width"] >= (0.75 if width < 600 else 0.6) * width, box
    assert page.locator("#settings").bounding_box()["y"] < page.locator("#chat").bounding_box()["y"]
    assert not page.locator("#clear").is_visible()
    shot(page, tmp_path, "01_start")

    page.click("#ask")
    page.wait_for_function("() => document.querySelector('#chat .turn:not(.pending) .timings')",
                           timeout=ANSWER_TIMEOUT_MS)
    first = page.locator("#chat .turn").nth(0)
    assert names_jsm(first.locator(".answer-text").first.inner_text())
    # examples out of the way once the conversation starts; "New conversation" in their place
    sync_api.expect(examples).to_be_hidden()
    sync_api.expect(page.locator("#clear")).to_be_visible()
    # compact sources: the cited sentence with its context, the whole passage folded
    card = first.locator("article.source.cited").first
    excerpt = card.locator(".excerpt").inner_text()
    full = card.locator("details.full .passage-text").text_content()
    assert "carried internally" in excerpt and len(excerpt) < 0.7 * len(full)
    assert not card.locator("details.full").evaluate("d => d.open")
    assert card.locator(".doc-title").inner_text() == HEADLINE

    # a follow-up, rewritten; the rewrite is corrected by hand and asked again
    second = ask(page, "Who makes it?")
    assert second.locator(".asked").inner_text() == "Who makes it?"
    assert second.locator(".asked-as").inner_text() not in ("", "Who makes it?")
    assert in_view(page, second.locator(".question-bubble"))  # the newest turn scrolled into view
    ask_again(page, second, "Who makes the Joint Strike Missile?")
    second = page.locator('#chat .turn[data-turn="1"]')
    assert "Asked as (edited): Who makes the Joint Strike Missile?" in second.locator(".standalone").inner_text()
    assert second.locator(".asked").inner_text() == "Who makes it?"  # what was typed stays
    assert "Kongsberg" in second.locator(".answer-box").inner_text() + second.locator("article.source.cited").first.inner_text()
    assert page.locator("#chat .turn").count() == 2  # replaced in place, not added

    # a third turn the documents cannot answer: said plainly, the closest passages unrated
    third = ask(page, "Who won the 2022 World Cup?")
    assert third.locator(".notice.abstain").count() == 1
    assert "closest passages" in visible_text(third).lower() and "match" not in third.inner_text()
    assert in_view(page, third.locator(".notice.abstain"))
    # the box stays at the bottom of the screen however far the conversation scrolls
    row = page.locator("#ask-row").bounding_box()
    assert abs(row["y"] + row["height"] - height) <= 2
    no_sideways_scroll(page)
    shot(page, tmp_path, "02_abstention", docs=f"abstention-{width}")
    second.locator(".question-bubble").scroll_into_view_if_needed()
    page.evaluate(f"window.scrollBy(0, {-60 if width < 600 else -330})")
    shot(page, tmp_path, "03_conversation", docs=f"conversation-{width}", full=False)

    # a citation chip previews its source: hover on a wide screen, tap on a phone
    chip = first.locator("button.ref").first
    chip.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    preview = first.locator(".preview").first
    if width >= 600:
        chip.hover()
        sync_api.expect(preview).to_be_visible()
        page.mouse.move(0, 0)
        sync_api.expect(preview).to_be_hidden()
    chip.click()
    sync_api.expect(preview).to_be_visible()
    assert preview.locator(".pv-title").inner_text() == HEADLINE
    quote = preview.locator("mark.support").first.inner_text()
    assert "carried internally" in quote
    pbox = preview.bounding_box()
    assert pbox["x"] >= 0 and pbox["x"] + pbox["width"] <= width + 1
    shot(page, tmp_path, "04_preview", docs=f"preview-{width}", hover=True, full=False)
    # ... which opens the whole document at the span, the headline as its heading, once
    preview.locator(".pv-open").click()
    panel = page.locator("#doc-panel .doc-view")
    sync_api.expect(panel).to_be_visible()
    assert panel.locator(".doc-heading").inner_text() == HEADLINE
    assert panel.locator(".doc-text mark.support").first.inner_text() == quote
    assert HEADLINE not in panel.locator(".doc-text").inner_text()
    page.wait_for_function("""() => { const m = document.querySelector('#doc-panel .doc-text mark');
        const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    no_sideways_scroll(page)
    shot(page, tmp_path, "05_document_panel", docs=f"document-panel-{width}", full=False)
    panel.locator(".close-doc").click()
    sync_api.expect(page.locator("#doc-panel .doc-view")).to_have_count(0)
    page.click("#clear")
    sync_api.expect(page.locator("#chat .turn")).to_have_count(0)
    sync_api.expect(examples).to_be_visible()
    page.context.close()
