import { closeSync, constants, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { explainFsError, explainReadFailure, readLocalFile } from '../../engine/certs/read-file';
import { parseConnectionString, readTextAsync } from '../../engine/dialects';
import { decodeText } from '../../engine/dialects/readText';
import { parseSslMode, parseTlsVersions, unknownSslMode, unknownTlsVersion } from '../../engine/dialects/values';
import { diagnose } from '../../engine/diagnose';
import { parseClientVersion } from '../../engine/drivers/clibrary';
import { ProjectDrivers, settleDrivers } from '../../engine/project/driver';
import { DRIVER_IDS, isDriverId, type Connection, type DriverId, type SslMode, type TlsVersion } from '../../engine/model/connection';
import { Secret } from '../../engine/model/secret';
import { LineIndex } from '../../engine/model/span';
import { MAX_TIMEOUT_MS } from '../../engine/model/timeout';
import { terminalText } from '../../engine/report/escape';
import { renderMarkdown } from '../../engine/report/markdown';
import { renderText } from '../../engine/report/text';
import { parse, positiveInt } from '../args';
import { EXIT, UsageError } from '../errors';
import { runner } from '../runner';
import type { CommandIo } from '../io';

const OPTIONS = {
  file: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'ssl-mode': { type: 'string' },
  'tls-version': { type: 'string' },
  cipher: { type: 'string' },
  driver: { type: 'string' },
  'driver-version': { type: 'string' },
  timeout: { type: 'string' },
  'no-auth': { type: 'boolean' },
  'password-env': { type: 'string' },
  report: { type: 'string' },
  json: { type: 'boolean' },
} as const;


export async function diagnoseCommand(args: string[], io: CommandIo): Promise<number> {
  const { values: v, positionals } = parse(args, OPTIONS);
  if (positionals.length > 1) throw new UsageError(`one connection at a time, got ${positionals.length}`);
  if (v.file && positionals.length) throw new UsageError('give a connection or --file, not both');
  if (!v.file && positionals.length === 0) throw new UsageError('give a connection (e.g. mysql://app@db:3306/?ssl-mode=VERIFY_IDENTITY) or --file PATH[:LINE]');
  if (!v.file) io.secrets.addPasted(positionals[0]);
  const { connection, sourceText, all } = v.file ? await fromFile(v.file) : { connection: fromString(positionals[0]), sourceText: undefined, all: [] };
  io.secrets.addConnections(all);
  applyOverrides(connection, v);
  if (v['driver-version'] !== undefined) applyDriverVersion(connection, v['driver-version']);
  const password = passwordFor(connection, v['password-env'], io.env);
  io.secrets.add(connection.password, password);
  const report = await diagnose(connection, {
    timeoutMs: positiveInt(v.timeout, '--timeout', MAX_TIMEOUT_MS, ' ms (10 minutes a step)'),
    password,
    auth: v['no-auth'] ? false : undefined,
    driver: v.driver ? driverOption(v.driver) : undefined,
    sourceText,
  });
  io.out(v.json ? io.secrets.json(report) + '\n' : renderText(report, io.style));
  if (v.report && !writeReport(v.report, io.secrets.text(renderMarkdown(report)), io)) return EXIT.usage;
  return report.findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
}

/** The diagnosis is printed already; a report that cannot be written is the user's path to fix. */
function writeReport(path: string, markdown: string, io: CommandIo): boolean {
  try {
    writeRegularFile(path, markdown);
    return true;
  } catch (e) {
    const why = e instanceof NotRegular ? 'it is not a regular file (a FIFO, socket or device)' : explainFsError(e, 'write');
    io.err(`mysql-tls-doctor diagnose: cannot write the report to ${terminalText(path)}: ${why}\n`);
    return false;
  }
}

class NotRegular extends Error {}

/**
 * Writes a regular file, or refuses: opened without blocking (a FIFO without a reader fails at
 * once, ENXIO, instead of waiting forever), then checked on the open descriptor itself, so a FIFO
 * or device put there meanwhile is refused too.
 */
function writeRegularFile(path: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK, 0o666);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENXIO') throw new NotRegular();
    throw e;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new NotRegular();
    ftruncateSync(fd, 0);
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  } finally {
    closeSync(fd);
  }
}

function fromString(text: string): Connection {
  const { connection, problems } = parseConnectionString(text);
  const problem = problems.find((p) => p.severity === 'error');
  // The string is not echoed: wherever its password sits, a message must not carry it.
  if (!connection || problem) throw new UsageError(`cannot read the connection: ${problem?.message ?? 'not a connection string'}${problem ? ` (at character ${problem.span.start + 1})` : ''}`);
  return connection;
}

