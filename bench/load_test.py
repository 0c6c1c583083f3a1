"""Load test of `rag serve` (#13 item 5): concurrent users ask questions over loopback while one
file is uploaded, through the same queue protocol the page's browser code uses.

The page's events are private to Gradio's client libraries (``api_visibility="private"``), so
this speaks the browser's own protocol with httpx: ``POST /gradio_api/queue/join`` then the SSE
stream ``GET /gradio_api/queue/data``; an upload is ``POST /gradio_api/upload`` then the upload
event. Every answer is checked: no error notice, and each cited span is exact (the document's
text from its start to its end offset equals the highlighted quote). A probe question that only
the uploaded document answers abstains before the upload and is answered from it after.

    python bench/load_test.py                      # 20 users x 10 questions, starts its own server
    python bench/load_test.py --url http://127.0.0.1:7860 --users 5 --questions 3
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = REPO / "eval" / "corpus_qa.jsonl"
UPLOAD_NAME = "lighthouse-log.txt"
UPLOAD_TEXT = """Harbour log of the Skarvholmen lighthouse

The Skarvholmen lighthouse keeper, Astrid Vollan, repainted the lantern room in ochre yellow in
the spring of 1931. She kept the lamp burning for forty-one winters and trained three keepers.
The lighthouse was automated in 1974, and its fog bell was given to the museum in Bodø.
""" + "".join(  # a log long enough (about 50 passages) that questions arrive while it is embedded
    f"\nDay {d}: wind from the {('north', 'north-west', 'west', 'south-west')[d % 4]} at {5 + d % 17} knots, "
    f"visibility {2 + d % 9} nautical miles; the lamp was lit at {16 + d % 4}:{(d * 7) % 60:02d} and "
    f"{('two fishing boats', 'a coastal steamer', 'no vessel', 'the mail boat')[d % 4]} passed the skerry.\n"
    for d in range(1, 151))
PROBE = "Who repainted the lantern room of the Skarvholmen lighthouse?"
PROBE_ANSWER = "Astrid Vollan"


# ---- the page's protocol -------------------------------------------------------------------

class Page:
    """One server; each ``ask`` is a fresh conversation (a new session, as after Clear)."""

    def __init__(self, url: str, timeout: float = 120) -> None:
        self.base = url.rstrip("/") + "/gradio_api"
        self.http = httpx.Client(timeout=timeout)
        config = self.http.get(url.rstrip("/") + "/config").json()
        self.fn = {d.get("api_name"): d for d in config["dependencies"]}

    def close(self) -> None:
        self.http.close()

    def _run(self, api_name: str, data: list) -> list:
        """Join the queue for event ``api_name`` and return its final output values."""
        dep = self.fn[api_name]
        session = uuid.uuid4().hex[:12]
        joined = self.http.post(f"{self.base}/queue/join", json={
            "data": data, "event_data": None, "fn_index": dep["id"], "trigger_id": dep["targets"][0][0],
            "session_hash": session})
        joined.raise_for_status()
        with self.http.stream("GET", f"{self.base}/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("msg") == "process_completed":
                    if not msg.get("success", False):
                        raise RuntimeError(f"{api_name} failed: {msg.get('output', {}).get('error')}")
                    return msg["output"]["data"]
                if msg.get("msg") in ("queue_full", "unexpected_error"):
                    raise RuntimeError(f"{api_name}: {msg.get('msg')} {msg.get('message', '')}".strip())
        raise RuntimeError(f"{api_name}: the stream ended without a result")

    def ask(self, question: str, k: int = 5) -> str:
        """The chat HTML after asking ``question`` (hybrid retrieval, extractive answers)."""
        return self._run("ask", [question, None, k, "hybrid", "extractive"])[0]

    def upload(self, name: str, content: bytes) -> str:
        """Upload one file as the Documents tab does; returns the status HTML."""
        sent = self.http.post(f"{self.base}/upload", files={"files": (name, content, "text/plain")})
        sent.raise_for_status()
        path = sent.json()[0]
        file = {"path": path, "orig_name": name, "size": len(content), "mime_type": "text/plain",
                "meta": {"_type": "gradio.FileData"}}
        return self._run("add", [[file]])[1]


# ---- reading an answer off the page ---------------------------------------------------------

@dataclass
class Cited:
    doc_id: str
    start: int
    end: int
    quotes: list[str] = field(default_factory=list)  # the highlighted supporting sentences


@dataclass
class Reading:
    abstained: bool
    answer: str
    cited: list[Cited]
    errors: list[str]


class _AnswerParser(HTMLParser):
    """Pulls the answer, the error notices and each cited source (document, characters A–B and
    its highlighted quotes) out of the chat HTML ui.render makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reading = Reading(abstained=False, answer="", cited=[], errors=[])
        self._stack: list[tuple[str, set[str]]] = []
        self._in_answer = self._in_loc = self._in_error = 0
        self._mark_depth = 0  # inside a cited card's outermost support mark
        self._card: Cited | None = None
        self._loc = ""
        self._quote: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        self._stack.append((tag, classes))
        if tag == "article" and {"source", "cited"} <= classes:
            self._card = Cited(a.get("data-doc") or "", int(a.get("data-start") or -1), int(a.get("data-end") or -1))
            self.reading.cited.append(self._card)
        if "abstain" in classes:
            self.reading.abstained = True
        if tag == "div" and "notice" in classes and "error" in classes:
            self._in_error += 1
            self.reading.errors.append("")
        if tag == "p" and "answer-text" in classes:
            self._in_answer += 1
        if tag == "button" and "ref" in classes and self._in_answer:
            self._in_answer += 1  # citation numbers are not answer text
        if tag == "span" and "loc" in classes and self._card:
            self._in_loc, self._loc = 1, ""
        if tag == "mark" and self._card is not None and not any(t == "details" for t, _ in self._stack):
            if self._mark_depth == 0 and "support" in classes:
                self._mark_depth, self._quote = 1, []
            elif self._mark_depth:
                self._mark_depth += 1

    def handle_endtag(self, tag):
        if not self._stack:
            return
        _, classes = self._stack.pop()
        if tag == "article" and self._card is not None:
            self._card = None
        if tag == "div" and "notice" in classes and "error" in classes:
            self._in_error -= 1
        if tag == "p" and "answer-text" in classes:
            self._in_answer = 0
        if tag == "button" and "ref" in classes and self._in_answer > 1:
            self._in_answer -= 1
        if tag == "span" and self._in_loc and "loc" in classes:
            self._in_loc = 0
            found = re.search(r"characters ([\d,]+)–([\d,]+)", self._loc)
            if found and self._card:
                self._card.start, self._card.end = (int(g.replace(",", "")) for g in found.groups())
        if tag == "mark" and self._mark_depth:
            self._mark_depth -= 1
            if self._mark_depth == 0 and self._card is not None:
                self._card.quotes.append("".join(self._quote))

    def handle_data(self, data):
        if self._in_answer == 1:
            self.reading.answer += data
        if self._in_loc:
            self._loc += data
        if self._in_error:
            self.reading.errors[-1] += data
        if self._mark_depth:
            self._quote.append(data)


