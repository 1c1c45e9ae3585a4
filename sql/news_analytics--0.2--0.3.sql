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
