--
-- similarity_type: the news_vector type -- text and binary I/O, bad input,
-- empty vectors, NULLs, similarity operators and the threshold GUC.
-- Only literals here: terms built from text depend on the tokenizer and
-- are tested with robust conditions in similarity_corpus.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

-- text I/O: normalized, heaviest first, round trip is exact
SELECT '{a:3, b:4}'::news_vector;
SELECT '{b:0.8, a:0.6}'::news_vector;
SELECT '  { "x y" : 1 , "q\"uote" : 1, "back\\slash":1, cyberkriminalitat:1 }  '::news_vector;
SELECT v::text::news_vector::text = v::text AS round_trip
  FROM (VALUES ('{a:1, b:2, c:3, d:0.001}'::news_vector),
               ('{"x y":1, "{}":2, ":,":3}'::news_vector),
               ('{}'::news_vector),
               ('{ä:1, straße:2, 日本:3}'::news_vector)) t(v);
SELECT '{}'::news_vector, news_vector_nterms('{}'), news_vector_nterms('{a:1, b:1}');

-- malformed literals: SQLSTATE 22P02 with a position
\set VERBOSITY default
SELECT ''::news_vector;
SELECT '{'::news_vector;
SELECT '{a}'::news_vector;
SELECT '{a:}'::news_vector;
SELECT '{a:1 b:2}'::news_vector;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT '{a:1,}'::news_vector;
SELECT '{a:1} x'::news_vector;
SELECT '{"a:1}'::news_vector;
SELECT '{"":1}'::news_vector;
SELECT '{a:1, a:2}'::news_vector;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT '{a:0}'::news_vector;
SELECT '{a:-1}'::news_vector;
SELECT '{a:NaN}'::news_vector;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT '{a:Infinity}'::news_vector;
SELECT '{a:1e300}'::news_vector;
\set VERBOSITY terse
DO $$
BEGIN
	PERFORM '{a:oops}'::news_vector;
EXCEPTION WHEN invalid_text_representation THEN
	RAISE NOTICE 'SQLSTATE 22P02 as expected';
END $$;

-- similarity of literals: cosine, symmetric, in [0, 1].  Two untyped
-- literals resolve to news_similarity(text, text), so cast them.
SELECT news_similarity('{a:1, b:1}'::news_vector, '{a:1, b:1}') AS same,
       news_similarity('{a:1}'::news_vector, '{b:1}') AS disjoint,
       round(news_similarity('{a:3, b:4}'::news_vector, '{a:1}')::numeric, 6) AS partial,
       news_similarity('{a:3, b:4}'::news_vector, '{b:1, c:1}') =
       news_similarity('{b:1, c:1}'::news_vector, '{a:3, b:4}') AS symmetric;

-- empty vectors: 0, never NaN; NULL in, NULL out
SELECT news_similarity('{}'::news_vector, '{}') AS empty_empty,
       news_similarity('{}'::news_vector, '{a:1}') AS empty_other,
       '{}'::news_vector <-> '{a:1}' AS distance,
       '{}'::news_vector % '{}' AS similar;
SELECT news_similarity(NULL::news_vector, '{a:1}') IS NULL AS null_vector,
       news_similarity(NULL::text, 'x') IS NULL AS null_text,
       (NULL::news_vector % '{a:1}') IS NULL AS null_op,
       news_keywords(NULL, 3) IS NULL AS null_keywords,
       news_keywords('{a:1}', NULL) IS NULL AS null_k;

-- operators: % follows the threshold GUC, <-> is 1 - similarity
SHOW news_analytics.similarity_threshold;
SELECT '{a:1, b:1}'::news_vector % '{a:1, c:1}' AS at_half,
       round(('{a:1, b:1}'::news_vector <-> '{a:1, c:1}')::numeric, 6) AS dist;
SET news_analytics.similarity_threshold = 0.6;
SELECT '{a:1, b:1}'::news_vector % '{a:1, c:1}' AS above_threshold;
SET news_analytics.similarity_threshold = 0.5;
SELECT '{a:1, b:1}'::news_vector % '{a:1, c:1}' AS equal_threshold;
SET news_analytics.similarity_threshold = 1.5;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET news_analytics.similarity_threshold = -0.1;
SET news_analytics.similarity_threshold = 'abc';
RESET news_analytics.similarity_threshold;
SET news_analytics.similarity_treshold = 0.5;
SET news_analytics.vector_weighting = 'lsi';
SET news_analytics.vector_part_weight = 2;
SET news_analytics.vector_max_terms = -1;
SET news_analytics.vector_idf_exponent = 3;

