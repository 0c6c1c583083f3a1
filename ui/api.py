"""The JSON API beside the page (`/api/v1/...`, OpenAPI at /docs): ask, chat, and list, add or
remove documents. It works over the page's own PageService, so answers, uploads and removals
take the same locks and checks as the page (ui.uploads for files). Errors are
``{"error": "one line"}`` with the status that says what went wrong; with an API key, every
/api route wants ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``."""
from __future__ import annotations

import hmac
import json
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline

from rag.answering import Generator
from rag.answering.base import generate_timed
from rag.assistant import check_question
from rag.errors import GeneratorUnavailableError, IndexBusyError, IndexMissingError, RagError
from rag.types import Answer, Passage
from ui.api_models import (ERRORS, AddReply, AnswerReply, AskRequest, ChatReply, DocumentList, DocumentOut,
                           RemoveReply)
from ui.service import PageService
from ui.uploads import ALLOWED_SUFFIXES, MAX_UPLOAD_BYTES, UploadError, display_name, is_upload, store_upload

API_PREFIX = "/api/v1"
API_KEY_ENV = "RAG_API_KEY"
NDJSON = "application/x-ndjson"
COPY_CHUNK = 1 << 20


class ApiError(Exception):
    """A reply other than 200: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _unavailable(generator: str, exc: ImportError) -> ApiError:
    return ApiError(503, f"the {generator} generator is not available: {exc.name or 'a module'} is not installed")


def status_of(exc: RagError) -> int:
    """The HTTP status a RagError stands for: the client's fault (400), busy (409) or not ready (503)."""
    if isinstance(exc, IndexBusyError):
        return 409
    if isinstance(exc, (IndexMissingError, GeneratorUnavailableError)):
        return 503
    return 400


@dataclass
class Prepared:
    """A question checked and retrieved for; generation comes next. A follow-up (a history came
    with it) is answered here already, by Assistant.chat, which asks its possible rewrites."""
    asked: str
    generator: Generator
    passages: list[Passage]
    t0: float
    t1: float
    answer: Answer | None = None


