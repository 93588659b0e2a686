// node-forge, loaded on first use: only its ASN.1 reader is needed to read certificates (a
// signature algorithm, a PKCS#12 file), and loading it seeds its random generator, which `lint`
// and `scan` would otherwise pay at every start though most runs never look inside a certificate.
/* eslint-disable @typescript-eslint/no-require-imports */
import type Forge from 'node-forge';

let loaded: typeof Forge | undefined;

export function forge(): typeof Forge {
  return (loaded ??= require('node-forge') as typeof Forge);
}