-- commutators and selectivity functions are declared
SELECT oprname, oprcom::regoper, oprrest, oprjoin
  FROM pg_operator
 WHERE oprleft = 'news_vector'::regtype ORDER BY oprname;

-- keywords: heaviest first, k larger than the vector, k = 0, k < 0
SELECT news_keywords('{a:1, b:3, c:2}', 2),
       news_keywords('{a:1, b:3, c:2}', 10),
       news_keywords('{a:1, b:3, c:2}', 0),
       news_keywords('{}', 5);
SELECT news_keywords('{a:1}', -1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- explain: shared terms only, contributions sum to the similarity
SELECT term, round(weight_a::numeric, 4) AS wa, round(weight_b::numeric, 4) AS wb,
       round(contribution::numeric, 4) AS contribution
  FROM news_similarity_explain('{a:1, b:2, c:3}', '{c:1, b:1, d:5}');
SELECT abs((SELECT sum(contribution) FROM news_similarity_explain(x, y))
           - news_similarity(x, y)) < 1e-9 AS sums_up
  FROM (VALUES ('{a:1, b:2, c:3}'::news_vector, '{c:1, b:1, d:5}'::news_vector),
               ('{a:1, b:2}'::news_vector, '{b:2, a:1}'::news_vector)) t(x, y);
SELECT count(*) FROM news_similarity_explain('{a:1}', '{}');

-- binary send/receive: a round trip through COPY BINARY
CREATE TABLE nv_bin (id int, v news_vector);
INSERT INTO nv_bin VALUES (1, '{a:1, b:2, "x y":3}'), (2, '{}'), (3, NULL);
\copy nv_bin TO 'results/similarity_nv.bin' (FORMAT binary)
CREATE TABLE nv_bin2 (LIKE nv_bin);
\copy nv_bin2 FROM 'results/similarity_nv.bin' (FORMAT binary)
SELECT a.id, a.v::text = b.v::text AS same_text, news_similarity(a.v, b.v) AS sim
  FROM nv_bin a JOIN nv_bin2 b USING (id) ORDER BY id;

-- crafted binary input: the receive function checks every invariant
-- (a bytea column has the same COPY BINARY framing as a news_vector one)
CREATE TABLE nv_craft (b bytea);
CREATE TABLE nv_target (v news_vector);
SELECT length(news_vector_send('{a:1, b:2}')) AS send_bytes;
-- one file per damaged message (COPY stops at the first bad row);
-- wire format: nterms, flags, then per entry hash, weight, length, bytes
CREATE FUNCTION pg_temp.craft(kind text) RETURNS bytea LANGUAGE sql AS $$
	SELECT CASE kind
		WHEN 'valid' THEN s
		WHEN 'hash' THEN overlay(s PLACING '\x00000000'::bytea FROM 9)
		WHEN 'nan' THEN overlay(s PLACING '\x7fc00000'::bytea FROM 13)
		WHEN 'norm' THEN overlay(s PLACING '\x3f800000'::bytea FROM 13)
		WHEN 'flags' THEN overlay(s PLACING '\x00000001'::bytea FROM 5)
		WHEN 'truncated' THEN substr(s, 1, 20)
		WHEN 'unsorted' THEN substr(s, 1, 8) || substr(s, 22, 13) || substr(s, 9, 13)
		WHEN 'count' THEN overlay(s PLACING '\x00100000'::bytea FROM 1)
	END
	FROM (SELECT news_vector_send('{a:1, b:2}') AS s) t
$$;
\set VERBOSITY default
INSERT INTO nv_craft SELECT pg_temp.craft('valid');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
SELECT v FROM nv_target;
UPDATE nv_craft SET b = pg_temp.craft('hash');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
UPDATE nv_craft SET b = pg_temp.craft('nan');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
UPDATE nv_craft SET b = pg_temp.craft('norm');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
UPDATE nv_craft SET b = pg_temp.craft('flags');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
UPDATE nv_craft SET b = pg_temp.craft('truncated');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
UPDATE nv_craft SET b = pg_temp.craft('unsorted');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
UPDATE nv_craft SET b = pg_temp.craft('count');
\copy nv_craft TO 'results/similarity_craft.bin' (FORMAT binary)
\copy nv_target FROM 'results/similarity_craft.bin' (FORMAT binary)
\set VERBOSITY terse
SELECT count(*) AS rows_received FROM nv_target;

DROP TABLE nv_bin, nv_bin2, nv_craft, nv_target;
