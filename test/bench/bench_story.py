"""Story clustering: news_story and news_story_of against plain-SQL baselines.

  bash test/bench/run.sh --corpus synthetic:100000 --reps 1 story
  NEWS_BENCH_STORY_1M=1 bash test/bench/run.sh --corpus synthetic:100000 --reps 1 story

1. Quality: B-cubed F1 of story ids on ../shared/data/og2021-de-dev.tsv
   (headlines in time order, gold clusters), on the whole set and on its
   two halves (the gold clusters split by a hash of their names, each half
   clustered alone): a method fitted to the set would show it as a gap
   between the halves.  Baselines, plain SQL + a few lines of client code:
   online nearest-earlier-headline clustering within 7 days (an article
   joins the cluster of its most similar earlier headline if the
   similarity reaches a threshold), with news_similarity and with pg_trgm's
   similarity (if installed), each at the best threshold picked on the
   whole set itself.  Ours: news_story at its defaults, with vectors from
   the default statistics and from statistics of the headlines themselves
   (news_analyze_corpus on the set: no labels involved).
2. Speed on bench_corpus (vectors of title + body precomputed once): the
   average number of articles open in the 7-day window; news_story over all
   articles vs the baseline's query (each article against every article of
   the 7 days before it, news_similarity, the nearest one), the baseline
   on the first tenth of the articles (it takes minutes) and compared per
   article.
3. Insert-time assignment: news_story_of (GIN index on the day-bucketed
   story keys) for one new article vs the same query without index scans,
   median of 20 probes, at the corpus size; with NEWS_BENCH_STORY_1M=1 also
   at 1,000,000 articles (the corpus's vectors ten times, at new random
   times over the same five years: ten times the articles per day).

NEWS_BENCH_STORY_PARTS=quality,cluster,insert (the default: all three)
picks parts, e.g. "insert" alone to re-time news_story_of on a cluster kept
with run.sh --keep.
"""

import csv
import hashlib
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


def half_of(cluster):
    """0 or 1: a fixed split of the gold clusters."""
    return int(hashlib.md5(cluster.encode()).hexdigest(), 16) % 2


