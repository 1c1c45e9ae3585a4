"""Trending terms: news_term_stats and news_significant_terms against plain SQL.

  bash test/bench/run.sh --corpus synthetic:1000000 --reps 5 trends

NEWS_TRENDS_PARTS (default "quality,speed") picks the sections.

1. Quality (real news, see trends_eval.py): mean precision@10 of the top
   terms of each day of ../shared/data/og2021-de-dev.tsv mixed with ordinary
   articles of gnad-dev.csv, for the two plain-SQL baselines and ours.
2. Speed on the loaded corpus (bench_corpus, ids 1..n), spread over
   28 days + 1 hour of hourly states (HOURS contiguous id ranges):
   - news_term_stats(body) vs SELECT t, count(DISTINCT id) ...
     unnest(news_tokenize(body)) ... GROUP BY t (up to 200,000 articles:
     beyond, the two sides tokenize the corpus 8 times, hours of work);
   - state sizes, and the error bound of the cap checked against the exact
     counts (a merge of the exact hourly states without a cap);
   - news_significant_terms on two stored states (the first 100,000
     articles and all of them) against JLH in plain SQL over the same counts
     stored as (state, term, docs) rows;
   - rising terms, the last hour against the 28 days before it, by the
     recipe: 27 daily states (rolled up from the hourly ones) + 24 hourly
     states merged with news_termstats_merge_for, against the same recipe
     in plain SQL over (day, term, docs) and (hour, term, docs) rows; also
     the full merge (news_termstats_merge) of the same states;
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
    # NEWS_TRENDS_REUSE=1: keep the tables of an earlier run when they are
    # complete (for a driver that does not recreate the extension)
    if os.environ.get("NEWS_TRENDS_REUSE") and ctx.scalar(
            "SELECT to_regclass('bench_trends_state_terms') IS NOT NULL") and ctx.scalar(
            "SELECT sum(news_termstats_ndocs(st)) FROM bench_trends_hourly") == n:
        return n
    if not _cache_valid(ctx, n):
        _build_cache(ctx, n)
    ctx.execute("DROP TABLE IF EXISTS bench_trends_hourly, bench_trends_daily,"
                " bench_trends_hourly_terms, bench_trends_daily_terms, bench_trends_states,"
                " bench_trends_state_terms")
    ctx.execute("CREATE TABLE bench_trends_hourly AS SELECT hour, txt::news_termstats AS st"
                " FROM bench_trends_cache WHERE corpus = %s AND name = 'hour'", (ctx.corpus,))
    ctx.execute("CREATE UNIQUE INDEX ON bench_trends_hourly (hour)")
    assert ctx.scalar("SELECT max(news_termstats_error(st)) FROM bench_trends_hourly") == 0
    # the rollup of the recipe: daily states merged from the hourly ones
    ctx.execute("CREATE TABLE bench_trends_daily AS SELECT (hour + %d) / 24 AS day,"
                " news_termstats_merge(st) AS st FROM bench_trends_hourly GROUP BY 1"
                % DAY_SHIFT)
    ctx.execute("CREATE UNIQUE INDEX ON bench_trends_daily (day)")
    # two stored states: the first 100,000 articles and all of them
    ctx.execute("CREATE TABLE bench_trends_states AS SELECT 'fg' AS k, txt::news_termstats AS st"
                " FROM bench_trends_cache WHERE corpus = %s AND name = 'fg'"
                " UNION ALL SELECT 'all', news_termstats_merge(st) FROM bench_trends_hourly",
                (ctx.corpus,))
    # the plain-SQL side keeps the same counts as rows: the states' terms
    # (the hours of the recipe, the days, the two states)
    last = HOURS - 1
    ctx.execute("CREATE TABLE bench_trends_hourly_terms AS SELECT hour, term, docs"
                " FROM bench_trends_hourly, news_termstats_terms(st)"
                " WHERE hour = %d OR (hour + %d) / 24 IN (0, %d)"
                % (last, DAY_SHIFT, (last + DAY_SHIFT) // 24))
    ctx.execute("CREATE INDEX ON bench_trends_hourly_terms (hour, term)")
    ctx.execute("CREATE TABLE bench_trends_daily_terms AS SELECT day, term, docs"
                " FROM bench_trends_daily, news_termstats_terms(st)")
    ctx.execute("CREATE INDEX ON bench_trends_daily_terms (day, term)")
    ctx.execute("CREATE TABLE bench_trends_state_terms AS SELECT k, term, docs"
                " FROM bench_trends_states, news_termstats_terms(st)")
    ctx.execute("CREATE INDEX ON bench_trends_state_terms (k, term)")
    ctx.execute("VACUUM ANALYZE bench_trends_hourly, bench_trends_daily, bench_trends_hourly_terms,"
                " bench_trends_daily_terms, bench_trends_states, bench_trends_state_terms")
    return n


def check_cap(ctx):
    """The error bound of the capped states against exact counts: an
    uncapped merge of the exact hourly states (all articles; each day)."""
    ctx.execute("SET news_analytics.termstats_max_terms = 4194304")
    ctx.execute("DROP TABLE IF EXISTS bench_trends_exact")
    ctx.execute("CREATE TEMP TABLE bench_trends_exact AS SELECT 'all' AS k,"
                " news_termstats_merge(st) AS st FROM bench_trends_hourly UNION ALL"
                " SELECT 'day ' || ((hour + %d) / 24), news_termstats_merge(st)"
                " FROM bench_trends_hourly GROUP BY (hour + %d) / 24" % (DAY_SHIFT, DAY_SHIFT))
    ctx.execute("RESET news_analytics.termstats_max_terms")
    capped = ("SELECT 'all' AS k, st FROM bench_trends_states WHERE k = 'all'"
              " UNION ALL SELECT 'day ' || day, st FROM bench_trends_daily")
    # the term lists as rows (a lookup per term would detoast the state each
    # time; a join of two set-returning functions runs as a nested loop)
    ctx.execute("DROP TABLE IF EXISTS bench_trends_cmp_x, bench_trends_cmp_c")
    # (per-state values in a materialized CTE: in the select list of the
    # join they would be computed, and the state detoasted, once per term)
    ctx.execute("CREATE TEMP TABLE bench_trends_cmp_x AS WITH s AS MATERIALIZED (SELECT k, st,"
                " news_termstats_nterms(st) AS nterms FROM bench_trends_exact)"
                " SELECT s.k, s.nterms, t.term, t.docs FROM s, news_termstats_terms(s.st) t")
    ctx.execute("CREATE TEMP TABLE bench_trends_cmp_c AS WITH s AS MATERIALIZED (SELECT k, st,"
                " news_termstats_nterms(st) AS nterms, news_termstats_error(st) AS error FROM (%s) c)"
                " SELECT s.k, s.nterms, s.error, t.term, t.docs FROM s, news_termstats_terms(s.st) t"
                % capped)
    ctx.execute("ANALYZE bench_trends_cmp_x, bench_trends_cmp_c")
    rows = ctx.execute(
        "WITH e AS (SELECT DISTINCT k, error, nterms FROM bench_trends_cmp_c),"
        " cmp AS (SELECT x.k, e.error, e.nterms AS kept, x.nterms AS exact_terms,"
        "                x.docs AS true_docs, coalesce(c.docs, 0) AS stored"
        "           FROM bench_trends_cmp_x x JOIN e USING (k)"
        "           LEFT JOIN bench_trends_cmp_c c USING (k, term))"
        " SELECT CASE WHEN k = 'all' THEN 'all articles' ELSE 'days' END AS state,"
        "        count(DISTINCT k) AS states, max(exact_terms) AS max_exact_terms,"
        "        max(kept) AS max_kept, max(error) AS max_error_bound,"
        "        max(true_docs - stored) AS max_undercount,"
        "        count(*) FILTER (WHERE stored > true_docs OR true_docs > stored + error) AS violations"
        "   FROM cmp GROUP BY 1 ORDER BY 1")
    ctx.execute("DROP TABLE bench_trends_cmp_x, bench_trends_cmp_c")
    ctx.table("Cap news_analytics.termstats_max_terms = %s: stored <= true <= stored + error,"
              " checked for every term" % ctx.scalar("SHOW news_analytics.termstats_max_terms"),
              ["states", "count", "distinct terms (exact)", "terms kept", "error bound",
               "largest undercount", "violations"], rows)
    ctx.execute("DROP TABLE bench_trends_exact")


def run(ctx):
    parts = os.environ.get("NEWS_TRENDS_PARTS", "quality,speed").split(",")
    if "quality" in parts:
        res, ndays = trends_eval.evaluate(ctx.conn)
        ctx.table("Top-10 precision on og2021-de-dev (%d days, %d ordinary articles per day)"
                  % (ndays, trends_eval.ORDINARY_PER_DAY),
                  ["method", "mean precision@10"], [(m, "%.3f" % p) for m, p in res])
        ctx.execute("DROP TABLE IF EXISTS te_docs, te_terms, te_days, te_fg, te_bg")
    if "speed" not in parts:
        return

    n = ctx.scalar("SELECT count(*) FROM bench_corpus")
    ctx.note("trends: %d articles in bench_corpus; load average before: %s"
             % (n, open("/proc/loadavg").read().strip()))
    setup = "SET max_parallel_workers_per_gather = 0"
    if n <= 200000:
        ctx.compare("term document frequencies of %d articles" % n,
                    "news_term_stats(body)",
                    "SELECT news_termstats_nterms(news_term_stats(body)) FROM bench_corpus",
                    "count(DISTINCT id) over unnest(news_tokenize(body))",
                    "SELECT count(*) FROM (SELECT t, count(DISTINCT id) FROM bench_corpus,"
                    " unnest(news_tokenize(body)) t GROUP BY t) s", setup=setup)
    else:
        ctx.note("news_term_stats vs count(DISTINCT id): not run above 200,000 articles")

    ensure_hourly(ctx)
    rows = ctx.execute("SELECT k, news_termstats_ndocs(st), news_termstats_nterms(st),"
                       " news_termstats_error(st), pg_column_size(st),"
                       " octet_length(news_termstats_send(st)) FROM bench_trends_states ORDER BY k")
    rows += ctx.execute("SELECT 'daily (mean of ' || count(*) || ')', round(avg(news_termstats_ndocs(st))),"
                        " round(avg(news_termstats_nterms(st))), max(news_termstats_error(st)),"
                        " round(avg(pg_column_size(st))), round(avg(octet_length(news_termstats_send(st))))"
                        " FROM bench_trends_daily")
    rows += ctx.execute("SELECT 'hourly (mean of ' || count(*) || ')', round(avg(news_termstats_ndocs(st))),"
                        " round(avg(news_termstats_nterms(st))), max(news_termstats_error(st)),"
                        " round(avg(pg_column_size(st))), round(avg(octet_length(news_termstats_send(st))))"
                        " FROM bench_trends_hourly")
    ctx.table("news_termstats state sizes (cap news_analytics.termstats_max_terms = %s)"
              % ctx.scalar("SHOW news_analytics.termstats_max_terms"),
              ["state", "documents", "terms", "error bound", "stored bytes",
               "binary send bytes"], rows)
    check_cap(ctx)

    # significant terms of two stored states
    sig = ("SELECT count(*) FROM news_significant_terms("
           "(SELECT st FROM bench_trends_states WHERE k = 'fg'),"
           "(SELECT st FROM bench_trends_states WHERE k = 'all'), 20)")
    nf = "(SELECT news_termstats_ndocs(st) FROM bench_trends_states WHERE k = '%s')::float8"
    base = ("SELECT count(*) FROM (SELECT f.term FROM bench_trends_state_terms f"
            " JOIN bench_trends_state_terms b ON b.k = 'all' AND b.term = f.term,"
            " (SELECT %s AS fn, %s AS bn) n"
            " WHERE f.k = 'fg' AND f.docs >= 2 AND f.docs / n.fn > b.docs / n.bn"
            " ORDER BY (f.docs / n.fn - b.docs / n.bn) * (f.docs / n.fn) / (b.docs / n.bn) DESC"
            " LIMIT 20) s" % (nf % "fg", nf % "all"))
    ctx.compare("significant terms, stored states of %d and %d articles"
                % (FG_ARTICLES, n),
                "news_significant_terms", sig,
                "JLH in SQL over (state, term, docs) rows", base, setup=setup)

    # rising terms: the last hour against the 672 hours before it, which are
    # hours 0..11 (rest of day 0), days 1..27 and hours 660..671 (day 28)
    last = HOURS - 1
    fday, lday = (0 + DAY_SHIFT) // 24, (last + DAY_SHIFT) // 24
    bg_rows = ("SELECT st FROM bench_trends_daily WHERE day > %d AND day < %d UNION ALL"
               " SELECT st FROM bench_trends_hourly WHERE hour < %d"
               " AND (hour + %d) / 24 IN (%d, %d)" % (fday, lday, last, DAY_SHIFT, fday, lday))
    fg = "(SELECT st FROM bench_trends_hourly WHERE hour = %d)" % last
    rising = ("SELECT count(*) FROM news_significant_terms(%s,"
              " (SELECT news_termstats_merge_for(st, %s) FROM (%s) b), 20,"
              " background_mode => 'separate')" % (fg, fg, bg_rows))
    rising_full = ("SELECT count(*) FROM news_significant_terms(%s,"
                   " (SELECT news_termstats_merge(st) FROM (%s) b), 20,"
                   " background_mode => 'separate')" % (fg, bg_rows))
    rising_base = (
        "WITH fg AS (SELECT term, docs FROM bench_trends_hourly_terms WHERE hour = %(last)d),"
        " bg AS (SELECT term, sum(docs) AS docs FROM ("
        "   SELECT d.term, d.docs FROM bench_trends_daily_terms d JOIN fg USING (term)"
        "    WHERE d.day > %(fday)d AND d.day < %(lday)d"
        "   UNION ALL SELECT h.term, h.docs FROM bench_trends_hourly_terms h JOIN fg USING (term)"
        "    WHERE h.hour < %(last)d AND (h.hour + %(shift)d) / 24 IN (%(fday)d, %(lday)d)) x GROUP BY term),"
        " n AS (SELECT (SELECT news_termstats_ndocs(st) FROM bench_trends_hourly"
        "               WHERE hour = %(last)d)::float8 AS fn,"
        "              (SELECT sum(news_termstats_ndocs(st)) FROM bench_trends_hourly"
        "               WHERE hour < %(last)d)::float8 AS bn)"
        " SELECT count(*) FROM (SELECT fg.term FROM fg LEFT JOIN bg USING (term), n"
        "  WHERE fg.docs >= 2 AND fg.docs / n.fn > (fg.docs + coalesce(bg.docs, 0)) / (n.fn + n.bn)"
        "  ORDER BY (fg.docs / n.fn - (fg.docs + coalesce(bg.docs, 0)) / (n.fn + n.bn))"
        "   * (fg.docs / n.fn) / ((fg.docs + coalesce(bg.docs, 0)) / (n.fn + n.bn)) DESC LIMIT 20) s"
        % {"last": last, "fday": fday, "lday": lday, "shift": DAY_SHIFT})
    nstates = ctx.scalar("SELECT count(*) FROM (%s) b" % bg_rows)
    ctx.compare("rising terms, last hour vs 28 days (%d daily + hourly states, %d articles)"
                % (nstates, n),
                "news_significant_terms + news_termstats_merge_for", rising,
                "the same recipe in SQL over (day|hour, term, docs) rows", rising_base,
                setup=setup)
    # the two sums agree but for the order of floating-point additions, so
    # equal scores may tie-break differently: count the common terms
    common = ctx.execute(
        "SELECT count(*), count(*) FILTER (WHERE a.bg_docs = c.bg_docs) FROM"
        " news_significant_terms(%s, (SELECT news_termstats_merge_for(st, %s) FROM (%s) b), 20,"
        " background_mode => 'separate') a JOIN news_significant_terms(%s, (SELECT"
        " news_termstats_merge(st) FROM (%s) b), 20, background_mode => 'separate') c USING (term)"
        % (fg, fg, bg_rows, fg, bg_rows))[0]
    ctx.note("rising terms: %d of the top 20 with news_termstats_merge_for are in the top 20 with"
             " the full merge (which prunes the 28-day sum to the cap), %d of them with the same"
             " background count" % tuple(common))
    ctx.compare("rising terms, full merge of the same %d states" % nstates,
                "news_significant_terms + news_termstats_merge", rising_full,
                "the same recipe in SQL over (day|hour, term, docs) rows", rising_base,
                setup=setup, reps=1)

    term = ctx.scalar("SELECT term FROM news_termstats_terms((SELECT st FROM bench_trends_hourly"
                      " WHERE hour = %d), 50) ORDER BY docs LIMIT 1" % last)
    burst = ("SELECT count(*) FROM (SELECT hour / 24 AS day, sum(news_termstats_docs(st, %s))"
             " FROM bench_trends_hourly GROUP BY 1) s")
    burst_base = ("SELECT count(*) FROM (SELECT day, sum(docs) FROM bench_trends_daily_terms"
                  " WHERE term = %s GROUP BY 1) s")
    lit = ctx.conn.cursor().mogrify("%s", (term,)).decode()
    ctx.compare("daily counts of one term",
                "news_termstats_docs per hourly state", burst % lit,
                "(day, term, docs) rows, index", burst_base % lit, setup=setup)
    ctx.note("load average after: %s" % open("/proc/loadavg").read().strip())
