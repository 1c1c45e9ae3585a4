"""news_ivf (approximate IVF index) against exact brute force.

For the loaded corpus this benchmark

1. computes the vectors like bench_index (kept on a kept cluster);
2. takes Q random query articles (default 200, NEWS_BENCH_IVF_QUERIES; the
   same seed as bench_index) and times the exact brute force (sequential
   scan + top-N sort) on the first B of them (NEWS_BENCH_IVF_BRUTE, default
   all up to 200,000 articles and 20 above: one brute-force query takes
   seconds at 1M);
3. builds a news_ivf index (WITH (lists = NEWS_BENCH_IVF_LISTS) when set,
   the default list count otherwise) and reports build time and size;
4. computes the exact top 10 of every query with the index itself at
   probes >= lists, in two sessions at once (the regression test proves
   this exact; checked here against the brute force on the B timed
   queries: the mismatch count in the note must be 0);
5. runs the related-articles query

       SELECT id FROM bench_corpus WHERE id <> $1
        ORDER BY vec <-> (SELECT vec FROM bench_corpus WHERE id = $1) LIMIT 10

   for every query at each probes value of NEWS_BENCH_IVF_PROBES (default
   "0,1,5,10,20"; 0 is the default, the per-query stopping rule), with the planner's own choice of plan (checked to be
   the index), and reports median and p95 latency and recall@10 (an index
   result counts as a hit when its exact distance is within the exact 10th
   distance, so ties do not count as misses);
6. optionally (NEWS_BENCH_IVF_GIST=1) the exact GiST index side by side
   (skip at 1M: its build takes about 8 minutes).

Run: bash test/bench/run.sh --corpus synthetic:100000 ivf
"""

import os
import random
import statistics
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_index import ensure_vectors, fmt_ms, p95, timed  # noqa: E402

KNN_SQL = ("SELECT id, vec <-> (SELECT vec FROM bench_corpus WHERE id = %s) "
           "FROM bench_corpus WHERE id <> %s ORDER BY 2 LIMIT 10")
EXACT_MODE = ("SET enable_seqscan = on; SET enable_indexscan = off; "
              "SET enable_bitmapscan = off")
INDEX = "bench_corpus_vec_ivf"


def exact_of(rows):
    return ({r[0] for r in rows}, rows[-1][1] if rows else 0.0)


def recall_of(got, exact):
    ex_ids, d10 = exact
    if not ex_ids:
        return None
    return sum(1 for rid, d in got if rid in ex_ids or d <= d10 + 1e-12) / len(ex_ids)


def probe_runs(ctx, queries, exact, probes, label):
    """Latencies, recalls and out-of-order count at one probes setting."""
    ctx.execute("RESET ALL")
    ctx.execute("SET news_analytics.ivf_probes = %d" % probes)
    plan = "\n".join(r[0] for r in ctx.execute("EXPLAIN (COSTS OFF) " + KNN_SQL,
                                                 (queries[0], queries[0])))
    forced = INDEX not in plan
    if forced:                      # report it, and measure the index anyway
        ctx.execute("SET enable_seqscan = off")
    timed(ctx, KNN_SQL, (queries[0], queries[0]))          # warm-up
    times, recalls, unsorted = [], [], 0
    for qid in queries:
        t, got = timed(ctx, KNN_SQL, (qid, qid))
        times.append(t)
        unsorted += any(got[i][1] > got[i + 1][1] for i in range(len(got) - 1))
        r = recall_of(got, exact[qid])
        if r is not None:
            recalls.append(r)
    ctx.execute("RESET ALL")
    print("   %s: median %s, p95 %s, recall %.3f%s" % (
        label, fmt_ms(statistics.median(times)), fmt_ms(p95(times)),
        statistics.mean(recalls), " (index forced)" if forced else ""), flush=True)
    return times, recalls, unsorted, forced


