"""How many threads the CPU-bound runtimes (llama.cpp, onnxruntime) may use."""
from __future__ import annotations

import os


def usable_cores() -> int:
    """Cores this process may run on (respects taskset and cpusets, unlike ``os.cpu_count``),
    at most $RAG_THREADS when set: a Ray worker given one CPU of a many-core node sets it, so
    its model does not spread threads over cores other workers were given."""
    try:
        cores = max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        cores = max(1, os.cpu_count() or 1)
    limit = os.environ.get("RAG_THREADS", "")
    return min(cores, int(limit)) if limit.isdigit() and int(limit) > 0 else cores
