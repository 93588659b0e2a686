/**
 * The MySQL-protocol probe: greeting, TLS version and cipher enumeration with hand-written
 * ClientHellos, and a real handshake with the client's settings. Never imports `vscode`.
 */
export type { ProbeTarget, ProbeOptions, ProbeFailure, Greeting } from './types';
export { readGreeting } from './greeting';
export { enumerateTls, type EnumerateOptions, type TlsEnumeration } from './enumerate';
export { tlsHandshake, type HandshakeSettings, type HandshakeResult } from './handshake';
export { suiteName } from './ciphers';
