import { dirname } from 'node:path';
import type { LocalFiles } from './certs/files';
import { parseCertificate, summarize } from './certs/x509';
import { accountFindings, checkAccount } from './checks/account';
import { authContext, authNeedsTls } from './checks/authentication';
import { chainFacts, chainFindings, ownTrustRules, trustOutOfReach, type ChainFacts } from './checks/chain';
import { loginDecision, type ServerSeen } from './checks/credentials';
import { cipherFindings, legacyFindings, versionFindings } from './checks/protocol';
import { reachabilityFinding } from './checks/reachability';
import { annotateRenewal, compareChains } from './checks/renewal';
import { clientWithoutTls, handshakeNeverCompletes, noServerOnSocket, overLocalSocket, serverWithoutTls } from './checks/transport';
import { cloudFinding } from './cloud';
import { markUnresolvedHosts } from './fixes/resolve';
import { effectiveTls, isSocketFile, localSocketOf, type EffectiveTls } from './drivers/effective';
import { connectionLabel, DEFAULT_PORT, hostOf, isLegacyTls, type Connection, type DriverId, type TlsVersion } from './model/connection';
import { bySeverity, finding, type Finding } from './model/finding';
import type { CertSummary, DiagnosisReport, ServerObservation, TargetSummary } from './model/report';
import type { Secret } from './model/secret';
import { LineIndex } from './model/span';
import { clampTimeout, DeadlineReached, diagnosisBudgetMs } from './model/timeout';
import { analyzeStatic } from './static/analyze';
import { placeOf } from './static/place';
import { mergeFindings } from './static/merge';
import { enumerateTls, readGreeting, tlsHandshake, type HandshakeResult, type HandshakeSettings, type ProbeOptions, type ProbeTarget, type TlsEnumeration } from './probe';

export interface DiagnoseOptions {
  timeoutMs?: number;
  /** A certificate expiring within this many days gets `cert-expiring-soon`. */
  expiryWarningDays?: number;
  /** Overrides the password written in the connection (e.g. from SecretStorage or --password-env). */
  password?: Secret;
  /** Log in with mysql2 to read variables and the account's REQUIRE clause (default: when a password is known). */
  auth?: boolean;
  /** Folder that relative file paths are relative to (default: the folder of conn.file). */
  baseDir?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Overrides the driver the reader guessed (CLI --driver, a setting). */
  driver?: DriverId;
  /** Where that override comes from (default `option`: the CLI's --driver). */
  driverSource?: 'option' | 'setting';
  now?: Date;
  /** The text of conn.file, to report the line of the connection. */
  sourceText?: string;
  /** The chain seen at the last diagnosis of this connection, to tell a renewal apart. */
  previousChain?: CertSummary[];
  /**
   * Server scans (versions and ciphers, the slow part) shared between diagnoses of the same server
   * within one run, keyed by host, port and server name. The caller owns its lifetime: a server's
   * TLS settings can change, so keep one only as long as one batch of diagnoses.
   */
  scanCache?: Map<string, Promise<TlsEnumeration>>;
}

const DEFAULT_WARN_DAYS = 30;

/**
 * Everything the tool knows about one connection: what the server does, and what that means for
 * this client. Each step is bounded by the timeout, and the whole run by diagnosisBudgetMs: steps
 * still under way then stop and say so.
 */
export async function diagnose(input: Connection, opts: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  const started = Date.now();
  const conn: Connection = opts.driver ? { ...input, driver: opts.driver, driverSource: opts.driverSource ?? 'option' } : input;
  const deadline = overallDeadline(clampTimeout(opts.timeoutMs), opts.signal);
  const ctx = makeContext(conn, { ...opts, signal: deadline.signal });
  // What needs no server first (the settings, the local files): given even when the server cannot be reached.
  // Its file decides whose paths they are (a template's, a container's), as for lint and the editor.
  const place = conn.file ? placeOf(conn.file, opts.sourceText, ctx.baseDir, conn.span.start) : undefined;
  const offline = analyzeStatic(conn, { baseDir: ctx.baseDir, now: ctx.now, warnDays: ctx.warnDays, text: opts.sourceText, place });
  const run = new Diagnosis(conn, ctx);
  try {
    await run.execute(offline.files, offline.findings);
  } finally {
    deadline.stop();
  }
  if (deadline.signal.reason instanceof DeadlineReached) ctx.log(deadline.signal.reason.message);
  // A name to connect to instead is worth preferring only if it resolves from here.
  await markUnresolvedHosts(run.findings, { timeoutMs: ctx.timeoutMs, log: ctx.log });
  const change = compareChains(opts.previousChain, run.server.chain);
  if (change) {
    run.server.chainChange = change;
    annotateRenewal(run.findings, change);
  }
  return {
    version: 1,
    target: targetSummary(conn, ctx.eff, opts.sourceText),
    server: run.server,
    findings: mergeFindings(offline.findings, run.findings).sort(bySeverity),
    durationMs: Date.now() - started,
  };
}

interface Context {
  eff: EffectiveTls;
  host: string;
  port: number;
  timeoutMs: number;
  warnDays: number;
  now: Date;
  password?: Secret;
  auth: boolean;
  baseDir?: string;
  probe: ProbeOptions;
  scanCache?: Map<string, Promise<TlsEnumeration>>;
  log: (line: string) => void;
}

/** A signal that fires at the overall deadline or when the caller's own signal does. */
function overallDeadline(timeoutMs: number, caller?: AbortSignal): { signal: AbortSignal; stop: () => void } {
  const budget = diagnosisBudgetMs(timeoutMs);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new DeadlineReached(budget)), budget);
  const follow = () => ac.abort(caller?.reason);
  if (caller?.aborted) follow();
  else caller?.addEventListener('abort', follow, { once: true });
  return {
    signal: ac.signal,
    stop: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', follow);
    },
  };
}

function makeContext(conn: Connection, opts: DiagnoseOptions): Context {
  const log = opts.log ?? (() => undefined);
  // Settings and callers may hand anything: a timer of more than 2^31-1 ms would fire at once.
  const timeoutMs = clampTimeout(opts.timeoutMs);
  const password = opts.password ?? conn.password;
  return {
    eff: effectiveTls(conn),
    host: hostOf(conn),
    port: conn.port ?? DEFAULT_PORT,
    timeoutMs,
    warnDays: opts.expiryWarningDays ?? DEFAULT_WARN_DAYS,
    now: opts.now ?? new Date(),
    password,
    auth: opts.auth ?? !!(password && conn.user),
    baseDir: opts.baseDir ?? (conn.file ? dirname(conn.file) : undefined),
    probe: { timeoutMs, signal: opts.signal, log },
    scanCache: opts.scanCache,
    log,
  };
}

/** One diagnosis run: collects observations into `server` and conclusions into `findings`. */
class Diagnosis {
  readonly server: ServerObservation = { reachable: false };
  readonly findings: Finding[] = [];
  private clientHandshakeOk = false;
  /** What the client's own checks conclude about the chain, for the credentials rule. */
  private chainSeen: Partial<ServerSeen> = {};
  /** The server certificate judged trusted by rules Node's own check does not share (Java's). */
  private pinnedLeaf?: Buffer;
  private offline: readonly Finding[] = [];

  constructor(
    private readonly conn: Connection,
    private readonly ctx: Context,
  ) {}

  /** `files`: the local files as the offline analysis loaded them; its `offline` findings are merged by the caller. */
  async execute(files: LocalFiles, offline: readonly Finding[]): Promise<void> {
    this.offline = offline;
    const socket = localSocketOf(this.conn, this.ctx.eff.driver);
    if (socket) {
      this.ctx.log(`connection uses the socket ${socket}: no TCP, nothing to probe`);
      if (isSocketFile(socket)) this.findings.push(overLocalSocket(socket, this.ctx.eff, this.conn.host));
      else this.findings.push(noServerOnSocket(socket, this.ctx.eff, this.conn.host, this.ctx.port));
      return;
    }
    const target: ProbeTarget = { host: this.ctx.host, port: this.ctx.port, servername: this.ctx.host };
    const greeted = await readGreeting(target, this.ctx.probe);
    this.server.address = greeted.address;
    if (greeted.failure || !greeted.greeting) {
      const failure = greeted.failure ?? { kind: 'reset' as const, message: 'no greeting' };
      this.server.reachable = failure.kind === 'not-mysql' || failure.kind === 'server-refused';
      this.findings.push(reachabilityFinding(failure, connectionLabel({ host: this.ctx.host, port: this.ctx.port }), this.ctx.timeoutMs));
      return;
    }
    this.server.reachable = true;
    this.server.serverVersion = greeted.greeting.serverVersion;
    this.server.tlsSupported = greeted.greeting.tlsSupported;
    if (greeted.greeting.authPlugin) this.server.authPlugin = greeted.greeting.authPlugin;
    const auth = authNeedsTls(authContext(this.conn, this.ctx.eff, greeted.greeting.authPlugin, greeted.greeting.tlsSupported));
    if (auth) this.findings.push(auth);
    if (!greeted.greeting.tlsSupported) {
      this.findings.push(...serverWithoutTls(this.ctx.eff, greeted.greeting.serverVersion));
    } else {
      await this.examineTls(target, files);
    }
    await this.examineAccount(files);
    const cloud = cloudFinding(this.ctx.host, this.conn.tls, this.ctx.eff, this.server.chain);
    if (cloud) this.findings.push(cloud);
    this.concludeOk();
  }

