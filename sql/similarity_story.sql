--
-- similarity_story: news_vector() weighs up words capitalised inside a
-- sentence (nouns, names) and the words of the title and lead.  Checked
-- as directions (a weight grows or shrinks when its setting changes),
-- which hold with or without corpus statistics.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;
-- the character trigrams of short texts (off by default, whatever the
-- server sets) are shared between different words ("  h" of Hafen and
-- heute) and would blur these ratios
SET news_analytics.vector_trigram_weight = 0;
-- "Hafen" is capitalised inside the sentence, "ruhig" is not; "Heute"
-- starts it and counts as a plain word
CREATE TEMP TABLE cap AS
SELECT w, news_similarity(v, news_vector(text 'Hafen')) AS noun,
          news_similarity(v, news_vector(text 'ruhig')) AS adjective,
          news_similarity(v, news_vector(text 'heute')) AS sentence_start
  FROM (VALUES (1.0), (1.3), (3.0)) s(w),
       LATERAL (SELECT set_config('news_analytics.vector_capital_weight', w::text, false)) c,
       LATERAL (SELECT news_vector(text 'Heute bleibt der Hafen ruhig ' || c.set_config) v) x;
-- against the weight 1 (the terms' own weights differ: idf, length)
SELECT c.w,
       round((c.noun / c.adjective / (b.noun / b.adjective))::numeric, 2) > 1 AS noun_up,
       round((c.sentence_start / c.adjective / (b.sentence_start / b.adjective))::numeric, 6)
         AS sentence_start_rel
  FROM cap c, cap b WHERE b.w = 1.0 ORDER BY c.w;
SELECT (SELECT noun / adjective FROM cap WHERE w = 3.0) >
       (SELECT noun / adjective FROM cap WHERE w = 1.3) AS grows_with_weight;
RESET news_analytics.vector_capital_weight;
-- the lead: the same word early in a long text weighs more than late
CREATE TEMP TABLE lead AS
SELECT n, news_similarity(v, news_vector(text 'Hafen')) AS early,
          news_similarity(v, news_vector(text 'Zoll')) AS late
  FROM (VALUES (0), (5), (80)) s(n),
       LATERAL (SELECT set_config('news_analytics.vector_lead_words', n::text, false)) c,
       LATERAL (SELECT news_vector(text 'Der Hafen ' || repeat('und so weiter ', 30) || 'der Zoll ' || c.set_config) v) x;
-- against no lead weighting: "Hafen" (word 2) gains, "Zoll" (word 94)
-- stays outside both the 5- and the 80-word lead
SELECT l.n, round((l.early / l.late / (b.early / b.late))::numeric, 2) > 1 AS early_up
  FROM lead l, lead b WHERE b.n = 0 ORDER BY l.n;
RESET news_analytics.vector_lead_words;
-- settings out of range fail
SET news_analytics.vector_lead_weight = 0.5;
SET news_analytics.vector_capital_weight = 11;
SET news_analytics.vector_lead_words = -1;
