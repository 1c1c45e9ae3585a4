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

-- end of similarity index section


------------------------------------------------------------------------
-- Rollup (src/rollup)
------------------------------------------------------------------------

-- end of rollup section
