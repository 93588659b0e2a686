// What one manifest or lock file says about the MySQL driver a project uses. Lines and plain
// patterns, not full parsers: each reader looks for the few package names that decide, and the
// version written beside them. package.json and composer.json are JSON and are parsed as such.
import type { DriverId } from '../model/connection';

/** A driver a manifest names, with the version as written (a lock file's exact one when read). */
export interface ManifestFinding {
  driver: DriverId;
  version?: string;
  /** The package that decided it: `mysql2`, `PyMySQL`, `Pomelo.EntityFrameworkCore.MySql`... */
  pkg: string;
}

export type Ecosystem = 'node' | 'python' | 'go' | 'java' | 'php' | 'ruby' | 'dotnet' | 'rust';

/** Reads one manifest's text; `lock` is the text of its lock file in the same folder, if any. */
export type ManifestReader = (text: string, lock?: string) => ManifestFinding | undefined;

// ---- Node: package.json (+ package-lock.json / yarn.lock / pnpm-lock.yaml) ----

// Prisma first: a project with @prisma/client reads DATABASE_URL with Prisma's engine even when a
// driver is also installed. knex, Sequelize, TypeORM, MikroORM and Drizzle bring no MySQL driver of
// their own: they load whichever of these is installed, so the driver package decides.
const NODE_DRIVERS: Array<[string, DriverId]> = [
  ['@prisma/client', 'prisma'],
  ['prisma', 'prisma'],
  ['mysql2', 'mysql2'],
  ['mariadb', 'mariadb-node'],
  ['mysql', 'mysql'],
];