  private async examineTls(target: ProbeTarget, files: LocalFiles): Promise<void> {
    const { eff } = this.ctx;
    const [scan, { client, permissive }] = await Promise.all([this.scan(target), this.handshakes(target, files)]);
    this.server.protocols = scan.protocols;
    this.server.ciphers = scan.ciphers;
    const chainDer = permissive.chainDer.length ? permissive.chainDer : (scan.plainChainDer ?? []);
    const presented = chainDer.map(parseCertificate).filter((c) => c !== undefined);
    this.server.chain = presented.map(summarize);
    if (!permissive.ok && !Object.values(scan.protocols).some(Boolean)) {
      const reason = scan.failure?.message ?? permissive.error ?? permissive.failure?.message;
      // A client that never attempts TLS connects in plaintext regardless: the verdict is about it.
      if (eff.useTls === 'never') this.findings.push(...clientWithoutTls(eff, { reason }));
      else this.findings.push(...handshakeNeverCompletes(reason, scan.notes));
      return;
    }
    // Only what this client itself would agree on: a permissive probe's result would mislead.
    if (client?.ok && client.protocol && client.cipher) this.server.negotiated = { protocol: client.protocol, cipher: client.cipher };
    this.clientHandshakeOk = !!client?.ok;
    this.findings.push(...legacyFindings(scan.protocols));
    if (eff.useTls === 'never') {
      this.findings.push(...clientWithoutTls(eff));
      return;
    }
    const versionIssues = versionFindings(eff, scan.protocols);
    const cipherIssues = versionIssues.length ? [] : cipherFindings(eff, scan.ciphers, !client?.ok, permissive.ok, client?.error);
    this.findings.push(...versionIssues, ...cipherIssues);
    // No handshake is possible: what the chain would look like afterwards is beside the point.
    if (versionIssues.length || cipherIssues.length) return;
    const caFileBroken = !files.ca && files.findings.some((f) => f.param === 'ca' && f.severity === 'error');
    const chainCtx = { eff, host: this.ctx.host, presented, caFile: files.ca, caFileBroken, now: this.ctx.now, warnDays: this.ctx.warnDays };
    const facts = chainFacts(chainCtx);
    this.chainSeen = chainVerdict(facts, caFileBroken);
    if (this.chainSeen.chainTrusted && presented[0] && ownTrustRules(eff)) this.pinnedLeaf = presented[0].raw;
    this.findings.push(...chainFindings(chainCtx, facts));
    if (client && !client.ok) this.ctx.log(`handshake with the client's settings failed: ${client.alert ?? client.error ?? client.failure?.message ?? 'unknown'}`);
  }