def run(ctx):
    ensure_vectors(ctx)
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    nq = int(os.environ.get("NEWS_BENCH_IVF_QUERIES", "200"))
    nbrute = int(os.environ.get("NEWS_BENCH_IVF_BRUTE", str(nq if n <= 200000 else 20)))
    lists = os.environ.get("NEWS_BENCH_IVF_LISTS", "")
    probes_values = [int(p) for p in os.environ.get("NEWS_BENCH_IVF_PROBES",
                                                     "0,1,5,10,20").split(",")]

    rng = random.Random(4242)
    all_ids = [r[0] for r in ctx.execute(
        "SELECT id FROM bench_corpus WHERE news_vector_nterms(vec) > 0 ORDER BY id")]
    queries = rng.sample(all_ids, min(nq, len(all_ids)))
    brute_q = queries[:nbrute]

    # exact brute force on the first nbrute queries
    ctx.execute("DROP INDEX IF EXISTS " + INDEX)
    ctx.execute("DROP INDEX IF EXISTS bench_corpus_vec_gist")
    ctx.execute(EXACT_MODE)
    timed(ctx, KNN_SQL, (brute_q[0], brute_q[0]))          # warm-up
    brute, t_ex = {}, []
    for k, qid in enumerate(brute_q):
        t, rows = timed(ctx, KNN_SQL, (qid, qid))
        t_ex.append(t)
        brute[qid] = exact_of(rows)
        if (k + 1) % 10 == 0:
            print("   brute force %d/%d: median %s" % (k + 1, len(brute_q),
                  fmt_ms(statistics.median(t_ex))), flush=True)
    ctx.execute("RESET ALL")
    me = statistics.median(t_ex)

    # build
    with_opts = " WITH (lists = %s)" % lists if lists else ""
    start = time.perf_counter()
    ctx.execute("CREATE INDEX %s ON bench_corpus USING news_ivf (vec)%s" % (INDEX, with_opts))
    build = time.perf_counter() - start
    ctx.execute("ANALYZE bench_corpus")
    size = ctx.scalar("SELECT pg_relation_size(%s)", (INDEX,))
    print("   news_ivf build %.1f s, %.1f MB" % (build, size / 1e6), flush=True)
    mwm = ctx.scalar("SHOW maintenance_work_mem")
    nlists = int(lists) if lists else (max(1, n // 1000) if n <= 1000000 else int(n ** 0.5))

    # ground truth: the index at probes >= lists, checked against brute
    # force; two sessions share the queries (2 cores)
    exact, t_all, errors = {}, [], []

    def truth(part):
        try:
            c = psycopg2.connect(ctx.conn.dsn)
            c.autocommit = True
            with c.cursor() as cur:
                cur.execute("SET news_analytics.ivf_probes = 32768; SET enable_seqscan = off")
                for qid in part:
                    start = time.perf_counter()
                    cur.execute(KNN_SQL, (qid, qid))
                    rows = cur.fetchall()
                    t_all.append(time.perf_counter() - start)
                    exact[qid] = exact_of(rows)
            c.close()
        except Exception as e:                  # re-raised below
            errors.append(e)

    threads = [threading.Thread(target=truth, args=(queries[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    mismatch = sum(1 for qid in brute
                   if abs(exact[qid][1] - brute[qid][1]) > 1e-12 or
                   len(exact[qid][0]) != len(brute[qid][0]))
    print("   exact through the index (2 sessions): median %s, %d mismatches"
          % (fmt_ms(statistics.median(t_all)), mismatch), flush=True)

    rows = []
    for p in probes_values:
        if p >= nlists:
            continue
        label = "probes = %d" % p if p else "probes = 0 (default: stopping rule)"
        t, r, u, forced = probe_runs(ctx, queries, exact, p, label)
        rows.append(["news_ivf, %s%s" % (label, " (plan forced)" if forced else ""),
                     fmt_ms(statistics.median(t)), fmt_ms(p95(t)),
                     "%.3f" % statistics.mean(r), "%.3f" % min(r), str(u),
                     "%.1f×" % (me / statistics.median(t))])
    rows.append(["news_ivf, probes = lists (%d, exact; 2 sessions at once)" % nlists,
                 fmt_ms(statistics.median(t_all)), fmt_ms(p95(t_all)),
                 "1.000", "1.000", "0", "%.1f×" % (me / statistics.median(t_all))])
    ctx.execute("DROP INDEX IF EXISTS " + INDEX)

    builds = [["news_ivf%s" % (with_opts or " (lists = %d by default)" % nlists),
               "%.1f s" % build, "%.1f MB" % (size / 1e6), mwm]]
    if os.environ.get("NEWS_BENCH_IVF_GIST") == "1":
        start = time.perf_counter()
        ctx.execute("CREATE INDEX bench_corpus_vec_gist ON bench_corpus USING gist (vec)")
        gbuild = time.perf_counter() - start
        ctx.execute("ANALYZE bench_corpus")
        gsize = ctx.scalar("SELECT pg_relation_size('bench_corpus_vec_gist')")
        builds.append(["GiST news_vector_gist_ops", "%.1f s" % gbuild, "%.1f MB" % (gsize / 1e6), mwm])
        ctx.execute("SET enable_seqscan = off")
        tg, rg = [], []
        timed(ctx, KNN_SQL, (queries[0], queries[0]))
        for qid in queries:
            t, got = timed(ctx, KNN_SQL, (qid, qid))
            tg.append(t)
            rg.append(recall_of(got, exact[qid]))
        ctx.execute("RESET ALL")
        ctx.execute("DROP INDEX bench_corpus_vec_gist")
        rows.append(["GiST news_vector_gist_ops (exact)", fmt_ms(statistics.median(tg)),
                     fmt_ms(p95(tg)), "%.3f" % statistics.mean(rg), "%.3f" % min(rg), "0",
                     "%.1f×" % (me / statistics.median(tg))])
    rows.append(["exact brute force (seq scan + top-N sort; %d queries)" % len(t_ex),
                 fmt_ms(me), fmt_ms(p95(t_ex)), "1.000", "1.000", "0", "1.0×"])

    ctx.table("news_ivf build (%d articles)" % n,
              ["index", "build time", "index size", "maintenance_work_mem"], builds)
    ctx.table("Top-10 related articles with news_ivf, %d random query articles over %d articles"
              % (len(queries), n),
              ["method", "median", "p95", "recall@10 (mean)", "recall@10 (worst query)",
               "queries with results out of order", "speed-up (brute force/this, medians)"],
              rows)
    ctx.note("Ground truth: the exact top 10 through news_ivf at probes >= lists; it "
             "differed from the brute force's in %d of the %d queries timed with both "
             "(compared by the 10th distance)." % (mismatch, len(brute)))
