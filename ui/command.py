"""`rag serve`: bring the index up to date (building it from ./corpus when there is none), then
serve the page on 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path

HELP = "serve the browser page over the index (builds it from corpus/ first when needed)"
AUTH_ENV = "RAG_AUTH"


def configure(parser: argparse.ArgumentParser) -> None:
    from rag.commands import add_answer_options

    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for all)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--auth", metavar="USER:PASS", default=None,
                        help=f"ask for this user name and password (default: ${AUTH_ENV}, else no password)")
    parser.add_argument("--corpus", metavar="DIR", default="corpus",
                        help="folder to build the index from when it is missing, and to refresh it "
                             "from when it was built from it (default ./corpus)")
    add_answer_options(parser)  # the page's defaults; each question can change k, retriever, generator


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """``USER:PASS`` (the password may hold ':') -> (user, password); None for no password."""
    from rag.errors import RagError

    if value is None or value == "":
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise RagError(f"--auth / ${AUTH_ENV} must look like USER:PASSWORD")
    return user, password


def check_port(host: str, port: int) -> None:
    from rag.errors import RagError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RagError(f"cannot serve on {host}: unknown address ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise RagError(f"cannot serve on {host}:{port} ({exc.strerror or exc}); "
                           f"pick another --port or --host") from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare_index(index_dir: str | Path | None, corpus: str | Path, **kwargs):
    """Open the index, first building it from ``corpus`` (and stored uploads) when it is
    missing, rebuilding it from the folders it was built from when its settings are stale, or
    refreshing it from ``corpus`` when it was built from that folder. Only changed documents
    are embedded. Returns (assistant, one-line summary or '')."""
    from rag.assistant import Assistant
    from rag.errors import RagError
    from ui.uploads import ALLOWED_SUFFIXES, uploads_dir

    assistant = Assistant(index_dir, **kwargs)
    corpus = Path(corpus)
    stored = uploads_dir(assistant.index_dir)
    uploads = sorted(p for p in stored.iterdir() if p.is_file() and p.suffix.lower() in ALLOWED_SUFFIXES
                     and not p.name.startswith(".")) if stored.is_dir() else []
    if not assistant.exists():
        if not corpus.is_dir() and not uploads:
            raise RagError(f"no index at {assistant.index_dir} and no folder {corpus} to build it from: "
                           f"pass --corpus DIR or run `rag index PATH --index {assistant.index_dir}`")
        print(f"building the index at {assistant.index_dir} from {corpus}…", file=sys.stderr, flush=True)
    elif assistant.stale():
        print(f"the index at {assistant.index_dir} was built with other settings ({assistant.stale()}): "
              f"rebuilding…", file=sys.stderr, flush=True)
    report = assistant.refresh([corpus], build_from=uploads, progress=True)
    if report is None:
        return assistant, ""
    for path, reason in report.failed:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    return assistant, report.summary()


def index_line(summary: str) -> str:
    """The line `rag serve` prints about the index it brought up to date: ``index: 2 added, ...``,
    but a summary that already names the index (``index is up to date: ...``) is not prefixed again."""
    return summary if summary.startswith("index ") or "; index " in summary else f"index: {summary}"


def warm_up(assistant, generator: str) -> None:
    """Load the embedder, search structures and the default generator now, so the first
    question is not the slow one; an unavailable generator is reported on the page later."""
    from rag.errors import RagError

    if not assistant.documents():
        return
    try:
        assistant.load_models(generator)
    except RagError as exc:
        print(f"warning: {str(exc).splitlines()[0] if str(exc) else exc}", file=sys.stderr, flush=True)


def main(args: argparse.Namespace) -> int:
    from rag.errors import RagError
    from ui.service import PageService, PageSettings

    auth = parse_auth(args.auth if args.auth is not None else os.environ.get(AUTH_ENV))
    if not 0 < args.port < 65536:
        raise RagError(f"--port must be between 1 and 65535, not {args.port}")
    check_port(args.host, args.port)  # before the slow part, so a busy port is reported at once
    from rag.commands import index_folder

    assistant, summary = prepare_index(index_folder(args.index), args.corpus, model_path=args.model,
                                       retriever=args.retriever, generator=args.generator,
                                       abstain_threshold=args.abstain_threshold)
    if summary:
        print(index_line(summary), file=sys.stderr, flush=True)
    from ui.uploads import UPLOAD_LOCK_WAIT_S

    assistant.write_wait = UPLOAD_LOCK_WAIT_S  # from now on writes are the page's uploads
    warm_up(assistant, args.generator)
    if not is_loopback(args.host) and auth is None:
        print(f"warning: serving on {args.host} without a password: anyone who can reach this machine "
              f"can use the page and add or remove documents (see --auth)", file=sys.stderr, flush=True)

    from ui.app import create_app, launch

    service = PageService(assistant, PageSettings(default_k=max(1, args.k), retriever=args.retriever,
                                                  generator=args.generator, model_path=args.model))
    app = create_app(service)
    try:
        launch(app, host=args.host, port=args.port, auth=auth, block=True)
    except OSError:
        raise RagError(f"cannot serve on {args.host}:{args.port} (the port is in use or the address "
                       f"is not this machine's); pick another --port or --host") from None
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        app.close()
    return 0
