"""Pure tests of the page's helpers (no server, no model): escaping and highlighting of document
text, the answer layout, upload name sanitising and example questions."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.types import Answer, Citation, Passage
from ui import render
from ui.examples import example_questions
from ui.render import group_sources, highlight, render_answer
from ui.uploads import UploadError, is_upload, safe_name, store_upload

PAYLOAD = '<script>window.__xss=1</script> & <img src=x onerror="window.__xss=1"> ${window.__xss=1} {{x}}'


class TagChecker(HTMLParser):
    """Collects start tags and checks that every end tag closes the innermost open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.covered: list[bool] = []  # per character of text: inside a <mark>?

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        self.covered.extend([bool(self.stack)] * len(data))


def parse(markup: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], f"unclosed tags {checker.stack}"
    return checker


def strip_tags(markup: str) -> str:
    return html.unescape(re.sub(r"</?mark[^>]*>", "", markup))


# ---- highlight ------------------------------------------------------------------------------

def test_no_spans_is_just_escaped_text():
    assert highlight("a < b & c > d \"e\" 'f'", []) == "a &lt; b &amp; c &gt; d &quot;e&quot; &#x27;f&#x27;"


def test_payload_is_escaped_never_markup():
    out = highlight(PAYLOAD, [(0, 8, "support")])
    checker = parse(out)
    assert [t for t, _ in checker.tags] == ["mark"]
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in out
    assert out.startswith('<mark class="support">&lt;script&gt;</mark>')
    assert strip_tags(out) == PAYLOAD


def test_answer_nests_inside_support():
    text = "It carries the Joint Strike Missile internally."
    a = text.index("Joint")
    b = a + len("Joint Strike Missile")
    out = highlight(text, [(a, b, "answer"), (0, len(text), "support")])
    assert out == ('<mark class="support">It carries the <mark class="answer">Joint Strike Missile</mark>'
                   ' internally.</mark>')


def test_offsets_are_document_offsets_and_clipped_at_edges():
    text = "0123456789"
    # the passage starts at document offset 100
    assert highlight(text, [(100, 103, "support")], offset=100) == '<mark class="support">012</mark>3456789'
    assert highlight(text, [(107, 110, "support")], offset=100) == '0123456<mark class="support">789</mark>'
    assert highlight(text, [(100, 110, "answer")], offset=100) == '<mark class="answer">0123456789</mark>'
    # partly outside: clipped; wholly outside or empty: ignored
    assert highlight(text, [(95, 102, "support"), (108, 130, "answer")], offset=100) == (
        '<mark class="support">01</mark>234567<mark class="answer">89</mark>')
    assert highlight(text, [(0, 50, "support"), (120, 130, "answer"), (103, 103, "support")], offset=100) == text


def test_same_start_longer_span_is_outer_and_duplicates_merge():
    out = highlight("abcdef", [(0, 3, "answer"), (0, 6, "support"), (0, 6, "support")])
    assert out == '<mark class="support"><mark class="answer">abc</mark>def</mark>'
    same = highlight("abcdef", [(0, 6, "answer"), (0, 6, "support")])
    assert same == '<mark class="support"><mark class="answer">abcdef</mark></mark>'


def test_crossing_spans_stay_well_nested():
    out = highlight("abcdefgh", [(0, 5, "support"), (3, 8, "answer")])
    parse(out)
    assert strip_tags(out) == "abcdefgh"
    assert out == ('<mark class="support">abc<mark class="answer">de</mark></mark>'
                   '<mark class="answer">fgh</mark>')


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        highlight("abc", [(0, 1, 'x" onmouseover="alert(1)')])


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab <>&\"'/=\n\u00e9\u2019")), max_size=40),
       spans=st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45), st.sampled_from(["support", "answer"])),
                      max_size=5),
       offset=st.integers(0, 3))
def test_highlight_property(text, spans, offset):
    out = highlight(text, spans, offset=offset)
    checker = parse(out)
    assert all(tag == "mark" and attrs["class"] in ("support", "answer") for tag, attrs in checker.tags)
    assert "".join(checker.text) == text
    assert strip_tags(out) == text
    expected = [any(s - offset <= i < e - offset for s, e, _ in spans) for i in range(len(text))]
    assert checker.covered == expected
    assert ("<mark" in out) == any(max(s - offset, 0) < min(e - offset, len(text)) for s, e, _ in spans)


# ---- answer layout --------------------------------------------------------------------------

def _passage(doc_id: str, start: int, text: str, rank: int, score: float = 0.5, title: str = "",
             page: int | None = None) -> Passage:
    return Passage(doc_id=doc_id, start=start, end=start + len(text), text=text, score=score, rank=rank,
                   title=title, page=page)


