#!/usr/bin/env bash
# Packs both packages, installs the tarballs into a fresh temporary project (as a user would),
# and runs an ESM and a CJS smoke script against them on the Node given as arguments (default: node).
# Usage: scripts/smoke-packed.sh [node-command ...]   e.g. scripts/smoke-packed.sh npx -y -p node@22 node
# With CLIPIA_PACKED_DIR set to a project made by scripts/prepare-packed.sh, reuses it (no pack, no install).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node_cmd=("$@")
[ ${#node_cmd[@]} -gt 0 ] || node_cmd=(node)

if [ -n "${CLIPIA_PACKED_DIR:-}" ]; then
  work="$CLIPIA_PACKED_DIR"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  work="$tmp/app"
  bash "$root/scripts/prepare-packed.sh" "$work" >/dev/null
fi
cp "$root"/scripts/smoke/smoke.mjs "$root"/scripts/smoke/smoke.cjs "$work/"
cd "$work"
echo "node $("${node_cmd[@]}" --version 2>/dev/null)"
"${node_cmd[@]}" smoke.mjs
"${node_cmd[@]}" smoke.cjs
