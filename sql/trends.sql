--
-- trends: news_termstats (type, I/O, aggregate, merge, accessors) and
-- news_significant_terms on the sample articles.
-- (expected/trends_1.out: libstemmer 3 (Snowball 3, Debian unstable) stems some
-- words differently, which moves counts, scores and ties)
--

-- text I/O: terms in any order come back sorted; escapes round-trip
SELECT 'ndocs=3 error=0 {"wahl":1, "berlin":2}'::news_termstats;
SELECT 'ndocs=2 {"a\"b":1,"c\\d":2}'::news_termstats;
SELECT 'ndocs=0 {}'::news_termstats;
SELECT ('ndocs=2 {"a\"b":1,"c\\d":2}'::news_termstats)::text::news_termstats::text;

-- the aggregate: each term once per document, compound parts in, stop
-- words out; NULL texts are no documents, empty texts are
SELECT news_term_stats(x)
  FROM (VALUES ('Die Bundestagswahl: Berlin wählt, Berlin zählt.'),
               ('Berlin'), (''), (NULL)) v(x);
-- over no rows: an empty state, not NULL
SELECT news_term_stats(body) FROM articles WHERE false;

-- a state of all sample articles equals the merge of per-story states
CREATE TEMP TABLE ts_story AS
SELECT coalesce(story, 'none') AS story, news_term_stats(body) AS st
  FROM articles GROUP BY 1;
-- (masses are sums of floats: equal up to rounding)
CREATE FUNCTION pg_temp.same_state(a news_termstats, b news_termstats) RETURNS boolean
LANGUAGE sql AS $$
	SELECT news_termstats_ndocs(a) = news_termstats_ndocs(b)
	   AND news_termstats_error(a) = news_termstats_error(b)
	   AND abs(news_termstats_mass(a) - news_termstats_mass(b)) < 1e-9
	   AND NOT EXISTS (SELECT 1 FROM news_termstats_terms(a) x FULL JOIN news_termstats_terms(b) y USING (term)
	                    WHERE x.docs IS DISTINCT FROM y.docs OR NOT abs(x.mass - y.mass) < 1e-9)
$$;
SELECT news_termstats_ndocs(news_termstats_merge(st)) = (SELECT count(*) FROM articles) AS ndocs_add_up,
       pg_temp.same_state(news_termstats_merge(st), (SELECT news_term_stats(body) FROM articles)) AS merge_equals_whole
  FROM ts_story;

-- document frequencies agree with plain SQL over news_tokenize
WITH plain AS (
	SELECT t AS term, count(DISTINCT id) AS docs
	  FROM articles, unnest(news_tokenize(body)) t GROUP BY t),
     ours AS (
	SELECT * FROM news_termstats_terms((SELECT news_term_stats(body) FROM articles)))
SELECT count(*) AS terms,
       count(*) FILTER (WHERE plain.docs IS DISTINCT FROM ours.docs) AS differing
  FROM plain FULL JOIN ours USING (term);

-- the two-argument merge, NULL as empty; accessors
SELECT news_termstats_merge('ndocs=3 {"b":2,"a":1}', 'ndocs=2 {"c":2,"a":1}');
SELECT news_termstats_merge(NULL, 'ndocs=2 {"c":2}');
SELECT news_termstats_docs('ndocs=3 {"b":2,"a":1}', 'b'),
       news_termstats_docs('ndocs=3 {"b":2,"a":1}', 'zz'),
       news_termstats_nterms('ndocs=3 {"b":2,"a":1}'),
       news_termstats_error('ndocs=3 error=4 {"b":2,"a":1}');
SELECT * FROM news_termstats_terms('ndocs=5 {"b":2/0.5,"a":1,"c":5}', 2);
SELECT news_termstats_mass('ndocs=5 mass=4.5 {"b":2/0.5}');

-- binary I/O: a round trip through COPY BINARY
CREATE TEMP TABLE ts_bin (st news_termstats);
INSERT INTO ts_bin SELECT st FROM ts_story;
INSERT INTO ts_bin VALUES ('ndocs=0 {}'), ('ndocs=2 {"a\"b":1,"ä":2}'), (NULL);
\copy ts_bin TO 'results/trends_ts.bin' (FORMAT binary)
CREATE TEMP TABLE ts_bin2 (st news_termstats);
\copy ts_bin2 FROM 'results/trends_ts.bin' (FORMAT binary)
SELECT (SELECT string_agg(st::text, '|' ORDER BY st::text) FROM ts_bin) =
       (SELECT string_agg(st::text, '|' ORDER BY st::text) FROM ts_bin2) AS binary_round_trip,
       (SELECT count(*) FROM ts_bin2) AS rows;

