--
-- similarity_ivf: the approximate news_ivf index access method
-- (news_vector_ivf_ops).  With probes >= lists it must return exactly
-- what a sequential scan returns; with fewer probes, rows in distance
-- order.
-- (expected/similarity_ivf_1.out: PostgreSQL 17 and later show the
-- InitPlan of the EXPLAIN output as "(InitPlan 1).col1", not "$0")
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

-- the sample articles, plus 1500 generated ones mixing the words of one
-- sample article (its "topic") with words of the whole sample
SELECT setseed(0.17);
CREATE TABLE ivf_words AS
  SELECT a.id AS topic, w.word
    FROM articles a, regexp_split_to_table(a.body, '\s+') AS w(word);
CREATE TABLE ivf_docs (id int PRIMARY KEY, topic int, vec news_vector);
INSERT INTO ivf_docs
  SELECT id, id, news_vector(title || ' ' || body) FROM articles;
INSERT INTO ivf_docs
  SELECT 1000 + g, t, news_vector(txt)
    FROM generate_series(1, 1500) AS g,
         LATERAL (SELECT 1 + (g % 45) AS t) AS tt,
         LATERAL (SELECT string_agg(word, ' ') AS txt
                    FROM (SELECT word FROM ivf_words w
                           WHERE (w.topic = tt.t) = (random() < 0.6)
                             AND g > 0
                           ORDER BY random() LIMIT 40 + g % 160) s) AS d;
-- edge cases: empty vectors, a NULL, a one-term vector
INSERT INTO ivf_docs VALUES (9001, 0, '{}'), (9002, 0, news_vector(''::text)),
  (9003, 0, NULL), (9004, 0, news_vector('Cyberangriff'::text));

CREATE INDEX ivf_idx ON ivf_docs USING news_ivf (vec) WITH (lists = 20);
ANALYZE ivf_docs;
SELECT relname, reloptions FROM pg_class WHERE relname = 'ivf_idx';

-- every non-NULL row is in exactly one of the 20 lists
SELECT count(*) AS lists, sum(tuples) = (SELECT count(vec) FROM ivf_docs) AS all_rows,
       min(pages) >= 1 AS every_list_has_a_page,
       max(centroid_terms) <= 200 AS centroids_pruned
  FROM news_ivf_lists('ivf_idx');
SELECT * FROM news_ivf_lists('ivf_docs_pkey');

-- the planner uses the index for ORDER BY <-> LIMIT when it reads a part
-- of the lists (no enable_* needed)
SET news_analytics.ivf_probes = 3;
EXPLAIN (COSTS OFF)
SELECT id FROM ivf_docs WHERE id <> 5
 ORDER BY vec <-> (SELECT vec FROM ivf_docs WHERE id = 5) LIMIT 10;

RESET news_analytics.ivf_probes;

-- top k of a query by one plan: ids and distances, nearest first
CREATE FUNCTION ivf_topk(q news_vector, k int, use_index bool,
                         OUT ids int[], OUT dists float8[])
LANGUAGE plpgsql AS $$
BEGIN
  IF use_index THEN
    SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on;
    SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off;
  ELSE
    SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off;
    SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = on;
  END IF;
  SELECT array_agg(id), array_agg(d) INTO ids, dists FROM
    (SELECT id, vec <-> q AS d FROM ivf_docs
      WHERE vec IS NOT NULL ORDER BY vec <-> q LIMIT k) s;
END $$;

-- probes = lists: exact.  The distance lists must be identical and every
-- id the index returns must be within the k-th exact distance (ties may
-- reorder ids)
SET news_analytics.ivf_probes = 20;
CREATE TABLE ivf_result AS
SELECT q.id AS qid, i.dists = s.dists AS same_distances,
       (SELECT bool_and((x.vec <-> q.vec) <= s.dists[cardinality(s.dists)])
          FROM unnest(i.ids) AS u(uid) JOIN ivf_docs x ON x.id = u.uid) AS ids_within_k
  FROM (SELECT id, vec FROM ivf_docs
         WHERE vec IS NOT NULL AND (id < 1000 OR id % 25 = 0 OR id > 9000)) AS q,
       LATERAL ivf_topk(q.vec, 10, true) AS i,
       LATERAL ivf_topk(q.vec, 10, false) AS s;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE same_distances AND ids_within_k) AS exact
  FROM ivf_result;
