"""The store, incremental indexing and retrieval, fast: the real Store, Indexer and Retriever
(SQLite, FAISS, bm25s) with the deterministic FakeEmbedder (rag.testing.fake_embedder) instead
of a model, so these run under ``-m "not slow"`` without torch or an ONNX model."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag import Assistant
from rag.errors import RagError, StaleIndexError
from rag.testing.embedders import check_embedder
from rag.testing.fake_embedder import FakeEmbedder
from rag.types import Document

ROOT = Path(__file__).resolve().parent.parent

FILES = {
    "missiles.txt": "Japan will buy the Joint Strike Missile for its F-35A fighters. "
                    "The missile can be carried internally.\n\nDelivery starts next year.",
    "memo/norway.md": "# Memorandum\n\nThe Japan–Norway memorandum on defence equipment was signed in Tokyo "
                      "on 3 September.",
    "plants.html": "<html><head><title>Photosynthesis</title></head><body><p>Photosynthesis turns light "
                   "into chemical energy in chloroplasts.</p><p>Leaves hold chlorophyll.</p></body></html>",
    "rivers.txt": "The Nile is about 6,650 kilometres long. It flows north into the Mediterranean Sea.",
}


def write_corpus(folder: Path, files: dict[str, str] = FILES) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def built(tmp_path, corpus) -> Assistant:
    return Assistant.build([corpus], index_dir=tmp_path / "idx", embedder=FakeEmbedder())


def chunk_ids(assistant: Assistant) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for row in assistant.store.chunks():
        out.setdefault(row.doc_id, []).append(row.chunk_id)
    return out


def test_fake_embedder_conforms_and_is_deterministic():
    check_embedder(FakeEmbedder())
    check_embedder(FakeEmbedder(dimension=64))
    a, b = FakeEmbedder().encode(["Japan's F-35A"]), FakeEmbedder().encode(["Japan's F-35A"])
    assert np.array_equal(a, b)
    from rag import registry

    assert all(registry.load("embedder", n) is not FakeEmbedder for n in registry.names("embedder")), \
        "a test tool, not a registered part"


def test_build_records_ids_chunks_and_manifest(built, corpus):
    report = built.last_report
    assert sorted(report.added) == ["memo/norway.md", "missiles.txt", "plants.html", "rivers.txt"]
    assert report.failed == [] and report.chunks_embedded == len(built.store.chunks()) >= 4
    manifest = built.store.manifest()
    assert manifest["embedder"] == "fake-hashed-ngrams-384" and manifest["dimension"] == 384
    assert manifest["chunking"]["embedder_max_tokens"] == 256
    assert built.document("plants.html").title == "Photosynthesis"
    for row in built.store.chunks():  # offsets into the document's own text, exact
        assert built.document(row.doc_id).text[row.start:row.end] == row.text
    assert {d.doc_id: d.source for d in built.documents()}["memo/norway.md"] == str(corpus / "memo" / "norway.md")


def test_incremental_add_change_remove_keeps_other_ids(built, corpus, tmp_path):
    before = chunk_ids(built)
    again = built.add([corpus])
    assert again.summary().startswith("index is up to date") and again.chunks_embedded == 0

    (corpus / "rivers.txt").write_text("The Danube flows east into the Black Sea.", encoding="utf-8")
    (corpus / "plants.html").unlink()
    (corpus / "volcano.txt").write_text("Mount Etna erupts on Sicily.", encoding="utf-8")
    report = built.add([corpus])
    assert (report.added, report.changed, report.removed, report.unchanged) == (
        ["volcano.txt"], ["rivers.txt"], ["plants.html"], 2)
    after = chunk_ids(built)
    assert set(after) == {"missiles.txt", "memo/norway.md", "rivers.txt", "volcano.txt"}
    for doc_id in ("missiles.txt", "memo/norway.md"):
        assert after[doc_id] == before[doc_id], "unchanged documents keep their chunk ids"
    assert not set(after["rivers.txt"]) & set(before["rivers.txt"]), "a changed document gets new chunks"
    assert sorted(built.store.vectors.ids().tolist()) == sorted(i for ids in after.values() for i in ids)

    # a broken file keeps its indexed version; --keep-missing keeps a deleted file's document
    (corpus / "rivers.txt").write_bytes(b"\x00\x01binary")
    (corpus / "volcano.txt").unlink()
    report = built.add([corpus], prune=False)
    assert [p for p, _ in report.failed] == [str(corpus / "rivers.txt")] and report.removed == []
    assert "Danube" in built.document("rivers.txt").text and built.document("volcano.txt")

    reopened = Assistant.load(tmp_path / "idx", embedder=FakeEmbedder())
    assert chunk_ids(reopened) == chunk_ids(built)


def test_retrieval_modes_find_the_right_passage_exactly(built):
    question = "Which missile can Japan's F-35A fighters carry internally?"
    for mode in ("dense", "bm25", "hybrid"):
        passages = built.retrieve(question, k=3, retriever=mode)
        assert passages and passages[0].doc_id == "missiles.txt", (mode, passages)
        assert [p.rank for p in passages] == list(range(1, len(passages) + 1))
        scores = [p.score for p in passages]
        assert scores == sorted(scores, reverse=True), mode
        for p in passages:
            assert built.document(p.doc_id).text[p.start:p.end] == p.text
    assert built.retrieve("chlorophyll in leaves", k=1, retriever="hybrid")[0].title == "Photosynthesis"
    everything = built.retrieve("the", k=50, retriever="dense")
    assert len(everything) == len(built.store.chunks()), "k beyond the count gives every chunk once"
    assert built.retrieve("zzzqqq", k=3, retriever="bm25") == [], "no shared term: BM25 finds nothing"
    with pytest.raises(RagError, match="unknown retriever"):
        built.retrieve(question, retriever="nope")


def test_remove_and_add_documents(built):
    assert built.remove(["missiles.txt", "not-there"]) == 1
    hits = built.retrieve("Joint Strike Missile F-35A", k=10, retriever="hybrid")
    assert hits and all(p.doc_id != "missiles.txt" for p in hits), "a removed document is never returned"
    report = built.add_documents([Document("code-made", "Glimmerfen is a marsh full of fireflies.", "Glimmerfen")])
    assert report.added == ["code-made"]
    assert built.retrieve("fireflies in the marsh", k=1, retriever="dense")[0].doc_id == "code-made"
    assert built.add_documents([Document("code-made", "Glimmerfen is a marsh full of fireflies.",
                                         "Glimmerfen")]).chunks_embedded == 0


def test_another_embedder_is_refused_at_query_time_and_rebuilds_when_indexing(built, corpus, tmp_path):
    with pytest.raises(StaleIndexError, match="embedder"):
        Assistant.load(tmp_path / "idx", embedder=FakeEmbedder(dimension=64))
    report = Assistant(tmp_path / "idx", embedder=FakeEmbedder(dimension=64)).add([corpus])
    assert "embedder" in report.rebuilt and report.chunks_embedded > 0
    assert Assistant(tmp_path / "idx", embedder=FakeEmbedder(64)).store.manifest()["dimension"] == 64


def test_the_fast_path_loads_no_model(tmp_path):
    """A fresh process builds, updates and searches an index with the fake embedder and imports
    neither torch, sentence-transformers nor onnxruntime."""
    corpus = write_corpus(tmp_path / "corpus")
    script = f"""
