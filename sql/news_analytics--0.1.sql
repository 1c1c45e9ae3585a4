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

-- The news_vector type (src/similarity/news_vector.h documents its layout).
CREATE TYPE @extschema@.news_vector;

CREATE FUNCTION @extschema@.news_vector_in(cstring)
RETURNS @extschema@.news_vector
AS 'MODULE_PATHNAME', 'news_vector_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_out(@extschema@.news_vector)
RETURNS cstring
AS 'MODULE_PATHNAME', 'news_vector_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_recv(internal)
RETURNS @extschema@.news_vector
AS 'MODULE_PATHNAME', 'news_vector_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_send(@extschema@.news_vector)
RETURNS bytea
AS 'MODULE_PATHNAME', 'news_vector_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.news_vector (
	INPUT = @extschema@.news_vector_in,
	OUTPUT = @extschema@.news_vector_out,
	RECEIVE = @extschema@.news_vector_recv,
	SEND = @extschema@.news_vector_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = main
);

-- Corpus statistics: document frequencies kept by news_analyze_corpus().
-- Both tables are configuration tables: pg_dump saves their contents.
CREATE TABLE @extschema@.news_corpus_terms (
	term text PRIMARY KEY,
	df integer NOT NULL CHECK (df > 0)
);

CREATE TABLE @extschema@.news_corpus_info (
	singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	source text,
	ndocs bigint NOT NULL CHECK (ndocs >= 0),
	nword bigint NOT NULL DEFAULT 0,
	npart bigint NOT NULL DEFAULT 0,
	analyzed_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.news_corpus_terms', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.news_corpus_info', '');

-- Every change of the statistics invalidates the per-backend caches.
CREATE FUNCTION @extschema@.news_corpus_stats_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'news_corpus_stats_changed'
LANGUAGE C;

CREATE TRIGGER news_corpus_terms_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.news_corpus_terms
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.news_corpus_stats_changed();

CREATE TRIGGER news_corpus_info_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.news_corpus_info
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.news_corpus_stats_changed();

CREATE FUNCTION @extschema@.news_analyze_corpus(relation regclass, column_name text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_analyze_corpus'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

-- Constructor: depends on the corpus statistics, hence STABLE.
CREATE FUNCTION @extschema@.news_vector(text)
RETURNS @extschema@.news_vector
AS 'MODULE_PATHNAME', 'news_vector_from_text_sql'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_nterms(@extschema@.news_vector)
RETURNS integer
AS 'MODULE_PATHNAME', 'news_vector_nterms'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_similarity(@extschema@.news_vector, @extschema@.news_vector)
RETURNS float8
AS 'MODULE_PATHNAME', 'news_similarity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_similarity(text, text)
RETURNS float8
AS 'MODULE_PATHNAME', 'news_similarity_text'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

-- Operator support functions: the threshold GUC makes % STABLE.
CREATE FUNCTION @extschema@.news_vector_similar_op(@extschema@.news_vector, @extschema@.news_vector)
RETURNS boolean
AS 'MODULE_PATHNAME', 'news_vector_similar_op'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_distance(@extschema@.news_vector, @extschema@.news_vector)
RETURNS float8
AS 'MODULE_PATHNAME', 'news_vector_distance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.% (
	LEFTARG = @extschema@.news_vector,
	RIGHTARG = @extschema@.news_vector,
	FUNCTION = @extschema@.news_vector_similar_op,
	COMMUTATOR = OPERATOR(@extschema@.%),
	RESTRICT = pg_catalog.matchingsel,
	JOIN = pg_catalog.matchingjoinsel
);

CREATE OPERATOR @extschema@.<-> (
	LEFTARG = @extschema@.news_vector,
	RIGHTARG = @extschema@.news_vector,
	FUNCTION = @extschema@.news_vector_distance,
	COMMUTATOR = OPERATOR(@extschema@.<->)
);

CREATE FUNCTION @extschema@.news_keywords(@extschema@.news_vector, k integer)
RETURNS text[]
AS 'MODULE_PATHNAME', 'news_keywords'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_similarity_explain(@extschema@.news_vector, @extschema@.news_vector)
RETURNS TABLE(term text, weight_a float8, weight_b float8, contribution float8)
AS 'MODULE_PATHNAME', 'news_similarity_explain'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;

