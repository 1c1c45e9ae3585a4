--
-- similarity_index: the GiST operator class news_vector_gist_ops.
-- Index scans must return exactly what sequential scans return: the same
-- top-k distances for <-> (KNN) and the same rows for %.
-- (expected/similarity_index_1.out: PostgreSQL 17 and later show the
-- InitPlan of the EXPLAIN output as "(InitPlan 1).col1", not "$0")
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

-- the sample articles, plus 1500 generated ones: each mixes the words of
-- one sample article (its "topic") with words of the whole sample
SELECT setseed(0.42);
CREATE TABLE simidx_words AS
  SELECT a.id AS topic, w.word
    FROM articles a, regexp_split_to_table(a.body, '\s+') AS w(word);
CREATE TABLE simidx_docs (id int PRIMARY KEY, topic int, vec news_vector);
INSERT INTO simidx_docs
  SELECT id, id, news_vector(title || ' ' || body) FROM articles;
INSERT INTO simidx_docs
  SELECT 1000 + g, t, news_vector(txt)
    FROM generate_series(1, 1500) AS g,
         LATERAL (SELECT 1 + (g % 45) AS t) AS tt,
         LATERAL (SELECT string_agg(word, ' ') AS txt
                    FROM (SELECT word FROM simidx_words w
                           WHERE (w.topic = tt.t) = (random() < 0.5)
                             AND g > 0
                           ORDER BY random() LIMIT 40 + g % 160) s) AS d;
-- edge cases: empty vectors, NULLs, a one-term vector
INSERT INTO simidx_docs VALUES (9001, 0, '{}'), (9002, 0, news_vector(''::text)),
  (9003, 0, NULL), (9004, 0, news_vector('Cyberangriff'::text));
SELECT count(*) AS docs, count(vec) AS with_vector,
       count(*) FILTER (WHERE news_vector_nterms(vec) = 0) AS empty
  FROM simidx_docs;

-- index built on the filled table, and one filled after creation (insert
-- path: penalty and picksplit under load), with a small signature
CREATE INDEX simidx_gist ON simidx_docs USING gist (vec);
CREATE TABLE simidx_docs2 (LIKE simidx_docs);
CREATE INDEX simidx_gist2 ON simidx_docs2 USING gist (vec news_vector_gist_ops (siglen = 64));
INSERT INTO simidx_docs2 SELECT * FROM simidx_docs ORDER BY random();
ANALYZE simidx_docs;
ANALYZE simidx_docs2;

-- the plans use the indexes
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF)
SELECT id FROM simidx_docs WHERE id <> 5
 ORDER BY vec <-> (SELECT vec FROM simidx_docs WHERE id = 5) LIMIT 10;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM simidx_docs2
 WHERE vec % (SELECT vec FROM simidx_docs WHERE id = 5);
RESET enable_bitmapscan;

