// Spring's Hikari data-source properties (spring.datasource.hikari.data-source-properties.*), as
// Connector/J and MariaDB Connector/J read them: one rule for the .properties and the YAML readers.
import type { Connection, ParamLocation } from '../model/connection';
import { setParam } from './text';
import { parseBool } from './values';

/**
 * Applies one driver property other than sslMode (each reader places its own sslMode problems).
 * `value` is undefined when the written value is not plain text.
 */
export function applyDataSourceProperty(c: Connection, name: string, value: string | undefined, at: ParamLocation): void {
  if (value === undefined) return;
  if (name === 'trustCertificateKeyStoreUrl') {
    c.tls.trustStore = value;
    setParam(c, 'trustStore', at);
  } else if (name === 'serverSslCert') {
    if (c.driver !== 'mariadb-java') {
      (c.settingNotes ??= []).push({ code: 'setting-ignored', key: at.key, span: at.span, message: "serverSslCert is MariaDB Connector/J's: Connector/J (jdbc:mysql:) reads trustCertificateKeyStoreUrl, or sslMode=VERIFY_CA with a trust store" });
      return;
    }
    c.tls.ca = value;
    setParam(c, 'ca', at);
  } else if (name === 'useSSL' || name === 'verifyServerCertificate') {
    const b = parseBool(value);
    if (b === undefined) return;
    if (name === 'useSSL' && c.tls.mode === undefined) {
      c.tls.mode = b ? 'VERIFY_CA' : 'DISABLED';
      setParam(c, 'mode', at);
    } else if (name === 'verifyServerCertificate') {
      c.tls.verifyServerCert = b;
      setParam(c, 'verifyServerCert', at);
    }
  }
}
