"""A vector index held by Milvus: a server (``http://host:19530``) or a Milvus Lite file
(``./m.db``, relative to the index folder). ``rag index --vector-index milvus:URI``.

The search is exact (a FLAT index, inner product on the normalised vectors), so results equal the
``flat`` FAISS index; the ids are the store's chunk ids (the int64 primary key).

How the store's atomic generations map onto a live collection. The store writes ``vectors.<gen>``
and then commits its rows in SQLite; here that file is only a pointer (URI, collection, version),
and adds and removes change the collection at once. So every row carries the version that added it
(``added``) and the one that removed it (``removed``, 0 while live): a removal marks, it does not
delete. An index loaded from a pointer of version v sees exactly the rows with ``added <= v`` and
not ``0 < removed <= v``; a writer's changes are stamped v + 1 and become visible when the store
commits the pointer of v + 1. Hence:

* a crash (or an error) before the store's commit leaves version v whole: its readers never see
  the half-written v + 1, and the next writer, before its first change, deletes rows added after v
  and unmarks rows removed after v, then deletes the rows removed before v (one version late, so
  that a reader still on v - 1 finds its rows until the store reloads it);
* readers in other processes read v while a writer prepares v + 1 (a server; Milvus Lite serves
  one process at a time, its file being locked by the process that opened it);
* what does not hold: the pointer and the collection are not one transaction, so the collection
  must outlive the folder's pointer (dropping or editing it by hand, or restoring the folder from
  an older backup than the server's data, is not detected beyond a count); copying an index folder
  that points at a server shares the collection with the original (Lite files inside the folder
  are copied with it); a removal costs a read and a rewrite of the removed rows' vectors.
"""
from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from rag.errors import RagError
from rag.storage.vector_indexes import EXACT_ALWAYS, as_added, as_ids, as_vectors, empty_result, require_file

DEFAULT_URI = "milvus.db"  # `--vector-index milvus`: a Milvus Lite file in the index folder
COLLECTION_FILE = "milvus-collection"  # the folder's collection name, kept across rebuilds
SERVER_SCHEMES = ("http://", "https://", "tcp://", "unix:")
BATCH = 4096  # rows per insert (384-d float32: 6 MB, under gRPC's 64 MB)
TIMEOUT = 30.0

_clients: dict[str, Any] = {}


def is_server(uri: str) -> bool:
    return uri.lower().startswith(SERVER_SCHEMES)


def resolve(uri: str, folder: Path | None) -> str:
    """A server URI as it is; a Milvus Lite file relative to the index folder (when known)."""
    if is_server(uri):
        return uri
    path = Path(uri).expanduser()
    if not path.is_absolute() and folder is not None:
        path = Path(folder) / path
    return str(path.resolve())


def require_packages(uri: str) -> None:
    """A one-line error when pymilvus (or, for a file, milvus-lite) is missing or the URI is neither."""
    try:
        import pymilvus  # noqa: F401
        if not is_server(uri):
            import milvus_lite  # noqa: F401  (pymilvus says less clearly that it is missing)
    except ImportError as exc:
        raise RagError(f"the milvus vector index needs pymilvus and milvus-lite ({exc.name} is missing): "
                       f"pip install -e '.[scale]'") from None
    if not is_server(uri) and not uri.endswith(".db"):
        raise RagError(f"milvus:{uri}: a Milvus Lite file name ends in .db (or give http://HOST:19530)")


def client(uri: str) -> Any:
    """One MilvusClient per URI in this process (Milvus Lite runs inside it, one per file)."""
    if uri in _clients:
        return _clients[uri]
    require_packages(uri)
    from pymilvus import MilvusClient

    # A failed call (a server gone) is logged, retries and tracebacks, before pymilvus raises:
    # our RagError says it in one line (`Milvus add failed (URI): ...`).
    logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
    if not is_server(uri):
        # Lite keeps no server timestamps (the iterator warns of it on every call), and a failed
        # start logs a traceback before pymilvus raises: the error below says it in one line.
        logging.getLogger("pymilvus.client.iterator.query_iterator").setLevel(logging.ERROR)
        logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)
    try:
        _clients[uri] = MilvusClient(uri=uri, timeout=TIMEOUT)
    except Exception as exc:  # pymilvus raises its own and grpc's errors
        if not is_server(uri) and lite_busy(uri):
            raise RagError(f"the Milvus Lite file {uri} is open in another process (Lite serves one process "
                           f"at a time; a Milvus server serves many)") from None
        where = "server" if is_server(uri) else "Lite file"
        raise RagError(f"cannot open the Milvus {where} {uri}: {one_line(exc)}") from None
    return _clients[uri]


