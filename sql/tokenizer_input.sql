--
-- tokenizer_input: bad, odd and huge input; configuration errors
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

SELECT news_tokenize(NULL) IS NULL AS null_in_null_out;
SELECT news_tokenize('') AS empty, news_tokenize('   ') AS blank,
       news_tokenize('.,;:!?()[]{}') AS punct;
SELECT count(*) FROM news_debug(NULL);
SELECT count(*) FROM news_debug('');

-- odd code points: emoji, private use, replacement char, combining marks
-- without base, noncharacters, CJK, RTL marks, variation selectors
SELECT news_tokenize(E'\U0001F600\U0001F1E8\U0001F1ED \uE000 \uFFFD \u0301\u0308 \uFDD0 \u200E\u200F Text\uFE0F 日本語 עברית العربية');
SELECT news_tokenize(E'\u0001\u0002\u007F Steuer\u0009Recht\u000BFall');
-- very long "words" give no junk term
SELECT news_tokenize(repeat('a', 5000)) AS long_word,
       news_tokenize(repeat('ab-', 2000)) AS long_hword,
       cardinality(news_tokenize(repeat('x.', 3000) || ' Ende')) AS dotted;

-- a few MB work and give the expected number of terms
SELECT cardinality(news_tokenize(repeat('Die Regierungschefs verhandeln über Cyberkriminalität. ', 100000)));

-- cancellation: statement_timeout interrupts a huge text
CREATE TEMP TABLE tokenizer_big AS
  SELECT repeat('Die Regierung verhandelt mit der Gewerkschaft über Massnahmen. ', 800000) AS body;
SELECT octet_length(body) > 50000000 AS over_50mb FROM tokenizer_big;
SET statement_timeout = '200ms';
SELECT cardinality(news_tokenize(body)) FROM tokenizer_big;
SELECT length(to_tsvector('news_german', body)) FROM tokenizer_big;
RESET statement_timeout;
DROP TABLE tokenizer_big;

-- the lexicon GUC: bad names and missing files rejected, naming the package
SET news_analytics.compound_lexicon = 'De CH';
SET news_analytics.compound_lexicon = '';
-- a name without installed files is refused when set; ALTER DATABASE/ROLE
-- SET only warns (the files may be installed before the setting is used)
SET news_analytics.compound_lexicon = 'no_such_lexicon';
SHOW news_analytics.compound_lexicon;
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET news_analytics.compound_lexicon = %L',
                   current_database(), 'no_such_lexicon');
    EXECUTE format('ALTER DATABASE %I RESET news_analytics.compound_lexicon',
                   current_database());
END
$$;
RESET news_analytics.compound_lexicon;
SELECT news_tokenize('Regierungschef');
-- the other Debian word list works too
SET news_analytics.compound_lexicon = 'de_ch';
SELECT news_tokenize('Regierungschef Maßnahmen');
RESET news_analytics.compound_lexicon;
-- a typo in a GUC of ours is reported
SET news_analytics.compound_lexikon = 'de_de';

-- invalid configuration names
SELECT to_tsvector('news_germa', 'Text');
-- the dictionary takes no options
CREATE TEXT SEARCH DICTIONARY tokenizer_bad_dict (TEMPLATE = news_template, Lexicon = 'de_de');

-- lexicon load time and memory are reported
SELECT lexicon, load_ms > 0 AS loaded, memory_bytes > 1000000 AS has_memory,
       memory_bytes < 50 * 1024 * 1024 AS under_50mb
  FROM news_lexicon_info();
