--
-- similarity_corpus: news_vector(text) on the sample articles, corpus
-- statistics (news_analyze_corpus), the per-backend statistics cache,
-- keywords/explain consistency and "Mehr zum Thema".
-- Terms depend on the tokenizer, so results are checked with conditions
-- that hold for any reasonable German tokenizer, not printed verbatim.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

-- before any analysis: the fallback weighting, no statistics rows
SELECT count(*) AS stats_rows FROM news_corpus_terms;
SELECT count(*) AS info_rows FROM news_corpus_info;
CREATE TEMP TABLE fallback AS
  SELECT id, news_vector(title || ' ' || body) AS v FROM articles;
SELECT bool_and(news_vector_nterms(v) > 10) AS all_have_terms FROM fallback;

-- texts without terms give empty vectors: similarity 0, never NaN
SELECT news_vector(text '')::text AS empty,
       news_vector(text ' ,.;!? -- ')::text AS punctuation,
       news_similarity(news_vector(text ''), news_vector(text '')) AS sim_empty,
       news_similarity(text '', text 'Der Bundesrat tagt') AS sim_text_empty;

-- refresh errors: missing relation, missing or non-text column, NULLs
\set VERBOSITY default
SELECT news_analyze_corpus('no_such_table', 'body');
SELECT news_analyze_corpus(0::oid::regclass, 'body');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT news_analyze_corpus('articles', 'no_such_column');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT news_analyze_corpus('articles', 'published_at');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT news_analyze_corpus('articles', 'ctid');
\set VERBOSITY terse
SELECT news_analyze_corpus(NULL, 'body') IS NULL AS null_relation,
       news_analyze_corpus('articles', NULL) IS NULL AS null_column;

-- refresh from the sample articles: one document per non-NULL row
SELECT news_analyze_corpus('articles', 'body') AS ndocs;
SELECT source, ndocs, nword > ndocs AS counted_words FROM news_corpus_info;
SELECT count(*) > 100 AS many_terms, min(df) >= 2 AS no_singletons,
       max(df) <= 45 AS df_at_most_ndocs
  FROM news_corpus_terms;
-- a view and NULL rows work too (NULLs are not documents)
CREATE TEMP VIEW some_bodies AS
  SELECT CASE WHEN id % 3 = 0 THEN NULL ELSE body END AS body FROM articles;
SELECT news_analyze_corpus('some_bodies', 'body') AS ndocs_view;

-- the cache follows the statistics: vectors change with them, and come
-- back to the fallback weights when the statistics are emptied
SELECT news_analyze_corpus('articles', 'body') AS ndocs;
CREATE TEMP TABLE analyzed AS
  SELECT id, news_vector(title || ' ' || body) AS v FROM articles;
SELECT count(*) AS changed_by_statistics
  FROM fallback f JOIN analyzed a USING (id) WHERE f.v::text <> a.v::text;
TRUNCATE news_corpus_terms, news_corpus_info;
SELECT count(*) AS differs_from_fallback
  FROM fallback f JOIN articles a USING (id)
 WHERE f.v::text <> news_vector(a.title || ' ' || a.body)::text;
SELECT news_analyze_corpus('articles', 'body') AS ndocs;
SELECT count(*) AS differs_from_analyzed
  FROM analyzed v JOIN articles a USING (id)
 WHERE v.v::text <> news_vector(a.title || ' ' || a.body)::text;

