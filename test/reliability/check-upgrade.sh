#!/usr/bin/env bash
# check-upgrade.sh: ALTER EXTENSION news_analytics UPDATE from the first
# released version (0.1) to the current default version.
#
# A database is created with CREATE EXTENSION ... VERSION '0.1' and filled
# the way a 0.1 user would (vectors, GiST index, tsvector column with a GIN
# index over news_german, stored rollups, corpus statistics); then it is
# updated in place.  Checked: the update path exists, the version changes,
# the extension's members equal those of a fresh install, every stored
# value still reads back the same, the old indexes still answer exactly as
# sequential scans (no REINDEX), and the new version's objects work.
# Needs PGHOST/PGPORT/PGUSER of a server with the extension installed.
set -uo pipefail
old=news_upgrade_old
new=news_upgrade_new
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }
cleanup() { dropdb --if-exists "$old" >/dev/null 2>&1; dropdb --if-exists "$new" >/dev/null 2>&1; }
trap cleanup EXIT
cleanup
root=$(cd "$(dirname "$0")/../.." && pwd)
q() { local d=$1; shift; psql -XAtq -v ON_ERROR_STOP=1 -d "$d" "$@"; }

createdb "$old" && createdb "$new" || { echo "0 passed, 1 failed"; exit 1; }
default=$(q "$old" -c "SELECT default_version FROM pg_available_extensions WHERE name = 'news_analytics'")
path=$(q "$old" -c "SELECT path FROM pg_extension_update_paths('news_analytics')
                     WHERE source = '0.1' AND target = '$default'")
[ -n "$path" ] && ok "update path 0.1 -> $default: $path" || bad "no update path from 0.1 to $default"

# 1. a 0.1 database in use
if q "$old" >/dev/null <<SQL
CREATE EXTENSION news_analytics VERSION '0.1';
CREATE TABLE articles (id int PRIMARY KEY, published_at timestamptz NOT NULL,
	section text, story text, title text, body text);
\copy articles FROM '$root/test/data/sample_articles.csv' (FORMAT csv, HEADER true)
SELECT news_analyze_corpus('articles', 'body');
ALTER TABLE articles ADD COLUMN vec news_vector, ADD COLUMN tsv tsvector;
UPDATE articles SET vec = news_vector(title || ' ' || body),
                    tsv = to_tsvector('news_german', title || ' ' || body);
CREATE INDEX articles_vec ON articles USING gist (vec);
CREATE INDEX articles_tsv ON articles USING gin (tsv);
CREATE TABLE monthly AS
SELECT section, news_rollup(published_at) AS r FROM articles GROUP BY section;
SQL
then ok "0.1 installed and used"; else bad "0.1 set-up failed"; fi
[ "$(q "$old" -c "SELECT extversion FROM pg_extension WHERE extname = 'news_analytics'")" = 0.1 ] &&
	ok "installed version is 0.1" || bad "installed version is not 0.1"

# what a 0.1 user sees, to compare after the update
snapshot() {
	q "$old" <<'SQL'
SELECT id, vec::text, tsv::text, news_simhash(vec) FROM articles ORDER BY id;
SELECT section, r::text, news_rollup_total(r), news_rollup_sparkline(r, 'month')
  FROM monthly ORDER BY section;
SELECT ndocs, nword, npart, (SELECT count(*) FROM news_corpus_terms) FROM news_corpus_info;
SELECT id, title FROM articles WHERE tsv @@ websearch_to_tsquery('news_german', 'Kriminalität') ORDER BY id;
SQL
}
# the top 5 of every article by the GiST index and by a sequential scan
related() {
	q "$old" -c "SET enable_seqscan = $1; SET enable_indexscan = $2; SET enable_bitmapscan = off;" -c "
SELECT a.id, array_agg(b.id ORDER BY b.d, b.id)
  FROM articles a
 CROSS JOIN LATERAL (SELECT x.id, x.vec <-> a.vec AS d FROM articles x
                      WHERE x.id <> a.id ORDER BY x.vec <-> a.vec LIMIT 5) b
 GROUP BY a.id ORDER BY a.id"
}
before=$(snapshot)
related_before=$(related on off)

# 2. the update
if out=$(q "$old" -c "ALTER EXTENSION news_analytics UPDATE" 2>&1); then
	ok "ALTER EXTENSION news_analytics UPDATE"
else
	bad "ALTER EXTENSION UPDATE: $out"
fi
v=$(q "$old" -c "SELECT extversion FROM pg_extension WHERE extname = 'news_analytics'")
[ "$v" = "$default" ] && ok "version after the update is $v" || bad "version after the update: $v"

# 3. same members as a fresh install of the default version
members() {
	q "$1" -c "SELECT pg_describe_object(classid, objid, objsubid) FROM pg_depend
	            WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
	              AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'news_analytics')
	            ORDER BY 1"
}
q "$new" -c "CREATE EXTENSION news_analytics" >/dev/null
m_old=$(members "$old")
m_new=$(members "$new")
if [ "$m_old" = "$m_new" ]; then
	ok "updated extension has the same $(printf '%s\n' "$m_old" | wc -l) members as a fresh install"
