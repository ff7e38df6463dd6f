#!/usr/bin/env bash
# Packs the function source Cloud Build deploys (one zip for every function): the compiled dist/, the lockfile,
# .npmrc, and package.json with "main" pointing at the entry that registers FUNCTION_TARGET only.
# Usage: npm ci && npm run build && infra/package-source.sh [out.zip]   (default: .local/function-source.zip)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/.local/function-source.zip}")"
main="$(node -p "require('$root/infra/generated/manifest.json').source.main")"

if [[ ! -f "$root/$main" ]]; then
  echo "missing $main: run npm ci && npm run build first" >&2
  exit 1
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -r "$root/dist" "$stage/dist"
cp "$root/package-lock.json" "$root/.npmrc" "$stage/"
# Dependencies stay exactly as locked (npm ci checks package.json against the lockfile); "main" is added, and
# the scripts give way to an empty gcp-build: the buildpack would otherwise run our `build`, whose sources and
# tools are not in the package (dist/ is already compiled).
node -e "
  const pkg = require('$root/package.json');
  pkg.main = '$main';
  pkg.scripts = { 'gcp-build': '' };
  require('fs').writeFileSync('$stage/package.json', JSON.stringify(pkg, null, 2) + '\n');
"
mkdir -p "$(dirname "$out")"
rm -f "$out"
(cd "$stage" && zip -qr "$out" .)
echo "$out"
