// Go: a go-sql-driver/mysql DSN whose tls= names a tls.Config the same file registers with
// mysql.RegisterTLSConfig("name", &tls.Config{...}), read from the syntax tree as the driver's
// documentation has users write it: RootCAs a pool filled by AppendCertsFromPEM from
// os.ReadFile("ca.pem"), Certificates from tls.LoadX509KeyPair("cert", "key"), InsecureSkipVerify,
// MinVersion/MaxVersion and CipherSuites. Without that, a registered name is a configuration this
// tool cannot read (its CAs stay out of reach); the other DSNs are found by the string search.
import type { Connection, ReadResult, TlsVersion } from '../../model/connection';
import { readGoDsn, locateGo } from '../goDsn';
import { finish, span, type ReadContext } from '../text';
import { withTree, type SyntaxNode } from './grammars';

export function readGo(text: string, ctx: ReadContext): ReadResult | undefined {
  return withTree('go', text, (root) => new GoReader(text, ctx).read(root));
}

/** What a registered tls.Config sets, in the connection's terms; `complete` false when a part of it could not be read. */
interface GoTlsConfig {
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  versions?: TlsVersion[];
  ciphers?: string;
  complete: boolean;
}

const VERSIONS: Record<string, TlsVersion> = { VersionTLS10: 'TLSv1', VersionTLS11: 'TLSv1.1', VersionTLS12: 'TLSv1.2', VersionTLS13: 'TLSv1.3' };
const ORDER: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** crypto/tls's TLS 1.0-1.2 suite constants and OpenSSL's names for them (the probe speaks OpenSSL). */
const GO_SUITES: Record<string, string> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
};

class GoReader {
  /** The value each name is bound to (`x := v`, `x = v`, `var x = v`); the last one written wins. */
  private readonly bound = new Map<string, SyntaxNode>();
  /** Pool name -> the arguments of its AppendCertsFromPEM calls. */
  private readonly appended = new Map<string, SyntaxNode[]>();
  /** Registered name -> the config expression. */
  private readonly registered = new Map<string, SyntaxNode>();
  private readonly strings: SyntaxNode[] = [];

  constructor(
    private readonly text: string,
    private readonly ctx: ReadContext,
  ) {}

  read(root: SyntaxNode): ReadResult {
    const stack: SyntaxNode[] = [root];
    while (stack.length) {
      const n = stack.pop() as SyntaxNode;
      this.visit(n);
      const kids = n.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    const connections: Connection[] = [];
    for (const s of this.strings) {
      const c = this.dsn(s);
      if (c) connections.push(c);
    }
    return { connections, problems: [] };
  }

  private visit(n: SyntaxNode): void {
    switch (n.type) {
      case 'short_var_declaration':
      case 'assignment_statement':
      case 'var_spec':
        return this.bind(n);
      case 'call_expression':
        return this.call(n);
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        this.strings.push(n);
    }
  }

  private bind(n: SyntaxNode): void {
    const names = n.type === 'var_spec' ? n.childrenForFieldName('name') : (n.childForFieldName('left')?.namedChildren ?? []);
    const values = n.type === 'var_spec' ? (n.childForFieldName('value')?.namedChildren ?? []) : (n.childForFieldName('right')?.namedChildren ?? []);
    // `pem, err := os.ReadFile(...)`: one call, several names; the first name holds the value.
    names.forEach((name, i) => {
      const v = values[i] ?? (i === 0 ? values[0] : undefined);
      if (name.type === 'identifier' && v) this.bound.set(name.text, v);
    });
  }

  private call(n: SyntaxNode): void {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (fn?.type !== 'selector_expression') return;
    const field = fn.childForFieldName('field')?.text;
    const operand = fn.childForFieldName('operand');
    if (field === 'AppendCertsFromPEM' && operand?.type === 'identifier' && args[0]) {
      this.appended.set(operand.text, [...(this.appended.get(operand.text) ?? []), args[0]]);
    } else if (field === 'RegisterTLSConfig' && args.length === 2) {
      const name = this.stringValue(args[0]);
      if (name !== undefined) this.registered.set(name, args[1]);
    }
  }

  /** A DSN string whose tls= names a config registered here: read, with that config applied. */
  private dsn(s: SyntaxNode): Connection | undefined {
    if (!this.registered.size) return undefined;
    const { start, end } = contentOf(s);
    if (!locateGo(this.text, start, end)) return undefined;
    const c = readGoDsn(this.text, start, end, this.ctx);
    const name = c?.tls.profile;
    const node = name === undefined ? undefined : this.registered.get(name);
    if (!c || !node || name === undefined) return undefined;
    const config = this.config(node);
    if (!config) return undefined;
    apply(c, config, name);
    return finish(c);
  }

  /** `&tls.Config{...}`, `tls.Config{...}`, or a name bound to one. */
  private config(n: SyntaxNode, depth = 0): GoTlsConfig | undefined {
    if (depth > 4) return undefined;
    if (n.type === 'unary_expression') return this.config(n.childForFieldName('operand') ?? n, depth + 1);
    if (n.type === 'identifier') {
      const v = this.bound.get(n.text);
      return v ? this.config(v, depth + 1) : undefined;
    }
    if (n.type !== 'composite_literal' || n.childForFieldName('type')?.text !== 'tls.Config') return undefined;
    const out: GoTlsConfig = { complete: true };
    for (const e of n.childForFieldName('body')?.namedChildren ?? []) {
      if (e.type !== 'keyed_element') continue;
      const key = e.childForFieldName('key')?.text;
      const value = e.childForFieldName('value')?.namedChildren[0];
      if (key && value) this.field(out, key, value);
    }
    return out;
  }

  private field(out: GoTlsConfig, key: string, v: SyntaxNode): void {
    switch (key) {
      case 'RootCAs': {
        const ca = this.poolFile(v);
        if (ca === undefined) out.complete = false;
        else out.ca = ca;
        return;
      }
      case 'Certificates': {
        const pair = this.keyPair(v);
        if (pair) Object.assign(out, pair);
        else out.complete = false;
        return;
      }
      case 'InsecureSkipVerify':
        if (v.text === 'true' || v.text === 'false') out.insecure = v.text === 'true';
        else out.complete = false;
        return;
      case 'MinVersion':
      case 'MaxVersion': {
        const ver = VERSIONS[v.text.replace(/^tls\./, '')];
        if (!ver) {
          out.complete = false;
          return;
        }
        const [lo, hi] = out.versions ? [out.versions[0], out.versions[out.versions.length - 1]] : ['TLSv1.2', 'TLSv1.3'];
        out.versions = range(key === 'MinVersion' ? ver : (lo as TlsVersion), key === 'MaxVersion' ? ver : (hi as TlsVersion));
        return;
      }
      case 'CipherSuites': {
        const names = (v.childForFieldName('body')?.namedChildren ?? []).map((e) => GO_SUITES[e.text.replace(/^tls\./, '')]);
        if (!names.length || names.some((x) => x === undefined)) out.complete = false;
        else out.ciphers = names.join(':');
        return;
      }
      default:
        // ServerName, VerifyPeerCertificate...: checks this reader does not follow.
        out.complete = false;
    }
  }

  /** The CA file behind a pool: `pool := x509.NewCertPool()` then `pool.AppendCertsFromPEM(pem)` with `pem` read from a file. */
  private poolFile(v: SyntaxNode): string | undefined {
    if (v.type !== 'identifier') return undefined;
    const made = this.bound.get(v.text);
    if (!made || !/^x509\.NewCertPool\(\s*\)$/.test(made.text)) return undefined;
    const added = this.appended.get(v.text) ?? [];
    if (added.length !== 1 || added[0].type !== 'identifier') return undefined;
    return this.readFileArg(this.bound.get(added[0].text));
  }

  /** `os.ReadFile("path")` / `ioutil.ReadFile("path")`: the path. */
  private readFileArg(n: SyntaxNode | undefined): string | undefined {
    if (n?.type !== 'call_expression' || !/^(os|ioutil)\.ReadFile$/.test(n.childForFieldName('function')?.text ?? '')) return undefined;
    const arg = n.childForFieldName('arguments')?.namedChildren[0];
    return arg ? this.stringValue(arg) : undefined;
  }

  /** `[]tls.Certificate{pair}` with `pair, err := tls.LoadX509KeyPair("cert", "key")`. */
  private keyPair(v: SyntaxNode): { cert: string; key: string } | undefined {
    const items = v.childForFieldName('body')?.namedChildren ?? [];
    const item = items.length === 1 ? items[0].namedChildren[0] ?? items[0] : undefined;
    const call = item?.type === 'identifier' ? this.bound.get(item.text) : undefined;
    if (call?.type !== 'call_expression' || !/^tls\.LoadX509KeyPair$/.test(call.childForFieldName('function')?.text ?? '')) return undefined;
    const [cert, key] = (call.childForFieldName('arguments')?.namedChildren ?? []).map((a) => this.stringValue(a));
    return cert !== undefined && key !== undefined ? { cert, key } : undefined;
  }

  private stringValue(n: SyntaxNode): string | undefined {
    if (n.type === 'raw_string_literal') return n.text.slice(1, -1);
    if (n.type !== 'interpreted_string_literal' || n.text.includes('\\')) return undefined;
    return n.text.slice(1, -1);
  }
}

function contentOf(s: SyntaxNode): { start: number; end: number } {
  return span(s.startIndex + 1, Math.max(s.startIndex + 1, s.endIndex - 1));
}

function range(lo: TlsVersion, hi: TlsVersion): TlsVersion[] {
  return ORDER.slice(ORDER.indexOf(lo), ORDER.indexOf(hi) + 1);
}

/** The registered config in the connection's terms: the tls.Config is read, nothing is out of reach. */
function apply(c: Connection, config: GoTlsConfig, name: string): void {
  if (!config.complete) return; // a part it could not read: the config stays a name this tool cannot read
  delete c.tls.profile;
  (c.origins ??= {}).profile = `the tls.Config registered as "${name}" in this file (mysql.RegisterTLSConfig)`;
  // The files are written in Go code, not in the DSN: no DSN parameter stands for them (a quick
  // fix must not write a path into tls=).
  if (config.insecure) {
    c.tls.mode = 'REQUIRED';
    c.tls.verifyServerCert = false;
  } else c.tls.mode = 'VERIFY_IDENTITY';
  for (const f of ['ca', 'cert', 'key'] as const) {
    const v = config[f];
    if (v !== undefined) c.tls[f] = v;
  }
  if (config.versions?.length) c.tls.tlsVersions = config.versions;
  if (config.ciphers) c.tls.cipher = config.ciphers;
}
