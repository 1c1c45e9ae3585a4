#!/usr/bin/env bash
# check-timeout: 3600
# test/portability/check-pg.sh: the whole test suite against another
# PostgreSQL major version, in a minimal Debian root with Debian's packages.
#
#   bash test/portability/check-pg.sh 17     Debian 13 (trixie), PostgreSQL 17
#   bash test/portability/check-pg.sh 18     Debian unstable (sid), PostgreSQL 18
#   bash test/portability/check-pg.sh        both, one after the other
#
# PostgreSQL 15 is the native one (test/run-tests.sh on the machine itself).
# For each major: make or reuse the cached root of the release
# (test/portability/lib.sh), install the packages of test/lib/common.sh for
# that major (or reuse the package layer a previous run kept, at most 7
# days old), copy this working tree in, and run test/run-tests.sh inside
# with NA_PG_MAJOR set and NEWS_NESTED=1 (no nested portability checks).
# Prints the inner suite's numbers as its own "N passed, N failed" line; an
# inner run that failed, timed out or printed no result line counts as a
# failure.  Needs root (debootstrap, chroot, mount).
#
# Environment: NA_CHECK_PG_TIMEOUT  seconds for the inner suite (default 2400)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

passed=0
failed=0

release_of() {
	case $1 in
	17) echo trixie ;;
	18) echo sid ;;
	*) return 1 ;;
	esac
}

# One major: adds the inner numbers to passed/failed.  Runs in a subshell
# so that each major's session is cleaned up (EXIT trap) before the next.
check_major() (
	# A subshell does not inherit the EXIT trap of lib.sh: set it again.
	trap na_root_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	major=$1
	release=$(release_of "$major") || { echo "PostgreSQL $major: no root for it (17 or 18)"; exit 2; }
	started=$SECONDS
	na_root_session "$release" "pg$major" || { echo "PostgreSQL $major: could not make the $release root"; exit 2; }
	na_root_log "PostgreSQL $major: $release root ready after $((SECONDS - started)) s"
	na_root_copy_tree || { echo "PostgreSQL $major: could not copy the tree"; exit 2; }
	t=$SECONDS
	na_root_install_pg "$major" || { echo "PostgreSQL $major: package installation failed"; exit 2; }
	na_root_log "PostgreSQL $major: packages installed in $((SECONDS - t)) s"
	na_root_save_layer || na_root_log "PostgreSQL $major: could not save the package layer"
	t=$SECONDS
	NA_ROOT_ENV="NA_PG_MAJOR=$major NEWS_NESTED=1 NEWS_SKIP_APT=1"
	na_root_run "${NA_CHECK_PG_TIMEOUT:-2400}" "bash test/run-tests.sh" >"$NA_ROOT_SESSION/suite.log" 2>&1
	status=$?
	cat "$NA_ROOT_SESSION/suite.log"
	na_root_log "PostgreSQL $major: suite ran $((SECONDS - t)) s (status $status), $((SECONDS - started)) s in all"
	# The suite's own result is its last line (the check programs print
	# lines of the same form before it); a killed suite has none.
	line=$(grep -v '^[[:space:]]*$' "$NA_ROOT_SESSION/suite.log" | tail -1 |
		grep -E '^[0-9]+ passed, [0-9]+ failed$')
	if [ "$status" = 124 ] || [ "$status" = 137 ]; then
		echo "PostgreSQL $major: the suite timed out"
		line=""
	fi
	if [ -z "$line" ]; then
		echo "PostgreSQL $major: no result line from the suite (status $status)"
		echo "result 0 1"
		exit 1
	fi
	p=${line%% passed*}
	f=${line#* passed, }
	f=${f%% failed*}
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then
		f=1
	fi
	echo "PostgreSQL $major ($release): $p passed, $f failed"
	echo "result $p $f"
	[ "$f" = 0 ]
)

majors=${*:-17 18}
log=$(mktemp /tmp/news-check-pg.XXXXXX)
trap 'rm -f "$log"; na_root_cleanup' EXIT
for major in $majors; do
	# shown as it runs (tee to our stdout), kept in $log for the result line
	check_major "$major" 2>&1 | tee "$log"
	out=$(grep -E '^result [0-9]+ [0-9]+$' "$log" | tail -1)
	if [ -z "$out" ]; then
		failed=$((failed + 1))
		continue
	fi
	set -- $out
	passed=$((passed + $2))
	failed=$((failed + $3))
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
