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

-- end of rollup section