-- top k of a query by one plan: ids and distances, nearest first
CREATE FUNCTION simidx_topk(tbl regclass, q news_vector, k int, use_index bool,
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
  EXECUTE format('SELECT array_agg(id), array_agg(d) FROM
                    (SELECT id, vec <-> $1 AS d FROM %s
                      WHERE vec IS NOT NULL ORDER BY vec <-> $1 LIMIT $2) s', tbl)
    INTO ids, dists USING q, k;
END $$;

-- every article and 60 generated documents as queries, on both indexes:
-- the distance lists must be identical, and every id the index returns must
-- be at a distance no larger than the k-th exact one (ties may reorder ids)
CREATE TABLE simidx_result AS
SELECT t.tbl, q.id AS qid,
       i.dists = s.dists AS same_distances,
       (SELECT bool_and(x.d <= s.dists[cardinality(s.dists)])
          FROM unnest(i.ids) AS u(uid) JOIN simidx_docs x0 ON x0.id = u.uid,
               LATERAL (SELECT x0.vec <-> q.vec AS d) x) AS ids_within_k
  FROM (VALUES ('simidx_docs'::regclass), ('simidx_docs2'::regclass)) AS t(tbl),
       (SELECT id, vec FROM simidx_docs
         WHERE vec IS NOT NULL AND (id < 1000 OR id % 25 = 0 OR id > 9000)) AS q,
       LATERAL simidx_topk(t.tbl, q.vec, 10, true) AS i,
       LATERAL simidx_topk(t.tbl, q.vec, 10, false) AS s;
SELECT tbl, count(*) AS queries,
       count(*) FILTER (WHERE same_distances AND ids_within_k) AS exact
  FROM simidx_result GROUP BY tbl ORDER BY tbl;
SELECT * FROM simidx_result WHERE NOT (same_distances AND ids_within_k);

-- a deeper ranking (k = 200) for a few queries
SELECT count(*) AS queries,
       count(*) FILTER (WHERE (SELECT dists FROM simidx_topk('simidx_docs', q.vec, 200, true))
                            = (SELECT dists FROM simidx_topk('simidx_docs', q.vec, 200, false))) AS exact
  FROM simidx_docs q WHERE id IN (1, 7, 1100, 1200);

-- % with the index equals % without, at several thresholds
CREATE FUNCTION simidx_similar(tbl regclass, q news_vector, th float8, use_index bool)
RETURNS int[] LANGUAGE plpgsql AS $$
DECLARE r int[];
BEGIN
  PERFORM set_config('news_analytics.similarity_threshold', th::text, true);
  IF use_index THEN
    SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on; SET LOCAL enable_bitmapscan = on;
  ELSE
    SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
  END IF;
  EXECUTE format('SELECT coalesce(array_agg(id ORDER BY id), ''{}'') FROM %s WHERE vec %% $1', tbl)
    INTO r USING q;
  RETURN r;
END $$;
SELECT th, t.tbl, count(*) AS queries,
       count(*) FILTER (WHERE simidx_similar(t.tbl, q.vec, th, true)
                            = simidx_similar(t.tbl, q.vec, th, false)) AS equal,
       -- every query matches itself; at 0.1 there are more (the counts
       -- themselves depend on the term weighting, so they are not shown)
       sum(cardinality(simidx_similar(t.tbl, q.vec, th, false))) >= count(*) AS self_matches,
       th > 0.1 OR sum(cardinality(simidx_similar(t.tbl, q.vec, th, false))) > 2 * count(*) AS others_at_0_1
  FROM (VALUES (0.1), (0.3), (0.6)) AS th(th),
       (VALUES ('simidx_docs'::regclass), ('simidx_docs2'::regclass)) AS t(tbl),
       (SELECT vec FROM simidx_docs WHERE id < 1000 OR id % 50 = 0) AS q
 GROUP BY th, t.tbl ORDER BY th, t.tbl;

-- threshold 0: every non-NULL row matches, empty vectors included
SET news_analytics.similarity_threshold = 0;
SET enable_seqscan = off;
SELECT count(*) FROM simidx_docs WHERE vec % '{}'::news_vector;
RESET news_analytics.similarity_threshold;

-- empty and NULL queries
SELECT count(*), min(d), max(d)
  FROM (SELECT vec <-> '{}'::news_vector AS d FROM simidx_docs
         ORDER BY vec <-> '{}'::news_vector LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM simidx_docs
                       ORDER BY vec <-> NULL::news_vector LIMIT 5) s;
SELECT count(*) FROM simidx_docs WHERE vec % NULL;
RESET enable_seqscan;

-- the key type has no input; the option is range-checked
SELECT 'x'::news_vector_gist_key;
CREATE INDEX ON simidx_docs USING gist (vec news_vector_gist_ops (siglen = 0));
CREATE INDEX ON simidx_docs USING gist (vec news_vector_gist_ops (siglen = 100000));

-- updates and deletes keep the index consistent
DELETE FROM simidx_docs WHERE id % 3 = 0;
UPDATE simidx_docs SET vec = news_vector('Gemeinde Steuerverwaltung Cyberangriff Server'::text) WHERE id % 7 = 0;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE (SELECT dists FROM simidx_topk('simidx_docs', q.vec, 10, true))
                            = (SELECT dists FROM simidx_topk('simidx_docs', q.vec, 10, false))) AS exact
  FROM simidx_docs q WHERE id < 1000 AND vec IS NOT NULL;

DROP TABLE simidx_docs, simidx_docs2, simidx_words, simidx_result;
DROP FUNCTION simidx_topk, simidx_similar;
