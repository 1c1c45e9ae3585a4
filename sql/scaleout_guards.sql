--
-- scaleout_guards: inside a query fragment that a Citus coordinator sent
-- (recognized by Citus's application_name "citus_internal gpid=..."), the
-- functions whose answer would depend on the worker's own session state
-- refuse instead of answering silently with it: news_rollup(timestamptz)
-- (the worker's TimeZone) and to_news_vector(text) (the worker's default
-- statistics).  The explicit forms keep working.  test/scaleout/check-citus.sh
-- checks the same on a real Citus cluster.
--
SET TimeZone = 'Europe/Zurich';
CREATE TEMP TABLE guard_stamps AS
  SELECT timestamptz '2024-03-31 00:30:00+00' + i * interval '1 hour' AS ts
    FROM generate_series(0, 5) i;
SELECT news_rollup(ts)::text AS session_zone FROM guard_stamps;

SET application_name = 'citus_internal gpid=10000000001';
SELECT news_rollup(ts) FROM guard_stamps;
SELECT news_rollup(ts, 'Europe/Zurich')::text AS explicit_zone FROM guard_stamps;
SELECT to_news_vector('Cyberangriff auf Talwerk');
SELECT news_vector(text 'Cyberangriff auf Talwerk');
-- an empty input never reaches the zone: NULL as before
SELECT news_rollup(ts) IS NULL AS no_rows FROM guard_stamps WHERE false;
RESET application_name;

-- an ordinary session is not affected
SELECT news_rollup(ts)::text = news_rollup(ts, 'Europe/Zurich')::text AS same
  FROM guard_stamps;
SELECT news_vector_nterms(to_news_vector('Cyberangriff auf Talwerk')) > 0 AS vector;
RESET TimeZone;
