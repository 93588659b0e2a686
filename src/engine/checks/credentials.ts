/**
 * Where a password may go. The tool is handed a password to explain a failing connection; it must
 * never send it where the connection's own client would not: to a server whose certificate that
 * client refuses, or in plaintext where it requires TLS. One rule, used by every face (CLI and
 * extension alike, through diagnose): `loginPlan` says beforehand what a login will be (for the
 * extension's prompts), `loginDecision` decides after the probe whether and how it is attempted.
 */
import type { HostRules } from '../certs/hostname';
import { hostRules, trustOutOfReach } from './chain';
import { effectiveTls, localSocketOf } from '../drivers/effective';
import type { EffectiveTls } from '../drivers/types';
import { DEFAULT_PORT, formatHost, type Connection } from '../model/connection';

/** How a login carries the password. */
export type LoginChannel =
  /** TLS, the server's certificate checked as this client checks it (chain, and host name where it checks it). */
  | 'verified-tls'
  /** TLS without checks of the certificate: what this client does (REQUIRED, PREFERRED...). */
  | 'tls'
  /** No TLS: only where the client itself goes without TLS. */
  | 'plaintext';

/** How a TLS login checks the server's certificate; mysql2 refuses a failing server before any auth data. */
export interface LoginVerification {
  chain: boolean;
  host: boolean;
  /** Whose rules decide the host name (the client's library). */
  hostRules: HostRules;
}

export type LoginDecision =
  | { attempt: true; channel: 'verified-tls' | 'tls'; verify: LoginVerification; thenPlaintext: boolean }
  | { attempt: true; channel: 'plaintext' }
  | { attempt: false; reason: string };

/** What the probe saw of the server, for the decision. */
export interface ServerSeen {
  offersTls: boolean;
  /** A handshake with this client's own versions and ciphers completed. */
  clientHandshakeOk: boolean;
  /** The chain leads to the CA this client trusts and every certificate on the path is in date; undefined: not judged. */
  chainTrusted?: boolean;
  /** Why the chain is not trusted, in one sentence. */
  chainProblem?: string;
  /** The leaf names the host by this client's rules; undefined: no certificate seen. */
  hostMatches?: boolean;
  /** The CA file the connection names could not be loaded. */
  caFileBroken?: boolean;
  /** The client trusts a CA directory (ssl-capath) and no CA file: this tool does not read such a directory. */
  caDirectoryOnly?: boolean;
}

/**
 * After the probe: whether a login may be attempted, and over what. The password goes only where
 * this client would send it: over TLS to a server its checks accept, in plaintext only where it
 * would go without TLS itself.
 */
export function loginDecision(eff: EffectiveTls, seen: ServerSeen): LoginDecision {
  const verify: LoginVerification = { chain: eff.verifyChain, host: eff.verifyHostname, hostRules: hostRules(eff) };
  if (eff.useTls === 'never') {
    // The client sends its password in plaintext; TLS without checks exposes it to no one more.
    return seen.offersTls
      ? { attempt: true, channel: 'tls', verify: { ...verify, chain: false, host: false }, thenPlaintext: true }
      : { attempt: true, channel: 'plaintext' };
  }
  if (!seen.offersTls) {
    if (eff.useTls === 'if-offered') return { attempt: true, channel: 'plaintext' };
    return { attempt: false, reason: `the server offers no TLS, and this connection requires it (${eff.mode}): the client would not send its password, so neither does this tool` };
  }
  const refusal = tlsRefusal(eff, seen);
  if (refusal) return { attempt: false, reason: refusal };
  return { attempt: true, channel: verify.chain || verify.host ? 'verified-tls' : 'tls', verify, thenPlaintext: false };
}

