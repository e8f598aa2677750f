#!/usr/bin/env bash
# Install eventwire into .venv and code the bundled sample stories (the README's first command).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
SAMPLES=src/eventwire/samples
.venv/bin/eventwire code --format table "$SAMPLES/wire_story.txt" "$SAMPLES/stories.jsonl"
