#!/usr/bin/env bash
# Checks beyond the unit suite, run by CI after the build (packages/*/dist must exist):
# the packed tarballs on Node 20, 22 and 24 (ESM, and CJS where require("@clipia/sdk") is the class);
# the SDK against the sandbox and verifyWebhook on a sandbox-signed delivery on Node, Bun and Deno;
# browser bundling of the package roots; the SDK, the sandbox (MSW setupWorker) and verifyWebhook in
# Chromium; the packed CLI; msw 2 and 3; jest and node:test as runners; the SDK's tests on Node 22
# and 24; the --state durability suite on Node 22 (node:sqlite); the packed sandbox installing no
# native code, --state on Node 22 with nothing else installed; the examples; README code blocks in
# sync with the examples; the typedoc API reference.
# Installs once into temporary projects and reuses them. Usage: bash scripts/ci-extras.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

NODE22=(npx -y -p node@22 node)
NODE24=(npx -y -p node@24 node)
export npm_config_update_notifier=false

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
app="$work/app"     # the tarballs with msw 2, jest, bun and deno
msw3="$work/msw3"   # the tarballs with msw 3
started=$SECONDS
step() { printf '\n--> %s  [%ss]\n' "$*" "$((SECONDS - started))"; }
in_app() { (cd "$app" && "$@"); }

step "pack both packages and install the tarballs into fresh projects (msw 2 and msw 3)"
bash scripts/prepare-packed.sh "$app" jest@30 bun@1.4.5 deno@2.9.6
mkdir -p "$msw3/tarballs" && cp "$app"/tarballs/*.tgz "$msw3/tarballs/"
(cd "$msw3" && echo '{"name":"clipia-msw3","private":true}' > package.json &&
  npm install --no-audit --no-fund --loglevel=error --ignore-scripts ./tarballs/*.tgz "msw@^3" >/dev/null)
cp scripts/smoke/*.mjs scripts/smoke/*.cjs packages/sandbox/test/runners/*.mjs packages/sandbox/test/runners/*.cjs "$app/"
cp scripts/smoke/msw.mjs "$msw3/"

step "npm install of the packed tarballs builds no native code; clipia-sandbox --state on Node 22 (node:sqlite) with nothing else installed"
node scripts/check-packed-state.mjs "$app/tarballs"

step "packed tarballs: ESM and CJS smoke on Node 20, 22 and 24"
export CLIPIA_PACKED_DIR="$app"
bash scripts/smoke-packed.sh node
bash scripts/smoke-packed.sh "${NODE22[@]}"
bash scripts/smoke-packed.sh "${NODE24[@]}"
unset CLIPIA_PACKED_DIR

step "package roots bundle for the browser without Node-only imports"
node scripts/check-browser-bundle.mjs "$app"

step "in Chromium: the SDK's browser guard, the SDK against the sandbox under MSW's setupWorker, verifyWebhook"
# Chromium from the distribution (never a Playwright download); without it the step is skipped, not failed.
no_chromium=""
if [[ ! -x /usr/bin/chromium ]]; then
  as_root=()
  [[ $EUID -ne 0 ]] && command -v sudo >/dev/null && as_root=(sudo -n)
  if ! command -v apt-get >/dev/null; then
    no_chromium="no apt-get"
  elif ! apt_out="$(timeout 300 "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    bash -c 'apt-get update -qq && apt-get install -y -qq chromium' 2>&1)"; then
    no_chromium="apt-get failed: $(tail -n 1 <<<"$apt_out")"
  elif [[ ! -x /usr/bin/chromium ]]; then
    no_chromium="the package installed no /usr/bin/chromium"
  fi
fi
if [[ -n "$no_chromium" ]]; then
  echo "SKIPPED: browser test (chromium could not be installed: $no_chromium)"
else
  node scripts/browser/run.mjs
  node scripts/browser/console.mjs  # the sandbox's developer console (skipped with the step above)
fi

step "the packed CLIs: clipia-sandbox (--json with console_url and the README's default keys, the banner's curl lines), and the SDK's clipia against it"
node scripts/check-cli.mjs "$app"

step "runtimes: the SDK against the sandbox server and in process, and verifyWebhook on a sandbox-signed delivery, on Node, Bun and Deno"
in_app node run-runtime.mjs node
in_app node run-runtime.mjs ./node_modules/.bin/bun
in_app node run-runtime.mjs ./node_modules/.bin/deno run --allow-env --allow-net --allow-read

step "msw 2 (Node 20) and msw 3 (Node 22 and 24) with the sandbox's handlers"
in_app node msw.mjs
(cd "$msw3" && "${NODE22[@]}" msw.mjs && "${NODE24[@]}" msw.mjs)

step "test runners over the packed packages: jest and node:test (vitest: the main suite and examples/vitest)"
in_app env NODE_OPTIONS=--experimental-vm-modules node node_modules/jest/bin/jest.js --config jest.config.cjs --ci 2>&1 |
  grep -v ExperimentalWarning | grep -v -- '--trace-warnings'
in_app node --test node-test.spec.mjs

step "the SDK's tests (client, errors, retries, queue, wait, webhooks … over the in-process sandbox) on Node 22 and 24"
# Every runtime test of the SDK (the bundle budget and the type tests need only one Node).
sdk_tests=()
for file in packages/sdk/test/*.test.ts; do
  [[ "$file" == */bundle.test.ts ]] || sdk_tests+=("$file")
done
for node_cmd in NODE22 NODE24; do
  declare -n cmd="$node_cmd"
  echo "node $("${cmd[@]}" --version)"
  if ! out="$("${cmd[@]}" node_modules/vitest/vitest.mjs run --typecheck.enabled=false --reporter=dot "${sdk_tests[@]}" 2>&1)"; then
    echo "$out"
    exit 1
  fi
  grep -E 'Test Files|Tests  ' <<<"$out"
done

step "the --state durability suite on Node 22 with node:sqlite (the main suite runs it on Node 20 with better-sqlite3)"
if ! out="$(bash scripts/durability-node22.sh --reporter=dot 2>&1)"; then
  echo "$out"
  exit 1
fi
grep -E '^node |Test Files|Tests  ' <<<"$out"

step "examples: typecheck, run each against a local sandbox, the vitest example suite"
pnpm --filter @clipia/examples run --silent check:types
node examples/run-all.mjs
pnpm exec vitest run --config examples/vitest/vitest.config.ts --reporter=dot

step "README and guide code blocks are in examples/"
node scripts/check-readme-snippets.mjs
node scripts/check-snippets-compile.mjs "$app"; node scripts/check-packed-package.mjs "$app" # blocks compile as pasted (```ts fragment skipped); packed READMEs' links, LICENSE; types from ESM and CJS, skipLibCheck false

step "API reference (typedoc, warnings are errors)"
pnpm -s docs

printf '\nci-extras: all checks passed in %ss\n' "$((SECONDS - started))"
