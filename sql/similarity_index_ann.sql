--
-- similarity_index_ann: the approximate GiST operator class
-- news_vector_ann_ops (ball tree).  Every row it returns carries its exact
-- distance (leaf distances are rechecked); it may miss neighbours, so we
-- check recall@10 against a sequential scan, at two settings of
-- news_analytics.ann_slack.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

SELECT setseed(0.17);
CREATE TABLE ann_words AS
  SELECT a.id AS topic, w.word
    FROM articles a, regexp_split_to_table(a.body, '\s+') AS w(word);
CREATE TABLE ann_docs (id int PRIMARY KEY, vec news_vector);
INSERT INTO ann_docs SELECT id, news_vector(title || ' ' || body) FROM articles;
INSERT INTO ann_docs
  SELECT 1000 + g, news_vector(txt)
    FROM generate_series(1, 1500) AS g,
         LATERAL (SELECT 1 + (g % 45) AS t) AS tt,
         LATERAL (SELECT string_agg(word, ' ') AS txt
                    FROM (SELECT word FROM ann_words w
                           WHERE (w.topic = tt.t) = (random() < 0.5)
                             AND g > 0
                           ORDER BY random() LIMIT 40 + g % 160) s) AS d;
INSERT INTO ann_docs VALUES (9001, '{}'), (9002, NULL);
CREATE INDEX ann_idx ON ann_docs USING gist (vec news_vector_ann_ops);
ANALYZE ann_docs;

SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT id FROM ann_docs WHERE id <> 5
 ORDER BY vec <-> (SELECT vec FROM ann_docs WHERE id = 5) LIMIT 10;
-- the class has no % support: that needs news_vector_gist_ops
EXPLAIN (COSTS OFF)
SELECT count(*) FROM ann_docs WHERE vec % (SELECT vec FROM ann_docs WHERE id = 5);
RESET enable_seqscan;

-- top 10 by the index and exactly; recall = share of index results within
-- the exact 10th distance
CREATE FUNCTION ann_recall(q news_vector, slack float8) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
  d10 float8;
  hits int;
  returned int;
BEGIN
  SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
  SELECT max(d) INTO d10 FROM (SELECT vec <-> q AS d FROM ann_docs WHERE vec IS NOT NULL
                                ORDER BY vec <-> q LIMIT 10) s;
  PERFORM set_config('news_analytics.ann_slack', slack::text, true);
  SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on;
  SELECT count(*) FILTER (WHERE d <= d10), count(*) INTO hits, returned
    FROM (SELECT vec <-> q AS d FROM ann_docs WHERE vec IS NOT NULL
           ORDER BY vec <-> q LIMIT 10) s;
  IF returned <> 10 THEN
    RAISE EXCEPTION 'index scan returned % rows', returned;
  END IF;
  RETURN hits / 10.0;
END $$;
SELECT slack, count(*) AS queries, avg(r) >= 0.9 AS recall_at_least_0_9,
       min(r) >= 0.5 AS every_query_at_least_0_5
  FROM (VALUES (1.0), (0.6)) AS s(slack),
       LATERAL (SELECT ann_recall(vec, slack) AS r FROM ann_docs
                 WHERE vec IS NOT NULL AND (id < 1000 OR id % 30 = 0)) r
 GROUP BY slack ORDER BY slack;

-- the distances the index scan returns are the exact ones
SET enable_seqscan = off;
SELECT bool_and(d = news_vector_distance(vec, q)) AS exact_distances
  FROM (SELECT vec, q, vec <-> q AS d
          FROM ann_docs, (SELECT vec AS q FROM ann_docs WHERE id = 1100) qq
         ORDER BY vec <-> q LIMIT 20) s;

-- empty and NULL queries
SELECT count(*), min(d), max(d)
  FROM (SELECT vec <-> '{}'::news_vector AS d FROM ann_docs
         ORDER BY vec <-> '{}'::news_vector LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM ann_docs ORDER BY vec <-> NULL::news_vector LIMIT 5) s;

-- inserts into the built index keep it usable
INSERT INTO ann_docs SELECT id + 10000, vec FROM ann_docs WHERE id < 1100;
SELECT count(*) FROM (SELECT id FROM ann_docs
                       ORDER BY vec <-> (SELECT vec FROM ann_docs WHERE id = 3) LIMIT 10) s;
SELECT 10003 IN (SELECT id FROM ann_docs
                  ORDER BY vec <-> (SELECT vec FROM ann_docs WHERE id = 3) LIMIT 2) AS copy_found;
RESET enable_seqscan;

-- the GUC is range-checked
SET news_analytics.ann_slack = 1.5;
SET news_analytics.ann_slack = -0.1;
SHOW news_analytics.ann_slack;

DROP TABLE ann_docs, ann_words;
DROP FUNCTION ann_recall;
