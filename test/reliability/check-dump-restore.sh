#!/usr/bin/env bash
# check-dump-restore.sh: pg_dump / pg_restore of a database that uses the
# extension (the one the pg_regress suite leaves behind: our types in
# tables, expression and operator-class indexes, text search
# configurations, the extension's own configuration tables).
#
# Restores into a new database with --exit-on-error (pg_restore runs with an
# empty search_path, so an unqualified reference inside the extension's SQL
# fails here), then compares every user table row by row (via text output)
# and checks that every index was recreated and is valid.
set -uo pipefail
src=${NEWS_DUMP_DB:-contrib_regression}
dst=news_restore_check
dump=$(mktemp /tmp/news_dump.XXXXXX)
trap 'rm -f "$dump"; dropdb --if-exists "$dst" >/dev/null 2>&1' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

if pg_dump -Fc -f "$dump" "$src" 2>"$dump.err"; then
	ok "pg_dump of $src"
else
	bad "pg_dump of $src: $(cat "$dump.err")"
fi
rm -f "$dump.err"
dropdb --if-exists "$dst" >/dev/null 2>&1
createdb "$dst"
if out=$(pg_restore --exit-on-error -d "$dst" "$dump" 2>&1); then
	ok "pg_restore into $dst"
else
	bad "pg_restore: $out"
fi

# Row-by-row comparison of every ordinary user table.
tables=$(psql -XAt -d "$src" -c "
	SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
	  JOIN pg_namespace n ON n.oid = c.relnamespace
	 WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
	   AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast%'
	 ORDER BY 1")
for t in $tables; do
	q="SELECT count(*) || ':' || coalesce(md5(string_agg(x, '|' ORDER BY x)), '')
	     FROM (SELECT t::text AS x FROM $t t) s"
	a=$(psql -XAt -d "$src" -c "$q" 2>&1)
	b=$(psql -XAt -d "$dst" -c "$q" 2>&1)
	if [ "$a" = "$b" ]; then
		ok "table $t restored identically (${a%%:*} rows)"
	else
		bad "table $t differs after restore: $a vs $b"
	fi
done

# Every index is back and valid.
q="SELECT count(*) FILTER (WHERE i.indisvalid) || '/' || count(*) FROM pg_index i
	 JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
a=$(psql -XAt -d "$src" -c "$q")
b=$(psql -XAt -d "$dst" -c "$q")
if [ "$a" = "$b" ]; then
	ok "indexes valid after restore ($b)"
else
	bad "indexes after restore: $b, before: $a"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
