#!/usr/bin/env bash
# test/scaleout/check-citus.sh: news_analytics on Citus gives exactly the
# answers of one server.
#
# Starts, in throwaway directories on free ports of 127.0.0.1, a Citus
# coordinator with two workers and one plain PostgreSQL server (no Citus);
# generates NA_CITUS_ROWS (default 10,000) articles on the plain server and
# copies the same rows to the coordinator, where articles is hash
# distributed by id.  Then every answer is computed on both and compared:
#
#   rollups, news_rollup(ts, zone) whole table and GROUP BY, pushed down as
#     partial aggregates (EXPLAIN), and per shard merged with
#     news_rollup_merge; news_rollup(ts) with a session TimeZone
#     refuses with a clear error instead of counting in the workers' zone;
#   news_analyze_corpus into a statistics table: counted over every shard,
#     identical to one server's, and seen by every node (a reference table);
#   vectors filled the ways users fill them: UPDATE ... SET vec =
#     to_news_vector(stats, ...), INSERT ... SELECT between colocated tables
#     (pushed down), INSERT ... VALUES, a generated column for new articles,
#     and again after a statistics refresh; the default-statistics form
#     refuses inside a shard query; the privilege rule holds on Citus;
#   related articles through per-shard GiST (identical top-10) and news_ivf
#     (identical at probes = lists, recall at the default probes);
#   news_german full-text search through a GIN index on the shards.
#
# Citus comes from test/scaleout/build-citus.sh (cached build, installed
# into PG_CONFIG's PostgreSQL); news_analytics must already be installed
# there (test/run-tests.sh does it).  Ends with "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

# same LABEL SQL: the answer of the coordinator equals the single server's
same() {
	local label=$1 sql=$2 a b
	a=$(qs -c "$sql" 2>&1); b=$(qc -c "$sql" 2>&1)
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok "$label"
	else
		bad "$label"
		diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -8
	fi
}
# refuses LABEL PATTERN SQL...: the coordinator raises an error matching PATTERN
# (grep reads here-strings, not pipes: under pipefail, grep -q leaving a
# pipe early fails the writer with SIGPIPE even when the pattern matched)
refuses() {
	local label=$1 pattern=$2 out; shift 2
	out=$(qc "$@" 2>&1)
	if grep -q "$pattern" <<<"$out"; then
		ok "$label: $(printf '%s' "$out" | grep -m1 ERROR | cut -c1-150)"
	else
		bad "$label (no error matching '$pattern')"
		printf '%s\n' "$out" | head -5
	fi
}

rows=${NA_CITUS_ROWS:-10000}
. test/scaleout/citus-lib.sh
na_citus_setup "${NA_CITUS_VERSION:-13.2.2}" && ok "Citus installed, coordinator + 2 workers joined, news_analytics on every node" ||
	{ bad "setting up Citus"; finish; }
na_citus_articles "$rows" || { bad "generating and distributing $rows articles"; finish; }
same "same $rows rows on both" "SELECT count(*), md5(string_agg(id || title || body || published_at, '' ORDER BY id)) FROM articles"

# --- rollups --------------------------------------------------------------
same "news_rollup(ts, zone), whole table" \
	"SELECT news_rollup(published_at, 'Europe/Zurich')::text FROM articles"
same "news_rollup(ts, zone), GROUP BY section" \
	"SELECT section, news_rollup(published_at, 'Europe/Zurich')::text FROM articles GROUP BY section ORDER BY section"
same "news_rollup(ts, zone) buckets by day" \
	"SELECT b.* FROM (SELECT news_rollup(published_at, 'America/New_York') r FROM articles) x, news_rollup_buckets(x.r, 'day') b ORDER BY 1"
