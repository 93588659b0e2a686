import type { Rule } from './match';

/* .NET: MySqlConnector and MySQL Connector/NET. */

export const dotnetRules: Rule[] = [
  { client: 'dotnet', pattern: 'RSA public key retrieval not enabled (Connector/NET)', needles: ['retrieval of the rsa public key is not enabled for insecure connections'], codes: ['auth-needs-tls'], weight: 100 },
  { client: 'dotnet', pattern: 'sha2 authentication failed (MySqlConnector)', needles: ['either use a secure connection, specify the server\'s rsa public key'], codes: ['auth-needs-tls'], weight: 100 },
  { client: 'dotnet', pattern: 'SSL connection could not be established', needles: ['the ssl connection could not be established'], codes: [], weight: 10 },
  { client: 'dotnet', pattern: 'remote certificate invalid', needles: ['the remote certificate is invalid according to the validation procedure', 'the remote certificate was rejected by the provided remotecertificatevalidationcallback'], codes: ['ca-untrusted', 'hostname-mismatch', 'cert-expired'], weight: 60 },
  { client: 'dotnet', pattern: 'server does not support SSL', needles: ['server does not support ssl connections', 'ssl connection requested but the server does not support it'], codes: ['server-tls-disabled'], weight: 100 },
];