def _answer() -> Answer:
    evil = _passage("evil<b>.txt", 0, "Before. " + PAYLOAD + " After.", 1, title='<img src=x onerror="1">')
    text = "Japan bought the Joint Strike Missile (JSM). It fits inside the F-35A."
    good = _passage("000_a.txt", 500, text, 2, page=3)
    a = text.index("Joint")
    support = Citation("000_a.txt", 500, 500 + text.index(" It"), text[: text.index(" It")], "support", 3, 2)
    short = Citation("000_a.txt", 500 + a, 500 + a + 20, "Joint Strike Missile", "answer", 3, 2)
    return Answer(question="Which missile?", text="Joint Strike Missile", abstained=False,
                  citations=[short, support], passages=[evil, good], confidence=0.8,
                  timings_ms={"retrieve": 12.3, "generate": 4.5, "total": 17.0})


def test_render_answer_highlights_cited_passage_and_escapes_everything():
    out = render_answer(_answer())
    checker = parse(out)
    assert not any(tag in ("script", "img", "b") for tag, _ in checker.tags)
    assert all(not k.startswith("on") for _, attrs in checker.tags for k in attrs)
    assert '<mark class="support">Japan bought the <mark class="answer">Joint Strike Missile</mark> (JSM).</mark>' in out
    assert "&lt;img src=x onerror=&quot;1&quot;&gt;" in out  # a title holding markup is text
    assert "evil&lt;b&gt;.txt" in out and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in out
    # the uncited passage is folded away
    assert out.index('<details class="others"') < out.index("evil&lt;b&gt;.txt")
    # the file name and page in small print; offsets, timings and the generator only in Details
    fold = out.index('<details class="why">')
    card = out[out.index('<article class="source cited"'):out.index("</article>")]
    assert "000_a.txt" in card and "page 3" in card and "characters" not in card
    assert 'data-start="500" data-end="544"' in card  # the cited span, for programs reading the page
    assert out.index("characters 500–544") > fold
    assert out.index("retrieve 12 ms") > fold and out.index("total 17 ms") > fold
    assert out.index("extractive") > fold and "ms" not in out[:fold]


def test_source_card_shows_the_cited_sentence_with_one_sentence_of_context_and_folds_the_rest():
    sentences = [f"Sentence number {i} says something about topic {i}." for i in range(8)]
    text = " ".join(sentences)
    p = _passage("long.txt", 1000, text, 1, title="Long")
    at = text.index(sentences[4])
    cite = Citation("long.txt", 1000 + at, 1000 + at + len(sentences[4]), sentences[4], "support", None, 1)
    card = render.source_card(render.Source(1, p, [cite]))
    parse(card)
    excerpt = card[card.index('<div class="excerpt">'):card.index("</div>", card.index('<div class="excerpt">'))]
    assert f"{sentences[3]} <mark class=\"support\">{sentences[4]}</mark> {sentences[5]}" in excerpt
    assert sentences[2] not in excerpt and sentences[6] not in excerpt
    assert excerpt.startswith('<div class="excerpt">… ') and excerpt.endswith(" …")
    # the whole passage, folded, with the same mark
    full = card[card.index('<details class="full">'):]
    assert "<summary>Whole passage</summary>" in full and sentences[0] in full and sentences[7] in full
    assert f'<mark class="support">{sentences[4]}</mark>' in full
    # a passage that is all excerpt has no fold
    short = _passage("s.txt", 0, "One. Two.", 1)
    assert "details" not in render.source_card(render.Source(1, short, [Citation("s.txt", 0, 4, "One.")]))


def test_group_sources_finds_the_containing_passage_and_numbers_from_one():
    answer = _answer()
    sources = group_sources(answer)
    assert [(s.number, s.passage.doc_id, len(s.citations)) for s in sources] == [(1, "000_a.txt", 2)]
    # a citation outside every passage still shows, as its own span
    answer.citations.append(Citation("other.txt", 10, 14, "text", "support", None, 0))
    sources = group_sources(answer)
    assert [s.passage.doc_id for s in sources] == ["000_a.txt", "other.txt"]
    assert '<mark class="support">text</mark>' in render.source_card(sources[1])


