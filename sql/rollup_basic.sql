--
-- rollup_basic: the news_rollup type, aggregates and accessors
--
CREATE EXTENSION IF NOT EXISTS news_analytics;
SET TimeZone = 'Europe/Zurich';
SET DateStyle = 'ISO, YMD';

CREATE TABLE rollup_articles (id int, section text, published_at timestamptz);
INSERT INTO rollup_articles VALUES
  (1, 'Inland',  '2021-07-05 08:15+02'),
  (2, 'Inland',  '2021-07-05 08:45+02'),
  (3, 'Sport',   '2021-07-05 23:30+02'),
  (4, 'Sport',   '2021-07-07 11:53+02'),
  (5, 'Inland',  '2021-07-12 06:00+02'),
  (6, 'Kultur',  '2021-08-01 00:00+02'),
  (7, 'Kultur',  NULL);

-- the aggregate, its text form, and the scalar accessors
SELECT news_rollup(published_at) FROM rollup_articles;
SELECT news_rollup_total(r), news_rollup_first(r), news_rollup_last(r), news_rollup_zone(r)
  FROM (SELECT news_rollup(published_at) AS r FROM rollup_articles) s;

-- buckets of every granularity, with and without gap filling
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles));
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles), 'day', false);
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles), 'hour', false);
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles), 'week');
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles), 'MONTH');
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles), 'quarter');
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles), 'year');

-- an explicit zone: the same instants fall on other local days
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at, 'America/New_York') FROM rollup_articles), 'day', false);

-- per-section rollups, stored, then merged into the total
CREATE TABLE rollup_sections AS
  SELECT section, news_rollup(published_at) AS r FROM rollup_articles GROUP BY section;
SELECT section, news_rollup_total(r), news_rollup_sparkline(r, 'day') FROM rollup_sections ORDER BY section;
SELECT news_rollup_merge(r)::text = (SELECT news_rollup(published_at)::text FROM rollup_articles) AS merge_equals_whole
  FROM rollup_sections;
SELECT news_rollup_merge(r) FROM rollup_sections WHERE false;

-- peak, sparkline, jsonb
SELECT * FROM news_rollup_peak((SELECT news_rollup(published_at) FROM rollup_articles), 'day');
SELECT * FROM news_rollup_peak((SELECT news_rollup(published_at) FROM rollup_articles), 'week');
SELECT news_rollup_sparkline(news_rollup(published_at), 'day') FROM rollup_articles;
SELECT news_rollup_jsonb(news_rollup(published_at), 'week') FROM rollup_articles;

-- NULLs are ignored; no rows (or only NULLs) give NULL, like sum()
SELECT news_rollup(published_at) IS NULL FROM rollup_articles WHERE published_at IS NULL;
SELECT news_rollup(published_at) IS NULL FROM rollup_articles WHERE false;

-- moving window: articles in the last three rows, by id
SELECT id, news_rollup_total(news_rollup(published_at) OVER w),
       news_rollup_first(news_rollup(published_at) OVER w)
  FROM rollup_articles
WINDOW w AS (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
 ORDER BY id;

-- running total per month (a growing frame)
SELECT id, news_rollup_total(news_rollup(published_at) OVER (ORDER BY id))
  FROM rollup_articles ORDER BY id;

-- the session zone is read when the aggregate starts
SET TimeZone = 'UTC';
SELECT news_rollup_zone(news_rollup(published_at)) FROM rollup_articles;
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at) FROM rollup_articles), 'day', false);
SET TimeZone = 'Europe/Zurich';

DROP TABLE rollup_sections;
DROP TABLE rollup_articles;