-- crafted binary input (a bytea column has the same COPY BINARY framing);
-- wire format: flags, ndocs, error, mass, nterms, then per term length,
-- bytes, df, mass
CREATE TEMP TABLE ts_craft (b bytea);
CREATE TEMP TABLE ts_target (st news_termstats);
CREATE FUNCTION pg_temp.craft(kind text) RETURNS bytea LANGUAGE sql AS $$
	SELECT CASE kind
		WHEN 'valid' THEN s
		WHEN 'flags' THEN overlay(s PLACING '\x00000001'::bytea FROM 1)
		WHEN 'ndocs' THEN overlay(s PLACING '\xffffffffffffffff'::bytea FROM 5)
		WHEN 'mass' THEN overlay(s PLACING '\x7ff8000000000000'::bytea FROM 21)
		WHEN 'nterms' THEN overlay(s PLACING '\x7fffffff'::bytea FROM 29)
		WHEN 'termlen' THEN overlay(s PLACING '\x00000000'::bytea FROM 33)
		WHEN 'df' THEN overlay(s PLACING '\x0000000000000009'::bytea FROM 38)
		WHEN 'termmass' THEN overlay(s PLACING '\x4000000000000000'::bytea FROM 46)
		WHEN 'duplicate' THEN overlay(s PLACING 'a'::bytea FROM 58)
		WHEN 'truncated' THEN substr(s, 1, 40)
	END
	FROM (SELECT news_termstats_send('ndocs=3 {"a":1,"b":2}') AS s) t
$$;
SELECT length(news_termstats_send('ndocs=3 {"a":1,"b":2}')) AS send_bytes;
INSERT INTO ts_craft SELECT pg_temp.craft('valid');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
SELECT st FROM ts_target;
UPDATE ts_craft SET b = pg_temp.craft('flags');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('ndocs');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('mass');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('termmass');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('nterms');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('termlen');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('df');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('duplicate');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
UPDATE ts_craft SET b = pg_temp.craft('truncated');
\copy ts_craft TO 'results/trends_craft.bin' (FORMAT binary)
\copy ts_target FROM 'results/trends_craft.bin' (FORMAT binary)
SELECT count(*) AS rows_loaded FROM ts_target;

-- the size cap: only the most frequent terms stay, error bounds the rest
SET news_analytics.termstats_max_terms = 16;
SELECT news_termstats_nterms(s) AS nterms, news_termstats_error(s) > 0 AS has_error,
       news_termstats_ndocs(s) AS ndocs
  FROM (SELECT news_term_stats(body) AS s FROM articles) x;
-- every true count lies in [stored, stored + error]
WITH capped AS (SELECT news_term_stats(body) AS s FROM articles),
     plain AS (SELECT t AS term, count(DISTINCT id) AS docs
                 FROM articles, unnest(news_tokenize(body)) t GROUP BY t)
SELECT count(*) FILTER (WHERE news_termstats_docs(s, term) > docs
                           OR news_termstats_docs(s, term) + news_termstats_error(s) < docs) AS outside_bound
  FROM plain, capped;
RESET news_analytics.termstats_max_terms;

-- parallel aggregation gives the same state (combine function)
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT news_term_stats(body) FROM articles;
SELECT pg_temp.same_state(news_term_stats(body), (SELECT news_termstats_merge(st) FROM ts_story)) AS parallel_equal
  FROM articles;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- significant terms of one story against all articles (superset), and
-- against the other articles (separate, found by auto)
SELECT story, count(*) FROM articles WHERE story IS NOT NULL GROUP BY story ORDER BY 2 DESC, 1 LIMIT 3;
SELECT term, round(score::numeric, 4) AS score, fg_docs, bg_docs
  FROM news_significant_terms(
	(SELECT news_term_stats(body) FROM articles WHERE story = 'ransomware-softwarehaus'),
	(SELECT news_term_stats(body) FROM articles), 8);
SELECT term, fg_docs, bg_docs
  FROM news_significant_terms(
	(SELECT news_term_stats(body) FROM articles WHERE story = 'ransomware-softwarehaus'),
	(SELECT news_term_stats(body) FROM articles WHERE story IS DISTINCT FROM 'ransomware-softwarehaus'),
	8, background_mode => 'auto');
