--
-- similarity_news: news-aware ranking -- recency decay, SimHash
-- near-duplicate detection and the "Mehr zum Thema" recipe of the README.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

-- recency decay: 0.5 ^ (age / half-life), 1 for articles from the future
SELECT news_recency_decay('2024-03-01 12:00+01', '2024-03-01 12:00+01', '1 day') AS same_time,
       news_recency_decay('2024-03-01 12:00+01', '2024-03-02 12:00+01', '1 day') AS one_half_life,
       news_recency_decay('2024-03-01 12:00+01', '2024-03-03 12:00+01', '1 day') AS two_half_lives,
       news_recency_decay('2024-03-01 12:00+01', '2024-03-01 18:00+01', '12 hours') AS half_of_half_life,
       news_recency_decay('2024-03-05', '2024-03-01', '1 day') AS future,
       news_recency_decay('2024-01-01', '2024-01-31', '1 mon') AS month_is_30_days;
SELECT news_recency_decay('-infinity', '2024-01-01', '1 day') AS infinitely_old,
       news_recency_decay('infinity', '2024-01-01', '1 day') AS infinitely_new,
       news_recency_decay('2024-01-01', '2024-01-01', NULL) IS NULL AS null_half_life;
SELECT news_recency_decay('2024-01-01', '2024-01-02', '0 seconds');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT news_recency_decay('2024-01-01', '2024-01-02', '-1 day');
SELECT news_recency_decay('infinity', 'infinity', '1 day');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Hamming distance and its operator
SELECT news_hamming(0, 0) AS zero, news_hamming(0, -1) AS all_bits,
       news_hamming(5, 6) AS two, (0::bigint <#> 255::bigint) AS op,
       news_hamming(NULL, 1) IS NULL AS null_in;
-- the operator does not clash with a built-in one on bigint
SELECT count(*) AS operators_named_hamming
  FROM pg_operator WHERE oprname = '<#>' AND oprleft = 'bigint'::regtype;

-- SimHash: an agency copy with a byline and an added word is a near
-- duplicate; different texts are far apart.  Texts of agency length: the
-- articles of each story joined.
SELECT news_simhash(text '') AS empty_text, news_simhash('{}'::news_vector) AS empty_vector;
CREATE TEMP TABLE copies AS
  SELECT story, original,
         'Zürich (sda) - ' || regexp_replace(original, ' (\w+)\. ', ' \1 am Montag. ') AS copy
    FROM (SELECT story, string_agg(title || '. ' || body, ' ' ORDER BY id) AS original
            FROM articles GROUP BY story) s;
SELECT count(*) >= 5 AS enough,
       avg(news_simhash(original) <#> news_simhash(copy)) <= 3 AS text_near_avg,
       max(news_simhash(original) <#> news_simhash(copy)) <= 6 AS text_near,
       avg(news_simhash(news_vector(original)) <#> news_simhash(news_vector(copy))) <= 3 AS vector_near_avg,
       max(news_simhash(news_vector(original)) <#> news_simhash(news_vector(copy))) <= 10 AS vector_near
  FROM copies;
SELECT avg(news_simhash(a.original) <#> news_simhash(b.original)) >= 20 AS text_far,
       min(news_simhash(news_vector(a.original)) <#> news_simhash(news_vector(b.original))) >= 20 AS vector_far
  FROM copies a JOIN copies b ON a.story < b.story;

-- "Mehr zum Thema" recipe: similarity blended with recency, near
-- duplicates of the article and of better-ranked results dropped
SELECT news_analyze_corpus('articles', 'body') AS ndocs;
CREATE TEMP TABLE related_articles AS
  SELECT id, story, published_at, title,
         news_vector(title || ' ' || body) AS v,
         news_simhash(news_vector(title || ' ' || body)) AS fingerprint
    FROM articles;
-- an agency copy of article 1 that another site ran
INSERT INTO related_articles
  SELECT 1001, story, published_at + interval '1 hour', title, news_vector(t), news_simhash(news_vector(t))
    FROM (SELECT story, published_at, title,
                 title || ' ' || 'St. Gallen (sda) - ' || body AS t
            FROM articles WHERE id = 1) s;
SELECT news_similarity(a.v, b.v) > 0.9 AS copy_is_similar,
       a.fingerprint <#> b.fingerprint <= 6 AS copy_is_near_duplicate
  FROM related_articles a, related_articles b WHERE a.id = 1 AND b.id = 1001;
-- without the recipe the copy would be the top result of article 1
SELECT b.id = 1001 AS copy_on_top
  FROM related_articles a JOIN related_articles b ON b.id <> a.id
 WHERE a.id = 1 ORDER BY a.v <-> b.v LIMIT 1;
-- with it: no copy, the same story first
WITH me AS (SELECT * FROM related_articles WHERE id = 1),
candidates AS (
	SELECT r.id, r.story, r.fingerprint,
	       news_similarity(me.v, r.v)
	       * (0.7 + 0.3 * news_recency_decay(r.published_at, me.published_at, '14 days')) AS score
	  FROM related_articles r, me
	 WHERE r.id <> me.id
	   AND r.fingerprint <#> me.fingerprint > 6
	 ORDER BY score DESC LIMIT 20
),
ranked AS (
	SELECT *, row_number() OVER (ORDER BY score DESC, id) AS rank FROM candidates
)
SELECT rank, id <> 1001 AS not_the_copy, story = 'ransomware-softwarehaus' AS same_story
  FROM ranked c
 WHERE NOT EXISTS (SELECT 1 FROM ranked better
                    WHERE better.rank < c.rank AND better.fingerprint <#> c.fingerprint <= 6)
 ORDER BY rank LIMIT 3;
