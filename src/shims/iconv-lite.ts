/**
 * Stands in for `iconv-lite` in the bundles (see esbuild.config.mjs). mysql2 calls iconv-lite only
 * for character sets Node's Buffer does not know; our connections use utf8 and read ASCII
 * variables, so the 480 KiB of code-page tables would only weigh down activation. Decoding falls
 * back to TextDecoder (which knows the common legacy sets); encoding to such a set is refused
 * with a clear message instead of sending wrong bytes.
 */
export function getDecoder(encoding: string): { write(b: Buffer): string; end(): string } {
  const decoder = new TextDecoder(encoding);
  return { write: (b) => decoder.decode(b, { stream: true }), end: () => decoder.decode() };
}

export function getEncoder(encoding: string): never {
  throw new Error(`character set ${encoding} is not supported by this build of MySQL TLS Doctor (use utf8)`);
}

export function encodingExists(encoding: string): boolean {
  try {
    new TextDecoder(encoding);
    return true;
  } catch {
    return false;
  }
}
