"""The JSON API beside the page: a real `rag serve` subprocess (with an API key) over an index of
a copy of corpus/, driven over HTTP with httpx. Its answers are compared with `rag ask --json`
run as a process on the same index before the server starts."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from rag.storage.store import Store
from tests.servers import RagServe

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
KEY = "test-key-7f3a9"
START_TIMEOUT_S = 600
QUESTIONS = ["Which missile can Japan's F-35A fighters carry internally?",
             "Who wrote Pride and Prejudice?"]  # answered; abstained


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env(**extra: str) -> dict[str, str]:
    e = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
             PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]), **extra)
    for name in ("RAG_AUTH", "RAG_API_KEY"):
        if name not in extra:
            e.pop(name, None)
    return e


def rag(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag", *args], cwd=REPO, env=env(), capture_output=True,
                          text=True, timeout=600, **kwargs)


def comparable(reply: dict) -> dict:
    """An answer object without its timings, floats to 4 places (two processes, one model)."""
    def norm(value):
        if isinstance(value, float):
            return round(value, 4)
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value
    return norm({k: v for k, v in reply.items() if k != "timings_ms"})


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(client with the key, base URL, index folder, {question: `rag ask --json` object})."""
    root = tmp_path_factory.mktemp("api")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(REPO / "corpus", corpus)
    built = rag("index", str(corpus), "--index", str(index))
    assert built.returncode == 0, built.stderr
    reference = {}
    for question in QUESTIONS:
        done = rag("ask", question, "--index", str(index), "--json")
        assert done.returncode == 0, done.stderr
        reference[question] = json.loads(done.stdout)
    server = RagServe(["--index", str(index), "--corpus", str(corpus), "--port", str(free_port())],
                      env(RAG_API_KEY=KEY), REPO)
    url = server.wait(START_TIMEOUT_S)
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {KEY}"}, timeout=300) as client:
        yield client, url, index, reference
    server.stop()


def exact(index: Path, citations: list[dict]) -> bool:
    store = Store(index)
    return all(store.document(c["doc_id"]).text[c["start"]:c["end"]] == c["text"] for c in citations)


# ---- asking ------------------------------------------------------------------------------------

def test_ask_answers_like_rag_ask_json(served):
    client, _, index, reference = served
    for question in QUESTIONS:
        reply = client.post("/api/v1/ask", json={"question": question})
        assert reply.status_code == 200, reply.text
        got = reply.json()
        assert comparable(got) == comparable(reference[question])
        assert set(got["timings_ms"]) >= {"retrieve", "generate", "total"}
        assert exact(index, got["citations"])
    answered, abstained = (reference[q] for q in QUESTIONS)
    assert not answered["abstained"] and answered["citations"]  # the comparison covered both kinds
    assert abstained["abstained"] and not abstained["citations"]


def test_ask_streams_ndjson_ending_with_the_answer(served):
    client, _, _, reference = served
    question = QUESTIONS[0]
    with client.stream("POST", "/api/v1/ask", params={"stream": "true"}, json={"question": question}) as reply:
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in reply.iter_lines() if line.strip()]
    assert [line["type"] for line in lines[:-1]] == ["text"] * (len(lines) - 1)  # the extractive reader: none
    assert lines[-1]["type"] == "answer"
    assert comparable(lines[-1]["answer"]) == comparable(reference[question])


