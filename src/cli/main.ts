import { EXIT, UsageError } from './errors';
import { terminalText } from '../engine/report/escape';
import { processIo, redactingIo, type CommandIo, type Io } from './io';

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

type Command = (args: string[], io: CommandIo) => Promise<number>;

// Each command is loaded when it runs: `lint`, `scan` and `--help` never load the TLS probe, mysql2
// or node-forge (the bundle keeps every module, but runs one only when it is first imported).
const COMMANDS: Record<string, () => Promise<Command>> = {
  diagnose: async () => (await import('./commands/diagnose')).diagnoseCommand,
  scan: async () => (await import('./commands/scan')).scanCommand,
  lint: async () => (await import('./commands/lint')).lintCommand,
  explain: async () => (await import('./commands/explain')).explainCommand,
  demo: async () => (await import('./commands/demo')).demoCommand,
  certs: async () => (await import('./commands/certs')).certsCommand,
};

export async function main(argv: string[], rawIo: Io): Promise<number> {
  const io = redactingIo(rawIo);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(`mysql-tls-doctor: unknown command '${terminalText(name)}' (try: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return EXIT.ok;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      // A path, host or value from the command line may hold a line break or an escape sequence.
      io.err(`mysql-tls-doctor ${name}: ${terminalText(e.message)}\n`);
      return EXIT.usage;
    }
    io.err(`mysql-tls-doctor ${name}: internal error: ${terminalText(e instanceof Error ? e.message : String(e))}\n`);
    if (io.env.MYSQL_TLS_DOCTOR_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
    return EXIT.internal;
  }
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
