// Runs every case of every client, diagnoses the same connections with the engine, and judges
// agreement: the client connected <=> no error finding; the client failed <=> an error finding
// naming one of the defects the case really has (from the lab's design, see cases.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../src/engine/diagnose';
import { parseConnectionString, readTextAsync } from '../../src/engine/dialects';
import type { Connection } from '../../src/engine/model/connection';
import type { DiagnosisReport } from '../../src/engine/model/report';
import type { TlsEnumeration } from '../../src/engine/probe';
import type { LabManifest } from '../lab/manifest';
import { casesFor, defectsOf, type Case } from './cases';
import { CLIENTS, type ClientDef, type WrittenFile } from './clients';
import { knownDisagreement } from './known';
import { pool, runBatch, type ClientRun } from './run';

export type Verdict = 'agree' | 'false-all-clear' | 'false-alarm' | 'wrong-cause' | 'not-run' | 'unreadable';

export interface CaseResult {
  case: Case;
  written: string;
  run?: ClientRun;
  errors: string[];
  verdict: Verdict;
  /** What went wrong, in words (for a disagreement) or why the case did not run. */
  why?: string;
  known?: string;
}

export interface ClientReport {
  client: ClientDef;
  notRun?: string;
  results: CaseResult[];
}

const BATCH = 60;
const RUNNER_PARALLEL = 2;
const DIAGNOSE_PARALLEL = 4;

/** Everything: run, diagnose, judge. `only` limits to some client ids (for a focused run). */
export async function runAgreement(lab: LabManifest, workDir: string, only?: string[]): Promise<ClientReport[]> {
  const clients = CLIENTS.filter((c) => !only || only.includes(c.id));
  const reports: ClientReport[] = clients.map((client) => ({ client, notRun: client.missing(), results: [] }));
  const jobs: { client: ClientDef; cases: Case[]; written: WrittenFile[] }[] = [];
  for (const r of reports) {
    const cases = [...casesFor(r.client.id, r.client.spells).filter((c) => r.client.keep?.(c) ?? true), ...(r.client.extraCases?.() ?? [])];
    const written = cases.map((c, i) => save(r.client.written(c, lab), join(workDir, r.client.id), i));
    if (r.notRun) {
      r.results = cases.map((c, i) => ({ case: c, written: written[i].text, errors: [], verdict: 'not-run', why: r.notRun }));
      continue;
    }
    jobs.push({ client: r.client, cases, written });
  }
  const started = Date.now();
  const runs = await runClients(jobs, lab);
  trace(`clients ran in ${Date.now() - started} ms`);
  const diagnosed = await diagnoseAll(jobs, lab);
  trace(`diagnosed in ${Date.now() - started} ms`);
  for (const job of jobs) {
    const report = reports.find((r) => r.client === job.client)!;
    report.results = job.cases.map((c, i) => judge(job.client, c, job.written[i], runs.get(c.id), diagnosed.get(key(job.client, job.written[i]))));
  }
  return reports;
}

function trace(line: string): void {
  if (process.env.TLS_DOCTOR_AGREEMENT_TRACE) console.log(`# agreement: ${line}`);
}

function save(w: WrittenFile, dir: string, i: number): WrittenFile {
  if (!w.fileName) return w;
  const caseDir = join(dir, String(i));
  mkdirSync(caseDir, { recursive: true });
  const path = join(caseDir, w.fileName);
  writeFileSync(path, w.text, { mode: 0o600 });
  return { ...w, path };
}

async function runClients(jobs: { client: ClientDef; cases: Case[]; written: WrittenFile[] }[], lab: LabManifest): Promise<Map<string, ClientRun>> {
  const batches: { client: ClientDef; items: { id: string }[] }[] = [];
  for (const job of jobs) {
    const items = job.cases.map((c, i) => ({ id: c.id, ...job.client.item(c, lab, job.written[i]) }));
    for (let i = 0; i < items.length; i += BATCH) batches.push({ client: job.client, items: items.slice(i, i + BATCH) });
  }
  const all = new Map<string, ClientRun>();
  await pool(batches, RUNNER_PARALLEL, async (b) => {
    const t = Date.now();
    for (const [id, r] of await runBatch(b.client.runner(), b.items)) all.set(id, r);
    trace(`${b.client.id}: ${b.items.length} cases in ${Date.now() - t} ms`);
  });
  return all;
}

