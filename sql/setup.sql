--
-- setup: create the extension and the sample articles used by later tests.
--
CREATE EXTENSION news_analytics;
SELECT extname, extversion, extrelocatable FROM pg_extension
 WHERE extname = 'news_analytics';

-- the sample corpus written for this project (test/data/sample_articles.csv);
-- pg_regress runs psql from the project root, so the relative path works.
CREATE TABLE articles (
	id           int PRIMARY KEY,
	published_at timestamptz NOT NULL,
	section      text NOT NULL,
	story        text,
	title        text NOT NULL,
	body         text NOT NULL
);
\copy articles FROM 'test/data/sample_articles.csv' (FORMAT csv, HEADER true)
SELECT count(*) >= 40 AS enough_articles,
       count(DISTINCT story) >= 4 AS enough_stories,
       max(published_at) - min(published_at) > interval '300 days' AS spread
  FROM articles;

-- the module loads and the tokenizer answers
SELECT news_tokenize('Verhandlungen');
