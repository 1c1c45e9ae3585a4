"""Speed of news_similarity on stored vectors, and the size of a vector.

All pairs of the corpus (a CROSS JOIN of a table of stored news_vectors
with itself, one core: no parallel workers) against built-in baselines on
stored values over the same pairs:

- ts_rank(tsvector, tsquery): stored to_tsvector('german') of one article
  against the stored OR query of the other article's 25 top lexemes
- array overlap (text[] && text[]) of the stored lexeme arrays, the
  cheapest built-in "do they share a term" test (no weighting)

Throughput is in pairs per second.  Also: bytes per article on disk for
news_vector and for the baselines' tsvector.

Run: bash test/bench/run.sh --corpus gnad similarity_speed
"""


def run(ctx):
    ctx.execute("SET max_parallel_workers_per_gather = 0")
    ctx.execute("SET jit = off")
    ctx.execute("SELECT news_analyze_corpus('bench_corpus', 'body')")
    # One table per representation, so that no value is pushed out of line
    # by its neighbours in the row.
    for t in ("speed_vec", "speed_ts", "speed_lex"):
        ctx.execute("DROP TABLE IF EXISTS " + t)
    ctx.execute("CREATE TABLE speed_vec AS SELECT id, news_vector(body) AS v FROM bench_corpus")
    ctx.execute("""
        CREATE TABLE speed_lex AS
        SELECT id, pg_catalog.tsvector_to_array(pg_catalog.to_tsvector('german', body)) AS lex
          FROM bench_corpus""")
    ctx.execute("""
        CREATE TABLE speed_ts AS
        SELECT c.id, pg_catalog.to_tsvector('german', c.body) AS tsv,
               (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(l), ' | ')::pg_catalog.tsquery
                  FROM (SELECT l FROM pg_catalog.unnest(x.lex) l LIMIT 25) t) AS q
          FROM bench_corpus c JOIN speed_lex x USING (id)""")
    for t in ("speed_vec", "speed_ts", "speed_lex"):
        ctx.execute("VACUUM ANALYZE " + t)
    n = ctx.scalar("SELECT count(*) FROM speed_vec")
    pairs = n * n
    ctx.compare("all pairs of stored values (%d pairs)" % pairs,
                "news_similarity(a.v, b.v)",
                "SELECT count(*) FROM speed_vec a CROSS JOIN speed_vec b "
                "WHERE news_similarity(a.v, b.v) > 0.3",
                "ts_rank(a.tsv, b.q)",
                "SELECT count(*) FROM speed_ts a CROSS JOIN speed_ts b "
                "WHERE pg_catalog.ts_rank(a.tsv, b.q) > 0.3",
                work=pairs, unit="pairs/s")
    ctx.compare("all pairs of stored values (%d pairs)" % pairs,
                "a.v % b.v",
                "SELECT count(*) FROM speed_vec a CROSS JOIN speed_vec b WHERE a.v % b.v",
                "a.lex && b.lex",
                "SELECT count(*) FROM speed_lex a CROSS JOIN speed_lex b WHERE a.lex && b.lex",
                work=pairs, unit="pairs/s")
    size = ctx.execute("""
        SELECT round(avg(pg_catalog.octet_length(c.body))),
               round(avg(pg_catalog.pg_column_size(s.v))),
               round(avg(@extschema@.news_vector_nterms(s.v)), 1),
               round(avg(pg_catalog.pg_column_size(speed_ts.tsv))),
               round(avg(pg_catalog.length(speed_ts.tsv)), 1)
          FROM speed_vec s JOIN speed_ts USING (id) JOIN bench_corpus c USING (id)""".replace("@extschema@.", ""))[0]
    ctx.table("Size per article (averages)",
              ["body bytes", "news_vector bytes", "news_vector terms",
               "to_tsvector('german') bytes", "tsvector lexemes"], [size])
