--
-- reliability_bad_input: a table of bad inputs for every SQL-callable
-- function, type input and GUC of the extension, each with the SQLSTATE and
-- message it must give; NULL arguments for every function; and a coverage
-- check that fails when a function has no bad-input case.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS news_analytics;
RESET client_min_messages;
SET TimeZone = 'Europe/Zurich';
SET DateStyle = 'ISO, YMD';

-- try_sql(sql): run one statement; the SQLSTATE and message of its error,
-- or NULL and its first result column when it succeeds.
CREATE FUNCTION pg_temp.try_sql(sql text,
	OUT state text, OUT message text, OUT result text)
LANGUAGE plpgsql AS $$
BEGIN
	IF sql ~* '^\s*(SELECT|VALUES|WITH)\M' THEN
		EXECUTE sql INTO result;
	ELSE
		EXECUTE sql;
	END IF;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE,
		message = MESSAGE_TEXT;
END
$$;

-- a few stored vectors for the index option cases
CREATE TEMP TABLE bad_input_vectors AS
SELECT id, news_vector(body) AS vec FROM articles ORDER BY id LIMIT 5;

CREATE TEMP TABLE bad_input (
	id serial,
	target text NOT NULL,		-- function, type input or GUC the case is for
	sql text NOT NULL
);

