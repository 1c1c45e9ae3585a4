#!/usr/bin/env bash
# check-timeout: 3600
# test/portability/check-major-upgrade.sh: a database that uses the
# extension, moved from PostgreSQL 15 to 17 (and 18) the two ways a Debian user
# does it, in one minimal Debian root.
#
#   bash test/portability/check-major-upgrade.sh
#
# 1. Debian 12 (bookworm) root (test/portability/lib.sh), PostgreSQL 15 and
#    the build packages from bookworm; the extension built and installed
#    for 15; a database with stored vectors and tsvectors, a GiST, a
#    news_ivf and a GIN (news_german) index, stored rollups and corpus
#    statistics (news_analyze_corpus) over the sample articles; its answers
#    recorded (stored and recomputed vectors and tsvectors, text search
#    counts, rollups, corpus statistics, "Mehr zum Thema" top 10 through
#    GiST, news_ivf and a sequential scan), and a plain pg_dump.
# 2. The Debian upgrade: the root's apt sources switched to Debian 13
#    (trixie), postgresql-17 and postgresql-server-dev-17 installed (with
#    the trixie libraries they pull in: libc6, ICU, OpenSSL, ...); with
#    NA_UPGRADE_FULL=1 also `apt-get full-upgrade` (the whole
#    dist-upgrade; much slower).  The extension built and installed for 17
#    (15 keeps its build).  PostgreSQL 15 must still start and answer the
#    same.
# 3. (a) pg_dump (17's, custom format) of the 15 database restored with
#    pg_restore into a new 17 cluster, and the plain dump of 15's pg_dump
#    restored with psql: same answers.  (b) pg_upgrade 15 -> 17 (copy
#    mode): same answers with nothing rebuilt (no REINDEX, no ALTER
#    EXTENSION, no ANALYZE), the indexes used and agreeing with a
#    sequential scan; pg_upgrade's closing advice is printed.
# 4. The root moved on to Debian unstable (sid): postgresql-18 installed,
#    the extension built for 18, and the 15 database dumped with 18's
#    pg_dump and restored into 18 (and the plain dump through psql 18):
#    same answers.
#
# Steps inside the root: test/portability/major-upgrade-steps.sh.  Prints
# "N passed, N failed".  Needs root (debootstrap, chroot, mount).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

OLD=15
NEW=17
NEW_RELEASE=trixie
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }
finish() {
	echo "timings: $timings all $((SECONDS - started)) s"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
}
timings=""
took() { timings="$timings$1 $((SECONDS - t)) s,"; t=$SECONDS; }

# step NAME SECONDS ARGS...: one step inside the root; its ok/FAILED lines
# count.  Returns the step's status.
step() {
	local name=$1 seconds=$2 out status
	shift 2
	out=$(na_root_run "$seconds" "bash test/portability/major-upgrade-steps.sh $*" 2>&1)
	status=$?
	printf '%s\n' "$out"
	passed=$((passed + $(printf '%s\n' "$out" | grep -c '^ok: ')))
	failed=$((failed + $(printf '%s\n' "$out" | grep -c '^FAILED: ')))
	if [ "$status" = 124 ] || [ "$status" = 137 ]; then
		bad "$name: TIMED OUT after $seconds s"
	elif [ "$status" != 0 ]; then
		bad "$name: exit status $status"
	fi
	return "$status"
}

started=$SECONDS
t=$SECONDS
na_root_session bookworm || { bad "a bookworm root"; finish; }
na_root_copy_tree || { bad "copy of the tree into the root"; finish; }
took "root"
na_root_apt_install postgresql-$OLD postgresql-server-dev-$OLD libstemmer-dev \
	hunspell-de-ch hunspell-de-de make gcc ||
	{ bad "PostgreSQL $OLD packages from bookworm"; finish; }
took "packages-$OLD"
step "build for $OLD" 900 build $OLD && ok "extension built and installed for PostgreSQL $OLD" ||
	finish
step "database on $OLD" 900 create $OLD || finish
took "build+create-$OLD"

# The Debian upgrade.  Configuration files kept as they are (--force-confold),
# as an unattended upgrade would.
# From here on the root is a $NEW_RELEASE one: its downloaded packages go to
# (and come from) that release's .deb cache, under that release's apt lock,
# which other sessions of it share.
echo "deb $NA_MIRROR $NEW_RELEASE main" >"$NA_ROOT_DIR/etc/apt/sources.list"
mkdir -p "$NA_ROOTS_DIR/../debs/$NEW_RELEASE"
na_root_mount --bind "$NA_ROOTS_DIR/../debs/$NEW_RELEASE" "$NA_ROOT_DIR/var/cache/apt/archives" ||
	{ bad "the $NEW_RELEASE package cache"; finish; }
NA_ROOT_RELEASE=$NEW_RELEASE
na_root_apt_install -o Dpkg::Options::=--force-confold postgresql-$NEW postgresql-server-dev-$NEW ||
	{ bad "postgresql-$NEW from $NEW_RELEASE"; finish; }