def test_written_answer_markers_point_at_the_cards():
    a = _passage("a.txt", 0, "The JSM fits inside the F-35A. It is made in Norway.", 1)
    b = _passage("b.txt", 100, "Japan ordered more in 2024. The price was <b>high</b>.", 2)
    cites = [Citation("a.txt", 0, 30, a.text[:30], "support", None, 1),
             Citation("b.txt", 100, 127, b.text[:27], "support", None, 2),
             Citation("a.txt", 31, 52, a.text[31:52], "support", None, 1)]
    answer = Answer(question="q", text="The JSM <fits> the F-35A [1]. More came in 2024 [2][3]. Made in Norway [3, 1].",
                    abstained=False, citations=cites, passages=[a, b], generator="llm")
    sources = group_sources(answer)
    assert [(s.number, s.passage.doc_id) for s in sources] == [(1, "a.txt"), (2, "b.txt")]
    out = render.answer_text_html(answer, sources)
    assert out == ('The JSM &lt;fits&gt; the F-35A<span class="ref">[1]</span>. More came in 2024'
                   '<span class="ref">[1]</span><span class="ref">[2]</span>. Made in Norway'
                   '<span class="ref">[1]</span>.')
    # markers that point nowhere stay as text; no markers at all: every card after the text
    answer.text = "See [9]."
    assert render.answer_text_html(answer, sources) == 'See [9]. <span class="ref">[1]</span><span class="ref">[2]</span>'


def test_quoted_answer_keeps_its_brackets():
    p = _passage("a.txt", 0, "Rule [3] applies to <all> ships.", 1)
    c = Citation("a.txt", 0, len(p.text), p.text, "support", None, 1)
    answer = Answer(question="q", text=p.text, abstained=False, citations=[c], passages=[p])
    out = render.answer_text_html(answer, group_sources(answer))
    assert out == 'Rule [3] applies to &lt;all&gt; ships. <span class="ref">[1]</span>'


def test_abstention_says_so_in_plain_words_and_keeps_numbers_in_a_fold():
    answer = Answer(question="Who won the 2022 World Cup?", text="The documents do not hold the answer.",
                    abstained=True, passages=[_passage("d<1>.txt", 0, "Unrelated <i>text</i>.", 1, 0.1)],
                    confidence=0.061, reason="the answer's confidence 0.061 is under the threshold 0.175")
    out = render_answer(answer)
    parse(out)
    assert 'class="notice abstain"' in out and "No passage in your documents answers this." in out
    assert "Closest passages" in out and "d&lt;1&gt;.txt" in out and "&lt;i&gt;text&lt;/i&gt;" in out
    assert "<mark" not in out and "match" not in out and "rel-bar" not in out  # no rating under an abstention
    # the numbers are only inside the details fold, after the notice and the passages
    fold = out.index('<details class="why">')
    assert out.index("under the threshold 0.175") > fold and out.index("0.061") > fold
    assert out.index("d&lt;1&gt;.txt") < fold
    # beyond the first few, the closest passages are folded away
    answer.passages += [_passage(f"d{i}.txt", 0, f"Passage {i}.", i, 0.1) for i in range(2, 5)]
    out = render_answer(answer)
    assert out.count("<article") == 4
    others = out.index('<details class="others"')
    assert others < out.index("d3.txt") and out.index("d2.txt") < others


def test_short_answer_first_with_its_sentence_and_a_copy_button():
    out = render_answer(_answer())
    box = out[out.index('<section class="answer-box">'):out.index("</section>")]
    assert '<p class="answer-text">Joint Strike Missile' in box
    assert 'data-copy="Joint Strike Missile"' in box
    assert ('<p class="support-line"><mark class="support">Japan bought the <mark class="answer">Joint Strike '
            'Missile</mark> (JSM).</mark></p>') in box
    assert box.index("answer-text") < box.index("support-line")


def test_sources_show_titles_once_and_relevance_in_words():
    text = "Defence ties\nJapan and Norway signed a memorandum."
    first = _passage("004_x.txt", 0, text, 1, score=0.0330, title="Defence ties")
    second = _passage("005_y.txt", 0, "Another <passage>.", 2, score=0.0161, title="")
    cite = Citation("004_x.txt", 13, len(text), text[13:], "support", None, 1)
    answer = Answer(question="q", text=cite.text, abstained=False, citations=[cite], passages=[first, second])
    out = render_answer(answer, turn=0)
    parse(out)
    cards = out[out.index('<h3 class="section-title">Sources'):]
    assert cards.count("Defence ties") == 1  # the heading; the passage's own first line is not repeated
    assert '<span class="doc-name">004_x.txt</span>' in out
    assert "0.033" not in out and "0.016" not in out and "score" not in out
    assert "best match" in out and "weak match" in out  # 0.0161 is under 60% of the best score
    # the chip after the answer shows a preview of its source (title, cited sentence), which opens
    # the document, as does the title of its card
    assert '<button type="button" class="ref" data-ref="1"' in out
    pv = out[out.index('<div class="preview" data-ref="1" hidden>'):out.index('<p class="support-line">')
             if '<p class="support-line">' in out else out.index("</section>")]
    assert "Defence ties" in pv and '<mark class="support">Japan and Norway signed a memorandum.</mark>' in pv
    assert out.count('data-open="source" data-turn="0" data-n="1"') == 2
    assert 'class="pv-open" data-open="source" data-turn="0" data-n="1"' in out
    assert 'data-open="passage" data-turn="0" data-n="2"' in out
    # without a title the file name is the heading, printed once
    assert out.count("005_y.txt") == 2  # data-doc attribute and the heading


