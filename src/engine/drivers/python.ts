import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, result, versionsOf } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * PyMySQL (pymysql/connections.py, 1.0/1.1), two ways to ask for TLS:
 * - the ssl dict: a CA makes it check the chain and the host name (check_hostname defaults to
 *   True, and is forced off without a CA); without a CA nothing is checked; verify_mode is read
 *   only as a bool or a string ("required", "none"...);
 * - the ssl_* keywords: when any of ssl_ca, ssl_cert, ssl_key, ssl_verify_cert or
 *   ssl_verify_identity is truthy they REPLACE the ssl dict with {ca: ssl_ca, check_hostname:
 *   bool(ssl_verify_identity), verify_mode: ssl_verify_cert or False}: ssl_ca alone checks nothing.
 * A SQLAlchemy URL puts ssl_ca, ssl_cert, ssl_key, ssl_capath, ssl_cipher and ssl_check_hostname in
 * the dict and passes every other key as a keyword string ("false" included, which Python reads as
 * true). Either way TLS is used only when the server offers it.
 */
export function pymysqlTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = pymysqlBehaviour(conn, notes);
  const dropped = keywordsReplaceUrlDict(conn) ? (['ca', 'capath', 'cert', 'key'] as const).filter((f) => tls[f] !== undefined) : [];
  const ca = b.verifyChain && (tls.ca !== undefined || tls.capath !== undefined) && !dropped.length;
  const eff = result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "Python's ssl module with OpenSSL 3 (PyMySQL asks for TLSv1+, OpenSSL refuses below 1.2)", notes),
    caSource: ca ? 'file' : b.verifyChain ? 'system' : 'none',
    notes,
    secureSetting: `ssl={"ca": "${caPathFor(tls)}"} (or ssl_ca=..., ssl_verify_cert=True, ssl_verify_identity=True)`,
  });
  if (dropped.length) eff.unusedFiles = [...dropped];
  const refused = refusedByPython(conn);
  if (refused) eff.refusedBeforeConnecting = refused;
  return eff;
}

/**
 * PyMySQL sets check_hostname before verify_mode, and Python refuses CERT_NONE while
 * check_hostname is on ("Cannot set verify_mode to CERT_NONE when check_hostname is enabled"):
 * a CA with ssl_verify_identity=True but no ssl_verify_cert=True, or a dict CA with verify_mode False.
 */
function refusedByPython(conn: Connection): EffectiveTls['refusedBeforeConnecting'] {
  const why = (what: string) =>
    `${what}: PyMySQL turns check_hostname on and verify_mode off, which Python refuses before connecting (ValueError: Cannot set verify_mode to CERT_NONE when check_hostname is enabled)`;
  if (conn.tls.mode === 'DISABLED') return undefined;
  const kw = (Object.keys(KEYWORDS) as KeywordField[]).some((f) => truthyKeyword(conn, f));
  if (kw) {
    const verify = asKeyword(conn, 'verifyServerCert') && conn.tls.verifyServerCert === true;
    if (asKeyword(conn, 'ca') && truthyKeyword(conn, 'verifyIdentity') && !verify) {
      return { why: why('ssl_ca with ssl_verify_identity=True but without ssl_verify_cert=True'), param: 'verifyServerCert' };
    }
    return undefined;
  }
  const hasCa = conn.tls.ca !== undefined || conn.tls.capath !== undefined;
  const verifyMode = asKeyword(conn, 'verifyServerCert') ? undefined : conn.tls.verifyServerCert;
  const checkHostname = asKeyword(conn, 'verifyIdentity') ? undefined : conn.tls.verifyIdentity;
  if (hasCa && verifyMode === false && checkHostname !== false) return { why: why('a CA in the ssl dict with verify_mode False'), param: 'verifyServerCert' };
  return undefined;
}

/** What PyMySQL ends up with: TLS asked for, the CA it loads, the two checks. */
interface PyMySqlSsl {
  on: boolean;
  hasCa: boolean;
  verify: boolean;
  checkHostname: boolean;
}

function pymysqlBehaviour(conn: Connection, notes: string[]): TlsBehaviour {
  if (conn.tls.mode === 'DISABLED') return MODE_BEHAVIOUR.DISABLED;
  const s = keywordSsl(conn, notes) ?? dictSsl(conn, notes);
  if (!s.on) {
    notes.push('PyMySQL uses no TLS unless an ssl option (ssl=, ssl_ca=...) is given; it has no PREFERRED.');
    return MODE_BEHAVIOUR.DISABLED;
  }
  if (!s.verify) notes.push('PyMySQL accepts any certificate here (verify_mode is CERT_NONE).');
  else if (!s.checkHostname) notes.push(s.hasCa ? 'PyMySQL checks the chain, not the host name (check_hostname is off).' : 'PyMySQL checks the chain against the system CAs; without a CA file it never checks the host name.');
  // Recorded on the lab (PyMySQL 1.0): with any ssl option, a server without TLS is used in plaintext, silently.
  notes.push('PyMySQL starts TLS only when the server offers it: against a server without TLS it connects in plaintext, silently, whatever ssl says.');
  return { useTls: 'if-offered', verifyChain: s.verify, verifyHostname: s.verify && s.checkHostname };
}

const KEYWORDS = { ca: 'ssl_ca', cert: 'ssl_cert', key: 'ssl_key', verifyServerCert: 'ssl_verify_cert', verifyIdentity: 'ssl_verify_identity' } as const;
type KeywordField = keyof typeof KEYWORDS;

