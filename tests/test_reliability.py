"""What is guaranteed under real use: ids that never collide, one writer at a time, and an
index format this code understands. (Repeated crashes: tests/test_index.py.)"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag import Assistant
from rag.cli import main as rag_main
from rag.ingest.documents import load_paths
from rag.errors import FormatVersionError, IndexBuildingError, IndexMissingError
from rag.storage.formats import FORMAT_VERSION
from rag.storage.locking import STATUS_NAME, WriterLock, current_writer, is_held
from tests.corpus_answers import names_jsm

ROOT = Path(__file__).resolve().parent.parent

# A second process that holds an index's writer lock through the real rag.storage.locking, as a
# `rag index` run does, and reports its progress; it prints "held" once it has the lock.
HOLDER = """
import sys, time
from rag.storage.locking import WriterLock
w = WriterLock(sys.argv[1])
w.acquire()
w.progress(documents_done=3, documents_total=10)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
w.release()
"""


def hold_lock(index: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(index), str(seconds)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


# ---- 1. ids ----------------------------------------------------------------------------------
def test_two_roots_holding_the_same_name_are_kept_apart(tmp_path):
    a = write_folder(tmp_path / "a", {"notes.txt": "Alpha notes.", "only_a.txt": "Only here.",
                                      "sub/deep.md": "# Deep"})
    b = write_folder(tmp_path / "b", {"notes.txt": "Bravo notes."})
    loaded = load_paths([a, b])
    assert loaded.failed == []
    assert sorted(d.doc_id for d in loaded.documents) == ["a/notes.txt", "b/notes.txt", "only_a.txt", "sub/deep.md"]
    assert {d.doc_id: d.text for d in loaded.documents}["b/notes.txt"] == "Bravo notes."
    # The order the roots are given in changes nothing; one root alone keeps today's ids.
    assert sorted(d.doc_id for d in load_paths([b, a]).documents) == sorted(d.doc_id for d in loaded.documents)
    assert sorted(d.doc_id for d in load_paths([a]).documents) == ["notes.txt", "only_a.txt", "sub/deep.md"]
    # Roots with the same folder name too: their parents tell them apart.
    x = write_folder(tmp_path / "x" / "docs", {"n.txt": "x"})
    y = write_folder(tmp_path / "y" / "docs", {"n.txt": "y"})
    assert sorted(d.doc_id for d in load_paths([x, y]).documents) == ["x/docs/n.txt", "y/docs/n.txt"]
    # Two single files with one name.
    assert sorted(d.doc_id for d in load_paths([a / "notes.txt", b / "notes.txt"]).documents) == [
        "a/notes.txt", "b/notes.txt"]


@pytest.mark.slow
def test_ids_are_stable_so_nothing_is_re_embedded(tmp_path, embedder):
    a = write_folder(tmp_path / "a", {"notes.txt": "The frigate Hvass was launched in Bergen.",
                                      "other.txt": "Minesweepers exercise in the Gulf."})
    b = write_folder(tmp_path / "b", {"notes.txt": "The Zorblax festival takes place in Quintara every April."})
    index = tmp_path / "idx"
    first = Assistant.build([a, b], index_dir=index)
    assert sorted(first.last_report.added) == ["a/notes.txt", "b/notes.txt", "other.txt"]
    assert first.retrieve("Where does the Zorblax festival take place?", k=1)[0].doc_id == "b/notes.txt"
    for roots in ([a, b], [b, a], [a], [b]):  # together or alone: the same ids, nothing embedded
        again = Assistant(index).add(roots)
        assert again.chunks_embedded == 0 and not (again.added or again.removed), roots
    # A folder indexed on its own later does not replace a document of another folder.
    c = write_folder(tmp_path / "c", {"other.txt": "Tanker convoys cross the strait at night."})
    r = Assistant(index).add([c])
    assert r.added == ["c/other.txt"] and r.changed == [] and r.removed == []
    assert {d.doc_id for d in Assistant.load(index).documents()} == {
        "a/notes.txt", "b/notes.txt", "other.txt", "c/other.txt"}


# ---- 2. one writer ---------------------------------------------------------------------------
def test_second_writer_refuses_with_no_wait(tmp_path, capsys):
    folder = write_folder(tmp_path / "docs", {"a.txt": "Alpha."})
    index = tmp_path / "idx"
    holder = hold_lock(index, 60)
    try:
        assert is_held(index)
        code = rag_main(["index", str(folder), "--index", str(index), "--no-wait"])
        err = capsys.readouterr().err.strip()
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    assert err.startswith("error: the index at") and "being written by another process" in err
    assert f"pid {holder.pid}" in err and "3 of 10 documents" in err and "\n" not in err


def test_a_killed_writers_status_is_not_believed_and_its_lock_is_taken_over(tmp_path):
    index = tmp_path / "idx"
    holder = hold_lock(index, 60)
    assert current_writer(index).pid == holder.pid
    with pytest.raises(IndexBuildingError, match=r"being built \(pid \d+, 3 of 10 documents"):
        Assistant.load(index)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (index / STATUS_NAME).exists()  # left behind by the killed writer ...
    assert current_writer(index) is None and not is_held(index)  # ... and not believed
    with pytest.raises(IndexMissingError, match="no index at"):
        Assistant.load(index)
    messages: list[str] = []
    writer = WriterLock(index, wait=0, notify=messages.append)
    with writer:  # taken over at once, no waiting
        assert writer.taken_over is not None and writer.taken_over.pid == holder.pid
    assert messages == [] and not (index / STATUS_NAME).exists()


@pytest.mark.slow
def test_a_second_writer_waits_while_readers_go_on(tmp_path, embedder, capfd):
    folder = write_folder(tmp_path / "docs", {"a.txt": "The frigate Hvass was launched in Bergen in 2019."})
    index = tmp_path / "idx"
    Assistant.build([folder], index_dir=index)
    write_folder(folder, {"b.txt": "The Zorblax festival takes place in Quintara every April."})
    holder = hold_lock(index, 4)
    try:
        # A file a writer has written but not yet committed: readers must leave it alone.
        pending = index / "vectors.99.faiss"
        pending.write_bytes(b"not yet committed")
        t = time.monotonic()
        reader = Assistant.load(index)
        assert reader.retrieve("Where was the frigate Hvass launched?", k=1)[0].doc_id == "a.txt"
        assert time.monotonic() - t < 3 and holder.poll() is None  # did not wait for the writer
        assert pending.exists()
        report = Assistant(index).add([folder])  # waits for the holder, then runs
        waited = time.monotonic() - t
    finally:
        holder.kill()
        holder.wait()
    assert waited >= 3 and report.added == ["b.txt"]
    err = capfd.readouterr().err
    assert "waiting: the index at" in err and "3 of 10 documents" in err
    assert not pending.exists()  # the next writer swept it
    assert reader.retrieve("Where does the Zorblax festival take place?", k=1)[0].doc_id == "b.txt"


# ---- 6. format versions ----------------------------------------------------------------------
def set_version(index: Path, version: int) -> None:
    store = Assistant(index).store
    store.conn.execute("UPDATE manifest SET value = ? WHERE key = 'format_version'", (json.dumps(version),))
    store.close()


@pytest.mark.slow
def test_format_versions_newer_refused_older_migrated_or_rebuilt(tmp_path, embedder, capsys):
    folder = write_folder(tmp_path / "docs", {"a.txt": "The frigate Hvass was launched in Bergen in 2019."})
    index = tmp_path / "idx"
    Assistant.build([folder], index_dir=index)
    assert Assistant.load(index).store.manifest()["format_version"] == FORMAT_VERSION

    newer = FORMAT_VERSION + 1
    set_version(index, newer)
    with pytest.raises(FormatVersionError, match=rf"format version {newer}, newer than this rag's format version {FORMAT_VERSION}"):
        Assistant.load(index)
    with pytest.raises(FormatVersionError):
        Assistant(index).add([folder])  # nor written to
    assert rag_main(["ask", "Where was Hvass launched?", "--index", str(index)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and f"{newer}" in err and f"{FORMAT_VERSION}" in err
    assert Assistant(index).store.manifest()["format_version"] == newer  # left as it was

    # Version 1 (no relative paths recorded): read as it is, migrated by the next writer.
    set_version(index, 1)
    store = Assistant(index).store
    store.conn.execute("UPDATE documents SET metadata = json_remove(metadata, '$.path')")
    store.close()
    assert Assistant.load(index).retrieve("Where was the frigate Hvass launched?", k=1)[0].doc_id == "a.txt"
    r = Assistant(index).add([folder])
    assert f"migrated from format version 1 to {FORMAT_VERSION}" in r.summary() and r.chunks_embedded == 0
    store = Assistant.load(index).store
    assert store.manifest()["format_version"] == FORMAT_VERSION
    assert store.document_keys() == {"a.txt": (str(folder.resolve()), "a.txt")}

    # Older than any migration: refused by readers, rebuilt by the next writer with a message.
    set_version(index, 0)
    with pytest.raises(FormatVersionError, match="format version 0, older than this rag reads.*--rebuild"):
        Assistant.load(index)
    r = Assistant(index).add([folder])
    assert "format version 0 is too old to migrate" in r.rebuilt and r.chunks_embedded > 0
    assert Assistant.load(index).store.manifest()["format_version"] == FORMAT_VERSION


@pytest.mark.slow
def test_answers_go_on_from_the_old_index_while_the_same_process_adds(tmp_path, corpus_copy):
    """One process (as the page is) keeps answering while it embeds a large addition, from the
    last committed index; after the commit, from the new one."""
    import threading

    from rag.storage.locking import current_writer

    index = tmp_path / "idx"
    a = Assistant.build([corpus_copy], index_dir=index)
    extra = tmp_path / "extra"
    extra.mkdir()
    for i in range(120):  # ~600 chunks: progress is recorded every 256, long before the end
        (extra / f"log{i:03d}.txt").write_text(
            " ".join(f"Entry {i}.{j}: the keeper logged wind, rain and passing ships." for j in range(60)))
    (extra / "zz_probe.txt").write_text("The lantern room of Skarvholmen was repainted by Astrid Vollan.")
    probe = "Who repainted the lantern room of Skarvholmen?"
    assert a.ask(probe).abstained
    adding = threading.Thread(target=a.add, args=([extra],))
    adding.start()
    deadline = time.time() + 120
    while (current_writer(index) is None or current_writer(index).chunks_done == 0) and adding.is_alive():
        assert time.time() < deadline
        time.sleep(0.05)
    assert adding.is_alive(), "the addition must still be embedding for this test to mean anything"
    during = a.ask("Which missile can Japan's F-35A fighters carry internally?")
    assert adding.is_alive(), "an answer did not wait for the addition to finish"
    assert names_jsm(during.text)
    adding.join()
    after = a.ask(probe)
    assert not after.abstained and "Astrid Vollan" in after.text
