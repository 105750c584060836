#!/bin/sh
# `make bundle-lock`: packaging/bundle/requirements.txt, the runtime packages of the .deb with
# their hashes. Every version is uv.lock's except those overrides.txt names (Qt: see there),
# so the package runs what the tests run, but for the Qt that old glibc can load.
set -eu
cd "$(dirname "$0")/../.."
UV=.venv/bin/uv
PINS=build/bundle-dev-pins.txt
mkdir -p build
"$UV" export --frozen --no-dev --no-hashes --no-emit-project --no-header --no-annotate \
  --format requirements-txt | grep -v -E '^(pyside6-essentials|shiboken6)==' > "$PINS"
"$UV" pip compile pyproject.toml --quiet --universal --python-version 3.11 --generate-hashes \
  --no-header --constraint "$PINS" --override packaging/bundle/overrides.txt \
  --output-file packaging/bundle/requirements.txt
