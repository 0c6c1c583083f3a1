"""Chunking and embedding on Ray (`rag index PATH --ray [ADDRESS]`), for corpora one machine
embeds too slowly.

Only the CPU-heavy part moves: the Indexer still loads the files, decides what to embed (added
and changed documents) and commits through the Store on this machine, in the order and commit
groups the local path uses, so the index is the one the local path writes: the same ids, chunks
and offsets, and the same vectors within float tolerance. Ray Data sends groups of documents to
a fixed pool of actors, each holding one embedder built by its registry name, and streams each
document's chunk offsets and vectors back; nothing else travels. The workers are spread over the
cluster's nodes, and each result names its node, so a run can say on how many nodes it embedded. ``ray`` is imported here only,
and this module only with --ray, so the default path neither needs nor loads it.
"""
from __future__ import annotations

import logging
import os
import re
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from rag import registry
from rag.ingest.chunking import Chunker, ChunkSettings
from rag.errors import RagError
from rag.embedding.threads import usable_cores
from rag.types import Chunk, Document

INSTALL = "pip install -e '.[scale]'"
OBJECT_STORE_BYTES = 512 * 2**20  # a local instance: the documents in flight and their vectors, no more
GROUP_CHARS = 16_000  # text per call to a worker (about 20 chunks): big enough to batch, small enough to spread
GROUP_DOCS = 64
_ADDRESS = re.compile(r"^(auto|local|ray://\S+|[\w.\-]+:\d+)$")
# Ray 2.60's core worker logs this at error level to the driver's stderr for every Ray Data actor
# (ray-project/ray#57733, harmless here): users would read it as our error, so it is dropped.
_RAY_NOISE = re.compile(rb"\[[^\]\n]*\] core_worker\.cc:\d+: Actor with class name: [^\n]*"
                        rb"has constructor arguments in the object store[^\n]*\n?")

Embedded = tuple[Document, list[Chunk], np.ndarray]


def import_ray() -> Any:
    """The ray module; its absence is a one-line error saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (the [data] extra: pyarrow, pandas)
    except ImportError as exc:
        raise RagError(f"--ray needs the ray package ({exc.name or 'ray'} is not installed): {INSTALL}") from None
    return ray


def check_address(address: str | None) -> str | None:
    """None or 'local' (a local instance), 'auto', 'ray://HOST:PORT' or 'HOST:PORT'."""
    if address is None or address == "local":
        return None
    if not _ADDRESS.match(address):
        raise RagError(f"--ray {address}: not a Ray address (auto, ray://HOST:10001 or HOST:6379; "
                       f"give PATH before --ray)")
    return address


def registered_name(embedder: object) -> str:
    """The registry name workers build ``embedder`` by: they get a name, never the model."""
    for name in registry.names("embedder"):
        cls = registry.load("embedder", name)
        if type(embedder) is cls:
            return name
    for name in registry.names("embedder"):
        if getattr(registry.load("embedder", name), "name", None) == getattr(embedder, "name", None):
            return name
    raise RagError(f"--ray needs a registered embedder (rag.embedders entry point), not {type(embedder).__name__}")


def document_groups(docs: list[Document], max_chars: int = GROUP_CHARS, max_docs: int = GROUP_DOCS) -> list[list[int]]:
    """Consecutive documents in groups of about ``max_chars`` characters: one worker call each, so
    five long files spread over workers as well as thousands of abstracts do."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i, doc in enumerate(docs):
        if current and (size + len(doc.text) > max_chars or len(current) >= max_docs):
            groups.append(current)
            current, size = [], 0
        current.append(i)
        size += len(doc.text)
    if current:
        groups.append(current)
    return groups


class ChunkEmbedWorker:
    """One Ray actor: an embedder (built by registry name, loaded once) and a chunker. A call takes
    a group of documents and returns one row per chunk (document index, offsets, tokens, vector),
    or one row with n = 0 for a document without chunks, so the driver knows when each is done."""

    def __init__(self, embedder_name: str, settings: ChunkSettings, threads: int = 1) -> None:
        os.environ["RAG_THREADS"] = str(threads)  # onnxruntime: the CPUs Ray gave this actor, not the node's
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.embedder = registry.embedder(embedder_name)
        self.embedder.load()
        if "torch" in sys.modules:  # a torch embedder: the same limit
            sys.modules["torch"].set_num_threads(threads)
        self.chunker = Chunker(settings, self.embedder)
        import ray

        self.node = ray.get_runtime_context().get_node_id()  # reported with each result

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from rag.ingest.indexer import embedding_text

        rows: list[tuple[int, int, int, int, int]] = []  # doc, n, start, end, n_tokens
        texts: list[str] = []
        for first, doc_texts, titles in zip(batch["first"], batch["texts"], batch["titles"]):
            for k, (text, title) in enumerate(zip(doc_texts, titles)):
                doc = Document(doc_id="", text=str(text), title=str(title))
                chunks = self.chunker.chunk(doc)
                rows.extend((int(first) + k, len(chunks), c.start, c.end, c.n_tokens) for c in chunks)
                texts.extend(embedding_text(doc, c, self.embedder) for c in chunks)
                if not chunks:
                    rows.append((int(first) + k, 0, 0, 0, 0))
        vectors = np.zeros((len(rows), self.embedder.dimension), dtype=np.float32)
        real = [j for j, r in enumerate(rows) if r[1]]
        if real:
            vectors[real] = self.embedder.encode(texts)
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
        return {"doc": table[:, 0], "n": table[:, 1], "start": table[:, 2], "end": table[:, 3],
                "n_tokens": table[:, 4], "vector": vectors, "node": np.full(len(table), self.node)}

    def embed(self, batch: dict[str, Any]) -> dict[str, np.ndarray]:
        """The same, called as a plain actor method (Ray Client cannot run Ray Data)."""
        return self(batch)


