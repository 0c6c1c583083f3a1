"""The MCP server (`rag mcp`): tools that let an MCP client (Claude Desktop, an IDE, an agent)
ask the index with citations, search its passages and list its documents.

Built on the `mcp` package's MCPServer. Constructing it is cheap: the index is opened and the
models load on the first tool call, so a client's handshake never waits on them. In stdio mode
stdout carries only the protocol; everything we print goes to stderr."""
from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field
from mcp.server.mcpserver.exceptions import ToolError

from rag.errors import RagError

SERVER_NAME = "rag"
MAX_K = 50
Question = Annotated[str, Field(description="the question, in plain words")]
K = Annotated[int, Field(ge=1, le=MAX_K, description=f"passages to read (1-{MAX_K})")]
INSTRUCTIONS = (
    "Offline question answering over one document index. `ask` answers with exact citations "
    "(document.text[start:end] == citation text) or abstains when the documents do not hold the "
    "answer; `search` returns the best passages; `list_documents` names what is indexed.")


class IndexTools:
    """The tools' work over one index, serialised by a lock (a client may call tools in
    parallel; the store and the reader answer one question at a time)."""

    def __init__(self, index_dir: str | Path | None, **options: Any) -> None:
        self.index_dir = index_dir
        self.options = options  # Assistant options: retriever, generator, model_path, abstain_threshold
        self._assistant = None
        self._lock = threading.Lock()

    @property
    def assistant(self):
        """The Assistant, opened on first use (Assistant.load: a missing or stale index is a RagError)."""
        if self._assistant is None:
            from rag.assistant import Assistant

            assistant = Assistant.load(self.index_dir, **self.options)
            print(f"rag mcp: loading the models for {assistant.index_dir}…", file=sys.stderr, flush=True)
            assistant.load_models()
            self._assistant = assistant
        return self._assistant

    def ask(self, question: str, k: int = 5) -> dict[str, Any]:
        with self._lock, _as_tool_error():
            return self.assistant.ask(question, k=_k(k)).to_dict()

    def search(self, question: str, k: int = 5) -> dict[str, Any]:
        with self._lock, _as_tool_error():
            passages = self.assistant.retrieve(question, k=_k(k))
        return {"question": question, "passages": [{**p.to_dict(), "title": p.title} for p in passages]}

    def list_documents(self) -> dict[str, Any]:
        with self._lock, _as_tool_error():
            docs = self.assistant.documents()
        return {"documents": [{"doc_id": d.doc_id, "title": d.title, "chunks": d.n_chunks, "chars": d.n_chars}
                              for d in docs]}


@contextmanager
def _as_tool_error() -> Iterator[None]:
    """A RagError (empty question, no index) reaches the client as the tool's one-line error;
    anything else is a crash the SDK reports without its text."""
    try:
        yield
    except RagError as exc:
        raise ToolError(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from None


def _k(k: int) -> int:
    if not 1 <= int(k) <= MAX_K:
        raise RagError(f"k must be between 1 and {MAX_K}, not {k}")
    return int(k)


def build_server(tools: IndexTools) -> MCPServer:
    """An MCPServer with the three tools."""
    server = MCPServer(SERVER_NAME, instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(title="Ask the documents")
    def ask(question: Question, k: K = 5) -> dict[str, Any]:
        """Answer a question from the indexed documents, quoting them: the reply is the
        `rag ask --json` object (answer, abstained, citations with doc_id/start/end/text, the
        passages read, confidence, reason). When the documents do not hold the answer it
        abstains (abstained: true) rather than guess. k: passages read (1-50, default 5)."""
        return tools.ask(question, k)

    @server.tool(title="Search passages")
    def search(question: Question, k: K = 5) -> dict[str, Any]:
        """The k passages that best match the question (dense + BM25 fused), each with doc_id,
        start, end (character offsets into the document), text, score, rank and title."""
        return tools.search(question, k)

    @server.tool(title="List documents")
    def list_documents() -> dict[str, Any]:
        """The indexed documents: doc_id, title, chunks (passages) and chars (length)."""
        return tools.list_documents()

    return server
