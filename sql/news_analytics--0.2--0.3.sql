/* news_analytics--0.2--0.3.sql: update news_analytics from 0.2 to 0.3 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION news_analytics UPDATE TO '0.3'" to load this file. \quit

-- CREATE EXTENSION runs news_analytics--0.1.sql, then the update scripts in
-- order; ALTER EXTENSION UPDATE from an existing installation runs the same
-- scripts, so both end with the same objects.  Every reference to our own
-- objects and to built-in objects that could be shadowed is
-- schema-qualified.


------------------------------------------------------------------------
-- Tokenizer (src/tokenizer)
------------------------------------------------------------------------

-- end of tokenizer section


------------------------------------------------------------------------
-- Similarity (src/similarity)
------------------------------------------------------------------------

-- news_vector(text) is implemented by the C function of the same name
-- (before: news_vector_from_text_sql, still exported for 0.1 and 0.2
-- databases).  Same signature and attributes as in 0.1.
CREATE OR REPLACE FUNCTION @extschema@.news_vector(text)
RETURNS @extschema@.news_vector
AS 'MODULE_PATHNAME', 'news_vector'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

-- Statistics sets and the to_news_vector constructors
-- (src/similarity/vector_weighting.c explains the design).
--
-- to_news_vector follows to_tsvector: with explicit statistics (a table
-- filled by news_analyze_corpus(relation, column, statistics)) the vector
-- is a function of its arguments and IMMUTABLE, so it may be used in
-- UPDATE on Citus, generated columns and index expressions (recompute after
-- a refresh, as after changing a text search configuration); without, it
-- uses the default statistics and is STABLE.  Both refuse statistics that
-- the calling role may not read (42501).  A call with one untyped literal,
-- to_news_vector('...'), resolves to the text form, whereas
-- news_vector('...') is a cast to the type (the literal is parsed as a
-- vector); news_vector(text) stays for existing callers.
CREATE FUNCTION @extschema@.to_news_vector(document text)
RETURNS @extschema@.news_vector
AS 'MODULE_PATHNAME', 'news_vector'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.to_news_vector(statistics regclass, document text)
RETURNS @extschema@.news_vector
AS 'MODULE_PATHNAME', 'news_vector_from_text_stats_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Analyze into a statistics table (created, owned by the caller, if it does
-- not exist; on Citus made a reference table when the source is a Citus
-- table).
CREATE FUNCTION @extschema@.news_analyze_corpus(relation regclass,
	column_name text, statistics text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_analyze_corpus_into'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.to_news_vector(text) IS
  'news_vector of a text weighted with the default corpus statistics';
COMMENT ON FUNCTION @extschema@.to_news_vector(regclass, text) IS
  'news_vector of a text weighted with the statistics in a table filled by news_analyze_corpus(relation, column, statistics)';

-- end of similarity section


------------------------------------------------------------------------
-- Similarity index (src/similarity)
------------------------------------------------------------------------

-- The GiST support functions are implemented by C functions of the same
-- names (before: nv_gist_*, still exported for 0.1 and 0.2 databases).
-- Same signatures and attributes as in 0.1; the operator class keeps
-- referring to the same functions.
CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_key_in(cstring)
RETURNS @extschema@.news_vector_gist_key
AS 'MODULE_PATHNAME', 'news_vector_gist_key_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_key_out(@extschema@.news_vector_gist_key)
RETURNS cstring
AS 'MODULE_PATHNAME', 'news_vector_gist_key_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_consistent(internal, @extschema@.news_vector, smallint, oid, internal)
RETURNS bool
AS 'MODULE_PATHNAME', 'news_vector_gist_consistent'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_distance(internal, @extschema@.news_vector, smallint, oid, internal)
RETURNS float8
AS 'MODULE_PATHNAME', 'news_vector_gist_distance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_compress(internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'news_vector_gist_compress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_decompress(internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'news_vector_gist_decompress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_union(internal, internal)
RETURNS @extschema@.news_vector_gist_key
AS 'MODULE_PATHNAME', 'news_vector_gist_union'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_penalty(internal, internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'news_vector_gist_penalty'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_picksplit(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'news_vector_gist_picksplit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_same(@extschema@.news_vector_gist_key, @extschema@.news_vector_gist_key, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'news_vector_gist_same'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.news_vector_gist_options(internal)
RETURNS void
AS 'MODULE_PATHNAME', 'news_vector_gist_options'
LANGUAGE C IMMUTABLE PARALLEL SAFE;


-- end of similarity index section


------------------------------------------------------------------------
-- Rollup (src/rollup)
------------------------------------------------------------------------

-- end of rollup section


------------------------------------------------------------------------
-- Trends: term statistics and stories (src/trends)
------------------------------------------------------------------------

-- news_termstats: document frequencies of terms over a set of documents,
-- with the number of documents and an error bound (see src/trends/termstats.h).
CREATE TYPE @extschema@.news_termstats;

CREATE FUNCTION @extschema@.news_termstats_in(cstring)
RETURNS @extschema@.news_termstats
AS 'MODULE_PATHNAME', 'news_termstats_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_out(@extschema@.news_termstats)
RETURNS cstring
AS 'MODULE_PATHNAME', 'news_termstats_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_recv(internal)
RETURNS @extschema@.news_termstats
AS 'MODULE_PATHNAME', 'news_termstats_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_send(@extschema@.news_termstats)
RETURNS bytea
AS 'MODULE_PATHNAME', 'news_termstats_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.news_termstats (
	INPUT = @extschema@.news_termstats_in,
	OUTPUT = @extschema@.news_termstats_out,
	RECEIVE = @extschema@.news_termstats_recv,
	SEND = @extschema@.news_termstats_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	-- out of line but not compressed: term texts and counts compress poorly
	-- (to about 3/4), and every query detoasts whole states, which pglz
	-- decompression made several times slower than a plain copy
	STORAGE = external
);

-- Transition and combine functions work on an expanded state in the
-- aggregate context; they refuse other call contexts (except the two-
-- argument merge below).  The transition depends on the compound lexicon
-- setting like news_tokenize, and on termstats_max_terms: VOLATILE would be
-- wrong for an aggregate support function, STABLE is honest.
CREATE FUNCTION @extschema@.news_termstats_trans(@extschema@.news_termstats, text)
RETURNS @extschema@.news_termstats
AS 'MODULE_PATHNAME', 'news_termstats_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_combine(@extschema@.news_termstats, @extschema@.news_termstats)
RETURNS @extschema@.news_termstats
AS 'MODULE_PATHNAME', 'news_termstats_combine'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_final(@extschema@.news_termstats)
RETURNS @extschema@.news_termstats
AS 'MODULE_PATHNAME', 'news_termstats_final'
LANGUAGE C STABLE PARALLEL SAFE;

-- news_term_stats(text): terms of news_german (stop words out, compound
-- parts in), each counted once per document, and the number of documents.
CREATE AGGREGATE @extschema@.news_term_stats(text) (
	SFUNC = @extschema@.news_termstats_trans,
	STYPE = @extschema@.news_termstats,
	FINALFUNC = @extschema@.news_termstats_final,
	COMBINEFUNC = @extschema@.news_termstats_combine,
	PARALLEL = SAFE
);

-- news_termstats_merge(state): the sum of stored states (hours -> days).
CREATE AGGREGATE @extschema@.news_termstats_merge(@extschema@.news_termstats) (
	SFUNC = @extschema@.news_termstats_combine,
	STYPE = @extschema@.news_termstats,
	FINALFUNC = @extschema@.news_termstats_final,
	COMBINEFUNC = @extschema@.news_termstats_combine,
	PARALLEL = SAFE
);

-- news_termstats_merge_for(state, foreground): the sum of the states cut
-- down to the terms of the foreground, all that news_significant_terms reads
-- of a background for it (fast backgrounds from many stored states).
CREATE FUNCTION @extschema@.news_termstats_merge_for_trans(@extschema@.news_termstats,
	@extschema@.news_termstats, @extschema@.news_termstats)
RETURNS @extschema@.news_termstats
AS 'MODULE_PATHNAME', 'news_termstats_merge_for_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.news_termstats_merge_for(@extschema@.news_termstats,
	@extschema@.news_termstats) (
	SFUNC = @extschema@.news_termstats_merge_for_trans,
	STYPE = @extschema@.news_termstats,
	FINALFUNC = @extschema@.news_termstats_final,
	COMBINEFUNC = @extschema@.news_termstats_combine,
	PARALLEL = SAFE
);

-- news_termstats_merge(a, b): the sum of two states (NULL counts as empty).
CREATE FUNCTION @extschema@.news_termstats_merge(@extschema@.news_termstats, @extschema@.news_termstats)
RETURNS @extschema@.news_termstats
AS 'MODULE_PATHNAME', 'news_termstats_combine'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_ndocs(@extschema@.news_termstats)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_termstats_ndocs'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_error(@extschema@.news_termstats)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_termstats_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_mass(@extschema@.news_termstats)
RETURNS float8
AS 'MODULE_PATHNAME', 'news_termstats_mass'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_nterms(@extschema@.news_termstats)
RETURNS integer
AS 'MODULE_PATHNAME', 'news_termstats_nterms'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- news_termstats_docs(state, term): documents of one stored term (0 if
-- absent); a term's counts over time come from one call per stored state.
CREATE FUNCTION @extschema@.news_termstats_docs(@extschema@.news_termstats, term text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_termstats_docs'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_termstats_terms(@extschema@.news_termstats, k bigint DEFAULT NULL)
RETURNS TABLE(term text, docs bigint, mass float8)
AS 'MODULE_PATHNAME', 'news_termstats_terms'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 100;

CREATE FUNCTION @extschema@.news_significant_terms(
	foreground @extschema@.news_termstats,
	background @extschema@.news_termstats,
	k integer DEFAULT 20,
	heuristic text DEFAULT 'burst',
	min_fg_docs integer DEFAULT 2,
	background_mode text DEFAULT 'auto')
RETURNS TABLE(term text, score float8, fg_docs bigint, bg_docs bigint)
AS 'MODULE_PATHNAME', 'news_significant_terms'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;

-- news_story(vec, ts [, threshold, max_gap]) OVER (ORDER BY ts, id): online
-- story ids; an article joins the story of its most similar earlier article
-- when news_story_similarity >= threshold + (1 - threshold) * gap / max_gap.
CREATE FUNCTION @extschema@.news_story(vec @extschema@.news_vector, ts timestamptz,
	threshold float8 DEFAULT 0.15, max_gap interval DEFAULT '7 days')
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_story'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

-- news_story_similarity(a, b): the similarity news_story links articles by,
-- the weight two vectors share (sum of the smaller weight of each shared
-- term) as a share of the smaller vector's total weight: 1 when one text's
-- terms all occur at least as heavily in the other.
CREATE FUNCTION @extschema@.news_story_similarity(a @extschema@.news_vector,
	b @extschema@.news_vector)
RETURNS float8
AS 'MODULE_PATHNAME', 'news_story_similarity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- news_story_bar(earlier, ts, threshold, max_gap): the similarity an
-- earlier article needs to share the story (2 = impossible).
CREATE FUNCTION @extschema@.news_story_bar(earlier timestamptz, ts timestamptz,
	threshold float8 DEFAULT 0.15, max_gap interval DEFAULT '7 days')
RETURNS float8
AS 'MODULE_PATHNAME', 'news_story_bar'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- news_story_keys(vec, ts): the stored story keys of an article, one per
-- key term (its 16 heaviest terms): UTC day << 32 | term hash.  A GIN
-- index on them lets news_story_of() find, among millions of articles, the
-- ones of the last max_gap sharing a key term with a new article.
CREATE FUNCTION @extschema@.news_story_keys(vec @extschema@.news_vector, ts timestamptz)
RETURNS int8[]
AS 'MODULE_PATHNAME', 'news_story_keys'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- news_story_probe_keys(vec, ts, max_gap): the keys such an earlier article
-- has stored (every day from ts - max_gap to ts with vec's key terms).
CREATE FUNCTION @extschema@.news_story_probe_keys(vec @extschema@.news_vector,
	ts timestamptz, max_gap interval DEFAULT '7 days')
RETURNS int8[]
AS 'MODULE_PATHNAME', 'news_story_probe_keys'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- news_story_choose(cand_vec, cand_ts, cand_story, vec, ts, threshold,
-- max_gap): aggregate over stored candidate articles (their vector, time
-- and story): the story the new article (vec, ts)
-- joins among them by the news_story rule, NULL for a new story.  The last
-- four arguments must be the same on every row.
CREATE FUNCTION @extschema@.news_story_choose_trans(internal,
	@extschema@.news_vector, timestamptz, int8,
	@extschema@.news_vector, timestamptz, float8, interval)
RETURNS internal
AS 'MODULE_PATHNAME', 'news_story_choose_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_story_choose_final(internal)
RETURNS int8
AS 'MODULE_PATHNAME', 'news_story_choose_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.news_story_choose(cand_vec @extschema@.news_vector,
	cand_ts timestamptz, cand_story int8,
	vec @extschema@.news_vector, ts timestamptz, threshold float8, max_gap interval) (
	SFUNC = @extschema@.news_story_choose_trans,
	STYPE = internal,
	FINALFUNC = @extschema@.news_story_choose_final,
	PARALLEL = SAFE
);

-- news_story_of(tbl, vec, ts, ...): the story a new article gets from the
-- articles already stored in tbl (the news_story rule: among the earlier
-- articles within max_gap sharing a key term, the one with the largest
-- margin over its bar), or NULL for a new story.  The candidates come from
-- "keys_column && news_story_probe_keys(vec, ts, max_gap)" (GIN index on
-- keys_column, which holds news_story_keys(vec_column, ts_column)): the
-- probe covers the days within max_gap; news_story_choose() keeps the
-- candidates within max_gap, which are exactly the open articles the window
-- function finds through its key terms, counts the stories per key term over
-- them (the spread weights) and picks the winner with the window function's
-- code.  STABLE: it only reads tbl.
CREATE FUNCTION @extschema@.news_story_of(tbl regclass, vec @extschema@.news_vector,
	ts timestamptz, threshold float8 DEFAULT 0.15, max_gap interval DEFAULT '7 days',
	vec_column name DEFAULT 'vec', ts_column name DEFAULT 'published_at',
	story_column name DEFAULT 'story_id', keys_column name DEFAULT 'story_keys')
RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	result bigint;
BEGIN
	IF tbl IS NULL OR vec IS NULL OR ts IS NULL OR threshold IS NULL OR max_gap IS NULL
	   OR vec_column IS NULL OR ts_column IS NULL OR story_column IS NULL
	   OR keys_column IS NULL THEN
		RETURN NULL;
	END IF;
	-- validates threshold and max_gap with the window function's messages
	PERFORM @extschema@.news_story_bar(ts, ts, threshold, max_gap);
	-- the probe is a parameter behind a sub-select: the GIN index scan gets
	-- it at run time, and the planner does not estimate the && of a long
	-- array constant on every call (tens of milliseconds)
	EXECUTE pg_catalog.format(
		'SELECT @extschema@.news_story_choose(t.%1$I, t.%2$I, t.%3$I, $1, $2, $3, $4)'
		'  FROM %4$s t WHERE t.%5$I OPERATOR(pg_catalog.&&) (SELECT $5) AND t.%2$I <= $2',
		vec_column, ts_column, story_column, tbl, keys_column)
	INTO result
	USING vec, ts, threshold, max_gap, @extschema@.news_story_probe_keys(vec, ts, max_gap);
	RETURN result;
END
$fn$;

-- end of trends section
