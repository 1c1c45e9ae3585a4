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
SELECT a.id, a.title, a.story, round(news_similarity(a.vec, q.vec)::numeric, 3) AS similarity
  FROM articles a, (SELECT id, vec FROM articles WHERE id = 1) q
 WHERE a.id <> q.id
 ORDER BY a.vec <-> q.vec
 LIMIT 5;
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