INSERT INTO bad_input (target, sql) VALUES
-- tokenizer
('news_tokenize', $$SELECT news_tokenize(repeat('x', 1) || chr(0))$$),
('news_tokenize', $$SELECT news_tokenize(convert_from('\xc3'::bytea, 'UTF8'))$$),
('news_debug', $$SELECT count(*) FROM news_debug(repeat('ab ', 10) || chr(1114112))$$),
('compound_lexicon', $$SET news_analytics.compound_lexicon = 'de_xx'$$),
('compound_lexicon', $$SET news_analytics.compound_lexicon = '../../etc/passwd'$$),
('compound_lexicon', $$SET news_analytics.compound_lexicon = ''$$),
('to_tsvector', $$SELECT to_tsvector('news_german', 'x') @@ to_tsquery('news_german', 'Haus &')$$),
('news_dict_init', $$CREATE TEXT SEARCH DICTIONARY pg_temp.bad_dict (TEMPLATE = news_template, lexicon = 'x')$$),
('news_dict_init', $$CREATE TEXT SEARCH DICTIONARY bad_dict (TEMPLATE = news_template, nonsense = 'x')$$),
-- news_vector literals
('news_vector_in', $$SELECT ''::news_vector$$),
('news_vector_in', $$SELECT '{'::news_vector$$),
('news_vector_in', $$SELECT '{haus:1'::news_vector$$),
('news_vector_in', $$SELECT '{haus}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:x}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:-1}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:0}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:NaN}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:Infinity}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:1e39}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:1,haus:1}'::news_vector$$),
('news_vector_in', $$SELECT '{:1}'::news_vector$$),
('news_vector_in', $$SELECT '{haus:1}x'::news_vector$$),
('news_vector_in', $$SELECT '{haus:1,}'::news_vector$$),
('news_vector_in', $$SELECT '{"haus:1}'::news_vector$$),
('news_vector_nterms', $$SELECT news_vector_nterms('{haus:1;}')$$),
('news_vector_send', $$SELECT news_vector_send('{haus:1')$$),
('news_vector_out', $$SELECT news_vector_out('haus:1')$$),
-- similarity functions and operators
('news_vector', $$SELECT news_vector(chr(0))$$),
('news_similarity', $$SELECT news_similarity('{a:1}'::news_vector, '{b:')$$),
('similarity_threshold', $$SET news_analytics.similarity_threshold = 1.5$$),
('similarity_threshold', $$SET news_analytics.similarity_threshold = -0.1$$),
('similarity_threshold', $$SET news_analytics.similarity_threshold = 'NaN'$$),
('news_vector_distance', $$SELECT '{a:1}'::news_vector <-> '{a:x}'$$),
('news_keywords', $$SELECT * FROM news_keywords('{a:1}', -1)$$),
('news_similarity_explain', $$SELECT * FROM news_similarity_explain('{a:1}', 'x')$$),
('news_recency_decay', $$SELECT news_recency_decay(now(), now(), '0'::interval)$$),
('news_recency_decay', $$SELECT news_recency_decay(now(), now(), '-1 day')$$),
('news_simhash', $$SELECT news_simhash('{a:x}'::news_vector)$$),
('news_hamming', $$SELECT news_hamming(1, 'x')$$),
('news_analyze_corpus', $$SELECT news_analyze_corpus('no_such_table', 'body')$$),
('news_analyze_corpus', $$SELECT news_analyze_corpus('articles', 'no_such_column')$$),
('news_analyze_corpus', $$SELECT news_analyze_corpus('articles', 'id')$$),
('news_analyze_corpus', $$SELECT news_analyze_corpus('articles', '')$$),
('news_corpus_stats_changed', $$SELECT news_corpus_stats_changed()$$),
('news_vector_gist_options', $$CREATE INDEX ON bad_input_vectors USING gist (vec news_vector_gist_ops (siglen = 0))$$),
('news_vector_gist_options', $$CREATE INDEX ON bad_input_vectors USING gist (vec news_vector_gist_ops (siglen = 100000))$$),
('news_vector_gist_options', $$CREATE INDEX ON bad_input_vectors USING gist (vec news_vector_gist_ops (nonsense = 1))$$),
('news_vector_gist_key_in', $$SELECT 'x'::news_vector_gist_key$$),
('news_ivf_lists', $$SELECT * FROM news_ivf_lists('articles')$$),
('news_ivf_lists', $$SELECT * FROM news_ivf_lists(0)$$),
('news_ivf_lists', $$SELECT * FROM news_ivf_lists(4294967295::oid::regclass)$$),
('news_ivf_handler', $$CREATE INDEX ON bad_input_vectors USING news_ivf (vec) WITH (lists = 0)$$),
('news_ivf_handler', $$CREATE INDEX ON bad_input_vectors USING news_ivf (vec) WITH (lists = 32769)$$),
('news_ivf_handler', $$CREATE INDEX ON bad_input_vectors USING news_ivf (vec) WITH (nonsense = 1)$$),
('ivf_probes', $$SET news_analytics.ivf_probes = -1$$),
-- rollup literals
('news_rollup_in', $$SELECT ''::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC'::news_rollup$$),
('news_rollup_in', $$SELECT 'Mars/Olympus total=0'::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC total=-1'::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC total=1'::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC total=1 2021-07-07T11=0'::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC total=1 2021-13-07T11=1'::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC total=1 300000-01-01T00=1'::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC total=2 2021-07-07T11=1,1,'::news_rollup$$),
('news_rollup_in', $$SELECT 'UTC total=1 2021-07-07T11=1 junk'::news_rollup$$),
('news_rollup_send', $$SELECT news_rollup_send('x')$$),
('news_rollup_out', $$SELECT news_rollup_out('x')$$),
-- rollup aggregates and accessors
('news_rollup', $$SELECT news_rollup(ts) FROM (VALUES ('infinity'::timestamptz)) v(ts)$$),
('news_rollup', $$SELECT news_rollup(now(), 'Nowhere/City')$$),
('news_rollup', $$SELECT news_rollup(now(), '')$$),
('news_rollup_trans', $$SELECT news_rollup_trans(NULL, now())$$),
('news_rollup_inv', $$SELECT news_rollup_inv(NULL, now())$$),
('news_rollup_combine', $$SELECT news_rollup_combine('UTC total=0', 'UTC total=0')$$),
('news_rollup_merge', $$SELECT news_rollup_merge(r) FROM (VALUES ('UTC total=0'::news_rollup), ('Europe/Zurich total=0')) v(r)$$),
('news_rollup_buckets', $$SELECT count(*) FROM news_rollup_buckets('UTC total=0', 'fortnight')$$),
('news_rollup_buckets', $$SELECT count(*) FROM news_rollup_buckets('UTC total=0', '')$$),
('news_rollup_total', $$SELECT news_rollup_total('UTC total=x')$$),
('news_rollup_first', $$SELECT news_rollup_first('UTC total=1 first=2021-07-07T11:00:00Z 2021-07-07T12=1')$$),
('news_rollup_last', $$SELECT news_rollup_last('UTC total=1 last=2021-07-07T13:00:00Z 2021-07-07T12=1')$$),
('news_rollup_zone', $$SELECT news_rollup_zone('UTC total=0 UTC')$$),
('news_rollup_peak', $$SELECT * FROM news_rollup_peak('UTC total=0', 'decade')$$),
('news_rollup_sparkline', $$SELECT news_rollup_sparkline('UTC total=0', 'minute')$$),
('news_rollup_sparkline', $$SELECT news_rollup_sparkline('UTC total=2 0001-01-01T00=1 9999-12-31T23=1', 'hour')$$),
('news_rollup_jsonb', $$SELECT news_rollup_jsonb('UTC total=2 0001-01-01T00=1 9999-12-31T23=1', 'day')$$),
('news_rollup_jsonb', $$SELECT news_rollup_jsonb('UTC total=0', 'quarter ')$$),
('news_parse_date', $$SELECT news_parse_date('7. Juli 2021', now(), 'Nowhere/City')$$),
('news_parse_date', $$SELECT news_parse_date('7. Juli 2021', now(), '')$$),
('news_rollup_final', $$SELECT news_rollup_final('UTC total=1')$$),
('news_rollup_buckets', $$SELECT count(*) FROM news_rollup_buckets((SELECT news_rollup('294276-12-31 23:00:00+00', 'Pacific/Kiritimati')), 'year')$$),
('news_lexicon_info', $$SELECT news_lexicon_info(1)$$),
('news_similarity', $$SELECT news_similarity('{a:1}'::news_vector, 'a'::text)$$),
-- trends: news_termstats literals, aggregates, significant terms
('news_termstats_in', $$SELECT ''::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=x {}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":2}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":0}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=2 {"a":1,"a":1}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"":1}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":1'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a\x":1}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {a:1}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=99999999999999999999 {}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 error=-1 {}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":1} junk'::news_termstats$$),
('news_termstats_in', $$SELECT ('ndocs=1 {"' || repeat('x', 3000) || '":1}')::news_termstats$$),
('news_termstats_recv', $$SELECT news_termstats_recv(NULL::internal)$$),
('news_termstats_send', $$SELECT news_termstats_send('x')$$),
('news_termstats_out', $$SELECT news_termstats_out('ndocs=-1 {}')$$),
('news_termstats_trans', $$SELECT news_termstats_trans(NULL, 'Berlin')$$),
('news_termstats_combine', $$SELECT news_termstats_combine('ndocs=1 {}', 'ndocs=1 {"a":5}')$$),
('news_termstats_final', $$SELECT news_termstats_final('ndocs=1 {"a":5}')$$),
('news_termstats_merge', $$SELECT news_termstats_merge('ndocs=1 {}', 'nonsense')$$),
('news_term_stats', $$SELECT news_term_stats(x) FROM (VALUES (1)) v(x)$$),
('news_termstats_ndocs', $$SELECT news_termstats_ndocs('{}')$$),
('news_termstats_error', $$SELECT news_termstats_error('{}')$$),
('news_termstats_nterms', $$SELECT news_termstats_nterms('{}')$$),
('news_termstats_mass', $$SELECT news_termstats_mass('ndocs=1 mass=2 {}')$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":1/0}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":1/1.5}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":1/nan}'::news_termstats$$),
('news_termstats_in', $$SELECT 'ndocs=1 {"a":1/1e999}'::news_termstats$$),
('news_termstats_docs', $$SELECT news_termstats_docs('{}', 'a')$$),
('news_termstats_terms', $$SELECT * FROM news_termstats_terms('ndocs=1 {}', -1)$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=1 {"a":1}', 'ndocs=5 {"a":1}', 0)$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=1 {"a":1}', 'ndocs=5 {"a":1}', -5)$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=1 {"a":1}', 'ndocs=5 {"a":1}', 100001)$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=1 {"a":1}', 'ndocs=5 {"a":1}', 10, 'bm25')$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=1 {"a":1}', 'ndocs=5 {"a":1}', 10, '')$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=1 {"a":1}', 'ndocs=5 {"a":1}', 10, 'jlh', 0)$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=1 {"a":1}', 'ndocs=5 {"a":1}', 10, 'jlh', 1, 'both')$$),
('news_significant_terms', $$SELECT * FROM news_significant_terms('ndocs=9 {"a":1}', 'ndocs=5 {"a":1}', 10, 'jlh', 1, 'superset')$$),
('news_story', $$SELECT news_story('{a:1}', now(), -0.1) OVER ()$$),
('news_story', $$SELECT news_story('{a:1}', now(), 'NaN') OVER ()$$),
('news_story', $$SELECT news_story('{a:1}', now(), NULL) OVER ()$$),
('news_story', $$SELECT news_story('{a:1}', now(), 0.5, '-1 hour') OVER ()$$),
('news_story', $$SELECT news_story('{a:1}', now(), 0.5, NULL) OVER ()$$),
('news_story', $$SELECT news_story('{a:1}', 'infinity') OVER ()$$),
('news_story', $$SELECT max(s) FROM (SELECT news_story('{a:1}', t) OVER (ORDER BY i) s FROM (VALUES (1, now()), (2, now() - interval '1 day')) v(i, t)) x$$),
('news_story_bar', $$SELECT news_story_bar(now(), now(), 1.5, '1 day')$$),
('news_story_bar', $$SELECT news_story_bar(now(), now(), 0.5, '-1 day')$$),
('news_story_of', $$SELECT news_story_of('pg_class', '{a:1}', now(), 2)$$),
('news_story_of', $$SELECT news_story_of('pg_class', '{a:1}', now(), 0.5, '-1 day')$$),
('news_story_of', $$SELECT news_story_of('pg_class', '{a:1}', now())$$),
('news_story_of', $$SELECT news_story_of('no_such_table', '{a:1}', now())$$),
('news_story_keys', $$SELECT news_story_keys('{a:1}', 'infinity')$$),
('news_story_probe_keys', $$SELECT news_story_probe_keys('{a:1}', '-infinity', '1 day')$$),
('news_story_probe_keys', $$SELECT news_story_probe_keys('{a:1}', now(), '-1 day')$$),
('news_story_probe_keys', $$SELECT news_story_probe_keys('{a:1}', now(), '11 years')$$),
('termstats_max_terms', $$SET news_analytics.termstats_max_terms = 0$$),
('termstats_max_terms', $$SET news_analytics.termstats_max_terms = 1000000000$$),
('vector_weighting', $$SET news_analytics.vector_weighting = 'bm42'$$),
('vector_part_weight', $$SET news_analytics.vector_part_weight = -1$$),
('vector_part_weight', $$SET news_analytics.vector_part_weight = 100$$),
('vector_max_terms', $$SET news_analytics.vector_max_terms = -1$$),
('vector_max_terms', $$SET news_analytics.vector_max_terms = 16777217$$),
('vector_max_terms', $$SET news_analytics.vector_max_terms = 'lots'$$),
('vector_idf_exponent', $$SET news_analytics.vector_idf_exponent = -0.5$$),
('vector_idf_exponent', $$SET news_analytics.vector_idf_exponent = 'Infinity'$$),
('vector_singleton_weight', $$SET news_analytics.vector_singleton_weight = 1.01$$),
('unknown GUC', $$SET news_analytics.no_such_setting = 1$$);

