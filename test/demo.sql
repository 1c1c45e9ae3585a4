-- test/demo.sql: showcase queries of the demo (run by test/demo.sh against
-- the sample articles in table "articles").
SET TimeZone = 'Europe/Zurich';
\pset null '∅'

\echo
\echo '=== 1. German-aware tokenizer ==='
\echo '--- terms of a sentence: Swiss spelling, compounds, gender forms, abbreviations'
SELECT news_tokenize('Die Cyberkriminalität trifft Mitarbeiter*innen der Gemeinden, z.B. bei Cybercrime-Verhandlungen über Fr. 1''500.');
\echo '--- the built-in german configuration, for comparison'
SELECT to_tsvector('german', 'Die Cyberkriminalität trifft Mitarbeiter*innen der Gemeinden, z.B. bei Cybercrime-Verhandlungen über Fr. 1''500.');
\echo '--- why a text got its terms'
SELECT token, type, normalized, parts, terms
  FROM news_debug('Regierungschef bestätigt Massnahmen gegen Cyberkriminalität');
\echo '--- full-text search with a GIN index: a query for a compound part finds the compound'
CREATE INDEX articles_fts ON articles USING gin (to_tsvector('news_german', title || ' ' || body));
SELECT id, title,
       ts_headline('news_german', body, q, 'MaxFragments=1, MaxWords=14, MinWords=6') AS excerpt
  FROM articles, websearch_to_tsquery('news_german', 'Kriminalität') q
 WHERE to_tsvector('news_german', title || ' ' || body) @@ q
 ORDER BY id;

\echo
\echo '=== 2. Related articles ("Mehr zum Thema") ==='
\echo '--- corpus statistics (document frequencies) from our own articles'
SELECT news_analyze_corpus('articles'::regclass, 'body');
ALTER TABLE articles ADD COLUMN vec news_vector;
UPDATE articles SET vec = news_vector(title || ' ' || body);
CREATE INDEX articles_vec ON articles USING gist (vec);
\echo '--- keywords of article 1'
SELECT id, title, news_keywords(vec, 8) AS keywords FROM articles WHERE id = 1;
\echo '--- Mehr zum Thema for article 1, through the GiST index'
SET enable_seqscan = off;   -- 45 articles: make the planner show the index anyway
EXPLAIN (COSTS OFF)
SELECT a.id FROM articles a WHERE a.id <> 1
 ORDER BY a.vec <-> (SELECT vec FROM articles WHERE id = 1) LIMIT 5;
SELECT a.id, a.title, a.story,
       round((1 - (a.vec <-> (SELECT vec FROM articles WHERE id = 1)))::numeric, 3) AS similarity
  FROM articles a
 WHERE a.id <> 1
 ORDER BY a.vec <-> (SELECT vec FROM articles WHERE id = 1)
 LIMIT 5;
RESET enable_seqscan;
\echo '--- why 1 and 3 are related: the shared terms and their share of the score'
SELECT term, round(weight_a::numeric, 3) AS weight_a, round(weight_b::numeric, 3) AS weight_b,
       round(contribution::numeric, 3) AS contribution
  FROM news_similarity_explain((SELECT vec FROM articles WHERE id = 1),
                               (SELECT vec FROM articles WHERE id = 3))
 ORDER BY contribution DESC LIMIT 6;
\echo '--- blended with recency (half-life 30 days, seen from the query article)'
SELECT a.id, a.title, a.published_at::date,
       round((news_similarity(a.vec, q.vec)
              * (0.7 + 0.3 * news_recency_decay(a.published_at, q.published_at, '30 days')))::numeric, 3) AS score
  FROM articles a, (SELECT id, vec, published_at FROM articles WHERE id = 15) q
 WHERE a.id <> q.id
 ORDER BY score DESC
 LIMIT 5;
\echo '--- near-duplicate agency copy: SimHash and Hamming distance'
SELECT news_simhash(body) <#> news_simhash(replace(body, 'Gossau', 'Gossau SG')) AS edited_copy,
       news_simhash(body) <#> (SELECT news_simhash(body) FROM articles WHERE id = 40) AS unrelated
  FROM articles WHERE id = 1;

\echo
\echo '=== 3. Publication-date rollups (Europe/Zurich) ==='
\echo '--- one rollup over all articles: total, first, last, busiest month, articles per quarter'
SELECT news_rollup_total(r) AS articles, news_rollup_first(r) AS first, news_rollup_last(r) AS last,
       news_rollup_peak(r, 'month') AS busiest_month,
       news_rollup_sparkline(r, 'month') AS per_month
  FROM (SELECT news_rollup(published_at, 'Europe/Zurich') AS r FROM articles) s;
SELECT * FROM news_rollup_buckets((SELECT news_rollup(published_at, 'Europe/Zurich') FROM articles), 'quarter');
\echo '--- per section, stored, then merged into the total'
CREATE TABLE section_rollups AS
	SELECT section, news_rollup(published_at, 'Europe/Zurich') AS r FROM articles GROUP BY section;
SELECT section, news_rollup_total(r) AS articles, news_rollup_sparkline(r, 'quarter') AS per_quarter
  FROM section_rollups ORDER BY section;
SELECT news_rollup_total(news_rollup_merge(r)) AS merged_total FROM section_rollups;
\echo '--- a story over time: the ransomware case, articles per week'
SELECT bucket_start::date AS week, articles
  FROM news_rollup_buckets((SELECT news_rollup(published_at, 'Europe/Zurich') FROM articles
                             WHERE story = 'ransomware-softwarehaus'), 'week');
\echo '--- articles on the DST change days (23- and 25-hour days) count for their local day'
SELECT id, published_at, bucket_start, articles
  FROM articles,
       news_rollup_buckets((SELECT news_rollup(published_at, 'Europe/Zurich') FROM articles a2 WHERE a2.id = articles.id), 'day')
 WHERE id IN (4, 8);

\echo
\echo '=== 4. German dates from news pages ==='
SELECT s AS text, news_parse_date(s, '2025-03-10 12:00+01') AS parsed
  FROM unnest(ARRAY['7. Juli 2021, 11:53', 'publiziert am 3.2.2023', '3. Feb. 2023', '15. Jänner 2024',
                    'heute, 09:15', 'gestern', 'vor 2 Stunden', 'vor 3 Tagen',
                    '2024-10-27T02:30:00+01:00', '31.2.2023', 'kein Datum']) s;

\echo
\echo '=== 5. What is new: trending terms and stories ==='
\echo '--- trending terms of the busiest week against the whole archive'
WITH wk AS (SELECT date_trunc('week', published_at) AS w FROM articles
             GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)
SELECT (SELECT w::date FROM wk) AS week, term, round(score::numeric, 4) AS score, fg_docs, bg_docs
  FROM news_significant_terms(
       (SELECT news_term_stats(title || ' ' || body) FROM articles, wk
         WHERE date_trunc('week', published_at) = wk.w),
       (SELECT news_term_stats(title || ' ' || body) FROM articles), k => 8);
\echo '--- the stories the articles form in time order (stories of more than one article; gold label beside)'
SELECT story_no, count(*) AS articles, min(published_at)::date AS first, max(published_at)::date AS last,
       string_agg(DISTINCT coalesce(story, '(none)'), ', ') AS gold, left(min(title), 40) AS a_title
  FROM (SELECT *, news_story(vec, published_at, 0.1, '90 days')
                    OVER (ORDER BY published_at, id) AS story_no
          FROM articles) s
 GROUP BY story_no HAVING count(*) > 1 ORDER BY first;
