--
-- rollup_errors: bad input gives clear errors
--
CREATE EXTENSION IF NOT EXISTS news_analytics;
SET TimeZone = 'Europe/Zurich';
SET DateStyle = 'ISO, YMD';

-- infinity cannot be counted
SELECT news_rollup(ts) FROM (VALUES ('2021-01-01'::timestamptz), ('infinity')) v(ts);
SELECT news_rollup(ts) FROM (VALUES ('-infinity'::timestamptz)) v(ts);

-- unknown granularity, unknown zone
SELECT * FROM news_rollup_buckets((SELECT news_rollup(now())), 'fortnight');
SELECT news_rollup_sparkline(news_rollup(now()), '') ;
SELECT news_rollup(now(), 'Europe/Atlantis');
SELECT news_rollup(now(), '');
SELECT news_rollup(ts, z) FROM (VALUES ('2021-01-01'::timestamptz, 'UTC'), ('2021-01-02', 'Europe/Zurich')) v(ts, z);

-- merging rollups of different zones
SELECT news_rollup_merge(r) FROM (SELECT news_rollup(now(), 'UTC') UNION ALL SELECT news_rollup(now(), 'Europe/Zurich')) s(r);

-- the support functions refuse to run outside an aggregate
SELECT news_rollup_trans(NULL, now());
SELECT news_rollup_combine('UTC total=0', 'UTC total=0');

-- malformed literals
SELECT ''::news_rollup;
SELECT 'Europe/Atlantis total=0'::news_rollup;
SELECT 'UTC'::news_rollup;
SELECT 'UTC total=x'::news_rollup;
SELECT 'UTC total=2 2021-07-07T11=1'::news_rollup;
SELECT 'UTC total=2 2021-07-07T11=1 2021-07-07T10=1'::news_rollup;
SELECT 'UTC total=1 2021-02-30T11=1'::news_rollup;
SELECT 'UTC total=1 2021-07-07T24=1'::news_rollup;
SELECT 'UTC total=1 2021-07-07T11=1x'::news_rollup;
SELECT 'UTC total=1 2021-07-07T11=99999999999'::news_rollup;
SELECT 'UTC total=1 first=2021-07-07T11:00:00Z 2021-07-07T11=1'::news_rollup;
SELECT 'UTC total=1 first=2021-07-07T12:00:00Z last=2021-07-07T12:00:00Z 2021-07-07T11=1'::news_rollup;
-- well-formed ones, including the empty rollup and zero counts in a run
SELECT 'utc total=0'::news_rollup;
SELECT 'Europe/Zurich total=3 2021-07-07T23=1,0,0,2'::news_rollup;
SELECT news_rollup_total('UTC total=0'), news_rollup_first('UTC total=0');
SELECT 'UTC total=1 first=2021-07-07T11:30:00.25Z last=2021-07-07T11:30:00.25Z 2021-07-07T11=1'::news_rollup;
SELECT * FROM news_rollup_peak('UTC total=0');
SELECT news_rollup_sparkline('UTC total=0'), news_rollup_jsonb('UTC total=0');

