import type { DriverId, SslMode, TlsVersion } from '../model/connection';

/** What one client library will actually do with a connection's TLS settings, after its defaults. */
export interface EffectiveTls {
  driver: DriverId;
  /** What the client will do, after the driver's defaults. */
  mode: SslMode;
  /** 'never' (DISABLED / Go default), 'if-offered' (PREFERRED: falls back to plaintext), 'required'. */
  useTls: 'never' | 'if-offered' | 'required';
  verifyChain: boolean;
  verifyHostname: boolean;
  /** Versions the client will offer (the driver's default when not set). */
  versions: TlsVersion[];
  /** TLS <= 1.2 cipher list, if set. */
  ciphers?: string;
  /** TLS 1.3 suites, if set. */
  ciphersuites?: string;
  caSource: 'file' | 'system' | 'profile' | 'truststore' | 'none';
  /** Each default that was applied, in words. */
  notes: string[];
  /** How to write the secure setting in this driver. */
  secureSetting: string;
  /** Files written for the connection that this client never loads (PyMySQL drops a SQLAlchemy
   *  URL's ssl dict when ssl_verify_cert is given): checked as if they were not there. */
  unusedFiles?: ('ca' | 'capath' | 'cert' | 'key')[];
  /** The client stops on these settings before it connects (PyMySQL: Python refuses CERT_NONE
   *  while check_hostname is on), in words, with the parameter to change. */
  refusedBeforeConnecting?: { why: string; param: 'verifyServerCert' | 'verifyIdentity' };
}

/** The three facts a mode stands for; every driver is reduced to these. */
export interface TlsBehaviour {
  useTls: EffectiveTls['useTls'];
  verifyChain: boolean;
  verifyHostname: boolean;
}
