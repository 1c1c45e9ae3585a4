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

-- end of trends section
