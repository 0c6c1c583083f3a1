"""One writer per index folder, and what readers are told while it writes.

The lock is an OS file lock (``filelock``: ``flock`` on Unix), so the kernel releases it when its
holder dies: a lock left by a killed process is simply taken over. Next to it the writer keeps a
small status file (who writes, since when, how far along) that readers use for their messages.
That file is believed only while someone holds the lock, so a killed writer's file says nothing.
"""
from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from rag.errors import IndexBusyError

LOCK_NAME = "write.lock"
STATUS_NAME = "write.json"
POLL_S = 0.5  # how often a waiting writer retries (and re-reads the holder's progress)


@dataclass
class WriterStatus:
    """What the process holding the lock is doing; written atomically, read by anyone."""

    pid: int = field(default_factory=os.getpid)
    started: float = field(default_factory=time.time)
    documents_done: int = 0
    documents_total: int | None = None
    chunks_done: int = 0
    chunks_total: int | None = None

    def describe(self) -> str:
        """One clause for messages, e.g. 'pid 41, 40 of 400 documents, 900 of 5,000 chunks embedded'."""
        parts = [f"pid {self.pid}"]
        if self.documents_total:
            parts.append(f"{self.documents_done:,} of {self.documents_total:,} documents")
        if self.chunks_total:
            parts.append(f"{self.chunks_done:,} of {self.chunks_total:,} chunks embedded")
        parts.append(f"started {time.strftime('%H:%M:%S', time.localtime(self.started))}")
        return ", ".join(parts)


def _status_path(index_dir: Path) -> Path:
    return index_dir / STATUS_NAME


def _read_status_file(index_dir: Path) -> WriterStatus | None:
    try:
        data = json.loads(_status_path(index_dir).read_text(encoding="utf-8"))
        return WriterStatus(**{k: data[k] for k in WriterStatus.__dataclass_fields__ if k in data})
    except (OSError, ValueError, TypeError):
        return None


def is_held(index_dir: str | Path) -> bool:
    """Whether some process (this one included) holds the index's writer lock right now."""
    path = Path(index_dir) / LOCK_NAME
    if not path.exists():
        return False
    probe = FileLock(path)
    try:
        probe.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:  # a folder we cannot write to: we cannot tell, so do not claim a writer
        return False
    probe.release()
    return False


def current_writer(index_dir: str | Path) -> WriterStatus | None:
    """The running writer's status, or None when no one holds the lock (a status file left by a
    killed writer is not believed)."""
    index_dir = Path(index_dir)
    status = _read_status_file(index_dir)
    if status is None or not is_held(index_dir):
        return None
    return status


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class WriterLock:
    """Re-entrant writer lock of one index folder (threads of this process queue on an RLock
    first, so the hold count belongs to one thread).

    ``wait`` is how long a second writer waits (None: until the first one finishes; 0: refuse at
    once, as ``rag index --no-wait`` does); ``notify`` receives the one-line waiting message.
    """

    def __init__(self, index_dir: str | Path, wait: float | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        self.dir = Path(index_dir)
        self.wait = wait
        self.notify = notify or _stderr
        self._lock: FileLock | None = None
        self._threads = threading.RLock()
        self._depth = 0
        self.status = WriterStatus()
        self.taken_over: WriterStatus | None = None  # a killed writer's status found on acquiring

    @property
    def depth(self) -> int:
        """How many times the current holder has acquired it (0: not held)."""
        return self._depth

    def acquire(self) -> None:
        if not self._threads.acquire(timeout=-1 if self.wait is None else max(0.0, self.wait)):
            raise IndexBusyError(f"the index at {self.dir} is being written by another thread of this process; "
                                 f"try again when it has finished")
        if self._depth:
            self._depth += 1
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            if self._lock is None:
                self._lock = FileLock(self.dir / LOCK_NAME)
            self._wait_for_lock(self._lock)
        except BaseException:
            self._threads.release()
            raise
        self._depth = 1
        self.taken_over = _read_status_file(self.dir)  # still there: its writer was killed
        self.status = WriterStatus()
        self._write_status()

    def _wait_for_lock(self, lock: FileLock) -> None:
        deadline = None if self.wait is None else time.monotonic() + max(0.0, self.wait)
        told = False
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            try:
                lock.acquire(timeout=POLL_S if left is None else max(0.0, min(POLL_S, left)))
                return
            except Timeout:
                pass
            holder = _read_status_file(self.dir)
            who = f" ({holder.describe()})" if holder else ""
            if deadline is not None and time.monotonic() >= deadline:
                raise IndexBusyError(f"the index at {self.dir} is being written by another process{who}; "
                                     f"try again when it has finished")
            if not told:
                self.notify(f"waiting: the index at {self.dir} is being written by another process{who}; "
                            f"this run starts when it has finished")
                told = True

    def release(self) -> None:
        if not self._depth:
            return
        self._depth -= 1
        try:
            if not self._depth:
                try:
                    _status_path(self.dir).unlink(missing_ok=True)
                finally:
                    assert self._lock is not None
                    self._lock.release()
        finally:
            self._threads.release()

    def __enter__(self) -> "WriterLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def progress(self, **fields: int | None) -> None:
        """Record how far the write has got (documents_done, chunks_total, …) for readers."""
        if not self._depth:
            return
        for key, value in fields.items():
            setattr(self.status, key, value)
        self._write_status()

    def _write_status(self) -> None:
        path = _status_path(self.dir)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(asdict(self.status)), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:  # the status is a courtesy to readers; never fail a write over it
            tmp.unlink(missing_ok=True)
