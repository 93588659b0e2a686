// The dialects' public face: read connections from files, strings and settings; plan edits.
export { readText, readTextAsync, isConnectionFile } from './readText';
export { parseConnectionString } from './parseString';
export { connectionsFromSettings, type SettingsConnection } from './settings';
export { planEdit, type ParamChange } from './writers/planEdit';
