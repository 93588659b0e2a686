import type { X509Certificate } from 'node:crypto';
import { dn, isoDate, parseCertDate } from './x509';

export interface DateIssue {
  /** Position in the chain given (0 = leaf). */
  index: number;
  kind: 'expired' | 'not-yet-valid' | 'expiring-soon';
  subject: string;
  notBefore: string;
  notAfter: string;
  /** Whole days: since expiry, until validity starts, or until expiry. */
  days: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** At most one issue per certificate: outside its validity, or expiring within `warnDays`. */
export function checkDates(chain: X509Certificate[], now: Date, warnDays: number): DateIssue[] {
  const issues: DateIssue[] = [];
  chain.forEach((cert, index) => {
    const issue = dateIssue(cert, now, warnDays);
    if (issue) issues.push({ index, ...issue });
  });
  return issues;
}

function dateIssue(cert: X509Certificate, now: Date, warnDays: number): Omit<DateIssue, 'index'> | undefined {
  const from = parseCertDate(cert.validFrom);
  const to = parseCertDate(cert.validTo);
  const base = { subject: dn(cert.subject), notBefore: isoDate(from), notAfter: isoDate(to) };
  const t = now.getTime();
  if (from.getTime() > t) return { ...base, kind: 'not-yet-valid', days: Math.ceil((from.getTime() - t) / DAY_MS) };
  if (to.getTime() < t) return { ...base, kind: 'expired', days: Math.floor((t - to.getTime()) / DAY_MS) };
  const left = to.getTime() - t;
  if (left < warnDays * DAY_MS) return { ...base, kind: 'expiring-soon', days: Math.floor(left / DAY_MS) };
  return undefined;
}
