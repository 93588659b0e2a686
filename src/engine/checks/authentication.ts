/**
 * Authentication that needs TLS: caching_sha2_password (MySQL 8's default) and sha256_password
 * send the password itself on a full authentication (the first login after a server restart or
 * FLUSH PRIVILEGES, or always for sha256_password). Over TLS that is safe; without TLS the client
 * must encrypt it with the server's RSA key. Some clients ask the server for that key on their
 * own; others refuse unless told to (error 2061, "Public Key Retrieval is not allowed").
 * What each client does was read from its source (see the README's driver table).
 */
import { driverName, type EffectiveTls } from '../drivers/effective';
import { C_LIBRARY_DRIVERS, cLibraryOf } from '../drivers/clibrary';
import type { ClientLibrary, Connection, DriverId, TlsSettings } from '../model/connection';
import { finding, type Finding, type Fix } from '../model/finding';
import { ENABLE_TLS_ON_SERVER } from './transport';

const SHA2_PLUGINS = new Set(['caching_sha2_password', 'sha256_password']);

/** How a client that does not fetch the key by itself says so, and how it is told to. */
interface KeyPolicy {
  error: string;
  retrieve: string;
  keyFile: string;
}

const LIBMYSQLCLIENT: KeyPolicy = {
  error: "ERROR 2061 (HY000): Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.",
  retrieve: '--get-server-public-key (get-server-public-key in an option file)',
  keyFile: '--server-public-key-path=FILE',
};
const CONNECTOR_J: KeyPolicy = {
  error: 'Public Key Retrieval is not allowed',
  retrieve: 'allowPublicKeyRetrieval=true',
  keyFile: 'serverRSAPublicKeyFile=FILE',
};
const DOTNET: KeyPolicy = {
  error: 'Retrieval of the RSA public key is not enabled for insecure connections',
  retrieve: 'AllowPublicKeyRetrieval=True',
  keyFile: 'ServerRSAPublicKeyFile=FILE',
};

/**
 * Clients that send no sha2 password without TLS unless given the key or allowed to fetch it.
 * Absent: clients that request the key from the server themselves (mysql2, go-sql-driver,
 * PyMySQL with `cryptography`, PHP's mysqlnd, Prisma, sqlx, MariaDB Connector/C).
 */
const NEEDS_KEY: Partial<Record<DriverId, KeyPolicy>> = {
  'mysql-cli': LIBMYSQLCLIENT,
  unknown: LIBMYSQLCLIENT,
  mysqlclient: LIBMYSQLCLIENT,
  'ruby-mysql2': LIBMYSQLCLIENT,
  // Its C extension (the default) runs on libmysqlclient; the pure-Python mode was not read here.
  'mysql-connector-python': LIBMYSQLCLIENT,
  'connector-j': CONNECTOR_J,
  'mariadb-java': { error: 'RSA public key is not available client side (option serverRsaPublicKeyFile not set)', retrieve: 'allowPublicKeyRetrieval=true', keyFile: 'serverRsaPublicKeyFile=FILE' },
  'mariadb-node': { error: 'RSA public key is not available client side. Either set option `cachingRsaPublicKey` to indicate public key path, or allow public key retrieval with option `allowPublicKeyRetrieval`', retrieve: 'allowPublicKeyRetrieval: true', keyFile: 'cachingRsaPublicKey: FILE' },
  'connector-net': DOTNET,
  mysqlconnector: { ...DOTNET, error: "Authentication method 'caching_sha2_password' failed. Either use a secure connection, specify the server's RSA public key with ServerRSAPublicKeyFile, or set AllowPublicKeyRetrieval=True." },
};

/** The context for a connection whose greeting was read. */
export function authContext(conn: Connection, eff: EffectiveTls, authPlugin: string | undefined, serverOffersTls: boolean): AuthContext {
  const lib = cLibraryOf(conn);
  // libmysqlclient is only ever assumed; MariaDB Connector/C is named (its version may not be).
  return { eff, tls: conn.tls, authPlugin, serverOffersTls, clientLibrary: lib.known || lib.library === 'libmariadb' ? lib.library : undefined };
}

export interface AuthContext {
  eff: EffectiveTls;
  tls: TlsSettings;
  /** The plugin the server's greeting names. */
  authPlugin?: string;
  serverOffersTls: boolean;
  /** The C library behind a C client, when known: MariaDB Connector/C fetches the key itself. */
  clientLibrary?: ClientLibrary;
}

