"""news_rollup and news_parse_date against plain PostgreSQL.

  bash test/bench/run.sh rollup            (NEWS_ROLLUP_ROWS=N to change 10,000,000)

Table bench_rollup_ts holds N random timestamps over three years
(2021-2023); every query runs with TimeZone Europe/Zurich, once with
max_parallel_workers_per_gather = 0 and once with 2:
  * news_rollup(ts) expanded to day/week/month buckets (gaps filled)
    against date_trunc(g, ts AT TIME ZONE 'Europe/Zurich') ... GROUP BY 1,
    against count(ts) (the floor: reading the column), and against
    date_bin('1 day', ...) GROUP BY (UTC days: a reference, not a result);
  * state sizes of one and ten years of daily data;
  * news_parse_date() strings/s against to_timestamp(text, 'DD.MM.YYYY HH24:MI').
"""
import os

ZONE = "Europe/Zurich"


def ensure_table(ctx, rows):
    have = ctx.scalar("SELECT to_regclass('bench_rollup_ts') IS NOT NULL")
    if have and ctx.scalar("SELECT count(*) FROM bench_rollup_ts") == rows:
        return
    ctx.execute("DROP TABLE IF EXISTS bench_rollup_ts")
    ctx.execute("SELECT setseed(0.5)")
    ctx.execute("CREATE TABLE bench_rollup_ts AS SELECT '2021-01-01 00:00+01'::timestamptz"
                " + random() * interval '1095 days' AS ts FROM generate_series(1, %s)", (rows,))
    ctx.execute("VACUUM ANALYZE bench_rollup_ts")


