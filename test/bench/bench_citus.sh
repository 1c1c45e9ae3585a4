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
#             (news_rollup(ts, 'Europe/Zurich') and its day buckets), as
#             Citus plans it (worker_partial_agg on the shards), and the
#             same rollup computed per shard with the plain aggregate
#             (run_command_on_shards) and merged with news_rollup_merge
#   per row   on one shard of worker 1, serially: nanoseconds per row of
#             the scan alone, of building ROW(ts, zone), of news_rollup
#             called directly and through Citus's worker_partial_agg, and
#             of max(ts) directly and wrapped (the wrapper around a
#             built-in transition function)
#   related   one top-10 related query (median over 20 query articles,
#             milliseconds, each query its own transaction as applications
#             send them, timed by psql) through GiST, and through news_ivf
#             (lists = 100 per shard / table) at the default probes, and
#             with Citus's connections kept (citus.max_cached_conns_per_worker
#             = shards per worker) at the default probes, probes = 3 and 1;
#             recall@10 against the exact top-10
# Settings are the defaults a user has, printed with the results: Citus
# with NA_CITUS_SHARDS shards per table (default 4: two per worker),
# max_parallel_workers_per_gather as PostgreSQL ships it on every server,
# citus.max_adaptive_executor_pool_size as Citus ships it.
# NA_BENCH_ONLY=quick skips the analyze and fill rows (the vectors are still
# filled once, untimed); NA_BENCH_ONLY=rollup also skips the related rows,
# NA_BENCH_ONLY=related the rollup rows.
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

measure2() { # LABEL UNIT SQL_ONE_SERVER SQL_CITUS: REPEAT runs on each side
	local label=$1 unit=$2 s=() c=() i ms mc
	for i in $(seq "$repeat"); do
		s+=("$(secs "$P_S" -c "$3")")
		c+=("$(secs "$P_C" -c "$4")")
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

if [ "${NA_BENCH_ONLY:-all}" != related ]; then
na_log "loading $timestamps timestamps on both sides"
qs -c "CREATE TABLE stamps (id bigint, ts timestamptz)" \
	-c "INSERT INTO stamps SELECT i, timestamptz '2020-01-01 00:00:00+00' + (abs(hashint8(i)) % 157680000) * interval '1 second' FROM generate_series(1, $timestamps) i" \
	-c "VACUUM ANALYZE stamps" >/dev/null || na_die "loading timestamps failed"
qc -c "SET citus.shard_count = ${NA_CITUS_SHARDS:-4}" -c "CREATE TABLE stamps (id bigint, ts timestamptz)" \
	-c "SELECT create_distributed_table('stamps', 'id')" >/dev/null || na_die "distributing stamps failed"
qs -c "\copy stamps TO STDOUT" | qc -c "\copy stamps FROM STDIN" || na_die "copying timestamps failed"
qc -c "VACUUM ANALYZE stamps" >/dev/null
rollup="SELECT count(*) FROM (SELECT news_rollup(ts, 'Europe/Zurich') AS r FROM stamps) x, news_rollup_buckets(x.r, 'day') b"
measure "daily rollup, $timestamps timestamps (Citus: worker_partial_agg)" s -c "$rollup"
# the same rollup without Citus's generic wrapper: the plain aggregate on
# each shard (in parallel), the shards' rollups merged on the coordinator
per_shard="SELECT count(*) FROM (SELECT news_rollup_merge(result::news_rollup) AS r
	FROM run_command_on_shards('stamps', \$\$SELECT news_rollup(ts, 'Europe/Zurich') FROM %s\$\$)) x,
	news_rollup_buckets(x.r, 'day') b"
measure2 "daily rollup, $timestamps timestamps (Citus: plain aggregate per shard, run_command_on_shards)" s \
	"$rollup" "$per_shard"

