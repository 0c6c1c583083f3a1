"""Where the benchmarks find third-party data sets (SciFact, SQuAD ...): $RAG_DATASETS, else
../shared/datasets beside the project (the tests read the same setting, tests/conftest.py)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS_ENV = "RAG_DATASETS"


def datasets_dir() -> Path:
    return Path(os.environ.get(DATASETS_ENV) or ROOT.parent / "shared" / "datasets")
