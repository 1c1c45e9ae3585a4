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

-- end of similarity section


------------------------------------------------------------------------
-- Similarity index (src/similarity)
------------------------------------------------------------------------

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
	STORAGE = extended
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
-- when similarity >= threshold + (1 - threshold) * gap / max_gap.
CREATE FUNCTION @extschema@.news_story(vec @extschema@.news_vector, ts timestamptz,
	threshold float8 DEFAULT 0.25, max_gap interval DEFAULT '7 days')
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_story'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

-- end of trends section
