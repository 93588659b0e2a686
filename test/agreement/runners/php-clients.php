<?php
// Agreement runner for PHP's mysqli and PDO (both on mysqlnd): one case a line on stdin,
// { id, api: "mysqli"|"pdo", host, port, user, password, database, ssl: { key, cert, ca, cipher },
//   clientSsl, dontVerify, verify }, each connected the way its users write it, then SELECT 1.
// mysqli: ssl_set(key, cert, ca, null, cipher) when a file or cipher is given, real_connect with
// MYSQLI_CLIENT_SSL (and MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT), MYSQLI_OPT_SSL_VERIFY_SERVER_CERT.
// PDO: the PDO::MYSQL_ATTR_SSL_* attributes. One JSON line out per case.
mysqli_report(MYSQLI_REPORT_OFF);
const CONNECT_TIMEOUT = 5;

// PHP reports TLS and stream failures as warnings beside the driver's error: keep the last ones.
$warnings = [];
set_error_handler(function ($no, $str) use (&$warnings) {
    $warnings[] = $str;
    return true;
});

function viaMysqli(array $c): void {
    $db = mysqli_init();
    $db->options(MYSQLI_OPT_CONNECT_TIMEOUT, CONNECT_TIMEOUT);
    $ssl = $c['ssl'] ?? [];
    if ($ssl) $db->ssl_set($ssl['key'] ?? null, $ssl['cert'] ?? null, $ssl['ca'] ?? null, null, $ssl['cipher'] ?? null);
    if (isset($c['verify'])) $db->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, (bool) $c['verify']);
    $flags = 0;
    if (!empty($c['clientSsl'])) $flags |= MYSQLI_CLIENT_SSL;
    if (!empty($c['dontVerify'])) $flags |= MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT;
    if (!@$db->real_connect($c['host'], $c['user'], $c['password'], $c['database'], $c['port'], null, $flags)) {
        throw new RuntimeException(mysqli_connect_errno() . ': ' . mysqli_connect_error());
    }
    $r = $db->query('SELECT 1');
    if (!$r || $r->fetch_row()[0] != 1) throw new RuntimeException('SELECT 1: ' . $db->error);
    $db->close();
}

function viaPdo(array $c): void {
    $attrs = [PDO::ATTR_TIMEOUT => CONNECT_TIMEOUT, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION];
    $ssl = $c['ssl'] ?? [];
    if (isset($ssl['key'])) $attrs[PDO::MYSQL_ATTR_SSL_KEY] = $ssl['key'];
    if (isset($ssl['cert'])) $attrs[PDO::MYSQL_ATTR_SSL_CERT] = $ssl['cert'];
    if (isset($ssl['ca'])) $attrs[PDO::MYSQL_ATTR_SSL_CA] = $ssl['ca'];
    if (isset($ssl['cipher'])) $attrs[PDO::MYSQL_ATTR_SSL_CIPHER] = $ssl['cipher'];
    if (isset($c['verify'])) $attrs[PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT] = (bool) $c['verify'];
    $dsn = "mysql:host={$c['host']};port={$c['port']};dbname={$c['database']}";
    $pdo = new PDO($dsn, $c['user'], $c['password'], $attrs);
    $v = $pdo->query('SELECT 1')->fetchColumn();
    if ($v != 1) throw new RuntimeException('SELECT 1 gave no 1');
    $pdo = null;
}

while (($line = fgets(STDIN)) !== false) {
    $line = trim($line);
    if ($line === '') continue;
    $c = json_decode($line, true);
    $warnings = [];
    try {
        if ($c['api'] === 'pdo') viaPdo($c); else viaMysqli($c);
        $out = ['id' => $c['id'], 'ok' => true];
    } catch (Throwable $e) {
        $seen = array_slice($warnings, -3);
        $out = ['id' => $c['id'], 'ok' => false, 'error' => $e->getMessage() . ($seen ? ' | warnings: ' . implode(' | ', $seen) : '')];
    }
    echo json_encode($out, JSON_UNESCAPED_SLASHES), "\n";
    fflush(STDOUT);
}
