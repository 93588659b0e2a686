// Python connections read from the syntax tree: Django DATABASES, SQLAlchemy create_engine with
// connect_args, the drivers' connect calls; the driver each means; values from .env; settings a
// driver ignores; and quick fixes written as that driver reads them, byte for byte.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { loadGrammarFor } from '../../src/engine/dialects/code';
import { envFromText } from '../../src/engine/dialects/code/env';
import type { Connection } from '../../src/engine/model/connection';
import { applyEdits } from '../../src/engine/model/span';

before(async () => {
  assert.ok(await loadGrammarFor('x.py'), 'the Python grammar loads');
});

const noEnv = envFromText('');
const read = (text: string, env = noEnv, file = 'settings.py'): Connection[] => readText(file, text, { env }).connections;

function edit(text: string, change: ParamChange, index = 0): string {
  const c = read(text)[index];
  const r = planEdit(text, c, change);
  if ('error' in r) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

const DJANGO = `DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n        'NAME': 'shop',\n        'USER': 'app',\n        'HOST': os.environ.get('DB_HOST', 'localhost'),\n        'PORT': '3307',\n        'OPTIONS': {\n            'ssl': {'ca': '/etc/ssl/ca.pem'},\n            'ssl_mode': 'VERIFY_CA',\n        },\n    },\n    'analytics': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'pg'},\n}\n`;

test('Django: a mysql ENGINE entry is a mysqlclient connection with its OPTIONS; PostgreSQL is not read', () => {
  const cs = read(DJANGO, envFromText('DB_HOST=db.internal'));
  assert.equal(cs.length, 1);
  const [c] = cs;
  assert.equal(c.dialect, 'python');
  assert.equal(c.driver, 'mysqlclient');
  assert.equal(c.host, 'db.internal');
  assert.equal(c.origins?.host, 'from .env (DB_HOST)');
  assert.equal(c.port, 3307);
  assert.equal(c.user, 'app');
  assert.equal(c.database, 'shop');
  assert.equal(c.tls.mode, 'VERIFY_CA');
  assert.equal(c.tls.ca, '/etc/ssl/ca.pem');
  const ca = c.params.ca!;
  assert.equal(DJANGO.slice(ca.valueSpan.start, ca.valueSpan.end), '/etc/ssl/ca.pem');
});

test('Django without .env: the default of os.environ.get is used and said so', () => {
  const [c] = read(DJANGO);
  assert.equal(c.host, 'localhost');
  assert.match(c.origins?.host ?? '', /DB_HOST not in the project's \.env: its default/);
});

test('SQLAlchemy: the URL names the driver, connect_args carry its TLS options', () => {
  const text = `from sqlalchemy import create_engine\nengine = create_engine("mysql+pymysql://app@db.example.com:3306/shop", connect_args={"ssl": {"ca": "certs/ca.pem", "check_hostname": False}})\nother = create_engine("postgresql://u@pg/db", connect_args={"sslmode": "require"})\n`;
  const [c, ...rest] = read(text, noEnv, 'db.py');
  assert.equal(rest.length, 0);
  assert.equal(c.driver, 'pymysql');
  assert.equal(c.host, 'db.example.com');
  assert.equal(c.tls.ca, 'certs/ca.pem');
  assert.equal(c.tls.verifyIdentity, false);
});

test('driver connect calls: pymysql, MySQLdb and mysql.connector keyword arguments', () => {
  const text = `import pymysql\nimport MySQLdb\nimport mysql.connector\na = pymysql.connect(host='a', port=3306, ssl_ca='ca.pem', ssl_verify_identity=True)\nb = MySQLdb.connect(host='b', ssl={'ca': 'ca.pem'}, ssl_mode='REQUIRED')\nc = mysql.connector.connect(host='c', ssl_disabled=True, ssl_mode='REQUIRED')\nd = psycopg2.connect(host='pg', sslmode='require')\n`;
  const cs = read(text, noEnv, 'db.py');
  assert.deepEqual(cs.map((c) => [c.host, c.driver, c.tls.mode]), [['a', 'pymysql', undefined], ['b', 'mysqlclient', 'REQUIRED'], ['c', 'mysql-connector-python', 'DISABLED']]);
  assert.equal(cs[0].tls.ca, 'ca.pem');
  assert.equal(cs[0].tls.verifyIdentity, true);
  assert.deepEqual(cs[2].settingNotes?.map((n) => n.key), ['ssl_mode'], 'Connector/Python does not read ssl_mode');
});

test('half-typed Python still reads', () => {
  const text = `import pymysql\nconn = pymysql.connect(host='h', ssl={'ca': 'ca.pem', `;
  const cs = read(text, noEnv, 'db.py');
  assert.equal(cs.length, 1);
  assert.equal(cs[0].host, 'h');
});

test('Django quick fix: ssl_mode changed inside its quotes, nothing else', () => {
  assert.equal(edit(DJANGO, { param: 'mode', value: 'VERIFY_IDENTITY' }), DJANGO.replace("'ssl_mode': 'VERIFY_CA'", "'ssl_mode': 'VERIFY_IDENTITY'"));
});

test('Django entry without OPTIONS gets one, after its last key', () => {
  const text = `DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'HOST': 'h'}}\n`;
  assert.equal(edit(text, { param: 'mode', value: 'VERIFY_IDENTITY' }), `DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'HOST': 'h', 'OPTIONS': {'ssl_mode': 'VERIFY_IDENTITY'}}}\n`);
});

test('PyMySQL quick fix: verification as ssl_verify_cert/ssl_verify_identity keyword arguments, on their own lines', () => {
  const text = `conn = pymysql.connect(\n    host="h",\n    ssl_ca="ca.pem",\n)\n`;
  assert.equal(edit(text, { param: 'mode', value: 'VERIFY_IDENTITY' }), `conn = pymysql.connect(\n    host="h",\n    ssl_ca="ca.pem",\n    ssl_verify_cert=True,\n    ssl_verify_identity=True,\n)\n`);
});

test('mysqlclient quick fix: a CA goes into the ssl dict', () => {
  const text = `c = MySQLdb.connect(host='h', ssl={'cert': 'c.pem'})\n`;
  assert.equal(edit(text, { param: 'ca', value: '/etc/ca.pem' }), `c = MySQLdb.connect(host='h', ssl={'cert': 'c.pem', 'ca': '/etc/ca.pem'})\n`);
});
