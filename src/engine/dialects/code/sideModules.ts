// Readers that ride beside the bundle and load on first use, as the grammars they parse with:
// dist/readers/<name>.js when built, the source module when run from source. Keeps
// dist/extension.js under its budget; nothing here loads at activation.
/* eslint-disable @typescript-eslint/no-require-imports */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as PhpModule from './phpEntry';

let php: typeof PhpModule | undefined;

/** The PHP reader and writer (loaded once). */
export function phpModule(): typeof PhpModule {
  if (!php) {
    const beside = join(__dirname, 'readers', 'php.js');
    // A runtime path: the bundler must not inline the module (it stays out of extension.js).
    php = createRequire(__filename)(existsSync(beside) ? beside : join(__dirname, 'phpEntry')) as typeof PhpModule;
  }
  return php;
}
