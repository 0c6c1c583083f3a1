"""The facade users hold: build or load an index, then retrieve and ask."""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from rag import registry
from rag.storage.chunk_store import ChunkStore
from rag.ingest.chunking import ChunkSettings
from rag.answering.conversation import Turn
from rag.answering.conversation.around import AFTER_THRESHOLD, after_only, around
from rag.answering.conversation.choose import choose
from rag.answering.conversation.hiding import hidden_passages, restored
from rag.answering.conversation.nearby import NEAR_THRESHOLD, near, support_of
from rag.answering.conversation.topic import cited_sentences
from rag.embedding.sentence_transformer import BatchEmbedder
from rag.errors import BadQuestionError, RagError, StaleIndexError
from rag.answering import Generator, GeneratorOptions, get_generator
from rag.answering.base import generate_timed
from rag.answering.grounding import unstated_in
from rag.answering.composers.inventory import passages_needed
from rag.answering.source_qualifier import without_source
from rag.ingest.indexer import Indexer, IndexReport
from rag.search.document_pointers import Card, cards, pointed_documents
from rag.search.rankers import Ranker
from rag.search.retrieval import FusionWeights, Retriever
from rag.storage.store import DocumentInfo, Store
from rag.types import Answer, Document, Passage
from rag.storage.vector_indexes import VectorIndex

MAX_QUESTION_CHARS = 2000
# Control characters (C0, DEL, C1), lone surrogates (they cannot be encoded and break tokenizers)
# and bidirectional overrides (they reorder how text is shown) carry no meaning in a question;
# neither does a terminal escape sequence pasted from a coloured shell ("\x1b[31m"), whole.
_INVISIBLE = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def check_question(question: str) -> str:
    """The question with control characters removed and white space collapsed; a one-line
    BadQuestionError when nothing is left or it is over MAX_QUESTION_CHARS (checked on the raw
    text first, so a huge paste costs nothing)."""
    if not isinstance(question, str):
        raise BadQuestionError("the question is empty")
    if len(question) > 50 * MAX_QUESTION_CHARS:
        raise BadQuestionError(f"the question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})")
    question = " ".join(_INVISIBLE.sub(" ", question).split())
    if not question:
        raise BadQuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestionError(f"the question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})")
    return question


