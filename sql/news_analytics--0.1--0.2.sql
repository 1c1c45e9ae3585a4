/* news_analytics--0.1--0.2.sql: update news_analytics from 0.1 to 0.2 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION news_analytics UPDATE TO '0.2'" to load this file. \quit

-- 0.1 is the first released version and its install script is frozen:
-- every change since then is made here, so that CREATE EXTENSION (which runs
-- news_analytics--0.1.sql and then this script) and ALTER EXTENSION UPDATE
-- from an existing 0.1 installation end with the same objects.
--
-- As in the install script, every reference to our own objects and to
-- built-in objects that could be shadowed is schema-qualified.


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

-- news_ivf: approximate inverted-file (IVF) index for ORDER BY vec <-> q
-- (src/similarity/ivf*.c).  The handler takes an "internal" argument and is
-- called by the server only, so it is not STRICT-sensitive.
CREATE FUNCTION @extschema@.news_ivf_handler(internal)
RETURNS index_am_handler
AS 'MODULE_PATHNAME', 'news_ivf_handler'
LANGUAGE C;

CREATE ACCESS METHOD news_ivf TYPE INDEX HANDLER @extschema@.news_ivf_handler;
COMMENT ON ACCESS METHOD news_ivf IS
  'approximate nearest-neighbour index (k-means inverted lists) for ORDER BY news_vector <-> news_vector';

CREATE OPERATOR CLASS @extschema@.news_vector_ivf_ops
	DEFAULT FOR TYPE @extschema@.news_vector USING news_ivf AS
	OPERATOR 1 @extschema@.<-> (@extschema@.news_vector, @extschema@.news_vector) FOR ORDER BY pg_catalog.float_ops;

-- one row per inverted list of a news_ivf index (sizes, for tuning)
CREATE FUNCTION @extschema@.news_ivf_lists(index regclass,
	OUT list int, OUT tuples bigint, OUT pages int, OUT centroid_terms int)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'news_ivf_lists'
LANGUAGE C STRICT STABLE PARALLEL SAFE;

-- end of similarity index section


------------------------------------------------------------------------
-- Rollup (src/rollup)
------------------------------------------------------------------------

-- end of rollup section
