// The bundle options shared by `npm run build` (esbuild.config.mjs) and the VS Code host runners
// (test/vscode/build.mjs), so the tests run the very file users get.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('.', import.meta.url));

// Only what the engine uses of two large dependencies (see src/shims/): mysql2's code-page tables
// and forge's TLS/SSH/PKCS#7 stacks would double the bundle and the activation time.
const SHIMS = { 'iconv-lite': 'src/shims/iconv-lite.ts', 'node-forge': 'src/shims/node-forge.ts' };
const shims = {
  name: 'shims',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(SHIMS).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.importer.includes('src/shims/') ? undefined : { path: resolve(root, SHIMS[args.path]) }));
  },
};

export const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [shims],
};

export const extensionBundle = { ...common, minify: true, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] };
export const cliBundle = { ...common, minify: true, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } };
