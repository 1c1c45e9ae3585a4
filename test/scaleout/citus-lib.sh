# test/scaleout/citus-lib.sh: a local Citus cluster beside a plain server,
# for the Citus check and benchmark.  Source it from bash after
# test/lib/common.sh; it defines functions only.
#
#   na_citus_setup VERSION   build/install Citus (cached, build-citus.sh),
#                            start a coordinator and two workers (Citus
#                            preloaded) and one plain server without Citus,
#                            each in a throwaway directory under $NA_CITUS_BASE
#                            on a free port of 127.0.0.1, stopped on exit;
#                            join the nodes and create news_analytics
#                            everywhere.  Sets P_C, P_1, P_2 (coordinator,
#                            workers) and P_S (the plain server).
#   na_citus_articles ROWS   generate ROWS articles (deterministic) on the
#                            plain server, and the same rows on the
#                            coordinator in articles hash-distributed by id
#                            (NA_CITUS_SHARDS shards, default 4), with a
#                            colocated table vecs
#   q PORT psql-args         psql on one server (tuples only, errors stop)
#   qs / qc psql-args        the plain server / the coordinator

T=${NA_CITUS_TIMEOUT:-600}
export PGUSER=postgres PGDATABASE=postgres

q() { local port=$1; shift; timeout "$T" psql -XAtq -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" "$@"; }
qs() { q "$P_S" "$@"; }
qc() { q "$P_C" "$@"; }

na_citus_cleanup() {
	local n
	[ -n "${NA_CITUS_BASE:-}" ] || return 0
	for n in coord w1 w2 single; do na_cluster_stop "$NA_CITUS_BASE/$n"; done
	rm -rf "$NA_CITUS_BASE"
}

na_citus_setup() {
	local version=$1 n log
	log=$(mktemp)
	if ! timeout 1800 bash "$NA_ROOT/test/scaleout/build-citus.sh" "$version" >"$log" 2>&1; then
		tail -20 "$log" >&2
		rm -f "$log"
		return 1
	fi
	rm -f "$log"
	NA_CITUS_BASE=$(mktemp -d /tmp/news_analytics_citus.XXXXXX)
	chmod 755 "$NA_CITUS_BASE"
	trap na_citus_cleanup EXIT
	trap 'na_citus_cleanup; exit 1' INT TERM
	# Citus preloaded; prepared transactions for writes to reference tables
	for n in coord w1 w2; do
		NA_PG_OPTS="-c shared_preload_libraries=citus -c max_prepared_transactions=50 ${NA_CITUS_PG_OPTS:-}" \
			na_cluster_start "$NA_CITUS_BASE/$n" 2>/dev/null || return 1
	done
	NA_PG_OPTS="${NA_CITUS_PG_OPTS:-}" na_cluster_start "$NA_CITUS_BASE/single" 2>/dev/null || return 1
	P_C=$(cat "$NA_CITUS_BASE/coord/port")
	P_1=$(cat "$NA_CITUS_BASE/w1/port")
	P_2=$(cat "$NA_CITUS_BASE/w2/port")
	P_S=$(cat "$NA_CITUS_BASE/single/port")
	export PGHOST=127.0.0.1
	for n in $P_C $P_1 $P_2; do
		q "$n" -c "CREATE EXTENSION citus" >/dev/null || return 1
	done
	qc >/dev/null <<SQL || return 1
SELECT citus_set_coordinator_host('127.0.0.1', $P_C);
SELECT citus_add_node('127.0.0.1', $P_1);
SELECT citus_add_node('127.0.0.1', $P_2);
CREATE EXTENSION news_analytics;
SQL
	qs -c "CREATE EXTENSION news_analytics" >/dev/null
}

# the articles tables, on both sides
NA_CITUS_SCHEMA="CREATE TABLE articles (id int PRIMARY KEY, published_at timestamptz NOT NULL,
	section text, title text, body text, vec news_vector);
CREATE TABLE vecs (id int PRIMARY KEY, vec news_vector);"

na_citus_articles() {
	local rows=$1
	qs >/dev/null <<SQL || return 1
$NA_CITUS_SCHEMA
CREATE TEMP TABLE sample (id int, published_at timestamptz, section text,
	story text, title text, body text);
\copy sample FROM '$NA_ROOT/test/data/sample_articles.csv' (FORMAT csv, HEADER true)
CREATE TEMP TABLE sample_words AS
  SELECT s.id, row_number() OVER (PARTITION BY s.id ORDER BY t.n) - 1 AS pos, t.w
    FROM sample s, regexp_split_to_table(s.body, '\s+') WITH ORDINALITY t(w, n)
   WHERE t.w <> '';
CREATE TEMP TABLE sample_len AS SELECT id, count(*) AS n FROM sample_words GROUP BY id;
CREATE TEMP TABLE vocab AS
  SELECT row_number() OVER (ORDER BY w) - 1 AS pos, w FROM (SELECT DISTINCT w FROM sample_words) d;
-- an article: 50 words of its seed article (its topic) and 40 of the whole
-- vocabulary; times spread over two years (DST changes included)
INSERT INTO articles (id, published_at, section, title, body)
SELECT i,
       timestamptz '2023-01-01 00:00:00+00' + (abs(hashint4(i * 7)) % 1051200) * interval '1 minute',
       s.section,
       'Meldung ' || i || ': ' || s.title,
       (SELECT string_agg(sw.w, ' ' ORDER BY k) FROM generate_series(1, 50) k
          JOIN sample_words sw ON sw.id = s.id AND sw.pos = abs(hashint4(i * 1000 + k)) % l.n)
       || ' ' ||
       (SELECT string_agg(v.w, ' ' ORDER BY k) FROM generate_series(1, 40) k
          JOIN vocab v ON v.pos = abs(hashint4(i * 1000 + 500 + k)) % (SELECT count(*) FROM vocab))
  FROM generate_series(1, $rows) i
  JOIN sample s ON s.id = 1 + i % 45
  JOIN sample_len l ON l.id = s.id;
SQL
	qc >/dev/null <<SQL || return 1
SET citus.shard_count = ${NA_CITUS_SHARDS:-4};
$NA_CITUS_SCHEMA
SELECT create_distributed_table('articles', 'id');
SELECT create_distributed_table('vecs', 'id', colocate_with => 'articles');
SQL
	qs -c "\copy (SELECT id, published_at, section, title, body FROM articles ORDER BY id) TO STDOUT" |
		qc -c "\copy articles (id, published_at, section, title, body) FROM STDIN"
}
