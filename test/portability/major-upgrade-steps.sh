#!/usr/bin/env bash
# test/portability/major-upgrade-steps.sh: the steps of
# check-major-upgrade.sh that run inside its Debian root (as root, in the
# copied tree).  Not a check program of its own.
#
#   bash major-upgrade-steps.sh build MAJOR        make clean, build, install
#   bash major-upgrade-steps.sh create OLD         cluster W/OLD, a database
#                                                  using the extension, its
#                                                  answers in W/answers-OLD
#                                                  and a plain pg_dump
#   bash major-upgrade-steps.sh dump OLD NEW       pg_dump (NEW's) -Fc of the
#                                                  OLD cluster, pg_restore and
#                                                  the plain dump of OLD into
#                                                  a NEW cluster, compare
#   bash major-upgrade-steps.sh upgrade OLD NEW    pg_upgrade OLD -> NEW
#                                                  (copy mode), compare
#
# W is /var/tmp/news_analytics_upgrade.  Prints "ok: ..." and "FAILED: ..."
# lines (the caller counts them); exits non-zero when a step could not run.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
cd "$NA_ROOT"
W=/var/tmp/news_analytics_upgrade
DB=newsroom

ok() { echo "ok: $*"; }
bad() { echo "FAILED: $*"; }
bindir() { echo "/usr/lib/postgresql/$1/bin"; }

# pg_upgrade and the servers write logs to their working directory: one
# that postgres owns.
as_pg_in() {
	local dir=$1
	shift
	(cd "$dir" && runuser -u postgres -- "$@")
}

# start MAJOR NAME: start (initdb first if needed) the cluster W/NAME.
start() {
	local major=$1 dir=$W/$2 port
	mkdir -p "$dir"
	chown postgres: "$W" "$dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_pg_in "$dir" "$(bindir "$major")/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
			--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
	fi
	port=$(na_free_port)
	as_pg_in "$dir" "$(bindir "$major")/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
		-o "-p $port -k $dir -c listen_addresses=''" start >/dev/null ||
		{ tail -20 "$dir/server.log"; return 1; }
	export PGHOST=$dir PGPORT=$port PGUSER=postgres
	# The client programs of the newest installed major (Debian's wrapper
	# would pick them too).
	export PATH=$(bindir "$major"):$PATH
}

stop() {
	local major=$1 dir=$W/$2
	[ -f "$dir/data/postmaster.pid" ] || return 0
	as_pg_in "$dir" "$(bindir "$major")/pg_ctl" -D "$dir/data" -m fast -w -t 120 stop >/dev/null
}

q() { timeout -k 10 600 psql -XAtq -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# A database as a user would have it: stored vectors and tsvectors, all
# three index kinds, stored rollups, corpus statistics.  900 articles: the
# 45 samples twenty times, each copy with its own words.
create_db() {
	timeout 120 createdb "$DB" || return 1
	q >/dev/null <<SQL
CREATE EXTENSION news_analytics;
CREATE TABLE sample (id int PRIMARY KEY, published_at timestamptz NOT NULL,
	section text, story text, title text, body text);
\\copy sample FROM '$NA_ROOT/test/data/sample_articles.csv' (FORMAT csv, HEADER true)
CREATE TABLE articles AS
SELECT s.id + 100 * g AS id, s.published_at + g * interval '9 days' AS published_at,
       s.section, s.title, s.body || ' Ausgabe ' || g || ' Nummer' || (s.id * g) AS body
  FROM sample s, generate_series(0, 19) g;
ALTER TABLE articles ADD PRIMARY KEY (id);
SELECT news_analyze_corpus('articles', 'body');
ALTER TABLE articles ADD COLUMN vec news_vector, ADD COLUMN tsv tsvector;
UPDATE articles SET vec = news_vector(title || ' ' || body),
                    tsv = to_tsvector('news_german', title || ' ' || body);
CREATE INDEX articles_vec ON articles USING gist (vec);
CREATE INDEX articles_ivf ON articles USING news_ivf (vec) WITH (lists = 8);
CREATE INDEX articles_tsv ON articles USING gin (tsv);
CREATE TABLE monthly AS
SELECT section, news_rollup(published_at) AS r FROM articles GROUP BY section;
ANALYZE;
SQL
}

# related INDEX: "Mehr zum Thema" for every 7th article, top 10 with
# distances, through the GiST index, news_ivf (probes = lists, GiST dropped
# in a rolled-back transaction) or a sequential scan.
related() {
	local how=$1 pre tie=""
	case $how in
	gist) pre="SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_indexscan = on;" ;;
	ivf) pre="DROP INDEX articles_vec; SET LOCAL news_analytics.ivf_probes = 8;
		SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = on;" ;;
	seq) pre="SET enable_seqscan = on; SET enable_indexscan = off; SET enable_bitmapscan = off;"
		# equal distances at the tenth place: the id decides, not the
		# physical row order (which a restore changes)
		tie=", x.id" ;;
	esac
	q <<SQL
