"""run.sh keeps one environment: `./run.sh rag` after `./run.sh test` (and the reverse) installs
nothing again. Checked with a stand-in virtualenv whose pip and python only log their calls."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake_venv(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for tool in ("pip", "python", "rag"):
        script = venv / "bin" / tool
        script.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{tmp_path}/calls"\n')
        script.chmod(0o755)
    return venv


def run(venv: Path, *args: str) -> list[str]:
    calls = venv.parent / "calls"
    calls.unlink(missing_ok=True)
    subprocess.run([str(ROOT / "run.sh"), *args], check=True, capture_output=True,
                   env={**os.environ, "RAG_VENV": str(venv)})
    return calls.read_text().splitlines()


@pytest.mark.skipif(not shutil.which("sha256sum") or not Path("/usr/bin/chromium").exists(),
                    reason="needs coreutils and Debian's chromium (run.sh would install it)")
def test_one_environment_installed_once(fake_venv: Path) -> None:
    first = run(fake_venv, "rag", "--help")
    assert "pip install -q -e .[base]" in first and first[-1] == "rag --help"
    then_test = run(fake_venv, "test", "-q")
    assert "pip install -q -e .[base,llm,scale,test]" in then_test and then_test[-1] == "python -m pytest -q"
    assert run(fake_venv, "rag", "ask", "x") == ["rag ask x"]     # no set-up again
    assert run(fake_venv, "test") == ["python -m pytest"]         # nor for the tests
    assert run(fake_venv, "serve") == ["rag serve"]
