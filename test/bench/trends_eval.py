"""Quality of news_significant_terms on real news (used by bench_trends.py).

    /usr/bin/python3 test/bench/trends_eval.py      (PG* environment: a
                                                     database with the
                                                     extension installed)

The task: for each day of ../shared/data/og2021-de-dev.tsv with at least 5
headlines, the foreground is that day's headlines plus 40 ordinary articles
of ../shared/data/gnad-dev.csv (day i takes articles 40*i .. 40*i+39,
wrapping around), the background is the other ordinary articles plus the
headlines of all earlier days.  A top-10 term is right when it occurs in at
least 2 of the day's headlines of one story (gold cluster).  Reported: the
mean precision@10 over the days (a list shorter than 10 counts its missing
places as wrong).

Methods, all over the terms of news_tokenize (each term once per document):
  most frequent   plain SQL: the 10 terms in most foreground documents
  naive JLH       plain SQL: Elasticsearch's JLH with the foreground added
                  to the background, nothing else
  ours            news_significant_terms(news_term_stats(fg), news_term_stats(bg))
                  at its defaults (states merged from per-document states)
"""

import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")
ORDINARY_PER_DAY = 40
MIN_HEADLINES = 5


def load(conn):
    """Create and fill the temp tables te_docs and te_terms; return days."""
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS te_docs, te_terms, te_days, te_fg, te_bg")
    cur.execute("""CREATE TABLE te_docs (id int PRIMARY KEY, kind text,
                   day date, cluster text, body text, st news_termstats)""")
    rows = []
    with open(os.path.join(SHARED, "og2021-de-dev.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows.append((r["datetime"], r["cluster"], r["title"]))
    rows.sort()
    n = 0
    for ts, cluster, title in rows:
        cur.execute("INSERT INTO te_docs VALUES (%s, 'headline', %s::timestamp::date, %s, %s)",
                    (n, ts, cluster, title))
        n += 1
    first_ordinary = n
    with open(os.path.join(SHARED, "gnad-dev.csv"), encoding="utf-8") as f:
        for row in csv.reader(f, delimiter=";", quotechar="'"):
            if len(row) < 2:
                continue
            cur.execute("INSERT INTO te_docs VALUES (%s, 'ordinary', NULL, NULL, %s)",
                        (n, ";".join(row[1:])))
            n += 1
    nord = n - first_ordinary
    cur.execute("""UPDATE te_docs d SET st = s.st
                   FROM (SELECT id, news_term_stats(body) AS st FROM te_docs GROUP BY id) s
                   WHERE s.id = d.id""")
    cur.execute("""CREATE TABLE te_terms AS
                   SELECT DISTINCT id, t AS term FROM te_docs, unnest(news_tokenize(body)) t""")
    cur.execute("CREATE INDEX ON te_terms (id)")
    cur.execute("""SELECT day FROM te_docs WHERE kind = 'headline'
                   GROUP BY day HAVING count(*) >= %s ORDER BY day""", (MIN_HEADLINES,))
    days = [r[0] for r in cur.fetchall()]
    # te_days: day number, day, and the ordinary article ids of its foreground
    cur.execute("CREATE TABLE te_days (i int, day date, ord int[])")
    for i, d in enumerate(days):
        ids = [first_ordinary + (ORDINARY_PER_DAY * i + j) % nord
               for j in range(ORDINARY_PER_DAY)]
        cur.execute("INSERT INTO te_days VALUES (%s, %s, %s)", (i, d, ids))
    cur.execute("""CREATE TABLE te_fg AS
                   SELECT d.i, x.id FROM te_days d JOIN te_docs x
                     ON (x.kind = 'headline' AND x.day = d.day) OR x.id = ANY (d.ord)""")
    cur.execute("""CREATE TABLE te_bg AS
                   SELECT d.i, x.id FROM te_days d JOIN te_docs x
                     ON (x.kind = 'headline' AND x.day < d.day)
                     OR (x.kind = 'ordinary' AND x.id <> ALL (d.ord))""")
    cur.execute("CREATE INDEX ON te_fg (i)")
    cur.execute("CREATE INDEX ON te_bg (i)")
    cur.execute("ANALYZE te_docs, te_terms, te_fg, te_bg")
    return len(days)


# the right terms of day i: in >= 2 of the day's headlines of one story
RIGHT = """
SELECT DISTINCT t.term FROM te_days d JOIN te_docs x ON x.kind = 'headline' AND x.day = d.day
  JOIN te_terms t ON t.id = x.id WHERE d.i = %(i)s
 GROUP BY x.cluster, t.term HAVING count(*) >= 2
"""

MOST_FREQUENT = """
SELECT t.term FROM te_fg f JOIN te_terms t ON t.id = f.id WHERE f.i = %(i)s
 GROUP BY t.term ORDER BY count(*) DESC, t.term LIMIT 10
"""

NAIVE_JLH = """
WITH fg AS (SELECT t.term, count(*)::float8 AS df FROM te_fg f JOIN te_terms t ON t.id = f.id
             WHERE f.i = %(i)s GROUP BY t.term),
     bg AS (SELECT t.term, count(*)::float8 AS df FROM te_bg b JOIN te_terms t ON t.id = b.id
             WHERE b.i = %(i)s GROUP BY t.term),
     n AS (SELECT (SELECT count(*) FROM te_fg WHERE i = %(i)s)::float8 AS fn,
                  (SELECT count(*) FROM te_bg WHERE i = %(i)s)::float8 AS bn),
     p AS (SELECT fg.term, fg.df / n.fn AS fp,
                  (fg.df + coalesce(bg.df, 0)) / (n.fn + n.bn) AS bp
             FROM fg LEFT JOIN bg USING (term), n)
SELECT term FROM p WHERE fp > bp ORDER BY (fp - bp) * fp / bp DESC, term LIMIT 10
"""

OURS = """
SELECT term FROM news_significant_terms(
  (SELECT news_termstats_merge(x.st) FROM te_fg f JOIN te_docs x USING (id) WHERE f.i = %(i)s),
  (SELECT news_termstats_merge(x.st) FROM te_bg b JOIN te_docs x USING (id) WHERE b.i = %(i)s)
  {extra})
"""


def precision(conn, ndays, sql, verbose=False):
    cur = conn.cursor()
    total = 0.0
    for i in range(ndays):
        cur.execute(RIGHT, {"i": i})
        right = {r[0] for r in cur.fetchall()}
        cur.execute(sql, {"i": i})
        top = [r[0] for r in cur.fetchall()][:10]
        hit = sum(1 for t in top if t in right)
        if verbose:
            print(i, hit, [(t, t in right) for t in top], file=sys.stderr)
        total += hit / 10.0
    return total / ndays if ndays else 0.0


def evaluate(conn, extra=""):
    """[(method, mean precision@10)] and the number of days."""
    ndays = load(conn)
    out = [("most frequent (plain SQL)", precision(conn, ndays, MOST_FREQUENT)),
           ("naive JLH (plain SQL)", precision(conn, ndays, NAIVE_JLH)),
           ("news_significant_terms, defaults",
            precision(conn, ndays, OURS.format(extra=extra)))]
    return out, ndays


if __name__ == "__main__":
    import psycopg2
    c = psycopg2.connect("")
    c.autocommit = True
    if len(sys.argv) > 1 and sys.argv[1] == "explore":
        nd = load(c)
        for extra in sys.argv[2:]:
            print("%-70s %.3f" % (extra, precision(c, nd, OURS.format(extra=extra))))
        sys.exit(0)
    res, nd = evaluate(c)
    print("days: %d" % nd)
    for name, p in res:
        print("%-40s %.3f" % (name, p))
