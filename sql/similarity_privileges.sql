--
-- similarity_privileges: who may use corpus statistics, statistics tables
-- (news_analyze_corpus into a table, to_news_vector(statistics, text)) and
-- the to_news_vector constructors.
--
-- Statistics tell which terms occur how often in what they were computed
-- from.  They are used only by roles that may read that column, or to
-- which their owner granted SELECT on them; anyone else gets an error,
-- never weights derived from them.
--
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_news_nopriv;
DROP ROLE IF EXISTS regress_news_analyst;
RESET client_min_messages;
CREATE ROLE regress_news_nopriv;
CREATE ROLE regress_news_analyst;
GRANT USAGE ON SCHEMA public TO regress_news_nopriv, regress_news_analyst;
GRANT CREATE ON SCHEMA public TO regress_news_analyst;

-- volatility: explicit statistics IMMUTABLE (like to_tsvector(regconfig,
-- text)), default statistics STABLE
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict,
       p.proparallel
  FROM pg_proc p
 WHERE p.proname IN ('to_news_vector', 'news_vector', 'news_analyze_corpus')
   AND p.prorettype <> 'cstring'::regtype AND p.pronargs > 0
   AND p.proargtypes[0] <> 'cstring'::regtype
 ORDER BY 1::text;

-- the untyped literal: to_news_vector('...') is the text form ...
SELECT to_news_vector('Cyberangriff auf Talwerk')::text
     = news_vector(text 'Cyberangriff auf Talwerk')::text AS untyped_is_text,
       news_vector_nterms(to_news_vector('Cyberangriff auf Talwerk')) > 0 AS has_terms;
-- ... whereas news_vector('...') is a cast: the literal is parsed as a vector
SELECT news_vector('Cyberangriff auf Talwerk');

-- a secret table, analyzed into the default statistics by a superuser
CREATE TABLE secret_notes (id int, body text);
INSERT INTO secret_notes VALUES
  (1, 'Zeta Alpha Beta'), (2, 'Zeta Gamma Delta'), (3, 'Zeta Epsilon'),
  (4, 'Alpha Kappa'), (5, 'Lambda My');
SELECT news_analyze_corpus('secret_notes', 'body') AS ndocs;
SELECT source, ndocs FROM news_corpus_info;

-- a role that may read neither the table nor the statistics: an error
SET ROLE regress_news_nopriv;
SELECT to_news_vector('Zeta Omega');
SELECT news_vector(text 'Zeta Omega');
SELECT news_similarity('Zeta Omega', 'Zeta');
SELECT * FROM news_corpus_terms;
RESET ROLE;

-- reading the analyzed column is enough (table or column privilege) ...
GRANT SELECT (body) ON secret_notes TO regress_news_nopriv;
SET ROLE regress_news_nopriv;
SELECT news_keywords(to_news_vector('Zeta Omega'), 5) AS usable;
RESET ROLE;
-- ... unless row-level security hides rows from the role
ALTER TABLE secret_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_one ON secret_notes FOR SELECT USING (id = 5);
SET ROLE regress_news_nopriv;
SELECT to_news_vector('Zeta Omega');
RESET ROLE;
ALTER TABLE secret_notes DISABLE ROW LEVEL SECURITY;
REVOKE SELECT (body) ON secret_notes FROM regress_news_nopriv;

-- or the owner grants the statistics themselves
GRANT SELECT ON news_corpus_terms, news_corpus_info TO regress_news_nopriv;
SET ROLE regress_news_nopriv;
SELECT news_keywords(to_news_vector('Zeta Omega'), 5) AS granted;
RESET ROLE;
REVOKE SELECT ON news_corpus_terms, news_corpus_info FROM regress_news_nopriv;
-- the revocation takes effect at once (the check runs on every call)
SET ROLE regress_news_nopriv;
SELECT to_news_vector('Zeta Omega');
RESET ROLE;