-- every heuristic answers, best first, nothing below min_fg_docs
SELECT h, count(*) AS terms, bool_and(fg_docs >= 2) AS min_docs_ok
  FROM unnest(ARRAY['burst','jlh','chi_square','gnd','mutual_information','percentage']) h,
       news_significant_terms(
	(SELECT news_term_stats(body) FROM articles WHERE story = 'ransomware-softwarehaus'),
	(SELECT news_term_stats(body) FROM articles), 10, h, 2)
 GROUP BY h ORDER BY h;
-- a frequent word is not significant; a term and its part do not both
-- appear when the part has no documents of its own
SELECT term, round(score::numeric, 4) AS score, fg_docs, bg_docs FROM news_significant_terms(
	'ndocs=4 {"haus":4,"bundestagswahl":3,"wahl":3,"bundestag":3}',
	'ndocs=100 {"haus":100,"bundestagswahl":3,"wahl":10,"bundestag":20}', 10, 'burst', 1);
-- empty foreground: no rows
SELECT count(*) FROM news_significant_terms('ndocs=0 {}', 'ndocs=5 {"a":2}');
-- news_termstats_merge_for: the sum of the states, counting only the terms
-- of the foreground (documents, mass and error of every state); NULL rows
-- are skipped; no rows give an empty state
SELECT news_termstats_merge_for(st, 'ndocs=2 {"a":1,"c":2,"x":1}')
  FROM (VALUES ('ndocs=3 {"a":1,"b":2}'::news_termstats),
               ('ndocs=4 error=1 mass=3.5 {"a":2/0.5,"c":1,"d":4}'), (NULL)) v(st);
SELECT news_termstats_merge_for(st, NULL) FROM (VALUES ('ndocs=3 {"a":1}'::news_termstats)) v(st);
SELECT news_termstats_merge_for(st, st) FROM (VALUES ('ndocs=3 {"a":1}'::news_termstats)) v(st) WHERE false;
-- as a background it gives what the full merge gives (nothing pruned here)
WITH s AS (SELECT story, news_term_stats(body) AS st FROM articles GROUP BY story),
     fg AS (SELECT st FROM s WHERE story = 'ransomware-softwarehaus')
SELECT (SELECT array_agg(term ORDER BY score DESC, term) FROM news_significant_terms(
	        (SELECT st FROM fg), (SELECT news_termstats_merge(st) FROM s), 10))
     = (SELECT array_agg(term ORDER BY score DESC, term) FROM news_significant_terms(
	        (SELECT st FROM fg), (SELECT news_termstats_merge_for(st, (SELECT st FROM fg)) FROM s), 10))
       AS same_terms,
       (SELECT count(*) FROM news_significant_terms(
	        (SELECT st FROM fg), (SELECT news_termstats_merge_for(st, (SELECT st FROM fg)) FROM s), 10))
       AS terms;
-- the k-way merge keeps the order and the sums of the counting table
SELECT news_termstats_merge(st ORDER BY i)
  FROM (VALUES (1, 'ndocs=3 {"ab":1,"abc":2,"b":1}'::news_termstats),
               (2, 'ndocs=2 {"a":1,"abc":2,"abcdefghij":1}'),
               (3, 'ndocs=1 {"abcdefghi":1,"abcdefghij":1}')) v(i, st);

-- news_story: online story ids in time order.  (Vectors depend on the
-- corpus statistics other tests may have computed: only facts that hold
-- either way are shown.)  Gold stories are never joined with each other;
-- some articles of one story are joined.
WITH s AS (
	SELECT id, story, news_story(news_vector(title || ' ' || body), published_at)
	       OVER (ORDER BY published_at, id) AS sid
	  FROM articles)
SELECT count(*) FILTER (WHERE a.sid = b.sid AND a.story IS DISTINCT FROM b.story) AS wrongly_joined,
       count(*) FILTER (WHERE a.sid = b.sid AND a.story = b.story) > 0 AS some_rightly_joined
  FROM s a JOIN s b ON a.id < b.id;
-- threshold 1 joins only identical texts; max_gap 0 joins only equal times
SELECT count(DISTINCT s) = count(*) AS all_alone
  FROM (SELECT news_story(news_vector(body), published_at, 1.0, '0'::interval)
               OVER (ORDER BY published_at, id) AS s FROM articles) x;