-- statistics tables and the to_news_vector constructors
INSERT INTO bad_input (target, sql) VALUES
('news_analyze_corpus', $$SELECT news_analyze_corpus('articles', 'body', 'articles')$$),
('news_analyze_corpus', $$SELECT news_analyze_corpus('articles', 'body', '')$$),
('to_news_vector', $$SELECT to_news_vector(chr(0))$$),
('to_news_vector', $$SELECT to_news_vector('articles', 'Text')$$),
('to_news_vector', $$SELECT to_news_vector(0::oid::regclass, 'Text')$$),
('news_termstats_merge_for_trans', $$SELECT news_termstats_merge_for_trans(NULL, 'ndocs=1 {}', 'ndocs=1 {}')$$),
('news_termstats_merge_for', $$SELECT news_termstats_merge_for(st, 'nonsense') FROM (VALUES ('ndocs=1 {}'::news_termstats)) v(st)$$);

-- the aggregate news_story_of runs over its candidates
INSERT INTO bad_input (target, sql) VALUES
('news_story_choose', $$SELECT news_story_choose(v, now(), 1, NULL, now(), 0.5, '1 day') FROM (VALUES ('{a:1}'::news_vector)) x(v)$$),
('news_story_choose', $$SELECT news_story_choose(v, now(), 1, v, now(), 2, '1 day') FROM (VALUES ('{a:1}'::news_vector)) x(v)$$),
('news_story_choose', $$SELECT news_story_choose(v, now(), 1, v, 'infinity', 0.5, '1 day') FROM (VALUES ('{a:1}'::news_vector)) x(v)$$),
('news_story_choose', $$SELECT news_story_choose(v, now(), 1, v, now(), 0.5, '-1 day') FROM (VALUES ('{a:1}'::news_vector)) x(v)$$),
('news_story_similarity', $$SELECT news_story_similarity('{a:1}', '{a:nan}')$$);

