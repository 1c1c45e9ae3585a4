--
-- tokenizer_debug: news_debug() shows why a text got its terms
-- (expected/tokenizer_debug_1.out: libstemmer 3 (Snowball 3, Debian unstable) stems
-- some German words differently: ae/oe/ue read as umlauts, -et and
-- -erinnen removed)
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

SELECT * FROM news_debug('Die Regierungschefs, z.B. Mitarbeiter*innen von inside-it.ch, zahlten Fr. 1''500.');
SELECT token, type, normalized, parts, terms
  FROM news_debug('Cybercrime-Verhandlungen Aerzte 7. Juli 2021 11:53 #Klimastreik der')
 WHERE type <> 'blank';
-- the terms of news_debug are those of news_tokenize
SELECT array_agg(t ORDER BY ord) = news_tokenize(txt) AS same
  FROM (SELECT 'Der Softwarehersteller und die Verhandlungsrunde in St. Gallen' AS txt) s,
       LATERAL (SELECT t, row_number() OVER () AS ord
                  FROM news_debug(s.txt) d, unnest(d.terms) t) x
 GROUP BY txt;
