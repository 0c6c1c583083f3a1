"""End-to-end `rag eval` on tiny sets written into tmp_path, with the real model and index."""
from __future__ import annotations

import argparse
import json

import pytest

from rag.errors import RagError
from rag.evaluation import command
from rag.evaluation.metrics import METRIC_KEYS

pytestmark = pytest.mark.slow

PARAGRAPHS = {
    "Kongsberg": [
        ("The Joint Strike Missile is built by Kongsberg in Norway. It fits inside the weapons bay "
         "of the F-35A fighter.",
         [("k1", "Which company builds the Joint Strike Missile?", ["Kongsberg"]),
          ("k2", "Where is the company that builds the Joint Strike Missile based?", ["Norway", "in Norway"])]),
        ("Kongsberg was founded in 1814 as a weapons factory in the town of Kongsberg.",
         [("k3", "In which year was Kongsberg founded?", ["1814"])]),
    ],
    "Kaga": [
        ("JS Kaga is a helicopter carrier of the Japan Maritime Self-Defense Force, named after "
         "Kaga Province.",
         [("g1", "Which province is JS Kaga named after?", ["Kaga Province"]),
          ("g2", "Who painted the hull of JS Kaga in 1950?", [])]),
    ],
}


def _squad(tmp_path):
    data = {"version": "v2.0", "data": [
        {"title": title, "paragraphs": [
            {"context": context, "qas": [
                {"id": qid, "question": q, "is_impossible": not answers,
                 "answers": [{"text": a, "answer_start": context.find(a)} for a in answers]}
                for qid, q, answers in qas]}
            for context, qas in paragraphs]}
        for title, paragraphs in PARAGRAPHS.items()]}
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index")  # added by rag/cli.py for every subcommand
    command.configure(parser)
    return command.main(parser.parse_args(argv))


def test_eval_squad_end_to_end(tmp_path, capsys):
    squad, index, out, report = _squad(tmp_path), tmp_path / "index", tmp_path / "m.json", tmp_path / "report"
    assert _run([str(squad), "--index", str(index), "--json", str(out), "--report", str(report)]) == 0
    printed = capsys.readouterr()
    assert "| recall@10 |" in printed.out

    result = json.loads(out.read_text())
    m = result["metrics"]
    assert list(m) == METRIC_KEYS
    assert m["questions"] == 5
    assert all(v is None or isinstance(v, (int, float)) for v in m.values())
    assert m["recall@10"] == 1.0  # three documents: every gold one is in the top 10
    assert m["em"] is not None and m["abstain_recall"] is not None
    assert result["config"]["n_docs"] == 3 and result["config"]["retriever"] == "hybrid"
    assert result["config"]["load_ms"] > 0  # loaded before the first question's clock started
    assert len(result["recall_curve"]) == 20

    contexts = {f"{t}#{i}": c for t, ps in PARAGRAPHS.items() for i, (c, _) in enumerate(ps)}
    for q in result["per_question"]:
        assert set(q) >= {"id", "question", "answers", "sources", "answer", "abstained", "confidence",
                          "citations", "retrieved", "latency_ms", "scores"}
        for c in q["citations"]:
            assert contexts[c["doc_id"]][c["start"]:c["end"]] == c["text"]
    assert (report / "report.md").read_text().startswith("# Evaluation report")
    for png in ("recall_at_k.png", "latency.png", "confidence.png", "threshold_sweep.png"):
        assert (report / png).stat().st_size > 1000
    sweep = {row["threshold"]: row for row in result["threshold_sweep"]}
    assert sweep[result["abstain_threshold"]]["answer_recall"] == m["answer_recall"]  # the run replayed
    assert sweep[0.0]["abstain_recall"] == 0.0 and sweep[0.0]["answer_recall"] >= m["answer_recall"]
    recalls = [row["answer_recall"] for row in result["threshold_sweep"]]
    assert recalls == sorted(recalls, reverse=True)  # a higher threshold never answers more

    # a threshold of 1 abstains on everything; one outside 0-1 is a one-line error
    assert _run([str(squad), "--index", str(index), "--abstain-threshold", "1", "--json", str(out)]) == 0
    m1 = json.loads(out.read_text())["metrics"]
    assert m1["answer_recall"] == 0.0 and m1["abstain_recall"] == 1.0
    with pytest.raises(RagError, match="between 0 and 1"):
        _run([str(squad), "--index", str(index), "--abstain-threshold", "1.5"])

    # the index is reused: the second run embeds nothing
    assert _run([str(squad), "--index", str(index), "--retrieval-only", "--retriever", "bm25",
                 "--json", str(out)]) == 0
    assert "0 chunks embedded" in capsys.readouterr().err
    m = json.loads(out.read_text())["metrics"]
    assert m["em"] is None and m["abstain_precision"] is None and m["ndcg@10"] is not None


def test_eval_beir_folder_is_retrieval_only(tmp_path):
    folder = tmp_path / "beir"
    (folder / "qrels").mkdir(parents=True)
    docs = [("d1", "Penguins", "Penguins are flightless birds living in the Southern Hemisphere."),
            ("d2", "Volcanoes", "A volcano is a rupture in the crust of a planet where lava escapes."),
            ("d3", "Tea", "Tea is an aromatic beverage prepared by pouring hot water over leaves.")]
    (folder / "corpus.jsonl").write_text("".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n"
                                                 for i, t, x in docs))
    (folder / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "birds that cannot fly"}) + "\n"
                                          + json.dumps({"_id": "q2", "text": "molten rock eruption"}) + "\n")
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n")
    out = tmp_path / "m.json"
    assert _run([str(folder), "--index", str(tmp_path / "index"), "--retriever", "dense",
                 "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["metrics"]["questions"] == 2 and result["metrics"]["recall@1"] == 1.0
    assert result["metrics"]["em"] is None and result["config"]["generator"] is None
    assert all(q["answer"] is None for q in result["per_question"])
