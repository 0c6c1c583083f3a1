"""How many threads the CPU-bound runtimes (llama.cpp, onnxruntime) may use."""
from __future__ import annotations

import os


def usable_cores() -> int:
    """Cores this process may run on (respects taskset and cpusets, unlike ``os.cpu_count``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
