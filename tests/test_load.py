"""A smaller run of bench/load_test.py (#13 item 5): a real `rag serve`, 5 concurrent users x 3
questions over loopback through the page's queue, one upload during the run. Zero errors, every
citation exact, and the probe question abstains before the upload and is answered from it after."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import load_test  # noqa: E402


@pytest.mark.slow
def test_concurrent_users_and_an_upload(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    with load_test.serve(corpus, tmp_path / "index") as url:
        report = load_test.run(url, corpus, users=5, per_user=3, seed=5)
    print(load_test.summary(report))
    assert report.errors == []
    assert len(report.results) == 15 and all(r.reading for r in report.results)
    assert sum(len(r.reading.cited) for r in report.results) > 0  # citations were checked
    assert report.probe_before.abstained and not report.probe_after.abstained
    assert max(r.seconds for r in report.results) < 30


def test_the_citation_check_catches_a_shifted_span():
    text = "Alpha beta. The memorandum was signed on 3 September. Gamma."
    start = text.index("The memorandum")
    end = text.index(" Gamma")
    quote = text[start:end]
    good = load_test.Reading(False, "3 September", [load_test.Cited("d.txt", start, end, [quote])], [])
    shifted = load_test.Reading(False, "3 September", [load_test.Cited("d.txt", start + 1, end + 1, [quote])], [])
    assert load_test.citation_problems(good, {"d.txt": text}) == []
    assert load_test.citation_problems(shifted, {"d.txt": text}) != []
    assert load_test.citation_problems(good, {}) == ["cites unknown document 'd.txt'"]
