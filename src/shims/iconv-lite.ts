/**
 * Stands in for `iconv-lite` in the bundles (see esbuild.config.mjs). mysql2 calls iconv-lite only
 * for character sets Node's Buffer does not know; our connections read ASCII variables, so the
 * 480 KiB of code-page tables would only weigh down activation. CESU-8 (mysql2's name for
 * MySQL's utf8mb3) equals UTF-8 for the BMP, the only characters utf8mb3 can hold; other sets
 * decode through TextDecoder (which knows the common legacy ones). Encoding to a legacy set is
 * refused with a clear message instead of sending wrong bytes.
 */
function bufferEncoding(encoding: string): BufferEncoding | undefined {
  const e = encoding.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (e === 'cesu8' || e === 'utf8' || e === 'utf8mb3' || e === 'utf8mb4') return 'utf8';
  return Buffer.isEncoding(e) ? (e as BufferEncoding) : undefined;
}

export function getDecoder(encoding: string): { write(b: Buffer): string; end(): string } {
  const decoder = new TextDecoder(bufferEncoding(encoding) === 'utf8' ? 'utf-8' : encoding);
  return { write: (b) => decoder.decode(b, { stream: true }), end: () => decoder.decode() };
}

export function getEncoder(encoding: string): { write(s: string): Buffer; end(): Buffer | undefined } {
  const known = bufferEncoding(encoding);
  if (!known) throw new Error(`character set ${encoding} is not supported by this build of MySQL TLS Doctor (use utf8)`);
  return { write: (s) => Buffer.from(s, known), end: () => undefined };
}

export function encodingExists(encoding: string): boolean {
  if (bufferEncoding(encoding)) return true;
  try {
    new TextDecoder(encoding);
    return true;
  } catch {
    return false;
  }
}
