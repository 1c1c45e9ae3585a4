--
-- setup: create the extension and the sample articles used by later tests.
--
CREATE EXTENSION news_analytics;
SELECT extname, extversion, extrelocatable FROM pg_extension
 WHERE extname = 'news_analytics';

-- the module loads and the tokenizer answers
SELECT news_tokenize('Verhandlungen');
