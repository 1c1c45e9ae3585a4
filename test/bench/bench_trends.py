"""Trending terms: news_term_stats and news_significant_terms against plain SQL.

  bash test/bench/run.sh --corpus synthetic:100000 trends

1. Quality (real news, see trends_eval.py): mean precision@10 of the top
   terms of each day of ../shared/data/og2021-de-dev.tsv mixed with ordinary
   articles of gnad-dev.csv, for the two plain-SQL baselines and ours.
2. Speed on the loaded corpus (bench_corpus):
   - news_term_stats(body) vs SELECT t, count(DISTINCT id) ... unnest(news_tokenize(body))
     ... GROUP BY t, and the size of the state;
   - news_significant_terms on two states of the whole corpus;
   - rising terms: the last hour against the 28 days before it, from a table
     of hourly states (articles spread evenly over 28 days + 1 hour), against
     the plain-SQL equivalent: a table of (hour, term, docs) rows;
   - a term's daily counts from the hourly states.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import trends_eval  # noqa: E402

HOURS = 28 * 24 + 1
# the hours are numbered so that a day starts at hour 12: the window of the
# 672 hours before the last one is then 12 hours + 27 whole days + 12 hours,
# as for a query in the middle of a day
DAY_SHIFT = 12
FG_ARTICLES = 100000


def _conn():
    import psycopg2
    c = psycopg2.connect(dbname="news_bench")
    c.autocommit = True
    return c


def _cache_valid(ctx, n):
    """The states are cached as text in tables that do not depend on the
    extension (bench.py recreates it every run, which drops every column of
    type news_termstats): rebuilding them from 1,000,000 articles takes long."""
    have = ctx.scalar("SELECT to_regclass('bench_trends_cache') IS NOT NULL")
    if not have:
        return False
    return ctx.scalar("SELECT count(*) FROM bench_trends_cache WHERE corpus = %s",
                      (ctx.corpus,)) == HOURS + 1


def _build_cache(ctx, n):
    import threading
    ctx.execute("DROP TABLE IF EXISTS bench_trends_cache")
    ctx.execute("CREATE TABLE bench_trends_cache (corpus text, name text, hour int, txt text)")
    # hour h holds the articles with id in ((h * n) / HOURS, ((h + 1) * n) / HOURS]:
    # contiguous id ranges, so each hour is one primary-key range scan
    todo = list(range(HOURS)) + ["fg"]
    lock = threading.Lock()

    def worker():
        c = _conn()
        cur = c.cursor()
        cur.execute("SET max_parallel_workers_per_gather = 0")
        while True:
            with lock:
                if not todo:
                    break
                h = todo.pop(0)
            if h == "fg":
                cur.execute("INSERT INTO bench_trends_cache SELECT %s, 'fg', NULL,"
                            " news_term_stats(body)::text FROM bench_corpus WHERE id <= %s",
                            (ctx.corpus, FG_ARTICLES))
            else:
                lo, hi = h * n // HOURS, (h + 1) * n // HOURS
                cur.execute("INSERT INTO bench_trends_cache SELECT %s, 'hour', %s,"
                            " news_term_stats(body)::text FROM bench_corpus"
                            " WHERE id > %s AND id <= %s", (ctx.corpus, h, lo, hi))
        c.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def ensure_hourly(ctx):
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    assert ctx.scalar("SELECT min(id) = 1 AND max(id) = count(*) FROM bench_corpus")
    if not _cache_valid(ctx, n):
        _build_cache(ctx, n)
    ctx.execute("DROP TABLE IF EXISTS bench_trends_hourly, bench_trends_daily,"
                " bench_trends_hourly_terms, bench_trends_states, bench_trends_state_terms")
    ctx.execute("CREATE TABLE bench_trends_hourly AS SELECT hour, txt::news_termstats AS st"
                " FROM bench_trends_cache WHERE corpus = %s AND name = 'hour'", (ctx.corpus,))
    ctx.execute("CREATE UNIQUE INDEX ON bench_trends_hourly (hour)")
    # the rollup of the recipe: daily states merged from the hourly ones
    ctx.execute("CREATE TABLE bench_trends_daily AS SELECT (hour + %d) / 24 AS day,"
                " news_termstats_merge(st ORDER BY hour) AS st FROM bench_trends_hourly GROUP BY 1"
                % DAY_SHIFT)
    ctx.execute("CREATE UNIQUE INDEX ON bench_trends_daily (day)")
    # the plain-SQL equivalent: (hour, term, docs) rows; taken from the hourly
    # states, which are exact (error 0), instead of tokenizing again
    assert ctx.scalar("SELECT max(news_termstats_error(st)) FROM bench_trends_hourly") == 0
    ctx.execute("CREATE TABLE bench_trends_hourly_terms AS SELECT hour, term, docs"
                " FROM bench_trends_hourly, news_termstats_terms(st)")
    ctx.execute("CREATE INDEX ON bench_trends_hourly_terms (hour, term)")
    # two stored states: the first 100,000 articles and all of them
    ctx.execute("CREATE TABLE bench_trends_states AS SELECT 'fg' AS k, txt::news_termstats AS st"
                " FROM bench_trends_cache WHERE corpus = %s AND name = 'fg'"
                " UNION ALL SELECT 'all', news_termstats_merge(st) FROM bench_trends_hourly",
                (ctx.corpus,))
    ctx.execute("CREATE TABLE bench_trends_state_terms AS SELECT k, term, docs"
                " FROM bench_trends_states, news_termstats_terms(st)")
    ctx.execute("CREATE INDEX ON bench_trends_state_terms (k, term)")
    ctx.execute("VACUUM ANALYZE bench_trends_hourly, bench_trends_daily, bench_trends_hourly_terms,"
                " bench_trends_states, bench_trends_state_terms")
    return n


def run(ctx):
    if os.environ.get("TMP_PREP_ONLY"):
        ensure_hourly(ctx)
        return
    # 1. quality
    res, ndays = trends_eval.evaluate(ctx.conn)
    ctx.table("Top-10 precision on og2021-de-dev (%d days, %d ordinary articles per day)"
              % (ndays, trends_eval.ORDINARY_PER_DAY),
              ["method", "mean precision@10"], [(m, "%.3f" % p) for m, p in res])
    ctx.execute("DROP TABLE IF EXISTS te_docs, te_terms, te_days, te_fg, te_bg")

    # 2. speed
    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    ctx.note("trends: %d articles in bench_corpus" % n)
    setup = "SET max_parallel_workers_per_gather = 0"
    ctx.compare("term document frequencies of %d articles" % n,
                "news_term_stats(body)",
                "SELECT news_termstats_nterms(news_term_stats(body)) FROM bench_corpus",
                "count(DISTINCT id) over unnest(news_tokenize(body))",
                "SELECT count(*) FROM (SELECT t, count(DISTINCT id) FROM bench_corpus,"
                " unnest(news_tokenize(body)) t GROUP BY t) s", setup=setup)
    ctx.execute("DROP TABLE IF EXISTS bench_trends_states")
    ctx.execute("CREATE TABLE bench_trends_states AS SELECT 'all' AS k, news_term_stats(body) AS st"
                " FROM bench_corpus UNION ALL SELECT 'half', news_term_stats(body) FROM bench_corpus"
                " WHERE id % 2 = 0")
    rows = ctx.execute("SELECT k, news_termstats_ndocs(st), news_termstats_nterms(st),"
                       " news_termstats_error(st), pg_column_size(st),"
                       " octet_length(news_termstats_send(st)) FROM bench_trends_states ORDER BY k")
    ctx.table("news_termstats state sizes (cap news_analytics.termstats_max_terms = %s)"
              % ctx.scalar("SHOW news_analytics.termstats_max_terms"),
              ["state", "documents", "terms", "error bound", "stored bytes (compressed)",
               "binary send bytes"], rows)
    exact = ctx.scalar("SELECT count(DISTINCT t) FROM bench_corpus, unnest(news_tokenize(body)) t")
    ctx.note("distinct terms in the corpus: %d (terms beyond the cap are covered by the error bound)"
             % exact)
    sig = ("SELECT count(*) FROM news_significant_terms("
           "(SELECT st FROM bench_trends_states WHERE k = 'half'),"
           "(SELECT st FROM bench_trends_states WHERE k = 'all'), 20)")
    base = ("SELECT count(*) FROM (SELECT f.term FROM (SELECT t AS term, count(DISTINCT id) AS df"
            " FROM bench_corpus, unnest(news_tokenize(body)) t WHERE id % 2 = 0 GROUP BY t) f"
            " LIMIT 20) s")
    ctx.compare("significant terms of two stored states (%d articles)" % n,
                "news_significant_terms(stored states)", sig,
                "plain SQL recount of the foreground only", base, setup=setup, reps=3)

    ensure_hourly(ctx)
    last = HOURS - 1
    rising = ("SELECT count(*) FROM news_significant_terms("
              "(SELECT st FROM bench_trends_hourly WHERE hour = %d),"
              "(SELECT news_termstats_merge(st) FROM bench_trends_hourly WHERE hour < %d),"
              " 20, background_mode => 'separate')" % (last, last))
    rising_base = (
        "WITH fg AS (SELECT term, docs FROM bench_trends_hourly_terms WHERE hour = %d),"
        " bg AS (SELECT term, sum(docs) AS docs FROM bench_trends_hourly_terms WHERE hour < %d GROUP BY term),"
        " n AS (SELECT (SELECT count(*) FROM bench_corpus WHERE id %% %d = %d)::float8 AS fn,"
        "              (SELECT count(*) FROM bench_corpus WHERE id %% %d <> %d)::float8 AS bn)"
        " SELECT count(*) FROM (SELECT fg.term FROM fg LEFT JOIN bg USING (term), n"
        "  WHERE fg.docs / n.fn > (fg.docs + coalesce(bg.docs, 0)) / (n.fn + n.bn)"
        "  ORDER BY (fg.docs / n.fn - (fg.docs + coalesce(bg.docs, 0)) / (n.fn + n.bn))"
        "   * (fg.docs / n.fn) / ((fg.docs + coalesce(bg.docs, 0)) / (n.fn + n.bn)) DESC LIMIT 20) s"
        % (last, last, HOURS, last, HOURS, last))
    ctx.compare("rising terms, last hour vs 28 days of hourly states (%d articles)" % n,
                "news_significant_terms + news_termstats_merge", rising,
                "JLH over an (hour, term, docs) table", rising_base, setup=setup, reps=3)
    term = ctx.scalar("SELECT term FROM news_termstats_terms((SELECT st FROM bench_trends_hourly"
                      " WHERE hour = 0), 50) ORDER BY docs LIMIT 1")
    burst = ("SELECT count(*) FROM (SELECT hour / 24 AS day, sum(news_termstats_docs(st, %s))"
             " FROM bench_trends_hourly GROUP BY 1) s")
    burst_base = ("SELECT count(*) FROM (SELECT hour / 24 AS day, sum(docs) FROM bench_trends_hourly_terms"
                  " WHERE term = %s GROUP BY 1) s")
    ctx.compare("daily counts of one term from hourly states",
                "news_termstats_docs per hourly state", burst % ctx.conn.cursor().mogrify("%s", (term,)).decode(),
                "(hour, term, docs) table, index", burst_base % ctx.conn.cursor().mogrify("%s", (term,)).decode(),
                setup=setup, reps=3)