SELECT id, target, sql, state, message
  FROM bad_input, pg_temp.try_sql(sql)
 ORDER BY id;
-- (a SET that was wrongly accepted must not leak into the cases below)
RESET ALL;
SET TimeZone = 'Europe/Zurich';
SET DateStyle = 'ISO, YMD';

-- binary input: the receive functions take "internal", so SQL cannot call
-- them (news_vector_recv(NULL::internal) fails in the core, with a message
-- and SQLSTATE that differ between PostgreSQL versions, before our code
-- runs).  They are reached the real way instead, through COPY BINARY of a
-- damaged message (a bytea column has the same framing as our types), and
-- only our own messages are pinned.
CREATE TEMP TABLE recv_message (b bytea);
CREATE TEMP TABLE recv_vector (v news_vector);
CREATE TEMP TABLE recv_rollup (r news_rollup);
\set VERBOSITY terse
-- news_vector_recv: a message cut inside its second entry
INSERT INTO recv_message SELECT substr(news_vector_send('{a:1, b:2}'), 1, 20);
\copy recv_message TO 'results/reliability_recv.bin' (FORMAT binary)
\copy recv_vector FROM 'results/reliability_recv.bin' (FORMAT binary)
-- news_rollup_recv: a message cut short
UPDATE recv_message SET b = substr(news_rollup_send('UTC total=1 2021-07-07T11=1'), 1, 6);
\copy recv_message TO 'results/reliability_recv.bin' (FORMAT binary)
\copy recv_rollup FROM 'results/reliability_recv.bin' (FORMAT binary)
\set VERBOSITY default
SELECT (SELECT count(*) FROM recv_vector) AS vectors_received,
       (SELECT count(*) FROM recv_rollup) AS rollups_received;

