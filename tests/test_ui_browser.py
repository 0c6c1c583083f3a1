"""The page in a real browser: `rag serve` in a subprocess over a copy of corpus/, driven by
headless Chromium through Playwright. Asks, uploads, and checks that document text holding
markup shows as text and runs nothing. Screenshots of each step are kept in tmp_path."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.corpus_answers import names_jsm

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("RAG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT_S = 600  # builds the index (model load + embedding) on a slow CPU first
ANSWER_TIMEOUT_MS = 180_000
QUESTION = "#question textarea, #question input"
XSS_TEXT = '<script>window.__xss=1</script>'
XSS_IMG = '<img src=x onerror="window.__xss=1">'

sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set RAG_CHROMIUM)",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m rag serve` in a subprocess; its output is collected for failure messages."""

    def __init__(self, index: Path, corpus: Path, port: int) -> None:
        env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
                   PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        env.pop("RAG_AUTH", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rag", "serve", "--index", str(index), "--corpus", str(corpus),
             "--port", str(port)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines: list[str] = []
        self.url: str | None = None
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            found = re.search(r"Serving on (http://\S+)", line)
            if found:
                self.url = found.group(1)
                self.ready.set()
        self.ready.set()

    def wait(self, timeout: float) -> str:
        if not self.ready.wait(timeout) or self.url is None:
            self.stop()
            pytest.fail("rag serve did not start:\n" + "\n".join(self.lines[-40:]))
        return self.url

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    srv = Server(root / "index", corpus, free_port())
    url = srv.wait(START_TIMEOUT_S)
    yield url, root
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.goto(server[0])
    pg.wait_for_selector(QUESTION)
    yield pg
    context.close()


def shot(page, tmp_path: Path, name: str) -> None:
    page.mouse.move(0, 0)  # no hover styles in the picture
    time.sleep(0.5)  # let the page settle (progress overlays fade out)
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def ask(page, question: str):
    """Type a question, press Ask, wait for its finished turn in the conversation and return it."""
    page.get_by_role("tab", name="Ask").click()
    done = "#chat .turn:not(.pending)"
    before = page.locator(done).count()
    page.locator(QUESTION).first.fill(question)
    page.click("#ask")
    page.wait_for_function(
        """([sel, n]) => { const t = document.querySelectorAll(sel);
                           return t.length === n + 1 && t[n].querySelector('.timings'); }""",
        arg=[done, before], timeout=ANSWER_TIMEOUT_MS)
    return page.locator(done).nth(before)


def upload(page, *files: Path) -> str:
    """Add files on the Documents tab and return the status text once every file is reported."""
    page.get_by_role("tab", name="Documents").click()
    page.set_input_files("#upload input[type=file]", [str(f) for f in files])
    status = page.locator("#doc-status .notice")
    sync_api.expect(status).to_have_count(len(files), timeout=ANSWER_TIMEOUT_MS)
    return page.locator("#doc-status").inner_text()


def assert_nothing_ran(page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []
    assert page.locator("#chat img, #chat script, #doc-status img, #doc-table img, #doc-panel img").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=x], img[onerror]').length") == 0


def test_ask_shows_answer_with_highlighted_source(page, tmp_path):
    shot(page, tmp_path, "01_start")
    result = ask(page, "Which missile can Japan's F-35A fighters carry internally?")
    shot(page, tmp_path, "02_answer")
    answer = result.locator(".answer-text").first.inner_text()
    assert names_jsm(answer)
    cited = result.locator("article.source.cited").first
    assert cited.get_attribute("data-doc") == "000_060f33d986f2756b.txt"
    assert "000_060f33d986f2756b.txt" in cited.locator(".doc-name").inner_text()
    # the document's title heads the card (its first line), relevance is in words, not a score
    assert cited.locator(".doc-title").inner_text().startswith("In this fortnightly online column")
    assert re.fullmatch(r"(best|strong|good|weak) match", cited.locator(".relevance").inner_text().strip())
    assert not re.search(r"\b0\.0\d\d\b", result.inner_text())
    support = cited.locator("mark.support").first
    assert "carried internally" in support.inner_text()
    assert re.search(r"characters [\d,]+–[\d,]+", cited.locator(".loc").inner_text())
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
    others.locator("summary").click()
    assert others.locator(".relevance").count() >= 1
    assert "ms" in result.locator(".timings").inner_text()
    # nothing to scroll sideways for
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    shot(page, tmp_path, "03_other_passages")
    page.set_viewport_size({"width": 400, "height": 900})  # a phone: still no sideways scrolling
    time.sleep(0.5)
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                     && e.getClientRects().length)
        .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)""")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), wide
    shot(page, tmp_path, "04_narrow")


def test_abstains_with_a_clear_message(page, tmp_path):
    result = ask(page, "Who wrote Pride and Prejudice?")
    shot(page, tmp_path, "01_abstain")
    notice = result.locator(".notice.abstain")
    assert notice.count() == 1
    assert "No passage in your documents answers this" in notice.inner_text()
    assert result.locator("mark").count() == 0
    assert result.locator("article.source").count() >= 1  # the closest passages are still shown
    # the numbers are folded away until asked for
    why = result.locator("details.why")
    assert not why.evaluate("d => d.open") and "threshold" not in notice.inner_text()
    why.locator("summary").click()
    assert "under the threshold" in why.inner_text()
    shot(page, tmp_path, "02_abstain_details")
    # a number the question states and no passage mentions is named as the reason
    result = ask(page, "Who won the 2022 World Cup?")
    assert result.locator(".notice.abstain").count() == 1
    why = result.locator("details.why")
    why.locator("summary").click()
    assert "states 2022, which none of the passages found mentions" in why.inner_text()


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


def test_conversation_with_a_follow_up_then_clear(page, tmp_path):
    first = ask(page, "When was the Japan–Norway memorandum on defence equipment signed?")
    assert "3 September" in first.locator(".answer-text").first.inner_text()
    assert first.locator(".standalone").count() == 0  # asked as typed
    second = ask(page, "and who signed it?")
    shot(page, tmp_path, "01_follow_up")
    # the follow-up was asked as a standalone question, shown in small print
    assert second.locator(".asked").inner_text() == "and who signed it?"
    standalone = second.locator(".standalone").inner_text()
    assert standalone == "Asked as: Who signed the Japan–Norway memorandum on defence equipment?"
    answer = second.locator(".answer-box").inner_text() + second.locator("article.source.cited").first.inner_text()
    assert "Kihara" in answer or "Gram" in answer
    assert page.locator("#chat .turn").count() == 2  # both turns stay, oldest first
    page.click("#clear")
    sync_api.expect(page.locator("#chat .turn")).to_have_count(0)
    assert page.locator(QUESTION).first.input_value() == ""


def test_citation_opens_the_whole_document_at_its_span(page, server, tmp_path):
    result = ask(page, "Which missile can Japan's F-35A fighters carry internally?")
    quote = result.locator("article.source.cited mark.support").first.inner_text()
    result.locator("button.ref").first.click()
    panel = page.locator("#doc-panel .doc-view")
    sync_api.expect(panel).to_be_visible()
    mark = panel.locator(".doc-text mark.support").first
    assert mark.inner_text() == quote
    doc_id = result.locator("article.source.cited").first.get_attribute("data-doc")
    source = (server[1] / "corpus" / doc_id).read_text(encoding="utf-8")
    text = panel.locator(".doc-text").inner_text()
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    assert lines[1] in text and lines[-1] in text  # the whole document, not the passage
    heading = panel.locator(".doc-heading").inner_text()
    assert lines[0] == heading and lines[0] not in text  # the title line is the heading, shown once
    assert panel.locator(".doc-heading").inner_text().startswith("In this fortnightly online column")
    # scrolled so that the span is in view inside the panel
    page.wait_for_function("""() => { const m = document.querySelector('#doc-panel .doc-text mark');
        const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    shot(page, tmp_path, "01_document_panel")
    page.screenshot(path=str(tmp_path / "02_document_panel_viewport.png"))
    panel.locator(".close-doc").click()
    sync_api.expect(page.locator("#doc-panel .doc-view")).to_have_count(0)
    # a retrieved passage opens the same way, from its title
    result.locator("details.others summary").click()
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
    shot(page, tmp_path, "02_feedback_saved")
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
    assert "--model" not in hint
    shot(page, tmp_path, "01_settings")
