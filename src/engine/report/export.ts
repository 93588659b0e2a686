// A report on its way out of this machine (a ticket, a chat): the paths of this machine written
// relative to the project, the home folder as `~`, and when the diagnosis ran.
import { sep } from 'node:path';
import type { DiagnosisReport } from '../model/report';

export interface ExportPlace {
  /** The project folder: paths inside it are written relative to it. */
  project?: string;
  /** The user's home folder: paths under it are written `~/…`. */
  home?: string;
}

/**
 * The report with every path of `project` written relative to it (the project itself is `.`) and
 * every other path under `home` as `~/…`, in every field (a finding's title and detail name files
 * too), and `diagnosedAt` set. Other absolute paths (`/etc/mysql/ca.pem`) stay: they name the same
 * file on any machine of that kind.
 */
export function reportForExport(report: DiagnosisReport, diagnosedAt: Date, place: ExportPlace): DiagnosisReport {
  const rewrite = pathRewriter(place);
  const copy = JSON.parse(JSON.stringify(report), (_key, value: unknown) => (typeof value === 'string' ? rewrite(value) : value)) as DiagnosisReport;
  const { version, diagnosedAt: _earlier, ...rest } = copy;
  return { version, diagnosedAt: diagnosedAt.toISOString(), ...rest };
}

function pathRewriter(place: ExportPlace): (text: string) => string {
  // The deeper folder first: a project inside the home folder is written relative, not as ~/….
  const roots = [
    place.project && { dir: trimSep(place.project), inside: '', itself: '.' },
    place.home && { dir: trimSep(place.home), inside: '~/', itself: '~' },
  ].filter((r): r is { dir: string; inside: string; itself: string } => !!r && r.dir.length > 1);
  roots.sort((a, b) => b.dir.length - a.dir.length);
  return (text) => {
    for (const r of roots) {
      text = text.split(r.dir + sep).join(r.inside);
      text = text.replace(new RegExp(`${escapeRegExp(r.dir)}(?![\\w.-])`, 'g'), r.itself);
    }
    return text;
  };
}

function trimSep(dir: string): string {
  return dir.length > 1 && dir.endsWith(sep) ? dir.slice(0, -1) : dir;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `tls-diagnosis-db.example.com-3306-20261202-174501.md`: host, port and when, safe as a file name on every system. */
export function exportFileName(report: DiagnosisReport, diagnosedAt: Date, ext: 'md' | 'json' = 'md'): string {
  const host = (report.target.socket ? 'socket' : report.target.host).replace(/[^A-Za-z0-9.-]/g, '_');
  const stamp = diagnosedAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `tls-diagnosis-${host}-${report.target.port}-${stamp}.${ext}`;
}