export function readPackageJson(text: string, lock?: string): ManifestFinding | undefined {
  const deps = jsonDependencies(text, ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']);
  if (!deps) return undefined;
  for (const [pkg, driver] of NODE_DRIVERS) {
    if (!(pkg in deps)) continue;
    return withVersion({ driver, pkg }, (lock && nodeLockVersion(lock, pkg)) ?? deps[pkg]);
  }
  return undefined;
}

function nodeLockVersion(lock: string, pkg: string): string | undefined {
  const esc = escapeRe(pkg);
  // package-lock.json v2/v3: "node_modules/mysql2": { "version": "3.9.7", ...
  const npm = new RegExp(`"node_modules/${esc}"\\s*:\\s*\\{[^}]*?"version"\\s*:\\s*"([^"]+)"`).exec(lock);
  if (npm) return npm[1];
  // yarn.lock: mysql2@^3.9.0:\n  version "3.9.7"
  const yarn = new RegExp(`(?:^|\\n)"?${esc}@[^\\n]*:\\s*\\n\\s+version:? "?([^"\\n]+)"?`).exec(lock);
  if (yarn) return yarn[1];
  // pnpm-lock.yaml: /mysql2@3.9.7: or mysql2@3.9.7:
  const pnpm = new RegExp(`(?:^|\\n)\\s+'?/?${esc}@(\\d[^:('\\s]*)`).exec(lock);
  return pnpm?.[1];
}

// ---- PHP: composer.json ----

export function readComposerJson(text: string): ManifestFinding | undefined {
  const deps = jsonDependencies(text, ['require', 'require-dev']);
  if (!deps) return undefined;
  if ('ext-mysqli' in deps) return { driver: 'php-mysqli', pkg: 'ext-mysqli' };
  for (const pkg of ['ext-pdo_mysql', 'laravel/framework', 'doctrine/dbal', 'illuminate/database', 'symfony/orm-pack']) {
    if (pkg in deps) return { driver: 'php-pdo', pkg };
  }
  return undefined;
}

// ---- Python: requirements*.txt, pyproject.toml, Pipfile, poetry.lock / uv.lock ----

// Django's MySQL backend and SQLAlchemy's default mysql:// dialect load MySQLdb (mysqlclient).
const PYTHON_DRIVERS: Array<[string, DriverId]> = [
  ['pymysql', 'pymysql'],
  ['aiomysql', 'pymysql'],
  ['mysqlclient', 'mysqlclient'],
  ['mysql-connector-python', 'mysql-connector-python'],
  ['mysql-connector', 'mysql-connector-python'],
  ['django', 'mysqlclient'],
  ['sqlalchemy', 'mysqlclient'],
];

export function readPythonRequirements(text: string, lock?: string): ManifestFinding | undefined {
  const named = new Map<string, string | undefined>();
  // A requirement line, a pyproject/Pipfile dependency string or key: name, then an optional version spec.
  const re = /(?:^|["'\s[,])([A-Za-z][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:(==|>=|~=|<=|>|<|=)\s*"?([0-9][^"',;\s]*)|\s*=\s*"([^"]*)")?/gm;
  for (const line of text.split('\n')) {
    const code = line.replace(/#.*/, '');
    for (const m of code.matchAll(re)) {
      const name = m[1].toLowerCase().replace(/_/g, '-');
      if (!named.has(name)) named.set(name, m[3] ?? m[4]);
    }
  }
  for (const [pkg, driver] of PYTHON_DRIVERS) {
    if (!named.has(pkg)) continue;
    return withVersion({ driver, pkg }, (lock && pythonLockVersion(lock, pkg)) ?? named.get(pkg));
  }
  return undefined;
}

function pythonLockVersion(lock: string, pkg: string): string | undefined {
  const m = new RegExp(`name\\s*=\\s*"${escapeRe(pkg)}"\\s*\\n\\s*version\\s*=\\s*"([^"]+)"`, 'i').exec(lock);
  return m?.[1];
}

// ---- Go: go.mod ----

export function readGoMod(text: string): ManifestFinding | undefined {
  const m = /github\.com\/go-sql-driver\/mysql\s+(v[0-9][^\s]*)/.exec(text);
  if (m) return { driver: 'go', pkg: 'github.com/go-sql-driver/mysql', version: m[1] };
  // gorm's MySQL driver is built on go-sql-driver/mysql.
  if (/gorm\.io\/driver\/mysql\s/.test(text)) return { driver: 'go', pkg: 'gorm.io/driver/mysql' };
  return undefined;
}

// ---- Java: pom.xml, build.gradle(.kts) ----

const JAVA_ARTIFACTS: Array<[string, DriverId]> = [
  ['mysql-connector-j', 'connector-j'],
  ['mysql-connector-java', 'connector-j'],
  ['mariadb-java-client', 'mariadb-java'],
];

export function readPom(text: string): ManifestFinding | undefined {
  for (const [artifact, driver] of JAVA_ARTIFACTS) {
    const at = text.indexOf(`<artifactId>${artifact}</artifactId>`);
    if (at < 0) continue;
    const end = text.indexOf('</dependency>', at);
    const block = text.slice(at, end < 0 ? at + 400 : end);
    return withVersion({ driver, pkg: artifact }, resolveProperty(text, /<version>\s*([^<\s]+)\s*<\/version>/.exec(block)?.[1]));
  }
  return undefined;
}

/** `${mysql.version}` read from the pom's <properties>, else kept as written. */
function resolveProperty(pom: string, version: string | undefined): string | undefined {
  const ref = version && /^\$\{([^}]+)\}$/.exec(version);
  if (!ref) return version;
  const m = new RegExp(`<${escapeRe(ref[1])}>\\s*([^<\\s]+)\\s*</${escapeRe(ref[1])}>`).exec(pom);
  return m ? m[1] : version;
}

export function readGradle(text: string): ManifestFinding | undefined {
  for (const [artifact, driver] of JAVA_ARTIFACTS) {
    const m = new RegExp(`[:'"]${escapeRe(artifact)}(?::([0-9][^'"\\s)]*))?`).exec(text);
    if (m) return withVersion({ driver, pkg: artifact }, m[1]);
  }
  return undefined;
}

// ---- Ruby: Gemfile (+ Gemfile.lock) ----

export function readGemfile(text: string, lock?: string): ManifestFinding | undefined {
  if (!/^\s*gem\s+["']mysql2["']/m.test(text)) return undefined;
  const locked = lock ? /^\s{4}mysql2 \(([^)]+)\)/m.exec(lock)?.[1] : undefined;
  const written = /^\s*gem\s+["']mysql2["']\s*,\s*["']([^"']+)["']/m.exec(text)?.[1];
  return withVersion({ driver: 'ruby-mysql2', pkg: 'mysql2' }, locked ?? written);
}

// ---- .NET: *.csproj ----

// Pomelo's EF Core provider runs on MySqlConnector; Oracle's runs on MySql.Data (Connector/NET).
const DOTNET_PACKAGES: Array<[string, DriverId]> = [
  ['MySqlConnector', 'mysqlconnector'],
  ['Pomelo.EntityFrameworkCore.MySql', 'mysqlconnector'],
  ['MySql.Data', 'connector-net'],
  ['MySql.EntityFrameworkCore', 'connector-net'],
  ['MySql.Data.EntityFrameworkCore', 'connector-net'],
];

export function readCsproj(text: string): ManifestFinding | undefined {
  for (const [pkg, driver] of DOTNET_PACKAGES) {
    const m = new RegExp(`<PackageReference\\s+Include="${escapeRe(pkg)}"([^>]*)>`, 'i').exec(text);
    if (!m) continue;
    const version = /Version="([^"]+)"/i.exec(m[1])?.[1] ?? /<Version>([^<]+)<\/Version>/i.exec(text.slice(m.index, m.index + 300))?.[1];
    return withVersion({ driver, pkg }, version);
  }
  return undefined;
}

// ---- Rust: Cargo.toml (+ Cargo.lock) ----

export function readCargoToml(text: string, lock?: string): ManifestFinding | undefined {
  // sqlx = { version = "0.7", features = ["mysql", ...] }, or a [dependencies.sqlx] table.
  const inline = /^\s*sqlx\s*=\s*(\{[^\n]*\}|"[^"]*")/m.exec(text);
  const table = /^\s*\[(?:[\w.-]+\.)?dependencies\.sqlx\]\s*\n((?:[^[].*\n?)*)/m.exec(text);
  const spec = inline?.[1] ?? table?.[1];
  if (spec === undefined || !/["']mysql["']/.test(spec)) return undefined;
  const written = /^"([^"]+)"$/.exec(spec)?.[1] ?? /version\s*=\s*"([^"]+)"/.exec(spec)?.[1];
  const locked = lock ? /name = "sqlx"\s*\nversion = "([^"]+)"/.exec(lock)?.[1] : undefined;
  return withVersion({ driver: 'sqlx', pkg: 'sqlx' }, locked ?? written);
}

// ---- helpers ----

function jsonDependencies(text: string, fields: string[]): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const f of fields) {
    const deps = (parsed as Record<string, unknown>)[f];
    if (!deps || typeof deps !== 'object') continue;
    for (const [k, v] of Object.entries(deps as Record<string, unknown>)) if (!(k in out)) out[k] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** A version as written, kept only when it looks like one: a manifest's text is not ours to print. */
function withVersion(f: ManifestFinding, version: string | undefined): ManifestFinding {
  const v = version?.trim();
  return v && /^[\w.+~^<>=*!| -]{1,64}$/.test(v) ? { ...f, version: v } : f;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
