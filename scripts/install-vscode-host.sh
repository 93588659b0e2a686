#!/usr/bin/env bash
# Installs an offline-capable VS Code host for the extension tests: code-server 4.100.3
# (VS Code 1.100.3 on Node 20) from npm, into DEST (default .cache/vscode-host), outside the
# project's own dependencies so `npm ci` stays light. Chromium (to drive the web workbench) and
# ripgrep come from Debian. Idempotent: does nothing when DEST already holds a working install.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/.cache/vscode-host}"
version=4.100.3
bin="$dest/node_modules/code-server/out/node/entry.js"

if [ -f "$bin" ] && [ -f "$dest/.complete" ]; then exit 0; fi

bash "$root/scripts/install-test-deps.sh" chromium ripgrep libkrb5-dev

mkdir -p "$dest"
cd "$dest"
[ -f package.json ] || echo '{ "name": "vscode-host", "private": true }' > package.json

# @vscode/ripgrep's postinstall downloads rg from GitHub unless this cached tarball exists;
# Debian's rg in it satisfies it offline.
tmp="${TMPDIR:-/tmp}"
rgcache="$tmp/vscode-ripgrep-cache-1.15.11"
rgtar="$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$rgtar" ]; then
  mkdir -p "$rgcache"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$rgtar" -C "$staging" rg
  rm -rf "$staging"
fi

# code-server's postinstall refuses root without unsafe_perm; node-pty's runs `npx node-gyp`.
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error \
  "code-server@$version" >/dev/null
[ -f "$bin" ] || { echo "install-vscode-host: code-server did not install ($bin missing)" >&2; exit 1; }
touch .complete
