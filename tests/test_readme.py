"""The README's examples run as written, so they cannot drift from the code: the Python API
snippet (with the index and corpus paths pointed at temporary copies) and the keys of the
`rag ask --json` example."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
pytestmark = pytest.mark.slow


def section(title: str) -> str:
    start = README.index(f"\n{title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end >= 0 else None]


def test_python_api_snippet_runs(tmp_path, corpus_copy):
    code = re.search(r"```python\n(.*?)```", section("## Python API"), re.S).group(1)
    code = code.replace('"corpus/"', repr(str(corpus_copy))).replace('"/tmp/idx"', repr(str(tmp_path / "idx")))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    # the memorandum's date is the snippet's printed answer; answer quality is tests/test_answers.py's job
    assert "index is up to date" in r.stdout and "3 September [('002_7c382053da63ecea.txt'" in r.stdout


def test_ask_json_example_has_todays_keys(assistant):
    block = re.search(r"```json\n(.*?)```", README, re.S).group(1)
    example = json.loads(re.sub(r'"\.\.\."', '""', block))
    answer = assistant.ask("Which missile can Japan's F-35A fighters carry internally?").to_dict()
    assert set(example) == set(answer)
    assert set(example["citations"][0]) == set(answer["citations"][0])
    assert set(example["passages"][0]) == set(answer["passages"][0])
    assert set(example["timings_ms"]) - {"load"} == set(answer["timings_ms"])  # load: added by `rag ask`


def test_extending_example_generator_conforms(assistant):
    from rag.testing.generators import check_generator

    code = re.search(r"```python\n(.*?)```", section("## Extending"), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md (Extending)", "exec"), namespace)
    question = "Which missile can Japan's F-35A fighters carry internally?"
    check_generator(namespace["build"](None), question, assistant.retrieve(question, k=3),
                    "Who won the 2022 World Cup?")
