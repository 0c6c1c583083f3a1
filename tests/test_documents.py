"""Loaders: every supported format, non-UTF-8 text, and unreadable files reported by name."""
from __future__ import annotations

import json

from rag.ingest.documents import load_paths
from tests.pdf_maker import write_pdf


def by_id(result):
    return {d.doc_id: d for d in result.documents}


def test_folder_of_all_formats(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Plain text about missiles.\nSecond line.", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# Title here\n\nSome *markdown* text.", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Page</title><style>p{color:red}</style><script>var secret=1;</script></head>"
        "<body><p>Visible &amp; kept.</p><div>Second block</div></body></html>", encoding="utf-8")
    write_pdf(tmp_path / "d.pdf", ["First page text.", "Second page text."])
    result = load_paths([tmp_path])
    docs = by_id(result)
    assert result.failed == []
    assert set(docs) == {"a.txt", "sub/b.md", "c.html", "d.pdf"}
    assert docs["sub/b.md"].title == "Title here"
    html = docs["c.html"]
    assert "Visible & kept." in html.text and "Second block" in html.text
    assert "secret" not in html.text and "color" not in html.text
    pdf = docs["d.pdf"]
    assert pdf.page_starts[0] == 0 and len(pdf.page_starts) == 2
    second = pdf.text.index("Second page")
    assert pdf.page_of(second) == 2 and pdf.page_of(0) == 1


def test_non_utf8_text_is_decoded_not_dropped(tmp_path):
    text = "Le ministre de la Défense a signé l’accord à Tokyo. Ça coûte 5 €."
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    result = load_paths([tmp_path])
    docs = by_id(result)
    assert result.failed == []
    assert docs["latin.txt"].text == text
    assert docs["utf16.txt"].text == text


def test_utf8_with_a_stray_byte_is_read_with_replacement_and_a_note(tmp_path, caplog):
    text = "The Japan–Norway memorandum was signed in Tokyo. " * 30
    data = text.encode("utf-8")
    cut = data.index(b"Tokyo") + 2
    (tmp_path / "stray.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])  # one corrupt byte
    with caplog.at_level("WARNING", logger="rag.notes"):
        result = load_paths([tmp_path])
    assert result.failed == []
    doc = by_id(result)["stray.txt"]
    assert doc.text == text[:doc.text.index("\ufffd")] + "\ufffd" + text[doc.text.index("\ufffd"):]
    assert doc.text.count("\ufffd") == 1 and "To\ufffdkyo" in doc.text
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / 'stray.txt'}: 1 invalid UTF-8 byte replaced with U+FFFD"]


def test_stray_byte_rule_counts_bytes_and_leaves_other_encodings_to_detection():
    from rag.ingest.documents import stray_utf8_bytes

    utf8 = ("Größe – “quoted” café. " * 90).encode("utf-8")  # 2,880 bytes: up to 2 stray bytes
    assert stray_utf8_bytes(utf8[:50] + b"\x80\x80" + utf8[50:])[1] == 2
    assert stray_utf8_bytes(utf8[:50] + b"\x80\x80\x80" + utf8[50:]) is None  # 3 > 1 per 1,000
    french = "Le ministre de la Défense a signé l’accord à Tokyo. Ça coûte 5 €. " * 20
    for encoding in ("cp1252", "latin-1", "utf-16"):
        data = french.replace("€", "EUR").replace("’", "'").encode(encoding)
        assert stray_utf8_bytes(data) is None, encoding
    # ASCII with one odd byte is as likely cp1252: left to detection, which reads it
    assert stray_utf8_bytes(b"plain ascii text. " * 100 + b"It\x92s") is None


