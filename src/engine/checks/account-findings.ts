import type { EffectiveTls } from '../drivers/types';
import { finding, type Finding, type Fix } from '../model/finding';
import type { AccountCheck } from './account';

/**
 * `account-requires-tls` when the account (REQUIRE SSL/X509/…) or the server
 * (require_secure_transport) demands TLS and this client will not use it. The server then
 * answers with 1045 "Access denied" (MariaDB) or 3159 (MySQL 8), which looks like a wrong password.
 */
export function accountFindings(check: AccountCheck, eff: EffectiveTls): Finding[] {
  const reasons = requireReasons(check);
  if (reasons.length === 0 || eff.useTls !== 'never') return [];
  const refused = check.plaintextRefused;
  return [
    finding(
      'account-requires-tls',
      `The ${subject(check)} requires TLS, but this client does not use it`,
      [
        `${reasons.join('; ')}.`,
        refused
          ? `A plaintext login was refused with error ${refused.errno} ("${refused.message}") while the same login over TLS works: it is not a wrong password.`
          : 'A plaintext login is refused with error 1045 "Access denied" on MariaDB (3159 on MySQL 8 for require_secure_transport), which looks like a wrong password but is not.',
        `This client's effective mode is ${eff.mode}${eff.notes.length ? ` (${eff.notes[0]})` : ''}.`,
        `Turn TLS on in the client: ${eff.secureSetting}`,
      ].join('\n'),
      evidence(check, eff),
      fixes(check),
      'mode',
    ),
  ];
}

function requireReasons(check: AccountCheck): string[] {
  const out: string[] = [];
  const req = check.accountRequire?.trim();
  if (req && req.toUpperCase() !== 'NONE') out.push(`the account has REQUIRE ${req}`);
  if (isOn(check.variables?.require_secure_transport)) out.push('the server has require_secure_transport=ON');
  if (out.length === 0 && check.plaintextRefused) out.push('the server refuses this account in plaintext');
  return out;
}

function isOn(v: string | undefined): boolean {
  return v !== undefined && (v.toUpperCase() === 'ON' || v === '1');
}

function subject(check: AccountCheck): string {
  const req = check.accountRequire?.trim().toUpperCase();
  return req && req !== 'NONE' ? 'account' : 'server';
}

function evidence(check: AccountCheck, eff: EffectiveTls): Record<string, unknown> {
  const e: Record<string, unknown> = { clientMode: eff.mode, useTls: eff.useTls };
  if (check.accountRequire) e.accountRequire = check.accountRequire;
  if (check.variables?.require_secure_transport) e.requireSecureTransport = check.variables.require_secure_transport;
  if (check.plaintextRefused) e.plaintextRefused = check.plaintextRefused;
  if (check.account) e.account = check.account;
  return e;
}

function fixes(check: AccountCheck): Fix[] {
  const out: Fix[] = [
    { kind: 'set-ssl-mode', title: 'Use TLS and verify the server (VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true },
    { kind: 'set-ssl-mode', title: 'Use TLS (REQUIRED)', mode: 'REQUIRED', givesUp: 'the server certificate is not checked' },
  ];
  const req = check.accountRequire?.trim().toUpperCase();
  if (req && req !== 'NONE') {
    out.push({
      kind: 'server-change',
      title: 'Drop the account\'s TLS requirement (not recommended: gives up encryption)',
      commands: [`ALTER USER ${quotedAccount(check.account)} REQUIRE NONE;`],
    });
  }
  if (isOn(check.variables?.require_secure_transport)) {
    out.push({
      kind: 'server-change',
      title: 'Allow plaintext on the server (not recommended)',
      commands: ['SET GLOBAL require_secure_transport = OFF;'],
    });
  }
  return out;
}

/** `user@host` from CURRENT_USER() as `'user'@'host'`; placeholders when unknown. */
export function quotedAccount(account: string | undefined): string {
  if (!account) return "'user'@'host'";
  const at = account.lastIndexOf('@');
  const user = at < 0 ? account : account.slice(0, at);
  const host = at < 0 ? '%' : account.slice(at + 1);
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `${q(user)}@${q(host)}`;
}
