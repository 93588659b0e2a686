import type { SslMode } from '../../engine/model/connection';
import type { Fix } from '../../engine/model/finding';

const STRENGTH: Record<SslMode, number> = { DISABLED: 0, PREFERRED: 1, REQUIRED: 2, VERIFY_CA: 3, VERIFY_IDENTITY: 4 };

const GIVES_UP: Record<SslMode, string> = {
  DISABLED: 'encryption',
  PREFERRED: 'guaranteed encryption and server verification',
  REQUIRED: 'server certificate verification',
  VERIFY_CA: 'the host name check',
  VERIFY_IDENTITY: '',
};

/**
 * What a fix gives up in security, or undefined when it gives up nothing. A downgrade is never
 * the preferred quick fix, and its title must say this.
 */
export function givesUp(fix: Fix, currentMode: SslMode | undefined): string | undefined {
  if (fix.kind === 'set-ssl-mode') {
    if (fix.givesUp) return fix.givesUp;
    if (currentMode === undefined) return fix.mode === 'VERIFY_IDENTITY' ? undefined : GIVES_UP[fix.mode] || undefined;
    return STRENGTH[fix.mode] < STRENGTH[currentMode] ? GIVES_UP[fix.mode] : undefined;
  }
  if (fix.kind === 'set-tls-versions' && fix.versions.some((v) => v === 'TLSv1' || v === 'TLSv1.1')) {
    return 'modern TLS (allows the deprecated TLS 1.0/1.1)';
  }
  return undefined;
}

/** The fix's title, with what it gives up appended unless the engine's title says it already. */
export function actionTitle(fix: Fix, lost: string | undefined): string {
  if (!lost || /gives? up/i.test(fix.title)) return fix.title;
  return `${fix.title} (gives up ${lost})`;
}
