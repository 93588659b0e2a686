// Pieces every writer uses: the change type, results, query-string edits and value spellings.
import type { SslMode, TlsVersion } from '../../model/connection';
import type { Span, TextEdit } from '../../model/span';
import type { QueryParam } from '../urlParts';
import { percentEncode } from '../text';

/** A change a quick fix wants. */
export type ParamChange =
  | { param: 'mode'; value: SslMode }
  | { param: 'ca' | 'cert' | 'key'; value: string }
  | { param: 'host'; value: string }
  | { param: 'tlsVersions'; value: TlsVersion[] };

export type EditResult = { edits: TextEdit[] } | { error: string };

export const fail = (error: string): EditResult => ({ error });

/** Host names, IPv4 and IPv6 addresses; anything else would break the string it goes into. */
export function badHost(host: string): string | undefined {
  if (!host || !/^[A-Za-z0-9._:%-]+$/.test(host)) return `"${host.slice(0, 60)}" is not a host name or IP address`;
  return undefined;
}

/** Query-string edits: replace values in place, put all new pairs in one insertion. */
export class QueryEdits {
  readonly edits: TextEdit[] = [];
  private readonly added: string[] = [];

  constructor(
    private readonly text: string,
    private readonly query: QueryParam[],
    /** Where the query ends (or where `?` would go), and whether a `?` is already there. */
    private readonly end: number,
    private readonly hasQuery: boolean,
  ) {}

  find(...keys: string[]): QueryParam | undefined {
    for (let i = this.query.length - 1; i >= 0; i--) if (keys.includes(this.query[i].key)) return this.query[i];
    return undefined;
  }

  /** Sets the last parameter named by one of `keys`, or adds `writeKey=value`. `value` is already encoded. */
  set(keys: string[], writeKey: string, value: string): void {
    const qp = this.find(...keys);
    if (qp) this.replace(qp.valueSpan, wrapLike(this.text.slice(qp.valueSpan.start, qp.valueSpan.end), value));
    else this.added.push(`${writeKey}=${value}`);
  }

  replace(span: Span, newText: string): void {
    this.edits.push({ span, newText });
  }

  /** Takes every parameter named `key` out, with the `&` that joins it to its neighbour. */
  remove(key: string): void {
    for (const qp of this.query) {
      if (qp.key !== key) continue;
      const before = this.text[qp.span.start - 1] === '&';
      const after = this.text[qp.span.end] === '&';
      const span = before ? { start: qp.span.start - 1, end: qp.span.end } : { start: qp.span.start, end: qp.span.end + (after ? 1 : 0) };
      this.edits.push({ span, newText: '' });
    }
  }

  result(): EditResult {
    if (this.added.length) {
      const last = this.text[this.end - 1];
      const lead = !this.hasQuery ? '?' : last === '?' || last === '&' ? '' : '&';
      this.edits.push({ span: { start: this.end, end: this.end }, newText: lead + this.added.join('&') });
    }
    return { edits: this.edits };
  }
}

/** MySQL Shell writes `ssl-ca=(/path)`: keep the parentheses when the old value had them. */
function wrapLike(old: string, value: string): string {
  if (old.startsWith('(') && old.endsWith(')')) return `(${decodeURIComponentSafe(value)})`;
  return value;
}

function decodeURIComponentSafe(v: string): string {
  try {
    const d = decodeURIComponent(v);
    return d.includes(')') ? v : d;
  } catch {
    return v;
  }
}

export const encodeValue = (v: string): string => percentEncode(v);

/** Java key/trust stores (not PEM). */
export function isKeyStore(path: string): boolean {
  return /\.(jks|p12|pfx|jceks|bcfks|keystore|truststore)$/i.test(path);
}

export function versionsList(v: TlsVersion[]): string {
  return v.join(',');
}
