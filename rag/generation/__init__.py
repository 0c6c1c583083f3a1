"""Pluggable generators: a name picks one; the extractive generator is the default."""
from __future__ import annotations

from rag.embedding import Embedder
from rag.errors import RagError
from rag.generation.base import Generator

GENERATORS = ("extractive", "llm")


def get_generator(name: str, embedder: Embedder, model_path: str | None = None,
                  threshold: float | None = None) -> Generator:
    """``threshold``: the extractive abstention threshold (also for the llm's extractive fallback);
    None keeps the calibrated one."""
    if name not in GENERATORS:
        raise RagError(f"unknown generator {name!r} (choose from {', '.join(GENERATORS)})")
    from rag.generation.extractive import ExtractiveGenerator

    extractive = ExtractiveGenerator(threshold=threshold)
    if name == "llm":
        from rag.generation.llm import LLMGenerator

        return LLMGenerator(model_path=model_path, embedder=embedder, fallback=extractive)
    return extractive


__all__ = ["GENERATORS", "Generator", "get_generator"]
