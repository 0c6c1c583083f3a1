"""Question-set readers on small files written in each upstream format."""
from __future__ import annotations

import json

import pytest

from rag.errors import RagError
from rag.evaluation.questions import load_set


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_project_jsonl(tmp_path):
    path = _jsonl(tmp_path / "qa.jsonl", [
        {"id": "q1", "question": "Who?", "answers": ["Ann", "Ann"], "sources": ["a.txt"]},
        {"id": "q2", "question": "Nobody knows?", "answers": [], "sources": []},
        {"id": "q3", "question": "Where is it?", "sources": ["b.txt", "c.txt"]},
    ])
    s = load_set(path)
    assert s.kind == "jsonl" and s.documents is None and s.name == "qa"
    q1, q2, q3 = s.questions
    assert q1.answers == ["Ann"] and q1.relevance == {"a.txt": 1} and not q1.unanswerable
    assert q2.answers == [] and q2.unanswerable
    assert q3.answers is None and not q3.unanswerable and q3.sources == ["b.txt", "c.txt"]


def _beir(folder, splits=("test",)):
    folder.mkdir()
    _jsonl(folder / "corpus.jsonl", [{"_id": "d1", "title": "T1", "text": "one"},
                                     {"_id": "d2", "title": "T2", "text": "two"}])
    _jsonl(folder / "queries.jsonl", [{"_id": "1", "text": "first"}, {"_id": "2", "text": "second"},
                                      {"_id": "3", "text": "unjudged"}])
    (folder / "qrels").mkdir()
    for split in splits:
        (folder / "qrels" / f"{split}.tsv").write_text(
            "query-id\tcorpus-id\tscore\n1\td1\t2\n1\td2\t1\n2\td2\t1\n", encoding="utf-8")
    return folder


def test_beir_folder(tmp_path):
    s = load_set(_beir(tmp_path / "beir"))
    assert s.kind == "beir" and [d.doc_id for d in s.documents] == ["d1", "d2"]
    assert s.documents[0].title == "T1" and s.documents[0].text == "one"
    assert [q.id for q in s.questions] == ["1", "2"]  # query 3 has no qrels
    q1 = s.questions[0]
    assert q1.answers is None and q1.sources == ["d1", "d2"] and q1.relevance == {"d1": 2, "d2": 1}


def test_beir_split_choice(tmp_path):
    folder = _beir(tmp_path / "beir", splits=("train", "dev"))
    with pytest.raises(RagError, match="--split"):
        load_set(folder)
    assert len(load_set(folder, split="train").questions) == 2
    with pytest.raises(RagError, match="qrels/test.tsv"):
        load_set(folder, split="test")
    only = _beir(tmp_path / "only", splits=("train",))
    assert len(load_set(only).questions) == 2


def test_squad2(tmp_path):
    data = {"version": "v2.0", "data": [{"title": "Super_Bowl_50", "paragraphs": [
        {"context": "First paragraph.", "qas": []},
        {"context": "Denver won the game.", "qas": [
            {"id": "a", "question": "Who won?", "is_impossible": False,
             "answers": [{"text": "Denver", "answer_start": 0}, {"text": "Denver", "answer_start": 0}]},
            {"id": "b", "question": "Who lost badly?", "is_impossible": True, "answers": [],
             "plausible_answers": [{"text": "Denver", "answer_start": 0}]},
        ]}]}]}
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    s = load_set(path)
    assert s.kind == "squad"
    assert [d.doc_id for d in s.documents] == ["Super_Bowl_50#0", "Super_Bowl_50#1"]
    assert s.documents[1].title == "Super Bowl 50" and s.documents[1].text == "Denver won the game."
    a, b = s.questions
    assert a.answers == ["Denver"] and a.sources == ["Super_Bowl_50#1"]
    assert b.answers == [] and b.sources == [] and b.unanswerable


def test_squad_articles_filter_asks_only_their_questions(tmp_path):
    data = {"version": "v2.0", "data": [
        {"title": title, "paragraphs": [{"context": f"{title} text.", "qas": [
            {"id": title, "question": f"What about {title}?", "is_impossible": True, "answers": []}]}]}
        for title in ("Seen", "Held_out")]}
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    s = load_set(path, articles=["Held_out"])
    assert [q.id for q in s.questions] == ["Held_out"]
    assert [d.doc_id for d in s.documents] == ["Seen#0", "Held_out#0"]  # retrieval still sees every paragraph
    with pytest.raises(RagError, match="no article titled 'Nope'"):
        load_set(path, articles=["Nope"])
    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text('{"question": "q?"}\n', encoding="utf-8")
    with pytest.raises(RagError, match="SQuAD .json files only"):
        load_set(jsonl, articles=["Seen"])


def test_squad11_has_no_unanswerable(tmp_path):
    data = {"version": "1.1", "data": [{"title": "T", "paragraphs": [{"context": "x y", "qas": [
        {"id": "a", "question": "q?", "answers": [{"text": "x", "answer_start": 0}]}]}]}]}
    path = tmp_path / "dev-v1.1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_set(path).questions[0].answers == ["x"]


def test_corpus_and_questions_folder(tmp_path):
    folder = tmp_path / "hotpot"
    folder.mkdir()
    _jsonl(folder / "corpus.jsonl", [{"_id": "Shirley Temple", "title": "Shirley Temple", "text": "Actress."}])
    _jsonl(folder / "questions.jsonl", [{"id": "h1", "question": "Who?", "answers": ["Chief of Protocol"],
                                         "sources": ["Shirley Temple"]}])
    s = load_set(folder)
    assert s.kind == "folder" and s.documents[0].doc_id == "Shirley Temple"
    assert s.questions[0].sources == ["Shirley Temple"]


def test_bad_inputs(tmp_path):
    with pytest.raises(RagError, match="no such question set"):
        load_set(tmp_path / "missing.jsonl")
    with pytest.raises(RagError, match="not a question set"):
        load_set(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok"}\n{nope\n', encoding="utf-8")
    with pytest.raises(RagError, match="bad.jsonl:2"):
        load_set(bad)
    notsquad = tmp_path / "x.json"
    notsquad.write_text("[]", encoding="utf-8")
    with pytest.raises(RagError, match="SQuAD"):
        load_set(notsquad)


def test_sample_spreads_over_the_set_and_is_repeatable():
    from rag.evaluation.runner import EvalConfig, pick_questions

    items = list(range(1000))
    sample = pick_questions(items, EvalConfig(sample=100))
    assert len(sample) == 100 and sample == sorted(sample) and sample[-1] > 500
    assert sample == pick_questions(items, EvalConfig(sample=100))
    assert pick_questions(items, EvalConfig(limit=5)) == [0, 1, 2, 3, 4]
    assert pick_questions(items[:10], EvalConfig(sample=50)) == items[:10]