BEGIN;
$pre
SELECT a.id, string_agg(b.id || '@' || round(b.d::numeric, 6), ' ' ORDER BY b.d, b.id)
  FROM articles a
 CROSS JOIN LATERAL (SELECT x.id, x.vec <-> a.vec AS d FROM articles x
                      ORDER BY x.vec <-> a.vec$tie LIMIT 10) b
 WHERE a.id % 7 = 0
 GROUP BY a.id ORDER BY a.id;
ROLLBACK;
SQL
}

# plan INDEX: the plan of a top-10 query uses the named index.
plan() {
	local how=$1 pre
	case $how in
	gist) pre="" ;;
	ivf) pre="DROP INDEX articles_vec;" ;;
	esac
	q <<SQL
BEGIN;
$pre
SET LOCAL enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM articles
 ORDER BY vec <-> (SELECT vec FROM articles WHERE id = 7) LIMIT 10;
ROLLBACK;
SQL
}

# answers DIR: what a user of the database sees, one file per question.
answers() {
	local d=$1 w
	mkdir -p "$d"
	q -c "SELECT extversion FROM pg_extension WHERE extname = 'news_analytics'" >"$d/extension-version"
	q -c "SELECT id, vec::text FROM articles ORDER BY id" >"$d/stored-vectors"
	q -c "SELECT id, tsv::text FROM articles ORDER BY id" >"$d/stored-tsvectors"
	q -c "SELECT id, news_vector(title || ' ' || body)::text FROM articles ORDER BY id" >"$d/recomputed-vectors"
	q -c "SELECT id, to_tsvector('news_german', title || ' ' || body)::text FROM articles ORDER BY id" \
		>"$d/recomputed-tsvectors"
	q -c "SELECT id, news_simhash(vec) FROM articles ORDER BY id" >"$d/simhash"
	q -c "SELECT ndocs, nword, npart FROM news_corpus_info" >"$d/corpus-info"
	q -c "SELECT term, df FROM news_corpus_terms ORDER BY term" >"$d/corpus-terms"
	q -c "SELECT section, r::text, news_rollup_total(r), news_rollup_sparkline(r, 'month')
	        FROM monthly ORDER BY section" >"$d/stored-rollups"
	q -c "SELECT section, news_rollup(published_at)::text FROM articles GROUP BY section ORDER BY section" \
		>"$d/recomputed-rollups"
	: >"$d/text-search-counts"
	for w in Kriminalität Regierung 'Wahl Zürich' Fussball Bundesrat Polizei 'Schule -Lehrer' Ausgabe; do
		q -c "SET enable_seqscan = off" \
			-c "SELECT '$w', count(*) FROM articles WHERE tsv @@ websearch_to_tsquery('news_german', '$w')" \
			>>"$d/text-search-counts"
	done
	related gist >"$d/related-gist"
	related ivf >"$d/related-ivf"
	related seq >"$d/related-seqscan"
	plan gist >"$d/plan-gist"
	plan ivf >"$d/plan-ivf"
	q -c "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
	       WHERE c.relname LIKE 'articles%' ORDER BY 1" >"$d/indexes"
}

distances() { sed -E 's/ [0-9]+@/ /g; s/\|[0-9]+@/|/' "$1"; }

