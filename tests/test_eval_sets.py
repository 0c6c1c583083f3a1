"""The question sets in eval/ (questions and conversation chains) hold only answers copied
verbatim from the corpus, checked by eval/check_sets.py."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_sets", ROOT / "eval" / "check_sets.py")
check_sets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_sets)


def test_every_set_in_eval_is_fine():
    sets = sorted(str(p) for p in (ROOT / "eval").glob("*.jsonl"))
    assert sets and check_sets.main(sets) == 0


def test_a_chain_turn_is_checked_like_a_question(tmp_path):
    turn = {"question": "Who makes it?", "answers": ["Kongsberg"], "sources": ["000_060f33d986f2756b.txt"]}
    bad = dict(turn, answers=["Raytheon"])  # not in the source
    chains = tmp_path / "chains.jsonl"
    chains.write_text(json.dumps({"id": "c1", "turns": [turn, bad]}) + "\n", encoding="utf-8")
    failures = check_sets.check_file(chains, ROOT / "corpus", {}, {})
    assert len(failures) == 2 and all("c1#2" in f for f in failures)  # the answer, and the source lacking it
    chains.write_text(json.dumps({"id": "c1", "turns": []}) + "\n", encoding="utf-8")
    assert "'turns' must be" in check_sets.check_file(chains, ROOT / "corpus", {}, {})[0]
