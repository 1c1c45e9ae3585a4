--
-- fuzz_regressions: server-level regression tests for the bugs that the
-- libFuzzer targets (test/fuzz/) and the stand-alone core tests found in the
-- parsers of untrusted input.  The cores have their own unit tests
-- (test/unit/test_parse_cores.c, test_tokenizer.c); these check that the
-- server glue gives the same answers.
--
CREATE EXTENSION IF NOT EXISTS news_analytics;

-- news_vector text input kept pointers into a buffer that moved once more
-- than 4 kB of terms had been read: a long literal must keep every term.
WITH lit AS (
  SELECT '{' || string_agg(format('term%s:%s', lpad(i::text, 6, '0'), 1 + i % 7), ', ') || '}' AS s
    FROM generate_series(1, 3000) i
), v AS (SELECT s::news_vector AS v FROM lit)
SELECT news_vector_nterms(v) AS nterms,
       v::text::news_vector::text = v::text AS round_trip,
       (SELECT count(*) FROM regexp_matches(v::text, 'term[0-9]{6}:', 'g')) AS intact_terms
  FROM v;

-- news_rollup: a six-digit year overflowed first=/last= (this one wrapped
-- to 1999-12-26 and was accepted)
SELECT 'UTC total=1 first=586554-01-13T00:00:00Z last=586554-01-13T00:00:00Z 1999-12-26T00=1'::news_rollup;
SELECT 'UTC total=1 first=999999-12-31T23:59:59Z last=999999-12-31T23:59:59Z 2000-01-01T00=1'::news_rollup;

-- news_rollup: zero counts carried a run starting before the first valid
-- hour into the range; text input accepted what binary input rejects
SELECT ('UTC total=1 -4713-11-21T00=1' || repeat(',0', 60))::news_rollup;

-- the tokenizer's digit arithmetic overflowed on long digit runs
SELECT news_tokenize('1.88888888888888888888.2023 88888888888:15 7.99999999999. Juli');

-- news_termstats text output sized its header for short numbers: a state
-- with 19-digit counts and a long mass wrote past the end of its buffer
SELECT 'ndocs=1105555251105555555 error=1105555251105555555 mass=0.00012345678901234567 {}'::news_termstats;
