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

-- end of trends section
