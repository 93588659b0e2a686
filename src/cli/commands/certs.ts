import { CertFilesExistError, CertInputError, MAX_CERT_DAYS, writeDevCertificates } from '../../engine/certs/generate';
import { terminalSafe } from '../../engine/report/escape';
import { parse, positiveInt } from '../args';
import { EXIT, UsageError } from '../errors';
import { runner } from '../runner';
import type { Io } from '../io';

export async function certsCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    host: { type: 'string', multiple: true },
    out: { type: 'string' },
    client: { type: 'boolean' },
    days: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const hosts = values.host ?? [];
  if (hosts.length === 0) throw new UsageError('give at least one --host (a DNS name or an IP address the clients connect to)');
  if (!values.out) throw new UsageError('give --out DIR, the folder to write the files to');
  const options = { client: values.client, days: positiveInt(values.days, '--days', MAX_CERT_DAYS, ' (100 years)'), overwrite: values.force };
  const written = await writeDevCertificates(values.out, hosts, options).catch((e) => {
    if (e instanceof CertFilesExistError) throw new UsageError(`${e.file} already exists: nothing was written (--force replaces the whole set)`);
    throw e instanceof CertInputError ? new UsageError(e.message) : e;
  });
  const result = terminalSafe(written);
  io.out(io.style.bold('Wrote:\n') + Object.entries(result.files).map(([k, p]) => `  ${k.padEnd(11)} ${p}\n`).join(''));
  if (result.removed.length) io.out(io.style.bold('\nRemoved (issued by the replaced CA):\n') + result.removed.map((p) => `  ${p}\n`).join(''));
  io.out(io.style.bold('\nOn the server:\n') + result.serverConfig.map((l) => `  ${l}\n`).join(''));
  io.out(io.style.bold('\nOn the client:\n') + result.clientConfig.map((l) => `  ${l}\n`).join(''));
  return EXIT.ok;
}

export const run = runner(certsCommand);