  /**
   * The handshake with the client's own settings, and a permissive one (any version, any cipher)
   * for the chain and for whether any handshake works. When the client's handshake completes with
   * a chain, it is that permissive handshake: a second one would show nothing more. The permissive
   * one starts only when needed, beside the version and cipher scan, which takes longer either way.
   */
  private async handshakes(target: ProbeTarget, files: LocalFiles): Promise<{ client?: HandshakeResult; permissive: HandshakeResult }> {
    const { eff } = this.ctx;
    const client = eff.useTls === 'never' ? undefined : await tlsHandshake(target, clientSettings(eff, files, this.ctx.host), this.ctx.probe);
    if (client?.ok && client.chainDer.length) return { client, permissive: client };
    const permissive = await tlsHandshake(target, { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0', servername: this.ctx.host }, this.ctx.probe);
    return { client, permissive };
  }

  /** The server's versions and ciphers, from the caller's cache when it has them. */
  private scan(target: ProbeTarget): Promise<TlsEnumeration> {
    const cache = this.ctx.scanCache;
    const fresh = () => enumerateTls(target, { ...this.ctx.probe, ciphers: true });
    if (!cache) return fresh();
    const key = `${target.host}|${target.port}|${target.servername ?? ''}`;
    let scan = cache.get(key);
    if (!scan) {
      scan = fresh();
      cache.set(key, scan);
    }
    return scan;
  }

  private async examineAccount(files: LocalFiles): Promise<void> {
    const { password, auth, eff } = this.ctx;
    if (!auth || !password || !this.conn.user) return;
    const offersTls = !!this.server.tlsSupported;
    // The one rule for the password: sent only where this client itself would send it.
    const caDirectoryOnly = !!this.conn.tls.capath && !this.conn.tls.ca;
    const decision = loginDecision(eff, { offersTls, clientHandshakeOk: this.clientHandshakeOk, caDirectoryOnly, ...this.chainSeen });
    const { minVersion, maxVersion, ciphers } = clientSettings(eff, files, this.ctx.host);
    const check = await checkAccount(
      { host: this.ctx.host, port: this.ctx.port, user: this.conn.user, password, database: this.conn.database },
      {
        timeoutMs: this.ctx.timeoutMs,
        serverHasTls: offersTls,
        decision,
        tls: { ca: files.ca?.map((c) => Buffer.from(c.toString())), ...clientIdentity(files), minVersion, maxVersion, ciphers, pinnedLeaf: this.pinnedLeaf },
        signal: this.ctx.probe.signal,
        log: this.ctx.log,
      },
    );
    if (check.variables) this.server.variables = check.variables;
    if (check.accountRequire) this.server.accountRequire = check.accountRequire;
    this.findings.push(...accountFindings(check, eff));
  }

  /** `tls-ok` only when the client's own handshake worked and nothing it would check fails. */
  private concludeOk(): void {
    if (!this.clientHandshakeOk || [...this.findings, ...this.offline].some((f) => f.severity === 'error')) return;
    const n = this.server.negotiated;
    const { eff } = this.ctx;
    const unchecked = eff.verifyChain && trustOutOfReach(eff);
    const detail = unchecked
      ? `The handshake with this client's effective settings (${eff.mode}) succeeds. Its trusted CAs live in ${eff.caSource === 'truststore' ? 'a Java trust store' : `the named configuration "${this.conn.tls.profile ?? ''}"`}, which this tool cannot read: make sure it holds the issuer of the chain shown.`
      : `The handshake with this client's effective settings (${eff.mode}) succeeds and every check it makes passes.`;
    // A handshake is not a login: say when the login (authentication, the account's REQUIRE) was not tried.
    const loginTried = this.ctx.auth && !!this.ctx.password && !!this.conn.user;
    const untried = loginTried ? '' : ' Logging in was not tried (no password was given), so what follows the handshake is not checked: the authentication and the account\'s REQUIRE clause.';
    this.findings.push(
      finding('tls-ok', `TLS works with these settings${n ? `: ${n.protocol}, ${n.cipher}` : ''}${unchecked ? ' (trust store not checked)' : ''}`, detail + untried,
        { negotiated: n, mode: eff.mode, trustChecked: !unchecked, loginChecked: loginTried }),
    );
  }
}

function clientSettings(eff: EffectiveTls, files: LocalFiles, host: string): HandshakeSettings {
  const versions = eff.versions.length ? eff.versions : (['TLSv1.2', 'TLSv1.3'] as TlsVersion[]);
  const legacy = versions.some(isLegacyTls);
  return {
    minVersion: versions[0],
    maxVersion: versions[versions.length - 1],
    ciphers: eff.ciphers ?? (legacy ? 'DEFAULT@SECLEVEL=0' : undefined),
    ciphersuites: eff.ciphersuites,
    ...clientIdentity(files),
    servername: host,
  };
}

/** The chain as this client's checks see it: trusted and in date, and whether the host name matches. */
function chainVerdict(facts: ChainFacts, caFileBroken: boolean): Partial<ServerSeen> {
  const badDate = facts.dates.find((d) => d.kind !== 'expiring-soon');
  const trusted = facts.verdict.status === 'trusted' && !badDate;
  const problem = facts.verdict.status !== 'trusted' ? facts.verdict.detail : badDate ? `${badDate.subject} is ${badDate.kind === 'expired' ? 'expired' : 'not yet valid'}` : undefined;
  return { chainTrusted: trusted, chainProblem: problem, hostMatches: facts.hostMatch?.matches, caFileBroken };
}

/** The client certificate and key, when both loaded (a REQUIRE X509 account needs them). */
function clientIdentity(files: LocalFiles): { cert?: Buffer; key?: Buffer } {
  if (!files.clientCert || !files.clientKey) return {};
  return { cert: Buffer.from(files.clientCert.toString()), key: Buffer.from(files.clientKey.export({ format: 'pem', type: 'pkcs8' }) as string) };
}

function targetSummary(conn: Connection, eff: EffectiveTls, sourceText?: string): TargetSummary {
  const t: TargetSummary = {
    host: hostOf(conn),
    port: conn.port ?? DEFAULT_PORT,
    dialect: conn.dialect,
    driver: eff.driver,
    sslMode: eff.mode,
  };
  if (conn.driverSource) t.driverSource = conn.driverSource;
  if (conn.driverVersion) t.driverVersion = conn.driverVersion;
  if (conn.clientLibrary) t.clientLibrary = conn.clientLibrary;
  if (conn.user) t.user = conn.user;
  const socket = localSocketOf(conn, eff.driver);
  if (socket) t.socket = socket;
  if (conn.file) {
    const line = sourceText ? new LineIndex(sourceText).positionAt(conn.span.start).line + 1 : 1;
    t.source = { file: conn.file, line };
  }
  return t;
}