# Sanity of one answer set: the indexes are used and agree with a scan.
sane() {
	local d=$1 label=$2
	grep -q articles_vec "$d/plan-gist" && grep -q articles_ivf "$d/plan-ivf" &&
		ok "$label: top-10 plans use articles_vec (GiST) and articles_ivf" ||
		bad "$label: plans do not use the indexes: $(cat "$d/plan-gist" "$d/plan-ivf" | tr '\n' ' ')"
	# Distances only: articles at the same distance may come in any order
	# (the copies of one sample article tie).
	[ -s "$d/related-seqscan" ] && cmp -s <(distances "$d/related-gist") <(distances "$d/related-seqscan") &&
		ok "$label: GiST top-10 distances = sequential scan ($(wc -l <"$d/related-seqscan") queries)" ||
		bad "$label: GiST top-10 distances differ from the sequential scan"
	cmp -s <(distances "$d/related-ivf") <(distances "$d/related-seqscan") &&
		ok "$label: news_ivf top-10 distances at probes = lists = sequential scan" ||
		bad "$label: news_ivf top-10 distances differ from the sequential scan"
	! grep -q '|f$' "$d/indexes" && [ -s "$d/indexes" ] &&
		ok "$label: all indexes valid" || bad "$label: invalid indexes: $(tr '\n' ' ' <"$d/indexes")"
}

