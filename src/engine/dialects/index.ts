// The dialects' public face: read connections from files, strings and settings; plan edits.
export { readText, isConnectionFile } from './readText';
export { parseConnectionString } from './parseString';
export { connectionsFromSettings, type SettingsConnection } from './settings';
export { planEdit, type ParamChange } from './writers/planEdit';
