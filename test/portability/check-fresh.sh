#!/usr/bin/env bash
# check-timeout: 3600
# test/portability/check-fresh.sh: the README's two commands on a bare
# Debian 12, the way a new user runs them.
#
#   bash test/portability/check-fresh.sh
#
# Makes a throwaway Debian 12 (bookworm) root from the cached pristine
# `debootstrap --variant=minbase` output (test/portability/lib.sh; nothing
# installed in it beyond debootstrap's own packages), installs only git and
# ca-certificates into it (what a `debian:bookworm` container plus
# `apt-get install git` has: no procps, no sudo, no compiler, no
# PostgreSQL), clones the committed HEAD of this repository to
# /root/news_analytics and runs, as root, in that directory and with the
# environment of a container shell (no LANG):
#
#   bash test/demo.sh          (counted as one check: exit status 0, the
#                               sample articles loaded, the showcase queries
#                               ran, and no noise: "Permission denied",
#                               "command not found", "could not change
#                               directory")
#   bash test/run-tests.sh     (its own "N passed, N failed" counts)
#
# both with NEWS_NESTED=1 (the inner suite builds no further roots), each
# under a timeout, and prints the time of each and "N passed, N failed".
# The demo installs the packages (it runs first), so its time includes
# apt-get; the suite then finds them installed.  Uncommitted changes are not
# tested: the clone is of HEAD.  Needs root (debootstrap, chroot, mount).
#
# Environment:
#   NA_FRESH_DEMO_TIMEOUT   seconds for the demo (default 1800)
#   NA_FRESH_SUITE_TIMEOUT  seconds for the suite (default 3000)
#   NA_FRESH_KEEP_LOGS=DIR  copy the demo's and the suite's output to DIR
#   NA_SECURITY_MIRROR      Debian security archive
#                           (default http://deb.debian.org/debian-security)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$here/lib.sh"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
}

# Run a shell command as root in the root's /root, with the environment of
# a `docker run debian:bookworm` shell (PATH and HOME only), killed after
# SECONDS.
fresh_run() {
	local seconds=$1
	shift
	timeout --kill-after=30 "$seconds" chroot "$NA_ROOT_DIR" /usr/bin/env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		/bin/bash -c "cd /root && $*"
}

# Noise a user must not see: in the demo none of these, in the suite (whose
# tests provoke errors on purpose) the ones that mean a missing program or
# a server started from a directory it may not read.
noise_demo='Permission denied|command not found|could not change directory|No such file or directory'
noise_suite='command not found|could not change directory|: not found$'
noise() { grep -nE "$2" "$1" | head -5; }

started=$SECONDS
bundle=$(mktemp /tmp/news_analytics_fresh.XXXXXX.bundle)
trap 'rm -f "$bundle"; na_root_cleanup' EXIT
git -C "$src" bundle create "$bundle" HEAD >/dev/null 2>&1 ||
	{ bad "git bundle of HEAD"; finish; }
head=$(git -C "$src" rev-parse --short HEAD)

