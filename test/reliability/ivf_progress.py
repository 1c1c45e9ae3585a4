"""Watch a news_ivf index build in pg_stat_progress_create_index.

    python3 ivf_progress.py TABLE LISTS

One connection builds `CREATE INDEX ... USING news_ivf (vec) WITH (lists =
LISTS)` on TABLE (column vec) while a second one polls the view every 20 ms
and records (phase, tuples_done, tuples_total).  Connection parameters come
from PGHOST/PGPORT/PGUSER/PGDATABASE.  Prints one "ok:" or "FAILED:" line
per check and ends with "N passed, N failed"; exit status 1 on failure.

Checks:
  - the build succeeds (within its statement_timeout);
  - the phases of our own (ivfbuild.c) appear, in the build's order, and
    sampling, k-means, assigning and writing are all seen (the data set is
    large enough for each of them to last many polling intervals);
  - while assigning and while writing, tuples_total is the number of
    non-NULL vectors, tuples_done never goes backwards nor beyond the
    total, and it moves (several distinct values);
  - tuples_done reaches tuples_total (seen in a sample of the assignment's
    end, the sort, the end of the writing or the WAL-logging).
"""

import sys
import threading
import time

import psycopg2

PHASES = [
    "initializing",
    "sampling",
    "computing centroids (k-means)",
    "assigning tuples",
    "sorting tuples",
    "writing lists",
    "WAL-logging the index",
]
REQUIRED = ["sampling", "computing centroids (k-means)", "assigning tuples",
            "writing lists"]
POLL = 0.02
BUILD_TIMEOUT_S = 600

passed = 0
failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok: " + what)
    else:
        failed += 1
        print("FAILED: " + what)


def main():
    table, lists = sys.argv[1], int(sys.argv[2])
    index = table + "_ivf_progress_idx"

    poll = psycopg2.connect("")
    poll.autocommit = True
    pc = poll.cursor()
    pc.execute("SELECT count(vec) FROM " + table)
    nonnull = pc.fetchone()[0]
    pc.execute("DROP INDEX IF EXISTS " + index)

    build = psycopg2.connect("")
    build.autocommit = True
    bc = build.cursor()
    bc.execute("SELECT pg_backend_pid()")
    pid = bc.fetchone()[0]
    bc.execute("SET statement_timeout = %s", (str(BUILD_TIMEOUT_S * 1000),))
    outcome = {}

    def run_build():
        started = time.monotonic()
        try:
            bc.execute("CREATE INDEX %s ON %s USING news_ivf (vec) WITH (lists = %d)"
                       % (index, table, lists))
            outcome["ok"] = True
        except Exception as e:      # reported below
            outcome["error"] = str(e).strip()
        outcome["seconds"] = time.monotonic() - started

    t = threading.Thread(target=run_build, daemon=True)
    t.start()
    samples = []
    deadline = time.monotonic() + BUILD_TIMEOUT_S + 30
    while t.is_alive() and time.monotonic() < deadline:
        pc.execute("SELECT phase, tuples_done, tuples_total"
                   "  FROM pg_stat_progress_create_index WHERE pid = %s", (pid,))
        row = pc.fetchone()
        if row is not None:
            samples.append(row)
        time.sleep(POLL)
    t.join(5)
    if t.is_alive():
        check(False, "the build finished within %d s" % BUILD_TIMEOUT_S)
        poll.cancel()
        return

    check(outcome.get("ok", False),
          "CREATE INDEX on %d vectors, %d lists (%.1f s, %d samples)%s"
          % (nonnull, lists, outcome["seconds"], len(samples),
             "" if outcome.get("ok") else ": " + outcome.get("error", "")))

    # phases of ours, in the order first seen, and whether any came back
    prefix = "building index: "
    seen = []
    names = []
    for phase, done, total in samples:
        name = phase[len(prefix):] if phase.startswith(prefix) else None
        if name is not None and (not names or names[-1] != name):
            names.append(name)
        if name is not None and name not in seen:
            seen.append(name)
    print("phases seen (samples): " + " -> ".join(
        "%s (%d)" % (n, sum(1 for r in samples if r[0] == prefix + n)) for n in names))
    known = all(n in PHASES for n in seen)
    check(known, "every phase shown is one of news_ivf's: %s" % seen)
    order = [PHASES.index(n) for n in names if n in PHASES]
    check(order == sorted(order) and len(names) == len(seen),
          "phases appear in build order, none twice")
    missing = [n for n in REQUIRED if n not in seen]
    check(not missing, "phases sampling, k-means, assigning, writing all seen"
          + (" (missing: %s)" % missing if missing else ""))

    # tuple counts
    for name in ("assigning tuples", "writing lists"):
        rows = [(d, tt) for p, d, tt in samples if p == prefix + name]
        totals = {tt for d, tt in rows}
        dones = [d for d, tt in rows]
        check(totals == {nonnull},
              "%s: tuples_total = %d non-NULL vectors (seen %s)"
              % (name, nonnull, sorted(totals)))
        check(dones == sorted(dones) and all(d <= nonnull for d in dones),
              "%s: tuples_done never goes back nor beyond the total" % name)
        check(len(set(dones)) >= 3,
              "%s: tuples_done moves (%d distinct values in %d samples)"
              % (name, len(set(dones)), len(dones)))
    ends = [d for p, d, tt in samples
            if p in (prefix + "assigning tuples", prefix + "sorting tuples",
                     prefix + "writing lists", prefix + "WAL-logging the index")
            and d == tt == nonnull]
    check(len(ends) > 0, "tuples_done reaches tuples_total (%d samples)" % len(ends))
    later = [d for p, d, tt in samples
             if p in (prefix + "sorting tuples", prefix + "WAL-logging the index")]
    check(all(d == nonnull for d in later),
          "sorting and WAL-logging show all tuples done")

    pc.execute("SELECT sum(tuples) FROM news_ivf_lists(%s)", (index,))
    check(pc.fetchone()[0] == nonnull, "the index holds every non-NULL vector")
    pc.execute("DROP INDEX " + index)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        check(False, "progress check ran: %s" % e)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