def test_relevance_is_relative_to_the_best_passage():
    best = _passage("a", 0, "x", 1, score=12.0)
    assert "best match" in render.relevance(best, 12.0) and "width:100%" in render.relevance(best, 12.0)
    assert "good match" in render.relevance(_passage("b", 0, "x", 2, score=11.0), 12.0)
    assert "good match" in render.relevance(_passage("c", 0, "x", 3, score=8.0), 12.0)
    assert "weak match" in render.relevance(_passage("d", 0, "x", 4, score=1.0), 12.0)
    assert render.relevance(_passage("e", 0, "x", 0, score=float("nan")), 12.0) == ""


def test_messages_and_drafts_are_escaped():
    assert render.render_message("<b>bad</b> file") == '<div class="notice error"><p>&lt;b&gt;bad&lt;/b&gt; file</p></div>'
    assert 'class="notice info"' in render.render_message("x", "info")
    assert 'class="notice error"' in render.render_message("x", 'ok" onclick="1')
    draft = render.render_draft("q", "<img src=x onerror=1>", [])
    assert "<img" not in draft and "&lt;img" in draft


# ---- uploads --------------------------------------------------------------------------------

@pytest.mark.parametrize("given,expected", [
    ("report.txt", "report.txt"),
    ("My Report (final).PDF", "My_Report_final.pdf"),
    ("../../etc/evil.md", "evil.md"),
    ("C:\\Users\\x\\notes.HTM", "notes.htm"),
    (".hidden.txt", "hidden.txt"),
    (".txt", "upload.txt"),
    ("a..b...c.html", "a.b.c.html"),
    ("<script>x</script>.txt", "script.txt"),
    ("café – menu.md", "cafe_menu.md"),
])
def test_safe_name(given, expected):
    assert safe_name(given) == expected
    assert re.fullmatch(r"[A-Za-z0-9._-]+", safe_name(given))


@pytest.mark.parametrize("bad", ["run.exe", "archive.tar.gz", "noext", "x.txt/", "page.svg"])
def test_safe_name_refuses_other_types(bad):
    with pytest.raises(UploadError):
        safe_name(bad)


def test_store_upload_avoids_collisions_and_limits_size(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    dest = tmp_path / "index" / "uploads"
    a = src / "notes.txt"
    a.write_text("first", encoding="utf-8")
    first = store_upload(a, dest)
    assert first.path == dest / "notes.txt" and not first.duplicate
    again = store_upload(a, dest)
    assert again.path == first.path and again.duplicate
    a.write_text("second", encoding="utf-8")
    second = store_upload(a, dest)
    assert second.path == dest / "notes-1.txt" and second.path.read_text() == "second"
    assert first.path.read_text() == "first"
    # a name already used by an indexed document (e.g. from the corpus) is not taken over
    b = src / "000_x.txt"
    b.write_text("b", encoding="utf-8")
    assert store_upload(b, dest, taken={"000_x.txt"}).path.name == "000_x-1.txt"
    # the client's name counts, not the temporary file's
    assert store_upload(b, dest, original_name="../../Odd Name.md").path.name == "Odd_Name.md"
    big = src / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(UploadError, match="over the"):
        store_upload(big, dest, limit=1024)
    empty = src / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(UploadError, match="empty"):
        store_upload(empty, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["000_x-1.txt", "Odd_Name.md", "notes-1.txt", "notes.txt"]
    assert is_upload(dest / "notes.txt", tmp_path / "index")
    assert not is_upload(src / "notes.txt", tmp_path / "index")


# ---- example questions ----------------------------------------------------------------------

def test_example_questions_only_answerable_over_indexed_documents(tmp_path: Path):
    rows = [
        {"id": "1", "question": "Unanswerable?", "answers": [], "sources": []},
        {"id": "2", "question": "Retrieval only?", "sources": ["a.txt"]},
        {"id": "3", "question": "From a?", "answers": ["x"], "sources": ["a.txt"]},
        {"id": "4", "question": "From elsewhere?", "answers": ["x"], "sources": ["zzz.txt"]},
        {"id": "5", "question": "From a and b?", "answers": ["x"], "sources": ["a.txt", "b.txt"]},
    ]
    (tmp_path / "set.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    assert example_questions({"a.txt", "b.txt"}, dirs=[tmp_path]) == ["From a?", "From a and b?"]
    assert example_questions({"a.txt", "b.txt"}, dirs=[tmp_path], limit=1) == ["From a?"]
    assert example_questions(set(), dirs=[tmp_path]) == []
