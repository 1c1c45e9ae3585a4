--
-- tokenizer_basic: news_tokenize() behaviour (issue #3, "Behaviour")
-- (expected/tokenizer_basic_1.out: libstemmer 3 (Snowball 3, Debian unstable) stems
-- some German words differently: ae/oe/ue read as umlauts, -et and
-- -erinnen removed)
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

-- words are normalized, stemmed, stop words removed, in text order
SELECT news_tokenize('Die Verhandlungen der Regierung mit der Gewerkschaft');

-- Unicode: case folding of all letters, NFC (decomposed = composed umlauts)
SELECT news_tokenize('ÄRZTE Ärzte ärzte') AS folded,
       news_tokenize(E'A\u0308rzte') = news_tokenize('Ärzte') AS nfc_equal,
       news_tokenize('ÉCLAIR Éclair') AS accents;
SELECT news_tokenize('МОСКВА Москва ΑΘΗΝΑ') AS other_scripts;
-- soft hyphens and zero-width characters are ignored
SELECT news_tokenize(E'Ver\u00ADhand\u200Blungen\u2060') = news_tokenize('Verhandlungen') AS invisible;
-- typographic quotes, apostrophes, dashes are punctuation; NBSP is a space
SELECT news_tokenize(E'„Zitat“ ‚Wort‘ «Titel» – Ende — Peter’s 20\u00A0Franken 5\u202FKilo');

-- German/Swiss spelling: ß = ss, ae/oe/ue = ä/ö/ü where meant
SELECT news_tokenize('Maßnahmen') = news_tokenize('Massnahmen') AS ss,
       news_tokenize('Straße') = news_tokenize('Strasse') AS ss2;
SELECT news_tokenize('Aerzte') = news_tokenize('Ärzte') AS ae,
       news_tokenize('Oel') = news_tokenize('Öl') AS oe,
       news_tokenize('Muenchen') = news_tokenize('München') AS ue;
SELECT news_tokenize('Israel Michael neue Queue Bauer Poet') AS not_umlauts;

-- compounds: whole word then parts; linking elements removed
SELECT news_tokenize('Regierungschef');
SELECT news_tokenize('Cyberkriminalität');
-- "Cyber" is a compound start in hunspell-de-de's list (the default);
-- hunspell-de-ch's only knows "Cyberspace", but an unknown modifier before a
-- known head of 5+ letters is split with either list (so is "Velo")
SET news_analytics.compound_lexicon = 'de_ch';
SELECT news_tokenize('Cyberkriminalität Velofahrer');
RESET news_analytics.compound_lexicon;
SELECT news_tokenize('Velofahrer');
SELECT news_tokenize('Verhandlungsrunde');
SELECT news_tokenize('Softwarehersteller Beschaffungsrecht');
-- not compounds
SELECT news_tokenize('Verhandlungen Regierung Gewerkschaft Unternehmen Beispiel');
-- CamelCase brand names are not split
SELECT news_tokenize('LinkedIn YouTube WhatsApp');
-- hyphenated compounds: whole and parts
SELECT news_tokenize('Cybercrime-Verhandlungen');
SELECT news_tokenize('Anti-Fake-News-Initiative');
SELECT news_tokenize('E-Government COVID-19 20er-Jahre');
-- a segment of digits only: no joined junk term, the segments' terms only
SELECT news_tokenize('31-Jährige 3-Zimmer-Wohnung 2:0-Sieg');

-- gender forms: same terms as "Mitarbeiter" and "Mitarbeiterinnen"
-- (as sets: the gender form is one word, the comparison text two)
CREATE FUNCTION pg_temp.term_set(text) RETURNS text[]
LANGUAGE sql AS $$ SELECT array_agg(DISTINCT t ORDER BY t) FROM unnest(news_tokenize($1)) t $$;
SELECT pg_temp.term_set('Mitarbeiter Mitarbeiterinnen');
SELECT f, pg_temp.term_set(f) = pg_temp.term_set('Mitarbeiter Mitarbeiterinnen') AS same
  FROM unnest(ARRAY['Mitarbeiter*innen', 'Mitarbeiter:innen', 'Mitarbeiter_innen',
                    'MitarbeiterInnen', 'Mitarbeiter/-innen', 'Mitarbeiter/innen']) f;
SELECT news_tokenize('Bürger*innen Kolleg:innen') AS plural_forms;
SELECT pg_temp.term_set('Lehrer*in') = pg_temp.term_set('Lehrer Lehrerin') AS singular,
       news_tokenize('LinkedIn') AS not_gender;

-- abbreviations: one token; function abbreviations dropped
SELECT news_tokenize('z.B. u.a. d.h. bzw. usw. vgl. ca. Dr. Prof. Nr. 5 St. Gallen U.S.A.');
-- numbers with Swiss and German separators
SELECT news_tokenize('1''500 1’500 1.500 1.500.000 3,5 1.50 1''500.50');
-- groups with narrow no-break, no-break and thin spaces; a normal space separates
SELECT news_tokenize(E'1\u202F500 20\u00A0000 3\u2009000 12 345');
-- currency
SELECT news_tokenize('Fr. 1.50 CHF 20 EUR 3,5 Mio.');
-- dates and times
SELECT news_tokenize('am 3.2.2023, 03.02.23 und 7. Juli 2021 um 11:53 und 9:05 Uhr');
SELECT news_tokenize('Ab 20.15 Uhr kostet es 20.15 Franken');
-- URLs, e-mail, hosts, mentions, hashtags
SELECT news_tokenize('https://www.nzz.ch/schweiz/artikel-1.123?x=1. Mail an Info@NZZ.ch, siehe www.inside-it.ch und inside-it.ch/news');
SELECT news_tokenize('@SRFnews #Klimastreik #1 Ende.Das');
-- numbers and letters
SELECT news_tokenize('5G B2B H2O 100km 31jährige');
-- single digits are dropped like single letters
SELECT news_tokenize('Plan 1, Kapitel 2, Seite 12');

-- stop words: PostgreSQL's german.stop; acronyms kept
SELECT news_tokenize('der die das und oder aber daß dass für über');
SELECT news_tokenize('USA EU AWS uns UNO ETH');
-- one-letter words and clitics give no term
SELECT news_tokenize('a b c x y z geht''s gibt’s O’Neill');