def read_answer(html: str) -> Reading:
    parser = _AnswerParser()
    parser.feed(html)
    parser.close()
    parser.reading.answer = " ".join(parser.reading.answer.split())
    return parser.reading


def citation_problems(reading: Reading, texts: dict[str, str]) -> list[str]:
    """Each cited span must be exactly its document's text: the quote is text[start:end] (one
    quote), or the quotes open and close that range (several)."""
    problems = []
    if not reading.abstained and not reading.cited:
        problems.append("an answer without a citation")
    for c in reading.cited:
        text = texts.get(c.doc_id)
        if text is None:
            problems.append(f"cites unknown document {c.doc_id!r}")
        elif c.start < 0 or not c.quotes:
            problems.append(f"{c.doc_id}: no span or quote shown")
        elif len(c.quotes) == 1 and text[c.start:c.end] != c.quotes[0]:
            problems.append(f"{c.doc_id}[{c.start}:{c.end}] is not the quote {c.quotes[0][:60]!r}")
        elif not (text[c.start:].startswith(c.quotes[0]) and text[:c.end].endswith(c.quotes[-1])):
            problems.append(f"{c.doc_id}[{c.start}:{c.end}] does not start and end with its quotes")
    return problems


# ---- the run ------------------------------------------------------------------------------------

