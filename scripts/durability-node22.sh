#!/usr/bin/env bash
# The --state durability suite (kill -9 rounds, restart snapshot, one server per file, refused
# files, 0600) on Node 22 with its built-in node:sqlite, forced (CLIPIA_SANDBOX_SQLITE=node) so a
# fallback to better-sqlite3 cannot pass for it. The main suite runs it on the default Node (20 in
# CI, with better-sqlite3). Node 22 comes from npx (a download on first use). Takes ~15 s.
# Usage: bash scripts/durability-node22.sh [vitest args ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export CLIPIA_SANDBOX_SQLITE=node npm_config_update_notifier=false
node22=(npx -y -p node@22 node)
echo "node $("${node22[@]}" --version)"
"${node22[@]}" node_modules/vitest/vitest.mjs run --typecheck.enabled=false "$@" packages/sandbox/test/durability