-- a parallel worker loads the statistics too (with the query's snapshot)
SELECT md5(string_agg(news_vector(title || ' ' || body)::text, ',' ORDER BY id)) AS serial_md5
  FROM articles \gset
-- (the setting that forces a worker is debug_parallel_query from
-- PostgreSQL 16 on, force_parallel_mode before)
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END
       AS parallel_setting \gset
SET :parallel_setting = on;
SELECT md5(string_agg(news_vector(title || ' ' || body)::text, ',' ORDER BY id)) = :'serial_md5'
       AS same_in_parallel_worker
  FROM articles;
RESET :parallel_setting;

-- vectors: similarity in [0, 1], 1 with itself, symmetric, no NaN
CREATE TEMP TABLE article_vectors AS
  SELECT a.id, a.story, a.published_at, v.v, news_simhash(v.v) AS fingerprint
    FROM articles a JOIN analyzed v USING (id);
SELECT bool_and(s >= 0 AND s <= 1) AS in_range, bool_and(s = s) AS no_nan,
       count(*) AS pairs
  FROM (SELECT news_similarity(a.v, b.v) AS s
          FROM article_vectors a, article_vectors b) t;
SELECT bool_and(news_similarity(v, v) = 1) AS self_is_one FROM article_vectors;
SELECT bool_and(news_similarity(a.v, b.v) = news_similarity(b.v, a.v)) AS symmetric,
       bool_and(abs((a.v <-> b.v) - (1 - news_similarity(a.v, b.v))) < 1e-12) AS distance
  FROM article_vectors a, article_vectors b;
-- % agrees with the threshold
SELECT count(*) FILTER (WHERE a.v % b.v) = count(*) FILTER (
         WHERE news_similarity(a.v, b.v) >= current_setting('news_analytics.similarity_threshold')::float8)
       AS op_matches_threshold
  FROM article_vectors a, article_vectors b;
-- the text convenience form equals building the vectors
SELECT bool_and(abs(news_similarity(a.title || ' ' || a.body, b.title || ' ' || b.body)
                    - news_similarity(va.v, vb.v)) < 1e-12) AS text_form
  FROM articles a JOIN article_vectors va USING (id),
       articles b JOIN article_vectors vb ON vb.id = b.id
 WHERE a.id < 6 AND b.id < 6;
-- the text output reads back as the same vector
SELECT bool_and(v::text::news_vector::text = v::text) AS round_trip FROM article_vectors;
-- pruning keeps at most vector_max_terms terms
SELECT max(news_vector_nterms(v)) <= current_setting('news_analytics.vector_max_terms')::int
       AS pruned
  FROM article_vectors;

-- keywords are the heaviest terms: the same as explain(v, v) ordered by
-- contribution (= weight^2) without the backoff terms ("olym*"); explain
-- sums to the similarity
SELECT bool_and(news_keywords(v, 5) =
                (SELECT array_agg(term ORDER BY contribution DESC, term)
                   FROM (SELECT * FROM news_similarity_explain(v, v)
                          WHERE term NOT LIKE '%*'
                          ORDER BY contribution DESC, term LIMIT 5) e)) AS keywords_consistent
  FROM article_vectors;
SELECT max(abs(coalesce((SELECT sum(contribution) FROM news_similarity_explain(a.v, b.v)), 0)
               - news_similarity(a.v, b.v))) < 1e-9 AS explain_sums
  FROM article_vectors a, article_vectors b;
SELECT bool_and(e.weight_a > 0 AND e.weight_b > 0 AND e.contribution > 0) AS positive
  FROM article_vectors a, article_vectors b, news_similarity_explain(a.v, b.v) e
 WHERE a.id = 1 AND b.id = 2;

-- "Mehr zum Thema": the two most similar articles of a story article are
-- mostly from the same story
WITH ranked AS (
	SELECT a.id, a.story, b.story AS other_story,
	       row_number() OVER (PARTITION BY a.id ORDER BY a.v <-> b.v, b.id) AS rank
	  FROM article_vectors a JOIN article_vectors b ON b.id <> a.id
	 WHERE a.story <> ''
)
SELECT avg((story = other_story)::int) FILTER (WHERE rank = 1) >= 0.85 AS top1_same_story,
       avg((story = other_story)::int) FILTER (WHERE rank <= 2) >= 0.8 AS top2_same_story
  FROM ranked;

-- cancellation: the tokenizing loops check for interrupts
SET statement_timeout = '200ms';
SELECT news_vector_nterms(news_vector(repeat('Verhandlungen über Cyberkriminalität. ', 3000000)));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT news_analyze_corpus('articles', 'body') FROM generate_series(1, 100000);
RESET statement_timeout;
-- the interrupted refresh left the statistics as they were
SELECT ndocs FROM news_corpus_info;

-- terms found in at most one analyzed article (or in none) are damped by
-- news_analytics.vector_singleton_weight: "zuckerback" is unknown to the
-- sample corpus, "kanton" is in many of its articles
CREATE TEMP TABLE singleton_w AS
SELECT w, news_similarity(v, '{zuckerback:1}') AS unknown_term,
          news_similarity(v, '{kanton:1}') AS known_term,
          news_keywords(v, 3) AS top3
  FROM (VALUES (1.0), (0.5), (0.0)) s(w),
       LATERAL (SELECT set_config('news_analytics.vector_singleton_weight', w::text, false)) c,
       LATERAL (SELECT news_vector(text 'Kantonsrat Zuckerbäcker Kantonsrat ' || c.set_config) v) x;
SELECT w, round((unknown_term / nullif(known_term, 0))::numeric, 3) AS ratio, top3
  FROM singleton_w ORDER BY w DESC;
-- halving the factor halves the ratio; 0 drops the term
SELECT round(((SELECT unknown_term / known_term FROM singleton_w WHERE w = 0.5) /
              (SELECT unknown_term / known_term FROM singleton_w WHERE w = 1.0))::numeric, 3)
       AS half;
RESET news_analytics.vector_singleton_weight;
