#!/usr/bin/env bash
# test/demo.sh: the demo, from a bare Debian 12 machine.
#
#   bash test/demo.sh
#
# Installs the packages it needs (as root), builds and installs the
# extension, starts a throwaway PostgreSQL cluster in a temporary directory
# on a free port, creates the extension, loads the bundled sample articles
# (test/data/sample_articles.csv) and prints the showcase queries of
# test/demo.sql with their results (tokenizer, related articles, rollups,
# dates, trending terms and stories).  The cluster is stopped and removed at
# the end, also on failure.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$NA_ROOT"

na_install_packages
na_build_install

CLUSTER=$(mktemp -d /tmp/news_analytics_demo.XXXXXX)
trap 'na_cluster_stop "$CLUSTER"' EXIT INT TERM
na_cluster_start "$CLUSTER"

# Every psql under a timeout: the demo must end, also when something hangs.
psql() { timeout --foreground -k 10 600 psql "$@"; }
psql -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE newsroom" || exit 1
export PGDATABASE=newsroom
psql -q -v ON_ERROR_STOP=1 <<'SQL' || exit 1
CREATE EXTENSION news_analytics;
CREATE TABLE articles (
	id           int PRIMARY KEY,
	published_at timestamptz NOT NULL,
	section      text NOT NULL,
	story        text,
	title        text NOT NULL,
	body         text NOT NULL
);
SQL
psql -q -v ON_ERROR_STOP=1 \
	-c "\\copy articles FROM 'test/data/sample_articles.csv' (FORMAT csv, HEADER true)" || exit 1
echo "Loaded $(psql -XAtc 'SELECT count(*) FROM articles') sample articles into database newsroom."
echo
psql -X -v ON_ERROR_STOP=1 --echo-queries -P pager=off -f test/demo.sql