class ApiService:
    """What the routes do, over the page's PageService (its settings are the defaults)."""

    def __init__(self, service: PageService) -> None:
        self.service = service

    def prepare(self, body: AskRequest) -> Prepared:
        """Everything that can fail with a clear status before a reply starts: the question's
        checks (400), the generator (400 unknown, 503 not installed) and retrieval."""
        settings, assistant = self.service.settings, self.service.assistant
        name = body.generator or settings.generator
        k, retriever = body.k or settings.default_k, body.retriever or settings.retriever
        try:
            asked = check_question(body.question)
            gen = assistant.get_generator(name, model_path=settings.model_path)
            t0 = time.perf_counter()
            if body.history:
                with self.service.lock:  # reads are serialised, as the page's are
                    answer = assistant.chat(asked, [t.turn() for t in body.history], k=k, retriever=retriever,
                                            generator=gen)
                return Prepared(asked, gen, answer.passages, t0, time.perf_counter(), answer)
            with self.service.lock:
                passages = assistant.retrieve(asked, k=k, retriever=retriever)
        except RagError as exc:
            raise ApiError(status_of(exc), _first_line(exc)) from None
        except ImportError as exc:  # an optional generator whose library is absent
            raise _unavailable(name, exc) from None
        return Prepared(asked, gen, passages, t0, time.perf_counter())

    @staticmethod
    def generate(p: Prepared, pieces: bool) -> Iterator[str | Answer]:
        """The answer's text pieces as a streaming generator writes them (when ``pieces``), then
        the Answer, timed as Assistant.stream times it (so it is `rag ask --json`'s object);
        generation runs outside the read lock, as on the page."""
        if p.answer is not None:
            yield p.answer
            return
        yield from generate_timed(p.generator, p.asked, p.passages, pieces, p.t0, p.t1)

    def answer(self, p: Prepared) -> Answer:
        try:
            *_, answer = self.generate(p, pieces=False)
        except RagError as exc:
            raise ApiError(status_of(exc), _first_line(exc)) from None
        except ImportError as exc:
            raise _unavailable(p.generator.name, exc) from None
        assert isinstance(answer, Answer)
        return answer

    # ---- documents -----------------------------------------------------------------------
    def documents(self) -> list[DocumentOut]:
        assistant = self.service.assistant
        with self.service.lock:
            docs = assistant.documents() if assistant.exists() else []
        return [DocumentOut(doc_id=d.doc_id, title=d.title or "", chunks=d.n_chunks, chars=d.n_chars,
                            uploaded=bool(d.source) and is_upload(d.source, assistant.index_dir)) for d in docs]

    def add(self, upload: UploadFile) -> AddReply:
        """Store the upload under a safe name in the index's uploads/ and index it (the page's
        checks: type, size, empty, never overwrite another document)."""
        name = display_name(upload.filename or "file")
        with tempfile.TemporaryDirectory(prefix="rag-upload-") as tmp:
            received = Path(tmp) / "upload"
            size = 0
            with received.open("wb") as out:
                while chunk := upload.file.read(COPY_CHUNK):
                    size += len(chunk)
                    if size > MAX_UPLOAD_BYTES:
                        raise ApiError(413, f"{name}: over the {MAX_UPLOAD_BYTES // 2**20} MB limit")
                    out.write(chunk)
            return self._index(received, upload.filename or "file")

    def _index(self, received: Path, filename: str) -> AddReply:
        service, assistant = self.service, self.service.assistant
        with service.write_lock:
            taken = {d.doc_id for d in assistant.documents()} if assistant.exists() else set()
            try:
                stored = store_upload(received, service.uploads, original_name=filename, taken=taken)
            except UploadError as exc:
                raise ApiError(400, _first_line(exc)) from None
            doc_id = stored.path.name
            try:
                report = assistant.add([stored.path])
            except BaseException as exc:
                if not stored.duplicate:
                    stored.path.unlink(missing_ok=True)
                if isinstance(exc, RagError):
                    raise ApiError(status_of(exc), _first_line(exc)) from None
                raise
            if report.failed:
                if not stored.duplicate:
                    stored.path.unlink(missing_ok=True)
                reason = report.failed[0][1].strip().splitlines()[0] if report.failed[0][1].strip() else "unreadable"
                head, sep, tail = reason.partition(": ")
                reason = tail if sep and ("/" in head or "\\" in head) else reason  # no server paths
                raise ApiError(400, f"{display_name(filename)}: {reason}")
            chunks = {d.doc_id: d.n_chunks for d in assistant.documents()}.get(doc_id, 0)
        status = ("added" if doc_id in report.added else "updated" if doc_id in report.changed else "unchanged")
        verb = {"added": "Added", "updated": "Updated", "unchanged": "Already indexed:"}[status]
        return AddReply(doc_id=doc_id, status=status, chunks=chunks,
                        message=f"{verb} {doc_id} ({chunks} passage{'' if chunks == 1 else 's'}).")

    def remove(self, doc_id: str) -> RemoveReply:
        assistant = self.service.assistant
        with self.service.write_lock:
            info = next((d for d in assistant.documents() if d.doc_id == doc_id), None) if assistant.exists() else None
            if info is None:
                raise ApiError(404, f"no document {doc_id!r} in the index")
            try:
                assistant.remove([doc_id])
            except RagError as exc:
                raise ApiError(status_of(exc), _first_line(exc)) from None
            uploaded = bool(info.source) and is_upload(info.source, assistant.index_dir)
            if uploaded:
                Path(info.source).unlink(missing_ok=True)
        note = "" if uploaded else "; it comes back the next time its folder is indexed"
        return RemoveReply(doc_id=doc_id, chunks=info.n_chunks, message=f"Removed {doc_id}{note}.")