@dataclass
class Result:
    user: int
    question: str
    started: float  # perf_counter() when asked and answered
    finished: float
    reading: Reading | None
    problems: list[str]
    during_upload: bool = False  # its time overlapped the upload's (set after the run)

    @property
    def seconds(self) -> float:
        return self.finished - self.started


@dataclass
class Report:
    users: int
    per_user: int
    results: list[Result]
    upload_seconds: float
    upload_status: str
    probe_before: Reading
    probe_after: Reading
    wall_seconds: float

    @property
    def errors(self) -> list[str]:
        out = [f"user {r.user}: {r.question[:50]!r}: {p}" for r in self.results for p in r.problems]
        if not self.probe_before.abstained:
            out.append(f"probe before the upload did not abstain: {self.probe_before.answer[:80]!r}")
        if self.probe_after.abstained or UPLOAD_NAME not in [c.doc_id for c in self.probe_after.cited] \
                or PROBE_ANSWER not in self.probe_after.answer:
            out.append(f"probe after the upload not answered from it: {self.probe_after.answer[:80]!r}")
        if "Added" not in self.upload_status:
            out.append(f"upload: {self.upload_status[:120]!r}")
        return out

    def seconds(self, during: bool | None = None) -> list[float]:
        return sorted(r.seconds for r in self.results if during is None or r.during_upload == during)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def document_texts(corpus: Path) -> dict[str, str]:
    """doc id -> text as the index holds it, read by the same loader (and the upload's text)."""
    from rag.ingest.documents import load_paths

    texts = {d.doc_id: d.text for d in load_paths([corpus]).documents}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / UPLOAD_NAME
        path.write_text(UPLOAD_TEXT, encoding="utf-8")
        texts.update({UPLOAD_NAME: d.text for d in load_paths([path]).documents})
    return texts


def run(url: str, corpus: Path, users: int = 20, per_user: int = 10, seed: int = 13,
        upload_after: float = 0.3) -> Report:
    """``users`` threads ask ``per_user`` questions each (from eval/corpus_qa.jsonl, shuffled per
    user); one upload starts once ``upload_after`` of all questions are answered."""
    texts = document_texts(corpus)
    questions = [json.loads(line)["question"] for line in QUESTIONS.open(encoding="utf-8") if line.strip()]
    page = Page(url)
    probe_before = read_answer(page.ask(PROBE))
    results: list[Result] = []
    lock = threading.Lock()
    start_upload = threading.Event()
    total = users * per_user
    upload_box: dict[str, object] = {}

    def user(u: int) -> None:
        mine = random.Random(seed * 1000 + u).sample(questions, per_user)
        client = Page(url)
        try:
            for q in mine:
                t0 = time.perf_counter()
                try:
                    reading = read_answer(client.ask(q))
                    problems = [f"error shown: {e.strip()}" for e in reading.errors] + citation_problems(reading, texts)
                except Exception as exc:  # noqa: BLE001 - counted as an error, the run goes on
                    reading, problems = None, [f"{exc.__class__.__name__}: {exc}"]
                with lock:
                    results.append(Result(u, q, t0, time.perf_counter(), reading, problems))
                    if len(results) >= upload_after * total:
                        start_upload.set()
        finally:
            client.close()

    def upload() -> None:
        start_upload.wait()
        t0 = upload_box["started"] = time.perf_counter()
        try:
            upload_box["status"] = Page(url).upload(UPLOAD_NAME, UPLOAD_TEXT.encode("utf-8"))
        except Exception as exc:  # noqa: BLE001
            upload_box["status"] = f"{exc.__class__.__name__}: {exc}"
        upload_box["finished"] = time.perf_counter()
        upload_box["seconds"] = upload_box["finished"] - t0

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users + 1) as pool:
        up = pool.submit(upload)
        for f in [pool.submit(user, u) for u in range(users)]:
            f.result()
        start_upload.set()
        up.result()
    wall = time.perf_counter() - t0
    for r in results:
        r.during_upload = r.started < upload_box["finished"] and r.finished > upload_box["started"]
    probe_after = read_answer(page.ask(PROBE))
    page.close()
    return Report(users, per_user, results, float(upload_box["seconds"]), str(upload_box["status"]),
                  probe_before, probe_after, wall)


