# Agreement runner for the Python clients: `python3 python-drivers.py`, Debian's python3 (the
# packages python3-pymysql, python3-mysqldb, python3-sqlalchemy). One case a line, one answer each:
#   {"id", "code": path}  runs the user's own file (a pymysql.connect / MySQLdb.connect call that
#                         binds `conn`), then SELECT 1 on that connection;
#   {"id", "url": url}    SQLAlchemy: create_engine(url).connect(), SELECT 1 (the URL as written in
#                         the .env; only the connect timeout is added, as connect_args).
import json
import sys

CONNECT_TIMEOUT_S = 5


def run_code(path):
    namespace = {"__name__": "agreement_case"}
    with open(path, encoding="utf-8") as f:
        exec(compile(f.read(), path, "exec"), namespace)
    conn = namespace["conn"]
    try:
        cur = conn.cursor()
        cur.execute("SELECT 1")
        cur.fetchall()
    finally:
        conn.close()


def run_url(url):
    import sqlalchemy
    from sqlalchemy.pool import NullPool

    engine = sqlalchemy.create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text("SELECT 1")).fetchall()
    finally:
        engine.dispose()


def message(e):
    # SQLAlchemy wraps the driver's error: its message is the one users see first.
    text = str(e).split("\n")[0]
    return f"{type(e).__name__}: {text}"


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            if "url" in case:
                run_url(case["url"])
            else:
                run_code(case["code"])
            answer = {"id": case["id"], "ok": True}
        except BaseException as e:  # noqa: BLE001 - every failure is the case's answer
            answer = {"id": case["id"], "ok": False, "error": message(e)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


main()
