// Agreement runner for the Node.js drivers: `node node-drivers.cjs mysql2|mysql|mariadb`.
// Reads one case a line ({ id, host, port, user, password, database, ssl }) and answers one line
// each: connect, SELECT 1, close. `ssl` is the driver's own option object, with file paths in
// caFile/certFile/keyFile read here as the users' code does (fs.readFileSync).
const fs = require('node:fs');
const readline = require('node:readline');

const which = process.argv[2];
const CONNECT_TIMEOUT_MS = 5000;

function sslOption(ssl) {
  if (ssl === undefined || ssl === null || typeof ssl !== 'object') return ssl;
  const out = { ...ssl };
  for (const [from, to] of [['caFile', 'ca'], ['certFile', 'cert'], ['keyFile', 'key']]) {
    if (out[from] !== undefined) {
      out[to] = fs.readFileSync(out[from]);
      delete out[from];
    }
  }
  return out;
}

async function viaMysql2(c) {
  const mysql = require('mysql2/promise');
  const conn = await mysql.createConnection({ host: c.host, port: c.port, user: c.user, password: c.password, database: c.database, connectTimeout: CONNECT_TIMEOUT_MS, ssl: sslOption(c.ssl) });
  try { await conn.query('SELECT 1'); } finally { conn.destroy(); }
}

function viaMysqljs(c) {
  const mysql = require('mysql');
  return new Promise((resolve, reject) => {
    let conn;
    try {
      conn = mysql.createConnection({ host: c.host, port: c.port, user: c.user, password: c.password, database: c.database, connectTimeout: CONNECT_TIMEOUT_MS, ssl: sslOption(c.ssl) });
    } catch (e) { reject(e); return; }
    conn.on('error', () => undefined);
    conn.query('SELECT 1', (err) => { conn.destroy(); if (err) reject(err); else resolve(); });
  });
}

async function viaMariadb(c) {
  const mariadb = require('mariadb');
  const conn = await mariadb.createConnection({ host: c.host, port: c.port, user: c.user, password: c.password, database: c.database, connectTimeout: CONNECT_TIMEOUT_MS, ssl: sslOption(c.ssl) });
  try { await conn.query('SELECT 1'); } finally { conn.destroy(); }
}

const RUN = { mysql2: viaMysql2, mysql: viaMysqljs, mariadb: viaMariadb };

async function main() {
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    try {
      await RUN[which](c);
      process.stdout.write(JSON.stringify({ id: c.id, ok: true }) + '\n');
    } catch (e) {
      const msg = `${e && e.code ? e.code + ': ' : ''}${e && e.message ? e.message : String(e)}`;
      process.stdout.write(JSON.stringify({ id: c.id, ok: false, error: msg }) + '\n');
    }
  }
  process.exit(0);
}
process.on('uncaughtException', (e) => { process.stderr.write(`uncaught: ${e && e.message}\n`); });
main();