def test_cli_notes_replaced_bytes_on_stderr(tmp_path):
    """`rag index` says per file how many bytes it replaced, and indexes the file."""
    import os
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("A clean file about the memorandum.", encoding="utf-8")
    (docs / "stray.md").write_bytes("# Größe\n\nThe missile’s range is long.".encode() + b"\xc3 end.")
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    r = subprocess.run([sys.executable, "-m", "rag", "index", str(docs), "--index", str(tmp_path / "idx")],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    notes = [line for line in r.stderr.splitlines() if line.startswith(("note:", "skipped:"))]
    assert notes == [f"note: {docs / 'stray.md'}: 1 invalid UTF-8 byte replaced with U+FFFD"]
    assert "2 added" in r.stdout or "(2 documents" in r.stdout


def test_bad_files_are_reported_by_name_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text("Good text.", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (tmp_path / "table.numbers").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.md").write_text("   \n", encoding="utf-8")
    result = load_paths([tmp_path, tmp_path / "missing.txt"])
    assert [d.doc_id for d in result.documents] == ["good.txt"]
    failed = dict(result.failed)
    assert set(failed) == {str(tmp_path / n) for n in ("binary.txt", "broken.pdf", "table.numbers", "empty.md", "missing.txt")}
    for reason in failed.values():
        assert "\n" not in reason and reason
    assert "unsupported format '.numbers'" in failed[str(tmp_path / "table.numbers")]
    assert "binary" in failed[str(tmp_path / "binary.txt")]


def test_beir_jsonl(tmp_path):
    rows = [{"_id": "42", "title": "Aspirin", "text": "Aspirin reduces fever."},
            {"_id": "43", "title": "", "text": "Untitled abstract."}]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs = by_id(load_paths([path]))
    assert docs["42"].text == "Aspirin reduces fever." and docs["42"].title == "Aspirin"
    assert docs["43"].text == "Untitled abstract."


# ---- titles: the document's headline, never a byline, a caption or a file name ----------------

def test_titles_are_headlines(tmp_path):
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    docs = by_id(load_paths([corpus]))
    # the column blurb above the headline is passed over; a caption too; without a headline the
    # lead sentence (after its dateline) stands in, never the file name
    assert docs["000_060f33d986f2756b.txt"].title == ("Japan deepens defence ties with Norway and the United "
                                                      "Kingdom as Tokyo increases its defence diplomacy")
    assert docs["001_880e45182f3efc1d.txt"].title == ("Norway and Japan are strengthening their security and "
                                                      "defence policy cooperation")
    assert docs["002_7c382053da63ecea.txt"].title == ("Japan and Norway have signed an agreement to co-operate on "
                                                      "defence equipment and technology")
    assert docs["003_7671a05af6d030d1.txt"].title == "Japan and Norway are joining forces to strengthen their defense ties"
    assert docs["004_481b1a0d08652fd3.txt"].title == "The US and Japan are reworking their defense relationship"
    files = {
        "byline.txt": "By Jane Doe\nHarbour reopens after storm\nThe harbour reopened on Monday.",
        "heading.md": "Some front text.\n\n## Tide tables\n\nBody.",
        "setext.rst": "Tide tables\n===========\n\nThe tides are listed below.",
        "section.txt": ("A first paragraph that runs on. It has two sentences and more words than a headline "
                        "could ever have, so it is body text.\nA section heading\nMore body."),
        "long.txt": "The " + "very " * 40 + "long first sentence ends here. Then more.",
        "page.html": "<html><head><title>Tides | Harbour News</title></head><body><p>Text.</p></body></html>",
        "h1.html": "<html><head><title>Site</title></head><body><h1>Storm &amp; tide</h1><p>Text.</p></body></html>",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    titles = {d.doc_id: d.title for d in load_paths([tmp_path]).documents}
    assert titles["byline.txt"] == "Harbour reopens after storm"
    assert titles["heading.md"] == "Tide tables"
    assert titles["setext.rst"] == "Tide tables"
    assert titles["section.txt"] == "A first paragraph that runs on"  # not the later section heading
    assert titles["long.txt"].endswith("…") and len(titles["long.txt"]) <= 111
    assert titles["page.html"] == "Tides" and titles["h1.html"] == "Storm & tide"


def test_pdf_metadata_title_unless_a_writer_made_it_up():
    from rag.ingest.loaders.pdf import metadata_title

    assert metadata_title("  Annual   report 2024 ") == "Annual report 2024"
    assert metadata_title("Microsoft Word - report.docx") == ""
    assert metadata_title("untitled") == "" and metadata_title("scan_0001.pdf") == ""
