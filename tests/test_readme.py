"""The README and docs/ work as written, so they cannot drift from the code: every relative link
(and #anchor) resolves, every `rag ...` command shown in a bash block parses with the real parser,
the README stays short and names no path a user does not have, and the examples run (the README's
Python API snippet with the index and corpus paths pointed at temporary copies, the keys of the
`rag ask --json` example, the Extending example generator)."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOCS = [README_PATH, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^[ \t]*```([\w-]*)[^\n]*\n(.*?)^[ \t]*```[ \t]*$", re.S | re.M)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def blocks(text: str, *languages: str) -> list[str]:
    """The fenced code blocks of the given languages, in order."""
    return [m.group(2) for m in FENCE.finditer(text) if m.group(1) in languages]


def prose(text: str) -> str:
    """The text without code blocks and inline code spans (links there are not links)."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading keeps its text
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for line in FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            base = slug(m.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            out.add(base if n == 0 else f"{base}-{n}")
    return out


def section(title: str, text: str = README) -> str:
    start = text.index(f"\n{title}\n")
    end = re.search(r"\n#{1,3} ", text[start + 1:])
    return text[start:start + 1 + end.start() if end else None]


def test_readme_is_short() -> None:
    assert len(README.splitlines()) <= 250


def test_docs_name_no_path_users_lack() -> None:
    """No ../shared paths: users have the benchmark datasets wherever RAG_DATASETS says. The one
    exception is the README's note of RAG_DATASETS's default, which says that only CI has it."""
    for path in DOCS:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "../shared" in line:
                assert path == README_PATH and "RAG_DATASETS" in line and "only CI" in line, \
                    f"{path.relative_to(ROOT)}:{n}: {line.strip()}"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path: Path) -> None:
    broken = []
    for target in LINK.findall(prose(path.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading with that anchor in {dest.relative_to(ROOT)}")
    assert not broken, f"{path.relative_to(ROOT)}: " + "; ".join(broken)


def shown_commands() -> list[tuple[str, str]]:
    """Every `rag ...` line of a bash/sh block in the README, CONTRIBUTING.md and docs/."""
    out = []
    for path in DOCS:
        for block in blocks(path.read_text(encoding="utf-8"), "bash", "sh", "shell", "console"):
            for line in block.splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("rag "):
                    out.append((str(path.relative_to(ROOT)), line))
    return out


def test_docs_show_rag_commands() -> None:
    shown = {line.split()[1] for _, line in shown_commands()}
    assert {"index", "ask", "eval", "serve"} <= shown


@pytest.mark.parametrize("where,line", shown_commands(), ids=lambda v: v[:60])
def test_shown_rag_command_parses(where: str, line: str, capsys) -> None:
    from rag.cli import COMMANDS, build_parser

    argv = shlex.split(line, comments=True)[1:]
    command = argv[0]
    assert command in COMMANDS, f"{where}: `{line}`: no command {command!r}"
    try:
        args = build_parser(command).parse_args(argv)
    except SystemExit:
        pytest.fail(f"{where}: `{line}` does not parse: {capsys.readouterr().err.strip()}")
    assert args.command == command


@pytest.mark.slow
def test_python_api_snippet_runs(tmp_path, corpus_copy):
    code = re.search(r"```python\n(.*?)```", section("### 5. From Python"), re.S).group(1)
    code = code.replace('"corpus/"', repr(str(corpus_copy))).replace('"/tmp/idx"', repr(str(tmp_path / "idx")))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    # the memorandum's date is the snippet's printed answer; answer quality is tests/test_answers.py's job
    assert "index is up to date" in r.stdout and "3 September [('002_7c382053da63ecea.txt'" in r.stdout


def test_every_readme_python_block_is_run() -> None:
    """The README's only Python example is the one test_python_api_snippet_runs runs: a new one
    needs a test of its own."""
    assert len(blocks(README, "python", "py")) == 1
    assert "```python" in section("### 5. From Python")


@pytest.mark.slow
def test_ask_json_example_has_todays_keys(assistant):
    block = blocks((ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), "json")[0]
    example = json.loads(re.sub(r'"\.\.\."', '""', block))
    answer = assistant.ask("Which missile can Japan's F-35A fighters carry internally?").to_dict()
    assert set(example) == set(answer)
    assert set(example["citations"][0]) == set(answer["citations"][0])
    assert set(example["passages"][0]) == set(answer["passages"][0])
    assert set(example["timings_ms"]) - {"load"} == set(answer["timings_ms"])  # load: added by `rag ask`


@pytest.mark.slow
def test_extending_example_generator_conforms(assistant):
    from rag.testing.generators import check_generator

    code = blocks((ROOT / "docs" / "extending.md").read_text(encoding="utf-8"), "python")[0]
    namespace: dict = {}
    exec(compile(code, "docs/extending.md", "exec"), namespace)
    question = "Which missile can Japan's F-35A fighters carry internally?"
    check_generator(namespace["build"](None), question, assistant.retrieve(question, k=3),
                    "Who won the 2022 World Cup?")


def test_quality_doc_is_written_by_its_command(tmp_path) -> None:
    """docs/quality.md is exactly what bench/quality/run.py writes from bench/quality/results.json,
    so its numbers were written by the command that measured them, not by hand."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("quality_run", ROOT / "bench" / "quality" / "run.py")
    run = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run  # its dataclasses look their module up
    try:
        spec.loader.exec_module(run)
    finally:
        sys.modules.pop(spec.name, None)
    out = tmp_path / "quality.md"
    assert run.main(["--no-run", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "quality.md").read_text(encoding="utf-8"), \
        "docs/quality.md differs from what `python bench/quality/run.py --no-run` writes: rerun it"
