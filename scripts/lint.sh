#!/usr/bin/env bash
# What CI checks before the tests: ruff's lint, ruff's formatting, and mypy (strict on the
# core modules listed in pyproject.toml). Seconds with mypy's cache; CI starts cold.
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check .
ruff format --check .
mypy