/**
 * Not a pymysql.connect(...) call: a SQLAlchemy URL (in .env, settings, create_engine), whose file
 * keys go into the ssl dict. create_engine's connect_args={'ssl_ca': ...} would be keywords, but
 * its params cannot be told from the URL's: they are read as the URL's (connect_args={'ssl': {...}}
 * is the documented form).
 */
function fromSqlalchemyUrl(conn: Connection): boolean {
  return !(conn.dialect === 'python' && conn.form === 'pymysql-connect');
}

/** The field reached PyMySQL as its own ssl_* keyword (not inside the ssl dict). */
function asKeyword(conn: Connection, field: KeywordField): boolean {
  if (conn.params[field]?.key.toLowerCase() !== KEYWORDS[field]) return false;
  return !fromSqlalchemyUrl(conn) || field === 'verifyServerCert' || field === 'verifyIdentity';
}

/** Python's truth of the keyword's value: a URL passes strings (any is true), code passes bools. */
function truthyKeyword(conn: Connection, field: KeywordField): boolean {
  if (!asKeyword(conn, field)) return false;
  if (field === 'verifyServerCert' || field === 'verifyIdentity') return fromSqlalchemyUrl(conn) || conn.tls[field] === true;
  return conn.tls[field] !== '';
}

/** ssl_verify_cert / ssl_verify_identity in a SQLAlchemy URL replace the dict its ssl_ca went into. */
function keywordsReplaceUrlDict(conn: Connection): boolean {
  return fromSqlalchemyUrl(conn) && (truthyKeyword(conn, 'verifyServerCert') || truthyKeyword(conn, 'verifyIdentity'));
}

function keywordSsl(conn: Connection, notes: string[]): PyMySqlSsl | undefined {
  const fields = (Object.keys(KEYWORDS) as KeywordField[]).filter((f) => truthyKeyword(conn, f));
  if (!fields.length) return undefined;
  const hasCa = asKeyword(conn, 'ca');
  if (keywordsReplaceUrlDict(conn) && conn.tls.ca !== undefined) {
    notes.push(
      'SQLAlchemy puts ssl_ca into PyMySQL\'s ssl dict but passes ssl_verify_cert/ssl_verify_identity as keywords, and PyMySQL then ' +
        'replaces the ssl dict with one built from its keywords: the CA file is not used (the system CAs are).',
    );
  }
  const verify = asKeyword(conn, 'verifyServerCert') && conn.tls.verifyServerCert === true;
  if (hasCa && !verify) notes.push('ssl_ca without ssl_verify_cert=True: PyMySQL encrypts but checks nothing (verify_mode defaults to False in the keyword form).');
  return { on: true, hasCa, verify, checkHostname: hasCa && fields.includes('verifyIdentity') };
}

/** The ssl dict (or a URL's ssl_ca/ssl_check_hostname, or a mode from elsewhere). */
function dictSsl(conn: Connection, notes: string[]): PyMySqlSsl {
  const tls = conn.tls;
  const hasCa = tls.ca !== undefined || tls.capath !== undefined;
  const fromDict = (f: 'verifyServerCert' | 'verifyIdentity') => !asKeyword(conn, f);
  const verifyMode = fromDict('verifyServerCert') ? tls.verifyServerCert : undefined;
  const checkHostname = fromDict('verifyIdentity') ? tls.verifyIdentity : undefined;
  const modeAsks = tls.mode === 'REQUIRED' || tls.mode === 'VERIFY_CA' || tls.mode === 'VERIFY_IDENTITY';
  const on = modeAsks || hasCa || tls.cert !== undefined || tls.key !== undefined || tls.cipher !== undefined || verifyMode !== undefined || checkHostname !== undefined;
  const verify = verifyMode ?? (hasCa || tls.mode === 'VERIFY_CA' || tls.mode === 'VERIFY_IDENTITY');
  if (verifyMode === undefined && hasCa) notes.push('A CA in the ssl dict makes PyMySQL check the chain and the host name (check_hostname defaults to True).');
  return { on, hasCa, verify, checkHostname: hasCa && checkHostname !== false && tls.mode !== 'VERIFY_CA' };
}

/**
 * MySQL Connector/Python: tries TLS by default and falls back to plaintext (like PREFERRED);
 * ssl_disabled=True turns it off; ssl_verify_cert and ssl_verify_identity default to False.
 */
export function connectorPythonTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  if (tls.mode === undefined) {
    notes.push('Connector/Python tries TLS by default and falls back to plaintext when the server offers none.');
  }
  const base = MODE_BEHAVIOUR[tls.mode ?? 'PREFERRED'];
  const verifyChain = base.useTls !== 'never' && (tls.verifyServerCert ?? base.verifyChain);
  const verifyHostname = verifyChain && (tls.verifyIdentity ?? base.verifyHostname);
  if (base.useTls !== 'never' && tls.verifyServerCert === undefined && !base.verifyChain) {
    notes.push('ssl_verify_cert defaults to False: the certificate is not checked.');
  }
  if (verifyChain && tls.ca === undefined) {
    notes.push('ssl_verify_cert=True checks against the ssl_ca file: set ssl_ca to the CA that issued the server certificate.');
  }
  const b: TlsBehaviour = { useTls: base.useTls, verifyChain, verifyHostname };
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, 'Connector/Python 8.0.28+ offers', notes),
    caSource: tls.ca !== undefined ? 'file' : 'none',
    notes,
    secureSetting: `ssl_ca="${caPathFor(tls)}", ssl_verify_cert=True, ssl_verify_identity=True`,
  });
}
