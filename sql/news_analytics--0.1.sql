/* news_analytics--0.1.sql: install script of news_analytics 0.1 */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION news_analytics" to load this file. \quit

-- Objects are created in @extschema@ (chosen with CREATE EXTENSION ... SCHEMA).
-- Every reference from one of our objects to another, and to built-in
-- objects that could be shadowed, is schema-qualified, so that a hostile
-- search_path at install or call time cannot capture it.


------------------------------------------------------------------------
-- Tokenizer (src/tokenizer)
------------------------------------------------------------------------

CREATE FUNCTION @extschema@.news_tokenize(text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'news_tokenize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- end of tokenizer section



------------------------------------------------------------------------
-- Similarity (src/similarity)
------------------------------------------------------------------------

-- end of similarity section



------------------------------------------------------------------------
-- Rollup and date parsing (src/rollup)
------------------------------------------------------------------------

-- news_rollup: counts of timestamps per local hour in one time zone.
CREATE TYPE @extschema@.news_rollup;

CREATE FUNCTION @extschema@.news_rollup_in(cstring)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_in'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_out(@extschema@.news_rollup)
RETURNS cstring
AS 'MODULE_PATHNAME', 'news_rollup_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_recv(internal)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_recv'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_send(@extschema@.news_rollup)
RETURNS bytea
AS 'MODULE_PATHNAME', 'news_rollup_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.news_rollup (
	INPUT = @extschema@.news_rollup_in,
	OUTPUT = @extschema@.news_rollup_out,
	RECEIVE = @extschema@.news_rollup_recv,
	SEND = @extschema@.news_rollup_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

-- aggregate support (they check that they are called by an aggregate)
CREATE FUNCTION @extschema@.news_rollup_trans(@extschema@.news_rollup, timestamptz)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_trans'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_trans(@extschema@.news_rollup, timestamptz, text)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_trans_tz'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_inv(@extschema@.news_rollup, timestamptz)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_inv'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_inv(@extschema@.news_rollup, timestamptz, text)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_inv_tz'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_combine(@extschema@.news_rollup, @extschema@.news_rollup)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_final(@extschema@.news_rollup)
RETURNS @extschema@.news_rollup
AS 'MODULE_PATHNAME', 'news_rollup_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.news_rollup(timestamptz) (
	SFUNC = @extschema@.news_rollup_trans,
	STYPE = @extschema@.news_rollup,
	FINALFUNC = @extschema@.news_rollup_final,
	COMBINEFUNC = @extschema@.news_rollup_combine,
	MSFUNC = @extschema@.news_rollup_trans,
	MINVFUNC = @extschema@.news_rollup_inv,
	MSTYPE = @extschema@.news_rollup,
	MFINALFUNC = @extschema@.news_rollup_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.news_rollup(timestamptz, text) (
	SFUNC = @extschema@.news_rollup_trans,
	STYPE = @extschema@.news_rollup,
	FINALFUNC = @extschema@.news_rollup_final,
	COMBINEFUNC = @extschema@.news_rollup_combine,
	MSFUNC = @extschema@.news_rollup_trans,
	MINVFUNC = @extschema@.news_rollup_inv,
	MSTYPE = @extschema@.news_rollup,
	MFINALFUNC = @extschema@.news_rollup_final,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.news_rollup_merge(@extschema@.news_rollup) (
	SFUNC = @extschema@.news_rollup_combine,
	STYPE = @extschema@.news_rollup,
	FINALFUNC = @extschema@.news_rollup_final,
	COMBINEFUNC = @extschema@.news_rollup_combine,
	PARALLEL = SAFE
);

-- accessors
CREATE FUNCTION @extschema@.news_rollup_buckets(r @extschema@.news_rollup,
	granularity text DEFAULT 'day', fill_gaps boolean DEFAULT true)
RETURNS TABLE (bucket_start timestamptz, articles bigint)
AS 'MODULE_PATHNAME', 'news_rollup_buckets'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;

CREATE FUNCTION @extschema@.news_rollup_total(@extschema@.news_rollup)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_rollup_total'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_first(@extschema@.news_rollup)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'news_rollup_first'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_last(@extschema@.news_rollup)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'news_rollup_last'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_zone(@extschema@.news_rollup)
RETURNS text
AS 'MODULE_PATHNAME', 'news_rollup_zone'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_peak(r @extschema@.news_rollup,
	granularity text DEFAULT 'day',
	OUT bucket_start timestamptz, OUT articles bigint)
AS 'MODULE_PATHNAME', 'news_rollup_peak'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_sparkline(r @extschema@.news_rollup,
	granularity text DEFAULT 'day')
RETURNS text
AS 'MODULE_PATHNAME', 'news_rollup_sparkline'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_rollup_jsonb(r @extschema@.news_rollup,
	granularity text DEFAULT 'day')
RETURNS jsonb
AS 'MODULE_PATHNAME', 'news_rollup_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- German date parsing
CREATE FUNCTION @extschema@.news_parse_date(txt text,
	reference timestamptz DEFAULT pg_catalog.now(),
	zone text DEFAULT 'Europe/Zurich')
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'news_parse_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- end of rollup section
