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
DATASETS_ENV = "RAG_DATASETS"  # where third-party data sets live (SciFact, SQuAD ...)


def datasets_dir() -> Path:
    """$RAG_DATASETS, else ../shared/datasets beside the project."""
    return Path(os.environ.get(DATASETS_ENV) or ROOT.parent / "shared" / "datasets")


def dataset(name: str, file: str = "") -> Path:
    """The data set folder ``name`` (or one ``file`` in it) under datasets_dir(); when it is not
    there the test is skipped with one line naming the setting and the folder looked in."""
    base = datasets_dir()
    path = base / name / file if file else base / name
    if not path.exists():
        where = f"{base}: no {path.relative_to(base)} there" if base.is_dir() else f"{base}, not found"
        pytest.skip(f"needs the {name} dataset: set {DATASETS_ENV} (now {where})")
    return path


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


@pytest.fixture(scope="session")
def milvus_server(tmp_path_factory):
    """A real Milvus standalone server from the `milvus` package (the scale extra), on free ports
    with its data in a temporary folder, shared by the session's tests and stopped at the end."""
    pytest.importorskip("milvus", reason="the milvus package (pip install -e '.[scale]') runs the Milvus server")
    pytest.importorskip("pymilvus", reason="pymilvus (pip install -e '.[scale]') talks to the Milvus server")
    from tests.servers import MilvusServer

    server = MilvusServer(tmp_path_factory.mktemp("milvus-server"))
    try:
        yield server.start()
    finally:
        server.stop()
