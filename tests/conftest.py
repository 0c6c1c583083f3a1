"""Shared fixtures: the real embedding model is loaded once per test session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def embedder():
    from rag.embedding.sentence_transformer import Embedder

    e = Embedder()
    e.encode(["warm up"])  # load the real model once for the whole session
    return e


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, corpus_copy, embedder):
    """An index of corpus/ shared by the read-only tests."""
    from rag import Assistant

    index = tmp_path_factory.mktemp("index") / "idx"
    return Assistant.build([corpus_copy], index_dir=index)