SELECT news_story(v, t) OVER (ORDER BY t, i) AS s
  FROM (VALUES (1, '{a:1}'::news_vector, '2024-01-01 10:00+00'::timestamptz),
               (2, '{a:1}', '2024-01-01 11:00+00'),
               (3, NULL, '2024-01-01 12:00+00'),
               (4, '{a:1}', NULL),
               (5, '{b:1}', '2024-01-02 12:00+00'),
               (6, '{a:1}', '2024-01-20 12:00+00')) v(i, v, t)
 ORDER BY i;
-- wrong order and bad parameters
SELECT news_story(news_vector(body), published_at) OVER (ORDER BY id DESC) FROM articles;
SELECT news_story(news_vector(body), published_at, 1.5) OVER (ORDER BY published_at) FROM articles;
SELECT news_story(news_vector(body), published_at, 0.3, '-1 day') OVER (ORDER BY published_at) FROM articles;

-- insert-time assignment: a trigger with news_story_of gives the same
-- story ids as the window function (articles inserted in time order)
CREATE TABLE story_articles (
	id int PRIMARY KEY,
	published_at timestamptz NOT NULL,
	vec news_vector NOT NULL,
	story_id bigint,
	story_keys int8[] GENERATED ALWAYS AS (news_story_keys(vec, published_at)) STORED
);
CREATE INDEX ON story_articles USING gin (story_keys);
CREATE SEQUENCE story_ids;
CREATE FUNCTION pg_temp.assign_story() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.story_id := coalesce(news_story_of('story_articles', NEW.vec, NEW.published_at, 0.1, '90 days'),
	                         nextval('story_ids'));
	RETURN NEW;
END
$$;
CREATE TRIGGER story_articles_assign BEFORE INSERT ON story_articles
	FOR EACH ROW EXECUTE FUNCTION pg_temp.assign_story();
INSERT INTO story_articles (id, published_at, vec)
SELECT id, published_at, news_vector(title || ' ' || body) FROM articles ORDER BY published_at, id;
SELECT count(*) AS articles, count(DISTINCT story_id) < count(*) AS some_joined,
       count(*) FILTER (WHERE story_id IS DISTINCT FROM w) AS differing
  FROM story_articles s
  JOIN (SELECT id, news_story(news_vector(title || ' ' || body), published_at, 0.1, '90 days')
               OVER (ORDER BY published_at, id) AS w FROM articles) x USING (id);
-- the same at the defaults, inserting the articles again
TRUNCATE story_articles;
ALTER SEQUENCE story_ids RESTART;
CREATE OR REPLACE FUNCTION pg_temp.assign_story() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.story_id := coalesce(news_story_of('story_articles', NEW.vec, NEW.published_at),
	                         nextval('story_ids'));
	RETURN NEW;
END
$$;
INSERT INTO story_articles (id, published_at, vec)
SELECT id, published_at, news_vector(title || ' ' || body) FROM articles ORDER BY published_at, id;
SELECT count(*) AS articles,
       count(*) FILTER (WHERE story_id IS DISTINCT FROM w) AS differing
  FROM story_articles s
  JOIN (SELECT id, news_story(news_vector(title || ' ' || body), published_at)
               OVER (ORDER BY published_at, id) AS w FROM articles) x USING (id);
-- the index is what finds the candidates
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM story_articles
 WHERE story_keys && news_story_probe_keys('{a:1}', '2024-03-01', '7 days');
RESET enable_seqscan;
-- story keys: one per key term (the 16 heaviest terms), UTC day << 32 | hash
SELECT bool_and(cardinality(news_story_keys(v, published_at)) = least(news_vector_nterms(v), 16)) AS nkeys_ok,
       bool_and((SELECT bool_and(k >> 32 = (published_at AT TIME ZONE 'UTC')::date - date '2000-01-01')
                   FROM unnest(news_story_keys(v, published_at)) k)) AS day_ok,
       bool_and(news_story_keys(v, published_at) <@ news_story_probe_keys(v, published_at + interval '3 days', '7 days')) AS probed,
       bool_or(news_story_keys(v, published_at) && news_story_probe_keys(v, published_at + interval '9 days', '7 days')) AS too_old_probed
  FROM (SELECT news_vector(body) AS v, published_at FROM articles) x;
