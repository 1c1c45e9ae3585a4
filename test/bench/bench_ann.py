"""news_ivf against pgvector's HNSW over TF-IDF sparse vectors.

Needs the pgvector extension (`vector`) in the server; bench_ann.sh runs
this module in a Debian root with PostgreSQL 17 and Debian's
postgresql-17-pgvector.  For the loaded corpus it

1. computes the news_vector column like bench_index (news_analyze_corpus,
   then news_vector(title || ' ' || body));
2. computes a TF-IDF `sparsevec` of to_tsvector('german', title || ' ' ||
   body) for pgvector: one dimension per lexeme of the corpus (ts_stat),
   weight (1 + ln tf) * ln(N / df), L2-normalized;
3. builds news_ivf (default settings) and pgvector HNSW
   (sparsevec_cosine_ops, m = 16, ef_construction = 64) and reports build
   time and size;
4. takes Q random query articles (default 200, NEWS_BENCH_ANN_QUERIES; the
   same seed as bench_ivf and bench_index) and computes each method's
   exact top 10 by a sequential scan (its own ranking: news_vector
   distance for news_ivf, sparsevec cosine distance for HNSW);
5. runs the related-articles query

       SELECT id, vec <-> (SELECT vec FROM bench_corpus WHERE id = $1)
         FROM bench_corpus WHERE id <> $1 ORDER BY 2 LIMIT 10

   (and the same with sv <=> for HNSW) for every query, the methods
   alternating query by query, each in its own session with its settings
   (news_ivf at its default and at fixed probe counts; HNSW at ef_search
   40, the default, and 100), checking that every plan uses the index,
   and reports median and p95 latency, recall@10 mean and worst query (an
   index result counts as a hit when its exact distance is within the
   exact 10th distance, so ties do not count as misses), and the ratio of
   medians to HNSW at its default.

Settings: NEWS_BENCH_ANN_MWM (maintenance_work_mem of both builds,
default 6GB), NEWS_BENCH_ANN_PROBES (fixed news_ivf probe counts to add,
default "1,10"), NEWS_BENCH_ANN_EF (default "40,100"), NEWS_BENCH_ANN_LISTS
(news_ivf lists; default: the index's own default, one list per 1,000 rows,
so a small real-news corpus such as gnad gets one list, an exact scan; set
it to 10 or 20 there to measure the stopping rule on real text).

Run: bash test/bench/bench_ann.sh --corpus synthetic:100000
"""

import os
import random
import statistics
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_index import ensure_vectors, fmt_ms, p95  # noqa: E402

IVF = "bench_corpus_vec_ivf"
HNSW = "bench_corpus_sv_hnsw"
HNSW_MAX_NNZ = 1000             # pgvector: non-zero entries an HNSW index accepts
IVF_SQL = ("SELECT id, vec <-> (SELECT vec FROM bench_corpus WHERE id = %s) "
           "FROM bench_corpus WHERE id <> %s ORDER BY 2 LIMIT 10")
HNSW_SQL = ("SELECT id, sv <=> (SELECT sv FROM bench_corpus WHERE id = %s) "
            "FROM bench_corpus WHERE id <> %s ORDER BY 2 LIMIT 10")
EXACT_MODE = "SET enable_indexscan = off; SET enable_bitmapscan = off"
TS_SQL = "to_tsvector('german', coalesce(title, '') || ' ' || coalesce(body, ''))"


