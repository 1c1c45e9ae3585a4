--
-- similarity_ivf_progress: the names of the news_ivf build phases that
-- pg_stat_progress_create_index shows ("building index: <name>").
-- Numbers that are not phases of ours give NULL.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

SELECT n, pg_indexam_progress_phasename(am.oid, n) AS phase
  FROM pg_am am, generate_series(0, 8) AS n
 WHERE am.amname = 'news_ivf'
 ORDER BY n;

-- the access method routine is the one the handler returns
SELECT amname, amhandler, amtype FROM pg_am WHERE amname = 'news_ivf';

-- an empty table: the build runs every phase without a row
CREATE TABLE ivf_progress_empty (vec news_vector);
CREATE INDEX ivf_progress_empty_idx ON ivf_progress_empty USING news_ivf (vec);
SELECT count(*) AS lists, sum(tuples) AS tuples
  FROM news_ivf_lists('ivf_progress_empty_idx');
DROP TABLE ivf_progress_empty;