class Assistant:
    """Constructing is cheap: the model, vectors and BM25 load on first use, once."""

    def __init__(self, index_dir: str | Path | None = None, retriever: str = "hybrid",
                 generator: str = "extractive", chunk_settings: ChunkSettings | None = None,
                 fusion: FusionWeights | None = None, model_path: str | None = None,
                 abstain_threshold: float | None = None, embedder: str | BatchEmbedder | None = None,
                 vector_index: str | type[VectorIndex] | None = None, store: ChunkStore | None = None,
                 rankers: list[Ranker] | None = None) -> None:
        """``embedder``: a registered name (`rag index --help` lists them) or an instance; None
        keeps the one the index was built with, or the default for a new index. ``vector_index``:
        a registered name or a VectorIndex class, the same way (another one than the index has
        rebuilds it when indexing; queries always use the index's own). ``store``: a chunk store
        of your own (rag.storage.chunk_store.ChunkStore) instead of the one in ``index_dir``. ``rankers``:
        instances (rag.search.rankers.Ranker) instead of every registered one; each is a retrieval mode,
        and hybrid fuses them all."""
        if abstain_threshold is not None and not 0.0 <= abstain_threshold <= 1.0:
            raise RagError(f"the abstention threshold is a probability between 0 and 1, not {abstain_threshold}")
        self.store = store if store is not None else Store(index_dir, vector_index=vector_index)
        if embedder is None or isinstance(embedder, str):
            built_with = None if embedder else self.store.manifest().get("embedder")
            embedder = registry.embedder_for_index(built_with) if built_with else registry.embedder(embedder)
        self.embedder = embedder
        self.indexer = Indexer(self.store, self.embedder, chunk_settings)
        self.retriever = Retriever(self.store, self.embedder, fusion, rankers)
        self.default_retriever = retriever
        self.default_generator = generator
        self.model_path = model_path
        self.abstain_threshold = abstain_threshold  # None: the calibrated default
        self._generators: dict[tuple[str, str | None], Generator] = {}
        self._lock = threading.Lock()             # writers in this process, one at a time
        self._generators_lock = threading.Lock()
        self._cards: tuple[int, list[Card]] | None = None  # (store generation, cards)

    @property
    def index_dir(self) -> Path:
        return self.store.dir

    # ---- building ------------------------------------------------------------------------
    @classmethod
    def build(cls, paths: list[str | Path] | str | Path, index_dir: str | Path | None = None,
              progress: bool = False, **kwargs) -> "Assistant":
        """Index ``paths`` (incrementally when the index exists) and return the assistant."""
        assistant = cls(index_dir, **kwargs)
        assistant.last_report = assistant.add(paths, progress=progress)
        return assistant

    @classmethod
    def load(cls, index_dir: str | Path | None = None, **kwargs) -> "Assistant":
        """Open an existing index; a missing one or one built with other settings is an error."""
        assistant = cls(index_dir, **kwargs)
        assistant.store.require()
        why = assistant.indexer.mismatch(keys=("embedder", "dimension"))
        if why:
            raise StaleIndexError(f"index at {assistant.index_dir} was built with other settings ({why}); "
                                  f"rebuild it with `rag index PATH --index {assistant.index_dir}`")
        return assistant

    def add(self, paths: list[str | Path] | str | Path, progress: bool = False,
            rebuild: bool = False, prune: bool = True) -> IndexReport:
        """Index files/folders: embeds only added or changed documents and removes deleted ones
        (documents from the same folders that are gone)."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        with self._lock:
            return self.indexer.update(list(paths), progress=progress, rebuild=rebuild, prune=prune)

    def refresh(self, folders: list[str | Path], build_from: list[str | Path] = (),
                progress: bool = False) -> IndexReport | None:
        """Bring an index in line with the folders it serves: build it (from ``folders`` and
        ``build_from``) when there is none; rebuild it from the folders it was built from when it
        was built with other settings; otherwise re-read those of ``folders`` it was built from
        (only changed documents are embedded). None when there was nothing to read."""
        folders = [Path(f) for f in folders if Path(f).is_dir()]
        if not self.store.exists():
            paths = [*folders, *build_from]
            return self.add(paths, progress=progress) if paths else None
        roots = {root for _, root in self.store.document_hashes().values()}
        if self.stale():
            paths = [Path(r) for r in sorted(roots) if Path(r).exists()]
            paths += [f for f in folders if str(f.resolve()) not in roots]
            return self.add(paths, progress=progress)
        known = [f for f in folders if str(f.resolve()) in roots]
        return self.add(known, progress=progress) if known else None

    def exists(self) -> bool:
        """Whether a committed index is here."""
        return self.store.exists()

    def stale(self) -> str:
        """Why the index does not match this assistant's settings (embedder, chunking); '' when it does."""
        return self.indexer.mismatch()

    def n_chunks(self) -> int:
        return self.store.n_chunks()

    @property
    def write_wait(self) -> float | None:
        """Seconds a write waits for another process writing this index (None: as long as it
        takes; 0: refuse at once)."""
        return self.store.lock_wait

    @write_wait.setter
    def write_wait(self, seconds: float | None) -> None:
        self.store.lock_wait = seconds

    def add_documents(self, docs: list[Document], progress: bool = False) -> IndexReport:
        """Index Documents made in code (e.g. SQuAD paragraphs); unchanged ones embed nothing."""
        with self._lock:
            return self.indexer.update_documents(docs, progress=progress)

    def remove(self, doc_ids: list[str] | str) -> int:
        if isinstance(doc_ids, str):
            doc_ids = [doc_ids]
        with self._lock:
            present = [d for d in doc_ids if d in self.store.document_hashes()]
            if present:
                self.store.commit(self.indexer.expected_manifest(), present, [],
                                  self.embedder.encode([]))
            return len(present)

    # ---- reading -------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def document(self, doc_id: str) -> Document:
        doc = self.store.document(doc_id)
        if doc is None:
            raise RagError(f"no document {doc_id!r} in the index")
        return doc

    @property
    def retrievers(self) -> tuple[str, ...]:
        """The retrieval modes this assistant offers: hybrid, then each of its rankers."""
        return self.retriever.modes

    def retrieve(self, question: str, k: int = 5, retriever: str | None = None) -> list[Passage]:
        """The k best passages; only those of the document the question points at, when it
        names one surely ("in the Janes article", "the second article": rag.search.document_pointers)."""
        question = check_question(question)
        self.store.require()
        return self.retriever.retrieve(question, k=k, mode=retriever or self.default_retriever,
                                       documents=self.pointed_documents(question))

    def pointed_documents(self, question: str) -> list[str]:
        """The document(s) the question's pointer names surely, by the words the documents carry
        in their own title, opening and closing lines and file name, or by their order; [] when none."""
        return pointed_documents(question, self._document_cards)

    def _document_cards(self) -> list[Card]:
        generation = self.store.generation
        cached = self._cards
        if cached is None or cached[0] != generation:
            listed = [(d.doc_id, d.title, doc.text) for d in self.documents()
                      if (doc := self.store.document(d.doc_id)) is not None]
            cached = self._cards = (generation, cards(listed))
        return cached[1]

    # ---- answering -----------------------------------------------------------------------
    def get_generator(self, name: str | None = None, model_path: str | None = None) -> Generator:
        name = name or self.default_generator
        model_path = model_path or self.model_path
        key = (name, model_path if name == "llm" else None)
        with self._generators_lock:  # not the writers' lock: answers go on while an add embeds
            if key not in self._generators:
                self._generators[key] = get_generator(name, GeneratorOptions(
                    embedder=self.embedder, model_path=model_path, threshold=self.abstain_threshold))
            return self._generators[key]

    def generator_threshold(self, name: str | None = None) -> float | None:
        """The abstention threshold of a generator that declares one."""
        gen = self.get_generator(name)
        return gen.threshold if gen.capabilities.threshold else None

    def load_models(self, generator: str | Generator | None = None, answering: bool = True) -> float:
        """Load the index, the embedder and (when ``answering``) the generator's model now;
        returns the seconds it took, so that per-question timings never include a one-time load."""
        t0 = time.perf_counter()
        self.store.require()
        self.retriever.load()
        if not answering:
            return time.perf_counter() - t0
        self._generator(generator).load()
        return time.perf_counter() - t0

    def answer(self, question: str, passages: list[Passage],
               generator: str | Generator | None = None) -> Answer:
        """Generation only, from passages already retrieved."""
        gen = self._generator(generator)
        t0 = time.perf_counter()
        answer = _generate(gen, question, passages)
        answer.timings_ms["generate"] = (time.perf_counter() - t0) * 1000
        return answer

    def ask(self, question: str, k: int = 5, retriever: str | None = None,
            generator: str | Generator | None = None) -> Answer:
        answer = None
        for item in self.stream(question, k=k, retriever=retriever, generator=generator, pieces=False):
            answer = item
        assert isinstance(answer, Answer)
        return answer

    def stream(self, question: str, k: int = 5, retriever: str | None = None,
               generator: str | Generator | None = None, pieces: bool = True) -> Iterator[str | Answer]:
        """Ask, yielding the answer's text pieces as a streaming generator writes them (when
        ``pieces``), then the final Answer with its timings (retrieve, generate, total)."""
        question = check_question(question)
        read = without_source(question)  # "… according to the ADM column": the column is no fact to read,
        gen = self._generator(generator)  # though it may lead retrieval to the document
        t0 = time.perf_counter()
        passages = self.retrieve(question, k=passages_needed(read, k), retriever=retriever)
        for item in generate_timed(gen, read, passages, pieces, t0, time.perf_counter()):
            yield _as_asked(item, question) if isinstance(item, Answer) else item

    def _generator(self, generator: str | Generator | None) -> Generator:
        return generator if isinstance(generator, Generator) else self.get_generator(generator)

    def chat(self, question: str, history: Sequence[Answer | Turn] = (), k: int = 5,
             retriever: str | None = None, generator: str | Generator | None = None) -> Answer:
        """Ask in a conversation: a follow-up ("who makes it?") is made standalone from the previous
        answer in ``history`` (oldest first), without an LLM: each plausible rewrite is asked and the
        one the documents answer best is kept (rag.answering.conversation). The Answer's
        ``question`` and ``asked_as`` are the question that was asked, so appending it to
        ``history`` carries the conversation on; ``alternatives`` are the rewrites considered."""
        question = check_question(question)
        gen = self._generator(generator)
        retrieved: dict[str, list[Passage]] = {}

        def ask(text: str, query: str | None = None) -> Answer:
            t0 = time.perf_counter()
            query = query or text
            if query not in retrieved:
                retrieved[query] = self.retrieve(query, k=passages_needed(text, k), retriever=retriever)
            t1 = time.perf_counter()
            answer = _generate(gen, text, retrieved[query])
            if not answer.passages:
                answer.passages = retrieved[query]
            answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "generate": (time.perf_counter() - t1) * 1000,
                                 **answer.timings_ms, "total": (time.perf_counter() - t0) * 1000}
            return answer

        def ask_hiding(text: str, hidden: Sequence[str]) -> Answer:
            passages = retrieved.get(text) or self.retrieve(text, k=passages_needed(text, k), retriever=retriever)
            masked = hidden_passages(passages, hidden)
            return restored(_generate(gen, text, masked), passages, masked)

        last = history[-1] if history and isinstance(history[-1], Answer) else None
        cited = cited_sentences(last) if last else []

        def ask_in_turn(text: str) -> Answer | None:  # read from the sentences the previous answer cited
            return _generate(gen, text, cited) if cited else None

        previous = support_of(last) if last else None

        def read_leniently(text: str, passages: list[Passage]) -> Answer:  # kept only where the conversation was
            return _as_asked(gen.decide(without_source(text), passages, min(NEAR_THRESHOLD, gen.threshold)), text)

        def ask_nearby(text: str) -> Answer | None:  # read at a lower threshold, kept only next to the previous answer
            if previous is None or not gen.capabilities.threshold:
                return None
            passages = retrieved.get(text) or self.retrieve(text, k=passages_needed(text, k), retriever=retriever)
            found = read_leniently(text, passages)
            if not found.passages:
                found.passages = passages
            return found if near(found, previous) else None

        beside = around(last) if last else []

        def ask_around(text: str) -> Answer | None:  # the sentences after the previous answer's, at NEAR_THRESHOLD
            if not beside:
                return None
            if not gen.capabilities.threshold:
                return _generate(gen, text, beside)
            return read_leniently(text, beside)

        def ask_after(text: str) -> Answer | None:  # the sentences after the previous answer's alone, at AFTER_THRESHOLD
            # built only here: choose() asks this last, for a follow-up every other pass refused
            alone = after_only(last) if beside else []
            if not alone or not gen.capabilities.threshold or unstated_in(text, beside):
                return None  # a number the question states must be in the window (the cited sentence's "2026")
            found = _as_asked(gen.decide(without_source(text), alone, 0.0), text)
            return found if not found.abstained and found.confidence >= AFTER_THRESHOLD else None

        t0 = time.perf_counter()
        answer = choose(question, history, ask, ask, ask_hiding, ask_in_turn, ask_nearby, ask_around, ask_after)
        answer.timings_ms["total"] = (time.perf_counter() - t0) * 1000
        return answer


def _generate(gen: Generator, question: str, passages: list[Passage]) -> Answer:
    """``gen``'s answer to ``question`` read without a pointer to a document (source_qualifier.py)."""
    question = check_question(question)
    return _as_asked(gen.generate(without_source(question), passages), question)


def _as_asked(answer: Answer, question: str) -> Answer:
    """The answer under the question as the user typed it (it was read without a pointer to a document)."""
    answer.question = question
    return answer
