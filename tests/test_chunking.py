"""Every chunk maps back to its characters exactly and fits both token limits."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from rag.ingest.chunking import CHUNKER_VERSION, Chunker, ChunkSettings, chunking_change, code_changed, count_tokens
from rag.ingest.sentences import split_sentences
from rag.embedding.sentence_transformer import Embedder, count_embedder_tokens
from rag.types import Document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

WORDS = st.sampled_from(["the", "missile", "Japan", "Norway", "signed", "3", "September", "F-35A",
                         "Kongsberg’s", "défense", "東京", "🚀", "a.b.c", "x" * 40, "1,234.5", "(JSM)"])
SEPARATORS = st.sampled_from([" ", " ", " ", ". ", "! ", "? ", "\n", "\n\n", ", ", "\t"])


@st.composite
def texts(draw):
    parts = draw(st.lists(st.tuples(WORDS, SEPARATORS), min_size=0, max_size=400))
    return "".join(w + s for w, s in parts)


def check_chunks(doc: Document, chunker: Chunker) -> list:
    chunks = chunker.chunk(doc)
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
        assert c.n_tokens == count_tokens(c.text) <= chunker.settings.max_tokens
        assert count_embedder_tokens(c.text) <= chunker.embedder.max_tokens
        assert c.text == c.text.strip() and c.text
    # Chunks are in order and together cover every non-space character.
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    assert all(doc.text[i].isspace() for i in range(len(doc.text)) if i not in covered)
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)
    # Chunks are as long as the limits allow: one more sentence would break a limit.
    units = chunker.units(doc.text)
    ends = [b for _, b in units]
    for c in chunks[:-1]:
        longer = doc.text[c.start:ends[ends.index(c.end) + 1]]
        assert (count_tokens(longer) > chunker.settings.max_tokens
                or count_embedder_tokens(longer) > chunker.embedder.max_tokens)
    return chunks


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.sampled_from([(30, 5), (60, 20), (200, 40)]))
def test_chunks_are_exact_and_fit(text, budget):
    chunker = Chunker(ChunkSettings(max_tokens=budget[0], overlap_tokens=budget[1]),
                      embedder=Embedder())
    check_chunks(Document("d", text), chunker)


def test_real_documents_chunk_exactly_and_fully():
    chunker = Chunker(embedder=Embedder())
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".md", ".txt"):
            assert len(check_chunks(Document(path.name, path.read_text(encoding="utf-8")), chunker)) >= 1


def test_over_long_sentence_is_split_not_truncated():
    text = "word " * 1000 + "end."
    chunker = Chunker(ChunkSettings(max_tokens=200, overlap_tokens=0), embedder=Embedder())
    chunks = check_chunks(Document("d", text), chunker)
    assert len(chunks) > 4
    assert "".join(c.text + " " for c in chunks).split() == text.split()


def test_embedder_limit_binds_where_tiktoken_does_not():
    # Digits and rare scripts cost the WordPiece tokenizer far more than cl100k: the embedder's
    # own count must split these chunks even though the tiktoken budget would allow them.
    text = " ".join(f"ℵ{i}ß∂ƒ©˙∆˚¬" for i in range(300))
    chunker = Chunker(ChunkSettings(max_tokens=1000, overlap_tokens=0), embedder=Embedder())
    chunks = check_chunks(Document("d", text), chunker)
    assert max(count_embedder_tokens(c.text) for c in chunks) <= 256
    assert max(c.n_tokens for c in chunks) < 1000


def test_overlap_repeats_the_last_sentence():
    sentences = [f"Sentence number {i} talks about topic {i}." for i in range(40)]
    doc = Document("d", " ".join(sentences))
    chunks = Chunker(ChunkSettings(max_tokens=60, overlap_tokens=15)).chunk(doc)
    assert len(chunks) > 3
    for prev, nxt in zip(chunks, chunks[1:]):
        assert nxt.start < prev.end  # the next chunk starts inside the previous one


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        ChunkSettings(max_tokens=100, overlap_tokens=100)


# Where the chunker of CHUNKER_VERSION cuts: the sentences of a tricky line, and a digest of every
# chunk and sentence span of corpus/. When a change moves one, indexes built before hold other
# chunks: bump CHUNKER_VERSION (rag/ingest/chunking.py) and record the new values here.
GOLDEN_VERSION = 1
GOLDEN_LINE = ('Gen. Yoshida met Mr. Støre in Oslo. They signed it. Raytheon Co. The gyro was built in the '
               'U.S. Navy yard.\n"Why?" he asked… Then he left!')
GOLDEN_SENTENCES = [(0, 35), (36, 51), (52, 64), (65, 106), (107, 123), (124, 137)]
GOLDEN_CORPUS_DIGEST = "9a9727b6fbfd0a2e"


def corpus_digest() -> str:
    import hashlib
    import json

    chunker = Chunker(embedder=Embedder())
    spans = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".md", ".txt"):
            text = path.read_text(encoding="utf-8")
            spans.append([path.name, [(c.start, c.end) for c in chunker.chunk(Document(path.name, text))],
                          split_sentences(text)])
    return hashlib.sha256(json.dumps(spans).encode()).hexdigest()[:16]


def test_boundaries_move_only_with_a_new_chunker_version():
    bump = "chunk boundaries moved: bump CHUNKER_VERSION and record the new golden values in this test"
    assert CHUNKER_VERSION == GOLDEN_VERSION, "CHUNKER_VERSION changed: record the golden values it cuts at"
    assert split_sentences(GOLDEN_LINE) == GOLDEN_SENTENCES, bump
    assert corpus_digest() == GOLDEN_CORPUS_DIGEST, bump


def test_fingerprint_records_what_cuts_chunks():
    chunker = Chunker(ChunkSettings(max_tokens=80, overlap_tokens=10), embedder=Embedder())
    fp = chunker.fingerprint()
    assert fp["chunker_version"] == CHUNKER_VERSION and fp["max_tokens"] == 80 and fp["overlap_tokens"] == 10
    assert fp["encoding"] and fp["embedder_max_tokens"] == 256 and fp["embedder_tokenizer"]
    assert chunking_change(fp, fp) == "" and code_changed(fp) == ""
    older = {k: v for k, v in fp.items() if k not in ("chunker_version", "encoding")}  # before fingerprints
    assert "no chunker version" in chunking_change(older, fp) and code_changed(older)
    bumped = fp | {"chunker_version": CHUNKER_VERSION + 1}
    assert chunking_change(fp, bumped).startswith("the chunker changed since this index was built")
    # The budget is the indexer's choice: a reason to re-chunk when indexing, not to warn a reader.
    other = fp | {"max_tokens": 200}
    assert "max_tokens 200, now 80" in chunking_change(other, fp) and code_changed(other) == ""
