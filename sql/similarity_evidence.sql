--
-- similarity_evidence: same-story evidence beside the words themselves.
-- news_vector() weighs up words the lexicon does not know (names, foreign
-- and new words) and adds the first four characters of longer words as
-- backoff terms ("olym*"); character trigrams for short texts (at a share
-- that fades with their length), pairs of capitalised words and numbers
-- with their unit are optional extra terms, off by default.  Checked as
-- ratios and directions, which hold with or without corpus statistics,
-- without printing stems.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;
-- the settings exist once the library is loaded
SELECT news_vector_nterms(news_vector(text 'Olympia')) > 0 AS loaded;
SHOW news_analytics.vector_unknown_weight;
SHOW news_analytics.vector_prefix_chars;
SHOW news_analytics.vector_prefix_weight;
SHOW news_analytics.vector_trigram_weight;
SHOW news_analytics.vector_short_words;
SHOW news_analytics.vector_short_unknown_weight;
SHOW news_analytics.vector_phrase_weight;
SHOW news_analytics.vector_number_weight;
SHOW news_analytics.vector_max_terms;
-- Unknown words: "Habeck" is not in the lexicon, "Gold" is; both start a
-- sentence (so no capital weight) and the lead weighting and prefixes are
-- off, so an occurrence of Habeck counts 1.5 instead of 1 and its
-- sublinear tf is 1 + ln 1.5 against 1.  The compound "Goldmedaille"
-- splits into known words and is not weighted up.  Trigrams are off here
-- (they are shared between the words and would blur the ratios).
SET news_analytics.vector_lead_words = 0;
SET news_analytics.vector_prefix_chars = 0;
SET news_analytics.vector_trigram_weight = 0;
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
-- In a short text an unknown word can count more
-- (vector_short_unknown_weight), fading to vector_unknown_weight (1.2) at
-- vector_short_words (12) words: "Habeck spricht. Gold glänzt." has four
-- words, so Habeck counts 1.2 + (2 - 1.2) * (1 - 4/12)
RESET news_analytics.vector_unknown_weight;
CREATE TEMP TABLE unk_short AS
SELECT w, news_similarity(v, news_vector(text 'Habeck')) AS name,
          news_similarity(v, news_vector(text 'Gold')) AS known
  FROM (VALUES (0), (2)) s(w),
       LATERAL (SELECT set_config('news_analytics.vector_short_unknown_weight', w::text, false)) c,
       LATERAL (SELECT news_vector(text 'Habeck spricht. Gold glänzt. ' || c.set_config) v) x;
SELECT round((u.name / u.known / (b.name / b.known))::numeric, 4) AS short_name_rel,
       round(((1 + ln(1.2 + 0.8 * (1 - 4 / 12.0))) / (1 + ln(1.2)))::numeric, 4) AS expected
  FROM unk_short u, unk_short b WHERE u.w = 2 AND b.w = 0;
RESET news_analytics.vector_short_unknown_weight;
RESET news_analytics.vector_lead_words;
RESET news_analytics.vector_prefix_chars;
-- Prefix backoff: "Olympia" and "olympische" share no word term but the
-- prefix term; with the backoff (and the trigrams) off they have nothing
-- in common
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
SET news_analytics.vector_trigram_weight = 0.5;
-- Trigrams of short texts (vector_trigram_weight, off by default): a
-- misspelt name matches (not without them);
-- news_keywords() skips the trigram terms
SET news_analytics.vector_prefix_chars = 0;
SELECT news_similarity(news_vector(text 'Schwarzenegger'), news_vector(text 'Schwarzeneger')) > 0
       AS misspelling_matches,
       cardinality(news_keywords(news_vector(text 'Schwarzenegger'), 50)) AS keywords;
SET news_analytics.vector_trigram_weight = 0;
SELECT news_similarity(news_vector(text 'Schwarzenegger'), news_vector(text 'Schwarzeneger')) = 0
       AS no_trigrams;
SET news_analytics.vector_trigram_weight = 0.5;
-- their share fades with the length of the text: the same misspelt name
-- in front of more words relates less, relative to its own word
CREATE TEMP TABLE fade AS
SELECT n, news_similarity(v, news_vector(text 'Schwarzeneger')) /
          news_similarity(v, news_vector(text 'Schwarzenegger')) AS share
  FROM (VALUES (0), (4), (8)) s(n),
       LATERAL (SELECT news_vector('Schwarzenegger ' || repeat('Tokio ', n)) v) x;
SELECT (SELECT share FROM fade WHERE n = 0) > (SELECT share FROM fade WHERE n = 4) AND
       (SELECT share FROM fade WHERE n = 4) > (SELECT share FROM fade WHERE n = 8)
       AS fades_with_length;
-- from vector_short_words (12) words on a text has no trigram terms: the
-- same number of terms as with trigrams off; with vector_short_words 0
-- every text gets them
SELECT news_vector_nterms(news_vector(text 'eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn'))
       AS long_text;
SET news_analytics.vector_trigram_weight = 0;
SELECT news_vector_nterms(news_vector(text 'eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn'))
       AS long_text_without;
SET news_analytics.vector_trigram_weight = 0.5;
SET news_analytics.vector_short_words = 0;
SELECT news_vector_nterms(news_vector(text 'eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn')) > 13
       AS trigrams_without_fading;
RESET news_analytics.vector_short_words;
RESET news_analytics.vector_prefix_chars;
-- the remaining checks count terms: trigrams off
SET news_analytics.vector_trigram_weight = 0;
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
-- Numbers with their unit (off by default): a number directly followed by
-- a word gives one extra term; a number at the end gives none
SET news_analytics.vector_prefix_chars = 0;
SELECT news_vector_nterms(news_vector(text 'Sie zählten 75 Aktive')) AS without_numbers;
SET news_analytics.vector_number_weight = 0.5;
SELECT news_vector_nterms(news_vector(text 'Sie zählten 75 Aktive')) AS with_numbers,
       news_vector_nterms(news_vector(text 'Aktive zählten 75')) AS number_last,
       news_similarity(news_vector(text '75 Aktive'), news_vector(text 'Aktive: 75')) <
       news_similarity(news_vector(text '75 Aktive'), news_vector(text '75 Aktive')) AS unit_counts;
RESET news_analytics.vector_number_weight;
RESET news_analytics.vector_prefix_chars;
RESET news_analytics.vector_trigram_weight;
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
SET news_analytics.vector_short_words = -1;
SET news_analytics.vector_short_unknown_weight = 11;
SET news_analytics.vector_phrase_weight = 11;
SET news_analytics.vector_number_weight = -1;
