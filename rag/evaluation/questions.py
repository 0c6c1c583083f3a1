"""Question-set readers: every supported format becomes one ``EvalSet``.

Formats (chosen by what ``path`` is, never by flags):
  * project JSONL file: ``{"id", "question", "answers"?, "sources"}`` per line. No ``answers`` key
    means retrieval-only; ``"answers": []`` means unanswerable (the assistant should abstain).
  * conversation chains, a project JSONL file whose rows have ``turns`` instead of ``question``:
    ``{"id", "turns": [{"question", "answers", "sources", "kind"?, "items"?}, …]}``; each turn is
    asked after the ones before it (follow-ups: "who makes it?").
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

from rag.answering.question_analysis import KINDS
from rag.ingest.documents import iter_jsonl
from rag.errors import RagError
from rag.types import Document


@dataclass
class Question:
    id: str
    question: str
    answers: list[str] | None  # None: retrieval only; []: unanswerable
    sources: list[str] = field(default_factory=list)  # doc ids holding the answer
    relevance: dict[str, int] = field(default_factory=dict)  # graded doc relevance (ndcg)
    kind: str = ""  # factoid | yes_no | why_how | list | role; "" = decided by question analysis
    items: list[list[str]] | None = None  # list questions: each item's acceptable variants
    near_miss: bool = False  # unanswerable, but close to what the documents say

    @property
    def unanswerable(self) -> bool:
        return self.answers is not None and not self.answers


@dataclass
class Chain:
    """A conversation: its turns are asked in order, each with the earlier ones as history."""

    id: str
    turns: list[Question]


@dataclass
class EvalSet:
    name: str
    kind: str  # "jsonl" | "beir" | "squad" | "folder" | "chains"
    questions: list[Question]  # for chains: every turn, in order
    documents: list[Document] | None = None  # the set's own corpus, if it has one
    chains: list[Chain] | None = None  # conversation chains (kind "chains")


def _read_jsonl(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) for each non-blank line; a bad line is a one-line error naming it."""
    rows = []
    try:
        with path.open("rb") as f:
            for n, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    row = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
                except UnicodeDecodeError as e:
                    raise RagError(f"{path}:{n}: not UTF-8 (byte {e.start + 1} of the line)") from None
                except json.JSONDecodeError as e:
                    raise RagError(f"{path}:{n}: not valid JSON ({e.msg})") from None
                except RecursionError:
                    raise RagError(f"{path}:{n}: not valid JSON (nested too deeply)") from None
                if not isinstance(row, dict):
                    raise RagError(f"{path}:{n}: expected a JSON object, not {_json_type(row)}")
                rows.append((n, row))
    except OSError as e:
        raise RagError(f"{path}: cannot read ({e.strerror or e.__class__.__name__})") from None
    return rows


def _json_type(value: object) -> str:
    """How a JSON value's type reads in a message."""
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _text(value: object, where: str, key: str, numbers: bool = True) -> str:
    """A non-empty string field; ``numbers``: a number is taken as its text (ids, years)."""
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RagError(f"{where}: '{key}' must be a string, not {_json_type(value)}")
    if not value.strip():
        raise RagError(f"{where}: '{key}' is empty")
    return value


def _texts(value: object, where: str, key: str) -> list[str]:
    """A list of strings (numbers taken as text); a bare string is refused, not split into letters."""
    if not isinstance(value, list):
        raise RagError(f"{where}: '{key}' must be a list of strings, not {_json_type(value)}")
    return [_text(v, where, f"{key}[{i}]") for i, v in enumerate(value)]