import json, sys
from pathlib import Path
from rag import Assistant
from rag.testing.fake_embedder import FakeEmbedder
a = Assistant.build([{str(corpus)!r}], index_dir={str(tmp_path / 'idx')!r}, embedder=FakeEmbedder())
Path({str(corpus / 'extra.txt')!r}).write_text("Mount Etna erupts on Sicily.", encoding="utf-8")
a.add([{str(corpus)!r}])
top = [a.retrieve("Etna on Sicily", k=1, retriever=m)[0].doc_id for m in ("dense", "bm25", "hybrid")]
heavy = [m for m in ("torch", "sentence_transformers", "transformers", "onnxruntime") if m in sys.modules]
print(json.dumps([top, heavy, float(FakeEmbedder().encode(["Japan"]).sum())]))
"""
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    top, heavy, checksum = json.loads(r.stdout.strip().splitlines()[-1])
    assert top == ["extra.txt"] * 3 and heavy == []
    assert checksum == pytest.approx(float(FakeEmbedder().encode(["Japan"]).sum()), abs=1e-6), \
        "the same vectors in every process"


def test_fusion_over_any_number_of_rankings():
    import numpy as np

    from rag.search.retrieval import RRF_K, fuse

    a, b, c = np.array([1, 2, 3]), np.array([3, 2]), np.array([9, 3])
    pos, scores = fuse([(1.0, a), (1.0, b), (2.0, c)], n=3)
    expected = {3: 1 / (RRF_K + 3) + 1 / (RRF_K + 1) + 2 / (RRF_K + 2), 9: 2 / (RRF_K + 1),
                2: 1 / (RRF_K + 2) + 1 / (RRF_K + 2), 1: 1 / (RRF_K + 1)}
    best = sorted(expected, key=lambda p: -expected[p])[:3]
    assert pos.tolist() == best and np.allclose(scores, [expected[p] for p in best])
    assert fuse([], n=5)[0].size == 0
    assert fuse([(0.0, a)], n=2)[0].tolist() == [1, 2]  # a zero weight keeps the order, scores 0


def test_bm25_matches_names_typed_without_accents():
    """People type "yasar guler" for "Yaşar Güler" and "bjorn" for "Bjørn"."""
    from rag.search.lexicon import fold
    from rag.search.rankers import Lexical

    texts = ["Nakatani met Turkey’s Defence Minister Yaşar Güler.", "Bjørn Arild Gram met Andreas Flåm.",
             "The Nile flows north."]
    lexical = Lexical(texts)
    assert lexical.scores("yasar guler").argmax() == 0
    assert lexical.scores("Bjorn Flam").argmax() == 1
    assert all(len(fold(t)) == len(t) for t in texts)  # one character for one: offsets still hold


def test_bm25_index_is_saved_per_generation_and_loaded_by_the_next_process(built, corpus):
    question = "Which missile can the fighters carry?"
    first = [(p.doc_id, p.start) for p in built.retrieve(question, k=3, retriever="bm25")]
    generation = built.store.generation
    cache = built.store.search_cache(generation)
    assert (cache / "rows.json").is_file()
    again = Assistant(built.index_dir, embedder=FakeEmbedder())  # as a fresh process would
    assert [(p.doc_id, p.start) for p in again.retrieve(question, k=3, retriever="bm25")] == first
    # a cache that does not match the rows is rebuilt, never trusted
    (cache / "rows.json").write_text(json.dumps({"rows": 1}))
    third = Assistant(built.index_dir, embedder=FakeEmbedder())
    assert [(p.doc_id, p.start) for p in third.retrieve(question, k=3, retriever="bm25")] == first
    assert json.loads((cache / "rows.json").read_text())["rows"] == built.n_chunks()
    # a new generation leaves the old cache behind; a rebuild drops every cache
    (corpus / "extra.txt").write_text("A new file about frigates.")
    built.add([corpus])
    assert not cache.exists()
    built.add([corpus], rebuild=True)
    assert not list(built.index_dir.glob("bm25.*"))
