"""`rag serve`: bring the index up to date (building it from ./corpus when there is none), then
serve the page and the JSON API (ui.api) from one server on 127.0.0.1 unless told otherwise;
anywhere else only with an API key."""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from rag.interfaces.network import check_port, is_loopback  # noqa: F401  (ui.command.check_port is used)

HELP = "serve the browser page over the index (builds it from corpus/ first when needed)"
AUTH_ENV = "RAG_AUTH"
API_KEY_ENV = "RAG_API_KEY"


def configure(parser: argparse.ArgumentParser) -> None:
    from rag.commands import add_answer_options

    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for all)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--auth", metavar="USER:PASS", default=None,
                        help=f"ask for this user name and password (default: ${AUTH_ENV}, else no password)")
    parser.add_argument("--api-key", metavar="KEY", default=None,
                        help=f"require this key on the JSON API (/api/v1: Authorization: Bearer KEY or X-API-Key); "
                             f"default ${API_KEY_ENV}; needed to serve on any --host but this machine's")
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
    api_key = (args.api_key if args.api_key is not None else os.environ.get(API_KEY_ENV, "")).strip() or None
    if api_key is not None and not (api_key.isascii() and api_key.isprintable() and " " not in api_key):
        raise RagError("the API key must be printable ASCII without spaces: it travels in an HTTP header")
    if not is_loopback(args.host) and api_key is None:
        raise RagError(f"serving on {args.host} (not this machine only) needs an API key for the JSON API: "
                       f"pass --api-key KEY or set ${API_KEY_ENV}")
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
        print(f"warning: serving on {args.host} without a password for the page: anyone who can reach this "
              f"machine can use the page and add or remove documents (see --auth)", file=sys.stderr, flush=True)

    from ui.api import create_api
    from ui.app import create_app, mount

    service = PageService(assistant, PageSettings(default_k=max(1, args.k), retriever=args.retriever,
                                                  generator=args.generator, model_path=args.model))
    page = create_app(service)
    root = mount(create_api(service, api_key), page, host=args.host, port=args.port, auth=auth)
    try:
        run_server(root, args.host, args.port)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


def local_url(host: str, port: int) -> str:
    shown = "localhost" if host in ("0.0.0.0", "::", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run_server(app, host: str, port: int) -> None:
    """Serve ``app`` (the API with the page mounted) with uvicorn in a thread, print the address
    once it listens, and wait until interrupted."""
    import uvicorn
    from rag.errors import RagError

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RagError(f"cannot serve on {host}:{port} (the port is in use or the address is not this "
                           f"machine's); pick another --port or --host")
        time.sleep(0.01)
    print(f"Serving on {local_url(host, port)} (Ctrl+C to stop)", flush=True)
    try:
        while thread.is_alive():
            thread.join(0.5)
    finally:
        server.should_exit = True
        thread.join(10)
