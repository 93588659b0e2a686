// The driver a project uses, read from the nearest manifest above a connection's file, for the
// connections whose own form does not say which client opens them (a DATABASE_URL in a .env, say).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Connection, DriverId } from '../model/connection';
import {
  readCargoToml, readComposerJson, readCsproj, readGemfile, readGoMod, readGradle, readPackageJson, readPom, readPythonRequirements,
  type Ecosystem, type ManifestFinding, type ManifestReader,
} from './manifests';

/** The project's driver for one file, and the manifest that said so (relative to the root when inside it). */
export interface ProjectDriver extends ManifestFinding {
  file: string;
}

interface Manifest {
  ecosystem: Ecosystem;
  /** Whole name, or a test on the name (requirements-dev.txt, App.csproj). */
  name: string | ((n: string) => boolean);
  read: ManifestReader;
  /** Lock files beside it, first found is read for the exact version. */
  locks?: string[];
}

// Order matters only between ecosystems at the same folder, when the file's own language does not choose.
const MANIFESTS: Manifest[] = [
  { ecosystem: 'node', name: 'package.json', read: readPackageJson, locks: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'] },
  { ecosystem: 'php', name: 'composer.json', read: readComposerJson },
  { ecosystem: 'python', name: (n) => /^requirements.*\.txt$/i.test(n), read: readPythonRequirements },
  { ecosystem: 'python', name: 'pyproject.toml', read: readPythonRequirements, locks: ['poetry.lock', 'uv.lock'] },
  { ecosystem: 'python', name: 'Pipfile', read: readPythonRequirements },
  { ecosystem: 'go', name: 'go.mod', read: readGoMod },
  { ecosystem: 'java', name: 'pom.xml', read: readPom },
  { ecosystem: 'java', name: (n) => n === 'build.gradle' || n === 'build.gradle.kts', read: readGradle },
  { ecosystem: 'ruby', name: 'Gemfile', read: readGemfile, locks: ['Gemfile.lock'] },
  { ecosystem: 'dotnet', name: (n) => n.toLowerCase().endsWith('.csproj'), read: readCsproj },
  { ecosystem: 'rust', name: 'Cargo.toml', read: readCargoToml, locks: ['Cargo.lock'] },
];

const BY_EXTENSION: Record<string, Ecosystem> = {
  js: 'node', mjs: 'node', cjs: 'node', ts: 'node', mts: 'node', cts: 'node', jsx: 'node', tsx: 'node',
  py: 'python', go: 'go', java: 'java', kt: 'java', kts: 'java', groovy: 'java', scala: 'java', properties: 'java',
  php: 'php', rb: 'ruby', erb: 'ruby', cs: 'dotnet', rs: 'rust',
};

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024; // a large package-lock.json still fits
const MAX_LEVELS = 12;

/**
 * Finds the project's driver for files under `root` (or, without one, up to the nearest folder
 * holding `.git`). Cheap and bounded: one folder listing and one read per manifest for the life
 * of the object (a scan), at most MAX_LEVELS folders up; the nearest manifest that names a MySQL
 * driver wins, and within one folder the file's own language first.
 */
export class ProjectDrivers {
  private readonly root?: string;
  private readonly listings = new Map<string, string[]>();
  private readonly findings = new Map<string, ManifestFinding | null>();

  constructor(root?: string) {
    this.root = root === undefined ? undefined : path.resolve(root);
  }

  /** The project's driver for a file (absolute, or relative to the root). */
  forFile(file: string): ProjectDriver | undefined {
    const abs = path.resolve(this.root ?? process.cwd(), file);
    const prefer = BY_EXTENSION[path.extname(abs).slice(1).toLowerCase()];
    let dir = path.dirname(abs);
    for (let level = 0; level < MAX_LEVELS; level++) {
      const found = this.inFolder(dir, prefer);
      if (found) return found;
      if (this.isTop(dir)) return undefined;
      const up = path.dirname(dir);
      if (up === dir) return undefined;
      dir = up;
    }
    return undefined;
  }

  private isTop(dir: string): boolean {
    if (this.root !== undefined) return dir === this.root || !dir.startsWith(this.root + path.sep);
    return this.list(dir).includes('.git');
  }

  private inFolder(dir: string, prefer: Ecosystem | undefined): ProjectDriver | undefined {
    const names = this.list(dir);
    if (names.length === 0) return undefined;
    let first: ProjectDriver | undefined;
    for (const m of MANIFESTS) {
      for (const name of names.filter((n) => (typeof m.name === 'string' ? n === m.name : m.name(n))).sort()) {
        const f = this.read(dir, name, m, names);
        if (!f) continue;
        const found = { ...f, file: this.shown(path.join(dir, name)) };
        if (prefer === undefined || m.ecosystem === prefer) return found;
        first ??= found;
      }
    }
    return first;
  }

  private read(dir: string, name: string, m: Manifest, names: string[]): ManifestFinding | undefined {
    const full = path.join(dir, name);
    const cached = this.findings.get(full);
    if (cached !== undefined) return cached ?? undefined;
    const text = readSmall(full);
    const lockName = m.locks?.find((l) => names.includes(l));
    const f = text === undefined ? undefined : m.read(text, lockName ? readSmall(path.join(dir, lockName)) : undefined);
    this.findings.set(full, f ?? null);
    return f;
  }

  private list(dir: string): string[] {
    let names = this.listings.get(dir);
    if (names === undefined) {
      try {
        names = readdirSync(dir);
      } catch {
        names = [];
      }
      this.listings.set(dir, names);
    }
    return names;
  }

  private shown(full: string): string {
    if (this.root === undefined) return path.basename(full);
    const rel = path.relative(this.root, full);
    return rel.startsWith('..') ? full : rel.split(path.sep).join('/');
  }
}

function readSmall(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_MANIFEST_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Who decides the driver of connections whose form does not: the user's choice, then the project. */
export interface DriverChoice {
  /** The driver the user chose (`tlsDoctor.driver`); it wins over the project's. */
  setting?: DriverId;
  project?: ProjectDrivers;
}

/**
 * Settles each connection's driver and says where it came from (docs/CONTRACT.md `target.driverSource`):
 * the connection's own form (`dialect`), an explicit `driver` field (`option`, set by the reader),
 * else the user's setting, else the project's manifest; `unknown` stays when nothing says.
 */
export function settleDrivers(conns: Connection[], file: string | undefined, choice: DriverChoice): void {
  let project: ProjectDriver | undefined | null = null;
  for (const c of conns) {
    if (c.driverSource !== undefined) continue;
    if (c.driver !== 'unknown') {
      c.driverSource = 'dialect';
      continue;
    }
    if (choice.setting !== undefined && choice.setting !== 'unknown') {
      c.driver = choice.setting;
      c.driverSource = 'setting';
      continue;
    }
    if (project === null) project = file !== undefined && choice.project ? choice.project.forFile(file) : undefined;
    if (!project) continue;
    c.driver = project.driver;
    c.driverSource = `project:${project.file}`;
    if (project.version !== undefined) c.driverVersion = project.version;
  }
}
