import type { EffectiveTls } from '../drivers/types';
import type { TlsSettings } from '../model/connection';
import { finding, type Finding, type Fix } from '../model/finding';
import type { CertSummary } from '../model/report';
import { cloudProviderFor, cloudProviderForChain } from './match';
import type { CloudProvider } from './providers';

/**
 * `cloud-ca-bundle` (info) when a cloud host is used without that provider's CA: no CA is
 * configured and either the provider's roots are not public or the client checks nothing.
 * `chain` (optional) lets a bare IP be recognised as Cloud SQL from its server CA.
 */
export function cloudFinding(host: string, tls: TlsSettings, eff: EffectiveTls, chain?: readonly CertSummary[]): Finding | undefined {
  const provider = cloudProviderFor(host) ?? cloudProviderForChain(chain);
  if (!provider || !needsAdvice(provider, tls, eff)) return undefined;
  return finding(
    'cloud-ca-bundle',
    `${provider.name}: configure its CA${eff.verifyChain ? '' : ' and turn verification on'}`,
    detail(provider, eff),
    { provider: provider.id, providerName: provider.name, caSource: eff.caSource, verifyChain: eff.verifyChain, docsUrl: provider.docsUrl },
    fixes(provider, eff),
    'ca',
  );
}

function needsAdvice(p: CloudProvider, tls: TlsSettings, eff: EffectiveTls): boolean {
  const caConfigured = [tls.ca, tls.capath, tls.profile, tls.trustStore].some((v) => v !== undefined && v !== '');
  if (caConfigured && eff.verifyChain) return false;
  if (p.systemRoots && eff.verifyChain && eff.caSource === 'system') return false;
  return true;
}

function detail(p: CloudProvider, eff: EffectiveTls): string {
  const now =
    eff.useTls === 'never'
      ? 'This client does not use TLS at all here.'
      : eff.verifyChain
        ? 'This client checks the certificate, but no CA for this provider is configured.'
        : `This client (${eff.mode}) does not check the server certificate, so anyone in the path could impersonate the database.`;
  return `${now}\n${p.caAdvice}\nThen use: ${eff.secureSetting}\nDocs: ${p.docsUrl}`;
}

function fixes(p: CloudProvider, eff: EffectiveTls): Fix[] {
  const out: Fix[] = [];
  if (p.caFileName) out.push({ kind: 'set-ca', title: `Use ${p.name}'s CA (${p.caFileName})`, path: p.caFileName, preferred: true });
  if (p.download) out.push({ kind: 'manual', title: `Download ${p.name}'s CA`, commands: p.download });
  if (!eff.verifyChain || eff.useTls !== 'required') {
    // Cloud SQL's per-instance certificates do not name the IP, so the host check cannot pass there.
    const mode = p.id === 'gcp-cloud-sql' ? 'VERIFY_CA' : 'VERIFY_IDENTITY';
    out.push({ kind: 'set-ssl-mode', title: `Require TLS and verify (${mode})`, mode });
  }
  return out;
}