def load_headlines(ctx):
    rows = []
    with open(os.path.join(SHARED, "og2021-de-dev.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows.append((r["datetime"], r["uri"], r["cluster"], r["title"]))
    rows.sort()
    ctx.execute("DROP TABLE IF EXISTS bs_h")
    ctx.execute("CREATE TABLE bs_h (id int PRIMARY KEY, ts timestamptz, cluster text, title text,"
                " half int)")
    for i, (ts, _uri, cl, title) in enumerate(rows):
        ctx.execute("INSERT INTO bs_h VALUES (%s, %s, %s, %s, %s)",
                    (i, ts + "+00", cl, title, half_of(cl)))
    return [r[2] for r in rows]


def nearest_clusters(ids, pairs, threshold):
    """Online: each headline joins the cluster of its best earlier one."""
    best = {}
    for i, j, s in pairs:            # j earlier than i, within 7 days
        if s >= threshold and (i not in best or s > best[i][1]):
            best[i] = (j, s)
    cl = {}
    for i in ids:                    # ids in time order
        cl[i] = cl[best[i][0]] if i in best else i
    return cl


def scores(ctx, gold, clusters):
    """B-cubed F1 on the whole set, half 0 and half 1 (clusters: half -> {id: cluster})."""
    out = []
    for part in (None, 0, 1):
        ids = [i for i in range(len(gold)) if part is None or half_of(gold[i]) == part]
        got = clusters[part]
        out.append("%.3f" % bcubed([got[i] for i in ids], [gold[i] for i in ids]))
    return out


def quality(ctx):
    gold = load_headlines(ctx)
    n = len(gold)
    rows = []
    sims = [("news_similarity (plain SQL)", "news_similarity(news_vector(a.title), news_vector(b.title))")]
    if ctx.scalar("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'"):
        ctx.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        sims.append(("pg_trgm similarity (plain SQL)", "similarity(a.title, b.title)"))
    parts = {None: "true", 0: "half = 0", 1: "half = 1"}
    for label, expr in sims:
        pairs = {}
        for part, cond in parts.items():
            where = "true" if part is None else "a.half = %d AND b.half = %d" % (part, part)
            pairs[part] = ctx.execute(
                "SELECT a.id, b.id, %s FROM bs_h a JOIN bs_h b ON (b.ts, b.id) < (a.ts, a.id)"
                " AND b.ts >= a.ts - interval '7 days' WHERE %s" % (expr, where))
        ids = {part: [r[0] for r in ctx.execute("SELECT id FROM bs_h WHERE %s ORDER BY ts, id" % cond)]
               for part, cond in parts.items()}
        best = max((bcubed([nearest_clusters(ids[None], pairs[None], t / 100.0)[i] for i in range(n)],
                           gold), t / 100.0) for t in range(5, 100, 5))
        clusters = {part: nearest_clusters(ids[part], pairs[part], best[1]) for part in parts}
        rows.append(["nearest earlier headline within 7 days, " + label,
                     "%.2f (best on the whole set)" % best[1]] + scores(ctx, gold, clusters))
    ctx.execute("SELECT news_analyze_corpus('bs_h', 'title', 'bs_h_stats')")
    default = ctx.scalar("SELECT pg_get_function_arg_default('news_story(news_vector, timestamptz,"
                         " float8, interval)'::regprocedure, 3)")
    for label, vec in (("default statistics", "news_vector(title)"),
                       ("statistics of the headlines (news_analyze_corpus)",
                        "to_news_vector('bs_h_stats', title)")):
        clusters = {}
        for part, cond in parts.items():
            clusters[part] = dict(ctx.execute(
                "SELECT id, news_story(%s, ts) OVER (ORDER BY ts, id) FROM bs_h WHERE %s" % (vec, cond)))
        rows.append(["news_story, defaults, " + label, "%s, bar rising to 1 at 7 days" % default]
                    + scores(ctx, gold, clusters))
    ctx.table("Story clustering on og2021-de-dev (%d headlines, %d stories), B-cubed F1"
              % (n, len(set(gold))),
              ["method", "threshold", "F1 whole set", "F1 half A", "F1 half B"], rows)
    threshold_grid(ctx, gold, parts)
    ctx.execute("DROP TABLE bs_h")
    ctx.execute("DROP TABLE bs_h_stats")


GRID = (0.05, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.35)


def threshold_grid(ctx, gold, parts):
    """news_story (default statistics, max_gap 7 days) at other thresholds,
    and the cross-check: the threshold best on one half, scored on the
    other (ties: the middle of the tied thresholds), next to the default."""
    rows, f1 = [], {}
    for t in GRID:
        clusters = {}
        for part, cond in parts.items():
            clusters[part] = dict(ctx.execute(
                "SELECT id, news_story(news_vector(title), ts, %s) OVER (ORDER BY ts, id)"
                " FROM bs_h WHERE %s" % (t, cond)))
        f1[t] = scores(ctx, gold, clusters)
        rows.append(["%g" % t] + f1[t])

    def pick(col):
        best = max(float(f1[t][col]) for t in GRID)
        tied = [t for t in GRID if float(f1[t][col]) == best]
        return tied[len(tied) // 2]
    on_a, on_b = pick(1), pick(2)
    rows.append(["picked on half A: %g" % on_a, "", "", "half B: " + f1[on_a][2]])
    rows.append(["picked on half B: %g" % on_b, "", "half A: " + f1[on_b][1], ""])
    ctx.table("news_story at other thresholds (default statistics, max_gap 7 days), B-cubed F1",
              ["threshold", "F1 whole set", "F1 half A", "F1 half B"], rows)


def has_columns(ctx, table):
    """Whether a kept table still has its vectors and keys (bench.py
    recreates the extension, which drops the news_vector columns)."""
    return ctx.scalar("SELECT count(*) FROM pg_attribute WHERE attrelid = %s::regclass"
                      " AND attname IN ('vec', 'story_keys') AND NOT attisdropped", (table,)) == 2


def ensure_vectors(ctx):
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    have = ctx.scalar("SELECT to_regclass('bench_story_vec') IS NOT NULL")
    if have and ctx.scalar("SELECT count(*) FROM bench_story_vec") == n and \
            has_columns(ctx, "bench_story_vec"):
        return n
    ctx.execute("DROP TABLE IF EXISTS bench_story_vec")
    ctx.execute("CREATE TABLE bench_story_vec AS SELECT id, published_at, news_vector(title || ' ' || body)"
                " AS vec, NULL::bigint AS story_id FROM bench_corpus")
    ctx.execute("UPDATE bench_story_vec v SET story_id = s.s FROM (SELECT id, news_story(vec, published_at)"
                " OVER (ORDER BY published_at, id) AS s FROM bench_story_vec) s WHERE s.id = v.id")
    ctx.execute("ALTER TABLE bench_story_vec ADD COLUMN story_keys int8[]")
    ctx.execute("UPDATE bench_story_vec SET story_keys = news_story_keys(vec, published_at)")
    ctx.execute("CREATE INDEX ON bench_story_vec (id)")
    ctx.execute("CREATE INDEX ON bench_story_vec (published_at)")
    ctx.execute("CREATE INDEX ON bench_story_vec USING gin (story_keys)")
    ctx.execute("VACUUM ANALYZE bench_story_vec")
    return n


def ensure_million(ctx):
    """story_1m: the corpus's vectors ten times at new random times."""
    n = ctx.scalar("SELECT count(*) FROM bench_story_vec")
    if ctx.scalar("SELECT to_regclass('story_1m') IS NOT NULL") and \
            ctx.scalar("SELECT count(*) FROM story_1m") == 10 * n and has_columns(ctx, "story_1m"):
        return 10 * n
    ctx.execute("DROP TABLE IF EXISTS story_1m")
    ctx.execute("CREATE UNLOGGED TABLE story_1m (id int PRIMARY KEY, published_at timestamptz NOT NULL,"
                " vec news_vector NOT NULL, story_id bigint, story_keys int8[])")
    ctx.execute("INSERT INTO story_1m SELECT r * %d + v.id, ts, v.vec, v.story_id, news_story_keys(v.vec, ts)"
                " FROM generate_series(0, 9) r, bench_story_vec v, LATERAL (SELECT"
                " timestamptz '2020-01-01 00:00+00' + ((hashint4(r * %d + v.id)::int8 & 2147483647)"
                " %% (5 * 365 * 86400)) * interval '1 second' AS ts) t" % (n, n))
    ctx.execute("CREATE INDEX ON story_1m (published_at)")
    ctx.execute("CREATE INDEX ON story_1m USING gin (story_keys)")
    ctx.execute("VACUUM ANALYZE story_1m")
    return 10 * n


def insert_time(ctx, table, n, base_probes=20):
    """Median time of news_story_of for one new article, an hour after the
    last stored one, with the text of a recent stored article (so that it has
    a story to find), against the same query without index scans (a scan of
    the whole table: only base_probes of them).  The first call of each is
    not counted (plan and catalog caches)."""
    probe = ("SELECT news_story_of('%s', vec, (SELECT max(published_at) FROM %s)"
             " + interval '1 hour') FROM %s WHERE id = %%d" % (table, table, table))
    times = {"ours": [], "base": []}
    ids = [r[0] for r in ctx.execute("SELECT id FROM %s ORDER BY published_at DESC LIMIT 21" % table)]
    for k, i in enumerate(ids):
        sides = ("ours", "base") if k % 2 == 0 else ("base", "ours")
        for label in sides:
            if label == "base":
                if k > base_probes:
                    continue
                ctx.execute("SET enable_indexscan = off; SET enable_bitmapscan = off")
            start = time.perf_counter()
            ctx.execute(probe % i)
            times[label].append(time.perf_counter() - start)
            ctx.execute("RESET enable_indexscan; RESET enable_bitmapscan")
    ours = statistics.median(times["ours"][1:])
    base = statistics.median(times["base"][1:])
    window = ctx.scalar("SELECT count(*) FROM %s WHERE published_at >= (SELECT max(published_at) FROM %s)"
                        " - interval '7 days'" % (table, table))
    return ["%d (%d in the last 7 days)" % (n, window),
            "%.1f ms (median of %d)" % (ours * 1e3, len(times["ours"]) - 1),
            "%.1f ms (median of %d)" % (base * 1e3, len(times["base"]) - 1), "%.1fx" % (base / ours)]


def run(ctx):
    parts = set(os.environ.get("NEWS_BENCH_STORY_PARTS", "quality,cluster,insert").split(","))
    if "quality" in parts:
        quality(ctx)
    if not parts & {"cluster", "insert"}:
        return
    n = ensure_vectors(ctx)
    if "cluster" in parts:
        cluster_speed(ctx, n)
    if "insert" in parts:
        insert_speed(ctx, n)


def cluster_speed(ctx, n):
    """news_story over the whole corpus against the range-join baseline."""
    span = ctx.execute("SELECT min(published_at)::date, max(published_at)::date FROM bench_story_vec")[0]
    open_avg = ctx.scalar("SELECT round(avg(c), 1) FROM (SELECT count(*) OVER (ORDER BY published_at RANGE"
                          " BETWEEN '7 days' PRECEDING AND CURRENT ROW) - 1 AS c FROM bench_story_vec) x")
    ctx.note("story: %d articles from %s to %s (vectors of title + body precomputed); on average %s"
             " earlier articles lie within 7 days of an article (the open window)"
             % (n, span[0], span[1], open_avg))
    start = time.perf_counter()
    stories = ctx.scalar("SELECT count(DISTINCT s) FROM (SELECT news_story(vec, published_at)"
                         " OVER (ORDER BY published_at, id) AS s FROM bench_story_vec) x")
    ours = time.perf_counter() - start
    tenth = n // 10
    start = time.perf_counter()
    ctx.execute("SELECT count(*) FROM (SELECT DISTINCT ON (a.id) a.id, b.id AS nearest"
                " FROM (SELECT * FROM bench_story_vec ORDER BY published_at, id LIMIT %d) a"
                " JOIN bench_story_vec b"
                " ON b.published_at BETWEEN a.published_at - interval '7 days' AND a.published_at"
                " AND b.id <> a.id ORDER BY a.id, news_similarity(a.vec, b.vec) DESC) x" % tenth)
    base = time.perf_counter() - start
    ctx.table("Online story ids over %d articles (one run each)" % n,
              ["ours", "time", "per article", "baseline", "time", "per article", "ratio per article"],
              [("news_story OVER (ORDER BY published_at, id): %d stories" % stories,
                "%.1f s" % ours, "%.0f µs" % (ours / n * 1e6),
                "nearest earlier article within 7 days (range join, news_similarity), first %d articles"
                % tenth, "%.1f s" % base, "%.0f µs" % (base / tenth * 1e6),
                "%.1fx" % ((base / tenth) / (ours / n)))])


def insert_speed(ctx, n):
    """news_story_of at the corpus size (and at 1,000,000 if asked)."""
    rows = [insert_time(ctx, "bench_story_vec", n)]
    if os.environ.get("NEWS_BENCH_STORY_1M") == "1":
        rows.append(insert_time(ctx, "story_1m", ensure_million(ctx), base_probes=4))
    ctx.table("Insert-time story assignment, one new article (medians)",
              ["stored articles", "ours (news_story_of, GIN on story keys)",
               "same query without index scans", "ratio"], rows)
