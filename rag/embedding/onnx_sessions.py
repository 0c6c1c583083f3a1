"""ONNX models run with onnxruntime: one session per file per process, opened only after the
file's SHA-256 matches the one recorded for it (a truncated or swapped file is an error, not
silently different vectors or answers)."""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from rag.errors import RagError

_LOCK = threading.Lock()
_SESSIONS: dict[str, object] = {}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def checked_session(path: Path, sha256: str, what: str, remedy: str):
    """The onnxruntime session for ``path``; ``what`` names the model and ``remedy`` says how to
    get a good copy in the one-line errors."""
    with _LOCK:
        key = str(path)
        if key not in _SESSIONS:
            if not path.is_file():
                raise RagError(f"the {what} {path} is missing; {remedy}")
            actual = file_sha256(path)
            if actual != sha256:
                raise RagError(f"the {what} {path} is corrupt: SHA-256 {actual[:12]}… does not match "
                               f"the expected {sha256[:12]}…; {remedy}")
            import onnxruntime as ort

            from rag.embedding.threads import usable_cores

            options = ort.SessionOptions()
            options.intra_op_num_threads = usable_cores()
            options.log_severity_level = 3
            # Idle threads sleep instead of spinning: on a busy machine (a web server, two processes
            # on two cores) spinning threads fight for the cores; measured 1.3-2x faster here.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            _SESSIONS[key] = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        return _SESSIONS[key]
