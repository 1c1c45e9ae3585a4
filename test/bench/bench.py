"""Benchmark driver of news_analytics (run through test/bench/run.sh).

Loads a corpus into table bench_corpus of database news_bench, then runs
each named benchmark module test/bench/bench_NAME.py: its run(ctx) measures
our functions and the PostgreSQL baseline side by side through the Context
below, and the results are printed as Markdown tables at the end.

Timing rules (the machines are shared and noisy): every measurement is one
warm-up run of each side, then `reps` runs alternating ours/baseline; we
report medians and the ratio of the medians.
"""

import argparse
import csv
import datetime
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import time

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")
DB = "news_bench"


def connect(dbname):
    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = True
    return conn


def fmt_seconds(s):
    if s >= 1:
        return "%.2f s" % s
    if s >= 0.001:
        return "%.1f ms" % (s * 1e3)
    return "%.0f µs" % (s * 1e6)


class Context:
    """What a benchmark module gets: a connection and result recording."""

    def __init__(self, conn, corpus, reps):
        self.conn = conn
        self.corpus = corpus
        self.reps = reps
        self.sections = []      # (title, headers, rows)
        self.notes = []

    def execute(self, sql, params=None):
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            if cur.description is not None:
                return cur.fetchall()
        return None

    def scalar(self, sql, params=None):
        rows = self.execute(sql, params)
        return rows[0][0] if rows else None

    def time_sql(self, sql, params=None):
        start = time.perf_counter()
        self.execute(sql, params)
        return time.perf_counter() - start

    def compare(self, name, ours_label, ours_sql, base_label, base_sql,
                reps=None, unit=None, work=None, setup=None):
        """Time ours and the baseline alternately; record medians and ratio.

        work/unit: when given, throughput (work / median, e.g. MB/s) is
        shown too.  setup: SQL run before every timed statement (e.g. SET).
        The ratio is baseline time / our time: > 1 means we are faster.
        """
        reps = reps or self.reps
        times = {"ours": [], "base": []}
        sides = [("ours", ours_sql), ("base", base_sql)]
        for side, sql in sides:              # warm-up
            if setup:
                self.execute(setup)
            self.time_sql(sql)
        for i in range(reps):
            order = sides if i % 2 == 0 else list(reversed(sides))
            for side, sql in order:
                if setup:
                    self.execute(setup)
                times[side].append(self.time_sql(sql))
        mo = statistics.median(times["ours"])
        mb = statistics.median(times["base"])
        row = [name, ours_label, fmt_seconds(mo), base_label, fmt_seconds(mb),
               "%.2f×" % (mb / mo if mo > 0 else float("inf"))]
        if work is not None and unit:
            row.insert(3, "%.1f %s" % (work / mo, unit))
            row.insert(6, "%.1f %s" % (work / mb, unit))
        key = ("comparison", work is not None and unit is not None)
        headers = ["benchmark", "ours", "median", "baseline", "median", "speed-up (baseline/ours)"]
        if key[1]:
            headers = ["benchmark", "ours", "median", "throughput", "baseline",
                       "median", "throughput", "speed-up (baseline/ours)"]
        self._append("Side by side (%d runs each, medians)" % reps, headers, row)
        print("  " + " | ".join(row), flush=True)
        return mo, mb

    def table(self, title, headers, rows):
        self.sections.append((title, headers, [list(map(str, r)) for r in rows]))

    def note(self, text):
        self.notes.append(text)
        print("  note: " + text, flush=True)

    def _append(self, title, headers, row):
        for t, h, rows in self.sections:
            if t == title and h == headers:
                rows.append(row)
                return
        self.sections.append((title, headers, [row]))

    def markdown(self):
        out = []
        for title, headers, rows in self.sections:
            out.append("#### " + title)
            out.append("")
            out.append("| " + " | ".join(headers) + " |")
            out.append("|" + "---|" * len(headers))
            for r in rows:
                out.append("| " + " | ".join(r) + " |")
            out.append("")
        for n in self.notes:
            out.append("- " + n)
        return "\n".join(out)


# ---------------------------------------------------------------- corpora

def read_sample(path):
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield (int(row["id"]), row["section"], row["title"], row["body"],
                   row["published_at"])


def read_gnad(path):
    """gnad-dev.csv: 'Label;text', text in single quotes when needed."""
    rng = random.Random(516)
    base = datetime.datetime(2015, 6, 1, tzinfo=datetime.timezone.utc)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";", quotechar="'", doublequote=True)
        for i, row in enumerate(reader, 1):
            if len(row) < 2:
                continue
            label, text = row[0], ";".join(row[1:])
            ts = base + datetime.timedelta(seconds=rng.randrange(365 * 86400))
            yield (i, label, "", text, ts.isoformat())


def read_semeval(path):
    """semeval-de-train.tsv: one row per article (id, "", "", text, NULL).

    The pairs and their human "Overall" scores go into bench_pairs (see
    ensure_corpus); an article in several pairs is loaded once.
    """
    seen = set()
    for row in read_semeval_pairs(path):
        for aid, text in ((row[0], row[3]), (row[1], row[4])):
            if aid not in seen:
                seen.add(aid)
                yield (aid, "", "", text, None)


