"""Every public name the README and docs/ show (`from rag... import X`, `rag.module.Name`) imports:
moving a module must not break what users were told to write."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
# Entry-point group names read like modules but are names of plug-in groups (rag/registry.py).
GROUPS = {"rag.embedders", "rag.vector_indexes", "rag.generators", "rag.rankers", "rag.loaders"}


def shown_names() -> list[tuple[str, str]]:
    """(module, name) for each import and dotted name the docs show; name "" for a module."""
    found = set()
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for module, names in re.findall(r"from (rag[\w.]*) import ([\w, ]+)", text):
            found |= {(module, n.strip()) for n in names.split(",") if n.strip()}
        for dotted in re.findall(r"`(rag(?:\.\w+)+)`", text):
            if dotted in GROUPS:
                continue
            module, _, name = dotted.rpartition(".")
            found.add((module, name) if name[:1].isupper() or "_" in name or module.count(".") >= 2 else (dotted, ""))
    return sorted(found)


def test_the_docs_show_public_names():
    assert ("rag", "Assistant") in shown_names()


@pytest.mark.parametrize("module, name", shown_names())
def test_shown_name_imports(module, name):
    try:
        target = importlib.import_module(module)
    except ModuleNotFoundError:  # `rag.pkg.module.function` read as a module: try one level up
        parent, _, attr = module.rpartition(".")
        target = getattr(importlib.import_module(parent), attr)
    if name:
        assert hasattr(target, name), f"{module} has no {name}"
