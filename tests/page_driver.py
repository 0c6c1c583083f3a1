"""Driving the page in a real browser for the tests: `rag serve` in a subprocess over a copy of
corpus/ (the ``server`` fixture), Debian's headless Chromium through Playwright (``browser``,
``page``; never a downloaded browser) and helpers to ask, upload and take screenshots (kept in
tmp_path; with RAG_DOCS_SCREENSHOTS=1 the ones the docs show are written to docs/page-*.png)."""
from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("RAG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT_S = 600  # builds the index (model load + embedding) on a slow CPU first
ANSWER_TIMEOUT_MS = 180_000
QUESTION = "#question textarea, #question input"
HEADLINE = "Japan deepens defence ties with Norway and the United Kingdom as Tokyo increases its defence diplomacy"
DOCS = REPO / "docs"
DOCS_SHOTS = os.environ.get("RAG_DOCS_SCREENSHOTS") == "1"
HEIGHTS = {1280: 860, 390: 844}
XSS_TEXT = '<script>window.__xss=1</script>'
XSS_IMG = '<img src=x onerror="window.__xss=1">'

sync_api = pytest.importorskip("playwright.sync_api")

from tests.servers import RagServe  # noqa: E402
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set RAG_CHROMIUM)",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    env.pop("RAG_AUTH", None)
    srv = RagServe(["--index", str(root / "index"), "--corpus", str(corpus), "--port", str(free_port())], env, REPO)
    url = srv.wait(START_TIMEOUT_S)
    yield url, root
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, server, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, 900)},
                                  permissions=["clipboard-read", "clipboard-write"],
                                  has_touch=width < 600, is_mobile=width < 600)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.goto(server[0])
    pg.wait_for_selector(QUESTION)
    return pg


@pytest.fixture
def page(browser, server):
    pg = open_page(browser, server)
    yield pg
    pg.context.close()


def shot(page, tmp_path: Path, name: str, docs: str = "", hover: bool = False, full: bool = True) -> None:
    """A screenshot into tmp_path (the full page unless ``full`` is False); with ``docs`` (and
    RAG_DOCS_SCREENSHOTS=1) the viewport as docs/page-<docs>.png too, in 256 colours to stay small."""
    if not hover:
        page.mouse.move(0, 0)  # no hover styles in the picture
    time.sleep(0.5)  # let the page settle (progress overlays fade out)
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=full)
    if docs and DOCS_SHOTS:
        from PIL import Image

        raw = tmp_path / f"{name}_viewport.png"
        page.screenshot(path=str(raw))
        Image.open(raw).convert("RGB").quantize(256).save(DOCS / f"page-{docs}.png", optimize=True)


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
    time.sleep(0.2)  # the page scrolls to the new turn
    return page.locator(done).nth(before)


def visible_text(locator) -> str:
    """What a reader sees (closed folds and hidden previews left out)."""
    return locator.evaluate("e => e.innerText")


def no_sideways_scroll(page) -> None:
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                     && e.getClientRects().length)
        .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)""")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), wide


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


def ask_again(page, turn, text: str):
    """Edit turn ``turn``'s "Asked as" question, press Ask again and wait for its new answer."""
    turn.locator(".edit-asked").click()
    field = turn.locator(".reask input")
    sync_api.expect(field).to_be_visible()
    field.fill(text)
    turn.locator(".reask-go").click()
    page.wait_for_function(
        """([i, text]) => { const t = document.querySelector(`#chat .turn[data-turn="${i}"]:not(.pending)`);
                            return t && t.querySelector('.asked-as') && t.querySelector('.timings')
                                   && t.querySelector('.asked-as').textContent === text; }""",
        arg=[int(turn.get_attribute("data-turn")), text], timeout=ANSWER_TIMEOUT_MS)
    time.sleep(0.2)


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] < page.viewport_size["height"] and box["y"] + box["height"] > 0
