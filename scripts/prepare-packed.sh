#!/usr/bin/env bash
# Packs both packages (pnpm pack, as they would be published) and installs the tarballs into a
# fresh project at DIR, the way a user would: npm, the registry for third-party packages.
# Usage: scripts/prepare-packed.sh DIR [extra npm package ...]   (DIR must not exist yet)
# Packages are built first (`pnpm build`): pack only copies dist/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:?usage: prepare-packed.sh DIR [package ...]}"
shift
mkdir -p "$dir/tarballs"
dir="$(cd "$dir" && pwd)"
for pkg in sdk sandbox; do
  [ -f "$root/packages/$pkg/dist/index.js" ] || { echo "packages/$pkg is not built: run pnpm build" >&2; exit 1; }
  (cd "$root/packages/$pkg" && pnpm pack --pack-destination "$dir/tarballs" >/dev/null)
done
cd "$dir"
echo '{"name":"clipia-packed-smoke","private":true}' > package.json
# --ignore-scripts: only the extra packages' install scripts (bun and deno place their binaries)
# run, afterwards, by name. The tarballs themselves need none: scripts/check-packed-state.mjs
# installs them with scripts on and checks that nothing native is built.
npm install --no-audit --no-fund --loglevel=error --ignore-scripts \
  ./tarballs/clipia-sdk-*.tgz ./tarballs/clipia-sandbox-*.tgz "msw@^2" "$@" >/dev/null
extra=()
for spec in "$@"; do extra+=("${spec%@*}"); done
[ ${#extra[@]} -eq 0 ] || npm rebuild --loglevel=error "${extra[@]}" >/dev/null
echo "installed $(ls tarballs | tr '\n' ' ')into $dir"
