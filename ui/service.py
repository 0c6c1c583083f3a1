"""What the page's buttons do, kept apart from the layout: ask in a conversation (streaming
when the generator can), open a cited document, record feedback, add uploaded files, list and
remove documents. Every function returns HTML made by
ui.render, so user-visible errors are one escaped line."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.assistant import Assistant, check_question
from rag.answering.conversation import resolve
from rag.errors import BadQuestionError, RagError
from rag import registry
from rag.ingest.loaders import listed
from rag.types import Answer
from ui import render
from ui.chat_view import VOTES, ChatTurn, render_chat, render_pending
from ui.doc_view import render_document
from ui.feedback import append_feedback, feedback_path, feedback_record
from ui.uploads import ALLOWED_SUFFIXES, UploadError, display_name, is_upload, store_upload, uploads_dir

SEARCHING = '<p class="searching">Searching your documents…</p>'
STREAM_REFRESH_S = 0.08  # at most ~12 page updates a second while tokens stream
DOC_HEADERS = ["Document", "Title", "Passages", "Characters"]

Progress = Callable[[int, int, str], None]


@dataclass
class PageSettings:
    default_k: int = 5
    retriever: str = "hybrid"
    generator: str = "extractive"
    model_path: str | None = None


class PageService:
    """One per server. Reads and index changes are serialised by a lock; generation runs
    outside it (it only reads the passages it was given)."""

    def __init__(self, assistant: Assistant, settings: PageSettings | None = None) -> None:
        self.assistant = assistant
        self.settings = settings or PageSettings()
        self.lock = threading.RLock()        # reads: retrieval, documents, the document panel
        # Uploads and removals, one at a time. Not the read lock: answers go on from the last
        # committed index while an upload embeds (the store holds readers still only while it
        # commits), and come from the new one after.
        self.write_lock = threading.Lock()

    def generator_choices(self) -> list[str]:
        """Generators to offer: the LLM only when its code and llama.cpp are installed, or when
        it was asked for on the command line (then an unavailable one explains itself)."""
        wanted = self.settings.generator == "llm" or bool(self.settings.model_path)
        return [name for name in registry.choices("generator") if name != "llm" or wanted or _llm_ready()]

    @property
    def uploads(self) -> Path:
        return uploads_dir(self.assistant.index_dir)

    # ---- asking ----------------------------------------------------------------------------
    def chat(self, question: str, turns: list[ChatTurn] | None, k: int | float | None = None,
             retriever: str | None = None, generator: str | None = None
             ) -> Iterator[tuple[str, list[ChatTurn]]]:
        """The conversation as HTML with the new turn, and the turns to keep. A follow-up is
        made a standalone question from the previous turn (Assistant.chat asks each plausible
        rewrite and keeps the best; a streaming generator takes the likeliest one and its drafts
        are shown as they come). A question that cannot be asked is refused in one line."""
        turns = list(turns or [])
        asked, refusal = self.check(question)
        if refusal:
            yield render_chat(turns, refusal), turns
            return
        history = [t.answer for t in turns]
        standalone = resolve(asked, history).standalone
        yield render_chat(turns, render_pending(asked, standalone, SEARCHING)), turns
        yield from self._ask_turn(turns, len(turns), asked, standalone, k, retriever, generator,
                                  history=history)

    def reask(self, turns: list[ChatTurn] | None, turn: object, question: object,
              k: int | float | None = None, retriever: str | None = None, generator: str | None = None
              ) -> Iterator[tuple[str, list[ChatTurn]]]:
        """Turn ``turn`` asked again as ``question``: the user's correction of the standalone
        question it was asked as. The new answer replaces the turn's; what was typed stays."""
        turns = list(turns or [])
        index = _int(turn)
        if index is None or not 0 <= index < len(turns):
            yield render_chat(turns), turns
            return
        standalone, refusal = self.check(question if isinstance(question, str) else "")
        if refusal:
            yield render_chat(turns, refusal), turns
            return
        asked = turns[index].asked
        earlier = turns[:index]
        later = turns[index + 1:]
        yield render_chat(earlier, render_pending(asked, standalone, SEARCHING)), turns
        for html, kept in self._ask_turn(earlier, index, asked, standalone, k, retriever, generator,
                                         edited=True):
            if len(kept) > index:  # the answer: put it back in its place, the later turns after it
                kept = [*kept, *later]
                yield render_chat(kept, focus=index), kept
            else:
                yield html, turns

    def check(self, question: str) -> tuple[str, str]:
        """(the cleaned question, '') or ('', a one-line refusal to show): empty, or over the
        length limit (it is refused, never cut)."""
        if not (question or "").strip():
            return "", render.render_message("Type a question first.", "info")
        try:  # cleaned (control characters) and its length checked before anything is shown
            return check_question(question), ""
        except BadQuestionError as exc:
            return "", _error_html(exc)

    def _ask_turn(self, turns: list[ChatTurn], index: int, asked: str, standalone: str,
                  k: int | float | None, retriever: str | None, generator: str | None,
                  history: list[Answer] | None = None, edited: bool = False
                  ) -> Iterator[tuple[str, list[ChatTurn]]]:
        """Answer one turn (``history`` given: through Assistant.chat when the generator does not
        stream) and yield the conversation while it is drafted and once it is done."""
        try:
            gen = self.assistant.get_generator(generator or self.settings.generator,
                                               model_path=self.settings.model_path)
            if history and not gen.capabilities.streaming:
                items: Iterator[str | Answer] = iter([self._chat(asked, history, k, retriever, gen)])
            else:
                items = self._answer(standalone, k, retriever, generator)
            for item in items:
                if isinstance(item, Answer):
                    if edited or not getattr(item, "asked_as", ""):
                        item.asked_as = standalone if edited else item.question
                    turns = [*turns, ChatTurn(asked=asked, answer=item, edited=edited)]
                    yield render_chat(turns, focus=index), turns
                else:
                    yield render_chat(turns, render_pending(asked, standalone, item)), turns
        except RagError as exc:
            yield render_chat(turns, render_pending(asked, standalone, _error_html(exc))), turns
        except ImportError as exc:  # an optional generator whose module or library is absent
            message = render.render_message(f"The {generator} generator is not available: "
                                            f"{exc.name or 'a module'} is not installed.", "error")
            yield render_chat(turns, render_pending(asked, standalone, message)), turns

    def _chat(self, asked: str, history: list[Answer], k: int | float | None, retriever: str | None,
              gen) -> Answer:
        """A follow-up through Assistant.chat (each rewrite tried); reads under the lock."""
        k = max(1, min(int(k or self.settings.default_k), 50))
        with self.lock:
            return self.assistant.chat(asked, history, k=k, retriever=retriever or self.settings.retriever,
                                       generator=gen)

    def _answer(self, question: str, k: int | float | None, retriever: str | None,
                generator: str | None) -> Iterator[str | Answer]:
        """Draft HTML while a streaming generator writes, then the Answer with its timings."""
        k = max(1, min(int(k or self.settings.default_k), 50))
        gen = self.assistant.get_generator(generator or self.settings.generator,
                                           model_path=self.settings.model_path)
        t0 = time.perf_counter()
        with self.lock:
            passages = self.assistant.retrieve(question, k=k, retriever=retriever or self.settings.retriever)
        t1 = time.perf_counter()
        if gen.capabilities.streaming:
            answer = yield from self._stream(gen.stream, question, passages)
        else:
            answer = self.assistant.answer(question, passages, gen)
        if not answer.passages:
            answer.passages = passages
        generate = answer.timings_ms.pop("generate", (time.perf_counter() - t1) * 1000)
        answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "generate": generate,
                             **{name: ms for name, ms in answer.timings_ms.items()
                                if name not in ("retrieve", "total")},
                             "total": (time.perf_counter() - t0) * 1000}
        yield answer

    def _stream(self, stream: Callable, question: str, passages: list) -> Iterator[str]:
        tokens: list[str] = []
        last = 0.0
        answer: Answer | None = None
        for item in stream(question, passages):
            if isinstance(item, Answer):
                answer = item
            elif isinstance(item, str):
                tokens.append(item)
                now = time.perf_counter()
                if now - last >= STREAM_REFRESH_S:
                    last = now
                    yield render.render_draft(question, "".join(tokens), passages)
        if answer is None:
            raise RagError("the generator stopped without an answer")
        return answer

    # ---- reading a cited document ----------------------------------------------------------
    def open_document(self, turns: list[ChatTurn] | None, turn: object, what: object, n: object) -> str:
        """The side panel for a click on a citation (``what`` = "source", ``n`` its number) or
        on a retrieved passage ("passage", its rank) of turn ``turn``; the values come from the
        browser, so anything unexpected gives an empty panel."""
        turns = turns or []
        index, number = _int(turn), _int(n)
        if index is None or number is None or not 0 <= index < len(turns):
            return ""
        answer = turns[index].answer
        if what == "source":
            sources = render.group_sources(answer)
            if not 1 <= number <= len(sources):
                return ""
            source = sources[number - 1]
            doc_id = source.passage.doc_id
            spans = [(c.start, c.end, c.kind if c.kind in render.MARK_KINDS else "support")
                     for c in source.citations]
            label = f"Source [{number}]"
        elif what == "passage":
            passage = next((p for p in answer.passages if p.rank == number), None)
            if passage is None:
                return ""
            doc_id, spans, label = passage.doc_id, [(passage.start, passage.end, "support")], "Retrieved passage"
        else:
            return ""
        try:
            with self.lock:
                doc = self.assistant.document(doc_id)
        except RagError:
            return ('<div class="doc-view"><button type="button" class="close-doc" title="Close">✕</button>'
                    + render.render_message(f"{doc_id} is no longer in the index.", "error") + "</div>")
        return render_document(doc, spans, label)

    # ---- feedback --------------------------------------------------------------------------
    @property
    def feedback_file(self) -> Path:
        return feedback_path(self.assistant.index_dir)

    def vote(self, turns: list[ChatTurn] | None, turn: object, vote: object,
             correction: object = "") -> tuple[str, list[ChatTurn]]:
        """Record a thumbs up/down (and the right answer, if typed) as an evaluation question."""
        turns = list(turns or [])
        index = _int(turn)
        if index is None or not 0 <= index < len(turns) or vote not in VOTES or turns[index].vote:
            return render_chat(turns), turns
        chosen = turns[index]
        typed = correction if isinstance(correction, str) else ""
        record = feedback_record(chosen.asked, chosen.answer, str(vote), typed, holding=self._holding)
        if record is None:
            chosen.note = "Type the right answer, then Send: a thumbs down on “no answer” needs it to be measured."
            return render_chat(turns), turns
        append_feedback(self.feedback_file, record)
        chosen.vote = str(vote)
        chosen.note = ("Thanks. Saved, to measure the assistant against"
                       + (f" (right answer: {record['answers'][0]})." if vote == "down" and record["answers"]
                          else "."))
        return render_chat(turns), turns

    def _holding(self, text: str) -> list[str]:
        """Indexed documents whose text holds ``text`` (case-insensitive)."""
        needle = text.lower()
        with self.lock:
            ids = [d.doc_id for d in self.assistant.documents()]
            return [i for i in ids if needle in self.assistant.document(i).text.lower()]

    # ---- documents -------------------------------------------------------------------------
    def document_rows(self) -> list[list]:
        with self.lock:
            docs = self.assistant.documents() if self.assistant.exists() else []
        return [[d.doc_id, render.shorten(d.title or "", 80), d.n_chunks, d.n_chars] for d in docs]

    def doc_ids(self) -> list[str]:
        return [row[0] for row in self.document_rows()]

    def add_files(self, files: list[str] | None, progress: Progress | None = None) -> str:
        """Store and index uploaded files one by one; a bad file is reported in one line and
        leaves everything already indexed as it was."""
        files = [f for f in (files or []) if f]
        if not files:
            return render.render_message(f"Choose one or more {listed(ALLOWED_SUFFIXES)} files.", "info")
        lines: list[tuple[str, str]] = []
        for i, file in enumerate(files):
            name = display_name(Path(file).name)
            if progress:
                progress(i, len(files), f"Indexing {name}")
            try:
                lines.append(self._add_one(Path(file)))
            except UploadError as exc:
                lines.append(("error", _first_line(exc)))
            except RagError as exc:
                lines.append(("error", f"{name}: {_first_line(exc)}"))
        if progress:
            progress(len(files), len(files), "Done")
        return render.render_status(lines)

    def _add_one(self, file: Path) -> tuple[str, str]:
        with self.write_lock:
            taken = set(self.doc_ids())
            stored = store_upload(file, self.uploads, original_name=file.name, taken=taken)
            name = stored.path.name
            try:
                report = self.assistant.add([stored.path])
            except BaseException:
                if not stored.duplicate:
                    stored.path.unlink(missing_ok=True)
                raise
            if report.failed:
                if not stored.duplicate:
                    stored.path.unlink(missing_ok=True)
                return "error", f"{display_name(file.name)}: {_reason(report.failed[0][1])}"
            chunks = {d.doc_id: d.n_chunks for d in self.assistant.documents()}.get(name, 0)
        given = display_name(file.name)
        if name in report.added:
            added = name if name == given else f"{given} as {name}"
            return "ok", f"Added {added}: {_count(chunks, 'passage')}."
        if name in report.changed:
            return "ok", f"Updated {name}: {_count(chunks, 'passage')}."
        return "info", f"{name} is already indexed ({_count(chunks, 'passage')})."

    def remove(self, doc_id: str | None) -> str:
        if not doc_id:
            return render.render_message("Pick a document to remove.", "info")
        with self.write_lock:
            info = next((d for d in self.assistant.documents() if d.doc_id == doc_id), None)
            if info is None:
                return render.render_message(f"No document {doc_id} in the index.", "error")
            self.assistant.remove([doc_id])
            if info.source and is_upload(info.source, self.assistant.index_dir):
                Path(info.source).unlink(missing_ok=True)
                return render.render_message(f"Removed {doc_id} ({_count(info.n_chunks, 'passage')}).", "ok")
        return render.render_message(f"Removed {doc_id} ({_count(info.n_chunks, 'passage')}); it comes back the "
                                     f"next time its folder is indexed.", "ok")


def _llm_ready() -> bool:
    """Cheap check (nothing loads): llama.cpp and the default model are installed."""
    try:
        from rag.answering.llm import llama_available
        from rag.answering.llm_models import default_model_available
    except ImportError:
        return False
    return llama_available() and default_model_available()


def _error_html(exc: RagError) -> str:
    if isinstance(exc, BadQuestionError):
        return render.render_message(_sentence(_first_line(exc)), "info")
    return render.render_message(render.capitalise(_first_line(exc)), "error")


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def _reason(reason: str) -> str:
    """A loader's reason without the server-side path it may start with."""
    reason = reason.strip().splitlines()[0] if reason.strip() else "could not be read"
    head, sep, tail = reason.partition(": ")
    return tail if sep and ("/" in head or "\\" in head) else reason


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else text
