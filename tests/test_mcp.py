"""The MCP server (`rag mcp`) driven by the `mcp` package's own client: over stdio (the client
starts the process) and over streamable HTTP (`--http`, a real server process). The ask tool's
reply is compared with `rag ask --json` run as a process on the same index."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_api import comparable as without_timings

mcp = pytest.importorskip("mcp")
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

from rag.storage.store import Store  # noqa: E402

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
QUESTION = "Which missile can Japan's F-35A fighters carry internally?"
TOOLS = {"ask", "search", "list_documents"}
CALL_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env() -> dict[str, str]:
    e = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
             PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    e.pop("RAG_API_KEY", None)
    return e


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """(index folder, the `rag ask --json` object for QUESTION)."""
    root = tmp_path_factory.mktemp("mcp")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(REPO / "corpus", corpus)
    run = [sys.executable, "-m", "rag"]
    built = subprocess.run([*run, "index", str(corpus), "--index", str(index)], cwd=REPO, env=env(),
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    asked = subprocess.run([*run, "ask", QUESTION, "--index", str(index), "--json"], cwd=REPO, env=env(),
                           capture_output=True, text=True, timeout=600)
    assert asked.returncode == 0, asked.stderr
    return index, json.loads(asked.stdout)


async def exercise(session: ClientSession, index: Path) -> dict:
    """List the tools and call each; returns the ask tool's structured reply."""
    await session.initialize()
    listed = await session.list_tools()
    assert {t.name for t in listed.tools} == TOOLS
    ask_tool = next(t for t in listed.tools if t.name == "ask")
    assert ask_tool.input_schema["required"] == ["question"]
    assert ask_tool.input_schema["properties"]["k"]["maximum"] == 50

    result = await session.call_tool("ask", {"question": QUESTION}, read_timeout_seconds=CALL_TIMEOUT_S)
    assert not result.is_error, result.content
    answer = result.structured_content
    assert json.loads(result.content[0].text) == answer  # the same object as text, for any client
    store = Store(index)
    assert all(store.document(c["doc_id"]).text[c["start"]:c["end"]] == c["text"] for c in answer["citations"])

    found = await session.call_tool("search", {"question": QUESTION, "k": 3}, read_timeout_seconds=CALL_TIMEOUT_S)
    passages = found.structured_content["passages"]
    assert [p["rank"] for p in passages] == [1, 2, 3]
    assert all(store.document(p["doc_id"]).text[p["start"]:p["end"]] == p["text"] for p in passages)
    assert answer["citations"][0]["doc_id"] in {p["doc_id"] for p in passages}

    docs = (await session.call_tool("list_documents", {})).structured_content["documents"]
    assert {d["doc_id"] for d in docs} == {p.name for p in (REPO / "corpus").iterdir()}
    assert all(d["chunks"] > 0 and d["title"] for d in docs)

    empty = await session.call_tool("ask", {"question": "   "})
    assert empty.is_error and "the question is empty" in empty.content[0].text
    too_many = await session.call_tool("search", {"question": QUESTION, "k": 500})
    assert too_many.is_error
    return answer


def test_stdio_ask_answers_like_rag_ask_json(indexed):
    index, reference = indexed
    params = StdioServerParameters(command=sys.executable, args=["-m", "rag", "mcp", "--index", str(index)],
                                   env=env(), cwd=str(REPO))

    async def run() -> dict:
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                return await exercise(session, index)

    answer = asyncio.run(asyncio.wait_for(run(), CALL_TIMEOUT_S))
    assert without_timings(answer) == without_timings(reference)
    assert not answer["abstained"] and answer["citations"]


def test_stdio_stdout_carries_only_the_protocol(indexed):
    """Raw JSON-RPC over the process's pipes: every line on stdout is a protocol message, also
    while the models load on the first call (their messages go to stderr)."""
    index, reference = indexed
    from mcp_types.version import LATEST_HANDSHAKE_VERSION

    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": LATEST_HANDSHAKE_VERSION, "capabilities": {},
                    "clientInfo": {"name": "test", "version": "0"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
         "params": {"name": "ask", "arguments": {"question": QUESTION}}},
    ]
    proc = subprocess.Popen([sys.executable, "-m", "rag", "mcp", "--index", str(index)], cwd=REPO, env=env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdin and proc.stdout
        for message in messages:
            proc.stdin.write(json.dumps(message) + "\n")
        proc.stdin.flush()
        lines = []
        while True:
            line = proc.stdout.readline()
            assert line, "the server closed stdout before answering"
            lines.append(json.loads(line))  # a stray print would fail here
            if lines[-1].get("id") == 2:
                break
    finally:
        proc.stdin.close()
        proc.wait(30)
    assert all(m.get("jsonrpc") == "2.0" for m in lines)
    assert lines[0]["result"]["serverInfo"]["name"] == "rag"
    reply = lines[-1]["result"]
    assert not reply.get("isError") and without_timings(reply["structuredContent"]) == without_timings(reference)
    assert "loading the models" in proc.stderr.read()


def test_http_ask_answers_like_rag_ask_json(indexed):
    index, reference = indexed
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rag", "mcp", "--index", str(index), "--http", "--port", str(port)],
                            cwd=REPO, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:  # listening?
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "rag mcp --http did not start listening"
                time.sleep(0.2)

        async def run() -> dict:
            async with streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (read, write):
                async with ClientSession(read, write) as session:
                    return await exercise(session, index)

        answer = asyncio.run(asyncio.wait_for(run(), CALL_TIMEOUT_S))
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert without_timings(answer) == without_timings(reference)


def test_no_index_is_a_one_line_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "rag", "mcp", "--index", str(tmp_path / "none")], cwd=REPO,
                          env=env(), capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"error: no index at {tmp_path / 'none'}: run `rag index PATH --index {tmp_path / 'none'}` first"]
    assert not (tmp_path / "none").exists()