-- every case above must fail, with a SQLSTATE outside class XX (internal)
SELECT count(*) AS bad_inputs_tried,
       count(*) FILTER (WHERE state IS NULL) AS accepted,
       count(*) FILTER (WHERE state LIKE 'XX%') AS internal_errors
  FROM bad_input, pg_temp.try_sql(sql);
RESET ALL;
SET TimeZone = 'Europe/Zurich';
SET DateStyle = 'ISO, YMD';

-- edge inputs that must be accepted: empty strings, empty vectors and
-- rollups, extreme but valid values; each with its result
CREATE TEMP TABLE edge_input (
	id serial,
	target text NOT NULL,
	sql text NOT NULL
);

INSERT INTO edge_input (target, sql) VALUES
('news_term_stats', $$SELECT news_term_stats(NULL::text)::text$$),
('news_term_stats', $$SELECT news_term_stats('')::text$$),
('news_termstats_merge', $$SELECT news_termstats_merge(NULL::news_termstats)::text$$),
('news_termstats_merge', $$SELECT news_termstats_merge(NULL, NULL)::text$$),
('news_termstats_docs', $$SELECT news_termstats_docs('ndocs=0 {}', '')$$),
('news_significant_terms', $$SELECT count(*) FROM news_significant_terms('ndocs=0 {}', 'ndocs=0 {}')$$),
('news_story', $$SELECT news_story(NULL, now()) OVER ()$$),
('news_story_bar', $$SELECT news_story_bar('infinity', now())$$),
('news_story_of', $$SELECT news_story_of('pg_class', NULL, now())$$),
('news_story', $$SELECT news_story('{}', now(), 0, '0') OVER ()$$),
('news_significant_terms', $$SELECT count(*) FROM news_significant_terms('ndocs=9 {"a":9}', 'ndocs=5 {"a":1}')$$),
('news_tokenize', $$SELECT news_tokenize('')::text$$),
-- (soft hyphen and zero-width space written with chr(): psql gives them a
-- different display width from PostgreSQL 17 on, which would shift the table)
('news_tokenize', $$SELECT news_tokenize(' ' || chr(173) || chr(8203) || ' ')::text$$),
('news_tokenize', $$SELECT news_tokenize(repeat('ä', 3) || chr(1114111) || 'Haus')::text$$),
('news_debug', $$SELECT count(*) FROM news_debug('')$$),
('to_tsvector', $$SELECT to_tsvector('news_german', '')::text$$),
('websearch_to_tsquery', $$SELECT websearch_to_tsquery('news_german', '"" OR -')::text$$),
('news_vector', $$SELECT news_vector(text '')::text$$),
('news_vector_in', $$SELECT '{}'::news_vector::text$$),
('news_vector_in', $$SELECT ' { "a b" : 2 , "c\"d" : 1 } '::news_vector::text$$),
('news_vector_nterms', $$SELECT news_vector_nterms('{}')$$),
('news_similarity', $$SELECT news_similarity('', '')$$),
('news_similarity', $$SELECT news_similarity('{}'::news_vector, '{a:1}')$$),
('news_vector_distance', $$SELECT '{}'::news_vector <-> '{}'$$),
('news_vector_similar_op', $$SELECT '{}'::news_vector % '{}'$$),
('news_keywords', $$SELECT cardinality(news_keywords('{}', 5))$$),
('news_keywords', $$SELECT news_keywords('{a:1,b:2}', 2000000000)::text$$),
('news_keywords', $$SELECT news_keywords('{a:1,b:2}', 0)::text$$),
('news_similarity_explain', $$SELECT count(*) FROM news_similarity_explain('{}', '{}')$$),
('news_simhash', $$SELECT news_simhash('')$$),
('news_simhash', $$SELECT news_simhash('{}'::news_vector)$$),
('news_hamming', $$SELECT news_hamming(-1, 0)$$),
('news_recency_decay', $$SELECT news_recency_decay('infinity', now(), '1 day')$$),
('news_recency_decay', $$SELECT news_recency_decay('-infinity', now(), '1 day')$$),
('news_recency_decay', $$SELECT news_recency_decay('2021-01-01', '2021-01-31', '1 month')$$),
('news_rollup_in', $$SELECT 'utc total=0'::news_rollup::text$$),
('news_rollup', $$SELECT news_rollup(ts)::text FROM (VALUES ('4714-11-24 00:00:00+00 BC'::timestamptz)) v(ts)$$),
('news_rollup', $$SELECT news_rollup(ts)::text FROM (VALUES ('2021-01-01'::timestamptz)) v(ts) WHERE false$$),
('news_rollup_final', $$SELECT news_rollup_final('UTC total=0')::text$$),
('news_rollup_merge', $$SELECT news_rollup_merge(r)::text FROM (VALUES (NULL::news_rollup)) v(r)$$),
('news_rollup_buckets', $$SELECT count(*) FROM news_rollup_buckets('UTC total=0', 'year')$$),
('news_rollup_buckets', $$SELECT count(*) FROM news_rollup_buckets('UTC total=2 0001-01-01T00=1 9999-12-31T23=1', 'year')$$),
('news_rollup_peak', $$SELECT (news_rollup_peak('UTC total=0')).articles$$),
('news_rollup_sparkline', $$SELECT news_rollup_sparkline('UTC total=0', 'year')$$),
('news_rollup_jsonb', $$SELECT news_rollup_jsonb('UTC total=0', 'week')::text$$),
('news_rollup_first', $$SELECT news_rollup_first('UTC total=0')$$),
('news_vector_gist_key_out', $$SELECT news_vector_gist_key_out(NULL)$$),
('news_parse_date', $$SELECT news_parse_date('')$$),
('news_parse_date', $$SELECT news_parse_date('7. Juli 2021', 'infinity', 'UTC')$$),
('news_parse_date', $$SELECT news_parse_date(repeat('7. ', 10000), '2021-03-01')$$);

