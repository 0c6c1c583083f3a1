"""The JSON API's request and reply shapes (pydantic), kept apart from the routes so that
/docs reads them. Reply models allow extra keys: an answer is `Answer.to_dict()`, the
`rag ask --json` object, and a key added there reaches API clients without a change here."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rag import types
from rag.answering.conversation import Turn

MAX_K = 50


class CitationIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc_id: str = ""
    start: int = 0
    end: int = 0
    text: str = ""
    kind: str = "support"


class HistoryTurn(BaseModel):
    """One earlier turn, oldest first: an earlier reply object as it came back (its question,
    answer, abstained and citations: the short answer and its sentence are read from the
    citations, as the page reads them), or just ``{"question", "answer"}`` with the short answer."""
    model_config = ConfigDict(extra="ignore")
    question: str = Field(..., description="the (standalone) question of that turn")
    answer: str = Field("", description="its answer ('' when it abstained)")
    abstained: bool = False
    citations: list[CitationIn] | None = None

    def turn(self) -> types.Answer | Turn:
        """What Assistant.chat takes: an Answer when the citations came along, else a Turn."""
        if self.citations is None:
            return Turn(question=self.question, answer="" if self.abstained else self.answer)
        return types.Answer(question=self.question, text=self.answer, abstained=self.abstained,
                            citations=[types.Citation(c.doc_id, c.start, c.end, c.text, c.kind)
                                       for c in self.citations])


class AskRequest(BaseModel):
    question: str = Field(..., description="the question (at most 2,000 characters)",
                          examples=["Which missile can Japan's F-35A fighters carry internally?"])
    k: int | None = Field(None, ge=1, le=MAX_K,
                          description="passages given to the generator (default: the server's -k)")
    history: list[HistoryTurn] = Field(default_factory=list, description="earlier turns, oldest first: "
                                                                         "a follow-up is made standalone from them")
    retriever: str | None = Field(None, description="hybrid, dense or bm25 (default: the server's)")
    generator: str | None = Field(None, description="extractive or llm (default: the server's)")


class Citation(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    page: int | None = None


class Passage(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc_id: str
    start: int
    end: int
    text: str
    score: float
    rank: int
    page: int | None = None


class AnswerReply(BaseModel):
    """The `rag ask --json` object: ``document.text[start:end] == citation.text`` for every citation."""
    model_config = ConfigDict(extra="allow")
    question: str = Field(..., description="the question answered (a follow-up made standalone)")
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage]
    confidence: float
    generator: str
    reason: str
    question_kind: str = ""
    answer_type: str = ""
    timings_ms: dict[str, float]


class ChatReply(BaseModel):
    asked: str = Field(..., description="the question as typed (cleaned)")
    standalone: str = Field(..., description="what was asked: the follow-up made standalone")
    rewritten: bool
    answer: AnswerReply
    history: list[HistoryTurn] = Field(..., description="send this back as `history` with the next question")


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    chunks: int
    chars: int
    uploaded: bool = Field(..., description="added through the page or the API (removing it deletes the stored file)")


class DocumentList(BaseModel):
    documents: list[DocumentOut]


class AddReply(BaseModel):
    doc_id: str
    status: str = Field(..., description="added, updated or unchanged")
    chunks: int
    message: str


class RemoveReply(BaseModel):
    doc_id: str
    chunks: int
    message: str


class ErrorReply(BaseModel):
    error: str = Field(..., description="one line")


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorReply, "description": text} for code, text in (
        (400, "bad input: an empty or too long question, an unknown retriever or generator"),
        (401, "the API key is missing or wrong (only when the server has one)"),
        (503, "no index yet, or the generator is not available"),
    )}