def parallel(ctx, fn, parts):
    """Run fn(cursor, part) for every part in its own session, at once."""
    errors = []

    def work(part):
        try:
            c = psycopg2.connect(ctx.conn.dsn)
            c.autocommit = True
            with c.cursor() as cur:
                fn(cur, part)
            c.close()
        except Exception as e:                  # re-raised below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def ensure_sparse(ctx):
    """The TF-IDF sparsevec column sv (once per loaded corpus)."""
    ctx.execute("CREATE EXTENSION IF NOT EXISTS vector")
    ctx.execute("CREATE TABLE IF NOT EXISTS bench_ann_meta (corpus text)")
    done = ctx.scalar("SELECT count(*) FROM bench_ann_meta WHERE corpus = %s", (ctx.corpus,))
    have = ctx.scalar("SELECT count(*) FROM information_schema.columns "
                      "WHERE table_name = 'bench_corpus' AND column_name = 'sv'")
    if done and have:
        return
    start = time.perf_counter()
    ctx.execute("ALTER TABLE bench_corpus DROP COLUMN IF EXISTS ts")
    ctx.execute("ALTER TABLE bench_corpus DROP COLUMN IF EXISTS sv")
    ctx.execute("ALTER TABLE bench_corpus ADD COLUMN ts tsvector")
    mid = ctx.scalar("SELECT id FROM bench_corpus ORDER BY id OFFSET %s LIMIT 1",
                     (ctx.scalar("SELECT count(*) FROM bench_corpus") // 2,)) or 0
    halves = [(-(1 << 31), mid), (mid, (1 << 31) - 1)]
    parallel(ctx, lambda cur, r: cur.execute(
        "UPDATE bench_corpus SET ts = " + TS_SQL + " WHERE id >= %s AND id < %s", r), halves)
    ctx.execute("DROP TABLE IF EXISTS bench_ann_lex")
    ctx.execute("CREATE TABLE bench_ann_lex AS SELECT word, ndoc, "
                "(row_number() OVER (ORDER BY word))::int AS dim "
                "FROM ts_stat('SELECT ts FROM bench_corpus')")
    ctx.execute("CREATE UNIQUE INDEX ON bench_ann_lex (word)")
    ctx.execute("ANALYZE bench_ann_lex")
    ndim = ctx.scalar("SELECT count(*) FROM bench_ann_lex")
    # HNSW needs the dimension in the column type
    ctx.execute("ALTER TABLE bench_corpus ADD COLUMN sv sparsevec(%d)" % ndim)
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    # (1 + ln tf) * idf, L2-normalized; lexemes in dimension order.  An HNSW
    # index takes at most 1,000 non-zero entries per sparsevec, fewer than a
    # long real article has: keep the 1,000 heaviest (news_vector keeps 200).
    sv_sql = ("UPDATE bench_corpus c SET sv = s.v FROM ("
              " SELECT b.id, ('{' || string_agg(w.dim || ':' || (w.x / w.norm)::real, ','"
              "   ORDER BY w.dim) || '}/' || %(ndim)s)::sparsevec AS v"
              "   FROM bench_corpus b, LATERAL ("
              "     SELECT t.dim, t.x, sqrt(sum(t.x * t.x) OVER ()) AS norm FROM ("
              "      SELECT l.dim, x"
              "       FROM unnest(b.ts) u"
              "       JOIN bench_ann_lex l ON l.word = u.lexeme,"
              "       LATERAL (SELECT (1 + ln(coalesce(array_length(u.positions, 1), 1)))"
              "                       * ln(%(n)s::float8 / l.ndoc) AS x) xx"
              "      WHERE x > 0 ORDER BY x DESC, l.dim LIMIT " + str(HNSW_MAX_NNZ) + ") t) w"
              "  WHERE b.id >= %(lo)s AND b.id < %(hi)s GROUP BY b.id) s"
              " WHERE c.id = s.id")
    parallel(ctx, lambda cur, r: cur.execute(sv_sql, {"ndim": ndim, "n": n,
                                                      "lo": r[0], "hi": r[1]}), halves)
    ctx.execute("VACUUM ANALYZE bench_corpus")
    cut = ctx.scalar("SELECT count(*) FROM bench_corpus WHERE length(ts) > %d" % HNSW_MAX_NNZ)
    if cut:
        ctx.note("%d articles have more than %d lexemes: their sparsevec keeps the %d heaviest"
                 " (the most an HNSW index accepts)" % (cut, HNSW_MAX_NNZ, HNSW_MAX_NNZ))
    ctx.execute("DELETE FROM bench_ann_meta")
    ctx.execute("INSERT INTO bench_ann_meta VALUES (%s)", (ctx.corpus,))
    ctx.note("TF-IDF sparsevec of to_tsvector('german') for %d articles (%d dimensions) "
             "computed in %.1f s; mean %.0f non-zero entries"
             % (n, ndim, time.perf_counter() - start,
                ctx.scalar("SELECT avg(array_length(regexp_split_to_array("
                           "split_part(sv::text, '}', 1), ','), 1)) FROM bench_corpus "
                           "WHERE sv IS NOT NULL")))


def build(ctx, name, sql):
    ctx.execute("DROP INDEX IF EXISTS " + name)
    start = time.perf_counter()
    ctx.execute(sql)
    secs = time.perf_counter() - start
    return secs, ctx.scalar("SELECT pg_relation_size(%s)", (name,))


def exact_tops(ctx, sql, queries):
    """Exact top 10 of every query by a sequential scan, 2 sessions."""
    out = {}

    def fn(cur, part):
        cur.execute(EXACT_MODE)
        for qid in part:
            cur.execute(sql, (qid, qid))
            rows = cur.fetchall()
            out[qid] = ({r[0] for r in rows}, rows[-1][1] if rows else 0.0)

    parallel(ctx, fn, [queries[0::2], queries[1::2]])
    return out


def recall_of(got, exact):
    ex_ids, d10 = exact
    if not ex_ids:
        return None
    return sum(1 for rid, d in got if rid in ex_ids or d <= d10 + 1e-6) / len(ex_ids)


def run(ctx):
    ensure_vectors(ctx)
    ensure_sparse(ctx)
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    nq = int(os.environ.get("NEWS_BENCH_ANN_QUERIES", "200"))
    probes = [int(p) for p in os.environ.get("NEWS_BENCH_ANN_PROBES", "1,10").split(",") if p]
    efs = [int(e) for e in os.environ.get("NEWS_BENCH_ANN_EF", "40,100").split(",") if e]

    rng = random.Random(4242)
    all_ids = [r[0] for r in ctx.execute(
        "SELECT id FROM bench_corpus WHERE news_vector_nterms(vec) > 0 "
        "AND sv IS NOT NULL ORDER BY id")]
    queries = rng.sample(all_ids, min(nq, len(all_ids)))

    # exact rankings (no index on either column yet)
    ctx.execute("DROP INDEX IF EXISTS " + IVF)
    ctx.execute("DROP INDEX IF EXISTS " + HNSW)
    t0 = time.perf_counter()
    ex_ivf = exact_tops(ctx, IVF_SQL, queries)
    t1 = time.perf_counter()
    ex_hnsw = exact_tops(ctx, HNSW_SQL, queries)
    t2 = time.perf_counter()
    print("   exact top 10s: news_vector %.1f s, sparsevec %.1f s (2 sessions)"
          % (t1 - t0, t2 - t1), flush=True)

    # a parallel HNSW build keeps its graph in dynamic shared memory of
    # maintenance_work_mem bytes, more than the root's /dev/shm holds: build
    # both indexes in the backend (NEWS_BENCH_ANN_WORKERS to change)
    ctx.execute("SET max_parallel_maintenance_workers = %d"
                % int(os.environ.get("NEWS_BENCH_ANN_WORKERS", "0")))
    # HNSW builds far faster while its graph fits in maintenance_work_mem
    # (about 3 GB at 1,000,000 articles); both builds get the same setting
    ctx.execute("SET maintenance_work_mem = '%s'"
                % os.environ.get("NEWS_BENCH_ANN_MWM", "6GB"))
    mwm = ctx.scalar("SHOW maintenance_work_mem")
    workers = ctx.scalar("SHOW max_parallel_maintenance_workers")
    lists = int(os.environ.get("NEWS_BENCH_ANN_LISTS", "0"))
    b_ivf, s_ivf = build(ctx, IVF, "CREATE INDEX %s ON bench_corpus USING news_ivf (vec)%s"
                         % (IVF, " WITH (lists = %d)" % lists if lists > 0 else ""))
    lists_label = "%d lists" % ctx.scalar("SELECT count(*) FROM news_ivf_lists(%s::regclass)", (IVF,))
    print("   news_ivf build %.1f s, %.1f MB" % (b_ivf, s_ivf / 1e6), flush=True)
    b_hnsw, s_hnsw = build(ctx, HNSW, "CREATE INDEX %s ON bench_corpus USING hnsw "
                           "(sv sparsevec_cosine_ops) WITH (m = 16, ef_construction = 64)" % HNSW)
    print("   HNSW build %.1f s, %.1f MB" % (b_hnsw, s_hnsw / 1e6), flush=True)
    ctx.execute("ANALYZE bench_corpus")

    # one session per method and setting; the methods alternate per query
    methods = [("news_ivf, default (ivf_probes = 0: stopping rule)", IVF_SQL, IVF, "", ex_ivf)]
    for p in probes:
        methods.append(("news_ivf, ivf_probes = %d" % p, IVF_SQL, IVF,
                        "SET news_analytics.ivf_probes = %d" % p, ex_ivf))
    for e in efs:
        methods.append(("pgvector HNSW, ef_search = %d%s" % (e, " (default)" if e == 40 else ""),
                        HNSW_SQL, HNSW, "SET hnsw.ef_search = %d" % e, ex_hnsw))
    conns = []
    for label, sql, index, setup, _ in methods:
        c = psycopg2.connect(ctx.conn.dsn)
        c.autocommit = True
        cur = c.cursor()
        if setup:
            cur.execute(setup)
        cur.execute("EXPLAIN (COSTS OFF) " + sql, (queries[0], queries[0]))
        plan = "\n".join(r[0] for r in cur.fetchall())
        if index not in plan:
            raise RuntimeError("%s: the plan does not use %s:\n%s" % (label, index, plan))
        cur.execute(sql, (queries[0], queries[0]))     # warm-up
        cur.fetchall()
        conns.append((c, cur))
    times = [[] for _ in methods]
    recalls = [[] for _ in methods]
    for k, qid in enumerate(queries):
        order = list(range(len(methods)))
        if k % 2:
            order.reverse()
        for m in order:
            cur = conns[m][1]
            start = time.perf_counter()
            cur.execute(methods[m][1], (qid, qid))
            got = cur.fetchall()
            times[m].append(time.perf_counter() - start)
            r = recall_of(got, methods[m][4][qid])
            if r is not None:
                recalls[m].append(r)
    for c, cur in conns:
        c.close()

    base = None
    for m, meth in enumerate(methods):
        if meth[0].startswith("pgvector HNSW, ef_search = 40"):
            base = statistics.median(times[m])
    rows = []
    for m, meth in enumerate(methods):
        med = statistics.median(times[m])
        rows.append([meth[0], fmt_ms(med), fmt_ms(p95(times[m])),
                     "%.3f" % statistics.mean(recalls[m]), "%.1f" % min(recalls[m]),
                     "%.2f×" % (med / base) if base else "-"])
        print("   %s: median %s, p95 %s, recall %.3f / worst %.1f" % (
            meth[0], fmt_ms(med), fmt_ms(p95(times[m])), statistics.mean(recalls[m]),
            min(recalls[m])), flush=True)

    ctx.table("Index builds (%d articles; maintenance_work_mem %s, "
              "max_parallel_maintenance_workers %s)" % (n, mwm, workers),
              ["index", "build time", "size", "ratio to HNSW (time / size)"],
              [["news_ivf (%s%s)" % (lists_label, ", forced" if lists > 0 else ", default"), "%.1f s" % b_ivf, "%.1f MB" % (s_ivf / 1e6),
                "%.2f× / %.2f×" % (b_ivf / b_hnsw, s_ivf / s_hnsw)],
               ["pgvector HNSW (sparsevec_cosine_ops, m 16, ef_construction 64)",
                "%.1f s" % b_hnsw, "%.1f MB" % (s_hnsw / 1e6), "1.00× / 1.00×"]])
    ctx.table("Top-10 related articles, %d query articles over %d articles, methods "
              "alternating per query; recall against each method's own exact ranking"
              % (len(queries), n),
              ["method", "median", "p95", "recall@10 (mean)", "recall@10 (worst query)",
               "median / HNSW default"], rows)