def ndjson(lines: Iterator[dict]) -> StreamingResponse:
    def encoded() -> Iterator[bytes]:
        for line in lines:
            yield (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    return StreamingResponse(encoded(), media_type=NDJSON)


def key_check(api_key: str | None):
    """A dependency: nothing without a key; with one, Bearer or X-API-Key must match it."""
    bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer KEY")
    header = APIKeyHeader(name="X-API-Key", auto_error=False, description="or X-API-Key: KEY")

    def check(credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
              key: str | None = Depends(header)) -> None:
        if api_key is None:
            return
        given = credentials.credentials if credentials else key
        if not given or not hmac.compare_digest(given.encode("utf-8"), api_key.encode("utf-8")):
            raise ApiError(401, "missing or wrong API key: send Authorization: Bearer KEY or X-API-Key: KEY")
    return check


def build_router(api: ApiService, api_key: str | None) -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(key_check(api_key))], responses=ERRORS)
    stream_q = Query(False, description=f"stream {NDJSON}: text pieces, then the reply (see docs/api.md)")

    @router.post("/ask", response_model=AnswerReply, summary="Answer a question with exact citations")
    def ask(body: AskRequest, stream: bool = stream_q):
        """The `rag ask --json` object. ``history`` (optional) makes a follow-up standalone first."""
        prepared = api.prepare(body)
        if stream:
            return ndjson(_stream(api, prepared, lambda a: {"answer": a.to_dict()}))
        return JSONResponse(api.answer(prepared).to_dict())

    @router.post("/chat", response_model=ChatReply, summary="Ask in a conversation")
    def chat(body: AskRequest, stream: bool = stream_q):
        """Like /ask, and the reply carries the history to send with the next question."""
        prepared = api.prepare(body)
        if stream:
            return ndjson(_stream(api, prepared, lambda a: _chat_reply(body, prepared, a)))
        return JSONResponse(_chat_reply(body, prepared, api.answer(prepared)))

    @router.get("/documents", response_model=DocumentList, summary="List the indexed documents")
    def documents():
        return DocumentList(documents=api.documents())

    @router.post("/documents", response_model=AddReply, status_code=201, summary="Add a document (upload)",
                 responses={413: {"description": "over the size limit"}})
    def add(file: UploadFile = File(..., description=f"one file: {', '.join(ALLOWED_SUFFIXES)}; "
                                                     f"up to {MAX_UPLOAD_BYTES // 2**20} MB")):
        """201 when the file was added or changed a document, 200 when it was indexed already."""
        reply = api.add(file)
        return JSONResponse(reply.model_dump(), status_code=200 if reply.status == "unchanged" else 201)

    @router.delete("/documents/{doc_id:path}", response_model=RemoveReply, summary="Remove a document",
                   responses={404: {"description": "no such document"}})
    def remove(doc_id: str):
        return api.remove(doc_id)

    return router


def _chat_reply(body: AskRequest, p: Prepared, answer: Answer) -> dict:
    """The answer, what the question was asked as, and the history to send next time (the
    earlier turns and this one, in the shape HistoryTurn reads)."""
    reply = answer.to_dict()
    turn = {key: reply[key] for key in ("question", "abstained", "citations")}
    history = [t.model_dump(exclude_none=True) for t in body.history]
    return {"asked": p.asked, "standalone": answer.question,
            "rewritten": " ".join(p.asked.lower().split()) != " ".join(answer.question.lower().split()),
            "answer": reply, "history": [*history, {**turn, "answer": reply["answer"]}]}


def _stream(api: ApiService, p: Prepared, final) -> Iterator[dict]:
    """NDJSON lines: {"type": "text", "text": piece}…, then {"type": "answer", …the reply};
    a failure after the reply started is a last {"type": "error", "error": line}."""
    try:
        for item in api.generate(p, pieces=True):
            yield {"type": "answer", **final(item)} if isinstance(item, Answer) else {"type": "text", "text": item}
    except RagError as exc:
        yield {"type": "error", "error": _first_line(exc)}


def create_api(service: PageService, api_key: str | None = None) -> FastAPI:
    """The server's root app: the API under /api/v1, its OpenAPI docs at /docs and
    /openapi.json; `rag serve` mounts the page at / on it."""
    # fastapi-offline serves Swagger UI from the package, not a CDN: /docs works with no internet
    app = FastAPIOffline(title="rag API", version="1", docs_url="/docs", redoc_url=None, openapi_url="/openapi.json",
                         static_url="/api/docs-static",
                         description="Offline, citation-first question answering over the indexed documents. "
                                     "Every citation is an exact span: document.text[start:end] == citation.text.")
    app.include_router(build_router(ApiService(service), api_key))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return JSONResponse({"error": f"{where}: {first.get('msg', 'invalid request')}"}, status_code=422)

    return app