/** Why this client would stop before sending its password over TLS, or undefined when it would not. */
function tlsRefusal(eff: EffectiveTls, seen: ServerSeen): string | undefined {
  const stop = 'the client would stop before sending its password, so this tool does too';
  if (!seen.clientHandshakeOk) return `no TLS handshake with this client's own settings completes: ${stop}`;
  if (eff.verifyChain) {
    if (trustOutOfReach(eff)) {
      return `the CAs this client trusts are in ${eff.caSource === 'truststore' ? 'a Java trust store' : 'a named TLS configuration'} this tool cannot read, so it cannot check the server as the client would`;
    }
    if (seen.caFileBroken) return `the CA file this connection names cannot be loaded: ${stop}`;
    if (seen.caDirectoryOnly) return 'the CAs this client trusts are in a CA directory (ssl-capath), which this tool does not read, so it cannot check the server as the client would';
    if (seen.chainTrusted === undefined) return 'the server\'s certificate could not be checked against the CA this client trusts';
    if (!seen.chainTrusted) return `the server's certificate fails this client's check (${eff.mode})${seen.chainProblem ? `: ${seen.chainProblem}` : ''}; ${stop}`;
  }
  if (eff.verifyHostname && seen.hostMatches !== true) {
    return seen.hostMatches === false
      ? `the server's certificate is not issued for the host name this client checks (${eff.mode}): ${stop}`
      : 'the server presented no certificate to check the host name against';
  }
  return undefined;
}

/** Before the probe: what a login for this connection would be. */
export interface LoginPlan {
  /** host:port the password would be sent to. */
  where: string;
  user: string;
  /** One sentence: over what, and on what condition. */
  how: string;
}

/** What a login for this connection would be, or undefined when none would be made (no user, a local socket). */
export function loginPlan(conn: Connection, eff: EffectiveTls): LoginPlan | undefined {
  if (!conn.user || localSocketOf(conn, eff.driver)) return undefined;
  const where = `${formatHost(conn.host ?? 'localhost')}:${conn.port ?? DEFAULT_PORT}`;
  return { where, user: conn.user, how: channelWords(eff) };
}

function channelWords(eff: EffectiveTls): string {
  if (eff.useTls === 'never') return `over TLS without checking the certificate when the server offers it, else in plaintext, as this client (${eff.mode}) sends its password in plaintext anyway`;
  if (eff.useTls === 'if-offered' && !eff.verifyChain) return `over TLS when the server offers it (the certificate is not checked, as with ${eff.mode}), in plaintext when it offers none, as this client would`;
  const checks = eff.verifyChain && eff.verifyHostname ? 'its certificate is issued by the CA this connection trusts, for this host name'
    : eff.verifyChain ? 'its certificate is issued by the CA this connection trusts'
    : eff.verifyHostname ? 'its certificate is issued for this host name' : '';
  if (!checks) return `over TLS only (the certificate is not checked, as with ${eff.mode}); never in plaintext`;
  // PREFERRED with a CA (PyMySQL, the MariaDB client's --ssl-ca): checked TLS when offered, plaintext when not.
  if (eff.useTls === 'if-offered') return `over verified TLS when the server offers TLS, only when ${checks} (${eff.mode}); in plaintext when it offers none, as this client would; never to a server this client would refuse`;
  return `over verified TLS only, when ${checks} (${eff.mode}); never in plaintext, never to a server this client would refuse`;
}

/** "A login as app will be attempted at db:3306 over verified TLS only, when …"; `ifKnown`: the password may not be known yet. */
export function describeLogin(plan: LoginPlan, ifKnown = false): string {
  const sentence = `a login as ${plan.user} will be attempted at ${plan.where} ${plan.how}.`;
  return ifKnown ? `If its password is known, ${sentence}` : `A${sentence.slice(1)}`;
}

/**
 * What the extension says before connecting (password prompt, "connect once" dialog), from this
 * same rule; undefined when no login would be made (no user, a local socket).
 */
export function loginNotice(conn: Connection, ifKnown = false): string | undefined {
  const plan = loginPlan(conn, effectiveTls(conn));
  return plan ? describeLogin(plan, ifKnown) : undefined;
}
