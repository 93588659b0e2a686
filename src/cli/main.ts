import { EXIT } from './errors';
import { terminalText } from '../engine/report/escape';
import { processIo, type Io } from './io';
import type { Runner } from './runner';

const USAGE = `mysql-tls-doctor: why a MySQL/MariaDB connection fails its TLS handshake

  mysql-tls-doctor diagnose <connection> [--ca F] [--cert F] [--key F] [--ssl-mode M]
                   [--tls-version V[,V]] [--cipher LIST] [--driver D] [--timeout MS]
                   [--driver-version V] [--no-auth] [--password-env VAR] [--report FILE] [--json]
  mysql-tls-doctor diagnose --file PATH[:LINE] [...]
  mysql-tls-doctor scan [DIR] [--json]
  mysql-tls-doctor lint [PATH ...] [--json | --sarif] [--fail-on error|warning|info|never]
                   [--rule CODE=error|warning|info|off ...] [--exclude GLOB ...] [--driver D]
                   [--expiry-days N]
  mysql-tls-doctor explain [TEXT] [--json]        (reads stdin without TEXT)
  mysql-tls-doctor demo
  mysql-tls-doctor certs --host H [--host H2 ...] --out DIR [--client] [--force]

<connection>: mysql://user@host:port/db?ssl-mode=..., jdbc:mysql://..., user@tcp(host:port)/db?tls=...,
or host[:port]. A password comes from the string, MYSQL_PWD or --password-env; it is never printed.
--driver D: mysql-cli, mysql2, mysql, mariadb-node, connector-j, mariadb-java, prisma, go, pymysql,
mysqlclient, mysql-connector-python, php-pdo, php-mysqli, mysqlconnector, connector-net, ruby-mysql2,
sqlx (else the connection's form, then the project's manifest, decides). --driver-version V: its
version; for the C clients also the library: libmariadb-3.4, mariadb-11.4, mysql-8.0.
Exit codes: 0 no error finding, 1 an error finding, 2 bad usage or input, 3 internal failure.
`;

// Each command is loaded when it runs, and only it: in the built CLI every command is its own
// bundle (dist/cli-<command>.js, see esbuild.options.mjs), so `--help` reads this small file alone,
// and `lint` and `scan` never load the TLS probe, mysql2 or node-forge's TLS parts. `require`, not
// `import()`: Node would load a bundle through its ES module loader, which first scans the whole
// file for its exports (measured: more than the command's own work).
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, () => { run: Runner }> = {
  diagnose: () => require('./commands/diagnose') as typeof import('./commands/diagnose'),
  scan: () => require('./commands/scan') as typeof import('./commands/scan'),
  lint: () => require('./commands/lint') as typeof import('./commands/lint'),
  explain: () => require('./commands/explain') as typeof import('./commands/explain'),
  demo: () => require('./commands/demo') as typeof import('./commands/demo'),
  certs: () => require('./commands/certs') as typeof import('./commands/certs'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    // The name is echoed: masked like every other output (MYSQL_PWD typed as a command, say).
    const { redactingIo } = require('./runner') as typeof import('./runner'); // eslint-disable-line @typescript-eslint/no-require-imports
    redactingIo(io).err(`mysql-tls-doctor: unknown command '${terminalText(name)}' (try: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return EXIT.ok;
  }
  let command: Runner;
  try {
    command = load().run;
  } catch (e) {
    io.err(`mysql-tls-doctor ${name}: internal error: cannot load the command: ${terminalText(e instanceof Error ? e.message : String(e))}\n`);
    return EXIT.internal;
  }
  return command(name, rest, io);
}

if (require.main === module) {
  // `mysql-tls-doctor scan | head`: a closed pipe ends the output, it is not a failure.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT.internal;
    },
  );
}
