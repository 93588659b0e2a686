// Issue 12, bad input: UTF-16 files with a byte-order mark (as PowerShell's Out-File and Notepad's
// "Unicode" write them), little- and big-endian, are read like their UTF-8 twins, spans exact.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readText } from '../../src/engine/dialects';
import { decodeText } from '../../src/engine/dialects/readText';
import { scanDirectory } from '../../src/engine/scan/scan';
import { tempDir } from '../helpers/temp-dir';

const FILES: Record<string, string> = {
  '.env': 'MYSQL_HOST=db.example.com\nMYSQL_PORT=3306\nMYSQL_SSL_MODE=VERIFY_CA\n',
  'my.cnf': '[client]\nhost=db.example.com\nssl-mode=REQUIRED\n',
  'app.ts': 'const url = "mysql://app@db.example.com:3306/shop?ssl-mode=VERIFY_IDENTITY";\n',
};

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return endian === 'le' ? le : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(Buffer.from(text, 'utf16le')).swap16()]);
}

for (const endian of ['le', 'be'] as const) {
  test(`UTF-16${endian.toUpperCase()} .env, my.cnf and source files: the same connections as in UTF-8, each span on its own text`, () => {
    for (const [name, text] of Object.entries(FILES)) {
      const decoded = decodeText(utf16(text, endian));
      assert.equal(decoded, `\uFEFF${text}`, name);
      const twin = readText(name, `\uFEFF${text}`);
      const read = readText(name, decoded);
      assert.equal(read.connections.length, 1, name);
      const c = read.connections[0];
      assert.equal(c.host, 'db.example.com');
      assert.equal(c.tls.mode, twin.connections[0].tls.mode);
      assert.deepEqual(c.span, twin.connections[0].span);
      const mode = c.params.mode!;
      assert.match(decoded.slice(mode.valueSpan.start, mode.valueSpan.end), /^(VERIFY_CA|REQUIRED|VERIFY_IDENTITY)$/, 'a quick fix replaces exactly the value');
    }
  });

  test(`scan finds UTF-16${endian.toUpperCase()} files with ripgrep and without, at the UTF-8 twin's lines and columns`, async (t) => {
    const dir = tempDir(t);
    for (const [name, text] of Object.entries(FILES)) {
      writeFileSync(join(dir, name), utf16(text, endian));
      writeFileSync(join(dir, `twin-${name === '.env' ? 'app.env' : name}`), text);
    }
    for (const ripgrep of [undefined, '/usr/bin/rg']) {
      const r = await scanDirectory(dir, { ripgrep });
      const at = (f: string) => r.entries.filter((e) => e.file === f).map(({ line, column, endLine, endColumn, host, sslMode }) => ({ line, column, endLine, endColumn, host, sslMode }));
      for (const name of Object.keys(FILES)) {
        assert.equal(at(name).length, 1, `${name} found (${r.search})`);
        assert.deepEqual(at(name), at(`twin-${name === '.env' ? 'app.env' : name}`), `${name} (${r.search})`);
      }
    }
  });
}

test('a UTF-16 file cut at an odd byte count is read up to its last whole character', () => {
  const bytes = utf16('DB_URL=mysql://db/x\n', 'le');
  assert.equal(decodeText(bytes.subarray(0, bytes.length - 1)), '\uFEFFDB_URL=mysql://db/x');
});
