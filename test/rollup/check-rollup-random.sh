#!/usr/bin/env bash
# test/rollup/check-rollup-random.sh: randomized correctness check of
# news_rollup against plain PostgreSQL.
#
#   bash test/rollup/check-rollup-random.sh [ROWS] [SEED]
#
# For several zones (Europe/Zurich first, zones with 30- and 45-minute
# offsets, Lord Howe's 30-minute DST) and every granularity,
# news_rollup_buckets() must give exactly the rows of
#   date_trunc(g, ts AT TIME ZONE z) AT TIME ZONE z, count(*) ... GROUP BY 1
# for day and coarser, and of date_trunc('hour', ts, z) (physical hours of
# the timestamptz) for hours
# over ROWS random timestamps from 1900 to 2100 (default 100000), plus
# timestamps packed around the Europe/Zurich DST changes, leap days and
# ISO week 53 of 2020.  Also: gap filling gives every bucket once, results
# are identical with and without parallel workers, the merge of per-part
# rollups equals the rollup of the whole, a moving window equals the
# rollup recomputed per frame, and text/binary I/O round-trip.
# Needs PGHOST/PGPORT/PGUSER (the test runner sets them).  Ends with
# "N passed, N failed".
set -uo pipefail
ROWS=${1:-100000}
SEED=${2:-0.42}
DB=na_rollup_random_$$
PSQL="psql -X -q -v ON_ERROR_STOP=1 -At"

createdb "$DB" || { echo "0 passed, 1 failed"; exit 1; }
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1' EXIT

