import type { Connection, SslMode, TlsVersion } from '../../model/connection';
import type { TextEdit } from '../../model/span';

/** A change a quick fix wants. */
export type ParamChange =
  | { param: 'mode'; value: SslMode }
  | { param: 'ca' | 'cert' | 'key'; value: string }
  | { param: 'host'; value: string }
  | { param: 'tlsVersions'; value: TlsVersion[] };

export function planEdit(_text: string, _conn: Connection, _change: ParamChange): { edits: TextEdit[] } | { error: string } {
  return { error: 'not yet' };
}
