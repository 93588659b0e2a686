import { CLIENT_CERT_UNKNOWN_CA } from './advice';
import type { Rule } from './match';

/* MySQL Connector/J, MariaDB Connector/J and the JDK's TLS (JSSE) underneath both. */

const LINK_FAILURE =
  'Connector/J reports "Communications link failure" for every failure before the first packet, TLS handshake errors included: the cause is the last "Caused by:" (e.g. javax.net.ssl.SSLHandshakeException), not the network.';

const NO_APPROPRIATE_PROTOCOL =
  '"No appropriate protocol (protocol is disabled or cipher suites are inappropriate)" is the JDK refusing before it asks the server: the protocols enabled on the CLIENT (enabledTLSProtocols / tlsVersions, or jdk.tls.disabledAlgorithms in java.security, which disables TLSv1 and TLSv1.1 since 8u291 / 11.0.11) leave nothing usable.';

const PKIX =
  '"PKIX path building failed" does not tell a wrong trust store from a missing intermediate: the JDK found no path from the server certificate to any trusted CA (the JDK cacerts when no trustCertificateKeyStoreUrl / serverSslCert is given).';

const UNKNOWN_CA =
  '"Received fatal alert: unknown_ca" is not the JDK distrusting the server: the alert is sent BY THE SERVER, which could not trace the CLIENT certificate (clientCertificateKeyStoreUrl) to any CA in its ssl_ca. The trust store is not in question.';

const UNRECOGNIZED =
  '"Unsupported or unrecognized SSL message" means the reply was not TLS: usually a server without TLS, not a TLS version problem.';

