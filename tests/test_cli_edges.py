"""The command line at its edges, run as a user runs it (`python -m rag ...`, the real embedder, a
tiny real folder): an --index that is a file, a folder with no documents, a folder whose files all
fail to read, a reader that closes the pipe early, and the line `rag serve` prints about the index.
Each error is one line on stderr with exit status 2, and leaves nothing behind."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ("The Zorblax festival takes place in Quintara every April.\n\n"
         "It was founded in 1921 by Mira Tolen, a weaver from the northern hills.\n")
QUESTION = "Where does the Zorblax festival take place?"


def rag(*args: str | Path, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "rag", *map(str, args)], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=env, cwd=ROOT, timeout=300)


def bad_folder(folder: Path) -> Path:
    """Two files that cannot be read: a binary .txt and a corrupt .pdf."""
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"ab\x00\x00cd\x00")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really a PDF")
    return folder


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """A real index of one small text file, built by `rag index`."""
    base = tmp_path_factory.mktemp("edges")
    (base / "docs").mkdir()
    (base / "docs" / "zorblax.txt").write_text(FACTS, encoding="utf-8")
    r = rag("index", base / "docs", "--index", base / "idx")
    assert r.returncode == 0, r.stderr[-2000:]
    return base / "idx"


def documents(index: Path) -> dict:
    """What `rag ask` finds in the index: its answer, citations and passages (timings apart)."""
    r = rag("ask", QUESTION, "--index", index, "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    answer = json.loads(r.stdout)
    answer.pop("timings_ms")
    assert answer["citations"] and answer["citations"][0]["doc_id"] == "zorblax.txt", answer
    return answer


# ---- a. --index names a file ----------------------------------------------------------------

def test_an_index_path_that_is_a_file_is_one_line_for_index_and_ask(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(FACTS, encoding="utf-8")
    file = tmp_path / "notes.txt"
    file.write_text("not an index", encoding="utf-8")
    want = f"error: --index {file} is a file, not an index folder"
    r = rag("index", tmp_path / "docs", "--index", file)
    assert (r.returncode, r.stderr.strip(), r.stdout) == (2, want, "")
    r = rag("ask", QUESTION, "--index", file)
    assert (r.returncode, r.stderr.strip()) == (2, want), "not `rag index PATH --index FILE`, which fails"
    assert file.read_text(encoding="utf-8") == "not an index"


# ---- b. a folder with no documents ----------------------------------------------------------

def test_an_empty_folder_is_an_error_that_creates_no_index(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "sub").mkdir()
    (empty / ".hidden.txt").write_text(FACTS, encoding="utf-8")  # hidden files are not read
    r = rag("index", empty, "--index", tmp_path / "idx")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"error: no documents found in {empty} (supported: ")
    assert len(r.stderr.strip().splitlines()) == 1 and " .txt" in r.stderr and " .pdf" in r.stderr
    assert not (tmp_path / "idx").exists()


def test_an_empty_folder_leaves_an_existing_index_as_it_was(tmp_path, index):
    before = documents(index)
    (tmp_path / "empty").mkdir()
    r = rag("index", tmp_path / "empty", "--index", index)
    assert r.returncode == 2 and r.stderr.startswith("error: no documents found in ")
    assert documents(index) == before


# ---- c. a folder whose files all fail to read -----------------------------------------------

def test_a_folder_of_unreadable_files_is_an_error_that_creates_no_index(tmp_path):
    bad = bad_folder(tmp_path / "bad")
    r = rag("index", bad, "--index", tmp_path / "idx")
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 3, r.stderr  # no library warnings (pypdf's "EOF marker not found"), no traceback
    assert lines[0].startswith(f"skipped: {bad / 'binary.txt'}: binary file")
    assert lines[1].startswith(f"skipped: {bad / 'broken.pdf'}: unreadable PDF")
    assert lines[2] == f"error: none of the 2 files in {bad} could be read"
    assert not (tmp_path / "idx").exists()

    # an index folder made beforehand (empty) is left as it was found
    (tmp_path / "made").mkdir()
    r = rag("index", bad, "--index", tmp_path / "made")
    assert r.returncode == 2 and list((tmp_path / "made").iterdir()) == []
    r = rag("index", bad / "binary.txt", "--index", tmp_path / "made")
    assert r.returncode == 2 and r.stderr.strip().splitlines()[-1] == f"error: {bad / 'binary.txt'} could not be read"
    assert list((tmp_path / "made").iterdir()) == []


def test_unreadable_files_lose_nothing_already_indexed(tmp_path, index):
    before = documents(index)
    bad = bad_folder(tmp_path / "bad")
    r = rag("index", bad, "--index", index)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == f"error: none of the 2 files in {bad} could be read"
    assert documents(index) == before


def test_some_readable_files_are_indexed_and_the_rest_listed(tmp_path):
    mixed = bad_folder(tmp_path / "mixed")
    (mixed / "zorblax.txt").write_text(FACTS, encoding="utf-8")
    r = rag("index", mixed, "--index", tmp_path / "idx")
    assert r.returncode == 0, r.stderr[-2000:]
    assert [line.split(":")[0] for line in r.stderr.strip().splitlines() if not line.startswith("embedding")] == \
        ["skipped", "skipped"]
    assert "1 added" in r.stdout and "(1 documents, " in r.stdout
    assert "Quintara" in documents(tmp_path / "idx")["answer"]


# ---- d. a reader that closes the pipe -------------------------------------------------------

@pytest.mark.parametrize("as_json", [False, True])
def test_a_closed_pipe_ends_quietly(index, as_json):
    """`rag ask ... | head -3`: here the reading end is closed before `rag` writes anything."""
    read, write = os.pipe()
    os.close(read)
    try:
        r = rag("ask", QUESTION, "--index", index, *(["--json"] if as_json else []), stdout=write)
    finally:
        os.close(write)
    assert r.returncode == 0 and r.stderr == "", r.stderr[-2000:]


def test_head_gets_its_lines_and_rag_ends_quietly(index):
    r = subprocess.run(f'"{sys.executable}" -m rag ask "{QUESTION}" --index "{index}" | head -1; '
                       'echo "status ${PIPESTATUS[0]}"', shell=True, executable="/bin/bash", cwd=ROOT,
                       capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1"))
    assert r.stdout.splitlines()[0].startswith("Quintara") and r.stdout.splitlines()[-1] == "status 0"
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, r.stderr[-2000:]


# ---- e. the line `rag serve` prints about the index -----------------------------------------

def test_serve_names_the_index_once(tmp_path):
    from ui.command import index_line, prepare_index

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "zorblax.txt").write_text(FACTS, encoding="utf-8")
    _, first = prepare_index(tmp_path / "idx", tmp_path / "docs")
    assert index_line(first).startswith("index: 1 added, ")
    _, second = prepare_index(tmp_path / "idx", tmp_path / "docs")  # a second `./run.sh serve`
    assert second.startswith("index is up to date: ")
    assert index_line(second) == second and "index: index" not in index_line(second)


def test_a_folder_emptied_since_it_was_indexed_removes_its_documents(tmp_path):
    """Not an error: the index held documents from that folder, and their files are gone."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "zorblax.txt").write_text(FACTS, encoding="utf-8")
    assert rag("index", tmp_path / "docs", "--index", tmp_path / "idx").returncode == 0
    (tmp_path / "docs" / "zorblax.txt").unlink()
    r = rag("index", tmp_path / "docs", "--index", tmp_path / "idx")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "1 removed" in r.stdout and "(0 documents, 0 chunks)" in r.stdout
