#!/usr/bin/env bash
# check-replication.sh: run the TAP tests of test/t (a primary and a
# streaming standby, see 001_replication.pl) with prove and PostgreSQL's
# own test modules (PostgreSQL::Test::Cluster, shipped by
# postgresql-server-dev-15 under $(pg_config --pkglibdir)/pgxs/src/test/perl;
# they need IPC::Run from libipc-run-perl).  The clusters are their own, on
# ports and sockets the modules choose; the binaries are those of
# PG_CONFIG, which must have the extension installed.
#
# PostgreSQL refuses to run as root, so as root the tests run as the
# postgres user in a temporary directory it owns.  Ends with
# "N passed, N failed" (the TAP test points); a test file that dies or
# times out counts as a failure.
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"

result() { echo "$1 passed, $2 failed"; exit $(($2 > 0)); }

na_install_packages
bindir=$("$PG_CONFIG" --bindir)
pkglibdir=$("$PG_CONFIG" --pkglibdir)
sharedir=$("$PG_CONFIG" --sharedir)
perldir=$pkglibdir/pgxs/src/test/perl
if [ ! -f "$perldir/PostgreSQL/Test/Cluster.pm" ]; then
	echo "PostgreSQL::Test::Cluster not found in $perldir (postgresql-server-dev-15)"
	result 0 1
fi
if [ ! -f "$sharedir/extension/news_analytics.control" ]; then
	echo "news_analytics is not installed in $sharedir (make install)"
	result 0 1
fi
# Cluster.pm calls "$PG_REGRESS --config-auth DATADIR", which only matters
# on Windows; the PGXS copy of pg_regress does it, true does nothing
pg_regress=$pkglibdir/pgxs/src/test/regress/pg_regress
[ -x "$pg_regress" ] || pg_regress=$(command -v true)

work=$(mktemp -d /tmp/news_analytics_tap.XXXXXX)
cleanup() {
	# a prove killed by the timeout leaves its servers running: stop every
	# cluster under the work directory by its data directory (no ps/pkill)
	local pidfile
	for pidfile in $(find "$work" -name postmaster.pid 2>/dev/null); do
		na_as_pg "$bindir/pg_ctl" -D "$(dirname "$pidfile")" -m immediate -w -t 30 \
			stop >/dev/null 2>&1
	done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
cp -r test/t "$work/t"
as_pg=()
if [ "$(id -u)" = 0 ]; then
	chown -R postgres: "$work"
	as_pg=(runuser -u postgres --)
fi

(cd "$work" && timeout -k 30 900 "${as_pg[@]}" env PATH="$bindir:$PATH" TESTDIR="$work" \
	PG_REGRESS="$pg_regress" PG_TEST_TIMEOUT_DEFAULT=120 \
	prove -v -I "$perldir" t/*.pl) >"$work/prove.log" 2>&1
status=$?
# the plain TAP lines of the test files (ok N / not ok N)
grep -E '^(not )?ok [0-9]+' "$work/prove.log"
passed=$(grep -cE '^ok [0-9]+' "$work/prove.log")
failed=$(grep -cE '^not ok [0-9]+' "$work/prove.log")
if [ "$status" != 0 ] || [ $((passed + failed)) = 0 ]; then
	[ "$status" = 124 ] && echo "prove timed out"
	grep -vE '^(not )?ok [0-9]+' "$work/prove.log" | tail -30
	for log in $(find "$work" -name '*.log' -path '*tmp_check/log*' 2>/dev/null); do
		echo "--- $log"; tail -15 "$log"
	done | tail -60
	[ "$failed" = 0 ] && failed=1
fi
result "$passed" "$failed"