SELECT * FROM ivf_result WHERE NOT (same_distances AND ids_within_k);

-- a deep ranking (every row) is exact too
SELECT (SELECT dists FROM ivf_topk(vec, 2000, true))
     = (SELECT dists FROM ivf_topk(vec, 2000, false)) AS all_rows_exact
  FROM ivf_docs WHERE id = 7;

-- fewer probes: approximate, but every query finds itself first, results
-- are in distance order, and far more of the exact top 10 is found than
-- reading random lists would find (3 of 20 lists: 1.5 of 10 on average;
-- the data, and so the exact recall, depend on the tokenizer's statistics)
SET news_analytics.ivf_probes = 3;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE i.dists[1] = 0) AS self_first,
       count(*) FILTER (WHERE i.dists = (SELECT array_agg(d ORDER BY d) FROM unnest(i.dists) d)) AS ordered,
       avg((SELECT count(*) FROM unnest(i.dists) d WHERE d <= s.dists[10]))::numeric >= 3 AS recall_ok
  FROM (SELECT id, vec FROM ivf_docs WHERE id < 1000) AS q,
       LATERAL ivf_topk(q.vec, 10, true) AS i,
       LATERAL ivf_topk(q.vec, 10, false) AS s;

-- the default: ivf_probes = 0, every query stops by itself (ivf_stop_*
-- rule).  Recall against the sequential scan must be high on average and
-- for the worst query (reading random lists until 10 of 20: 5 of 10)
RESET news_analytics.ivf_probes;
SHOW news_analytics.ivf_probes;
CREATE TABLE ivf_default AS
SELECT q.id, i.dists[1] = 0 AS self_first,
       i.dists = (SELECT array_agg(d ORDER BY d) FROM unnest(i.dists) d) AS ordered,
       (SELECT count(*) FROM unnest(i.dists) d WHERE d <= s.dists[10]) AS hits
  FROM (SELECT id, vec FROM ivf_docs
         WHERE (id < 1000 OR id % 7 = 0) AND news_vector_nterms(vec) > 0) AS q,
       LATERAL ivf_topk(q.vec, 10, true) AS i,
       LATERAL ivf_topk(q.vec, 10, false) AS s;
SELECT count(*) AS queries, bool_and(self_first) AS self_first, bool_and(ordered) AS ordered,
       avg(hits) >= 9.5 AS mean_recall_ok, min(hits) >= 5 AS worst_recall_ok
  FROM ivf_default;

-- the stopping rule's bounds: with the rules off it reads ivf_max_probes
-- lists, so at max = lists it is exact and at max = 3 it equals probes = 3
SET news_analytics.ivf_stop_ratio = 0;
SET news_analytics.ivf_stop_patience = 32768;
SET news_analytics.ivf_max_probes = 20;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE (SELECT dists FROM ivf_topk(vec, 10, true))
                            = (SELECT dists FROM ivf_topk(vec, 10, false))) AS exact
  FROM ivf_docs WHERE id < 1000;
SET news_analytics.ivf_max_probes = 3;
CREATE TABLE ivf_max3 AS
  SELECT id, (SELECT ids FROM ivf_topk(vec, 10, true)) AS ids FROM ivf_docs WHERE id < 1000;
SET news_analytics.ivf_probes = 3;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE m.ids = (SELECT ids FROM ivf_topk(d.vec, 10, true))) AS same
  FROM ivf_max3 m JOIN ivf_docs d USING (id);
