"""Crash-recovery check: kill -9 the server during concurrent inserts and
during an index build, restart it, and verify that

  - every insert whose COMMIT was acknowledged is still there,
  - the similarity index answers exactly like a sequential scan (ORDER BY
    vec <-> q LIMIT 10 and WHERE vec % q), without REINDEX,
  - a crash during CREATE INDEX leaves the table intact and the index can
    be built afterwards.

Run by check-crash-recovery.sh, which starts a cluster of its own (with
fsync on) and passes its data directory and pg_ctl path.  Prints one line
per check and "N passed, N failed".
"""

import os
import random
import signal
import subprocess
import sys
import threading
import time

import psycopg2

DATA, PG_CTL, AS_PG = sys.argv[1], sys.argv[2], sys.argv[3:]  # AS_PG: runuser prefix
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print("%s: %s%s" % ("ok" if ok else "FAILED", name, (" (" + detail + ")") if detail else ""),
          flush=True)


def connect():
    for _ in range(120):
        try:
            c = psycopg2.connect(dbname="crashcheck", connect_timeout=10)
            c.autocommit = True
            return c
        except psycopg2.OperationalError:
            time.sleep(0.5)
    raise SystemExit("server did not come back")


def children(pid):
    """Process ids whose parent is pid, read from /proc (no procps needed:
    a bare Debian has no pkill)."""
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue                           # exited meanwhile
        # The command name in parentheses may contain blanks: the fields
        # after the last ")" are state, ppid, ...
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def crash():
    """kill -9 the postmaster and every backend at once."""
    with open(os.path.join(DATA, "postmaster.pid")) as f:
        pid = int(f.readline())
    # SIGSTOP first so that the postmaster cannot fork a new backend
    # between reading its children and killing it.
    os.kill(pid, signal.SIGSTOP)
    for kid in children(pid):
        try:
            os.kill(kid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        try:
            os.kill(pid, 0)
            time.sleep(0.1)
        except ProcessLookupError:
            break
    time.sleep(0.5)


def restart():
    opts = "-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=on" % (
        os.environ["PGPORT"], os.environ["PGHOST"])
    subprocess.run(AS_PG + [PG_CTL, "-D", DATA, "-w", "-t", "120", "-o", opts, "-l",
                            os.path.join(os.path.dirname(DATA), "server.log"), "start"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
                   cwd="/")  # postgres may not read our working directory


def bodies(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT body FROM articles")
        sentences = [s.strip() + "." for (b,) in cur.fetchall() for s in b.split(". ") if s.strip()]
    return sentences


def make_body(rng, sentences):
    return " ".join(rng.sample(sentences, rng.randint(3, 8)))


def inserter(stop, committed, sentences, seed):
    rng = random.Random(seed)
    try:
        c = psycopg2.connect(dbname="crashcheck", connect_timeout=10)
        c.autocommit = True
        cur = c.cursor()
        while not stop.is_set():
            cur.execute("INSERT INTO crash_articles (body, vec) "
                        "SELECT b, news_vector(b) FROM (SELECT %s::text AS b) s RETURNING id",
                        (make_body(rng, sentences),))
            committed.append(cur.fetchone()[0])
    except psycopg2.Error:
        pass                                   # the crash


def same_as_seqscan(conn, queries):
    """Top-10 distances and % counts with the index equal the seq scan's."""
    bad = 0
    with conn.cursor() as cur:
        for qid in queries:
            res = []
            for idx in (True, False):
                cur.execute("SET enable_seqscan = %s; SET enable_indexscan = %s; SET enable_bitmapscan = %s"
                            % (("off", "on", "on") if idx else ("on", "off", "off")))
                cur.execute("SELECT round((vec <-> q)::numeric, 9) FROM crash_articles, "
                            "(SELECT vec AS q FROM crash_articles WHERE id = %s) s "
                            "ORDER BY vec <-> q LIMIT 10", (qid,))
                top = [r[0] for r in cur.fetchall()]
                cur.execute("SELECT count(*) FROM crash_articles, "
                            "(SELECT vec AS q FROM crash_articles WHERE id = %s) s WHERE vec %% q", (qid,))
                res.append((top, cur.fetchone()[0]))
            if res[0] != res[1]:
                bad += 1
        cur.execute("RESET enable_seqscan; RESET enable_indexscan; RESET enable_bitmapscan")
    return bad


def ivf_same_as_seqscan(conn, queries):
    """Top-10 distances through news_ivf at probes >= lists equal the seq
    scan's (the GiST index is dropped inside a rolled-back transaction so
    that the plan must use news_ivf)."""
    bad = 0
    with conn.cursor() as cur:
        cur.execute("BEGIN")
        cur.execute("DROP INDEX crash_articles_vec")
        cur.execute("SET LOCAL news_analytics.ivf_probes = 32768")
        cur.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on")
        cur.execute("EXPLAIN (COSTS OFF) SELECT id FROM crash_articles "
                    "ORDER BY vec <-> (SELECT vec FROM crash_articles WHERE id = 1) LIMIT 10")
        used = "crash_articles_ivf" in "\n".join(r[0] for r in cur.fetchall())
        for qid in queries:
            res = []
            for idx in (True, False):
                cur.execute("SET LOCAL enable_seqscan = %s; SET LOCAL enable_indexscan = %s"
                            % (("off", "on") if idx else ("on", "off")))
                cur.execute("SELECT round((vec <-> q)::numeric, 9) FROM crash_articles, "
                            "(SELECT vec AS q FROM crash_articles WHERE id = %s) s "
                            "ORDER BY vec <-> q LIMIT 10", (qid,))
                res.append([r[0] for r in cur.fetchall()])
            if res[0] != res[1]:
                bad += 1
        cur.execute("ROLLBACK")
    return bad if used else len(queries)


def main():
    conn = connect()
    sentences = bodies(conn)
    rng = random.Random(7)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE crash_articles (id serial PRIMARY KEY, body text, vec news_vector)")
        for _ in range(1500):
            b = make_body(rng, sentences)
            cur.execute("INSERT INTO crash_articles (body, vec) VALUES (%s, news_vector(%s::text))", (b, b))
        cur.execute("CREATE INDEX crash_articles_vec ON crash_articles USING gist (vec)")
        cur.execute("CREATE INDEX crash_articles_ivf ON crash_articles USING news_ivf (vec) "
                    "WITH (lists = 8)")

    # 1. kill -9 during concurrent inserts
    # Daemon threads, stopped in a finally: if the crash itself fails, the
    # inserters must not keep the program alive for ever.
    stop = threading.Event()
    committed = []
    threads = [threading.Thread(target=inserter, args=(stop, committed, sentences, s), daemon=True)
               for s in range(4)]
    try:
        for t in threads:
            t.start()
        time.sleep(4)
        crash()
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    restart()
    conn = connect()
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM crash_articles WHERE id = ANY(%s)", (committed,))
        found = {r[0] for r in cur.fetchall()}
    missing = len(set(committed) - found)
    check("acknowledged commits survive kill -9 during inserts", missing == 0,
          "%d committed by 4 clients, %d missing" % (len(committed), missing))
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM crash_articles ORDER BY random() LIMIT 15")
        queries = [r[0] for r in cur.fetchall()]
    bad = same_as_seqscan(conn, queries)
    check("index after recovery answers like a seq scan (no REINDEX)", bad == 0,
          "%d of %d queries differ" % (bad, len(queries)))
    bad = ivf_same_as_seqscan(conn, queries)
    check("news_ivf index after recovery answers like a seq scan at probes = lists", bad == 0,
          "%d of %d queries differ" % (bad, len(queries)))
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crash_articles (body, vec) SELECT body, vec FROM crash_articles "
                    "WHERE id <= 200")
    check("inserts after recovery work", True)

    # 2. kill -9 during CREATE INDEX
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE crash_big AS SELECT id, vec FROM crash_articles, generate_series(1, 12) g")
        cur.execute("SELECT count(*) FROM crash_big")
        nbig = cur.fetchone()[0]
    builder = threading.Thread(target=lambda: subprocess.run(
        ["psql", "-X", "-q", "-d", "crashcheck", "-c", "CREATE INDEX crash_big_vec ON crash_big USING gist (vec)"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600), daemon=True)
    builder.start()
    try:
        time.sleep(1.0)
        crash()
    finally:
        builder.join(timeout=60)
    restart()
    conn = connect()
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM crash_big")
        n = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM pg_class WHERE relname = 'crash_big_vec'")
        leftover = cur.fetchone()[0]
    check("table intact after kill -9 during CREATE INDEX", n == nbig, "%d of %d rows" % (n, nbig))
    with conn.cursor() as cur:
        if leftover:
            cur.execute("DROP INDEX crash_big_vec")
        cur.execute("CREATE INDEX crash_big_vec ON crash_big USING gist (vec)")
        cur.execute("DROP TABLE crash_articles CASCADE")
        cur.execute("ALTER TABLE crash_big RENAME TO crash_articles")
        cur.execute("ALTER TABLE crash_articles ADD COLUMN body text")
    bad = same_as_seqscan(conn, queries[:8])
    check("index built after the crashed build answers like a seq scan", bad == 0,
          "%d of %d queries differ" % (bad, 8))

    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        status = main()
    except Exception as exc:                   # noqa: BLE001 -- report, never hang
        check("crash-recovery run completed", False, "%s: %s" % (type(exc).__name__, exc))
        failed = results.count(False)
        print("%d passed, %d failed" % (len(results) - failed, failed), flush=True)
        status = 1
    # os._exit: a thread stuck in a blocking call must not keep us alive.
    sys.stdout.flush()
    os._exit(status)
