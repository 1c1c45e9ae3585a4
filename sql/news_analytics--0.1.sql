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

-- news_tokenize(text): the normalized, stemmed terms of a text, in order;
-- compounds yield the whole word's term followed by their parts' terms.
CREATE FUNCTION @extschema@.news_tokenize(text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'news_tokenize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- news_debug(text): why a text got its terms, one row per token.
CREATE FUNCTION @extschema@.news_debug(text,
    OUT token text, OUT type text, OUT normalized text, OUT parts text,
    OUT terms text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'news_debug'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- news_lexicon_info(): the compound lexicon this backend uses (loads it).
-- VOLATILE: the answer depends on the session (GUC, load time).
CREATE FUNCTION @extschema@.news_lexicon_info(
    OUT lexicon text, OUT dict_file text, OUT affix_file text,
    OUT load_ms float8, OUT memory_bytes bigint, OUT lexicon_bytes bigint,
    OUT cached_tokens bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'news_lexicon_info'
LANGUAGE C VOLATILE STRICT PARALLEL SAFE;

-- The text search parser: our lexer; headlines by PostgreSQL's own
-- prsd_headline (our blank token has the default parser's space type).
CREATE FUNCTION @extschema@.news_prs_start(internal, int4)
RETURNS internal AS 'MODULE_PATHNAME', 'news_prs_start'
LANGUAGE C STRICT;
CREATE FUNCTION @extschema@.news_prs_gettoken(internal, internal, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'news_prs_gettoken'
LANGUAGE C STRICT;
CREATE FUNCTION @extschema@.news_prs_end(internal)
RETURNS void AS 'MODULE_PATHNAME', 'news_prs_end'
LANGUAGE C STRICT;
CREATE FUNCTION @extschema@.news_prs_lextype(internal)
RETURNS internal AS 'MODULE_PATHNAME', 'news_prs_lextype'
LANGUAGE C STRICT;

CREATE TEXT SEARCH PARSER @extschema@.news_parser (
    START    = @extschema@.news_prs_start,
    GETTOKEN = @extschema@.news_prs_gettoken,
    END      = @extschema@.news_prs_end,
    LEXTYPES = @extschema@.news_prs_lextype,
    HEADLINE = pg_catalog.prsd_headline
);

-- The dictionary template: a token's terms (whole word and compound parts).
CREATE FUNCTION @extschema@.news_dict_init(internal)
RETURNS internal AS 'MODULE_PATHNAME', 'news_dict_init'
LANGUAGE C STRICT;
CREATE FUNCTION @extschema@.news_dict_lexize(internal, internal, internal, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'news_dict_lexize'
LANGUAGE C STRICT;

CREATE TEXT SEARCH TEMPLATE @extschema@.news_template (
    INIT   = @extschema@.news_dict_init,
    LEXIZE = @extschema@.news_dict_lexize
);

CREATE TEXT SEARCH DICTIONARY @extschema@.news_german_dict (
    TEMPLATE = @extschema@.news_template
);

CREATE TEXT SEARCH CONFIGURATION @extschema@.news_german (
    PARSER = @extschema@.news_parser
);
ALTER TEXT SEARCH CONFIGURATION @extschema@.news_german
    ADD MAPPING FOR word, gender, numword, email, url, host, hword, abbrev,
                    mention, number, date, time, hashtag
    WITH @extschema@.news_german_dict;

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