plan=$(qc -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT news_rollup(published_at, 'Europe/Zurich') FROM articles" 2>&1)
if grep -q 'worker_partial_agg' <<<"$plan" && grep -q 'coord_combine_agg' <<<"$plan"; then
	ok "rollup pushed down as partial aggregates (worker_partial_agg / coord_combine_agg)"
else bad "rollup not pushed down as partial aggregates"; printf '%s\n' "$plan" | head -20; fi
plan=$(qc -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT section, news_rollup(published_at, 'Europe/Zurich') FROM articles GROUP BY section" 2>&1)
if grep -q 'worker_partial_agg' <<<"$plan"; then
	ok "rollup GROUP BY section pushed down as partial aggregates"
else bad "rollup GROUP BY section not pushed down as partial aggregates"; printf '%s\n' "$plan" | head -20; fi
# a whole-table rollup computed per shard with the plain aggregate (without
# Citus's per-row wrapper) and merged on the coordinator: the same answer
a=$(qs -c "SELECT news_rollup(published_at, 'Europe/Zurich')::text FROM articles")
b=$(qc -c "SELECT news_rollup_merge(result::news_rollup)::text FROM run_command_on_shards('articles',
	\$\$SELECT news_rollup(published_at, 'Europe/Zurich') FROM %s\$\$)" 2>&1)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "per-shard rollups (run_command_on_shards) merged with news_rollup_merge equal one server's" ||
	bad "per-shard rollups merged differ: $(printf '%s' "$b" | head -c 200)"
# the session-zone form: one server counts in the session zone ...
a=$(qs -c "SET TimeZone = 'Europe/Zurich'" -c "SELECT news_rollup(published_at)::text = news_rollup(published_at, 'Europe/Zurich')::text FROM articles")
[ "$a" = t ] && ok "one server: news_rollup(ts) counts in the session zone" || bad "one server: session zone ($a)"
# ... Citus refuses rather than count in the workers' zone (Etc/UTC)
wtz=$(q "$P_1" -c "SHOW TimeZone")
[ -n "$wtz" ] && [ "$wtz" != 'Europe/Zurich' ] && ok "the workers' own zone differs: $wtz" || bad "the workers' zone: '$wtz'"
refuses "Citus: news_rollup(ts) with a session zone refuses (partial aggregates)" \
	"cannot use the session time zone" -c "SET TimeZone = 'Europe/Zurich'" -c "SELECT news_rollup(published_at) FROM articles"
refuses "Citus: news_rollup(ts) refuses when pushed down whole (GROUP BY id)" \
	"cannot use the session time zone" -c "SET TimeZone = 'Europe/Zurich'" -c "SELECT id, news_rollup(published_at) FROM articles GROUP BY id LIMIT 1"
refuses "Citus: news_rollup(ts) refuses in a router query" \
	"cannot use the session time zone" -c "SET TimeZone = 'Europe/Zurich'" -c "SELECT news_rollup(published_at) FROM articles WHERE id = 7"

# --- statistics -----------------------------------------------------------
refuses "default statistics refuse a distributed source" "default statistics" \
	-c "SELECT news_analyze_corpus('articles', 'body')"
n1=$(qs -c "SELECT news_analyze_corpus('articles', 'body', 'article_stats')")
n2=$(qc -c "SELECT news_analyze_corpus('articles', 'body', 'article_stats')")
[ -n "$n1" ] && [ "$n1" = "$n2" ] && [ "$n1" = "$rows" ] &&
	ok "news_analyze_corpus counts all $n2 documents over every shard" || bad "document counts: single $n1, Citus $n2"
same "statistics table identical (terms, df, totals)" \
	"SELECT count(*), md5(string_agg(term || ':' || df || ':' || coalesce(nword, -1) || ':' || coalesce(npart, -1) || ':' || coalesce(source, ''), ',' ORDER BY term)) FROM article_stats"
kind=$(qc -c "SELECT partmethod FROM pg_dist_partition WHERE logicalrelid = 'article_stats'::regclass")
[ "$kind" = n ] && ok "the statistics table became a reference table" || bad "statistics table kind '$kind'"
probe="SELECT to_news_vector('article_stats', 'Cyberangriff auf den Softwarehersteller Talwerk in Gossau')::text"
want=$(qs -c "$probe")
for node in "coordinator:$P_C" "worker 1:$P_1" "worker 2:$P_2"; do
	got=$(q "${node#*:}" -c "$probe" 2>&1)
	[ -n "$want" ] && [ "$got" = "$want" ] && ok "${node%%:*} computes the single-server vector" ||
		{ bad "${node%%:*} vector differs"; echo "  want $want"; echo "  got  $got"; }
done

# --- vectors, filled the ways users fill them -----------------------------
vec_md5="SELECT count(vec), md5(string_agg(id || vec::text, ',' ORDER BY id)) FROM"
fill="UPDATE articles SET vec = to_news_vector('article_stats', title || ' ' || body)"
qs -c "$fill" >/dev/null
if out=$(qc -c "$fill" 2>&1); then ok "UPDATE ... SET vec = to_news_vector(stats, ...) accepted by Citus"
else bad "UPDATE refused: $out"; fi
same "UPDATE-filled vectors identical" "$vec_md5 articles"
ins="INSERT INTO vecs SELECT id, to_news_vector('article_stats', title || ' ' || body) FROM articles"
plan=$(qc -c "EXPLAIN $ins" 2>&1)
# pushed down: each task inserts into a shard of vecs from the colocated
# shard of articles (no pull to the coordinator, no repartitioning)
if grep -q 'Insert on vecs_' <<<"$plan" && grep -q 'Scan on articles_' <<<"$plan" &&
	! grep -qi 'pull to coordinator\|repartition' <<<"$plan"; then
	ok "INSERT ... SELECT between colocated tables pushed down (each shard inserts from its colocated shard)"
else bad "INSERT ... SELECT not pushed down"; printf '%s\n' "$plan" | head -12; fi
qs -c "$ins" >/dev/null; qc -c "$ins" >/dev/null
same "INSERT ... SELECT vectors identical" "$vec_md5 vecs"
refuses "to_news_vector(text) (default statistics) refuses inside a shard query" \
	"cannot run inside a Citus shard query" -c "INSERT INTO vecs SELECT id + 10000000, to_news_vector(body) FROM articles"
vals="INSERT INTO articles (id, published_at, section, title, body, vec) VALUES
	(9000001, '2024-03-31 01:30:00+00', 'IT', 'Neuer Angriff', 'Cyberangriff auf Talwerk: die Server in Gossau sind wieder verschlüsselt',
	 to_news_vector('article_stats', 'Neuer Angriff Cyberangriff auf Talwerk: die Server in Gossau sind wieder verschlüsselt'))"
qs -c "$vals" >/dev/null; qc -c "$vals" >/dev/null
same "INSERT ... VALUES vector identical" "SELECT vec::text FROM articles WHERE id = 9000001"
# new articles as they arrive: a generated column
gen="CREATE TABLE incoming (id int PRIMARY KEY, title text, body text,
	vec news_vector GENERATED ALWAYS AS (to_news_vector('article_stats'::regclass, title || ' ' || body)) STORED)"
qs -c "$gen" >/dev/null
qc -c "SET citus.shard_count = 4" -c "$gen" -c "SELECT create_distributed_table('incoming', 'id', colocate_with => 'articles')" >/dev/null ||
	bad "distributing a table with a generated vector column"
arrive="INSERT INTO incoming (id, title, body) SELECT id + 20000000, title, body FROM articles WHERE id % 50 = 0"
qs -c "$arrive" >/dev/null; qc -c "$arrive" >/dev/null
same "generated column vectors identical" "$vec_md5 incoming"
same "generated column equals to_news_vector(stats, ...)" \
	"SELECT count(*) FILTER (WHERE vec::text = to_news_vector('article_stats', title || ' ' || body)::text), count(*) FROM incoming"
# a refresh: statistics change on every node at once; vectors are recomputed
refresh="INSERT INTO articles (id, published_at, section, title, body)
	SELECT id + 100000, published_at, section, title, body || ' Nachtrag Zeta' FROM articles WHERE id <= 2000"
qs -c "$refresh" >/dev/null; qc -c "$refresh" >/dev/null
qs -c "SELECT news_analyze_corpus('articles', 'body', 'article_stats')" >/dev/null
qc -c "SELECT news_analyze_corpus('articles', 'body', 'article_stats')" >/dev/null
got=$(q "$P_1" -c "$probe"); old=$want; want=$(qs -c "$probe")
[ "$got" = "$want" ] && [ "$want" != "$old" ] &&
	ok "after a refresh the workers' cached statistics are replaced" || bad "stale statistics on a worker after a refresh"
qs -c "$fill" >/dev/null; qc -c "$fill" >/dev/null
same "vectors recomputed after the refresh identical" "$vec_md5 articles"
recompute="UPDATE incoming SET body = body"
qs -c "$recompute" >/dev/null; qc -c "$recompute" >/dev/null
same "generated column recomputed after the refresh identical" "$vec_md5 incoming"

# --- privileges on Citus --------------------------------------------------
qc -c "CREATE ROLE regress_news_nopriv" >/dev/null 2>&1
qc -c "GRANT USAGE ON SCHEMA public TO regress_news_nopriv" >/dev/null 2>&1
refuses "a role without rights gets an error, not the statistics" "permission denied to use the corpus statistics" \
	-c "SET ROLE regress_news_nopriv" -c "$probe"

# --- related articles -----------------------------------------------------
# topk PORT VECTOR SETTINGS: the ids of the 10 nearest articles (ties by id);
# SET LOCAL reaches the shards through citus.propagate_set_commands
topk() {
	q "$1" -c "SET citus.propagate_set_commands = 'local'" -c "BEGIN" -c "$3" \
		-c "SELECT string_agg(id::text, ',' ORDER BY d, id) FROM (SELECT id, vec <-> '$2'::news_vector AS d FROM articles ORDER BY d, id LIMIT 10) t" \
		-c "COMMIT" 2>&1
}
qvecs=()
for i in $(seq 1 20); do
	qvecs+=("$(qs -c "SELECT vec::text FROM articles WHERE id = $((i * 97))" | sed "s/'/''/g")")
done
related() { # LABEL SETTINGS: top-10 of 20 query articles, one server vs Citus
	local label=$1 set=$2 i all_ok=1 a b
	for i in $(seq 0 19); do
		a=$(topk "$P_S" "${qvecs[$i]}" "$set"); b=$(topk "$P_C" "${qvecs[$i]}" "$set")
		[ -n "$a" ] && [ "$a" = "$b" ] || { all_ok=0; echo "  query $i: single $a / citus $b"; }
	done
	[ $all_ok = 1 ] && ok "$label: top-10 identical for 20/20 queries" || bad "$label: top-10 differ"
}
index_plan() { # PORT INDEX: whether the (shard) plan of a top-10 query uses INDEX
	local plan
	plan=$(q "$1" -c "SET citus.propagate_set_commands = 'local'" -c "BEGIN" -c "SET LOCAL enable_seqscan = off" \
		-c "EXPLAIN (COSTS OFF) SELECT id FROM articles ORDER BY vec <-> '{talwerk:1}'::news_vector LIMIT 10" \
		-c "COMMIT" 2>&1)
	grep -q "Index Scan using $2" <<<"$plan"
}
for p in $P_S $P_C; do q "$p" -c "CREATE INDEX articles_vec_gist ON articles USING gist (vec)" >/dev/null; done
related "per-shard GiST" "SET LOCAL enable_seqscan = off"
index_plan "$P_C" articles_vec_gist && ok "the shards answer through their GiST index" || bad "no GiST index scan on the shards"
for p in $P_S $P_C; do
	q "$p" -c "DROP INDEX articles_vec_gist" -c "CREATE INDEX articles_vec_ivf ON articles USING news_ivf (vec) WITH (lists = 64)" >/dev/null
done
index_plan "$P_C" articles_vec_ivf && ok "the shards answer through their news_ivf index" || bad "no news_ivf index scan on the shards"
related "news_ivf at probes = lists" "SET LOCAL enable_seqscan = off; SET LOCAL news_analytics.ivf_probes = 64"
# recall@10 of the default probes against the exact top-10, both sides
recall() { # PORT
	local i hit=0 exact approx
	for i in $(seq 0 19); do
		exact=$(topk "$1" "${qvecs[$i]}" "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off")
		approx=$(topk "$1" "${qvecs[$i]}" "SET LOCAL enable_seqscan = off")
		hit=$((hit + $(comm -12 <(tr , '\n' <<<"$exact" | sort) <(tr , '\n' <<<"$approx" | sort) | wc -l)))
	done
	awk -v h=$hit 'BEGIN { printf "%.3f", h / 200 }'
}
probes=$(qc -c "LOAD 'news_analytics'" -c 'SHOW news_analytics.ivf_probes')
rs=$(recall "$P_S"); rc=$(recall "$P_C")
awk -v s="$rs" -v c="$rc" 'BEGIN { exit !(c + 0 >= 0.5 && s + 0 >= 0.5) }' &&
	ok "news_ivf recall@10 at the default probes ($probes of 64 lists): one server $rs, Citus $rc" ||
	bad "news_ivf recall@10 too low: one server $rs, Citus $rc"

# --- full-text search -----------------------------------------------------
for p in $P_S $P_C; do
	q "$p" -c "CREATE INDEX articles_fts ON articles USING gin (to_tsvector('news_german', title || ' ' || body))" >/dev/null
done
for term in 'Kriminalität' 'Softwarehersteller' 'Angriff OR Lösegeld' '"Server des Unternehmens"'; do
	same "news_german search '$term' identical" \
		"SELECT count(*), md5(string_agg(id::text, ',' ORDER BY id)) FROM articles WHERE to_tsvector('news_german', title || ' ' || body) @@ websearch_to_tsquery('news_german', '$term')"
done
shard_plan=$(qc -c "SET citus.propagate_set_commands = 'local'" -c "BEGIN" -c "SET LOCAL enable_seqscan = off" \
	-c "EXPLAIN (COSTS OFF) SELECT count(*) FROM articles WHERE to_tsvector('news_german', title || ' ' || body) @@ websearch_to_tsquery('news_german', 'Kriminalität')" -c "COMMIT" 2>&1)
grep -q 'Bitmap Index Scan on articles_fts' <<<"$shard_plan" &&
	ok "the shards search through their GIN index" || { bad "no GIN index scan on the shards"; printf '%s\n' "$shard_plan" | head -20; }

finish