if [ "${NA_UPGRADE_FULL:-0}" != 1 ]; then
	echo "(no apt-get full-upgrade: NA_UPGRADE_FULL=1 for the whole dist-upgrade)"
elif (
	flock -w 900 9 || exit 1
	na_root_run 1800 "apt-get -y -qq -o Dpkg::Options::=--force-confold full-upgrade >/tmp/upgrade.log 2>&1 ||
		{ tail -30 /tmp/upgrade.log; exit 1; }"
) 9>"$NA_ROOTS_DIR/.$NEW_RELEASE.apt.lock"; then
	ok "apt-get full-upgrade to $NEW_RELEASE"
else
	bad "apt-get full-upgrade to $NEW_RELEASE"
fi
# Debian links the hunspell word lists into each major's tsearch_data
# (pg_updatedicts, a postgresql-common trigger), but installing a new major
# next to dictionaries already installed left 17's directory without them
# (measured on bookworm -> trixie): the extension cannot load its lexicon
# there.  The documented fix is one command; say when it was needed.
if na_root_run 60 "test -e /usr/share/postgresql/$NEW/tsearch_data/de_de.dict"; then
	ok "hunspell word lists linked for PostgreSQL $NEW by the packages"
else
	echo "NOTE: /usr/share/postgresql/$NEW/tsearch_data has no de_de.dict: running pg_updatedicts"
	na_root_run 120 "pg_updatedicts >/dev/null 2>&1; test -e /usr/share/postgresql/$NEW/tsearch_data/de_de.dict" &&
		ok "hunspell word lists linked for PostgreSQL $NEW after pg_updatedicts" ||
		bad "no hunspell word lists for PostgreSQL $NEW, also after pg_updatedicts"
fi
na_root_run 60 "test -x /usr/lib/postgresql/$OLD/bin/postgres" &&
	ok "PostgreSQL $OLD still installed after the upgrade" ||
	{ bad "the upgrade removed PostgreSQL $OLD"; finish; }
echo "versions: $(na_root_run 60 "dpkg-query -W -f='\${Package} \${Version}  ' postgresql-$OLD postgresql-$NEW libstemmer0d hunspell-de-ch hunspell-de-de libc6")"
took "upgrade-to-$NEW_RELEASE"
step "build for $NEW" 900 build $NEW && ok "extension built and installed for PostgreSQL $NEW" ||
	finish
took "build-$NEW"

step "dump $OLD -> restore $NEW" 1200 dump $OLD $NEW
took "dump-restore"
step "pg_upgrade $OLD -> $NEW" 1800 upgrade $OLD $NEW
took "pg_upgrade"

# 4. On to Debian unstable and PostgreSQL 18: the same 15 database (still
#    intact: pg_upgrade ran in copy mode) dumped with 18's pg_dump and
#    restored into 18.
NEW2=18
NEW2_RELEASE=sid
echo "deb $NA_MIRROR $NEW2_RELEASE main" >"$NA_ROOT_DIR/etc/apt/sources.list"
echo 'Acquire::Check-Valid-Until "false";' >"$NA_ROOT_DIR/etc/apt/apt.conf.d/90news-analytics-sid"
mkdir -p "$NA_ROOTS_DIR/../debs/$NEW2_RELEASE"
na_root_mount --bind "$NA_ROOTS_DIR/../debs/$NEW2_RELEASE" "$NA_ROOT_DIR/var/cache/apt/archives" ||
	{ bad "the $NEW2_RELEASE package cache"; finish; }
NA_ROOT_RELEASE=$NEW2_RELEASE
# With the compiler and assembler of the release: 18's PGXS flags include
# warnings that bookworm's gcc 12 does not know.
na_root_apt_install -o Dpkg::Options::=--force-confold postgresql-$NEW2 postgresql-server-dev-$NEW2 gcc binutils make ||
	{ bad "postgresql-$NEW2 from $NEW2_RELEASE"; finish; }
na_root_run 120 "test -e /usr/share/postgresql/$NEW2/tsearch_data/de_de.dict || pg_updatedicts >/dev/null 2>&1;
	test -e /usr/share/postgresql/$NEW2/tsearch_data/de_de.dict" &&
	ok "hunspell word lists linked for PostgreSQL $NEW2" ||
	bad "no hunspell word lists for PostgreSQL $NEW2"
echo "versions: $(na_root_run 60 "dpkg-query -W -f='\${Package} \${Version}  ' postgresql-$OLD postgresql-$NEW2 libstemmer0d libc6")"
took "upgrade-to-$NEW2_RELEASE"
step "build for $NEW2" 900 build $NEW2 && ok "extension built and installed for PostgreSQL $NEW2" ||
	finish
took "build-$NEW2"
step "dump $OLD -> restore $NEW2" 1200 dump $OLD $NEW2
took "dump-restore-$NEW2"
finish
