"""Index support of news_vector: GiST KNN against exact brute force.

For the loaded corpus this benchmark

1. computes the vectors (news_analyze_corpus, then news_vector(title || ' '
   || body) into bench_corpus.vec; kept across runs on a kept cluster);
2. takes Q random query articles (default 200, NEWS_BENCH_INDEX_QUERIES) and
   finds their exact top 10 by brute force;
3. builds the GiST index (news_vector_gist_ops; opclass options from
   NEWS_BENCH_INDEX_OPTS, e.g. "siglen = 512"), reports build time and
   size, and runs the related-articles query

       SELECT id FROM bench_corpus WHERE id <> $1
        ORDER BY vec <-> (SELECT vec FROM bench_corpus WHERE id = $1) LIMIT 10

   with the index (enable_seqscan = off), reporting median and p95 latency
   next to the brute force's (enable_indexscan = off: a parallel sequential
   scan and top-N sort), the speed-up, and recall@10 against the exact
   ranking (an index result counts as a hit when its exact distance is
   within the exact 10th distance, so ties do not count as misses);
4. times `vec % q` (count of rows at or above the similarity threshold)
   with a bitmap scan of news_vector_gist_ops against a sequential scan
   (NEWS_BENCH_INDEX_SIM_QUERIES queries, default Q/4).

Run: bash test/bench/run.sh --corpus synthetic:100000 index
"""

import os
import random
import statistics
import threading
import time

import psycopg2

VEC_SQL = "news_vector(coalesce(title, '') || ' ' || coalesce(body, ''))"

KNN_SQL = ("SELECT id, vec <-> (SELECT vec FROM bench_corpus WHERE id = %s) "
           "FROM bench_corpus WHERE id <> %s ORDER BY 2 LIMIT 10")

SIM_SQL = ("SELECT count(*) FROM bench_corpus "
           "WHERE vec %% (SELECT vec FROM bench_corpus WHERE id = %s)")

INDEX_MODE = ("SET enable_seqscan = off; SET enable_indexscan = on; "
              "SET enable_bitmapscan = on")
EXACT_MODE = ("SET enable_seqscan = on; SET enable_indexscan = off; "
              "SET enable_bitmapscan = off")