export const javaRules: Rule[] = [
  { client: 'connector-j', pattern: 'Communications link failure', needles: ['communications link failure', 'communicationsexception'], codes: ['unreachable'], weight: 15, fallback: true, misleading: LINK_FAILURE },
  { client: 'connector-j', pattern: 'SSL required but not supported', needles: ['ssl connection required, but not supported by server', 'ssl not enabled in the server', 'server does not support ssl'], codes: ['server-tls-disabled'], weight: 100 },
  { client: 'connector-j', pattern: 'hostname verification failed', needles: ['ssl hostname verification failed', "doesn't correspond to certificate", "doesn't match any of the subject alternative names"], codes: ['hostname-mismatch'], weight: 95 },
  { client: 'connector-j', pattern: 'serverSslCert not found', needles: ['failed to find serversslcert file'], codes: ['file-missing'], weight: 90 },
  { client: 'connector-j', pattern: 'serverSslCert not a certificate', needles: ['failed to store certificate from serversslcert', 'certificateparsingexception', 'could not parse certificate'], codes: ['file-wrong-kind', 'file-der-encoded', 'file-truncated'], weight: 65 },
  { client: 'connector-j', pattern: 'could not create connection', needles: ['could not create connection to database server', 'could not connect to'], codes: [], weight: 10 },
  { client: 'connector-j', pattern: 'public key retrieval not allowed', needles: ['public key retrieval is not allowed'], codes: ['auth-needs-tls'], weight: 100 },
  { client: 'mariadb', pattern: 'RSA public key not available client side', needles: ['rsa public key is not available client side'], codes: ['auth-needs-tls'], weight: 100 },
  { client: 'jsse', pattern: 'SSLHandshakeException', needles: ['sslhandshakeexception', 'javax.net.ssl.sslexception'], codes: [], weight: 10 },
  { client: 'jsse', pattern: 'PKIX path building failed', needles: ['pkix path building failed', 'unable to find valid certification path'], codes: ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], weight: 80, misleading: PKIX },
  { client: 'jsse', pattern: 'no trust anchor', needles: ['path does not chain with any of the trust anchors', 'trust anchor for certification path not found'], codes: ['ca-untrusted'], weight: 85 },
  { client: 'jsse', pattern: 'CertificateExpiredException', needles: ['certificateexpiredexception', 'notafter:'], codes: ['cert-expired'], weight: 95 },
  { client: 'jsse', pattern: 'CertificateNotYetValidException', needles: ['certificatenotyetvalidexception', 'notbefore:'], codes: ['cert-not-yet-valid'], weight: 95 },
  { client: 'jsse', pattern: 'validity check failed', needles: ['validity check failed', 'timestamp check failed'], codes: ['cert-expired', 'cert-not-yet-valid'], weight: 80 },
  { client: 'jsse', pattern: 'No appropriate protocol', needles: ['no appropriate protocol'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 75, misleading: NO_APPROPRIATE_PROTOCOL },
  { client: 'jsse', pattern: 'protocol not accepted', needles: ['is not accepted by client preferences', 'but that protocol version is not enabled', 'is not enabled or supported in server context', 'the client supported protocol versions', 'protocol version not supported'], codes: ['tls-version-mismatch'], weight: 90 },
  { client: 'jsse', pattern: 'no subject alternative name', needles: ['no subject alternative dns name matching', 'no subject alternative names matching ip address', 'no subject alternative names present', 'no name matching'], codes: ['hostname-mismatch'], weight: 95 },
  { client: 'jsse', pattern: 'fatal alert: handshake_failure', needles: ['fatal alert: handshake failure'], codes: ['cipher-mismatch', 'tls-version-mismatch'], weight: 55 },
  { client: 'jsse', pattern: 'fatal alert: protocol_version', needles: ['fatal alert: protocol version'], codes: ['tls-version-mismatch'], weight: 85 },
  { client: 'jsse', pattern: 'fatal alert: insufficient_security', needles: ['fatal alert: insufficient security'], codes: ['cipher-mismatch', 'tls-version-mismatch'], weight: 60 },
  { client: 'jsse', pattern: 'fatal alert: unknown_ca', needles: ['fatal alert: unknown ca'], codes: ['ca-untrusted'], weight: 60, advice: CLIENT_CERT_UNKNOWN_CA, param: 'cert', misleading: UNKNOWN_CA },
  { client: 'jsse', pattern: 'fatal alert: certificate_expired', needles: ['fatal alert: certificate expired'], codes: ['client-cert-expired'], weight: 85 },
  { client: 'jsse', pattern: 'fatal alert: bad_certificate', needles: ['fatal alert: bad certificate', 'fatal alert: certificate required', 'fatal alert: certificate unknown'], codes: ['ca-untrusted', 'client-cert-expired'], weight: 50 },
  { client: 'jsse', pattern: 'fatal alert: internal_error', needles: ['fatal alert: internal error'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 30 },
  { client: 'jsse', pattern: 'no cipher suites in common', needles: ['no cipher suites in common', 'no negotiable cipher suite', 'no supported cipher suites'], codes: ['cipher-mismatch'], weight: 85 },
  { client: 'jsse', pattern: 'unrecognized SSL message', needles: ['unsupported or unrecognized ssl message', 'unrecognized ssl message, plaintext connection'], codes: ['server-tls-disabled', 'tls-version-mismatch'], weight: 55, misleading: UNRECOGNIZED },
  { client: 'jsse', pattern: 'remote host closed handshake', needles: ['remote host terminated the handshake', 'remote host closed connection during handshake'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 25, note: 'The server closed the connection during the handshake without an alert.' },
  { client: 'jsse', pattern: 'keystore password', needles: ['keystore was tampered with, or password was incorrect'], codes: ['key-encrypted'], weight: 50, note: 'The key store password (clientCertificateKeyStorePassword / trustCertificateKeyStorePassword) does not open the store.' },
  { client: 'jsse', pattern: 'invalid keystore format', needles: ['invalid keystore format', 'toderinputstream rejects tag type'], codes: ['file-wrong-kind'], weight: 60 },
  { client: 'jsse', pattern: 'FileNotFoundException', needles: ['filenotfoundexception'], codes: ['file-missing'], weight: 60 },
];