# compare A B LABEL: every answer file of A equals B's.
compare() {
	local a=$1 b=$2 label=$3 f name
	for f in "$a"/*; do
		name=$(basename "$f")
		case $name in plan-*) continue ;; esac	# plans may differ in shape between majors
		if [ ! -s "$f" ]; then
			bad "$label: $name: no answer before"
		elif [ "${name#related-}" != "$name" ]; then
			# top 10s by distance: an index rebuilt by a restore may pick
			# another of the articles tied at the 10th distance
			cmp -s <(distances "$f") <(distances "$b/$name") &&
				ok "$label: $name distances identical ($(wc -l <"$f") lines)" ||
				{ bad "$label: $name distances differ"; diff "$f" "$b/$name" | head -6; }
		elif cmp -s "$f" "$b/$name"; then
			ok "$label: $name identical ($(wc -l <"$f") lines)"
		else
			bad "$label: $name differs"
			diff "$f" "$b/$name" | head -6
		fi
	done
}

step=${1:-}
shift
case $step in
build)
	major=$1
	make -s clean >/dev/null 2>&1
	PG_CONFIG=$(bindir "$major")/pg_config na_build_install
	;;
create)
	old=$1
	rm -rf "$W"
	mkdir -p "$W" && chown postgres: "$W"
	start "$old" "$old" || exit 1
	create_db && ok "PostgreSQL $old: database created" || { bad "PostgreSQL $old: database set-up"; exit 1; }
	answers "$W/answers-$old"
	sane "$W/answers-$old" "PostgreSQL $old"
	timeout 300 pg_dump -d "$DB" -f "$W/plain-$old.sql" &&
		ok "PostgreSQL $old: plain pg_dump ($(wc -c <"$W/plain-$old.sql") bytes)" ||
		bad "PostgreSQL $old: plain pg_dump"
	stop "$old" "$old"
	;;
dump)
	old=$1 new=$2
	# The old server still runs after the packages of the new release came
	# in (a partial upgrade of the root's libraries).
	start "$old" "$old" || { bad "PostgreSQL $old does not start any more"; exit 1; }
	ok "PostgreSQL $old still starts after the switch to the new release"
	answers "$W/answers-$old-after"
	compare "$W/answers-$old" "$W/answers-$old-after" "PostgreSQL $old after the release switch"
	oldhost=$PGHOST oldport=$PGPORT
	# pg_dump of the new major against the old server (what the
	# PostgreSQL documentation recommends).
	PGHOST=$oldhost PGPORT=$oldport timeout 300 "$(bindir "$new")/pg_dump" -Fc -d "$DB" -f "$W/custom.dump" &&
		ok "pg_dump $new -Fc of the $old database" || bad "pg_dump $new -Fc of the $old database"
	stop "$old" "$old"
	start "$new" "dump-$new" || { bad "PostgreSQL $new does not start"; exit 1; }
	timeout 120 createdb "$DB"
	if out=$(timeout 600 pg_restore --exit-on-error -d "$DB" "$W/custom.dump" 2>&1); then
		ok "pg_restore into PostgreSQL $new"
	else
		bad "pg_restore into PostgreSQL $new: $out"
	fi
	answers "$W/answers-dump-$new"
	sane "$W/answers-dump-$new" "dump $old -> restore $new"
	compare "$W/answers-$old" "$W/answers-dump-$new" "dump $old -> restore $new"
	# The plain dump written by pg_dump $old, restored with psql $new.
	DB=newsroom_plain
	timeout 120 createdb "$DB"
	if out=$(timeout 600 psql -Xq -v ON_ERROR_STOP=1 -d "$DB" -f "$W/plain-$old.sql" 2>&1 >/dev/null); then
		ok "plain dump of pg_dump $old restored by psql $new"
	else
		bad "plain dump of pg_dump $old into $new: $out"
	fi
	answers "$W/answers-plain-$new"
	compare "$W/answers-$old" "$W/answers-plain-$new" "plain dump $old -> psql $new"
	stop "$new" "dump-$new"
	;;
upgrade)
	old=$1 new=$2
	dir=$W/upgrade-$new
	rm -rf "$dir"
	mkdir -p "$dir" && chown postgres: "$dir"
	as_pg_in "$dir" "$(bindir "$new")/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
		--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; bad "initdb $new"; exit 1; }
	stop "$old" "$old"
	port1=$(na_free_port)
	port2=$(na_free_port)
	[ "$port2" = "$port1" ] && port2=$((port1 + 1))
	args=(-b "$(bindir "$old")" -B "$(bindir "$new")" -d "$W/$old/data" -D "$dir/data"
		-p "$port1" -P "$port2" -U postgres)
	if out=$(as_pg_in "$dir" timeout 900 "$(bindir "$new")/pg_upgrade" --check "${args[@]}" 2>&1); then
		ok "pg_upgrade --check $old -> $new"
	else
		printf '%s\n' "$out" | tail -20
		bad "pg_upgrade --check $old -> $new"
	fi
	if as_pg_in "$dir" timeout 1800 "$(bindir "$new")/pg_upgrade" "${args[@]}" >"$dir/pg_upgrade.out" 2>&1; then
		ok "pg_upgrade $old -> $new (copy mode)"
	else
		tail -30 "$dir/pg_upgrade.out"
		bad "pg_upgrade $old -> $new"
		exit 1
	fi
	# What pg_upgrade asks the user to do afterwards: its closing advice and
	# the scripts it left (update_extensions.sql, reindex_hash.sql, ...).
	echo "-- pg_upgrade's closing advice:"
	sed -n '/^Upgrade Complete/,$p' "$dir/pg_upgrade.out" | grep -v '^-*$'
	echo "-- scripts pg_upgrade left: $(cd "$dir" && ls -- *.sql *.sh 2>/dev/null | tr '\n' ' ')"
	start "$new" "upgrade-$new" || { bad "the upgraded cluster does not start"; exit 1; }
	# No REINDEX, no ALTER EXTENSION, no ANALYZE: the answers as they are.
	answers "$W/answers-upgrade-$new"
	sane "$W/answers-upgrade-$new" "pg_upgrade $old -> $new, nothing rebuilt"
	compare "$W/answers-$old" "$W/answers-upgrade-$new" "pg_upgrade $old -> $new, nothing rebuilt"
	# amcheck-free structural check: a REINDEX gives the same answers.
	q -c "REINDEX TABLE articles" && answers "$W/answers-reindexed-$new" &&
		compare "$W/answers-upgrade-$new" "$W/answers-reindexed-$new" "pg_upgrade $old -> $new, then REINDEX"
	stop "$new" "upgrade-$new"
	;;
*)
	echo "usage: $0 build MAJOR | create OLD | dump OLD NEW | upgrade OLD NEW" >&2
	exit 2
	;;
esac
exit 0
