// One connection string as typed on the command line or in a settings entry.
import type { Connection, ParseProblem } from '../model/connection';
import { readUrlAt, schemeStart } from './find';
import { applyUserinfo, locateGo, readGoDsn } from './goDsn';
import { applyHostPort } from './urlParts';
import { finish, findLastChar, isSpace, newConnection, problem, span, type ReadContext } from './text';

/**
 * One connection string as typed on the CLI or in a settings entry: any URI/JDBC/Go DSN, or
 * `host`, `host:port`, `[::1]:3307`, `user@host:port`. Problems carry spans into `text`. Never throws.
 */
export function parseConnectionString(text: string, file?: string): { connection?: Connection; problems: ParseProblem[] } {
  try {
    return parseTrimmed(text, file);
  } catch (err) {
    return { problems: [problem(`could not read the connection string (${(err as Error).name})`, 0, text.length)] };
  }
}

function parseTrimmed(text: string, file?: string): { connection?: Connection; problems: ParseProblem[] } {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  if ((text[start] === '"' || text[start] === "'") && text[end - 1] === text[start] && end - start >= 2) {
    start++;
    end--;
  }
  if (start >= end) return { problems: [problem('the connection string is empty', 0, text.length)] };
  const ctx: ReadContext = file !== undefined ? { file } : {};
  const sep = text.indexOf('://', start);
  if (sep >= 0 && sep < end) {
    if (schemeStart(text, sep, start) !== start) {
      const scheme = text.slice(start, sep);
      const shown = /^[a-z][a-z0-9+.:-]{0,30}$/i.test(scheme) ? `"${scheme}://"` : 'this scheme';
      return { problems: [problem(`${shown} is not a MySQL/MariaDB connection (expected mysql://, mariadb://, mysqlx://, jdbc:mysql://, jdbc:mariadb://)`, start, sep)] };
    }
    return done(readUrlAt(text, start, end, ctx), text, start, end);
  }
  if (locateGo(text, start, end)) return done(readGoDsn(text, start, end, ctx), text, start, end);
  return hostOnly(text, start, end, ctx);
}

function done(c: Connection | undefined, _text: string, start: number, end: number): { connection?: Connection; problems: ParseProblem[] } {
  if (!c) return { problems: [problem('the connection string could not be read', start, end)] };
  // A string on the command line: its form may name the client (jdbc:, a Go DSN...); else the mysql CLI is assumed.
  if (c.driver === 'unknown') c.driver = 'mysql-cli';
  else c.driverSource = 'dialect';
  return { connection: c, problems: c.problems };
}

/** `host`, `host:port`, `[::1]:3307`, `user@host:port`. */
function hostOnly(text: string, start: number, end: number, ctx: ReadContext) {
  for (let i = start; i < end; i++) {
    if (isSpace(text[i]) || text[i] === '/' || text[i] === '?') {
      return { problems: [problem(`unexpected "${text[i] === '/' || text[i] === '?' ? text[i] : 'space'}" at character ${i + 1}: expected host[:port], [IPv6]:port or a connection URL`, i, i + 1)] };
    }
  }
  const c = newConnection(ctx, 'cli', 'host-port', 'mysql-cli', span(start, end));
  // The last `@`: a password may hold one (`user:pa@ss@host`), a host name never does.
  const at = findLastChar(text, '@', start, end);
  if (at >= 0) applyUserinfo(text, start, at, c);
  const hp = applyHostPort(text, span(at >= 0 ? at + 1 : start, end), c);
  if (hp.socket) c.socket = hp.socket;
  if (c.host === undefined && !c.socket) return { problems: [problem('no host name given', start, end), ...c.problems] };
  return { connection: finish(c), problems: c.problems };
}