# Per-row costs on one shard of worker 1, serially (no parallel workers, no
# JIT): the variants alternate, REPEAT * 3 runs each, median.
shard=$(qc -c "SELECT shard_name FROM citus_shards WHERE table_name = 'stamps'::regclass AND nodeport = $P_1 ORDER BY shardid LIMIT 1")
shard_rows=$(q "$P_1" -c "SELECT count(*) FROM $shard")
per_row_sql=(
	"scan only: count(ts)|SELECT count(ts) FROM $shard"
	"scan + building ROW(ts, zone)|SELECT count(ROW(ts, 'Europe/Zurich'::text)) FROM $shard"
	"news_rollup(ts, zone), called directly|SELECT news_rollup(ts, 'Europe/Zurich') IS NULL FROM $shard"
	"news_rollup(ts, zone) through worker_partial_agg|SELECT worker_partial_agg('news_rollup(timestamptz,text)'::regprocedure, ROW(ts, 'Europe/Zurich'::text)) IS NULL FROM $shard"
	"max(ts), called directly|SELECT max(ts) FROM $shard"
	"max(ts) through worker_partial_agg|SELECT worker_partial_agg('max(timestamptz)'::regprocedure, ts) IS NULL FROM $shard"
)
per_row_ns=$(
	{
		echo "SET max_parallel_workers_per_gather = 0; SET jit = off;"
		echo '\timing on'
		for i in $(seq $((repeat * 3))); do
			for k in "${!per_row_sql[@]}"; do echo "\\echo L $k"; echo "${per_row_sql[$k]#*|};"; done
		done
	} | q "$P_1" 2>&1 | awk '/^L /{ l = $2; next } /^Time:/{ if (l != "") print l, $2; l = "" }'
)
per_row=()
for k in "${!per_row_sql[@]}"; do
	ms=$(awk -v k="$k" '$1 == k { print $2 }' <<<"$per_row_ns" | tr '\n' ' ' | median)
	per_row+=("$(awk -v ms="$ms" -v n="$shard_rows" 'BEGIN { printf "%.0f", ms * 1e6 / n }')")
	na_log "per row, ${per_row_sql[$k]%%|*}: $ms ms for $shard_rows rows"
done
fi

if [ "${NA_BENCH_ONLY:-all}" != rollup ]; then
# the query articles (20, spread over the ids) and their exact top-10 (a sequential scan on the plain server)
step=$((articles / 20 - 1 > 1 ? articles / 20 - 1 : 1))
qs -c "CREATE TABLE bench_queries AS SELECT row_number() OVER (ORDER BY id) AS qn, vec::text AS v FROM articles WHERE id % $step = 1 ORDER BY id LIMIT 20" >/dev/null
# related_ms PORT SETTINGS [SESSION_SETTINGS]: the 20 top-10 queries as an application sends
# them, each its own statement in its own transaction (BEGIN; SETTINGS;
# SELECT id ... ORDER BY vec <-> q LIMIT 10; COMMIT), one session (no outer
# query around it: on Citus that would add a recursively planned subplan); prints "ids QN id,id,..." and "t MS" per
# query (psql's \timing of the SELECT: server time plus one local round
# trip).  SET LOCAL reaches the shards through
# citus.propagate_set_commands; the vectors are dollar-quoted.
related_ms() {
	local n v
	{
		echo "SET citus.propagate_set_commands = 'local';${3:+ $3;}"
		echo '\timing on'
		while IFS='|' read -r n v; do
			echo "BEGIN;"
			echo "$2;"
			echo "\\echo T $n"
			echo "SELECT id FROM articles ORDER BY vec <-> \$nv\$$v\$nv\$::news_vector LIMIT 10;"
			echo "COMMIT;"
		done <<<"$queries"
	} | q "$1" 2>&1 | awk '
		/^T [0-9]+$/ { n = $2; want = 1; ids = ""; next }
		want && !/^Time:/ { ids = ids (ids == "" ? "" : ",") $0; next }
		want && /^Time:/ { print "ids", n, ids; print "t", $2; want = 0 }'
}
queries=$(qs -c "SELECT qn, v FROM bench_queries ORDER BY qn")
# the exact answer: no index (the plain server's sequential scan)
exact=$(related_ms "$P_S" "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off" | sed -n 's/^ids //p')
[ "$(wc -l <<<"$exact")" = 20 ] || na_die "exact top-10 failed"
# recall OUT: share of the exact top-10 ids found, over the 20 queries
recall_of() {
	local hits
	hits=$(join <(printf '%s\n' "$exact" | sort) <(sed -n 's/^ids //p' <<<"$1" | sort) |
		awk '{ n = split($2, a, ","); split($3, b, ","); for (i in a) for (j in b) if (a[i] == b[j]) h++ } END { print h + 0 }')
	awk -v h="$hits" 'BEGIN { printf "%.3f", h / 200 }'
}
related_row() { # LABEL SETTINGS [CITUS_SESSION_SETTINGS]
	local rs=() rc=() i out ms mc recs recc
	for i in $(seq "$repeat"); do
		out=$(related_ms "$P_S" "$2"); rs+=("$(sed -n 's/^t //p' <<<"$out" | tr '\n' ' ' | median)"); recs=$(recall_of "$out")
		out=$(related_ms "$P_C" "$2" "${3:-}"); rc+=("$(sed -n 's/^t //p' <<<"$out" | tr '\n' ' ' | median)"); recc=$(recall_of "$out")
	done
	ms=$(echo "${rs[*]}" | median); mc=$(echo "${rc[*]}" | median)
	results+=("| $1, one query, $articles articles (recall@10: $recs / $recc) | $(printf %.1f "$ms") ms | $(printf %.1f "$mc") ms | $(awk -v a="$ms" -v b="$mc" 'BEGIN { printf "%.2f", a / b }') |")
	na_log "$1: one server $ms ms, Citus $mc ms (runs: ${rs[*]} / ${rc[*]}); recall@10 $recs / $recc"
}
for p in $P_S $P_C; do
	q "$p" -c "CREATE INDEX articles_vec ON articles USING gist (vec)" -c "ANALYZE articles" >/dev/null ||
		na_die "GiST index failed"
