// Records what real clients print against the real MariaDB lab, into the explain corpus.
//   node --import tsx scripts/record-client-errors/record.ts [family ...]
// Families: mysql-cli openssl mysql2 pymysql mysqlclient go java mysqljs mariadb-node php-mysqli php-pdo (default: all whose client is
// installed). Uses $TLS_DOCTOR_LAB when set, else starts a lab in a temp folder and stops it.
// Each family's recorded entries are replaced; documented entries are kept.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LabManifest, loadLab } from '../../test/lab/manifest';
import { replaceRecorded } from './corpus';
import { goScenarios } from './go';
import { javaScenarios } from './java';
import { mariadbCliScenarios } from './mariadbCli';
import { mysql2Scenarios } from './mysql2';
import { installNodeDrivers, nodeDriverScenarios } from './nodeDrivers';
import { opensslScenarios } from './openssl';
import { phpScenarios } from './php';
import { pythonScenarios } from './python';
import { type Scenario, record, removeScratch } from './run';

const root = join(__dirname, '../..');

interface Family {
  clients: string[];
  /** A command whose success says the client is installed. */
  probe: [string, string[]];
  /** Installs the client where it is the recorder's own to install (npm packages); true when ready. */
  install?: () => boolean;
  scenarios: () => Scenario[];
}

const FAMILIES: Record<string, Family> = {
  'mysql-cli': { clients: ['mysql-cli'], probe: ['mariadb', ['--version']], scenarios: () => mariadbCliScenarios },
  openssl: { clients: ['openssl'], probe: ['openssl', ['version']], scenarios: () => opensslScenarios },
  mysql2: { clients: ['mysql2'], probe: ['node', ['--version']], scenarios: () => mysql2Scenarios },
  pymysql: { clients: ['pymysql'], probe: ['/usr/bin/python3', ['-c', 'import pymysql']], scenarios: () => pythonScenarios('pymysql') },
  mysqlclient: { clients: ['mysqlclient'], probe: ['/usr/bin/python3', ['-c', 'import MySQLdb']], scenarios: () => pythonScenarios('mysqlclient') },
  go: { clients: ['go'], probe: ['go', ['version']], scenarios: goScenarios },
  java: { clients: ['connector-j'], probe: ['javac', ['-version']], scenarios: javaScenarios },
  mysqljs: { clients: ['mysqljs'], probe: ['node', ['-e', 'process.exit(0)']], install: installNodeDrivers, scenarios: () => nodeDriverScenarios('mysqljs') },
  'mariadb-node': { clients: ['mariadb-node'], probe: ['node', ['-e', 'process.exit(0)']], install: installNodeDrivers, scenarios: () => nodeDriverScenarios('mariadb-node') },
  'php-mysqli': { clients: ['php-mysqli'], probe: ['php', ['-r', 'exit(class_exists("mysqli") ? 0 : 1);']], scenarios: () => phpScenarios('php-mysqli') },
  'php-pdo': { clients: ['php-pdo'], probe: ['php', ['-r', 'exit(extension_loaded("pdo_mysql") ? 0 : 1);']], scenarios: () => phpScenarios('php-pdo') },
};

function installed(f: Family): boolean {
  return spawnSync(f.probe[0], f.probe[1], { stdio: 'ignore' }).status === 0 && (f.install?.() ?? true);
}

function withLab(fn: (lab: LabManifest) => void): void {
  const existing = loadLab();
  if (!('reason' in existing)) return fn(existing);
  const dir = mkdtempSync(join(tmpdir(), 'record-lab-'));
  const cli = ['--import', 'tsx', join(root, 'test/lab/cli.ts')];
  if (spawnSync('node', [...cli, 'start', dir], { stdio: 'inherit', cwd: root }).status !== 0) throw new Error('the lab did not start');
  try {
    process.env.TLS_DOCTOR_LAB = join(dir, 'manifest.json');
    const lab = loadLab();
    if ('reason' in lab) throw new Error(lab.reason);
    fn(lab);
  } finally {
    spawnSync('node', [...cli, 'stop', dir], { stdio: 'inherit', cwd: root });
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const asked = process.argv.slice(2);
  const names = asked.length ? asked : Object.keys(FAMILIES);
  const date = new Date().toISOString().slice(0, 10);
  try {
    withLab((lab) => recordFamilies(lab, names, date));
  } finally {
    removeScratch();
  }
}

function recordFamilies(lab: LabManifest, names: string[], date: string): void {
  for (const name of names) {
    const family = FAMILIES[name];
    if (!family) throw new Error(`unknown family ${name}; known: ${Object.keys(FAMILIES).join(' ')}`);
    if (!installed(family)) {
      process.stdout.write(`# ${name}: client not installed, its entries are kept as they are\n`);
      continue;
    }
    replaceRecorded(family.clients, record(lab, family.scenarios(), date));
  }
}

main();