/** `PATH` or `PATH:LINE`: the connection written there. */
async function fromFile(spec: string): Promise<{ connection: Connection; sourceText: string; all: Connection[] }> {
  // `s`: a path may hold a line break (a file name can); the message then shows it escaped.
  const m = /^(.*?)(?::(\d+))?$/s.exec(spec)!;
  const [file, lineText] = [m[1], m[2]];
  const text = readConnectionFile(file);
  const { connections } = await readTextAsync(file, text);
  // A connection that does not say which client opens it takes the project's (the nearest manifest).
  settleDrivers(connections, file, { project: new ProjectDrivers() });
  const index = new LineIndex(text);
  const lineOf = (c: Connection) => index.positionAt(c.span.start).line + 1;
  if (connections.length === 0) throw new UsageError(`${file}: no MySQL connection found`);
  if (lineText) {
    const line = Number(lineText);
    const hit = connections.find((c) => lineOf(c) <= line && line <= index.positionAt(c.span.end).line + 1);
    if (!hit) throw new UsageError(`${file}:${line}: no connection on that line (connections start on lines ${connections.map(lineOf).join(', ')})`);
    return { connection: readable(hit, file, lineOf), sourceText: text, all: connections };
  }
  if (connections.length > 1) throw new UsageError(`${file} has ${connections.length} connections (lines ${connections.map(lineOf).join(', ')}): add :LINE`);
  return { connection: readable(connections[0], file, lineOf), sourceText: text, all: connections };
}

/**
 * A connection whose host could not be read is refused: diagnosing it would go to localhost (the
 * default when no host is written), and a login with its password with it.
 */
function readable(c: Connection, file: string, lineOf: (c: Connection) => number): Connection {
  const problem = c.host === undefined && !c.socket ? c.problems.find((p) => p.severity === 'error') : undefined;
  if (problem) throw new UsageError(`${file}:${lineOf(c)}: cannot read the connection: ${problem.message}`);
  return c;
}

/** The file's text; a folder, a FIFO or a device is refused before it is opened (a FIFO would block). */
function readConnectionFile(file: string): string {
  const r = readLocalFile(file);
  if (r.ok) return decodeText(r.bytes);
  throw new UsageError(`cannot read ${file}: ${explainReadFailure(r)}`);
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

function applyOverrides(c: Connection, v: Values): void {
  if (v['ssl-mode'] !== undefined) c.tls.mode = sslModeOption(v['ssl-mode']);
  if (v.ca !== undefined) c.tls.ca = nonEmpty(v.ca, '--ca');
  if (v.cert !== undefined) c.tls.cert = nonEmpty(v.cert, '--cert');
  if (v.key !== undefined) c.tls.key = nonEmpty(v.key, '--key');
  if (v.cipher !== undefined) c.tls.cipher = nonEmpty(v.cipher, '--cipher');
  if (v['tls-version'] !== undefined) c.tls.tlsVersions = tlsVersionsOption(v['tls-version']);
  if (v.ca || v.cert || v.key) c.file = undefined; // paths given on the command line are relative to the working directory
}

function nonEmpty(value: string, name: string): string {
  if (!value.trim()) throw new UsageError(`${name} is empty`);
  return value;
}

function sslModeOption(text: string): SslMode {
  const mode = parseSslMode(text);
  if (!mode) throw new UsageError(unknownSslMode('--ssl-mode', text));
  return mode;
}

function tlsVersionsOption(text: string): TlsVersion[] {
  const { versions, unknown } = parseTlsVersions(text);
  if (unknown.length || !versions.length) throw new UsageError(unknownTlsVersion('--tls-version', unknown[0] ?? text));
  return versions;
}

/** `--driver-version 3.9.7`, or for the C clients the library too: `libmariadb-3.4`, `mariadb-11.4`, `mysql-8.0`. */
function applyDriverVersion(c: Connection, text: string): void {
  const version = nonEmpty(text, '--driver-version').trim();
  c.driverVersion = version;
  const parsed = parseClientVersion(version);
  if (parsed?.library) c.clientLibrary = parsed.library;
}

function driverOption(text: string): DriverId {
  if (!isDriverId(text)) throw new UsageError(`--driver must be one of ${DRIVER_IDS.join(', ')}, got '${text}'`);
  return text;
}

function passwordFor(c: Connection, envName: string | undefined, env: NodeJS.ProcessEnv): Secret | undefined {
  if (envName !== undefined) {
    // The name is never echoed: a user who typed the password itself there would see it printed.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) throw new UsageError('--password-env takes the name of an environment variable (letters, digits, _), not the password itself');
    const value = env[envName];
    if (value === undefined) throw new UsageError('--password-env names a variable that is not set (give the name of a variable holding the password, e.g. --password-env DB_PASSWORD)');
    return new Secret(value);
  }
  if (c.password) return c.password;
  return env.MYSQL_PWD !== undefined ? new Secret(env.MYSQL_PWD) : undefined;
}

export const run = runner(diagnoseCommand);
