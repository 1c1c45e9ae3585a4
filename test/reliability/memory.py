"""Peak memory of one backend while it runs the extension's big operations.

Used by test/reliability/memory.sh, which starts the server.  For every
operation the backend's private memory (RssAnon in /proc/PID/status:
palloc'd memory, not the shared buffers it touches) is sampled every 20 ms
from another thread; the table shows the peak, the growth over the idle
backend, and the run time.  Parallel query is off so that all work happens
in the measured backend.

    python3 test/reliability/memory.py ROWS INDEX_ROWS
"""

import os
import sys
import threading
import time

import psycopg2

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
INDEX_ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000

WORDS = ("Bundesrat Kanton Gemeinde Massnahmen Cyberkriminalität Verhandlungen "
         "Software Spital Bahn Energie Strompreise Wahlen Nationalrat Bank Zinsen "
         "Forschung Hochschule Klima Gletscher Fussball Datenschutz Lieferkette "
         "Teuerung Mieten Initiative Abstimmung Pflege Rechenzentrum Cloud Angriff").split()


def rss_anon_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def measure(conn, label, sql, rows):
    """Run sql in conn's backend; return (label, rows, peak kB, base kB, s)."""
    cur = conn.cursor()
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    base = rss_anon_kb(pid)
    peak = [base]
    done = threading.Event()

    def sample():
        while not done.is_set():
            try:
                peak[0] = max(peak[0], rss_anon_kb(pid))
            except OSError:
                return
            time.sleep(0.02)

    t = threading.Thread(target=sample)
    t.start()
    start = time.perf_counter()
    try:
        cur.execute(sql)
    finally:
        elapsed = time.perf_counter() - start
        done.set()
        t.join()
    print("  %-58s peak %8.1f MB (+%.1f MB) in %.1f s"
          % (label, peak[0] / 1024, (peak[0] - base) / 1024, elapsed), flush=True)
    return (label, rows, peak[0], base, elapsed)


def fresh(dsn):
    c = psycopg2.connect(dsn)
    c.autocommit = True
    cur = c.cursor()
    cur.execute("SET max_parallel_workers_per_gather = 0; SET jit = off; "
                "SET TimeZone = 'Europe/Zurich'")
    return c


def main():
    dsn = os.environ.get("NEWS_MEMORY_DSN", "")
    admin = fresh(dsn)
    cur = admin.cursor()
    cur.execute("CREATE EXTENSION IF NOT EXISTS news_analytics")
    print("== %d timestamps" % ROWS, flush=True)
    cur.execute("DROP TABLE IF EXISTS mem_ts")
    cur.execute("CREATE TABLE mem_ts AS SELECT timestamptz '2015-01-01' + "
                "(i::float8 / %s) * interval '10 years' AS ts, "
                "(ARRAY['IT','Wirtschaft','Politik','Schweiz','Kultur','Sport','Wissenschaft'])"
                "[1 + i %% 7] AS section FROM generate_series(1, %s) i", (ROWS, ROWS))
    cur.execute("VACUUM ANALYZE mem_ts")
    results = []
    results.append(measure(fresh(dsn), "news_rollup(ts) over all rows",
                           "SELECT news_rollup_total(news_rollup(ts)) FROM mem_ts", ROWS))
    results.append(measure(fresh(dsn), "news_rollup(ts) GROUP BY section (7 groups)",
                           "SELECT section, news_rollup_total(news_rollup(ts)) "
                           "FROM mem_ts GROUP BY section", ROWS))
    results.append(measure(fresh(dsn), "news_rollup(ts) GROUP BY day (3,653 groups)",
                           "SELECT count(*) FROM (SELECT news_rollup(ts) FROM mem_ts "
                           "GROUP BY date_trunc('day', ts)) s", ROWS))
    results.append(measure(fresh(dsn), "news_rollup(ts) OVER (moving 1000-row window)",
                           "SELECT count(r) FROM (SELECT news_rollup(ts) OVER "
                           "(ORDER BY ts ROWS BETWEEN 999 PRECEDING AND CURRENT ROW) r "
                           "FROM mem_ts) s", ROWS))
    results.append(measure(fresh(dsn), "count(*) over all rows (baseline)",
                           "SELECT count(*) FROM mem_ts", ROWS))
    cur.execute("DROP TABLE mem_ts")

    print("== %d short articles" % INDEX_ROWS, flush=True)
    cur.execute("DROP TABLE IF EXISTS mem_docs")
    cur.execute("CREATE TABLE mem_docs AS SELECT i AS id, (SELECT string_agg((%s::text[])"
                "[1 + (i * 7 + k * 13 + (i %% 17) * k + i / 1000) %% %s], ' ') "
                "FROM generate_series(1, 12) k) || ' ' || i AS body "
                "FROM generate_series(1, %s) i", (WORDS, len(WORDS), INDEX_ROWS))
    results.append(measure(fresh(dsn), "news_analyze_corpus over all rows",
                           "SELECT news_analyze_corpus('mem_docs', 'body')", INDEX_ROWS))
    cur.execute("ALTER TABLE mem_docs ADD COLUMN vec news_vector")
    results.append(measure(fresh(dsn), "UPDATE ... SET vec = news_vector(body)",
                           "UPDATE mem_docs SET vec = news_vector(body)", INDEX_ROWS))
    cur.execute("VACUUM ANALYZE mem_docs")
    results.append(measure(fresh(dsn), "CREATE INDEX ... USING gist (vec)",
                           "CREATE INDEX mem_docs_gist ON mem_docs USING gist (vec)", INDEX_ROWS))
    results.append(measure(fresh(dsn), "CREATE INDEX ... USING gin (to_tsvector('news_german'))",
                           "CREATE INDEX mem_docs_gin ON mem_docs USING gin "
                           "(to_tsvector('news_german', body))", INDEX_ROWS))
    cur.execute("SELECT current_setting('maintenance_work_mem'), current_setting('work_mem'), "
                "current_setting('shared_buffers')")
    mwm, wm, sb = cur.fetchone()
    cur.execute("DROP TABLE mem_docs")

    print()
    print("#### Peak backend memory (RssAnon), %s" % time.strftime("%Y-%m-%d"))
    print()
    print("maintenance_work_mem %s, work_mem %s, shared_buffers %s, no parallel workers"
          % (mwm, wm, sb))
    print()
    print("| operation | rows | peak | growth over idle backend | time |")
    print("|---|---|---|---|---|")
    for label, rows, peak, base, elapsed in results:
        print("| %s | %s | %.1f MB | %.1f MB | %.1f s |"
              % (label, format(rows, ","), peak / 1024, (peak - base) / 1024, elapsed))


if __name__ == "__main__":
    main()
