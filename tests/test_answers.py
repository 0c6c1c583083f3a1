"""Answers with exact cited spans, abstention, the CLI and its JSON contract."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.errors import BadQuestionError, RagError
from rag.answering.base import Generator
from rag.answering.extractive import ExtractiveGenerator
from tests.corpus_answers import names_jsm

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def exact(answer, corpus: Path) -> None:
    for c in answer.citations:
        assert (corpus / c.doc_id).read_text(encoding="utf-8")[c.start:c.end] == c.text


def test_missile_question_cites_the_joint_strike_missile(assistant, corpus_copy):
    answer = assistant.ask("Which missile can Japan's F-35A fighters carry internally?")
    assert not answer.abstained and names_jsm(answer.text)
    exact(answer, corpus_copy)
    kinds = {c.kind for c in answer.citations}
    assert "support" in kinds
    support = next(c for c in answer.citations if c.kind == "support")
    assert "internally" in support.text and "Joint Strike Missile" in support.text


def test_memorandum_date(assistant, corpus_copy):
    answer = assistant.ask("When was the Japan–Norway memorandum on defence equipment signed?")
    assert not answer.abstained and "3 September" in answer.text
    exact(answer, corpus_copy)
    assert answer.citations[0].doc_id == "002_7c382053da63ecea.txt"


def test_unanswerable_question_abstains_and_shows_passages(assistant):
    answer = assistant.ask("Who won the 2022 World Cup?")
    assert answer.abstained and answer.citations == [] and len(answer.passages) == 5
    assert "do not hold" in answer.text and answer.reason


def test_every_retriever_and_the_generator_contract(assistant, corpus_copy):
    gen = assistant.get_generator("extractive")
    assert isinstance(gen, Generator) and isinstance(gen, ExtractiveGenerator)
    for mode in ("dense", "bm25", "hybrid"):
        answer = assistant.ask("Who signed the memorandum for Norway?", k=3, retriever=mode)
        assert len(answer.passages) == 3
        exact(answer, corpus_copy)
    # A generator plugs in without touching retrieval: same passages, explicit generator object.
    passages = assistant.retrieve("Where was the 2015 UK-Japan ministerial meeting held?", k=4)
    answer = assistant.answer("Where was the 2015 UK-Japan ministerial meeting held?", passages, gen)
    assert answer.passages == passages


def test_bad_questions_are_one_line_errors(assistant):
    with pytest.raises(BadQuestionError, match="empty"):
        assistant.ask("   ")
    with pytest.raises(BadQuestionError, match="too long"):
        assistant.ask("why " * 2000)
    with pytest.raises(RagError, match="unknown retriever"):
        assistant.retrieve("missile", retriever="magic")


def run_cli(*args, index):
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "rag", *args, "--index", str(index)],
                          capture_output=True, text=True, env=env, timeout=600)


def test_cli_ask_text_json_and_errors(assistant, corpus_copy, tmp_path):
    r = run_cli("ask", "Which missile can Japan's F-35A fighters carry internally?", index=assistant.index_dir)
    assert r.returncode == 0 and names_jsm(r.stdout) and "[1]" in r.stdout
    assert "000_060f33d986f2756b.txt" in r.stdout
    r = run_cli("ask", "Who won the 2022 World Cup?", "--json", index=assistant.index_dir)
    data = json.loads(r.stdout)
    assert data["abstained"] is True and data["citations"] == [] and data["passages"]
    assert set(data) >= {"question", "answer", "abstained", "citations", "passages", "timings_ms"}
    # the one-time model load is reported apart from what the question itself cost
    assert list(data["timings_ms"]) == ["load", "retrieve", "generate", "total"]
    r = run_cli("ask", "", index=assistant.index_dir)
    assert r.returncode == 2 and r.stderr.strip() == "error: the question is empty"
    r = run_cli("ask", "anything?", index=tmp_path / "none")
    assert r.returncode == 2 and "no index" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_cli_contract_checker():
    """The shared contract checker (rag index, ask --json, eval --json) passes."""
    checker = ROOT.parent / "shared" / "contract" / "check_cli.py"
    if not checker.is_file():
        pytest.skip(f"needs the shared contract checker: {checker} not found (../shared beside the project)")
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    r = subprocess.run([sys.executable, str(checker)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=1800)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
