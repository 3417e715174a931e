#!/usr/bin/env bash
# Checks beyond the unit suite that CI runs after the build: filled in by the packaging/docs work.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/smoke-packed.sh
