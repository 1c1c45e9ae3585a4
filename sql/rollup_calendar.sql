--
-- rollup_calendar: DST days, leap days, ISO week 53, distant years
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS news_analytics;
RESET client_min_messages;
SET TimeZone = 'Europe/Zurich';
SET DateStyle = 'ISO, YMD';

-- every 20 minutes across the spring change (2021-03-28, 23 hours)
-- and the autumn change (2021-10-31, 25 hours)
CREATE TABLE rollup_dst AS
  SELECT ts FROM generate_series('2021-03-27 22:00+01'::timestamptz, '2021-03-29 01:00+02', '20 min') ts
  UNION ALL
  SELECT ts FROM generate_series('2021-10-30 22:00+02'::timestamptz, '2021-11-01 01:00+01', '20 min') ts;

SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_dst), 'day', false);

-- hours around the changes: 02:00 does not exist in spring (not filled in),
-- the repeated 02:00 in autumn is two physical hours (3 rows of 20 minutes
-- each), exactly as date_trunc('hour', ts) of the timestamptz
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_dst
   WHERE ts BETWEEN '2021-03-28 00:00+01' AND '2021-03-28 04:59+02'), 'hour');
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_dst
   WHERE ts BETWEEN '2021-10-31 00:00+02' AND '2021-10-31 04:59+01'), 'hour');
SELECT date_trunc('hour', ts) AS bucket_start, count(*)
  FROM rollup_dst WHERE ts BETWEEN '2021-10-31 00:00+02' AND '2021-10-31 04:59+01'
 GROUP BY 1 ORDER BY 1;

-- leap days, and ISO week 53 of 2020 (Mon 2020-12-28 .. Sun 2021-01-03)
CREATE TABLE rollup_cal (ts timestamptz);
INSERT INTO rollup_cal VALUES ('2020-02-28 23:59'), ('2020-02-29 00:00'), ('2020-02-29 23:59'),
  ('2020-03-01 00:00'), ('2100-02-28 12:00'), ('2100-03-01 12:00'), ('1900-02-28 12:00'),
  ('1900-03-01 12:00'), ('2020-12-27 23:59'), ('2020-12-28 00:00'), ('2021-01-01 12:00'),
  ('2021-01-03 23:59'), ('2021-01-04 00:00');
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_cal WHERE ts < '2021-01-01' AND ts > '2020-01-01'), 'day', false);
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_cal WHERE ts > '2020-12-01' AND ts < '2022-01-01'), 'week');
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_cal), 'year', false);
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_cal WHERE ts < '1901-01-01'), 'day', false);

-- the same counts as date_trunc() GROUP BY for every granularity
SELECT g, (SELECT array_agg(row(bucket_start, articles)::text ORDER BY bucket_start)
             FROM news_rollup_buckets((SELECT news_rollup(ts) FROM rollup_cal), g, false))
        = (SELECT array_agg(row(b, n)::text ORDER BY b)
             FROM (SELECT CASE WHEN g = 'hour' THEN date_trunc('hour', ts)
                          ELSE date_trunc(g, ts AT TIME ZONE 'Europe/Zurich') AT TIME ZONE 'Europe/Zurich' END AS b,
                          count(*) AS n
                     FROM rollup_cal GROUP BY 1) s) AS same
  FROM unnest(ARRAY['hour', 'day', 'week', 'month', 'quarter', 'year']) g;

-- a year in BC and a far future one
SELECT news_rollup(ts, 'UTC') FROM (VALUES ('0044-03-15 12:00+00 BC'::timestamptz), ('9999-12-31 23:00+00')) v(ts);
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts, 'UTC') FROM (VALUES ('0044-03-15 12:00+00 BC'::timestamptz)) v(ts)), 'year');

-- a half-hour zone
SELECT * FROM news_rollup_buckets((SELECT news_rollup(ts, 'Asia/Kolkata') FROM rollup_cal WHERE ts > '2021-01-01' AND ts < '2022-01-01'), 'day', false);

DROP TABLE rollup_dst;
DROP TABLE rollup_cal;