def lite_busy(uri: str) -> bool:
    """Whether another process holds the Milvus Lite folder's lock."""
    import fcntl

    lock = Path(uri) / "LOCK"
    if not lock.is_file():
        return False
    with open(lock, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False


def close_all() -> None:
    """Close this process's clients and stop its Milvus Lite servers (tests; exit does it too)."""
    for uri, c in list(_clients.items()):
        _clients.pop(uri, None)
        c.close()
        if not is_server(uri):
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(uri)


def one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", "") or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class MilvusIndex:
    """Exact inner-product search in a Milvus collection; see the module docstring for versions."""

    name: ClassVar[str] = "milvus"
    exact_below = EXACT_ALWAYS
    uri: ClassVar[str] = DEFAULT_URI

    def __init__(self, dimension: int, *, uri: str | None = None, collection: str | None = None,
                 version: int = 0, folder: Path | None = None) -> None:
        self.dimension = int(dimension)
        self._uri = uri or type(self).uri  # as given: a relative Lite file follows the folder
        self._folder = folder
        self._collection = collection  # None: a new index, created on first use
        self._version = int(version)  # the committed version this instance shows
        self._dirty = False  # changed since: shows its own changes (version + 1) too
        self._count: int | None = None

    @classmethod
    def configured(cls, argument: str) -> type["MilvusIndex"]:
        """``milvus:URI``: this kind bound to a URI (what the manifest records)."""
        require_packages(argument or cls.uri)  # said before any document is read
        if not argument:
            return cls
        return type("MilvusIndex", (cls,), {"name": f"milvus:{argument}", "uri": argument})

    def place(self, folder: Path) -> None:
        """Told the index folder by the store: a relative Lite file lives there."""
        self._folder = Path(folder)

    # ---- the collection ----------------------------------------------------------------------
    @property
    def _client(self) -> Any:
        return client(resolve(self._uri, self._folder))

    @property
    def _name(self) -> str:
        if self._collection is None:
            self._collection = self._new_collection()
        return self._collection

    def _new_collection(self) -> str:
        """Create this index's collection; a leftover of the same folder (a rebuild, a first commit
        that never finished) is dropped: nothing committed points at it."""
        name = self._folder_collection() if self._folder is not None else f"rag_{uuid.uuid4().hex[:20]}"
        from pymilvus import DataType, MilvusClient

        c = self._client
        if c.has_collection(name):
            c.drop_collection(name)
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dimension)
        schema.add_field("added", DataType.INT64)
        schema.add_field("removed", DataType.INT64)
        params = c.prepare_index_params()
        params.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        c.create_collection(name, schema=schema, index_params=params, consistency_level="Strong")
        return name

    def _folder_collection(self) -> str:
        path = Path(self._folder) / COLLECTION_FILE
        if path.is_file():
            return path.read_text().strip()
        name = f"rag_{uuid.uuid4().hex[:20]}"
        path.write_text(name + "\n")
        return name

    def _visible(self) -> str:
        at = self._version + 1 if self._dirty else self._version
        return f"added <= {at} and (removed == 0 or removed > {at})"

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RagError:
            raise
        except Exception as exc:
            raise RagError(f"Milvus {what} failed ({self._uri}): {one_line(exc)}") from None

    def _start_change(self) -> None:
        """Before this instance's first change: undo what an unfinished writer left after the
        committed version v, and drop rows removed before v (those removed at v stay for a reader
        still on v - 1, as a FAISS reader keeps its loaded generation)."""
        if self._dirty:
            return
        c, v, name = self._client, self._version, self._name
        c.delete(name, filter=f"added > {v}")
        marked = c.query(name, filter=f"removed > {v}", output_fields=["id", "vector", "added"])
        for lo in range(0, len(marked), BATCH):
            c.upsert(name, [r | {"removed": 0} for r in marked[lo:lo + BATCH]])
        c.delete(name, filter=f"removed != 0 and removed < {v}")
        self._dirty = True

    # ---- the protocol ------------------------------------------------------------------------
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids, vectors = as_added(ids, vectors, self.dimension)
        if not len(ids):
            return
        self._call("add", self._start_change)
        stamp, held = self._version + 1, self.count()
        for lo in range(0, len(ids), BATCH):
            rows = [{"id": int(i), "vector": v, "added": stamp, "removed": 0}
                    for i, v in zip(ids[lo:lo + BATCH].tolist(), vectors[lo:lo + BATCH])]
            self._call("add", self._client.insert, self._name, rows)
        self._count = held + len(ids)

    def remove(self, ids: np.ndarray) -> int:
        ids = as_ids(ids)
        if not len(ids) or self.count() == 0:
            return 0
        self._call("remove", self._start_change)
        stamp, removed, held = self._version + 1, 0, self.count()
        for lo in range(0, len(ids), 1000):
            part = ",".join(str(i) for i in ids[lo:lo + 1000].tolist())
            rows = self._call("remove", self._client.query, self._name, filter=f"id in [{part}] and {self._visible()}",
                              output_fields=["id", "vector", "added"])
            fresh = [r["id"] for r in rows if r["added"] == stamp]  # never committed: delete outright
            if fresh:
                self._call("remove", self._client.delete, self._name, ids=fresh)
            marked = [r | {"removed": stamp} for r in rows if r["added"] != stamp]
            if marked:
                self._call("remove", self._client.upsert, self._name, marked)
            removed += len(rows)
        self._count = held - removed
        return removed

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = as_vectors(queries, self.dimension)
        n = min(int(k), self.count())
        if n <= 0 or not len(queries):
            return empty_result(len(queries))
        scores = np.full((len(queries), n), -np.finfo(np.float32).max, dtype=np.float32)
        found = np.full((len(queries), n), -1, dtype=np.int64)
        for lo in range(0, len(queries), 256):
            hits = self._call("search", self._client.search, self._name, data=list(queries[lo:lo + 256]),
                              filter=self._visible(), limit=n, output_fields=[],
                              search_params={"metric_type": "IP"})
            for row, hit in enumerate(hits, start=lo):
                found[row, :len(hit)] = [h["id"] for h in hit]
                scores[row, :len(hit)] = [h["distance"] for h in hit]
        return scores, found

    def count(self) -> int:
        if self._count is None:
            if self._collection is None:
                return 0
            rows = self._call("count", self._client.query, self._name, filter=self._visible(),
                              output_fields=["count(*)"])
            self._count = int(rows[0]["count(*)"])
        return self._count

    def ids(self) -> np.ndarray:
        if self.count() == 0:
            return np.zeros(0, dtype=np.int64)
        out: list[int] = []
        it = self._call("ids", self._client.query_iterator, self._name, batch_size=10_000,
                        filter=self._visible(), output_fields=["id"])
        try:
            while batch := it.next():
                out.extend(r["id"] for r in batch)
        finally:
            it.close()
        return np.asarray(out, dtype=np.int64)

    def save(self, path: Path) -> None:
        """Write the pointer; this instance's changes become version + 1 (the store's commit of
        the pointer makes them visible to readers)."""
        name, version = self._name, self._version + (1 if self._dirty else 0)
        uri = resolve(self._uri, self._folder)
        if not is_server(uri):
            self._call("flush", self._client.flush, name)  # Lite: the rows reach its segment files
        pointer = {"kind": "milvus", "uri": self._uri, "collection": name, "version": version,
                   "dimension": self.dimension, "count": self.count()}
        Path(path).write_text(json.dumps(pointer) + "\n")
        self._version, self._dirty = version, False

    @classmethod
    def load(cls, path: Path) -> "MilvusIndex":
        """Reads the pointer; its own URI is used (relative: beside the pointer)."""
        require_file(path)
        try:
            pointer = json.loads(Path(path).read_text())
            assert pointer["kind"] == "milvus"
        except (ValueError, KeyError, AssertionError, TypeError):
            raise ValueError(f"{path} is not a Milvus vector index pointer") from None
        index = cls(pointer["dimension"], uri=pointer["uri"], collection=pointer["collection"],
                    version=pointer["version"], folder=Path(path).parent)
        c = index._client
        if not index._call("load", c.has_collection, index._name):
            raise RagError(f"the Milvus collection {index._name} at {pointer['uri']} is gone; "
                           f"rebuild the index with `rag index PATH --rebuild`")
        index._call("load", c.load_collection, index._name)
        if index.count() != pointer["count"]:
            require_file(path)  # gone: a writer committed since, and the store loads the newer one
            raise RagError(f"the Milvus collection {index._name} holds {index.count()} vectors for version "
                           f"{pointer['version']}, the index {pointer['count']}: rebuild it with `rag index PATH --rebuild`")
        return index
