"""Bad option values and missing paths are one-line errors that create nothing (no model needed)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


def rag(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


@pytest.mark.parametrize("options, message", [
    (["--chunk-tokens", "-5"], "--chunk-tokens must be at least 8, not -5"),
    (["--chunk-tokens", "0"], "--chunk-tokens must be at least 8, not 0"),
    (["--chunk-tokens", "0", "--overlap-tokens", "500"], "--chunk-tokens must be at least 8, not 0"),
    (["--overlap-tokens", "500"], "--overlap-tokens must be from 0 to 199 (under --chunk-tokens 200), not 500"),
    (["--overlap-tokens", "-1"], "--overlap-tokens must be from 0 to 199 (under --chunk-tokens 200), not -1"),
])
def test_bad_chunk_options_are_one_line_errors(tmp_path, options, message):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    index = tmp_path / "idx"
    r = rag("index", str(tmp_path / "a.txt"), "--index", str(index), *options)
    assert r.returncode == 2 and r.stderr.strip() == f"error: {message}"
    assert not index.exists()


def test_missing_path_is_named_and_creates_no_index(tmp_path):
    index = tmp_path / "I"
    missing = tmp_path / "does-not-exist"
    r = rag("index", str(missing), "--index", str(index))
    assert r.returncode == 2 and r.stderr.strip() == f"error: {missing}: no such file or directory"
    assert not index.exists()