else
	bad "members differ: $(diff <(printf '%s\n' "$m_old") <(printf '%s\n' "$m_new") | head -10)"
fi
# functions: same signatures, volatility, strictness, parallel safety
props() {
	q "$1" -c "SELECT p.oid::regprocedure::text, p.provolatile, p.proisstrict, p.proparallel,
	                  p.prosecdef, p.prorettype::regtype
	             FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
	              AND d.deptype = 'e'
	              AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'news_analytics')
	            ORDER BY 1"
}
[ "$(props "$old")" = "$(props "$new")" ] && ok "function properties equal a fresh install" ||
	bad "function properties differ: $(diff <(props "$old") <(props "$new") | head -10)"
n=$(q "$old" -c "SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
                  AND d.deptype = 'e' WHERE p.prosecdef")
[ "$n" = 0 ] && ok "no SECURITY DEFINER function" || bad "$n SECURITY DEFINER functions"

# 4. the data of 0.1 reads back the same, the old indexes answer as before
after=$(snapshot)
[ "$before" = "$after" ] && ok "stored vectors, tsvectors, rollups, statistics and searches unchanged" ||
	bad "values differ after the update: $(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -6)"
related_index=$(related off on)
[ "$related_before" = "$related_index" ] &&
	ok "GiST index built under 0.1 gives the sequential scan's top 5 for all $(printf '%s\n' "$related_index" | wc -l) articles" ||
	bad "GiST index after the update differs from the sequential scan"
plan=$(q "$old" -c "SET enable_seqscan = off" -c "EXPLAIN (COSTS OFF) SELECT id FROM articles ORDER BY vec <-> (SELECT vec FROM articles WHERE id = 1) LIMIT 5")
grep -q "articles_vec" <<<"$plan" && ok "KNN plan uses the 0.1 index" || bad "KNN plan: $plan"

# 5. new writes and the extension's functions work after the update
if q "$old" >/dev/null <<'SQL'
INSERT INTO articles (id, published_at, section, title, body, vec, tsv)
SELECT 1000 + id, published_at + interval '1 day', section, title, body,
       news_vector(title || ' ' || body), to_tsvector('news_german', title || ' ' || body)
  FROM articles WHERE id <= 5;
INSERT INTO monthly SELECT 'new', news_rollup(published_at) FROM articles;
SELECT news_analyze_corpus('articles', 'body');
SELECT news_rollup_total(news_rollup_merge(r)) FROM monthly;
SQL
then ok "inserts, rollups and a statistics refresh after the update"; else bad "writes after the update failed"; fi
r=$(q "$old" -c "SET enable_seqscan = off" -c "SELECT id FROM articles WHERE id <> 1001 ORDER BY vec <-> (SELECT vec FROM articles WHERE id = 1001) LIMIT 1")
[ "$r" = 1 ] && ok "the index finds the copy of article 1 inserted after the update" || bad "index lookup after insert gave '$r'"

# 6. the updated database dumps and restores into a fresh install
dump=$(mktemp /tmp/news_upgrade_dump.XXXXXX)
if pg_dump -Fc -f "$dump" "$old" && dropdb "$new" && createdb "$new" &&
	pg_restore --exit-on-error -d "$new" "$dump" 2>/dev/null; then
	c1=$(q "$old" -c "SELECT count(*), md5(string_agg(vec::text, '' ORDER BY id)) FROM articles")
	c2=$(q "$new" -c "SELECT count(*), md5(string_agg(vec::text, '' ORDER BY id)) FROM articles")
	[ "$c1" = "$c2" ] && ok "pg_dump of the updated database restores with the same vectors" ||
		bad "restored vectors differ: $c1 vs $c2"
else
	bad "dump/restore of the updated database failed"
fi
rm -f "$dump"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