-- the ratio rule alone at 1 reads only the nearest list: as probes = 1
RESET news_analytics.ivf_max_probes;
SET news_analytics.ivf_stop_ratio = 1;
SET news_analytics.ivf_stop_kth = 0;
SET news_analytics.ivf_probes = 1;
CREATE TABLE ivf_p1 AS
  SELECT id, (SELECT ids FROM ivf_topk(vec, 10, true)) AS ids FROM ivf_docs WHERE id < 1000;
SET news_analytics.ivf_probes = 0;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE m.ids = (SELECT ids FROM ivf_topk(d.vec, 10, true))) AS same
  FROM ivf_p1 m JOIN ivf_docs d USING (id);
RESET news_analytics.ivf_probes;
RESET news_analytics.ivf_stop_ratio;
RESET news_analytics.ivf_stop_kth;
RESET news_analytics.ivf_stop_patience;
DROP TABLE ivf_default, ivf_max3, ivf_p1;

-- the GUCs are range-checked
SET news_analytics.ivf_probes = -1;
SET news_analytics.ivf_max_probes = 0;
SET news_analytics.ivf_stop_ratio = 1.5;
SET news_analytics.ivf_stop_kth = -1;
SET news_analytics.ivf_stop_patience = -1;
SHOW news_analytics.ivf_max_probes;

-- empty and NULL queries: an empty vector is at distance 1 from every row;
-- a NULL query returns no rows from the index
SET enable_seqscan = off;
SELECT count(*), min(d), max(d)
  FROM (SELECT vec <-> '{}'::news_vector AS d FROM ivf_docs
         ORDER BY vec <-> '{}'::news_vector LIMIT 20) s;
EXPLAIN (COSTS OFF)
SELECT id FROM ivf_docs ORDER BY vec <-> (SELECT vec FROM ivf_docs WHERE id = 9003) LIMIT 5;
SELECT count(*) FROM (SELECT id FROM ivf_docs
                       ORDER BY vec <-> (SELECT vec FROM ivf_docs WHERE id = 9003) LIMIT 3) s;
RESET enable_seqscan;

-- inserts after the build are found
SET news_analytics.ivf_probes = 20;
INSERT INTO ivf_docs
  SELECT 20000 + id, topic, vec FROM ivf_docs WHERE id BETWEEN 1000 AND 1400;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE 20000 + q.id = ANY ((ivf_topk(q.vec, 2, true)).ids)) AS copy_found
  FROM ivf_docs q WHERE id BETWEEN 1000 AND 1400 AND news_vector_nterms(vec) > 0;

-- DELETE + VACUUM removes them from the index
DELETE FROM ivf_docs WHERE id >= 20000;
VACUUM ivf_docs;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE (ivf_topk(q.vec, 10, true)).dists = (ivf_topk(q.vec, 10, false)).dists) AS exact
  FROM ivf_docs q WHERE id < 1000;
SELECT count(*) FILTER (WHERE r.rid >= 20000) AS deleted_returned
  FROM ivf_docs q, LATERAL unnest((ivf_topk(q.vec, 10, true)).ids) AS r(rid)
 WHERE q.id BETWEEN 1000 AND 1100;

-- bad reloptions (SQLSTATE 22023)
CREATE INDEX ON ivf_docs USING news_ivf (vec) WITH (lists = 0);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
CREATE INDEX ON ivf_docs USING news_ivf (vec) WITH (lists = 100000);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
CREATE INDEX ON ivf_docs USING news_ivf (vec) WITH (probes = 3);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
-- only news_vector columns
CREATE INDEX ON ivf_docs USING news_ivf (id);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- an index on an empty table, then inserts: one list, exact answers
CREATE TABLE ivf_empty (LIKE ivf_docs);
CREATE INDEX ivf_empty_idx ON ivf_empty USING news_ivf (vec);
INSERT INTO ivf_empty SELECT * FROM ivf_docs ORDER BY id;
SET enable_seqscan = off;
SELECT array_agg(id) = (SELECT array_agg(id) FROM (
         SELECT id FROM ivf_docs ORDER BY vec <-> (SELECT vec FROM ivf_docs WHERE id = 1), id LIMIT 5) s)
       AS same_top5
  FROM (SELECT id FROM ivf_empty ORDER BY vec <-> (SELECT vec FROM ivf_docs WHERE id = 1) LIMIT 3) s;
