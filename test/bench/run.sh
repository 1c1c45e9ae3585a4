#!/usr/bin/env bash
# test/bench/run.sh: the benchmark harness.
#
#   bash test/bench/run.sh [--corpus SPEC] [--reps N] [--keep] [--stop] NAME ...
#
#   --corpus SPEC  sample (default: test/data/sample_articles.csv),
#                  gnad (gnad-dev.csv of the shared data directory beside
#                  the checkout, "Label;text" lines),
#                  synthetic:N (N generated articles, see synthetic.py),
#                  or the path of a CSV file in the sample format
#   --reps N       repetitions per measurement (default 5; medians reported)
#   --keep         leave the cluster running; the next run reuses it (and
#                  the corpus already loaded into it)
#   --stop         stop a kept cluster and exit
#   NAME           benchmark modules test/bench/bench_NAME.py; "list" lists them
#
# Like the test command it installs what it needs, builds and installs the
# extension, and runs against a throwaway cluster of its own (in
# $NEWS_BENCH_DIR, default /tmp/news_analytics_bench).  Results are printed
# as Markdown tables: medians of alternating runs of our function and of the
# PostgreSQL baseline, and their ratio.
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"

BENCH_DIR=${NEWS_BENCH_DIR:-/tmp/news_analytics_bench}
keep=0
args=()
while [ $# -gt 0 ]; do
	case "$1" in
		--keep) keep=1 ;;
		--stop) na_cluster_stop "$BENCH_DIR"; exit 0 ;;
		list) ls test/bench/bench_*.py | sed -E 's|.*/bench_(.*)\.py|\1|'; exit 0 ;;
		*) args+=("$1") ;;
	esac
	shift
done

# openthesaurus-de-text: the synonym row of bench_related.py
NA_EXTRA_PACKAGES="python3-numpy openthesaurus-de-text" na_install_packages
na_build_install

# Benchmarks want a bigger server than the test suite.
export NA_PG_OPTS="-c shared_buffers=2GB -c maintenance_work_mem=1GB -c work_mem=256MB \
	-c max_wal_size=8GB -c synchronous_commit=off -c max_parallel_workers_per_gather=2 \
	-c jit=off"
if ! na_cluster_reuse "$BENCH_DIR"; then
	na_cluster_stop "$BENCH_DIR"
	na_cluster_start "$BENCH_DIR"
fi
if [ "$keep" = 0 ]; then
	trap 'na_cluster_stop "$BENCH_DIR"' EXIT INT TERM
fi

/usr/bin/python3 test/bench/bench.py "${args[@]}"