def test_chat_carries_the_conversation(served):
    client, _, index, reference = served
    first = client.post("/api/v1/chat", json={"question": QUESTIONS[0]})
    assert first.status_code == 200, first.text
    first = first.json()
    assert first["rewritten"] is False and first["asked"] == QUESTIONS[0]
    assert comparable(first["answer"]) == comparable(reference[QUESTIONS[0]])
    assert [t["question"] for t in first["history"]] == [QUESTIONS[0]]
    # a follow-up with a pronoun is asked as a standalone question built from the previous turn
    follow = client.post("/api/v1/chat", json={"question": "Who makes it?", "history": first["history"]})
    assert follow.status_code == 200, follow.text
    follow = follow.json()
    assert follow["asked"] == "Who makes it?" and follow["rewritten"] is True
    assert follow["standalone"] == follow["answer"]["question"] != "Who makes it?"
    assert [t["question"] for t in follow["history"]] == [QUESTIONS[0], follow["standalone"]]
    assert exact(index, follow["answer"]["citations"])
    # /ask with the same history gives the same answer; the standalone question asked alone too
    # (unless no rewrite was answered and it was searched for together with the previous question)
    same = client.post("/api/v1/ask", json={"question": "Who makes it?", "history": first["history"]}).json()
    assert comparable(same) == comparable(follow["answer"])
    if "previous question" not in follow["answer"]["reason"]:
        alone = client.post("/api/v1/ask", json={"question": follow["standalone"]}).json()
        assert (alone["answer"], alone["citations"]) == (follow["answer"]["answer"], follow["answer"]["citations"])
    # a history of bare {"question", "answer"} turns is read too
    bare = [{"question": QUESTIONS[0], "answer": reference[QUESTIONS[0]]["answer"]}]
    reply = client.post("/api/v1/chat", json={"question": "Who makes it?", "history": bare})
    assert reply.status_code == 200 and reply.json()["rewritten"] is True


