"""Plug-in parts found through entry points, built-ins and third-party packages alike: a package
adds an embedder by declaring, in its pyproject.toml,

    [project.entry-points."rag.embedders"]
    my-embedder = "my_package.module:MyEmbedder"

and `rag index --embedder my-embedder` can use it; nothing of ours is edited."""
from __future__ import annotations

from functools import lru_cache
from importlib import metadata

from rag.errors import RagError

GROUPS = {"embedder": "rag.embedders", "vector_index": "rag.vector_indexes", "generator": "rag.generators",
          "loader": "rag.loaders",  # loaders: by file suffix, see rag/ingest/loaders/__init__.py
          "ranker": "rag.rankers"}
DEFAULT_EMBEDDER = "minilm-int8"
DEFAULT_VECTOR_INDEX = "ivf"  # exact below 100,000 vectors, approximate above (bench/README.md)
DEFAULT_GENERATOR = "extractive"
BUILT_IN_RANKERS = ("dense", "bm25")  # in this order in the fusion (ties go to the first ranked)


@lru_cache(maxsize=None)
def names(kind: str) -> tuple[str, ...]:
    """Registered names of one kind of part, sorted."""
    return tuple(sorted({ep.name for ep in metadata.entry_points(group=GROUPS[kind])}))


def load(kind: str, name: str) -> type:
    """The class registered under ``name``; an unknown name is a one-line error listing the known.
    ``NAME:ARGUMENT`` (e.g. ``milvus:http://host:19530``) gives ``cls.configured(ARGUMENT)``: a
    part that needs a location (a server, a file) takes it there, and the manifest records it."""
    base, colon, argument = name.partition(":")
    if colon and name not in names(kind):
        cls = load(kind, base)
        if not hasattr(cls, "configured"):
            raise RagError(f"the {kind.replace('_', ' ')} {base!r} takes no argument (given {name!r})")
        return cls.configured(argument)
    for ep in metadata.entry_points(group=GROUPS[kind]):
        if ep.name == name:
            try:
                return ep.load()
            except ImportError as exc:
                raise RagError(f"the {kind.replace('_', ' ')} {name!r} cannot be loaded: {exc}") from None
    raise RagError(f"unknown {kind.replace('_', ' ')} {name!r} (choose from {', '.join(names(kind)) or 'none installed'})")


def choices(kind: str) -> tuple[str, ...]:
    """Names for a command-line choice, the built-in default first."""
    first = {"embedder": DEFAULT_EMBEDDER, "generator": DEFAULT_GENERATOR}[kind]
    return tuple(sorted(names(kind), key=lambda n: (n != first, n)))


def embedder(name: str | None = None):
    """A new embedder (cheap: its model loads on first use); None gives the default."""
    return load("embedder", name or DEFAULT_EMBEDDER)()


def embedder_for_index(model_id: object):
    """A new embedder of the model an index's manifest names; the default when none installed has
    that model id (queries then refuse the index, and `rag index` rebuilds it, saying why)."""
    for name in names("embedder"):
        cls = load("embedder", name)
        if getattr(cls, "name", None) == model_id:
            return cls()
    return embedder()


def ranker_names() -> tuple[str, ...]:
    """Every registered ranker: the built-ins first, in their fusion order, then the others."""
    installed = names("ranker")
    return (*(n for n in BUILT_IN_RANKERS if n in installed), *(n for n in installed if n not in BUILT_IN_RANKERS))


def rankers() -> list:
    """A new instance of every registered ranker, in ``ranker_names`` order (all fused by hybrid)."""
    return [load("ranker", name)() for name in ranker_names()]