RESET enable_seqscan;
SELECT pg_relation_size('ivf_empty_idx') > 0 AS has_pages;

-- vectors with more entries than fit into an index tuple (2033) keep their
-- heaviest entries; their index distance is a lower bound that the executor
-- rechecks, so the results stay exact in value and order
-- (literal vectors: independent of the corpus statistics)
CREATE TABLE ivf_big (id int, vec news_vector);
INSERT INTO ivf_big
  SELECT -d, ('{' || string_agg(translate(md5(w::text), '0123456789', 'ghijklmnop')
                                || ':' || (1 + (w * d) % 7), ',') || '}')::news_vector
    FROM generate_series(1, 3) d, generate_series(1, 1900 + 300 * d) w GROUP BY d;
INSERT INTO ivf_big SELECT id, vec FROM ivf_empty WHERE id < 1100;
SELECT id, news_vector_nterms(vec) FROM ivf_big WHERE id < 0 ORDER BY id;
CREATE INDEX ivf_big_idx ON ivf_big USING news_ivf (vec) WITH (lists = 2);
SET news_analytics.ivf_probes = 2;
SET enable_seqscan = off;
SELECT array_agg(id ORDER BY d, id) AS ids, array_agg(round(d::numeric, 12) ORDER BY d, id) AS dists
  FROM (SELECT id, vec <-> (SELECT vec FROM ivf_big WHERE id = -2) AS d FROM ivf_big
         ORDER BY vec <-> (SELECT vec FROM ivf_big WHERE id = -2) LIMIT 3) s;
RESET enable_seqscan;
SET enable_indexscan = off;
SELECT array_agg(id ORDER BY d, id) AS ids, array_agg(round(d::numeric, 12) ORDER BY d, id) AS dists
  FROM (SELECT id, vec <-> (SELECT vec FROM ivf_big WHERE id = -2) AS d FROM ivf_big
         ORDER BY vec <-> (SELECT vec FROM ivf_big WHERE id = -2) LIMIT 3) s;
RESET enable_indexscan;
RESET news_analytics.ivf_probes;
DROP TABLE ivf_big;

-- unlogged tables: the init fork holds an empty index (one list)
CREATE UNLOGGED TABLE ivf_unlogged (id int, vec news_vector);
CREATE INDEX ivf_unlogged_idx ON ivf_unlogged USING news_ivf (vec);
INSERT INTO ivf_unlogged SELECT id, vec FROM ivf_empty WHERE id < 1100;
SET enable_seqscan = off;
SELECT count(*) AS rows, min(d) AS nearest
  FROM (SELECT vec <-> (SELECT vec FROM ivf_empty WHERE id = 1) AS d FROM ivf_unlogged
         ORDER BY vec <-> (SELECT vec FROM ivf_empty WHERE id = 1) LIMIT 5) s;
RESET enable_seqscan;
SELECT count(*) AS lists, sum(tuples) AS tuples FROM news_ivf_lists('ivf_unlogged_idx');
DROP TABLE ivf_unlogged;

-- REINDEX rebuilds the lists from the current rows
REINDEX INDEX ivf_empty_idx;
SET news_analytics.ivf_probes = 1;
SET enable_seqscan = off;
SELECT count(*) FROM (SELECT id FROM ivf_empty ORDER BY vec <-> (SELECT vec FROM ivf_docs WHERE id = 1) LIMIT 3) s;
RESET enable_seqscan;
RESET news_analytics.ivf_probes;

DROP TABLE ivf_docs, ivf_words, ivf_result, ivf_empty;
DROP FUNCTION ivf_topk;
