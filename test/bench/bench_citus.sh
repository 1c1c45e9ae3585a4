#!/usr/bin/env bash
# test/bench/bench_citus.sh: news_analytics on Citus (a coordinator and two
# workers) side by side with one plain PostgreSQL server, same rows, same
# run, all on this machine.
#
#   bash test/bench/bench_citus.sh [ARTICLES [TIMESTAMPS [REPEAT]]]
#       defaults: 100000 articles, 10000000 timestamps, 3 repetitions
#
# Rows measured (median of REPEAT runs, seconds, and the ratio one server /
# Citus; > 1 means Citus is faster):
#   analyze   news_analyze_corpus(articles, body, stats)
#   fill      UPDATE articles SET vec = to_news_vector(stats, title || body)
#   rollup    a daily rollup of TIMESTAMPS timestamps
#             (news_rollup(ts, 'Europe/Zurich') and its day buckets)
#   related   one top-10 related query through the GiST index (median
#             over 20 query articles, milliseconds, timed inside the server)
#   related   also through a news_ivf index (lists = 100 per shard / table,
#             default probes)
# NA_BENCH_ONLY=quick skips the analyze and fill rows (the vectors are still
# filled once, untimed).
# Citus and news_analytics must be installable as for
# test/scaleout/check-citus.sh (the Citus build is cached).
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"
. test/scaleout/citus-lib.sh

articles=${1:-100000}
timestamps=${2:-10000000}
repeat=${3:-3}

na_citus_setup "${NA_CITUS_VERSION:-13.2.2}" || na_die "Citus set-up failed"
na_log "generating $articles articles on both sides"
na_citus_articles "$articles" || na_die "generating articles failed"

# secs PORT SQL...: wall time of running the statements once
secs() {
	local port=$1 t0 t1; shift
	t0=$(date +%s.%N)
	q "$port" "$@" >/dev/null || na_die "failed on port $port: $*"
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
results=()
measure() { # LABEL UNIT SQL...: REPEAT runs on each side
	local label=$1 unit=$2 s=() c=() i ms mc; shift 2
	for i in $(seq "$repeat"); do
		s+=("$(secs "$P_S" "$@")")
		c+=("$(secs "$P_C" "$@")")
	done
	ms=$(echo "${s[*]}" | median); mc=$(echo "${c[*]}" | median)
	results+=("| $label | $ms $unit | $mc $unit | $(awk -v a="$ms" -v b="$mc" 'BEGIN { printf "%.2f", a / b }') |")
	na_log "$label: one server $ms, Citus $mc ($unit; runs: ${s[*]} / ${c[*]})"
}

if [ "${NA_BENCH_ONLY:-all}" = all ]; then
measure "news_analyze_corpus, $articles articles" s \
	-c "SELECT news_analyze_corpus('articles', 'body', 'article_stats')"
measure "fill vectors (UPDATE ... SET vec = to_news_vector(stats, ...)), $articles articles" s \
	-c "UPDATE articles SET vec = to_news_vector('article_stats', title || ' ' || body)" -c "VACUUM articles"
measure "fill vectors (INSERT ... SELECT into a colocated table), $articles articles" s \
	-c "TRUNCATE vecs" -c "INSERT INTO vecs SELECT id, to_news_vector('article_stats', title || ' ' || body) FROM articles"
else
	for p in $P_S $P_C; do
		q "$p" -c "SELECT news_analyze_corpus('articles', 'body', 'article_stats')" \
			-c "UPDATE articles SET vec = to_news_vector('article_stats', title || ' ' || body)" -c "VACUUM articles" >/dev/null ||
			na_die "filling vectors failed"
	done
fi

na_log "loading $timestamps timestamps on both sides"
qs -c "CREATE TABLE stamps (id bigint, ts timestamptz)" \
	-c "INSERT INTO stamps SELECT i, timestamptz '2020-01-01 00:00:00+00' + (abs(hashint8(i)) % 157680000) * interval '1 second' FROM generate_series(1, $timestamps) i" \
	-c "VACUUM ANALYZE stamps" >/dev/null || na_die "loading timestamps failed"
qc -c "SET citus.shard_count = 4" -c "CREATE TABLE stamps (id bigint, ts timestamptz)" \
	-c "SELECT create_distributed_table('stamps', 'id')" >/dev/null || na_die "distributing stamps failed"
qs -c "\copy stamps TO STDOUT" | qc -c "\copy stamps FROM STDIN" || na_die "copying timestamps failed"
qc -c "VACUUM ANALYZE stamps" >/dev/null
measure "daily rollup, $timestamps timestamps" s \
	-c "SELECT count(*) FROM (SELECT news_rollup(ts, 'Europe/Zurich') AS r FROM stamps) x, news_rollup_buckets(x.r, 'day') b"

for p in $P_S $P_C; do
	q "$p" -c "CREATE INDEX articles_vec ON articles USING gist (vec)" -c "ANALYZE articles" >/dev/null ||
		na_die "GiST index failed"
done
# one related query, timed in the server (no connection set-up), median of 20
related_ms() {
	q "$1" <<'SQL'
CREATE TEMP TABLE queries AS SELECT vec::text AS v FROM articles WHERE id % 4999 = 1 ORDER BY id LIMIT 20;
DO $$
DECLARE
	r record; t0 timestamptz; ms float8[] := '{}'; ids int[];
BEGIN
	FOR r IN SELECT v FROM queries LOOP
		t0 := clock_timestamp();
		EXECUTE format('SELECT array_agg(id) FROM (SELECT id FROM articles ORDER BY vec <-> %L::news_vector LIMIT 10) t', r.v) INTO ids;
		ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000;
	END LOOP;
	RAISE NOTICE 'ms %', (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(ms) x);
END $$;
SQL
}
related_row() { # LABEL
	local rs=() rc=() i ms mc
	for i in $(seq "$repeat"); do
		rs+=("$(related_ms "$P_S" 2>&1 | sed -n 's/.*NOTICE:  ms //p')")
		rc+=("$(related_ms "$P_C" 2>&1 | sed -n 's/.*NOTICE:  ms //p')")
	done
	ms=$(echo "${rs[*]}" | median); mc=$(echo "${rc[*]}" | median)
	results+=("| $1, one query, $articles articles | $(printf %.1f "$ms") ms | $(printf %.1f "$mc") ms | $(awk -v a="$ms" -v b="$mc" 'BEGIN { printf "%.2f", a / b }') |")
	na_log "$1: one server $ms ms, Citus $mc ms (runs: ${rs[*]} / ${rc[*]})"
}
related_row "top-10 related via the GiST index"
for p in $P_S $P_C; do
	q "$p" -c "DROP INDEX articles_vec" -c "CREATE INDEX articles_ivf ON articles USING news_ivf (vec) WITH (lists = 100)" \
		-c "ANALYZE articles" >/dev/null || na_die "news_ivf index failed"
done
related_row "top-10 related via news_ivf (lists = 100, default probes)"

echo
echo "| operation | one server | Citus, coordinator + 2 workers | ratio (one server / Citus) |"
echo "|---|---|---|---|"
printf '%s\n' "${results[@]}"