def test_bad_requests_are_one_line_errors(served):
    client, _, _, _ = served
    cases = [({"question": "   "}, 400, "the question is empty"),
             ({"question": "why " * 1000}, 400, "too long"),
             ({"question": "what?", "retriever": "nope"}, 400, "unknown retriever"),
             ({"question": "what?", "k": 0}, 422, "k"),
             ({"k": 3}, 422, "question"),
             ({"question": 42}, 422, "question")]
    for body, status, words in cases:
        reply = client.post("/api/v1/ask", json=body)
        assert reply.status_code == status, (body, reply.text)
        error = reply.json()["error"]
        assert words in error and "\n" not in error, (body, error)
    reply = client.post("/api/v1/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert reply.status_code == 422 and "\n" not in reply.json()["error"]


# ---- documents ---------------------------------------------------------------------------------

def test_documents_list_add_remove(served, tmp_path):
    client, _, index, _ = served
    listed = client.get("/api/v1/documents").json()["documents"]
    assert {d["doc_id"] for d in listed} == {p.name for p in (REPO / "corpus").iterdir()}
    assert all(d["chunks"] > 0 and d["chars"] > 0 and not d["uploaded"] for d in listed)

    doc = tmp_path / "Zorblax festival.txt"
    doc.write_text("Festivals of the northern valleys\nThe Zorblax festival takes place in the city of "
                   "Quintara every April. Visitors bring lanterns made of paper.\n", encoding="utf-8")
    added = client.post("/api/v1/documents", files={"file": (doc.name, doc.read_bytes(), "text/plain")})
    assert added.status_code == 201, added.text
    doc_id = added.json()["doc_id"]
    assert added.json()["status"] == "added" and doc_id == "Zorblax_festival.txt"  # the page's safe name
    assert (index / "uploads" / doc_id).is_file()
    row = next(d for d in client.get("/api/v1/documents").json()["documents"] if d["doc_id"] == doc_id)
    assert row["uploaded"] and row["chunks"] == added.json()["chunks"] >= 1
    answer = client.post("/api/v1/ask", json={"question": "Where does the Zorblax festival take place?"}).json()
    assert answer["citations"] and answer["citations"][0]["doc_id"] == doc_id
    assert exact(index, answer["citations"])
    again = client.post("/api/v1/documents", files={"file": (doc.name, doc.read_bytes(), "text/plain")})
    assert again.status_code == 200 and again.json()["status"] == "unchanged"

    refused = client.post("/api/v1/documents", files={"file": ("tool.exe", b"MZ", "application/octet-stream")})
    assert refused.status_code == 400 and "unsupported file type" in refused.json()["error"]
    empty = client.post("/api/v1/documents", files={"file": ("empty.txt", b"", "text/plain")})
    assert empty.status_code == 400 and "empty" in empty.json()["error"]
    big = client.post("/api/v1/documents", files={"file": ("big.txt", b"a " * (11 * 2**20), "text/plain")})
    assert big.status_code == 413 and "limit" in big.json()["error"]

    removed = client.delete(f"/api/v1/documents/{doc_id}")
    assert removed.status_code == 200 and removed.json()["doc_id"] == doc_id
    assert not (index / "uploads" / doc_id).exists()
    assert doc_id not in {d["doc_id"] for d in client.get("/api/v1/documents").json()["documents"]}
    gone = client.delete(f"/api/v1/documents/{doc_id}")
    assert gone.status_code == 404 and doc_id in gone.json()["error"]
    after = client.get("/api/v1/documents").json()["documents"]
    assert {d["doc_id"] for d in after} == {d["doc_id"] for d in listed}  # the refused files changed nothing


# ---- the server --------------------------------------------------------------------------------

def test_docs_openapi_and_page_share_the_server(served):
    client, _, _, _ = served
    spec = client.get("/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert {"/api/v1/ask", "/api/v1/chat", "/api/v1/documents", "/api/v1/documents/{doc_id}"} <= set(paths)
    assert set(paths["/api/v1/documents"]) == {"get", "post"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    scripts = re.findall(r'src="([^"]+\.js)"', docs.text)
    assert scripts and all(s.startswith("/") for s in scripts)  # served here, no CDN
    assert all(client.get(s).status_code == 200 for s in scripts)
    page = client.get("/")
    assert page.status_code == 200 and "gradio" in page.text.lower()


def test_the_key_is_required(served):
    _, url, _, _ = served
    with httpx.Client(base_url=url, timeout=60) as anonymous:
        for method, path in (("GET", "/api/v1/documents"), ("POST", "/api/v1/ask"),
                             ("DELETE", "/api/v1/documents/000_060f33d986f2756b.txt")):
            reply = anonymous.request(method, path, json={"question": "x"} if method == "POST" else None)
            assert reply.status_code == 401, (path, reply.text)
            assert "API key" in reply.json()["error"] and reply.headers["www-authenticate"] == "Bearer"
        assert anonymous.get("/api/v1/documents", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert anonymous.get("/api/v1/documents", headers={"X-API-Key": KEY}).status_code == 200
        assert anonymous.get("/openapi.json").status_code == 200  # the description is public
    # the document the refused DELETE named is still there
    with httpx.Client(base_url=url, headers={"X-API-Key": KEY}, timeout=60) as client:
        ids = {d["doc_id"] for d in client.get("/api/v1/documents").json()["documents"]}
    assert "000_060f33d986f2756b.txt" in ids


def test_non_local_bind_needs_a_key(served, tmp_path):
    _, _, index, _ = served
    done = subprocess.run([sys.executable, "-m", "rag", "serve", "--index", str(index), "--corpus", str(tmp_path),
                           "--host", "0.0.0.0", "--port", str(free_port())],
                          cwd=REPO, env=env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: serving on 0.0.0.0 (not this machine only) needs an API key for the JSON API: "
        "pass --api-key KEY or set $RAG_API_KEY"]


def test_the_llm_streams_its_answer_as_ndjson(served):
    """Where the page streams (a generator that writes: the local LLM), the API streams too."""
    from ui.service import _llm_ready

    if not _llm_ready():
        pytest.skip("the llm extra (llama.cpp and its default model) is not installed")
    client, _, index, _ = served
    arrived: list[tuple[float, dict]] = []
    body = {"question": "When was the Japan–Norway memorandum on defence equipment signed?", "generator": "llm"}
    with client.stream("POST", "/api/v1/ask", params={"stream": "true"}, json=body) as reply:
        assert reply.status_code == 200
        for line in reply.iter_lines():
            if line.strip():
                arrived.append((time.monotonic(), json.loads(line)))
    kinds = [line["type"] for _, line in arrived]
    assert kinds[-1] == "answer" and kinds[:-1] == ["text"] * (len(kinds) - 1) and len(kinds) >= 3, kinds
    assert arrived[-1][0] - arrived[0][0] > 0.05  # pieces came while it wrote, not all at the end
    answer = arrived[-1][1]["answer"]
    assert "".join(line["text"] for _, line in arrived[:-1]).strip()
    assert answer["generator"] == "llm" or answer["reason"]  # a fallback says why
    assert exact(index, answer["citations"])
