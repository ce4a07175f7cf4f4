#!/usr/bin/env bash
# Builds the JavaScript sample plugins into WebAssembly components, with nothing installed by hand.
#
#   examples/build.sh [echo-plugin|hostile-plugin|gateway-bot ...]     (default: every plugin)
#
# - `npm ci` runs only when node_modules is missing or package.json / package-lock.json changed
#   since the last install (a stamp in node_modules records their hash).
# - A plugin is rebuilt only when its plugin.wasm is missing or older than one of its inputs
#   (its src/, ../wit/*.wit, package.json, package-lock.json).
# - Quiet on success; on failure prints the tool's output and exits non-zero.
# - Safe to run concurrently (the test suite may): builds are serialised with flock when available.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wit_dir="$(cd "$here/../wit" && pwd)"

fail() { echo "examples/build.sh: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js 18 or newer is needed to build the JavaScript plugins; e.g. apt-get install nodejs npm)"
command -v npm  >/dev/null 2>&1 || fail "npm is not installed (needed to install the pinned componentize-js toolchain; e.g. apt-get install npm)"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || fail "node ($(command -v node)) does not run"
[ "$node_major" -ge 18 ] 2>/dev/null || fail "node $(node --version 2>/dev/null) is too old: Node.js 18 or newer is needed"

plugins=("$@")
[ ${#plugins[@]} -gt 0 ] || plugins=(echo-plugin hostile-plugin gateway-bot)

cd "$here"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$here/.build.lock"
  flock 9
fi

log="$(mktemp "${TMPDIR:-/tmp}/yoi-examples-build.XXXXXX")"
trap 'rm -f "$log"' EXIT

run_quiet() { # run_quiet WHAT COMMAND...: runs the command, shows its output only if it fails
  local what="$1"; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    fail "$what failed (command: $*)"
  fi
}

lock_hash="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
stamp="node_modules/.yoi-install-stamp"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  # `npm ci` refuses a lockfile that lacks entries for other platforms' optional packages, which
  # is what a registry mirror serving only this platform's binaries produces. Then install from
  # the same lockfile with `npm install`, and put the committed lockfile back afterwards.
  if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    if grep -q "EUSAGE" "$log"; then
      cp package-lock.json "$log.lock"
      if ! npm install --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
        cp "$log.lock" package-lock.json; rm -f "$log.lock"
        cat "$log" >&2; fail "npm install failed"
      fi
      cp "$log.lock" package-lock.json; rm -f "$log.lock"
    else
      cat "$log" >&2; fail "npm ci failed"
    fi
  fi
  for pinned in componentize-js:0.23.0 jco:1.35.0 preview2-shim:0.25.0; do
    have="$(node -p "require('./node_modules/@bytecodealliance/${pinned%%:*}/package.json').version" 2>/dev/null || true)"
    [ "$have" = "${pinned##*:}" ] || fail "@bytecodealliance/${pinned%%:*} is '$have' after install, expected ${pinned##*:} (check package-lock.json)"
  done
  echo "$lock_hash" > "$stamp"
fi

for plugin in "${plugins[@]}"; do
  [ -f "$plugin/src/plugin.js" ] || fail "unknown plugin '$plugin' (no $plugin/src/plugin.js)"
  out="$plugin/plugin.wasm"
  if [ -f "$out" ] && [ -z "$(find "$plugin/src" "$wit_dir" package.json package-lock.json -newer "$out" -type f -print -quit)" ]; then
    continue
  fi
  rm -f "$out"
  case "$plugin" in
    echo-plugin) script=build:echo ;;
    hostile-plugin) script=build:hostile ;;
    gateway-bot) script=build:gateway ;;
    *) fail "no npm build script for '$plugin'" ;;
  esac
  run_quiet "building $plugin" npm run --silent "$script"
  [ -s "$out" ] || { cat "$log" >&2; fail "building $plugin produced no $out"; }
done
