#!/usr/bin/env bash
# Packs both packages, installs the tarballs into a fresh temporary project (as a user would),
# and runs an ESM and a CJS smoke script against them on the Node given by $NODE (default: node).
# Usage: scripts/smoke-packed.sh [node-command ...]   e.g. scripts/smoke-packed.sh npx -y -p node@22 node
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node_cmd=("$@")
[ ${#node_cmd[@]} -gt 0 ] || node_cmd=(node)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$root/packages/sdk" && pnpm pack --pack-destination "$work" >/dev/null)
(cd "$root/packages/sandbox" && pnpm pack --pack-destination "$work" >/dev/null)
cp "$root"/scripts/smoke/* "$work/"
cd "$work"
echo '{"name":"clipia-smoke","private":true}' > package.json
npm install --no-audit --no-fund --silent ./clipia-sdk-*.tgz ./clipia-sandbox-*.tgz msw@^2 >/dev/null
echo "node: $("${node_cmd[@]}" --version)"
"${node_cmd[@]}" smoke.mjs
"${node_cmd[@]}" smoke.cjs
