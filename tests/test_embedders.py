"""Every registered embedder passes the conformance suite; the int8 ONNX one agrees with torch,
is chosen by name, recorded in the manifest, reused at query time, and refused when it does not
match; answering from an ONNX index imports no torch."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag import Assistant, registry
from rag.errors import RagError, StaleIndexError
from rag.testing.embedders import TEXTS, check_embedder
from tests.corpus_answers import names_jsm

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", registry.names("embedder"))
def test_registered_embedder_conforms(name):
    check_embedder(registry.embedder(name))


def test_registry_names_and_unknown_name():
    assert {"minilm", "minilm-int8"} <= set(registry.names("embedder"))
    with pytest.raises(RagError, match=r"unknown embedder 'nope' \(choose from .*minilm-int8"):
        registry.embedder("nope")


def test_onnx_vectors_match_torch(embedder):
    onnx = registry.embedder("minilm-int8")
    cos = np.sum(onnx.encode(TEXTS[:4]) * embedder.encode(TEXTS[:4]), axis=1)
    assert cos.min() > 0.99, cos  # int8 weights: close to, not equal to, the torch vectors


def test_corrupt_onnx_model_is_a_one_line_error(tmp_path):
    from rag.embedding.onnx_int8 import OnnxEmbedder, _package

    bad = tmp_path / "model.onnx"
    data = bytearray(_package().model_path().read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(RagError, match="corrupt") as err:
        OnnxEmbedder(path=bad).encode(["x"])
    assert "\n" not in str(err.value)


def test_index_records_its_embedder_and_queries_use_it(tmp_path, corpus_copy):
    index = tmp_path / "idx"
    built = Assistant.build([corpus_copy], index_dir=index, embedder="minilm")
    assert built.store.manifest()["embedder"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert Assistant.load(index).embedder.name == built.embedder.name  # the index's own, not the default
    with pytest.raises(StaleIndexError, match="embedder"):
        Assistant.load(index, embedder="minilm-int8")
    # indexing again with another embedder rebuilds, and says why
    report = Assistant(index, embedder="minilm-int8").add([corpus_copy])
    assert "embedder" in report.rebuilt and report.chunks_embedded > 0
    assert Assistant(index).store.manifest()["embedder"] == "all-MiniLM-L6-v2-onnx-int8"


def test_cli_embedder_option_and_torch_free_answers(tmp_path, corpus_copy):
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    index = tmp_path / "idx"
    rag = [sys.executable, "-m", "rag.cli"]
    r = subprocess.run(rag + ["index", "--help"], capture_output=True, text=True, env=env)
    assert "minilm-int8" in r.stdout and "minilm" in r.stdout
    r = subprocess.run(rag + ["index", str(corpus_copy), "--index", str(index), "--embedder", "minilm-int8"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    probe = ("import json, sys; from rag import Assistant; "
             f"a = Assistant.load({str(index)!r}); "
             "ans = a.ask(\"Which missile can Japan's F-35A fighters carry internally?\"); "
             "print(json.dumps([ans.text, [m for m in ('torch', 'sentence_transformers') if m in sys.modules]]))")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT)
    text, heavy = json.loads(r.stdout.strip().splitlines()[-1])
    assert names_jsm(text) and heavy == []
    r = subprocess.run(rag + ["index", str(corpus_copy), "--index", str(index), "--embedder", "bogus"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "invalid choice: 'bogus'" in r.stderr