def run(ctx):
    rows = int(os.environ.get("NEWS_ROLLUP_ROWS", "10000000"))
    ensure_table(ctx, rows)
    ctx.note("news_rollup: %d random timestamps 2021-2023 in bench_rollup_ts, TimeZone %s" % (rows, ZONE))
    for workers in (0, 2):
        setup = ("SET TimeZone = '%s'; SET max_parallel_workers_per_gather = %d"
                 % (ZONE, workers))
        tag = " (%d workers)" % workers
        for g in ("day", "week", "month"):
            ours = ("SELECT count(*), sum(articles) FROM news_rollup_buckets("
                    "(SELECT news_rollup(ts) FROM bench_rollup_ts), '%s')" % g)
            base = ("SELECT count(*), sum(n) FROM (SELECT date_trunc('%s', ts AT TIME ZONE '%s') AS b,"
                    " count(*) AS n FROM bench_rollup_ts GROUP BY 1) s" % (g, ZONE))
            ctx.compare("%s buckets%s" % (g, tag), "news_rollup + buckets", ours,
                        "date_trunc GROUP BY", base, setup=setup)
        ours = ("SELECT count(*), sum(articles) FROM news_rollup_buckets("
                "(SELECT news_rollup(ts) FROM bench_rollup_ts), 'day')")
        ctx.compare("day buckets vs reading the column" + tag, "news_rollup + buckets", ours,
                    "count(ts)", "SELECT count(ts) FROM bench_rollup_ts", setup=setup)
        ctx.compare("day buckets vs UTC date_bin" + tag, "news_rollup + buckets", ours,
                    "date_bin('1 day') GROUP BY (UTC days)",
                    "SELECT count(*), sum(n) FROM (SELECT date_bin('1 day', ts, '2000-01-01 00:00+00') AS b,"
                    " count(*) AS n FROM bench_rollup_ts GROUP BY 1) s", setup=setup)

    # state sizes: stored (compact) value; the dense working state of the
    # aggregate is 48 + 16 + 4 bytes per hour spanned
    sizes = []
    for label, sql in [
        ("1 year, 500 articles/day at random hours",
         "SELECT news_rollup('2021-01-01 00:00+01'::timestamptz + random() * interval '365 days', 'Europe/Zurich')"
         " FROM generate_series(1, 365 * 500)"),
        ("10 years, 500 articles/day at random hours",
         "SELECT news_rollup('2014-01-01 00:00+01'::timestamptz + random() * interval '3652 days', 'Europe/Zurich')"
         " FROM generate_series(1, 3652 * 500)"),
        ("1 year, 1 article/day (09:00)",
         "SELECT news_rollup(d + interval '9 hours', 'Europe/Zurich')"
         " FROM generate_series('2021-01-01'::timestamptz, '2021-12-31', '1 day') d"),
        ("10 years, 1 article/day (09:00)",
         "SELECT news_rollup(d + interval '9 hours', 'Europe/Zurich')"
         " FROM generate_series('2014-01-01'::timestamptz, '2023-12-31', '1 day') d"),
        ("%d rows over 3 years (this benchmark)" % rows,
         "SELECT news_rollup(ts, 'Europe/Zurich') FROM bench_rollup_ts"),
    ]:
        size = ctx.scalar("SELECT pg_column_size(r) FROM (%s) s(r)" % sql)
        raw = ctx.scalar("SELECT octet_length(news_rollup_send(r)) FROM (%s) s(r)" % sql)
        sizes.append((label, size, raw))
    ctx.table("news_rollup state sizes (bytes)", ["data", "value (pg_column_size)",
                                                  "binary send"], sizes)

    # news_parse_date throughput
    n = 500000
    ctx.execute("DROP TABLE IF EXISTS bench_rollup_dates")
    ctx.execute("SELECT setseed(0.25)")
    ctx.execute("""CREATE TABLE bench_rollup_dates AS
        SELECT to_char(t, 'DD.MM.YYYY HH24:MI') AS numeric_form,
               (ARRAY[to_char(t, 'FMDD.MM.YYYY HH24:MI'),
                      to_char(t, 'FMDD. ') || (ARRAY['Januar','Februar','März','April','Mai','Juni','Juli',
                        'August','September','Oktober','November','Dezember'])[extract(month FROM t)]
                        || to_char(t, ' YYYY, HH24:MI'),
                      'publiziert am ' || to_char(t, 'FMDD.FMMM.YYYY'),
                      'vor ' || (1 + (random() * 20)::int) || ' Stunden',
                      'gestern, ' || to_char(t, 'HH24:MI')])[1 + (random() * 4)::int] AS mixed
          FROM (SELECT '2020-01-01'::timestamptz + random() * interval '1000 days' AS t
                  FROM generate_series(1, %s)) s""", (n,))
    ctx.execute("VACUUM ANALYZE bench_rollup_dates")
    setup = "SET TimeZone = '%s'; SET max_parallel_workers_per_gather = 0" % ZONE
    ctx.compare("parse 'DD.MM.YYYY HH24:MI'", "news_parse_date",
                "SELECT count(news_parse_date(numeric_form, '2023-01-01')) FROM bench_rollup_dates",
                "to_timestamp(s, 'DD.MM.YYYY HH24:MI')",
                "SELECT count(to_timestamp(numeric_form, 'DD.MM.YYYY HH24:MI')) FROM bench_rollup_dates",
                work=n, unit="strings/s", setup=setup)
    ctx.compare("parse mixed German forms", "news_parse_date",
                "SELECT count(news_parse_date(mixed, '2023-01-01')) FROM bench_rollup_dates",
                "to_timestamp(s, 'DD.MM.YYYY HH24:MI') (numeric form only)",
                "SELECT count(to_timestamp(numeric_form, 'DD.MM.YYYY HH24:MI')) FROM bench_rollup_dates",
                work=n, unit="strings/s", setup=setup)
    parsed = ctx.scalar("SELECT count(news_parse_date(mixed, '2023-01-01')) FROM bench_rollup_dates")
    ctx.note("mixed forms: '7.3.2021 11:53', '7. März 2021, 11:53', 'publiziert am 7.3.2021', "
             "'vor N Stunden', 'gestern, 11:53'; %d of %d parsed" % (parsed, n))
