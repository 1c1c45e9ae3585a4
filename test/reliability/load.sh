#!/usr/bin/env bash
# test/reliability/load.sh: concurrency and load test with pgbench.
#
#   bash test/reliability/load.sh [--clients 8] [--seconds 180] [--rows 20000]
#                                 [--index gist|ivf]
#
# On a throwaway cluster: a table of articles with news_vector and an index
# (the exact GiST class, or the approximate news_ivf access method), then
# pgbench with N clients running a mix of
#   insert.sql   new article: news_vector computed, index maintained (20 %)
#   related.sql  "Mehr zum Thema": top 10 by <-> through the index     (45 %)
#   rollup.sql   articles per day of one section via news_rollup        (20 %)
#   tokenize.sql news_tokenize + to_tsvector('news_german') of a body   (10 %)
#   delete.sql   an article deleted (autovacuum cleans the index)       (5 %)
# for the given time.  Reports throughput, latency per script and the
# number of failed transactions / aborted clients (must be 0), and checks
# afterwards, after a VACUUM, that the index still answers like a
# sequential scan (news_ivf with probes >= lists, i.e. exactly).
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"
clients=8 seconds=180 rows=20000 index=gist
while [ $# -gt 0 ]; do
	case "$1" in
		--clients) clients=$2; shift ;;
		--seconds) seconds=$2; shift ;;
		--rows) rows=$2; shift ;;
		--index) index=$2; shift ;;
		*) na_die "unknown option $1" ;;
	esac
	shift
done
case "$index" in
	gist) index_sql="USING gist (vec)" ;;
	ivf) index_sql="USING news_ivf (vec)" ;;
	*) na_die "--index must be gist or ivf" ;;
esac
na_install_packages
na_build_install
dir=$(mktemp -d /tmp/news_analytics_load.XXXXXX)
trap 'na_cluster_stop "$dir"' EXIT INT TERM
NA_PG_OPTS="-c fsync=on -c max_connections=50 -c shared_buffers=512MB" na_cluster_start "$dir"
psql -Xq -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE loadtest" || exit 1
export PGDATABASE=loadtest
na_log "loading $rows articles"
psql -Xq -v ON_ERROR_STOP=1 <<SQL || exit 1
CREATE EXTENSION news_analytics;
CREATE TABLE articles (id int PRIMARY KEY, published_at timestamptz, section text,
	story text, title text, body text);
\copy articles FROM 'test/data/sample_articles.csv' (FORMAT csv, HEADER true)
SELECT news_analyze_corpus('articles'::regclass, 'body');
-- sentences of the sample articles, recombined into new articles
CREATE TABLE sentences AS
	SELECT array_agg(s ORDER BY id, s) AS a
	  FROM articles, regexp_split_to_table(body, '(?<=\.) ') s;
CREATE TABLE load_articles (id bigserial PRIMARY KEY, published_at timestamptz NOT NULL,
	section text NOT NULL, body text NOT NULL, vec news_vector);
INSERT INTO load_articles (published_at, section, body)
	SELECT timestamptz '2024-01-01' + random() * interval '700 days',
	       (ARRAY['IT','Wirtschaft','Politik','Schweiz','Kultur','Sport','Wissenschaft'])[1 + g % 7],
	       (SELECT string_agg(a[1 + ((g * 7919 + k * 104729) % cardinality(a))], ' ')
	          FROM sentences, generate_series(1, 3 + g % 6) k)
	  FROM generate_series(1, $rows) g;
UPDATE load_articles SET vec = news_vector(body);
CREATE INDEX load_articles_vec ON load_articles $index_sql;
CREATE INDEX load_articles_section ON load_articles (section, published_at);
ANALYZE load_articles;
SQL
scripts=$(mktemp -d /tmp/news_analytics_pgbench.XXXXXX)
cat >"$scripts/insert.sql" <<'SQL'
\set a random(1, 45)
\set b random(1, 45)
INSERT INTO load_articles (published_at, section, body, vec)
SELECT now() - random() * interval '30 days', a.section, a.body || ' ' || b.title,
       news_vector(a.body || ' ' || b.title)
  FROM articles a, articles b WHERE a.id = :a AND b.id = :b;
