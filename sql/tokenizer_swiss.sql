--
-- tokenizer_swiss: Swiss and transliterated spellings give the terms of
-- the standard spelling; street names split into their real parts
-- (expected/tokenizer_swiss_1.out: libstemmer 3 (Snowball 3, Debian unstable)
-- reads ae/oe/ue as umlauts itself, so words the lexicon keeps stem differently)
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS news_analytics;
RESET client_min_messages;

-- Swiss street names: -strasse (not the rare "Trasse"), -gasse, -weg, -platz
SELECT news_tokenize('Bahnhofstrasse') AS strasse,
       news_tokenize('Bahnhofstrasse') = news_tokenize('Bahnhofstraße') AS same_as_sz;
SELECT w, (SELECT parts FROM news_debug(w)) AS parts
  FROM unnest(ARRAY['Bahnhofstrasse', 'Hauptstrasse', 'Landstrasse', 'Seestrasse',
                    'Marktgasse', 'Kirchweg', 'Fussweg', 'Bundesplatz']) w;
-- the head "weg" is the noun Weg, a term although "weg" alone is a stop word
SELECT news_tokenize('Kirchweg') AS weg, news_tokenize('weg') AS stop_word;
-- the s of "Verkehrsamt" is a linking element, not the start of "Samt"
SELECT news_tokenize('Strassenverkehrsamt') AS amt, news_tokenize('Arbeitsamt') AS arbeitsamt;

-- ae/oe/ue written for ä/ö/ü give the umlaut spelling's terms ...
SELECT w, news_tokenize(w) AS terms, news_tokenize(w) = news_tokenize(u) AS same
  FROM (VALUES ('Uebersicht', 'Übersicht'), ('Oeffnungszeiten', 'Öffnungszeiten'),
               ('Uebernahme', 'Übernahme'), ('Aerzte', 'Ärzte'), ('Zuerich', 'Zürich')) v(w, u);
-- ... only where the lexicon confirms the umlaut form
SELECT news_tokenize('Feuer Quelle aktuell Steuer Poesie Israel Michael Queue Bauer') AS kept;

-- accents are folded in terms: Café = Cafe, Crème = Creme
SELECT news_tokenize('Café') = news_tokenize('Cafe') AS cafe,
       news_tokenize('Crème brûlée') = news_tokenize('Creme brulee') AS creme,
       news_tokenize('Café');

-- and the text search configuration agrees
SELECT to_tsvector('news_german', 'Bahnhofstrasse Uebersicht Café') @@
       to_tsquery('news_german', 'Bahnhofstraße & Übersicht & Cafe') AS tsearch;

-- street names with a name the word list does not know in front of a short
-- head split (whole word + two parts), place names do not
SELECT w, array_length(news_tokenize(w), 1) AS terms
  FROM (VALUES ('Bröckerweg'), ('Strobelallee'), ('Hennigsdorf'),
               ('Grindelwald')) v(w);