type Diagnosed = { report?: DiagnosisReport; unreadable?: string };

const key = (client: ClientDef, w: WrittenFile) => `${client.driver ?? ''}\n${w.fileName ?? ''}\n${w.text}`;

/** One diagnosis per distinct written connection (and driver); the server scans are shared. */
async function diagnoseAll(jobs: { client: ClientDef; written: WrittenFile[] }[], _lab: LabManifest): Promise<Map<string, Diagnosed>> {
  const todo = new Map<string, { client: ClientDef; w: WrittenFile }>();
  for (const job of jobs) for (const w of job.written) todo.set(key(job.client, w), { client: job.client, w });
  const scanCache = new Map<string, Promise<TlsEnumeration>>();
  const out = new Map<string, Diagnosed>();
  await pool([...todo.entries()], DIAGNOSE_PARALLEL, async ([k, { client, w }]) => {
    const conn = await readWritten(w);
    if ('unreadable' in conn) {
      out.set(k, conn);
      return;
    }
    if (client.library) Object.assign(conn, client.library);
    const report = await diagnose(conn, { driver: client.driver, timeoutMs: 4000, scanCache });
    out.set(k, { report });
  });
  return out;
}

/** The connection as `diagnose --file` reads it (code files after their grammar is loaded). */
async function readWritten(w: WrittenFile): Promise<Connection | { unreadable: string }> {
  if (w.path) {
    const r = await readTextAsync(w.path, w.text);
    return r.connections[0] ?? { unreadable: r.problems.map((p) => p.message).join('; ') || 'no connection read' };
  }
  const r = parseConnectionString(w.text);
  return r.connection ?? { unreadable: r.problems.map((p) => p.message).join('; ') };
}

function judge(client: ClientDef, c: Case, w: WrittenFile, run: ClientRun | undefined, d: Diagnosed | undefined): CaseResult {
  const base = { case: c, written: w.text };
  if (!run) return { ...base, errors: [], verdict: 'not-run', why: 'the client gave no result' };
  if (!d?.report) return withKnown({ ...base, run, errors: [], verdict: 'unreadable', why: `diagnose could not read the connection: ${d?.unreadable ?? '?'}` });
  const errors = d.report.findings.filter((f) => f.severity === 'error').map((f) => f.code);
  const defects = defectsOf(c, client.socketForLocalhost);
  const overSocket = c.host === 'localhost' && client.socketForLocalhost;
  if (!overSocket) for (const [what, codes] of client.spellingDefects?.(c) ?? []) defects.set(what, codes);
  const r: CaseResult = { ...base, run, errors, verdict: 'agree' };
  if (run.connected) {
    if (errors.length) {
      r.verdict = 'false-alarm';
      r.why = `the client connected; diagnose says ${errors.join(', ')}`;
    }
  } else if (!errors.length) {
    r.verdict = 'false-all-clear';
    r.why = `the client failed (${run.error}); diagnose has no error finding${defects.size ? ` (the case has: ${[...defects.keys()].join('; ')})` : ''}`;
  } else {
    const named = [...defects.values()].flat();
    if (!errors.some((e) => named.includes(e))) {
      r.verdict = 'wrong-cause';
      r.why = defects.size
        ? `the client failed (${run.error}); the case has ${[...defects.keys()].join('; ')}, but diagnose says ${errors.join(', ')}`
        : `the client failed (${run.error}) though the case has no known defect; diagnose says ${errors.join(', ')}`;
    }
  }
  return withKnown(r);
}

function withKnown(r: CaseResult): CaseResult {
  if (r.verdict === 'agree' || r.verdict === 'not-run') return r;
  const known = knownDisagreement(r.case, r.verdict);
  if (known) r.known = known;
  return r;
}