SQL
cat >"$scripts/related.sql" <<SQL
\\set q random(1, $rows)
SELECT id FROM load_articles
 WHERE id <> :q
 ORDER BY vec <-> (SELECT vec FROM load_articles WHERE id = :q)
 LIMIT 10;
SQL
cat >"$scripts/rollup.sql" <<'SQL'
\set s random(0, 6)
SELECT count(*) FROM news_rollup_buckets(
	(SELECT news_rollup(published_at, 'Europe/Zurich') FROM load_articles
	  WHERE section = (ARRAY['IT','Wirtschaft','Politik','Schweiz','Kultur','Sport','Wissenschaft'])[1 + :s]),
	'day');
SQL
cat >"$scripts/delete.sql" <<SQL
\\set q random(1, $rows)
DELETE FROM load_articles WHERE id = :q;
SQL
cat >"$scripts/tokenize.sql" <<'SQL'
\set a random(1, 45)
SELECT cardinality(news_tokenize(body)), length(to_tsvector('news_german', body))
  FROM articles WHERE id = :a;
SQL
na_log "pgbench: $clients clients, $seconds s, $index index"
pgbench -n -c "$clients" -j 2 -T "$seconds" -P 30 -r \
	-f "$scripts/insert.sql@20" -f "$scripts/related.sql@45" \
	-f "$scripts/rollup.sql@20" -f "$scripts/tokenize.sql@10" \
	-f "$scripts/delete.sql@5" 2>&1 | tee "$dir/pgbench.log"
aborted=$(grep -c "aborted" "$dir/pgbench.log")
failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$dir/pgbench.log")
deadlocks=$(grep -c "deadlock detected" "$dir/server.log")
errors=$(grep -c "ERROR:" "$dir/server.log")
# the index still answers like a sequential scan (after a VACUUM)
psql -Xq -c "VACUUM load_articles" || errors=$((errors + 1))
plan=$(psql -XAt -c "SET enable_seqscan = off" -c "EXPLAIN (COSTS OFF) SELECT id FROM load_articles
	ORDER BY vec <-> (SELECT vec FROM load_articles LIMIT 1) LIMIT 10")
grep -q load_articles_vec <<<"$plan" || { echo "plan does not use the index: $plan"; errors=$((errors + 1)); }
diff=$(psql -XAtq <<'SQL'
SET enable_seqscan = off;
SET news_analytics.ivf_probes = 32768;
CREATE TEMP TABLE via_index AS
	SELECT q.id AS q, array(SELECT round((l.vec <-> q.vec)::numeric, 9) FROM load_articles l
	                       ORDER BY l.vec <-> q.vec LIMIT 10) AS d
	  FROM load_articles q WHERE q.id % 1000 = 1;
SET enable_seqscan = on; SET enable_indexscan = off; SET enable_bitmapscan = off;
SELECT count(*) FROM via_index v
 WHERE v.d <> array(SELECT round((l.vec <-> q.vec)::numeric, 9) FROM load_articles l, load_articles q
                     WHERE q.id = v.q ORDER BY l.vec <-> q.vec LIMIT 10);
SQL
)
rm -rf "$scripts"
echo "load: aborted clients ${aborted}, failed transactions ${failed:-?}, deadlocks ${deadlocks}, server errors ${errors}, index/seqscan differences ${diff}"
bad=0
[ "$aborted" = 0 ] && [ "${failed:-0}" = 0 ] && [ "$deadlocks" = 0 ] && [ "$errors" = 0 ] && [ "$diff" = 0 ] || bad=1
echo "$((1 - bad)) passed, $bad failed"
exit $bad