done
related_row "top-10 related via the GiST index" "SET LOCAL enable_seqscan = off"
for p in $P_S $P_C; do
	q "$p" -c "DROP INDEX articles_vec" -c "CREATE INDEX articles_ivf ON articles USING news_ivf (vec) WITH (lists = 100)" \
		-c "ANALYZE articles" >/dev/null || na_die "news_ivf index failed"
done
probes=$(qs -c "LOAD 'news_analytics'" -c 'SHOW news_analytics.ivf_probes')
related_row "top-10 related via news_ivf (lists = 100, default probes = $probes)" "SET LOCAL enable_seqscan = off"
# Citus keeps one connection per worker after a transaction by default and
# opens the others anew for the next query (a new backend on the worker);
# keeping as many as there are shards per worker open avoids that
keep="SET citus.max_cached_conns_per_worker = $(qc -c "SELECT ceil(count(*) / 2.0) FROM pg_dist_shard WHERE logicalrelid = 'articles'::regclass")"
related_row "top-10 related via news_ivf (lists = 100, default probes = $probes), Citus: $keep" "SET LOCAL enable_seqscan = off" "$keep"
related_row "top-10 related via news_ivf (lists = 100, probes = 3), Citus: $keep" "SET LOCAL enable_seqscan = off; SET LOCAL news_analytics.ivf_probes = 3" "$keep"
related_row "top-10 related via news_ivf (lists = 100, probes = 1), Citus: $keep" "SET LOCAL enable_seqscan = off; SET LOCAL news_analytics.ivf_probes = 1" "$keep"
fi

echo
echo "| operation | one server | Citus, coordinator + 2 workers | ratio (one server / Citus) |"
echo "|---|---|---|---|"
printf '%s\n' "${results[@]}"

echo
echo "Settings: $(qs -c "SELECT 'one server: max_parallel_workers_per_gather = ' || current_setting('max_parallel_workers_per_gather') || ', jit = ' || current_setting('jit')"); Citus: $(qc -c "SELECT count(*) || ' shards per table, max_parallel_workers_per_gather = ' || current_setting('max_parallel_workers_per_gather') || ', citus.max_adaptive_executor_pool_size = ' || current_setting('citus.max_adaptive_executor_pool_size') FROM pg_dist_shard WHERE logicalrelid = 'articles'::regclass"); load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${NA_BENCH_ONLY:-all}" = related ] && exit 0
echo
echo "Per row on one shard ($shard_rows rows, worker 1, serial), nanoseconds:"
echo
echo "| work per row | ns |"
echo "|---|---|"
for k in "${!per_row_sql[@]}"; do echo "| ${per_row_sql[$k]%%|*} | ${per_row[$k]} |"; done
echo "| our transition function (news_rollup direct - scan) | $((per_row[2] - per_row[0])) |"
echo "| Citus's wrapper around it (through worker_partial_agg - direct) | $((per_row[3] - per_row[2])) |"
echo "| Citus's wrapper around max(ts) (built-in transition function) | $((per_row[5] - per_row[4])) |"
