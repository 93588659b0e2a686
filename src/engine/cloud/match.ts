import type { CertSummary } from '../model/report';
import { CLOUD_PROVIDERS, CLOUD_SQL_ISSUER_MARK, CLOUD_SQL_PROVIDER, type CloudProvider } from './providers';

/** The managed service a host name belongs to, by its DNS suffix; undefined for anything else. */
export function cloudProviderFor(host: string): CloudProvider | undefined {
  if (typeof host !== 'string' || host.length === 0 || host.length > 253) return undefined;
  const name = host.toLowerCase().replace(/\.$/, '');
  return CLOUD_PROVIDERS.find((p) => p.hostSuffixes.some((s) => name.endsWith(s) && name.length > s.length));
}

/** A provider recognised from the server's chain (Cloud SQL reached by IP address). */
export function cloudProviderForChain(chain: readonly CertSummary[] | undefined): CloudProvider | undefined {
  if (!chain) return undefined;
  const signedByCloudSql = chain.some((c) => c.issuer.includes(CLOUD_SQL_ISSUER_MARK) || c.subject.includes(CLOUD_SQL_ISSUER_MARK));
  return signedByCloudSql ? CLOUD_SQL_PROVIDER : undefined;
}
