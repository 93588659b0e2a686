#!/usr/bin/env bash
# The SARIF 2.1.0 JSON schema the lint tests validate `lint --sarif` against. It comes from Microsoft's
# SARIF SDK (github.com/microsoft/sarif-sdk, MIT), whose npm package @microsoft/sarif-multitool-linux
# ships it as sarif-2.1.0.json; the package is fetched with npm (pinned, checked by npm's integrity
# hash) and only that file is kept, in .cache/sarif/. Not a dependency: the package is 43 MB of .NET.
set -euo pipefail
cd "$(dirname "$0")/.."
version=5.7.0
out=.cache/sarif
[ -s "$out/sarif-schema-2.1.0.json" ] && exit 0
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@microsoft/sarif-multitool-linux@$version" >/dev/null)
tar -xzf "$tmp"/microsoft-sarif-multitool-linux-$version.tgz -C "$tmp" package/sarif-2.1.0.json
mv "$tmp/package/sarif-2.1.0.json" "$out/sarif-schema-2.1.0.json"
echo "install-sarif-schema: $out/sarif-schema-2.1.0.json (from @microsoft/sarif-multitool-linux@$version)"
