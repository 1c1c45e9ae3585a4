--
-- similarity_evidence: same-story evidence beside the words themselves.
-- news_vector() weighs up words the lexicon does not know (names, foreign
-- and new words) and adds the first four characters of longer words as
-- backoff terms ("olym*"); character trigrams and pairs of capitalised
-- words are optional extra terms.  Checked as ratios and directions, which
-- hold with or without corpus statistics, without printing stems.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;
-- the settings exist once the library is loaded
SELECT news_vector_nterms(news_vector(text 'Olympia')) > 0 AS loaded;
SHOW news_analytics.vector_unknown_weight;
SHOW news_analytics.vector_prefix_chars;
SHOW news_analytics.vector_prefix_weight;
SHOW news_analytics.vector_trigram_weight;
SHOW news_analytics.vector_phrase_weight;
SHOW news_analytics.vector_max_terms;
-- Unknown words: "Habeck" is not in the lexicon, "Gold" is; both start a
-- sentence (so no capital weight) and the lead weighting and prefixes are
-- off, so an occurrence of Habeck counts 1.5 instead of 1 and its
-- sublinear tf is 1 + ln 1.5 against 1.  The compound "Goldmedaille"
-- splits into known words and is not weighted up.
SET news_analytics.vector_lead_words = 0;
SET news_analytics.vector_prefix_chars = 0;
CREATE TEMP TABLE unk AS
SELECT w, news_similarity(v, news_vector(text 'Habeck')) AS name,
          news_similarity(v, news_vector(text 'Gold')) AS known,
          news_similarity(v, news_vector(text 'Goldmedaille')) AS compound
  FROM (VALUES (1.0), (1.5)) s(w),
       LATERAL (SELECT set_config('news_analytics.vector_unknown_weight', w::text, false)) c,
       LATERAL (SELECT news_vector(text 'Habeck spricht. Gold glänzt. Goldmedaille fehlt. ' || c.set_config) v) x;
SELECT round((u.name / u.known / (b.name / b.known))::numeric, 4) AS name_rel,
       round((1 + ln(1.5))::numeric, 4) AS expected,
       round((u.compound / u.known / (b.compound / b.known))::numeric, 4) AS compound_rel
  FROM unk u, unk b WHERE u.w = 1.5 AND b.w = 1.0;
RESET news_analytics.vector_lead_words;
RESET news_analytics.vector_prefix_chars;
RESET news_analytics.vector_unknown_weight;
-- Prefix backoff: "Olympia" and "olympische" share no word term but the
-- prefix term; with the backoff off they have nothing in common
SELECT news_similarity(news_vector(text 'Olympia'), news_vector(text 'olympische')) > 0
       AS related_by_prefix;
SET news_analytics.vector_prefix_chars = 0;
SELECT news_similarity(news_vector(text 'Olympia'), news_vector(text 'olympische')) = 0
       AS unrelated_without;
-- one extra term per word longer than four characters, none for short
-- words; news_keywords() skips backoff terms
SELECT news_vector_nterms(news_vector(text 'Olympia Tokio Rad')) AS words_only;
RESET news_analytics.vector_prefix_chars;
SELECT news_vector_nterms(news_vector(text 'Olympia Tokio Rad')) AS with_prefixes,
       cardinality(news_keywords(news_vector(text 'Olympia Tokio Rad'), 10)) AS keywords;
-- a longer prefix relates fewer words
SET news_analytics.vector_prefix_chars = 8;
SELECT news_similarity(news_vector(text 'Olympia'), news_vector(text 'olympische')) = 0
       AS too_long_to_share;
RESET news_analytics.vector_prefix_chars;
-- Trigrams (off by default): a misspelt name still matches
SET news_analytics.vector_prefix_chars = 0;
SELECT news_similarity(news_vector(text 'Schwarzenegger'), news_vector(text 'Schwarzeneger')) = 0
       AS no_trigrams;
SET news_analytics.vector_trigram_weight = 0.3;
SELECT news_similarity(news_vector(text 'Schwarzenegger'), news_vector(text 'Schwarzeneger')) > 0
       AS misspelling_matches,
       cardinality(news_keywords(news_vector(text 'Schwarzenegger'), 50)) AS keywords;
RESET news_analytics.vector_trigram_weight;
RESET news_analytics.vector_prefix_chars;
-- Pairs of capitalised words (off by default): "Olaf Scholz" inside a
-- sentence gives one extra term; the sentence start "Heute" pairs with
-- nothing, "sagte" is not capitalised
SELECT news_vector_nterms(news_vector(text 'Heute sagte Olaf Scholz nichts')) AS without_pairs;
SET news_analytics.vector_phrase_weight = 0.5;
SELECT news_vector_nterms(news_vector(text 'Heute sagte Olaf Scholz nichts')) AS with_pairs,
       news_similarity(news_vector(text 'Heute sagte Olaf Scholz nichts'),
                       news_vector(text 'Olaf Scholz')) >
       news_similarity(news_vector(text 'Heute sagte Olaf Scholz nichts'),
                       news_vector(text 'Scholz Olaf')) AS order_counts;
RESET news_analytics.vector_phrase_weight;
-- news_analyze_corpus() counts the documents of the extra terms too, so
-- that they get a corpus idf: "olym*" is in both documents here
CREATE TABLE evidence_docs (body text);
INSERT INTO evidence_docs VALUES ('Olympia in Tokio'), ('Die olympischen Spiele in Tokio');
SELECT news_analyze_corpus('evidence_docs', 'body', 'evidence_stats');
SELECT df FROM evidence_stats WHERE term = 'olym*';
DROP TABLE evidence_stats, evidence_docs;
-- settings out of range fail
SET news_analytics.vector_unknown_weight = 0.5;
SET news_analytics.vector_prefix_chars = 33;
SET news_analytics.vector_prefix_weight = 2;
SET news_analytics.vector_trigram_weight = -1;
SET news_analytics.vector_phrase_weight = 11;
