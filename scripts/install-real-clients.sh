#!/usr/bin/env bash
# Installs the real MySQL/MariaDB clients the agreement suite (test/agreement) runs against the lab:
# Debian's PHP (mysqli, PDO), Go with go-sql-driver/mysql, PyMySQL, mysqlclient, SQLAlchemy and
# MariaDB Connector/J, then the npm drivers mysql (mysqljs) and mariadb into a folder of the suite's
# own (test/agreement/.clients, not the project's dependencies; mysql2 is already one of those).
# Without root the Debian part is skipped with a message; a client that is missing makes its cases
# report "not run" (a failure in CI).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
status=0
bash "$root/scripts/install-test-deps.sh" php-cli php-mysql golang-go golang-github-go-sql-driver-mysql-dev \
  python3-pymysql python3-mysqldb python3-sqlalchemy libmariadb-java mariadb-client || status=1
dir="$root/test/agreement/.clients"
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{ "private": true, "name": "agreement-clients" }' > "$dir/package.json"
if [ ! -d "$dir/node_modules/mysql" ] || [ ! -d "$dir/node_modules/mariadb" ]; then
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error --no-save mysql@2.18.1 mariadb@3.5) || status=1
fi
exit $status
