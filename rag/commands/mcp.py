"""`rag mcp`: serve the index to MCP clients (stdio by default, streamable HTTP with --http)."""
from __future__ import annotations

import argparse
import logging
import sys

HELP = "serve the index to MCP clients: tools ask, search, list_documents (stdio; --http for HTTP)"


def configure(parser: argparse.ArgumentParser) -> None:
    from rag.commands import add_answer_options

    parser.add_argument("--http", action="store_true",
                        help="serve streamable HTTP at http://HOST:PORT/mcp instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="address for --http (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8765, help="port for --http (default 8765)")
    add_answer_options(parser)  # defaults for the ask tool (its k argument overrides -k)


def main(args: argparse.Namespace) -> int:
    from rag.commands import index_folder
    from rag.errors import RagError
    from rag.interfaces.mcp_server import IndexTools, build_server
    from rag.storage.store import Store

    folder = index_folder(args.index)
    if not Store(folder).exists():  # said at once, not on the client's first call
        raise RagError(f"no index at {folder}: run `rag index PATH --index {folder}` first")
    tools = IndexTools(folder, retriever=args.retriever, generator=args.generator, model_path=args.model,
                       abstain_threshold=args.abstain_threshold)
    server = build_server(tools)
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # its DEBUG lines would reach the SDK's log handler
    if not args.http:
        server.run("stdio")
        return 0
    from rag.interfaces.network import check_port, is_loopback

    check_port(args.host, args.port)
    if not is_loopback(args.host):
        print(f"warning: serving MCP on {args.host}: anyone who can reach this machine can query the index",
              file=sys.stderr, flush=True)
    print(f"MCP server on http://{args.host}:{args.port}/mcp (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        server.run("streamable-http", host=args.host, port=args.port)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0