-- the probe: every day from ts - max_gap to ts (8 days here), also before 2000
SELECT cardinality(news_story_probe_keys('{a:1, b:0.5}', '2024-03-01 12:00+00', '7 days')) AS probe_keys,
       news_story_keys('{a:1}', '1999-12-31 10:00+00') <@
       news_story_probe_keys('{a:1}', '2000-01-01 01:00+00', '1 day') AS across_2000,
       news_story_keys('{}', '2024-01-01') AS no_terms;
SELECT news_story_probe_keys('{a:1}', '2024-03-01', '20 years');
SELECT news_story_keys('{a:1}', 'infinity');
-- the bar: threshold at gap 0, rising to 1 at max_gap, 2 beyond
SELECT news_story_bar('2024-01-01', '2024-01-01', 0.25, '4 days') AS at_0,
       news_story_bar('2024-01-01', '2024-01-03', 0.25, '4 days') AS at_half,
       news_story_bar('2024-01-01', '2024-01-06', 0.25, '4 days') AS beyond,
       news_story_bar('2024-01-02', '2024-01-01', 0.25, '4 days') AS later;
-- the similarity of news_story: the weight two vectors share (the smaller
-- weight of each shared term) as a share of the smaller vector's total
-- weight; symmetric, 1 for identical vectors, 0 for nothing shared or an
-- empty side; not the cosine (the weights are compared term by term)
SELECT round(news_story_similarity('{x:1, a:1}', '{x:1, b:1}')::numeric, 4) AS half,
       news_story_similarity('{x:1, a:1, b:1}', '{x:1, b:1}') =
       news_story_similarity('{x:1, b:1}', '{x:1, a:1, b:1}') AS symmetric,
       news_story_similarity('{x:1, b:0.5}', '{x:1, b:0.5}') AS identical,
       round(news_story_similarity('{x:1, b:0.5}', '{x:1, a:1, b:1}')::numeric, 4) AS contained,
       round(news_similarity('{x:1, b:0.5}'::news_vector, '{x:1, a:1, b:1}')::numeric, 4) AS cosine,
       news_story_similarity('{x:1}', '{y:1}') AS disjoint,
       news_story_similarity('{}', '{y:1}') AS empty;
-- a shared key term used by n open stories counts with weight n^-1/4.
-- In the window: x is used by two stories when the third article comes,
-- so sharing x and nothing else no longer clears the bar (0.42 < 0.45):
-- a story of its own (without the weight: 0.5, and it would join story 1)
SELECT i, news_story(v, t, 0.45) OVER (ORDER BY t, i) AS s
  FROM (VALUES (1, '{x:1, a:1}'::news_vector, '2024-01-01 10:00+00'::timestamptz),
               (2, '{x:1, b:1, d:1, e:1}', '2024-01-01 10:01+00'),
               (3, '{x:1, c:1}', '2024-01-01 10:02+00')) v(i, v, t)
 ORDER BY i;
-- news_story_of picks the same story from stored rows (news_story_choose,
-- the aggregate it runs over its candidates): the same three articles
-- inserted one by one through it
CREATE TABLE story_spread (id int, published_at timestamptz, vec news_vector, story_id bigint,
	story_keys int8[] GENERATED ALWAYS AS (news_story_keys(vec, published_at)) STORED);
INSERT INTO story_spread (id, published_at, vec) VALUES (1, '2024-01-01 10:00+00', '{x:1, a:1}');
UPDATE story_spread SET story_id = 1;
INSERT INTO story_spread (id, published_at, vec)
SELECT 2, '2024-01-01 10:01+00', '{x:1, b:1, d:1, e:1}';
UPDATE story_spread SET story_id = coalesce(news_story_of('story_spread', vec, published_at, 0.45), 2)
 WHERE id = 2;
SELECT news_story_of('story_spread', '{x:1, c:1}', '2024-01-01 10:02+00', 0.45) AS third,
       news_story_of('story_spread', '{x:1, a:1}', '2024-01-01 10:02+00', 0.45) AS like_first;
-- its arguments are checked like the window function's
SELECT news_story_choose(vec, published_at, story_id, NULL, now(), 0.5, '1 day') FROM story_spread;
SELECT news_story_choose(vec, published_at, story_id, vec, now(), 1.5, '1 day') FROM story_spread;
SELECT news_story_choose(vec, published_at, story_id, vec, '2024-01-01 10:05+00', 0.5, '-1 day') FROM story_spread;
DROP TABLE story_spread;
