// Bundles the extension and the CLI (`npm run build`). The engine is shared; `vscode` stays external.
import { build } from 'esbuild';
import { cliBundle, cliCommandBundles, extensionBundle, phpBundle, yamlBundle } from './esbuild.options.mjs';

const watch = process.argv.includes('--watch');
await Promise.all([extensionBundle, cliBundle, ...cliCommandBundles, yamlBundle, phpBundle].map((b) => build({ ...b, minify: !watch })));
