// Plans the text edits that make a connection carry a change, in its own dialect's spelling.
import type { Connection } from '../../model/connection';
import { fail, type EditResult, type ParamChange } from './common';
import { dotnetEdit } from './dotnetWriter';
import { goEdit } from './goWriter';
import { jdbcEdit } from './jdbcWriter';
import { uriEdit } from './uriWriter';
import { dotenvGroupEdit } from './dotenvWriter';
import { optionFileEdit } from './optionFileWriter';
import { jsEdit } from './jsWriter';
import { phpModule } from '../code/sideModules';
import { readText } from '../readText';
import { pythonEdit } from './pythonWriter';
import { yamlEdit } from './yamlWriter';

export type { ParamChange } from './common';

/**
 * The edits that make `conn` (read from `text`) carry `change`, in that dialect's own spelling:
 * a value replaced in place, or one parameter/line inserted where the dialect puts it; every other
 * byte stays as it was. An error (never a throw) says why when the dialect cannot express it.
 */
export function planEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  try {
    if (conn.span.start < 0 || conn.span.end > text.length || conn.span.start > conn.span.end) {
      return fail('the connection is no longer where it was read: read the file again');
    }
    if (conn.dialect === 'settings') return fail('this connection comes from the tlsDoctor.connections setting: change it in settings.json');
    if (conn.dialect === 'cli') return fail('this connection was typed on the command line: there is no file to edit');
    if (conn.dialect === 'option-file') return optionFileEdit(text, conn, change);
    if (conn.dialect === 'dotenv' && conn.form === 'dotenv-group') return dotenvGroupEdit(text, conn, change);
    if (conn.dialect === 'js') return jsEdit(text, conn, change);
    if (conn.dialect === 'python') return pythonEdit(text, conn, change);
    if (conn.dialect === 'yaml') return yamlEdit(text, conn, change);
    if (conn.dialect === 'dotnet') return dotnetEdit(text, conn, change);
    if (conn.dialect === 'properties') return propertiesEdit(text, conn, change);
    if (conn.dialect === 'php') return phpModule().phpEdit(text, conn, change, (file, t) => readText(file, t).connections);
    return inlineEdit(text, conn, change);
  } catch (err) {
    return fail(`could not plan the edit (${(err as Error).name}): please report this`);
  }
}

/** Spring's .properties: a Hikari driver property replaced on its own line, else the JDBC URL. */
function propertiesEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  if (change.param !== 'mode' && change.param !== 'ca') return inlineEdit(text, conn, change);
  const loc = conn.params[change.param];
  if (!loc || !/hikari\.data-source-properties\.(sslMode|sslmode|serverSslCert)$/.test(loc.key)) return inlineEdit(text, conn, change);
  // A .properties value: a backslash is an escape there.
  return { edits: [{ span: loc.valueSpan, newText: change.value.replace(/\\/g, '\\\\') }] };
}

/** A URI, JDBC URL or Go DSN written somewhere in the text (also as a .env value). */
function inlineEdit(text: string, conn: Connection, change: ParamChange): EditResult {
  const { start, end } = conn.span;
  if (text.slice(start, start + 5).toLowerCase() === 'jdbc:') return jdbcEdit(text, conn, change);
  const sep = text.indexOf('://', start);
  if (sep >= 0 && sep < end) return uriEdit(text, conn, change);
  return goEdit(text, conn, change);
}
