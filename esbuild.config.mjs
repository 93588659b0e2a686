// Bundles the extension and the CLI. The engine is shared; `vscode` stays external.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const watch = process.argv.includes('--watch');

// Only what the engine uses of two large dependencies (see src/shims/): mysql2's code-page tables
// and forge's TLS/SSH/PKCS#7 stacks would double the bundle and the activation time.
const SHIMS = { 'iconv-lite': 'src/shims/iconv-lite.ts', 'node-forge': 'src/shims/node-forge.ts' };
const shims = {
  name: 'shims',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(SHIMS).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.importer.includes('src/shims/') ? undefined : { path: resolve(SHIMS[args.path]) }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [shims],
};

await Promise.all([
  build({ ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
