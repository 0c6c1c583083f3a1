"""Pluggable generators, found through the ``rag.generators`` entry points (rag/registry.py):
each names a factory ``build(GeneratorOptions) -> Generator``. The extractive one is the default."""
from __future__ import annotations

from rag.answering.base import Capabilities, Generator, GeneratorOptions


def get_generator(name: str, options: GeneratorOptions | None = None) -> Generator:
    from rag import registry

    return registry.load("generator", name)(options or GeneratorOptions())


__all__ = ["Capabilities", "Generator", "GeneratorOptions", "get_generator"]
