--
-- tokenizer_tsearch: the news_german text search configuration
-- (expected/tokenizer_tsearch_1.out: libstemmer 3 (Snowball 3, Debian unstable) stems
-- some German words differently: ae/oe/ue read as umlauts, -et and
-- -erinnen removed)
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

SELECT * FROM ts_token_type('news_parser');

-- the dictionary on its own: a token's terms; a stop word gives {}
SELECT ts_lexize('news_german_dict', 'Regierungschef') AS compound,
       ts_lexize('news_german_dict', 'Mitarbeiter*innen') AS gender,
       ts_lexize('news_german_dict', 'der') AS stop_word,
       ts_lexize('news_german_dict', '1''500') AS number;

SELECT to_tsvector('news_german', 'Die Cyberkriminalität und der Regierungschef: Mitarbeiter*innen z.B. in St. Gallen am 3.2.2023.');
SELECT to_tsvector('german', 'Die Cyberkriminalität und der Regierungschef: Mitarbeiter*innen z.B. in St. Gallen am 3.2.2023.');

-- a query for a compound part finds the compound; the compound query
-- becomes "whole word OR all its parts"
SELECT websearch_to_tsquery('news_german', 'Hersteller') AS part_query,
       websearch_to_tsquery('news_german', 'Softwarehersteller') AS compound_query,
       websearch_to_tsquery('news_german', '"Software Hersteller" -Verhandlungen') AS phrase;
SELECT to_tsvector('news_german', 'Die Softwarehersteller klagen') @@
       websearch_to_tsquery('news_german', 'Hersteller') AS part_finds_compound,
       to_tsvector('german', 'Die Softwarehersteller klagen') @@
       websearch_to_tsquery('german', 'Hersteller') AS builtin_does_not;
SELECT to_tsvector('news_german', 'Die Software der Hersteller') @@
       websearch_to_tsquery('news_german', 'Softwarehersteller') AS parts_find_compound_query,
       to_tsvector('news_german', 'Die Hersteller') @@
       websearch_to_tsquery('news_german', 'Softwarehersteller') AS one_part_does_not;
SELECT to_tsvector('news_german', 'Ärzte und Maßnahmen') @@
       websearch_to_tsquery('news_german', 'Aerzte Massnahmen') AS spelling;
SELECT to_tsvector('news_german', 'Mitarbeiterinnen') @@
       websearch_to_tsquery('news_german', 'Mitarbeiter*innen') AS gender_fem,
       to_tsvector('news_german', 'Mitarbeiter') @@
       websearch_to_tsquery('news_german', 'Mitarbeiter*innen') AS gender_masc;

-- ts_headline gets the whole text back, with the matches marked
SELECT ts_headline('news_german',
    'Die grossen Softwarehersteller klagen über „Cybercrime-Verhandlungen“, z.B. in Bern – am 3.2.2023.',
    websearch_to_tsquery('news_german', 'Hersteller Verhandlung'));
SELECT ts_headline('news_german', 'Die Ärzte fordern Massnahmen.',
    websearch_to_tsquery('news_german', 'Aerzte'), 'StartSel=[, StopSel=]');
SELECT ts_headline('news_german', repeat('Wort ', 100) || 'Regierungschef sagt ' || repeat('Wort ', 100),
    to_tsquery('news_german', 'chef'), 'MaxWords=8, MinWords=3');

-- ranking works as usual
SELECT round(ts_rank(to_tsvector('news_german', 'Softwarehersteller melden Gewinne'),
                     websearch_to_tsquery('news_german', 'Hersteller'))::numeric, 4) > 0 AS ranked;

-- the issue's example
SELECT to_tsvector('news_german', 'Cyberkriminalität nimmt zu') @@
       websearch_to_tsquery('news_german', 'Kriminalität') AS part_finds_compound,
       to_tsvector('german', 'Cyberkriminalität nimmt zu') @@
       websearch_to_tsquery('german', 'Kriminalität') AS builtin_does_not;

-- a GIN index on to_tsvector('news_german', body) is used
CREATE TABLE tokenizer_docs (id int PRIMARY KEY, body text);
INSERT INTO tokenizer_docs VALUES
  (1, 'Softwarehersteller melden in der Schweiz mehr Cyberangriffe.'),
  (2, 'Der Regierungschef trifft die Mitarbeiter*innen.'),
  (3, 'Die Verhandlungsrunde endete ohne Ergebnis.'),
  (4, 'Ärzte fordern mehr Massnahmen gegen die Grippe.'),
  (5, 'Das Wetter in St. Gallen am 7. Juli 2021.'),
  (6, 'Die Cyberkriminalität nimmt zu.');
CREATE INDEX tokenizer_docs_fts ON tokenizer_docs USING gin (to_tsvector('news_german', body));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', 'Hersteller');
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', 'Hersteller');
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', 'Kriminalität');
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', 'Runde');
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', 'Mitarbeiterinnen');
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', 'Aerzte Maßnahmen');
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ phraseto_tsquery('news_german', '7. Juli 2021');
-- websearch_to_tsquery cuts its input at spaces; a quoted phrase stays whole
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', '"7. Juli 2021"');
SELECT id FROM tokenizer_docs
 WHERE to_tsvector('news_german', body) @@ websearch_to_tsquery('news_german', 'St. Gallen');
RESET enable_seqscan;
DROP TABLE tokenizer_docs;

-- the sample articles: every article gets terms, none of them junk-long
SELECT count(*) AS articles,
       count(*) FILTER (WHERE length(to_tsvector('news_german', body)) > 0) AS with_terms
  FROM (SELECT body FROM articles LIMIT 50) a;
