"""Question-set readers: every supported format becomes one ``EvalSet``.

Formats (chosen by what ``path`` is, never by flags):
  * project JSONL file: ``{"id", "question", "answers"?, "sources"}`` per line. No ``answers`` key
    means retrieval-only; ``"answers": []`` means unanswerable (the assistant should abstain).
  * BEIR folder: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv`` (graded relevance).
  * SQuAD 1.1 / 2.0 JSON file: each paragraph is a document ``"<title>#<paragraph index>"``.
  * a folder with ``corpus.jsonl`` (BEIR style) and ``questions.jsonl`` (project format).
Sets that carry their own corpus return its documents so the runner can index them.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from rag.documents import iter_jsonl
from rag.errors import RagError
from rag.types import Document


@dataclass
class Question:
    id: str
    question: str
    answers: list[str] | None  # None: retrieval only; []: unanswerable
    sources: list[str] = field(default_factory=list)  # doc ids holding the answer
    relevance: dict[str, int] = field(default_factory=dict)  # graded doc relevance (ndcg)

    @property
    def unanswerable(self) -> bool:
        return self.answers is not None and not self.answers


@dataclass
class EvalSet:
    name: str
    kind: str  # "jsonl" | "beir" | "squad" | "folder"
    questions: list[Question]
    documents: list[Document] | None = None  # the set's own corpus, if it has one


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise RagError(f"{path}:{n}: not valid JSON ({e.msg})") from None
    return rows


def _dedup(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def read_project_jsonl(path: Path) -> list[Question]:
    questions = []
    for n, row in enumerate(_read_jsonl(path), 1):
        if "question" not in row:
            raise RagError(f"{path}:{n}: missing 'question'")
        answers = row.get("answers")
        sources = [str(s) for s in row.get("sources") or []]
        questions.append(Question(id=str(row.get("id", n)), question=row["question"],
                                  answers=None if answers is None else _dedup([str(a) for a in answers]),
                                  sources=sources, relevance={s: 1 for s in sources}))
    return questions


def beir_split(folder: Path, split: str | None) -> Path:
    """The qrels file for ``split``: "test" if present, else the only one there."""
    splits = sorted(p.stem for p in (folder / "qrels").glob("*.tsv"))
    if split is None:
        split = "test" if "test" in splits else (splits[0] if len(splits) == 1 else None)
        if split is None:
            raise RagError(f"{folder}: several qrels splits ({', '.join(splits)}); pick one with --split")
    if split not in splits:
        raise RagError(f"{folder}: no qrels/{split}.tsv (have: {', '.join(splits) or 'none'})")
    return folder / "qrels" / f"{split}.tsv"


def read_beir(folder: Path, split: str | None = None) -> EvalSet:
    qrels: dict[str, dict[str, int]] = {}
    with beir_split(folder, split).open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) < 3 or not row[2].lstrip("-").isdigit():
                continue  # header or blank line
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    questions = []
    for row in _read_jsonl(folder / "queries.jsonl"):
        rel = qrels.get(str(row["_id"]), {})
        sources = [d for d, g in rel.items() if g > 0]
        if sources:  # only judged queries are evaluated
            questions.append(Question(id=str(row["_id"]), question=row["text"], answers=None,
                                      sources=sources, relevance=rel))
    return EvalSet(name=folder.name, kind="beir", questions=questions,
                   documents=list(iter_jsonl(folder / "corpus.jsonl")))


def read_squad(path: Path, articles: list[str] | None = None) -> EvalSet:
    """SQuAD 1.1/2.0. Unanswerable (``is_impossible``) questions get ``answers=[]`` and no
    sources: their paragraph does not hold an answer, so it is not counted as retrieval gold.
    ``articles``: ask only the questions of these articles (every paragraph is still indexed, so
    retrieval is as hard as over the whole file), e.g. the ones a trained model never saw."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise RagError(f"{path}: not a SQuAD JSON file (no 'data' list)") from None
    titles = [a.get("title") for a in data]
    unknown = [a for a in articles or [] if a not in titles]
    if unknown:
        raise RagError(f"{path}: no article titled {unknown[0]!r}")
    documents, questions = [], []
    for article in data:
        title = article["title"]
        asked = articles is None or title in articles
        for i, para in enumerate(article["paragraphs"]):
            doc_id = f"{title}#{i}"
            documents.append(Document(doc_id=doc_id, text=para["context"], title=title.replace("_", " ")))
            for qa in para["qas"] if asked else []:
                impossible = qa.get("is_impossible", False)
                answers = [] if impossible else _dedup([a["text"] for a in qa["answers"]])
                sources = [] if impossible else [doc_id]
                questions.append(Question(id=str(qa["id"]), question=qa["question"], answers=answers,
                                          sources=sources, relevance={s: 1 for s in sources}))
    return EvalSet(name=path.stem, kind="squad", questions=questions, documents=documents)


def load_set(path: str | Path, split: str | None = None, articles: list[str] | None = None) -> EvalSet:
    """Read any supported question set; raises RagError with a one-line reason otherwise.
    ``articles`` (SQuAD files only) keeps the questions of those articles."""
    path = Path(path)
    if articles is not None and path.suffix != ".json":
        raise RagError(f"{path}: --articles applies to SQuAD .json files only")
    if path.is_dir():
        if (path / "qrels").is_dir():
            return read_beir(path, split)
        if (path / "questions.jsonl").is_file() and (path / "corpus.jsonl").is_file():
            return EvalSet(name=path.name, kind="folder",
                           questions=read_project_jsonl(path / "questions.jsonl"),
                           documents=list(iter_jsonl(path / "corpus.jsonl")))
        raise RagError(f"{path}: not a question set (expected a BEIR folder or corpus.jsonl + questions.jsonl)")
    if not path.is_file():
        raise RagError(f"{path}: no such question set")
    if path.suffix == ".json":
        return read_squad(path, articles)
    if path.suffix == ".jsonl":
        return EvalSet(name=path.stem, kind="jsonl", questions=read_project_jsonl(path))
    raise RagError(f"{path}: unknown question-set format (want .jsonl, SQuAD .json or a folder)")
