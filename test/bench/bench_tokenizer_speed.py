"""Tokenizer speed, side by side with PostgreSQL.

The loaded corpus (use --corpus gnad: gnad-dev.csv from the shared data
directory beside the checkout) is
repeated into table tok_speed until it holds at least 50 MB of text.  On
one core (no parallel query) we time, alternating, to_tsvector('news_german')
and news_tokenize() against to_tsvector('german'), and report MB/s and the
ratio; to_tsvector('simple') and a bare length() pass are given for
reference.  Then the lexicon: load time and memory in fresh backends
(median of 5), and the size of the per-backend term cache after the run.
"""

import math
import statistics

import psycopg2

TARGET_MB = 50.0


def run(ctx):
    ctx.execute("SET max_parallel_workers_per_gather = 0")
    corpus_mb = float(ctx.scalar("SELECT sum(octet_length(body)) / 1e6 FROM bench_corpus"))
    copies = max(1, int(math.ceil(TARGET_MB / corpus_mb)))
    ctx.execute("DROP TABLE IF EXISTS tok_speed")
    ctx.execute("""CREATE TABLE tok_speed AS
                   SELECT c.id, c.body FROM bench_corpus c, generate_series(1, %s) g""",
                (copies,))
    ctx.execute("VACUUM ANALYZE tok_speed")
    mb = float(ctx.scalar("SELECT sum(octet_length(body)) / 1e6 FROM tok_speed"))
    ctx.note("speed corpus: %s repeated %d times = %.1f MB in %d rows; one core "
             "(max_parallel_workers_per_gather = 0)"
             % (ctx.corpus, copies, mb, ctx.scalar("SELECT count(*) FROM tok_speed")))
    setup = "SET max_parallel_workers_per_gather = 0"
    base_sql = "SELECT sum(length(to_tsvector('german', body))) FROM tok_speed"
    ctx.compare("to_tsvector, %.0f MB" % mb,
                "to_tsvector('news_german', body)",
                "SELECT sum(length(to_tsvector('news_german', body))) FROM tok_speed",
                "to_tsvector('german', body)", base_sql,
                work=mb, unit="MB/s", setup=setup)
    ctx.compare("tokenize, %.0f MB" % mb,
                "news_tokenize(body)",
                "SELECT sum(cardinality(news_tokenize(body))) FROM tok_speed",
                "to_tsvector('german', body)", base_sql,
                work=mb, unit="MB/s", setup=setup)

    # references: simple configuration and reading the text only
    refs = []
    for label, sql in [("to_tsvector('simple', body)",
                        "SELECT sum(length(to_tsvector('simple', body))) FROM tok_speed"),
                       ("length(body)", "SELECT sum(length(body)) FROM tok_speed")]:
        ctx.time_sql(sql)
        times = [ctx.time_sql(sql) for _ in range(3)]
        refs.append([label, "%.2f s" % statistics.median(times),
                     "%.1f MB/s" % (mb / statistics.median(times))])
    ctx.table("Tokenizer speed: references (median of 3)", ["query", "median", "throughput"], refs)

    # lexicon load time and memory, in fresh backends
    loads = []
    for _ in range(5):
        conn = psycopg2.connect(dbname=ctx.conn.get_dsn_parameters()["dbname"])
        with conn.cursor() as cur:
            cur.execute("SELECT load_ms, memory_bytes, lexicon, dict_file FROM news_lexicon_info()")
            loads.append(cur.fetchone())
        conn.close()
    ms = statistics.median(r[0] for r in loads)
    mem = statistics.median(r[1] for r in loads)
    cache = ctx.execute("SELECT cached_tokens FROM news_lexicon_info()")[0][0]
    ctx.table("Tokenizer: compound lexicon (fresh backends, median of 5)",
              ["lexicon", "file", "load time", "min", "memory", "goal"],
              [[loads[0][2], loads[0][3], "%.1f ms" % ms, "%.1f ms" % min(r[0] for r in loads),
                "%.1f MB" % (mem / 1e6), "≤ 100 ms, ≤ 50 MB"]])
    ctx.note("term cache of the benchmark backend after the runs: %d distinct tokens "
             "(bounded at 32 MB per backend)" % cache)
    ctx.execute("DROP TABLE tok_speed")
