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
-- Similarity index support (src/similarity, operator classes)
------------------------------------------------------------------------

-- end of similarity index section



------------------------------------------------------------------------
-- Rollup and date parsing (src/rollup)
------------------------------------------------------------------------

-- end of rollup section