CREATE FUNCTION @extschema@.news_recency_decay(published_at timestamptz, reference timestamptz, half_life interval)
RETURNS float8
AS 'MODULE_PATHNAME', 'news_recency_decay'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_simhash(text)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_simhash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_simhash(@extschema@.news_vector)
RETURNS bigint
AS 'MODULE_PATHNAME', 'news_simhash_vector'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_hamming(bigint, bigint)
RETURNS integer
AS 'MODULE_PATHNAME', 'news_hamming'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.<#> (
	LEFTARG = bigint,
	RIGHTARG = bigint,
	FUNCTION = @extschema@.news_hamming,
	COMMUTATOR = OPERATOR(@extschema@.<#>)
);

-- end of similarity section



------------------------------------------------------------------------
-- Similarity index support (src/similarity, operator classes)
------------------------------------------------------------------------

-- GiST keys of news_vector (vector_index.h): per-term slots with rounded-up
-- weights at the leaves, bucket signatures of maximal weights above.  The
-- type exists only inside indexes.
CREATE TYPE @extschema@.news_vector_gist_key;

CREATE FUNCTION @extschema@.news_vector_gist_key_in(cstring)
RETURNS @extschema@.news_vector_gist_key
AS 'MODULE_PATHNAME', 'nv_gist_key_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_key_out(@extschema@.news_vector_gist_key)
RETURNS cstring
AS 'MODULE_PATHNAME', 'nv_gist_key_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.news_vector_gist_key (
	INTERNALLENGTH = -1,
	INPUT = @extschema@.news_vector_gist_key_in,
	OUTPUT = @extschema@.news_vector_gist_key_out,
	ALIGNMENT = int4,
	STORAGE = plain
);

CREATE FUNCTION @extschema@.news_vector_gist_consistent(internal, @extschema@.news_vector, smallint, oid, internal)
RETURNS bool
AS 'MODULE_PATHNAME', 'nv_gist_consistent'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_distance(internal, @extschema@.news_vector, smallint, oid, internal)
RETURNS float8
AS 'MODULE_PATHNAME', 'nv_gist_distance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_compress(internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'nv_gist_compress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_decompress(internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'nv_gist_decompress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_union(internal, internal)
RETURNS @extschema@.news_vector_gist_key
AS 'MODULE_PATHNAME', 'nv_gist_union'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_penalty(internal, internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'nv_gist_penalty'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_picksplit(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'nv_gist_picksplit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_same(@extschema@.news_vector_gist_key, @extschema@.news_vector_gist_key, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'nv_gist_same'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.news_vector_gist_options(internal)
RETURNS void
AS 'MODULE_PATHNAME', 'nv_gist_options'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OPERATOR CLASS @extschema@.news_vector_gist_ops
DEFAULT FOR TYPE @extschema@.news_vector USING gist AS
	OPERATOR 1 @extschema@.% (@extschema@.news_vector, @extschema@.news_vector),
	OPERATOR 2 @extschema@.<-> (@extschema@.news_vector, @extschema@.news_vector) FOR ORDER BY pg_catalog.float_ops,
	FUNCTION 1 @extschema@.news_vector_gist_consistent(internal, @extschema@.news_vector, smallint, oid, internal),
	FUNCTION 2 @extschema@.news_vector_gist_union(internal, internal),
	FUNCTION 3 @extschema@.news_vector_gist_compress(internal),
	FUNCTION 4 @extschema@.news_vector_gist_decompress(internal),
	FUNCTION 5 @extschema@.news_vector_gist_penalty(internal, internal, internal),
	FUNCTION 6 @extschema@.news_vector_gist_picksplit(internal, internal),
	FUNCTION 7 @extschema@.news_vector_gist_same(@extschema@.news_vector_gist_key, @extschema@.news_vector_gist_key, internal),
	FUNCTION 8 @extschema@.news_vector_gist_distance(internal, @extschema@.news_vector, smallint, oid, internal),
	FUNCTION 10 @extschema@.news_vector_gist_options(internal),
	STORAGE @extschema@.news_vector_gist_key;

-- end of similarity index section



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