/** `auth-needs-tls` when this client will log in without TLS and cannot send a sha2 password. */
export function authNeedsTls(a: AuthContext): Finding | undefined {
  if (!a.authPlugin || !SHA2_PLUGINS.has(a.authPlugin)) return undefined;
  if (a.eff.driver === 'mysql') return mysqljsCannotAuthenticate(a.authPlugin);
  const plaintext = a.eff.useTls === 'never' || (a.eff.useTls === 'if-offered' && !a.serverOffersTls);
  if (!plaintext || a.tls.publicKeyRetrieval || a.tls.serverPublicKeyFile) return undefined;
  if (a.clientLibrary === 'libmariadb' && C_LIBRARY_DRIVERS.has(a.eff.driver)) return undefined;
  const policy = NEEDS_KEY[a.eff.driver];
  if (!policy) return undefined;
  const who = driverName(a.eff.driver);
  const why = a.eff.useTls === 'never' ? `its settings turn TLS off (${a.eff.mode})` : 'the server offers no TLS, so it falls back to plaintext';
  return finding(
    'auth-needs-tls',
    `${a.authPlugin} needs TLS or the server's RSA key, and ${who} will have neither`,
    `The server's greeting names ${a.authPlugin} as its authentication plugin. Without TLS such a login must encrypt the password ` +
      `with the server's RSA public key, and ${who} does not fetch that key unless told to. This client connects without TLS (${why}), ` +
      `so a full authentication fails with "${policy.error}". ` +
      (a.authPlugin === 'caching_sha2_password'
        ? 'It may work for a while and then break: a login succeeds from the server\'s cache only after the same account logged in over TLS since the last restart or FLUSH PRIVILEGES. '
        : '') +
      `Use TLS (the fix below); or give the client the server's public key (${policy.keyFile}). ` +
      `${policy.retrieve} also works, but then a server in the middle can hand over its own key and read the password.`,
    { authPlugin: a.authPlugin, clientMode: a.eff.mode, serverOffersTls: a.serverOffersTls, clientError: policy.error },
    fixesFor(a, policy),
    'mode',
  );
}

/**
 * mysql (mysqljs) 2.18 knows mysql_native_password only (lib/protocol/Auth.js) and does not announce
 * CLIENT_PLUGIN_AUTH (ConnectionConfig.js), so a MySQL 8 account on caching_sha2_password or
 * sha256_password refuses it (1251 ER_NOT_SUPPORTED_AUTH_MODE; an auth switch it cannot follow is
 * UNSUPPORTED_AUTH_METHOD), with TLS or without: TLS is no fix here.
 */
function mysqljsCannotAuthenticate(plugin: string): Finding {
  return finding(
    'auth-needs-tls',
    `${plugin} is not supported by mysql (mysqljs), with TLS or without`,
    `The server's greeting names ${plugin} as its authentication plugin. mysql (mysqljs) speaks only mysql_native_password and does not announce plugin ` +
      `authentication, so an account on ${plugin} refuses it: "ER_NOT_SUPPORTED_AUTH_MODE: Client does not support authentication protocol requested by server; ` +
      'consider upgrading MySQL client" (or UNSUPPORTED_AUTH_METHOD after an auth switch). TLS does not change that. Use mysql2, which takes the same options ' +
      "and supports it, or give this application an account on mysql_native_password (ALTER USER … IDENTIFIED WITH mysql_native_password BY '…'; gone in MySQL 9).",
    { authPlugin: plugin, driver: 'mysql', clientError: 'ER_NOT_SUPPORTED_AUTH_MODE' },
    [
      { kind: 'manual', title: 'Switch the application to mysql2 (same createConnection options; it supports caching_sha2_password)', preferred: true },
      { kind: 'server-change', title: 'Or give the account mysql_native_password (MySQL 8.x only)', commands: ["ALTER USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY '…';"] },
    ],
  );
}

function fixesFor(a: AuthContext, policy: KeyPolicy): Fix[] {
  const key: Fix = { kind: 'manual', title: `Give the client the server's RSA public key (${policy.keyFile}; the server's public_key.pem)` };
  if (!a.serverOffersTls) return [ENABLE_TLS_ON_SERVER, key];
  return [
    { kind: 'set-ssl-mode', title: 'Use TLS and verify the server (ssl-mode=VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true },
    key,
    {
      kind: 'manual',
      title: `Let the client fetch the key from the server (${policy.retrieve})`,
      givesUp: 'a server in the middle can send its own RSA key and decrypt the password',
    },
  ];
}
