// Edits an ADO.NET connection string in place: a key's value replaced (its spelling kept: SslMode
// values as MySqlConnector and Connector/NET name them), a missing key appended to the string
// (`;SslMode=VerifyFull`), backslashes escaped again where the string escapes them (JSON, C#).
import type { Connection, ParamLocation, SslMode } from '../../model/connection';
import { badHost, fail, type EditResult, type ParamChange } from './common';

const MODE_NAMES: Record<SslMode, string> = { DISABLED: 'None', PREFERRED: 'Preferred', REQUIRED: 'Required', VERIFY_CA: 'VerifyCA', VERIFY_IDENTITY: 'VerifyFull' };
const KEYS = { mode: 'SslMode', ca: 'SslCa', cert: 'SslCert', key: 'SslKey', host: 'Server', tlsVersions: 'TlsVersion' } as const;

export function dotnetEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  let value: string;
  if (change.param === 'mode') value = MODE_NAMES[change.value];
  else if (change.param === 'tlsVersions') value = change.value.join(',');
  else {
    if (change.param === 'host') {
      const bad = badHost(change.value);
      if (bad) return fail(bad);
    }
    if (/[;"']/.test(change.value)) return fail(`a ${change.param} with ; or a quote cannot be written into this connection string`);
    value = escaped(text, conn) ? change.value.replace(/\\/g, '\\\\') : change.value;
  }
  const loc: ParamLocation | undefined = conn.params[change.param];
  if (loc) return { edits: [{ span: loc.valueSpan, newText: value }] };
  const { start, end } = conn.span;
  let at = end;
  while (at > start && text[at - 1] === ' ') at--;
  const lead = at > start && text[at - 1] !== ';' ? ';' : '';
  return { edits: [{ span: { start: at, end: at }, newText: `${lead}${KEYS[change.param]}=${value}` }] };
}

/** A JSON or C# regular string: backslashes are written doubled there. */
function escaped(text: string, conn: Connection): boolean {
  const q = text[conn.span.start - 1];
  return (q === '"' || q === "'") && text[conn.span.start - 2] !== '@';
}
