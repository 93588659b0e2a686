#!/usr/bin/env bash
# Installs the Debian packages the tests need (MariaDB for the lab, OpenSSL, sslscan and testssl.sh
# for the bench's comparisons, Chromium, ripgrep and libkrb5-dev for the VS Code host), or just the
# packages named as arguments. Needs root for apt; without it, says so and exits 1 when something
# is missing, so callers can decide: the tests that need those parts report that they were not run.
set -uo pipefail
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(mariadb-server mariadb-client openssl sslscan testssl.sh chromium libkrb5-dev ripgrep)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: not root; not installing ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
