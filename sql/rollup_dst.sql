--
-- rollup_dst: hour buckets are physical hours, equal to date_trunc('hour', ts)
-- of the timestamptz, on DST days and in zones with 30/45-minute offsets
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS news_analytics;
RESET client_min_messages;
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Europe/Zurich';

-- every 7 minutes from 00:00 to 04:40 UTC on the autumn change: the
-- repeated hour 02:00 is two buckets, 02:00+02 (9 rows) and 02:00+01 (8)
CREATE TABLE dst_autumn AS
  SELECT '2021-10-30 23:00+00'::timestamptz + i * interval '7 min' AS ts
    FROM generate_series(0, 40) i;
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM dst_autumn), 'hour');
-- exactly the rows of GROUP BY date_trunc('hour', ts)
SELECT count(*) AS differences FROM (
  (SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM dst_autumn), 'hour', false)
   EXCEPT ALL SELECT date_trunc('hour', ts), count(*) FROM dst_autumn GROUP BY 1)
  UNION ALL
  (SELECT date_trunc('hour', ts), count(*) FROM dst_autumn GROUP BY 1
   EXCEPT ALL SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM dst_autumn), 'hour', false))) d;
-- day buckets stay local days (25 hours)
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM dst_autumn), 'day');
-- the text form keeps the local hour (17) and the 8 of its second pass
SELECT news_rollup(ts) FROM dst_autumn;
SELECT news_rollup(ts)::text::news_rollup::text = news_rollup(ts)::text AS text_round_trip
  FROM dst_autumn;
SELECT news_rollup_peak(news_rollup(ts), 'hour'), news_rollup_sparkline(news_rollup(ts), 'hour')
  FROM dst_autumn;
SELECT news_rollup_jsonb(news_rollup(ts), 'hour') -> 'buckets' FROM dst_autumn;
-- merged parts give the same split
SELECT news_rollup_merge(r)::text = (SELECT news_rollup(ts)::text FROM dst_autumn) AS merge_equal
  FROM (SELECT news_rollup(ts) AS r FROM dst_autumn GROUP BY extract(minute FROM ts)::int % 3) p;
-- a moving window through the change: removing rows of the second pass
SELECT n, b.* FROM (
  SELECT row_number() OVER w AS n, news_rollup(ts) OVER w AS r FROM dst_autumn
  WINDOW w AS (ORDER BY ts ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)) x,
  news_rollup_buckets(x.r, 'hour') b
 WHERE n IN (17, 20) ORDER BY n, 2;

-- spring: 02:00 does not exist, not even with gap filling
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts)
  FROM generate_series('2021-03-28 00:00+00'::timestamptz, '2021-03-28 03:00+00', '10 min') ts), 'hour', true);

-- a value stored by version 0.2 (no split entries): the repeated hour is one
-- bucket starting at its first pass; day buckets are exact
SELECT * FROM news_rollup_buckets('Europe/Zurich total=17 2021-10-31T02=17'::news_rollup, 'hour');
SELECT * FROM news_rollup_buckets('Europe/Zurich total=17 2021-10-31T02=17'::news_rollup, 'day');
-- all 17 instants in the second pass
SELECT * FROM news_rollup_buckets('Europe/Zurich total=17 2021-10-31T02=17 2021-10-31T02@+01:00=17'::news_rollup, 'hour');

-- bad split entries
SELECT 'Europe/Zurich total=1 2021-10-31T02=1 2021-10-31T02@+01:00=2'::news_rollup;
SELECT 'Europe/Zurich total=1 2021-10-31T02=1 2021-10-31T03@+01:00=1'::news_rollup;
SELECT 'Europe/Zurich total=1 2021-10-31T02@+01:00=1 2021-10-31T02=1'::news_rollup;
SELECT 'Europe/Zurich total=1 2021-10-31T02=1 2021-10-31T02@+1:00=1'::news_rollup;
SELECT 'Europe/Zurich total=2 2021-10-31T02=2 2021-10-31T02@+01:00=1 2021-10-31T02@+01:00=1'::news_rollup;

-- India (+05:30): an hour starts at half past the UTC hour
SET TimeZone = 'Asia/Kolkata';
SELECT b.*, b.bucket_start AT TIME ZONE 'UTC' AS utc
  FROM news_rollup_buckets((SELECT news_rollup(ts) FROM unnest(ARRAY[
    '2021-07-05 09:29+00', '2021-07-05 09:30+00', '2021-07-05 10:29+00']::timestamptz[]) ts), 'hour') b;
-- Nepal (+05:45)
SET TimeZone = 'Asia/Kathmandu';
SELECT b.*, b.bucket_start AT TIME ZONE 'UTC' AS utc
  FROM news_rollup_buckets((SELECT news_rollup(ts) FROM unnest(ARRAY[
    '2021-07-05 09:14+00', '2021-07-05 09:15+00']::timestamptz[]) ts), 'hour') b;

-- Lord Howe: DST of 30 minutes ends 2021-04-04 02:00 (+11) -> 01:30 (+10:30)
-- at 15:00 UTC; local 01:30-02:00 is repeated, so local hour 01 holds
-- 01:00+11 (14:00-15:00 UTC) and the half hour 01:40+10:30 lies in, which
-- date_trunc() starts at 01:00+10:30 = 14:30 UTC (shown as 01:30+11)
SET TimeZone = 'Australia/Lord_Howe';
CREATE TABLE lhi AS SELECT ts FROM unnest(ARRAY[
  '2021-04-03 14:10+00', '2021-04-03 14:50+00', '2021-04-03 15:10+00', '2021-04-03 15:40+00',
  -- DST starts 2021-10-03 02:00 (+10:30) -> 02:30 (+11) at 15:30 UTC
  '2021-10-02 15:20+00', '2021-10-02 15:35+00']::timestamptz[]) ts;
SELECT b.*, b.bucket_start AT TIME ZONE 'UTC' AS utc
  FROM news_rollup_buckets((SELECT news_rollup(ts) FROM lhi), 'hour', false) b;
SELECT date_trunc('hour', ts) AS bucket_start, count(*), date_trunc('hour', ts) AT TIME ZONE 'UTC' AS utc
  FROM lhi GROUP BY 1 ORDER BY 1;

RESET TimeZone;
DROP TABLE dst_autumn, lhi;
