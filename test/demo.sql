-- test/demo.sql: showcase queries of the demo (run by test/demo.sh against
-- the sample articles in table "articles").
SET TimeZone = 'Europe/Zurich';

\echo '=== 1. German-aware tokenizer ==='
SELECT news_tokenize('Die Cyberkriminalität trifft Mitarbeiter*innen der Gemeinden');
