// Bundles the extension (dist/extension.js) and the in-host test suite (out/test/index.js) for the
// VS Code host runners. `vscode` is provided by the host; mocha is loaded from node_modules.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { common, extensionBundle, phpBundle, root, yamlBundle } from '../../esbuild.options.mjs';

export { root };

export async function buildForHost() {
  // The very bundle `npm run build` makes.
  await build(extensionBundle);
  await build(yamlBundle);
  await build(phpBundle);
  await build({ ...common, entryPoints: ['test/vscode/suite/index.ts'], outfile: 'out/test/index.js', external: ['vscode', 'mocha'] });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildForHost();
