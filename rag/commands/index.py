"""`rag index PATH...`"""
from __future__ import annotations

import argparse
import sys

HELP = "index files, folders or a BEIR corpus.jsonl"


def configure(parser: argparse.ArgumentParser) -> None:
    from rag.ingest import loaders

    corpus = " or ".join(sorted(s for s, loader in loaders.by_suffix().items() if loader.corpus))
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=f"files or folders ({' '.join(loaders.document_suffixes())}, recursively) "
                             f"or a corpus file ({corpus}, e.g. a BEIR corpus.jsonl); packages can register more")
    parser.add_argument("--rebuild", action="store_true", help="embed every indexed document again (with the same settings, each document is replaced in turn: a rebuild stopped half way loses nothing)")
    parser.add_argument("--keep-missing", action="store_true",
                        help="keep indexed documents whose files are gone (default: remove them)")
    parser.add_argument("--no-wait", action="store_true",
                        help="when another process is writing this index, stop at once with an error "
                             "(default: say so and wait for it to finish)")
    from rag import registry

    parser.add_argument("--embedder", choices=registry.names("embedder"), default=None,
                        help=f"embedding model for a new index (default {registry.DEFAULT_EMBEDDER}; an existing "
                             "index keeps the one it was built with, and another one here rebuilds it). "
                             "minilm-int8 = all-MiniLM-L6-v2 as int8 ONNX (onnxruntime, faster); minilm = the same "
                             "model through sentence-transformers (torch). Packages can register more")
    parser.add_argument("--vector-index", type=vector_index_choice, default=None,
                        metavar="{" + ",".join(registry.names("vector_index")) + "}[:URI]",
                        help=f"how a new index holds its vectors (default {registry.DEFAULT_VECTOR_INDEX}; an existing "
                             "index keeps its own, and another one here rebuilds it). flat = exact search over "
                             "every vector; ivf = exact below 100,000 vectors, then FAISS IVF (approximate, "
                             "recall@10 >= 0.95, a few ms per query at 1M); ivf-fp16 / ivf-sq8 = the same with "
                             "vectors stored in half / a quarter of the memory; milvus:URI = exact search in Milvus "
                             "(pip install -e '.[scale]'): a server http://HOST:19530 or a Milvus Lite file such as "
                             "./m.db (relative to the index folder). Packages can register more")
    parser.add_argument("--chunk-tokens", type=int, default=None, metavar="N",
                        help="tiktoken budget per chunk (default 200; changing it re-chunks every document)")
    parser.add_argument("--overlap-tokens", type=int, default=None, metavar="N",
                        help="tokens of overlap between chunks (default 40; changing it re-chunks every document)")
    parser.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                        help="chunk and embed on Ray (pip install -e '.[scale]'): alone, a local Ray instance "
                             "with one worker per core; auto or ray://HOST:10001, an existing cluster. The index "
                             "is the same as without it (give PATH before --ray)")
    parser.add_argument("--ray-workers", type=int, default=None, metavar="N",
                        help="Ray workers, one embedder and one CPU each (default: the local cores, or the "
                             "cluster's CPUs)")


def vector_index_choice(value: str) -> str:
    """NAME or NAME:URI with a registered NAME (its package is imported only when used)."""
    from rag import registry

    if value.partition(":")[0] not in registry.names("vector_index"):
        known = ", ".join(registry.names("vector_index"))
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose from {known}; milvus takes :URI)")
    return value


def chunk_settings(args: argparse.Namespace):
    """The options' chunk settings; a bad value is a one-line error (0 is a value, not "default")."""
    from rag.ingest.chunking import ChunkSettings
    from rag.errors import RagError

    defaults = ChunkSettings()
    size = defaults.max_tokens if args.chunk_tokens is None else args.chunk_tokens
    overlap = defaults.overlap_tokens if args.overlap_tokens is None else args.overlap_tokens
    if size < 8:
        raise RagError(f"--chunk-tokens must be at least 8, not {size}")
    if not 0 <= overlap < size:
        raise RagError(f"--overlap-tokens must be from 0 to {size - 1} (under --chunk-tokens {size}), not {overlap}")
    return ChunkSettings(max_tokens=size, overlap_tokens=overlap)


def count_files(paths) -> int:
    """How many files the paths name (folders recursively, hidden files skipped), read or not."""
    from rag.ingest.documents import iter_files

    return sum(sum(1 for _ in iter_files(p)) if p.is_dir() else 1 for p in paths)


def serves(assistant, paths) -> bool:
    """Whether the index holds documents read from one of these paths (an emptied folder then
    means: remove them, as on any other run)."""
    if not assistant.exists():
        return False
    keys = {str(p.resolve()) for p in paths}
    return any(root in keys for _, root in assistant.store.document_hashes().values())


def undo_new_folder(assistant, folder, before: set | None) -> None:
    """Remove what this run wrote into an index folder that held no index: nothing is left behind."""
    import shutil

    assistant.store.close()
    if before is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for entry in folder.iterdir():
        if entry in before:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def main(args: argparse.Namespace) -> int:
    from pathlib import Path

    from rag.assistant import Assistant
    from rag.commands import index_folder
    from rag.errors import RagError
    from rag.ingest import loaders

    folder = index_folder(args.index)
    settings = chunk_settings(args)
    given = [Path(p) for p in args.paths if Path(p).exists()]
    if not given:  # nothing to index: create no index folder
        raise RagError(f"{args.paths[0]}: no such file or directory")
    names = ", ".join(map(str, given))
    assistant = Assistant(folder, chunk_settings=settings, embedder=args.embedder,
                          vector_index=args.vector_index)
    n_files = count_files(given)
    if not n_files and not serves(assistant, given):
        raise RagError(f"no documents found in {names} (supported: {' '.join(loaders.suffixes())})")
    had_index = assistant.exists()
    before = set(folder.iterdir()) if folder.is_dir() else None
    assistant.write_wait = 0 if args.no_wait else None
    ingest = None
    if args.ray is not None or args.ray_workers is not None:
        from rag.ingest.ray_ingest import RayIngest, import_ray

        import_ray()  # a missing package is said before anything is read
        ingest = assistant.indexer.ingest = RayIngest(args.ray, workers=args.ray_workers)
    assistant.indexer.notify = lambda line: print(line, flush=True)  # "re-chunking N documents: why"
    try:
        report = assistant.add(args.paths, progress=True, rebuild=args.rebuild, prune=not args.keep_missing)
    finally:
        if ingest is not None:
            ingest.close()
    for path, reason in report.failed:
        print(f"skipped: {reason}", file=sys.stderr)
    read = report.added or report.changed or report.unchanged or report.rechunked
    if not read and not report.removed and not had_index:
        undo_new_folder(assistant, folder, before)  # nothing to keep: no index folder is left behind
    if read or report.removed:
        print(report.summary())
        if ingest is not None and ingest.nodes:  # where the chunks were embedded
            n = len(ingest.nodes)
            print(f"chunked and embedded by {ingest.workers} Ray workers on {n} Ray node{'s' if n > 1 else ''}")
        print(f"index: {assistant.index_dir} ({len(assistant.documents())} documents, "
              f"{assistant.n_chunks()} chunks)")
    if not read and report.failed:  # what was indexed before stays (an unreadable file keeps its version)
        if n_files == 1:
            raise RagError(f"{names} could not be read" if given[0].is_file()
                           else f"the one file in {names} could not be read")
        raise RagError(f"none of the {n_files} files in {names} could be read")
    if not read and not report.removed:
        raise RagError(f"no documents found in {names}")
    return 0