class RayIngest:
    """Where the Indexer's chunking and embedding run when given --ray. Ray starts (or connects)
    on the first run that has something to embed, so an up-to-date index never starts it."""

    def __init__(self, address: str | None = None, workers: int | None = None,
                 object_store_bytes: int = OBJECT_STORE_BYTES, engine: str | None = None) -> None:
        """``engine``: "data" (Ray Data map_batches over an actor pool) or "actors" (the same
        workers as plain Ray actors); None picks actors for ray:// (Ray Data does not run through
        Ray Client) and Ray Data otherwise."""
        if workers is not None and workers < 1:
            raise RagError(f"--ray-workers must be at least 1, not {workers}")
        self.address = check_address(address)
        if engine not in (None, "data", "actors"):
            raise ValueError(f"engine must be 'data' or 'actors', not {engine!r}")
        self.engine = engine or ("actors" if (self.address or "").startswith("ray://") else "data")
        self.workers = workers
        self.object_store_bytes = object_store_bytes
        self.started_here = False
        self.nodes: set[str] = set()  # the Ray node ids whose workers embedded something
        self._ray: Any = None

    def describe(self) -> str:
        where = f"the Ray cluster at {self.address}" if self.address else "a local Ray instance"
        return f"{where}, {self.workers} workers" if self.workers else where

    def start(self) -> None:
        """Start a local instance with as many CPUs as workers, or connect to a cluster; a cluster
        gets one worker per CPU it has unless told otherwise."""
        if self._ray is not None:
            return
        ray = import_ray()
        options: dict[str, Any] = dict(logging_level=logging.ERROR, log_to_driver=False)
        if ray.is_initialized():  # a caller's own instance (a notebook, a test): use it as it is
            pass
        elif self.address is None:
            self.workers = self.workers or usable_cores()
            # address="local": a new instance of our own, never a cluster `ray start` left on this
            # machine (ray.init() would join it, and refuse num_cpus)
            ray.init(address="local", num_cpus=self.workers, object_store_memory=self.object_store_bytes,
                     include_dashboard=False, **options)
            self.started_here = True
        else:
            _check_reachable(self.address)
            try:
                ray.init(address=self.address, **options)
            except Exception as exc:  # ConnectionError, TimeoutError, ray's own: one line either way
                raise RagError(f"cannot connect to the Ray cluster at {self.address}: "
                               f"{_first_line(exc)}") from None
            self.started_here = True  # our connection: ray.shutdown() disconnects, the cluster stays
        if not self.workers:
            self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # its start/finish lines would break the bar
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # results come back in order: little to buffer
        context.enable_progress_bars = False  # the Indexer shows one bar of its own
        context.print_on_execution_start = False
        self._ray = ray

    def run(self, docs: list[Document], embedder: object, settings: ChunkSettings) -> Iterator[Embedded]:
        """Each document of ``docs`` with its chunks and their vectors, in the order given."""
        name = registered_name(embedder)
        self.start()
        ray = self._ray
        groups = document_groups(docs)
        items = [{"first": [g[0]], "texts": [[docs[i].text for i in g]], "titles": [[docs[i].title for i in g]]}
                 for g in groups]
        workers = min(self.workers or 1, len(items))
        kwargs = {"embedder_name": name, "settings": settings, "threads": 1}
        try:
            with _without_ray_noise():
                batches = (self._on_actors(ray, items, workers, kwargs) if self.engine == "actors"
                           else self._on_ray_data(ray, items, workers, kwargs))
                yield from self._collect(batches, docs, embedder, self.nodes)
        except RagError:
            raise
        except Exception as exc:  # a worker's error arrives wrapped in Ray's: say what it was, in one line
            raise RagError(f"chunking and embedding on Ray failed: {_root_message(exc)}") from None

    @staticmethod
    def _on_ray_data(ray: Any, items: list[dict], workers: int, kwargs: dict) -> Iterator[dict[str, np.ndarray]]:
        """Ray Data: a fixed actor pool, one group per call, results streamed back in order; Ray
        Data spreads the pool over the nodes itself (its scheduling is its own since Ray 2.60)."""
        rows = [{key: value[0] for key, value in item.items()} for item in items]
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            ChunkEmbedWorker, batch_size=1, batch_format="numpy", fn_constructor_kwargs=kwargs,
            compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1)
        return dataset.iter_batches(batch_size=None, batch_format="numpy")

    @staticmethod
    def _on_actors(ray: Any, items: list[dict], workers: int, kwargs: dict) -> Iterator[dict[str, np.ndarray]]:
        """Plain actors, one group in flight per actor, results in order (ray.util.ActorPool);
        each group's text is sent only when an actor takes it."""
        from ray.util import ActorPool

        remote = ray.remote(num_cpus=1, max_restarts=2, max_task_retries=2,
                            scheduling_strategy="SPREAD")(ChunkEmbedWorker)
        actors = [remote.remote(**kwargs) for _ in range(workers)]
        try:
            yield from ActorPool(actors).map(lambda actor, item: actor.embed.remote(item), items)
        finally:  # their CPUs go back at once, also to a Ray instance the caller keeps running
            for actor in actors:
                ray.kill(actor)

    @staticmethod
    def _collect(batches: Iterator[dict[str, np.ndarray]], docs: list[Document], embedder: object,
                 nodes: set[str]) -> Iterator[Embedded]:
        """Rows back to documents, released in the order given once all their chunks are in;
        ``nodes`` gets the id of each node that sent some."""
        pending: dict[int, list[tuple[int, int, int, np.ndarray]]] = {}
        expected: dict[int, int] = {}
        next_doc = 0
        for batch in batches:
            nodes.update(str(node) for node in set(batch["node"].tolist()))
            for j in range(len(batch["doc"])):
                i, n = int(batch["doc"][j]), int(batch["n"][j])
                expected[i] = n
                if n:
                    pending.setdefault(i, []).append((int(batch["start"][j]), int(batch["end"][j]),
                                                      int(batch["n_tokens"][j]), batch["vector"][j]))
            while next_doc in expected and len(pending.get(next_doc, ())) == expected[next_doc]:
                yield _assemble(docs[next_doc], pending.pop(next_doc, []), embedder)
                del expected[next_doc]
                next_doc += 1
        if next_doc != len(docs):
            raise RagError(f"chunking and embedding on Ray returned {next_doc} of {len(docs)} documents")

    def close(self) -> None:
        """Shut down the local instance (or disconnect from the cluster) this started."""
        if self._ray is not None and self.started_here:
            self._ray.shutdown()
        self._ray = None
        self.started_here = False


