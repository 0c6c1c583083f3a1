"""Pluggable generators: a name picks one; the extractive generator is the default."""
from __future__ import annotations

from rag.embedding import Embedder
from rag.errors import RagError
from rag.generation.base import Generator

GENERATORS = ("extractive", "llm")


def get_generator(name: str, embedder: Embedder, model_path: str | None = None) -> Generator:
    if name == "extractive":
        from rag.generation.extractive import ExtractiveGenerator

        return ExtractiveGenerator(embedder)
    if name == "llm":
        from rag.generation.llm import LLMGenerator

        return LLMGenerator(model_path=model_path, embedder=embedder)
    raise RagError(f"unknown generator {name!r} (choose from {', '.join(GENERATORS)})")


__all__ = ["GENERATORS", "Generator", "get_generator"]
