"""Story clustering: news_story and news_story_of against plain-SQL baselines.

  bash test/bench/run.sh --corpus synthetic:100000 story

1. Quality: B-cubed F1 of story ids on ../shared/data/og2021-de-dev.tsv
   (headlines in time order, gold clusters).  Baselines, plain SQL + a few
   lines of client code: online nearest-earlier-headline clustering within
   7 days (an article joins the cluster of its most similar earlier
   headline if the similarity reaches a threshold), with news_similarity
   and with pg_trgm's similarity (if installed), each at the best threshold
   picked on the set itself.  Ours: news_story at its defaults.
2. Speed on bench_corpus (vectors of title + body precomputed once):
   news_story over all articles vs the nearest-earlier-article query of the
   baseline (range join within 7 days, news_similarity); one insert-time assignment
   (news_story_of with GiST + btree indexes) vs the same query with index
   scans disabled.
"""

import csv
import os
import statistics
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")


def bcubed(pred, gold):
    n = len(gold)
    by_p, by_g = {}, {}
    for i in range(n):
        by_p.setdefault(pred[i], set()).add(i)
        by_g.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in range(n):
        inter = len(by_p[pred[i]] & by_g[gold[i]])
        p += inter / len(by_p[pred[i]])
        r += inter / len(by_g[gold[i]])
    p, r = p / n, r / n
    return 2 * p * r / (p + r)


def load_headlines(ctx):
    rows = []
    with open(os.path.join(SHARED, "og2021-de-dev.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows.append((r["datetime"], r["uri"], r["cluster"], r["title"]))
    rows.sort()
    ctx.execute("DROP TABLE IF EXISTS bs_h")
    ctx.execute("CREATE TABLE bs_h (id int PRIMARY KEY, ts timestamptz, cluster text, title text)")
    for i, (ts, _uri, cl, title) in enumerate(rows):
        ctx.execute("INSERT INTO bs_h VALUES (%s, %s, %s, %s)", (i, ts + "+00", cl, title))
    return [r[2] for r in rows]


def nearest_clusters(n, pairs, threshold):
    """Online: each headline joins the cluster of its best earlier one."""
    best = {}
    for i, j, s in pairs:            # j earlier than i, within 7 days
        if s >= threshold and (i not in best or s > best[i][1]):
            best[i] = (j, s)
    cl = list(range(n))
    for i in range(n):
        if i in best:
            cl[i] = cl[best[i][0]]
    return cl


def quality(ctx):
    gold = load_headlines(ctx)
    n = len(gold)
    rows = []
    sims = [("news_similarity (plain SQL)", "news_similarity(news_vector(a.title), news_vector(b.title))")]
    if ctx.scalar("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'"):
        ctx.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        sims.append(("pg_trgm similarity (plain SQL)", "similarity(a.title, b.title)"))
    for label, expr in sims:
        pairs = ctx.execute("SELECT a.id, b.id, %s FROM bs_h a JOIN bs_h b ON (b.ts, b.id) < (a.ts, a.id)"
                            " AND b.ts >= a.ts - interval '7 days'" % expr)
        best = max((bcubed(nearest_clusters(n, pairs, t / 100.0), gold), t / 100.0)
                   for t in range(5, 100, 5))
        rows.append(("nearest earlier headline within 7 days, " + label,
                     "%.2f (best on this set)" % best[1], "%.3f" % best[0]))
    got = dict(ctx.execute("SELECT id, news_story(news_vector(title), ts) OVER (ORDER BY ts, id)"
                           " FROM bs_h"))
    rows.append(("news_story, defaults (0.25, 7 days)", "0.25, bar rising to 1 at 7 days",
                 "%.3f" % bcubed([got[i] for i in range(n)], gold)))
    ctx.table("Story clustering on og2021-de-dev (%d headlines), B-cubed F1" % n,
              ["method", "threshold", "B-cubed F1"], rows)
    ctx.execute("DROP TABLE bs_h")


def ensure_vectors(ctx):
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    have = ctx.scalar("SELECT to_regclass('bench_story_vec') IS NOT NULL")
    if have and ctx.scalar("SELECT count(*) FROM bench_story_vec") == n:
        return n
    ctx.execute("DROP TABLE IF EXISTS bench_story_vec")
    ctx.execute("CREATE TABLE bench_story_vec AS SELECT id, published_at, news_vector(title || ' ' || body)"
                " AS vec, NULL::bigint AS story_id FROM bench_corpus")
    ctx.execute("UPDATE bench_story_vec v SET story_id = s.s FROM (SELECT id, news_story(vec, published_at)"
                " OVER (ORDER BY published_at, id) AS s FROM bench_story_vec) s WHERE s.id = v.id")
    ctx.execute("CREATE INDEX ON bench_story_vec USING gist (vec)")
    ctx.execute("CREATE INDEX ON bench_story_vec (published_at)")
    ctx.execute("VACUUM ANALYZE bench_story_vec")
    return n


def run(ctx):
    quality(ctx)
    n = ensure_vectors(ctx)
    span = ctx.execute("SELECT min(published_at)::date, max(published_at)::date FROM bench_story_vec")[0]
    ctx.note("story: %d articles from %s to %s (vectors of title + body precomputed)" % (n, span[0], span[1]))
    ctx.compare("story ids for %d articles" % n,
                "news_story OVER (ORDER BY published_at, id)",
                "SELECT count(DISTINCT s) FROM (SELECT news_story(vec, published_at)"
                " OVER (ORDER BY published_at, id) AS s FROM bench_story_vec) x",
                "nearest earlier article within 7 days (range join, news_similarity)",
                "SELECT count(*) FROM (SELECT DISTINCT ON (a.id) a.id, b.id AS nearest"
                " FROM bench_story_vec a JOIN bench_story_vec b"
                " ON b.published_at BETWEEN a.published_at - interval '7 days' AND a.published_at"
                " AND b.id <> a.id ORDER BY a.id, news_similarity(a.vec, b.vec) DESC) x",
                reps=1)
    # one new article an hour after the last one, with the text of a random
    # stored article (so that it has a story to find)
    probe = ("SELECT news_story_of('bench_story_vec', vec, (SELECT max(published_at) FROM bench_story_vec)"
             " + interval '1 hour', 0.25, '7 days', 'vec', 'published_at', 'story_id')"
             " FROM bench_story_vec WHERE id = %d")
    times = {"ours": [], "base": []}
    ids = [r[0] for r in ctx.execute("SELECT id FROM bench_story_vec ORDER BY published_at DESC LIMIT 21")]
    for label, setup in (("ours", "RESET enable_indexscan; RESET enable_bitmapscan"),
                         ("base", "SET enable_indexscan = off; SET enable_bitmapscan = off")):
        ctx.execute(setup)
        for i in ids:
            start = time.perf_counter()
            ctx.execute(probe % i)
            times[label].append(time.perf_counter() - start)
    ctx.execute("RESET enable_indexscan; RESET enable_bitmapscan")
    ours = statistics.median(times["ours"][1:])
    base = statistics.median(times["base"][1:])
    ctx.table("Insert-time story assignment, one article against %d stored (median of 20)" % n,
              ["ours (news_story_of, GiST + btree)", "same query without index scans", "ratio"],
              [("%.1f ms" % (ours * 1e3), "%.1f ms" % (base * 1e3), "%.1fx" % (base / ours))])