na_root_session bookworm || { bad "a bookworm root (debootstrap)"; finish; }
na_root_log "bookworm root ready after $((SECONDS - started)) s"
# The apt sources of a debian:bookworm container: with the point-release
# updates and the security archive (PostgreSQL's minor releases come
# through the latter).
cat >"$NA_ROOT_DIR/etc/apt/sources.list" <<EOF
deb $NA_MIRROR bookworm main
deb $NA_MIRROR bookworm-updates main
deb ${NA_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main
EOF
# The demo's apt-get runs inside the root, outside the lock that guards the
# .deb cache shared by the sessions of a release: give this root a private
# cache, seeded with hard links to the shared one (so nothing is downloaded
# twice, and nothing this run downloads is kept).
mkdir -p "$NA_ROOT_SESSION/debs/partial"
(
	flock -w 900 9 || exit 1
	find "$NA_ROOTS_DIR/../debs/bookworm" -maxdepth 1 -name '*.deb' -exec cp -l {} "$NA_ROOT_SESSION/debs/" \;
) 9>"$NA_ROOTS_DIR/.bookworm.apt.lock"
na_root_mount --bind "$NA_ROOT_SESSION/debs" "$NA_ROOT_DIR/var/cache/apt/archives" ||
	{ bad "a private package cache for the root"; finish; }
t=$SECONDS
na_root_apt_install git ca-certificates || { bad "apt-get install git ca-certificates"; finish; }
na_root_log "git and ca-certificates installed in $((SECONDS - t)) s"

# The bare root must really be bare: what the README's commands need comes
# from them, not from us.
for tool in ps pkill sudo gcc make psql python3; do
	if fresh_run 30 "command -v $tool" >/dev/null 2>&1; then
		bad "the fresh root already has $tool"
		finish
	fi
done

cp "$bundle" "$NA_ROOT_DIR/root/news_analytics.bundle"
fresh_run 300 "git -c advice.detachedHead=false clone -q news_analytics.bundle news_analytics &&
	rm news_analytics.bundle" || { bad "git clone in the root"; finish; }
na_root_log "cloned $head to /root/news_analytics"

logs=$NA_ROOT_SESSION
keep() { [ -n "${NA_FRESH_KEEP_LOGS:-}" ] && mkdir -p "$NA_FRESH_KEEP_LOGS" && cp "$1" "$NA_FRESH_KEEP_LOGS/"; }

# 1. bash test/demo.sh
t=$SECONDS
fresh_run "${NA_FRESH_DEMO_TIMEOUT:-1800}" \
	"cd news_analytics && NEWS_NESTED=1 bash test/demo.sh" >"$logs/demo.log" 2>&1
status=$?
demo_time=$((SECONDS - t))
keep "$logs/demo.log"
loaded=$(sed -nE 's/^Loaded ([0-9]+) sample articles into database newsroom\.$/\1/p' "$logs/demo.log")
rows=$(grep -cE '^\([0-9]+ rows?\)$' "$logs/demo.log")
n=$(noise "$logs/demo.log" "$noise_demo")
if [ "$status" = 0 ] && [ "${loaded:-0}" -gt 0 ] && [ "$rows" -gt 0 ] && [ -z "$n" ]; then
	ok "bash test/demo.sh: $loaded articles loaded, $rows result tables, $demo_time s"
else
	tail -40 "$logs/demo.log"
	[ "$status" = 124 ] || [ "$status" = 137 ] && echo "test/demo.sh TIMED OUT after $demo_time s"
	[ -n "$n" ] && printf 'noise in the demo output:\n%s\n' "$n"
	bad "bash test/demo.sh (status $status, loaded ${loaded:-none}, $rows result tables, $demo_time s)"
fi

# 2. bash test/run-tests.sh
t=$SECONDS
fresh_run "${NA_FRESH_SUITE_TIMEOUT:-3000}" \
	"cd news_analytics && NEWS_NESTED=1 bash test/run-tests.sh" >"$logs/suite.log" 2>&1
status=$?
suite_time=$((SECONDS - t))
keep "$logs/suite.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/suite.log" | tail -1)
n=$(noise "$logs/suite.log" "$noise_suite")
if [ -n "$line" ]; then
	p=${line%% passed*}
	f=${line#* passed, }
	f=${f%% failed*}
	[ "$status" != 0 ] && [ "$f" = 0 ] && f=1
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" != 0 ]; then
		grep -E '^(FAILED|not ok)|FAILED|TIMED OUT|no result line' "$logs/suite.log" | head -40
	fi
	echo "bash test/run-tests.sh: $line (status $status, $suite_time s)"
else
	tail -40 "$logs/suite.log"
	[ "$status" = 124 ] || [ "$status" = 137 ] && echo "test/run-tests.sh TIMED OUT after $suite_time s"
	bad "bash test/run-tests.sh printed no result line (status $status, $suite_time s)"
fi
[ -n "$n" ] && printf 'noise in the suite output:\n%s\n' "$n" && bad "the suite's output has noise"

echo "timings: demo $demo_time s (with package installation), run-tests $suite_time s, all $((SECONDS - started)) s"
finish