-- statistics tables: an analyst analyzes its own table into a statistics
-- table it owns
CREATE TABLE analyst_docs (id int, body text);
ALTER TABLE analyst_docs OWNER TO regress_news_analyst;
INSERT INTO analyst_docs SELECT id, body FROM articles;
SET ROLE regress_news_analyst;
SELECT news_analyze_corpus('analyst_docs', 'body', 'analyst_stats') AS ndocs;
SELECT pg_get_userbyid(relowner) AS owner FROM pg_class
 WHERE oid = 'analyst_stats'::regclass;
SELECT df = (SELECT count(*) FROM analyst_docs WHERE body IS NOT NULL) AS totals_row,
       source
  FROM analyst_stats WHERE term = '';
SELECT count(*) > 100 AS many_terms, min(df) >= 2 AS no_singletons
  FROM analyst_stats WHERE term <> '';
-- the analysis runs with the caller's privileges
SELECT news_analyze_corpus('secret_notes', 'body', 'analyst_secret');
RESET ROLE;

-- the same column analyzed into the default set gives the same vectors
SELECT news_analyze_corpus('articles', 'body') AS ndocs;
SELECT count(*) AS equal_vectors FROM articles
 WHERE to_news_vector('analyst_stats', body)::text = to_news_vector(body)::text;
SELECT count(*) AS articles FROM articles;

-- another role: an error until the owner grants SELECT
SET ROLE regress_news_nopriv;
SELECT to_news_vector('analyst_stats', 'Cyberangriff auf Talwerk');
RESET ROLE;
SET ROLE regress_news_analyst;
GRANT SELECT ON analyst_stats TO regress_news_nopriv;
RESET ROLE;
SET ROLE regress_news_nopriv;
SELECT news_keywords(to_news_vector('analyst_stats', 'Cyberangriff auf Talwerk'), 3) AS granted;
-- and no role writes statistics into a table it does not own
SELECT news_analyze_corpus('articles', 'body', 'analyst_stats');
RESET ROLE;

-- a refresh is seen by the next statement (TRUNCATE invalidates caches)
SELECT news_keywords(to_news_vector('analyst_stats', 'Zeta Talwerk'), 2) AS before;
SET ROLE regress_news_analyst;
INSERT INTO analyst_docs VALUES (1001, 'Zeta'), (1002, 'Zeta Zeta');
SELECT news_analyze_corpus('analyst_docs', 'body', 'analyst_stats') AS ndocs;
RESET ROLE;
SELECT news_keywords(to_news_vector('analyst_stats', 'Zeta Talwerk'), 2) AS after;

-- IMMUTABLE: usable in a generated column (recompute after a refresh)
CREATE TABLE generated_vectors (
	id int,
	body text,
	vec news_vector GENERATED ALWAYS AS (to_news_vector('analyst_stats', body)) STORED
);
INSERT INTO generated_vectors (id, body) SELECT id, body FROM articles;
SELECT count(*) AS equal_generated FROM generated_vectors g
 WHERE g.vec::text = to_news_vector('analyst_stats', g.body)::text;

-- bad statistics tables
SELECT to_news_vector('articles', 'Text');
SELECT to_news_vector(0::oid::regclass, 'Text');
SELECT news_analyze_corpus('articles', 'body', 'articles');
SELECT news_analyze_corpus('articles', 'body', '');
SELECT to_news_vector('news_rollup_buckets_no_such', 'Text');

-- clean up; leave the default statistics as the other tests expect them
DROP TABLE generated_vectors, analyst_docs, analyst_stats, secret_notes;
DROP TABLE IF EXISTS analyst_secret;
REVOKE ALL ON SCHEMA public FROM regress_news_nopriv, regress_news_analyst;
DROP ROLE regress_news_nopriv;
DROP ROLE regress_news_analyst;
SELECT news_analyze_corpus('articles', 'body') AS ndocs;
