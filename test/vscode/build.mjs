// Bundles the extension (dist/extension.js) and the in-host test suite (out/test/index.js) for the
// VS Code host runners. `vscode` is provided by the host; mocha is loaded from node_modules.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'error',
  legalComments: 'none',
};

export async function buildForHost() {
  // The same options as esbuild.config.mjs, so dist/extension.js is the file `npm run build` makes.
  await build({ ...common, minify: true, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
  await build({ ...common, entryPoints: ['test/vscode/suite/index.ts'], outfile: 'out/test/index.js', external: ['vscode', 'mocha'] });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildForHost();