INSERT INTO edge_input (target, sql) VALUES
('to_news_vector', $$SELECT to_news_vector('')::text$$),
('news_termstats_merge_for', $$SELECT news_termstats_merge_for(NULL::news_termstats, NULL)::text$$);

SELECT id, target, sql, state, result
  FROM edge_input, pg_temp.try_sql(sql)
 ORDER BY id;

-- NULL for every argument of every SQL-callable function of the extension
-- (found in the catalog, so new functions are covered without editing this
-- file): a STRICT function returns NULL (or no rows), the others answer
-- without an internal error.
CREATE TEMP TABLE null_call AS
SELECT p.oid::regprocedure::text AS function,
       format('SELECT %s(%s)%s',
              p.oid::regproc,
              (SELECT string_agg(format('NULL::%s', t::regtype), ', ' ORDER BY n)
                 FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, n)),
              CASE WHEN p.proretset THEN ' LIMIT 1' ELSE '' END) AS sql,
       p.proisstrict AS strict
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                  AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'news_analytics'
 WHERE p.prorettype NOT IN ('internal'::regtype, 'trigger'::regtype,
                            'index_am_handler'::regtype)
   AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes::oid[]) t
                    WHERE t IN ('internal'::regtype, 'cstring'::regtype))
   AND p.prokind = 'f'
   AND p.pronargs > 0;

SELECT n.function, n.strict, t.state, t.message, t.result
  FROM null_call n, pg_temp.try_sql(n.sql) t
 ORDER BY n.function;

-- coverage: every function of the extension that SQL can call has at least
-- one bad-input or edge case above (support functions taking "internal" are
-- uncallable from SQL and are reached through their type, operator class or
-- text search object instead)
SELECT p.proname AS function_without_cases
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                  AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'news_analytics'
 WHERE NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes::oid[]) t
                    WHERE t = 'internal'::regtype)
   AND p.prorettype NOT IN ('internal'::regtype, 'index_am_handler'::regtype)
   AND p.proname NOT IN (SELECT target FROM bad_input
                         UNION SELECT target FROM edge_input)
 ORDER BY 1;
