#!/usr/bin/env bash
# test/bench/bench_ann.sh: news_ivf against pgvector HNSW, in one command.
#
#   bash test/bench/bench_ann.sh [--corpus SPEC] [--timeout SECONDS]
#
# Makes a throwaway Debian 13 (trixie) root with PostgreSQL 17 (the
# portability roots of test/portability/lib.sh, package layer pg17 reused
# when cached), installs Debian's postgresql-17-pgvector and python3-numpy
# there, copies this tree into it, and runs
#
#   bash test/bench/run.sh --corpus SPEC ann
#
# inside: it builds and installs the extension for PostgreSQL 17, loads the
# corpus (default synthetic:100000; any run.sh corpus, e.g. gnad) into a
# throwaway cluster, and test/bench/bench_ann.py builds both indexes and
# times the same query ids on both, alternating (tables on stdout).
# Needs root (chroot, mounts); the root and everything in it are removed
# at exit.  Environment variables NEWS_BENCH_ANN_* and NEWS_BENCH_IVF_*
# are passed through (see bench_ann.py).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../portability/lib.sh"

corpus=synthetic:100000
limit=7200
while [ $# -gt 0 ]; do
	case "$1" in
		--corpus) corpus=$2; shift ;;
		--timeout) limit=$2; shift ;;
		*) echo "usage: bench_ann.sh [--corpus SPEC] [--timeout SECONDS]" >&2; exit 2 ;;
	esac
	shift
done

na_root_session trixie pg17 || { echo "bench_ann: could not make the trixie root" >&2; exit 1; }
na_root_copy_tree || { echo "bench_ann: could not copy the tree" >&2; exit 1; }
na_root_install_pg 17 || { echo "bench_ann: PostgreSQL 17 packages failed" >&2; exit 1; }
na_root_save_layer || na_root_log "could not save the package layer"
na_root_apt_install postgresql-17-pgvector python3-numpy ||
	{ echo "bench_ann: postgresql-17-pgvector failed to install" >&2; exit 1; }
na_root_log "pgvector $(na_root_run 60 "dpkg-query -W -f='\${Version}' postgresql-17-pgvector")"

pass=""
for v in $(env | grep -oE '^NEWS_BENCH_(ANN|IVF)_[A-Z_]+=[^ ]*'); do
	pass="$pass $v"
done
NA_ROOT_ENV="NA_PG_MAJOR=17 NEWS_SKIP_APT=1 NEWS_BENCH_DIR=/tmp/bench_ann$pass"
na_root_run "$limit" "bash test/bench/run.sh --corpus $corpus ann"