def _assemble(doc: Document, rows: list[tuple[int, int, int, np.ndarray]], embedder: object) -> Embedded:
    chunks = [Chunk(doc_id=doc.doc_id, start=s, end=e, text=doc.text[s:e], n_tokens=t) for s, e, t, _ in rows]
    dimension = int(getattr(embedder, "dimension", 0))
    vectors = np.stack([v for *_, v in rows]).astype(np.float32, copy=False) if rows else (
        np.zeros((0, dimension), dtype=np.float32))
    return doc, chunks, vectors


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail in seconds, in one line, when HOST:PORT does not answer (ray.init would retry for
    minutes, printing its own warnings); 'auto' is left to Ray, which says at once if none runs."""
    hostport = address.removeprefix("ray://")
    if hostport == "auto" or ":" not in hostport:
        return
    host, _, port = hostport.rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except (OSError, ValueError) as exc:
        raise RagError(f"cannot reach the Ray cluster at {address}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else exc.__class__.__name__)[:300]


def _root_message(exc: BaseException) -> str:
    """The innermost error's first line (a RagError from a worker keeps its own words)."""
    seen = exc
    while seen.__cause__ is not None and seen.__cause__ is not seen:
        seen = seen.__cause__
    cause = getattr(seen, "cause", None)  # ray.exceptions.RayTaskError keeps the worker's exception here
    if isinstance(cause, BaseException):
        seen = cause
    return f"{seen.__class__.__name__}: {_first_line(seen)}" if not isinstance(seen, RagError) else _first_line(seen)


@contextmanager
def _without_ray_noise() -> Iterator[None]:
    """Pass everything written to file descriptor 2 (the progress bar too) through, except
    _RAY_NOISE: Ray's C++ core writes there directly, below Python's logging."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable stderr: nothing to tidy
        yield
        return
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)

    def copy() -> None:
        while chunk := os.read(read_end, 65536):
            chunk = _RAY_NOISE.sub(b"", chunk)
            if chunk:
                os.write(saved, chunk)

    thread = threading.Thread(target=copy, name="ray-stderr", daemon=True)
    thread.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # the pipe's last writer closes: the copier reads to the end and stops
        thread.join(timeout=5)
        os.close(read_end)
        os.close(saved)
