#!/usr/bin/env bash
# Installs the system packages the tests need (MariaDB for the lab, OpenSSL and sslscan for
# comparisons in the bench, Chromium for the VS Code host). Needs root for apt; without it, says so and goes on,
# and the tests that need those parts report that they were not run.
set -uo pipefail
pkgs=(mariadb-server mariadb-client openssl sslscan testssl.sh chromium libkrb5-dev ripgrep)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: not root; not installing ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
