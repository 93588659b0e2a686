// The driver read from the project where the connection does not say (issue 13 section 2): the
// nearest manifest or lock file decides, the user's setting wins over it, and every result says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readText } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import { effectiveTls } from '../../src/engine/drivers/effective';
import { driverLine } from '../../src/engine/drivers/reason';
import {
  readCargoToml, readComposerJson, readCsproj, readGemfile, readGoMod, readGradle, readPackageJson, readPom, readPythonRequirements,
} from '../../src/engine/project/manifests';
import { ProjectDrivers, settleDrivers } from '../../src/engine/project/driver';
import { renderMarkdown } from '../../src/engine/report/markdown';
import { renderText } from '../../src/engine/report/text';
import { scanDirectory } from '../../src/engine/scan/scan';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-project-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const NODE_APP = {
  'package.json': JSON.stringify({ name: 'shop', dependencies: { express: '^4.19.0', mysql2: '^3.9.0' } }),
  'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/mysql2': { version: '3.9.7' } } }),
  '.env': 'DATABASE_URL=mysql://app@127.0.0.1:1/shop\n',
};

test('a DATABASE_URL in a Node project using mysql2 is judged as mysql2, not as the mysql command line', async (t) => {
  const dir = project(NODE_APP);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir);
  assert.equal(r.entries.length, 1);
  const [e] = r.entries;
  assert.equal(e.driver, 'mysql2');
  assert.equal(e.driverSource, 'project:package.json');
  assert.equal(e.driverVersion, '3.9.7', 'the exact version from package-lock.json');
  const eff = effectiveTls(r.connections[0]);
  assert.equal(eff.useTls, 'never', 'mysql2 without ssl uses no TLS, where the mysql CLI would prefer it');
  const report = await diagnose(r.connections[0], { timeoutMs: 1000, auth: false });
  assert.equal(report.target.driver, 'mysql2');
  assert.equal(report.target.driverSource, 'project:package.json');
  assert.equal(report.target.driverVersion, '3.9.7');
  assert.match(renderText(report), /driver {3}mysql2 \(Node\.js\) 3\.9\.7: the project's package\.json names it/);
  assert.match(renderMarkdown(report), /\| driver \| mysql2 \\?\(Node\.js\\?\) 3\.9\.7: the project's package\.json names it \|/);
});

test('the same .env outside any project stays unknown, judged as the mysql command line', async (t) => {
  const dir = project({ '.git/HEAD': 'ref: refs/heads/main\n', 'app/.env': NODE_APP['.env'] });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [e] = (await scanDirectory(dir)).entries;
  assert.equal(e.driver, 'unknown');
  assert.equal(e.driverSource, undefined);
});

test('the tlsDoctor.driver setting wins over the project; a connection that says its driver keeps it', async (t) => {
  const dir = project({ ...NODE_APP, 'go/main.go': 'dsn := "app@tcp(127.0.0.1:1)/shop?tls=true"\n' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir, { driver: 'mariadb-node' });
  const env = r.entries.find((e) => e.file === '.env')!;
  assert.equal(env.driver, 'mariadb-node');
  assert.equal(env.driverSource, 'setting');
  const go = r.entries.find((e) => e.file === 'go/main.go')!;
  assert.equal(go.driver, 'go');
  assert.equal(go.driverSource, 'dialect');
});

test('in a monorepo the nearest manifest naming a MySQL driver wins, and the file\'s language chooses within a folder', (t) => {
  const dir = project({
    'package.json': JSON.stringify({ devDependencies: { typescript: '^5' } }),
    'services/api/package.json': JSON.stringify({ dependencies: { mariadb: '3.5.4', sequelize: '^6' } }),
    'services/api/src/.env': '',
    'services/mixed/package.json': JSON.stringify({ dependencies: { mysql: '^2.18.1' } }),
    'services/mixed/requirements.txt': 'Django==5.0\nPyMySQL==1.1.0  # the driver\n',
    'services/plain/sub/x.env': '',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const p = new ProjectDrivers(dir);
  const api = p.forFile('services/api/src/.env');
  assert.deepEqual({ ...api }, { driver: 'mariadb-node', pkg: 'mariadb', version: '3.5.4', file: 'services/api/package.json' });
  assert.equal(p.forFile('services/mixed/app.py')?.driver, 'pymysql');
  assert.equal(p.forFile('services/mixed/app.py')?.version, '1.1.0');
  assert.equal(p.forFile('services/mixed/index.js')?.driver, 'mysql');
  assert.equal(p.forFile('services/mixed/.env')?.driver, 'mysql', 'no language: the first manifest in the fixed order');
  assert.equal(p.forFile('services/plain/sub/x.env'), undefined, 'the root package.json names no MySQL driver');
});

test('diagnose --file path: a connection read from a file settles its driver from the project (no root: up to .git)', (t) => {
  const dir = project({ ...NODE_APP, '.git/HEAD': 'x' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, '.env');
  const { connections } = readText(file, NODE_APP['.env']);
  settleDrivers(connections, file, { project: new ProjectDrivers() });
  assert.equal(connections[0].driver, 'mysql2');
  assert.equal(connections[0].driverSource, 'project:package.json');
  assert.equal(driverLine(connections[0]), "mysql2 (Node.js) 3.9.7: the project's package.json names it");
});

test('package.json: Prisma before the drivers; ORMs alone bring no driver; versions from each lock format', () => {
  assert.equal(readPackageJson(JSON.stringify({ dependencies: { '@prisma/client': '^5', mysql2: '^3' } }))?.driver, 'prisma');
  assert.equal(readPackageJson(JSON.stringify({ dependencies: { knex: '^3', typeorm: '^0.3' } })), undefined);
  assert.equal(readPackageJson(JSON.stringify({ dependencies: { knex: '^3', mysql: '^2.18.1' } }))?.driver, 'mysql');
  const pkg = JSON.stringify({ dependencies: { mysql2: '^3.9.0' } });
  assert.equal(readPackageJson(pkg)?.version, '^3.9.0');
  assert.equal(readPackageJson(pkg, 'mysql2@^3.9.0:\n  version "3.9.2"\n')?.version, '3.9.2');
  assert.equal(readPackageJson(pkg, 'packages:\n\n  mysql2@3.9.4:\n    resolution: {}\n')?.version, '3.9.4');
  assert.equal(readPackageJson('{ not json'), undefined);
});

test('Python manifests: the driver package, else Django or SQLAlchemy (which load mysqlclient)', () => {
  assert.deepEqual(readPythonRequirements('flask\nmysqlclient==2.2.4\n'), { driver: 'mysqlclient', pkg: 'mysqlclient', version: '2.2.4' });
  assert.equal(readPythonRequirements('Django>=4.2\n')?.driver, 'mysqlclient');
  assert.equal(readPythonRequirements('SQLAlchemy==2.0\nmysql-connector-python==8.3.0\n')?.driver, 'mysql-connector-python');
  const pyproject = '[project]\nname = "shop"\ndependencies = [\n  "PyMySQL>=1.1",\n  "sqlalchemy",\n]\n';
  assert.equal(readPythonRequirements(pyproject)?.driver, 'pymysql');
  assert.equal(readPythonRequirements(pyproject, '[[package]]\nname = "pymysql"\nversion = "1.1.1"\n')?.version, '1.1.1');
  assert.equal(readPythonRequirements('# pymysql is not used\nrequests\n'), undefined);
});

test('go.mod, pom.xml, build.gradle, composer.json, Gemfile, csproj and Cargo.toml name their drivers', () => {
  assert.deepEqual(readGoMod('module x\n\nrequire (\n\tgithub.com/go-sql-driver/mysql v1.8.1\n)\n'), { driver: 'go', pkg: 'github.com/go-sql-driver/mysql', version: 'v1.8.1' });
  const pom = '<project><properties><mysql.version>8.3.0</mysql.version></properties><dependencies><dependency><groupId>com.mysql</groupId>' +
    '<artifactId>mysql-connector-j</artifactId><version>${mysql.version}</version></dependency></dependencies></project>';
  assert.deepEqual(readPom(pom), { driver: 'connector-j', pkg: 'mysql-connector-j', version: '8.3.0' });
  assert.equal(readGradle("implementation 'org.mariadb.jdbc:mariadb-java-client:3.3.3'")?.version, '3.3.3');
  assert.equal(readGradle("implementation 'org.mariadb.jdbc:mariadb-java-client:3.3.3'")?.driver, 'mariadb-java');
  assert.equal(readComposerJson(JSON.stringify({ require: { 'laravel/framework': '^11' } }))?.driver, 'php-pdo');
  assert.equal(readComposerJson(JSON.stringify({ require: { 'ext-mysqli': '*' } }))?.driver, 'php-mysqli');
  assert.deepEqual(readGemfile("source 'https://rubygems.org'\ngem 'mysql2', '~> 0.5'\n", 'GEM\n  specs:\n    mysql2 (0.5.6)\n'), { driver: 'ruby-mysql2', pkg: 'mysql2', version: '0.5.6' });
  assert.deepEqual(readCsproj('<ItemGroup><PackageReference Include="Pomelo.EntityFrameworkCore.MySql" Version="8.0.2" /></ItemGroup>'), { driver: 'mysqlconnector', pkg: 'Pomelo.EntityFrameworkCore.MySql', version: '8.0.2' });
  assert.equal(readCsproj('<PackageReference Include="MySql.Data" Version="8.0.11" />')?.driver, 'connector-net');
  assert.deepEqual(readCargoToml('[dependencies]\nsqlx = { version = "0.7", features = ["runtime-tokio", "mysql"] }\n'), { driver: 'sqlx', pkg: 'sqlx', version: '0.7' });
  assert.equal(readCargoToml('[dependencies]\nsqlx = { version = "0.7", features = ["postgres"] }\n'), undefined);
  assert.equal(readCargoToml('[dependencies.sqlx]\nversion = "0.8"\nfeatures = ["mysql"]\n')?.version, '0.8');
});

test('a Connector/NET version whose default differs is carried to the model', async (t) => {
  const dir = project({
    'Shop.csproj': '<Project><ItemGroup><PackageReference Include="MySql.Data" Version="8.0.11" /></ItemGroup></Project>',
    'appsettings.env': 'DATABASE_URL=mysql://app@127.0.0.1:1/shop\n',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir);
  const c = r.connections[0];
  assert.equal(c.driver, 'connector-net');
  assert.equal(c.driverVersion, '8.0.11');
  assert.equal(effectiveTls(c).mode, 'REQUIRED', 'Connector/NET 8.0.8 to 8.0.12 default to Required');
});

test('each manifest is read once per scan, however many files sit under it', async (t) => {
  const files: Record<string, string> = { 'package.json': NODE_APP['package.json'] };
  for (let i = 0; i < 30; i++) files[`env/${i}/.env`] = `DATABASE_URL=mysql://app@127.0.0.1:${1000 + i}/shop\n`;
  const dir = project(files);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const p = new ProjectDrivers(dir);
  for (let i = 0; i < 30; i++) assert.equal(p.forFile(`env/${i}/.env`)?.driver, 'mysql2');
  const kept = (p as unknown as { findings: Map<string, unknown>; listings: Map<string, unknown> });
  assert.equal(kept.findings.size, 1, 'the one package.json was read once');
  assert.ok(kept.listings.size <= 30 + 2, `each folder listed once: ${kept.listings.size}`);
});

test('a bare URL on the command line says the mysql client is assumed; a JDBC URL says its form decided', async () => {
  const { parseConnectionString } = await import('../../src/engine/dialects');
  const url = parseConnectionString('mysql://app@db.example.com/shop').connection!;
  assert.equal(url.driver, 'mysql-cli');
  assert.match(driverLine(url), /nothing says which client opens it: the mysql command-line client is assumed/);
  const jdbc = parseConnectionString('jdbc:mysql://db.example.com:3306/shop').connection!;
  assert.equal(jdbc.driverSource, 'dialect');
  assert.match(driverLine(jdbc), /MySQL Connector\/J: from how the connection is written/);
});
