#!/usr/bin/env bash
# test/run-tests.sh: the whole test suite, from a bare Debian 12 machine.
#
#   bash test/run-tests.sh
#
# Installs the packages it needs (as root), builds and installs the
# extension, starts a throwaway PostgreSQL cluster in a temporary directory
# on a free port, runs the pg_regress suite (make installcheck) and every
# extra check program test/*/check-*.sh against it, stops the cluster (also
# on failure) and ends with "N passed, N failed".  Exit status 0 only when
# nothing failed.
#
# A check program gets PGHOST/PGPORT/PGUSER in its environment and must end
# its output with its own "N passed, N failed" line.  Every step runs under
# `timeout`: pg_regress and each check program get NEWS_CHECK_TIMEOUT
# seconds (default 1800), or what the check asks for in a header line
# "# check-timeout: SECONDS" (the long portability checks); one that runs
# out is killed (with its process group) and counted as failed with a line
# "CHECK: TIMED OUT after N s".
#
# The portability checks (test/portability: other PostgreSQL majors, a bare
# Debian root, major upgrades) run in a second lane in the background; see
# below.
#
# NEWS_NESTED=1 (set by test/portability when it runs this suite inside a
# Debian root for another PostgreSQL major) skips the checks that would
# nest: test/portability itself and test/scaleout.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$NA_ROOT"

na_install_packages
na_build_install
check_timeout=${NEWS_CHECK_TIMEOUT:-1800}

CLUSTER=$(mktemp -d /tmp/news_analytics_test.XXXXXX)
trap 'na_cluster_stop "$CLUSTER"' EXIT INT TERM
na_cluster_start "$CLUSTER"

passed=0
failed=0

# make must be warning-free (-Wall -Wextra and each major's PGXS flags)
if [ "${NA_BUILD_WARNINGS:-0}" = 0 ]; then
	echo "build without compiler warnings ... ok"
	passed=$((passed + 1))
else
	echo "build without compiler warnings ... FAILED ($NA_BUILD_WARNINGS warnings, printed above)"
	failed=$((failed + 1))
fi

# The check programs (unit tests of the pure C cores, data-driven checks,
# short fuzz runs, the Citus and portability checks, ...).
#
# run_check CHECK [LIMIT]: run one check program under its timeout, print
# its output and then one line "@@result CHECK PASSED FAILED".
run_check() {
	local check=$1 cap=${2:-} started limit out status line p f
	started=$SECONDS
	limit=$(sed -nE '1,20s/^# check-timeout: ([0-9]+)$/\1/p' "$check" | head -1)
	limit=${limit:-$check_timeout}
	[ "$limit" -lt "$check_timeout" ] && limit=$check_timeout
	[ -n "$cap" ] && [ "$cap" -lt "$limit" ] && limit=$cap
	na_log "$check"
	out=$(timeout -k 30 "$limit" bash "$check" 2>&1 </dev/null)
	status=$?
	printf '%s\n' "$out"
	na_log "$check: $((SECONDS - started)) s"
	if [ "$status" = 124 ] || [ "$status" = 137 ]; then
		# Whatever result line it printed is incomplete.
		echo "$check: TIMED OUT after $((SECONDS - started)) s (limit $limit s)"
		echo "@@result $check 0 1"
		return
	fi
	line=$(printf '%s\n' "$out" | grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' | tail -1)
	if [ -z "$line" ]; then
		echo "$check: no result line (exit status $status)"
		echo "@@result $check 0 1"
		return
	fi
	p=$(printf '%s' "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
	f=$(printf '%s' "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then
		f=1
	fi
	echo "@@result $check $p $f"
}

# tally FILE: add the "@@result" lines of FILE to passed/failed.
tally() {
	local tag name p f
	while read -r tag name p f; do
		[ "$tag" = "@@result" ] || continue
		passed=$((passed + p))
		failed=$((failed + f))
	done <"$1"
}

# The portability checks (test/portability) work in Debian roots of their
# own and never touch the cluster above: they run in a second lane, in the
# background, while this lane runs the rest.  Most checks keep one core
# busy, so two lanes use both cores of a small machine.  The lane has one
# time budget (NEWS_LANE_TIMEOUT, default 4200 s) that caps each of its
# checks; its output goes to a file and is printed at the end.
checks=$(ls test/*/check-*.sh 2>/dev/null | sort)
lane_checks=""
main_checks=""
for check in $checks; do
	case $check in
	test/portability/* | test/scaleout/*)
		if [ "${NEWS_NESTED:-0}" = 1 ]; then
			na_log "$check: skipped (NEWS_NESTED=1)"
			continue
		fi ;;
	esac
	case $check in
	test/portability/*) lane_checks="$lane_checks $check" ;;
	*) main_checks="$main_checks $check" ;;
	esac
done

lane_log=$(mktemp /tmp/news_analytics_lane.XXXXXX)
lane_pid=""
if [ -n "$lane_checks" ]; then
	lane_budget=${NEWS_LANE_TIMEOUT:-4200}
	(
		lane_start=$SECONDS
		for check in $lane_checks; do
			left=$((lane_budget - (SECONDS - lane_start)))
			if [ "$left" -lt 60 ]; then
				echo "$check: not run, the lane's time budget ($lane_budget s) is spent"
				echo "@@result $check 0 1"
				continue
			fi
			run_check "$check" "$left"
		done
	) >"$lane_log" 2>&1 </dev/null &
	lane_pid=$!
	na_log "portability checks running in a second lane (pid $lane_pid):$lane_checks"
fi
trap '[ -n "$lane_pid" ] && kill "$lane_pid" 2>/dev/null; na_cluster_stop "$CLUSTER"; rm -f "$lane_log"' EXIT INT TERM

# pg_regress, then the other check programs, in this lane.
na_log "pg_regress (make installcheck)"
started=$SECONDS
rm -rf results regression.diffs regression.out
timeout -k 30 "$check_timeout" make -s PG_CONFIG="$PG_CONFIG" installcheck \
	>"$CLUSTER/installcheck.log" 2>&1
status=$?
cat "$CLUSTER/installcheck.log"
timed_out=0
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
	echo "pg_regress: TIMED OUT after $((SECONDS - started)) s (limit $check_timeout s)"
	timed_out=1
fi
# Every test line counts: "... ok" passed, anything else (FAILED, a missing
# expected file, a crash) failed.  pg_regress prints "test NAME ... ok" up
# to PostgreSQL 16 and TAP lines ("ok 2 - NAME", "not ok 1 - NAME") from 17.
ran=$(grep -cE '^((test| ) +[^ ]+ +\.\.\. |(not )?ok [0-9]+ +[-+] )' "$CLUSTER/installcheck.log")
ok=$(grep -cE '^((test| ) +[^ ]+ +\.\.\. ok |ok [0-9]+ +[-+] )' "$CLUSTER/installcheck.log")
bad=$((ran - ok))
if [ "$ran" = 0 ]; then
	bad=1	# pg_regress did not run at all
fi
bad=$((bad + timed_out))
[ -f regression.diffs ] && head -200 regression.diffs
na_log "pg_regress: $((SECONDS - started)) s"
passed=$((passed + ok))
failed=$((failed + bad))

main_log="$CLUSTER/checks.log"
: >"$main_log"
for check in $main_checks; do
	run_check "$check" | tee -a "$main_log" | grep -v '^@@result '
done
tally "$main_log"

if [ -n "$lane_pid" ]; then
	na_log "waiting for the portability lane"
	wait "$lane_pid"
	lane_pid=""
	grep -v '^@@result ' "$lane_log"
	tally "$lane_log"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
