/**
 * Stands in for `node-forge`'s index in the bundles (see esbuild.config.mjs). The index loads all
 * of forge (its TLS stack, SSH, PKCS#7...); the engine uses only X.509 certificates, RSA keys from
 * PEM and SHA-256 signing, so the bundles take just those modules and stay light to activate.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const forge = require('node-forge/lib/forge');
require('node-forge/lib/pki');
require('node-forge/lib/x509');
require('node-forge/lib/sha1');
require('node-forge/lib/sha256');
require('node-forge/lib/util');
module.exports = forge;