out=$($PSQL -d "$DB" 2>&1 <<SQL
CREATE EXTENSION news_analytics;
SET TimeZone = 'UTC';
SELECT setseed($SEED);
CREATE TABLE t (id serial, ts timestamptz);
INSERT INTO t (ts)
SELECT '1900-01-01 00:00+00'::timestamptz
       + random() * ('2100-12-31 23:59+00'::timestamptz - '1900-01-01 00:00+00')
  FROM generate_series(1, $ROWS);
-- dense minutes around DST changes, leap days, ISO week 53 of 2020
INSERT INTO t (ts)
SELECT d + m * interval '7 min'
  FROM unnest(ARRAY['2021-03-27 12:00+00', '2021-10-30 12:00+00',
                    '1981-03-28 12:00+00', '1996-10-26 12:00+00',
                    '2000-02-28 12:00+00', '2024-02-28 12:00+00',
                    '1900-02-27 12:00+00', '2100-02-27 12:00+00',
                    '2020-12-27 00:00+00', '2021-01-01 00:00+00']::timestamptz[]) d,
       generate_series(0, 400) m;
-- every 5 minutes (plus a random second) through the DST seasons of
-- several years: every physical hour of every DST day of the zones below
INSERT INTO t (ts)
SELECT g + random() * interval '4 min'
  FROM unnest(ARRAY[1980, 1996, 2008, 2021, 2024, 2037]) y,
       unnest(ARRAY['03-01', '09-25']) md,
       generate_series(make_date(y, split_part(md, '-', 1)::int, split_part(md, '-', 2)::int)::timestamptz,
                       make_date(y, split_part(md, '-', 1)::int, split_part(md, '-', 2)::int)::timestamptz
                       + interval '48 days', '5 min') g;
INSERT INTO t (ts) SELECT NULL FROM generate_series(1, 100);
ANALYZE t;

CREATE TABLE zones (z text);
INSERT INTO zones VALUES ('Europe/Zurich'), ('America/New_York'),
	('Asia/Kolkata'), ('Asia/Kathmandu'), ('Australia/Lord_Howe'), ('UTC');
CREATE TABLE grans (g text);
INSERT INTO grans VALUES ('hour'), ('day'), ('week'), ('month'), ('quarter'), ('year');

CREATE TABLE r AS SELECT z, news_rollup(ts, z) AS r FROM t, zones GROUP BY z;

-- the reference bucket: local calendar units, but physical hours
CREATE FUNCTION ref(g text, ts timestamptz, z text) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE AS \$\$
  SELECT CASE WHEN g = 'hour' THEN date_trunc('hour', ts, z)
              ELSE date_trunc(g, ts AT TIME ZONE z) AT TIME ZONE z END
\$\$;
CREATE FUNCTION diff(z text, g text) RETURNS bigint LANGUAGE sql AS \$\$
  SELECT count(*) FROM (
   (SELECT b.bucket_start, b.articles FROM r, news_rollup_buckets(r.r, g, false) b WHERE r.z = diff.z
    EXCEPT ALL
    SELECT ref(g, ts, z), count(*) FROM t WHERE ts IS NOT NULL GROUP BY 1)
   UNION ALL
   (SELECT ref(g, ts, z), count(*) FROM t WHERE ts IS NOT NULL GROUP BY 1
    EXCEPT ALL
    SELECT b.bucket_start, b.articles FROM r, news_rollup_buckets(r.r, g, false) b WHERE r.z = diff.z)) d
\$\$;

SELECT 'buckets ' || z || ' ' || g, diff(z, g) = 0 FROM zones, grans ORDER BY z, g;

-- gap filling: one row per bucket between first and last, none twice
-- (hour granularity over 200 years is checked on the dense part below)
CREATE TABLE span AS
  SELECT z, max((ts AT TIME ZONE z)::date) - min((ts AT TIME ZONE z)::date) + 1 AS days,
         (SELECT count(*) FROM generate_series(date_trunc('month', min(ts AT TIME ZONE z)),
                                               max(ts AT TIME ZONE z), '1 month')) AS months
    FROM t, zones WHERE ts IS NOT NULL GROUP BY z;
CREATE TABLE fill AS
  SELECT r.z, g, count(*) AS n, count(DISTINCT b.bucket_start) AS nd, sum(b.articles) AS s
    FROM r, grans, news_rollup_buckets(r.r, g, true) b
   WHERE g <> 'hour' GROUP BY r.z, g;
SELECT 'fill_gaps ' || f.z || ' ' || f.g,
       f.n = f.nd AND f.s = news_rollup_total(r.r)
       AND (f.g <> 'day' OR f.n = span.days)
       AND (f.g <> 'month' OR f.n = span.months)
  FROM fill f JOIN r ON r.z = f.z JOIN span ON span.z = f.z ORDER BY 1;

-- hour gap filling over 2021 (both DST changes): every physical hour
-- exactly once (both passes through the repeated autumn hour), none of
-- the skipped spring hour
SELECT 'fill_gaps hour 2021 ' || zones.z,
       (SELECT array_agg(bucket_start ORDER BY bucket_start) FROM news_rollup_buckets(
           (SELECT news_rollup(ts, zones.z) FROM t WHERE ts >= '2021-03-27' AND ts < '2021-11-01'), 'hour', true))
       = (SELECT array_agg(DISTINCT date_trunc('hour', u, zones.z))
            FROM (SELECT generate_series(min(ts), max(ts), '5 min') FROM t WHERE ts >= '2021-03-27' AND ts < '2021-11-01'
                  UNION ALL
                  SELECT max(ts) FROM t WHERE ts >= '2021-03-27' AND ts < '2021-11-01') s(u))
  FROM zones ORDER BY 1;

SELECT 'total/first/last ' || r.z,
       news_rollup_total(r.r) = (SELECT count(ts) FROM t)
       AND news_rollup_first(r.r) = (SELECT min(ts) FROM t)
       AND news_rollup_last(r.r) = (SELECT max(ts) FROM t)
  FROM r ORDER BY 1;

-- text and binary round trips
SELECT 'text round trip ' || z, r::text::news_rollup::text = r::text FROM r ORDER BY 1;
COPY (SELECT r FROM r) TO '/tmp/na_rollup_random_$$.bin' WITH (FORMAT binary);
CREATE TABLE r2 (r news_rollup);
COPY r2 FROM '/tmp/na_rollup_random_$$.bin' WITH (FORMAT binary);
SELECT 'binary round trip',
       (SELECT array_agg(r::text ORDER BY r::text) FROM r2) = (SELECT array_agg(r::text ORDER BY r::text) FROM r);

-- binary input of garbage: random mutations of a valid value and random
-- bytes are either rejected with a data exception or yield a valid value
CREATE TABLE g (r news_rollup);
CREATE FUNCTION fuzz_recv(n int) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE
  good bytea := news_rollup_send((SELECT r FROM r WHERE z = 'Europe/Zurich'));
  small bytea := news_rollup_send('Europe/Zurich total=3 2021-10-31T01=1,2 2021-10-31T02@+01:00=1'::news_rollup);
  b bytea; f text := '/tmp/na_rollup_fuzz_$$.bin'; accepted int := 0; rejected int := 0; i int; k int;
BEGIN
  FOR i IN 1..n LOOP
    b := CASE WHEN i % 3 = 0 THEN small WHEN i % 3 = 1 THEN substr(good, 1, 200) ELSE small END;
    IF i % 7 = 0 THEN
      b := decode(md5(i::text) || md5((i * 7)::text), 'hex');
    ELSE
      FOR k IN 1..1 + i % 4 LOOP
        b := set_byte(b, (random() * (length(b) - 1))::int, (random() * 255)::int);
      END LOOP;
      IF i % 5 = 0 THEN b := substr(b, 1, (random() * length(b))::int); END IF;
    END IF;
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', b, f);
    BEGIN
      TRUNCATE g;
      EXECUTE format('COPY g FROM %L (FORMAT binary)', f);
      PERFORM r::text::news_rollup, news_rollup_total(r),
              (SELECT count(*) FROM news_rollup_buckets(r, 'day', false)) FROM g;
      accepted := accepted + 1;
    EXCEPTION WHEN data_exception THEN
      rejected := rejected + 1;
    END;
  END LOOP;
  RETURN accepted || ' accepted, ' || rejected || ' rejected';
END \$\$;
SELECT 'binary garbage rejected or valid (' || fuzz_recv(400) || ')', true;

-- merge of parts = whole
SELECT 'merge of parts ' || zones.z,
       (SELECT news_rollup_merge(p)::text FROM (SELECT news_rollup(ts, zones.z) p FROM t GROUP BY id % 7) s)
       = (SELECT r::text FROM r WHERE r.z = zones.z)
  FROM zones ORDER BY 1;

-- parallel = serial
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
CREATE FUNCTION plan_of(q text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE l text; r text := '';
BEGIN
  FOR l IN EXECUTE 'EXPLAIN ' || q LOOP r := r || l || E'\n'; END LOOP;
  RETURN r;
END \$\$;
SELECT 'parallel plan used',
       plan_of('SELECT news_rollup(ts, ''Europe/Zurich'') FROM t') LIKE '%Partial Aggregate%';
CREATE TEMP TABLE par AS SELECT news_rollup(ts, 'Europe/Zurich')::text AS p FROM t;
SET TimeZone = 'Europe/Zurich';
CREATE TEMP TABLE par1 AS SELECT news_rollup(ts)::text AS p FROM t;
SET max_parallel_workers_per_gather = 0;
SELECT 'parallel = serial (explicit zone)', (SELECT p FROM par) = news_rollup(ts, 'Europe/Zurich')::text FROM t;
SELECT 'parallel = serial (session zone)', (SELECT p FROM par1) = news_rollup(ts)::text FROM t;
SELECT 'session zone = explicit zone', (SELECT p FROM par1) = (SELECT p FROM par);

-- moving window = rollup recomputed per frame (the 2000 rows around the
-- 2021 DST changes; frames of 40 rows)
CREATE TEMP TABLE w AS SELECT row_number() OVER (ORDER BY id) AS id, ts FROM t
 WHERE id > $ROWS AND ts BETWEEN '2021-03-01' AND '2021-11-30' LIMIT 2000;
CREATE TEMP TABLE wr AS
  SELECT id, news_rollup(ts, 'Europe/Zurich') OVER win AS r,
         min(ts) OVER win AS ef, max(ts) OVER win AS el
    FROM w WINDOW win AS (ORDER BY id ROWS BETWEEN 40 PRECEDING AND CURRENT ROW);
SELECT 'moving window',
       bool_and(a IS NOT DISTINCT FROM b) FROM (
  SELECT (SELECT array_agg(x ORDER BY x) FROM news_rollup_buckets(wr.r, 'hour', false) x) AS a,
         (SELECT array_agg(x ORDER BY x) FROM news_rollup_buckets(
             (SELECT news_rollup(w2.ts, 'Europe/Zurich') FROM w w2 WHERE w2.id BETWEEN wr.id - 40 AND wr.id), 'hour', false) x) AS b
    FROM wr) x;
SELECT 'moving window first/last',
       -- inexact bounds are the start of the first/last local hour; in the
       -- repeated autumn hour that start may be the later of its two instants
       bool_and(abs(extract(epoch FROM ef - f)) < 7200 AND abs(extract(epoch FROM el - l)) < 7200)
       AND bool_or(r::text NOT LIKE '%first=%') FROM (
  SELECT r, news_rollup_first(r) AS f, news_rollup_last(r) AS l, ef, el FROM wr) x;
SQL
)
status=$?
rm -f /tmp/na_rollup_random_$$.bin /tmp/na_rollup_fuzz_$$.bin
passed=0
failed=0
while IFS='|' read -r name ok; do
	[ -z "$name" ] && continue
	if [ "$ok" = t ]; then
		passed=$((passed + 1))
		case "$name" in *accepted*) echo "$name" ;; esac
	else
		failed=$((failed + 1))
		echo "FAILED: $name ($ok)"
	fi
done <<<"$(printf '%s\n' "$out" | grep '|')"
if [ $status != 0 ]; then
	printf '%s\n' "$out" | grep -v '|' | head -20
	failed=$((failed + 1))
fi
echo "rollup-random: $passed passed, $failed failed ($ROWS rows)"
[ "$failed" = 0 ]