def queue_settings() -> str:
    """The queue settings of ui/app.py, read from its source so the report cannot drift."""
    source = (REPO / "ui" / "app.py").read_text(encoding="utf-8")
    size = re.search(r"QUEUE_SIZE = (\d+)", source)
    limits = sorted(set(re.findall(r'concurrency_id="(\w+)",\s*concurrency_limit=(\d+)', source)))
    default = re.search(r"default_concurrency_limit=(\d+)", source)
    parts = [f"queue max_size={size.group(1) if size else '?'}",
             f"default_concurrency_limit={default.group(1) if default else '?'}"]
    parts += [f'"{cid}" events: concurrency_limit={n}' for cid, n in limits]
    return "; ".join(parts)


def summary(report: Report) -> str:
    def row(label: str, values: list[float]) -> str:
        return (f"| {label} | {len(values)} | {percentile(values, 50):.2f} | {percentile(values, 95):.2f} | "
                f"{max(values) if values else float('nan'):.2f} |")

    answered = sum(1 for r in report.results if r.reading and not r.reading.abstained)
    lines = [
        f"{report.users} users x {report.per_user} questions in {report.wall_seconds:.1f} s "
        f"({len(report.results) / report.wall_seconds:.1f} questions/s); {answered} answered, "
        f"{len(report.results) - answered} abstained; errors: {len(report.errors)}",
        f"citations checked: {sum(len(r.reading.cited) for r in report.results if r.reading)}; "
        f"upload of {UPLOAD_NAME}: {report.upload_seconds:.2f} s ({_plain(report.upload_status)}); "
        f"probe before: {'abstained' if report.probe_before.abstained else 'answered'}, "
        f"after: {'abstained' if report.probe_after.abstained else repr(report.probe_after.answer[:60])}",
        f"queue: {queue_settings()}",
        "",
        "| questions | n | p50 s | p95 s | max s |",
        "|---|---|---|---|---|",
        row("all", report.seconds()),
        row("overlapping the upload", report.seconds(True)),
        row("the rest", report.seconds(False)),
    ]
    lines += [f"error: {e}" for e in report.errors[:20]]
    return "\n".join(lines)


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())[:80]


# ---- a server to test ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(corpus: Path, index: Path, port: int | None = None, timeout: float = 300) -> Iterator[str]:
    """`python -m rag serve` in a subprocess over ``corpus``; yields its address."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    env.pop("RAG_AUTH", None)
    proc = subprocess.Popen([sys.executable, "-m", "rag", "serve", "--index", str(index), "--corpus", str(corpus),
                             "--port", str(port or free_port())], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=1)
    lines: list[str] = []
    ready = threading.Event()
    url: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            found = re.search(r"Serving on (http://\S+)", line)
            if found:
                url.append(found.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(timeout) or not url:
            raise RuntimeError("rag serve did not start:\n" + "\n".join(lines[-30:]))
        yield url[0]
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running `rag serve` over --corpus (default: start one on a copy)")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10, help="questions per user")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if args.url:
        report = run(args.url, args.corpus, args.users, args.questions, args.seed)
    else:
        with tempfile.TemporaryDirectory() as folder:
            corpus = Path(folder) / "corpus"
            shutil.copytree(args.corpus, corpus)
            with serve(corpus, Path(folder) / "index") as url:
                report = run(url, corpus, args.users, args.questions, args.seed)
    print(summary(report))
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