def read_semeval_pairs(path):
    """(id1, id2, overall, text1, text2) of every pair of the file."""
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield (int(row["id1"]), int(row["id2"]), float(row["Overall"]),
                   row["text1"], row["text2"])


def read_og2021(path):
    """og2021-de-dev.tsv: one headline per row; section = gold story cluster."""
    with open(path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            yield (i, row["cluster"], row["title"], row["title"],
                   row["datetime"] + "+00")


def load_rows(conn, rows):
    import io
    buf = io.StringIO()
    w = csv.writer(buf)
    n = 0
    for r in rows:
        w.writerow(r)
        n += 1
    buf.seek(0)
    with conn.cursor() as cur:
        cur.copy_expert("COPY bench_corpus (id, section, title, body, published_at) "
                        "FROM STDIN (FORMAT csv)", buf)
    return n


def ensure_corpus(conn, spec):
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (corpus text)")
        cur.execute("SELECT corpus FROM bench_meta")
        row = cur.fetchone()
        if row and row[0] == spec:
            cur.execute("SELECT count(*) FROM bench_corpus")
            print("== corpus %s already loaded (%d articles)" % (spec, cur.fetchone()[0]))
            return
        cur.execute("DROP TABLE IF EXISTS bench_corpus CASCADE")
        cur.execute("CREATE TABLE bench_corpus (id int PRIMARY KEY, section text, "
                    "title text, body text, published_at timestamptz)")
        cur.execute("DROP TABLE IF EXISTS bench_pairs")
        cur.execute("DELETE FROM bench_meta")
    start = time.perf_counter()
    if spec == "sample":
        n = load_rows(conn, read_sample(os.path.join(ROOT, "test/data/sample_articles.csv")))
    elif spec == "gnad":
        path = os.path.join(SHARED, "gnad-dev.csv")
        if not os.path.exists(path):
            sys.exit("corpus gnad: %s not found" % path)
        n = load_rows(conn, read_gnad(path))
    elif spec in ("semeval", "og2021"):
        name = "semeval-de-train.tsv" if spec == "semeval" else "og2021-de-dev.tsv"
        path = os.path.join(SHARED, name)
        if not os.path.exists(path):
            sys.exit("corpus %s: %s not found" % (spec, path))
        if spec == "semeval":
            n = load_rows(conn, read_semeval(path))
            with conn.cursor() as cur:
                cur.execute("CREATE TABLE bench_pairs (id1 int, id2 int, overall float8)")
                for id1, id2, overall, _, _ in read_semeval_pairs(path):
                    cur.execute("INSERT INTO bench_pairs VALUES (%s, %s, %s)", (id1, id2, overall))
        else:
            n = load_rows(conn, read_og2021(path))
    elif spec.startswith("synthetic:"):
        sys.path.insert(0, HERE)
        import synthetic
        n = int(spec.split(":", 1)[1])
        synthetic.generate(conn, "bench_corpus", n, seed=42)
    elif os.path.exists(spec):
        n = load_rows(conn, read_sample(spec))
    else:
        sys.exit("unknown corpus %r (sample, gnad, semeval, og2021, synthetic:N or a CSV path)"
                 % spec)
    with conn.cursor() as cur:
        cur.execute("ANALYZE bench_corpus")
        cur.execute("INSERT INTO bench_meta VALUES (%s)", (spec,))
    print("== corpus %s loaded: %d articles in %.1f s" % (spec, n, time.perf_counter() - start))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="sample")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    if not args.names:
        sys.exit("name at least one benchmark (bash test/bench/run.sh list)")

    admin = connect("postgres")
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,))
        if cur.fetchone() is None:
            cur.execute("CREATE DATABASE " + DB)
    admin.close()
    conn = connect(DB)
    with conn.cursor() as cur:
        # The .so may have been rebuilt: recreate the SQL objects too.
        cur.execute("DROP EXTENSION IF EXISTS news_analytics CASCADE")
        cur.execute("CREATE EXTENSION news_analytics")
    ensure_corpus(conn, args.corpus)

    ctx = Context(conn, args.corpus, args.reps)
    for name in args.names:
        path = os.path.join(HERE, "bench_%s.py" % name)
        if not os.path.exists(path):
            sys.exit("no benchmark %s (%s)" % (name, path))
        spec = importlib.util.spec_from_file_location("bench_" + name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        print("== benchmark %s" % name, flush=True)
        mod.run(ctx)

    version = ctx.scalar("SHOW server_version")
    cpus = os.cpu_count()
    print()
    print("### Benchmark results, %s" % datetime.date.today().isoformat())
    print()
    print("PostgreSQL %s, %d cores, corpus `%s`, command `bash test/bench/run.sh --corpus %s %s`"
          % (version, cpus, args.corpus, args.corpus, " ".join(args.names)))
    print()
    print(ctx.markdown())


if __name__ == "__main__":
    main()
