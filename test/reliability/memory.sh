#!/usr/bin/env bash
# test/reliability/memory.sh: peak backend memory of the extension's big
# operations (rollup aggregates over 10 M rows, corpus analysis, vector
# computation and index builds) on a throwaway cluster.
#
#   bash test/reliability/memory.sh [--rows 10000000] [--index-rows 1000000]
#
# Prints a Markdown table (see test/reliability/memory.py).  Takes about
# 10 minutes with the defaults on 2 cores.
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"
rows=10000000 index_rows=1000000
while [ $# -gt 0 ]; do
	case "$1" in
		--rows) rows=$2; shift ;;
		--index-rows) index_rows=$2; shift ;;
		*) na_die "unknown option $1" ;;
	esac
	shift
done
na_install_packages
na_build_install
dir=$(mktemp -d /tmp/news_analytics_memory.XXXXXX)
trap 'na_cluster_stop "$dir"' EXIT INT TERM
NA_PG_OPTS="-c shared_buffers=512MB -c maintenance_work_mem=256MB -c work_mem=64MB \
	-c max_wal_size=4GB -c synchronous_commit=off" na_cluster_start "$dir"
/usr/bin/python3 test/reliability/memory.py "$rows" "$index_rows"