def _dedup(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def read_project_jsonl(path: Path) -> list[Question]:
    """``{"id", "question", "answers"?, "sources"?}`` per line; wrong types are errors naming the line."""
    return [_question(row, f"{path}:{n}", i) for i, (n, row) in enumerate(_read_jsonl(path), 1)]


def read_chains(path: Path, rows: list[tuple[int, dict]] | None = None) -> list[Chain]:
    """``{"id", "turns": [question rows]}`` per line; every row must have turns (2 or more are
    usual, 1 is allowed); a turn's id is ``<chain id>#<turn number>``."""
    chains = []
    for i, (n, row) in enumerate(rows if rows is not None else _read_jsonl(path), 1):
        where = f"{path}:{n}"
        turns = row.get("turns")
        if not isinstance(turns, list) or not turns:
            raise RagError(f"{where}: 'turns' must be a non-empty list of question objects")
        cid = _text(row["id"], where, "id") if row.get("id") is not None else str(i)
        questions = []
        for t, turn in enumerate(turns, 1):
            if not isinstance(turn, dict):
                raise RagError(f"{where}: turns[{t - 1}] must be an object, not {_json_type(turn)}")
            questions.append(_question({**turn, "id": f"{cid}#{t}"}, f"{where}: turns[{t - 1}]", t))
        chains.append(Chain(id=cid, turns=questions))
    return chains


def _question(row: dict, where: str, i: int) -> Question:
    """One project-format row as a Question; ``i`` is its id when it has none."""
    if "question" not in row:
        raise RagError(f"{where}: missing 'question'")
    question = _text(row["question"], where, "question", numbers=False)
    answers = row.get("answers")
    answers = None if answers is None else _dedup(_texts(answers, where, "answers"))
    sources = [] if row.get("sources") is None else _texts(row["sources"], where, "sources")
    qid = _text(row["id"], where, "id") if row.get("id") is not None else str(i)
    kind = _text(row["kind"], where, "kind") if row.get("kind") is not None else ""
    if kind and kind not in KINDS:
        raise RagError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    items = None
    if row.get("items") is not None:
        if not isinstance(row["items"], list) or not row["items"]:
            raise RagError(f"{where}: 'items' must be a non-empty list of lists of strings")
        items = [_texts(v, where, f"items[{j}]") for j, v in enumerate(row["items"])]
    return Question(id=qid, question=question, answers=answers,
                    sources=sources, relevance={s: 1 for s in sources}, kind=kind,
                    items=items, near_miss=bool(row.get("near_miss")))


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
    qrels_path = beir_split(folder, split)
    qrels = _read_qrels(qrels_path)
    queries = folder / "queries.jsonl"
    if not queries.is_file():
        raise RagError(f"{folder}: no queries.jsonl")
    questions = []
    for n, row in _read_jsonl(queries):
        where = f"{queries}:{n}"
        if "_id" not in row or "text" not in row:
            raise RagError(f"{where}: missing '{'_id' if '_id' not in row else 'text'}'")
        qid = _text(row["_id"], where, "_id")
        rel = qrels.get(qid, {})
        sources = [d for d, g in rel.items() if g > 0]
        if sources:  # only judged queries are evaluated
            questions.append(Question(id=qid, question=_text(row["text"], where, "text", numbers=False), answers=None,
                                      sources=sources, relevance=rel))
    corpus = folder / "corpus.jsonl"
    if not corpus.is_file():
        raise RagError(f"{folder}: no corpus.jsonl")
    return EvalSet(name=folder.name, kind="beir", questions=questions, documents=list(iter_jsonl(corpus)))


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """``query-id, corpus-id, score`` per tab-separated line; the first line may be a header."""
    qrels: dict[str, dict[str, int]] = {}
    try:
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as e:
        raise RagError(f"{path}: not UTF-8 (byte {e.start + 1})") from None
    except OSError as e:
        raise RagError(f"{path}: cannot read ({e.strerror or e.__class__.__name__})") from None
    for n, row in enumerate(csv.reader(lines, delimiter="\t"), 1):
        if not any(cell.strip() for cell in row):
            continue
        score = row[2].strip() if len(row) >= 3 else ""
        if len(row) >= 3 and score.lstrip("-").isdigit() and row[0].strip() and row[1].strip():
            qrels.setdefault(row[0].strip(), {})[row[1].strip()] = int(score)
        elif n > 1 or len(row) < 3:  # only the first line may be a header (query-id corpus-id score)
            raise RagError(f"{path}:{n}: expected 'query-id<TAB>corpus-id<TAB>integer score', "
                           f"got {len(row)} column{'s' if len(row) != 1 else ''}"
                           + (f" with score {score[:20]!r}" if len(row) >= 3 else ""))
    return qrels


def read_squad(path: Path, articles: list[str] | None = None) -> EvalSet:
    """SQuAD 1.1/2.0. Unanswerable (``is_impossible``) questions get ``answers=[]`` and no
    sources: their paragraph does not hold an answer, so it is not counted as retrieval gold.
    ``articles``: ask only the questions of these articles (every paragraph is still indexed, so
    retrieval is as hard as over the whole file), e.g. the ones a trained model never saw.
    A malformed file is a one-line error naming the line (bad JSON) or the item (``data[2]...``)."""
    try:
        raw = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise RagError(f"{path}: not UTF-8 (byte {e.start + 1})") from None
    except json.JSONDecodeError as e:
        raise RagError(f"{path}:{e.lineno}:{e.colno}: not valid JSON ({e.msg})") from None
    except RecursionError:
        raise RagError(f"{path}: not valid JSON (nested too deeply)") from None
    data = raw.get("data") if isinstance(raw, dict) else None
    if not isinstance(data, list):
        raise RagError(f"{path}: not a SQuAD JSON file (no 'data' list)")
    data = [_squad_item(a, f"{path}: data[{i}]", "title", "paragraphs") for i, a in enumerate(data)]
    titles = [str(a["title"]) for a in data]
    unknown = [a for a in articles or [] if a not in titles]
    if unknown:
        raise RagError(f"{path}: no article titled {unknown[0]!r}")
    documents, questions = [], []
    for ai, (article, title) in enumerate(zip(data, titles)):
        asked = articles is None or title in articles
        for i, para in enumerate(_squad_list(article, "paragraphs", f"{path}: data[{ai}]")):
            where = f"{path}: data[{ai}].paragraphs[{i}]"
            para = _squad_item(para, where, "context", "qas")
            doc_id = f"{title}#{i}"
            context = _text(para["context"], where, "context", numbers=False)
            documents.append(Document(doc_id=doc_id, text=context, title=title.replace("_", " ")))
            for qi, qa in enumerate(_squad_list(para, "qas", where) if asked else []):
                qwhere = f"{where}.qas[{qi}]"
                qa = _squad_item(qa, qwhere, "id", "question")
                impossible = qa.get("is_impossible", False)
                answers = [] if impossible else _dedup(
                    [_text(_squad_item(a, f"{qwhere}.answers[{j}]", "text")["text"], qwhere, f"answers[{j}].text")
                     for j, a in enumerate(_squad_list(qa, "answers", qwhere))])
                sources = [] if impossible else [doc_id]
                questions.append(Question(id=_text(qa["id"], qwhere, "id"),
                                          question=_text(qa["question"], qwhere, "question", numbers=False),
                                          answers=answers, sources=sources, relevance={s: 1 for s in sources}))
    return EvalSet(name=path.stem, kind="squad", questions=questions, documents=documents)


def _squad_item(item: object, where: str, *keys: str) -> dict:
    """An object with ``keys``, or a one-line error naming where it is in the file."""
    if not isinstance(item, dict):
        raise RagError(f"{where}: expected an object, not {_json_type(item)}")
    missing = [k for k in keys if k not in item]
    if missing:
        raise RagError(f"{where}: missing '{missing[0]}'")
    return item


def _squad_list(item: dict, key: str, where: str) -> list:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise RagError(f"{where}: '{key}' must be a list, not {_json_type(value)}")
    return value


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
        rows = _read_jsonl(path)
        if rows and "turns" in rows[0][1]:  # conversation chains
            chains = read_chains(path, rows)
            return EvalSet(name=path.stem, kind="chains", questions=[t for c in chains for t in c.turns],
                           chains=chains)
        return EvalSet(name=path.stem, kind="jsonl", questions=read_project_jsonl(path))
    raise RagError(f"{path}: unknown question-set format (want .jsonl, SQuAD .json or a folder)")