def fmt_ms(s):
    return "%.1f ms" % (s * 1e3)


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def ensure_vectors(ctx):
    """Compute bench_corpus.vec once per loaded corpus."""
    ctx.execute("CREATE TABLE IF NOT EXISTS bench_index_meta (corpus text)")
    have = ctx.scalar("SELECT count(*) FROM information_schema.columns "
                      "WHERE table_name = 'bench_corpus' AND column_name = 'vec'")
    done = ctx.scalar("SELECT count(*) FROM bench_index_meta WHERE corpus = %s", (ctx.corpus,))
    if have and done:
        return
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    start = time.perf_counter()
    ctx.execute("ALTER TABLE bench_corpus DROP COLUMN IF EXISTS vec")
    ctx.execute("ALTER TABLE bench_corpus ADD COLUMN vec news_vector")
    try:
        ctx.execute("SELECT news_analyze_corpus('bench_corpus', 'body')")
        stats = "corpus statistics (news_analyze_corpus)"
    except psycopg2.Error as e:                 # the fallback weighting then
        stats = "fallback weighting (news_analyze_corpus failed: %s)" % str(e).splitlines()[0]
    # two sessions fill the two halves of the table in parallel (2 cores)
    mid = ctx.scalar("SELECT id FROM bench_corpus ORDER BY id OFFSET %s LIMIT 1",
                     (n // 2,)) or 0
    errors = []

    def work(lo, hi):
        try:
            c = psycopg2.connect(ctx.conn.dsn)
            c.autocommit = True
            with c.cursor() as cur:
                cur.execute("UPDATE bench_corpus SET vec = " + VEC_SQL +
                            " WHERE id >= %s AND id < %s", (lo, hi))
            c.close()
        except Exception as e:                  # re-raised below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(-(1 << 31), mid)),
               threading.Thread(target=work, args=(mid, (1 << 31) - 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    ctx.execute("VACUUM ANALYZE bench_corpus")
    ctx.execute("DELETE FROM bench_index_meta")
    ctx.execute("INSERT INTO bench_index_meta VALUES (%s)", (ctx.corpus,))
    ctx.note("vectors of %d articles computed in %.1f s with %s; mean %.0f terms"
             % (n, time.perf_counter() - start, stats,
                ctx.scalar("SELECT avg(news_vector_nterms(vec)) FROM bench_corpus")))


def timed(ctx, sql, params):
    start = time.perf_counter()
    rows = ctx.execute(sql, params)
    return time.perf_counter() - start, rows


def build_index(ctx, opclass, opts=""):
    """(build seconds, index bytes) of a fresh GiST index with opclass."""
    ctx.execute("DROP INDEX IF EXISTS bench_corpus_vec_gist")
    start = time.perf_counter()
    ctx.execute("CREATE INDEX bench_corpus_vec_gist ON bench_corpus USING gist (vec %s%s)"
                % (opclass, opts))
    build = time.perf_counter() - start
    ctx.execute("ANALYZE bench_corpus")
    return build, ctx.scalar("SELECT pg_relation_size('bench_corpus_vec_gist')")


def knn_runs(ctx, queries, exact, setup, label):
    """Latencies and recall@10 of the index scan for every query."""
    times, recalls = [], []
    unsorted = 0
    ctx.execute(INDEX_MODE)
    if setup:
        ctx.execute(setup)
    plan = "\n".join(r[0] for r in ctx.execute("EXPLAIN (COSTS OFF) " + KNN_SQL,
                                                 (queries[0], queries[0])))
    if "bench_corpus_vec_gist" not in plan:
        raise RuntimeError("%s: the plan does not use the index:\n%s" % (label, plan))
    timed(ctx, KNN_SQL, (queries[0], queries[0]))          # warm-up
    for qid in queries:
        t, got = timed(ctx, KNN_SQL, (qid, qid))
        times.append(t)
        unsorted += any(got[i][1] > got[i + 1][1] for i in range(len(got) - 1))
        ex_ids, d10 = exact[qid]
        if ex_ids:
            hits = sum(1 for rid, d in got if rid in ex_ids or d <= d10 + 1e-12)
            recalls.append(hits / len(ex_ids))
    ctx.execute("RESET ALL")
    print("   %s: median %s, p95 %s, recall %.3f, %d results not in distance order"
          % (label, fmt_ms(statistics.median(times)), fmt_ms(p95(times)),
             statistics.mean(recalls), unsorted), flush=True)
    return times, recalls, unsorted


def run(ctx):
    ensure_vectors(ctx)
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    nq = int(os.environ.get("NEWS_BENCH_INDEX_QUERIES", "200"))
    tsize = ctx.scalar("SELECT pg_total_relation_size('bench_corpus')")

    rng = random.Random(4242)
    all_ids = [r[0] for r in ctx.execute(
        "SELECT id FROM bench_corpus WHERE news_vector_nterms(vec) > 0 ORDER BY id")]
    queries = rng.sample(all_ids, min(nq, len(all_ids)))

    # exact answers by brute force (sequential scan + top-N sort)
    ctx.execute("DROP INDEX IF EXISTS bench_corpus_vec_gist")
    ctx.execute(EXACT_MODE)
    timed(ctx, KNN_SQL, (queries[0], queries[0]))          # warm-up
    exact, t_ex = {}, []
    for k, qid in enumerate(queries):
        t, rows = timed(ctx, KNN_SQL, (qid, qid))
        t_ex.append(t)
        exact[qid] = ({r[0] for r in rows}, rows[-1][1] if rows else 0.0)
        if (k + 1) % 50 == 0:
            print("   brute force %d/%d: median %s" % (k + 1, len(queries),
                  fmt_ms(statistics.median(t_ex))), flush=True)
    ctx.execute("RESET ALL")
    me = statistics.median(t_ex)

    rows, builds = [], []
    opts = os.environ.get("NEWS_BENCH_INDEX_OPTS", "")
    opts = " (%s)" % opts if opts else ""
    build, size = build_index(ctx, "news_vector_gist_ops", opts)
    builds.append(["news_vector_gist_ops%s" % opts, "%.1f s" % build, "%.1f MB" % (size / 1e6)])
    t, r, u = knn_runs(ctx, queries, exact, None, "gist_ops")
    rows.append(["GiST news_vector_gist_ops (exact bounds)", fmt_ms(statistics.median(t)),
                 fmt_ms(p95(t)), "%.3f" % statistics.mean(r), str(u),
                 "%.2f×" % (me / statistics.median(t))])

    # % (similarity threshold): bitmap scan of the exact index vs seq scan
    th = float(ctx.scalar("SHOW news_analytics.similarity_threshold"))
    s_idx, s_ex, diff = [], [], 0
    nsim = int(os.environ.get("NEWS_BENCH_INDEX_SIM_QUERIES", max(10, len(queries) // 4)))
    for qid in queries[:nsim]:
        ctx.execute(INDEX_MODE)
        ti, ri = timed(ctx, SIM_SQL, (qid,))
        ctx.execute(EXACT_MODE)
        te, re = timed(ctx, SIM_SQL, (qid,))
        s_idx.append(ti)
        s_ex.append(te)
        diff += ri[0][0] != re[0][0]
    ctx.execute("RESET ALL")

    ctx.execute("DROP INDEX IF EXISTS bench_corpus_vec_gist")
    rows.append(["exact brute force (seq scan + top-N sort)", fmt_ms(me), fmt_ms(p95(t_ex)),
                 "1.000", "0", "1.00×"])

    ctx.table("GiST index build (%d articles; table with TOAST %.1f MB)" % (n, tsize / 1e6),
              ["operator class", "build time", "index size"], builds)
    ctx.table("Top-10 related articles, %d random query articles over %d articles" % (len(queries), n),
              ["method", "median", "p95", "recall@10", "queries with results out of order",
               "speed-up (brute force/index, medians)"],
              rows)
    mi, ms = statistics.median(s_idx), statistics.median(s_ex)
    ctx.table("vec %% q (threshold %.2f), %d queries" % (th, len(s_idx)),
              ["method", "median", "p95", "queries with a different count",
               "speed-up (seq/index, medians)"],
              [["GiST news_vector_gist_ops bitmap scan", fmt_ms(mi), fmt_ms(p95(s_idx)), str(diff),
                "%.2f×" % (ms / mi if mi > 0 else 0)],
               ["sequential scan", fmt_ms(ms), fmt_ms(p95(s_ex)), "-", "1.00×"]])
