#!/usr/bin/env bash
# check-crash-recovery.sh: kill -9 during inserts and during an index build,
# on a cluster of its own with fsync on (see crash_recovery.py).
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"
dir=$(mktemp -d /tmp/news_analytics_crash.XXXXXX)
trap 'na_cluster_stop "$dir"' EXIT INT TERM
NA_PG_OPTS="-c fsync=on -c synchronous_commit=on" na_cluster_start "$dir" 2>/dev/null ||
	{ echo "0 passed, 1 failed"; exit 1; }
psql -Xq -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE crashcheck" || exit 1
export PGDATABASE=crashcheck
psql -Xq -v ON_ERROR_STOP=1 <<'SQL' || { echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION news_analytics;
CREATE TABLE articles (id int PRIMARY KEY, published_at timestamptz, section text,
	story text, title text, body text);
\copy articles FROM 'test/data/sample_articles.csv' (FORMAT csv, HEADER true)
SQL
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
/usr/bin/python3 test/reliability/crash_recovery.py "$dir/data" "$("$PG_CONFIG" --bindir)/pg_ctl" "${as_pg[@]}"
