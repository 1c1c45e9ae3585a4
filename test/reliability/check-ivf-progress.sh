#!/usr/bin/env bash
# check-ivf-progress.sh: a news_ivf index build reports its phases and tuple
# counts in pg_stat_progress_create_index (see ivf_progress.py), on a
# cluster of its own: 200,000 synthetic vectors, so that the build takes
# several seconds and every phase lasts many 20 ms polling intervals even
# on a loaded machine.  maintenance_work_mem is small enough that the sort
# of the index tuples spills to disk.
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"
dir=$(mktemp -d /tmp/news_analytics_ivfprog.XXXXXX)
trap 'na_cluster_stop "$dir"' EXIT INT TERM
NA_PG_OPTS="-c maintenance_work_mem=16MB" na_cluster_start "$dir" 2>/dev/null ||
	{ echo "0 passed, 1 failed"; exit 1; }
export PGDATABASE=postgres
# 200,000 vectors of 40-59 terms: 300 "topics" of overlapping term ranges,
# so that k-means has clusters to find
timeout 600 psql -Xq -v ON_ERROR_STOP=1 <<'SQL' || { echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION news_analytics;
CREATE TABLE docs (id int, vec news_vector);
INSERT INTO docs
SELECT i, (SELECT ('{' || string_agg('t' || x || ':' || (1 + x % 7)::text, ',') || '}')::news_vector
             FROM (SELECT DISTINCT (((i % 300) * 61 + (random() * 80)::int) % 30000) AS x
                     FROM generate_series(1, 40 + i % 20) WHERE i > 0) s)
  FROM generate_series(1, 200000) i;
INSERT INTO docs VALUES (0, NULL);
VACUUM ANALYZE docs;
SQL
timeout 900 /usr/bin/python3 test/reliability/ivf_progress.py docs 500
status=$?
if [ "$status" = 124 ]; then
	echo "ivf_progress.py timed out"
	echo "0 passed, 1 failed"
fi
exit "$status"
