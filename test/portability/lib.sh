# test/portability/lib.sh: minimal Debian roots for portability checks.
# Source it from bash (as root); it defines functions and one EXIT trap.
#
#   na_root_base RELEASE      make or reuse the cached pristine root of a
#                             Debian release (bookworm, trixie, sid, ...);
#                             prints its directory
#   na_root_session RELEASE [LAYER]
#                             a throwaway working root on top of the cached
#                             one (overlayfs; a full copy where overlayfs is
#                             not available), with /proc, /sys, /dev, /dev/shm
#                             mounted; sets NA_ROOT_DIR (call it directly,
#                             not in $(...)).  All of it is unmounted and
#                             removed on EXIT, also on failure or
#                             interruption.  LAYER: a name such as pg17 for
#                             a package layer (na_root_save_layer) to reuse
#                             when present and healthy
#   na_root_apt_install PKG...          apt-get update + install inside
#                                       NA_ROOT_DIR, with timeouts
#   na_root_install_pg MAJOR            Debian's packages to build and test
#                                       the extension against PostgreSQL MAJOR
#                                       (the list of test/lib/common.sh)
#   na_root_save_layer                  keep what the package installation
#                                       added as the session's LAYER, so
#                                       that the next session skips apt
#   na_root_copy_tree                   copy the working tree of this clone
#                                       (no .git, no build products) to
#                                       /build/news_analytics in the root, and
#                                       make ../shared visible read-only at
#                                       /build/shared
#   na_root_run SECONDS CMD             run the shell command CMD as root in
#                                       /build/news_analytics inside the root,
#                                       killed after SECONDS; returns its
#                                       status (124 on timeout)
#   na_root_cleanup                     what the EXIT trap does; call it from
#                                       your own EXIT trap if you set one
#
# Environment:
#   NA_ROOTS_DIR      cache of pristine roots, one per release, outside the
#                     clone (default /var/cache/news_analytics/roots)
#   NA_MIRROR         Debian mirror (default http://deb.debian.org/debian)
#   NA_ROOT_ENV       extra "NAME=value" words passed to na_root_run commands
#
# The cached root is only ever written while it is being built, in a
# temporary directory renamed into place when debootstrap and the apt set-up
# succeeded, so an interrupted build is never reused.  Sessions never write
# to it (they write to their overlay), so several checks can use the same
# cached root at once.  Downloaded .deb files are kept per release beside the
# roots, so a second run installs without downloading.
#
# Roots have no procps: nothing here uses ps or pkill; processes left in a
# root are found through /proc/PID/root and ended by their id.

# Canonical paths: processes and mounts are matched by the paths the kernel
# reports (/proc/PID/root, mountinfo).
NA_ROOTS_DIR=$(realpath -m "${NA_ROOTS_DIR:-/var/cache/news_analytics/roots}")
NA_CACHE_DIR=$(dirname "$NA_ROOTS_DIR")
NA_MIRROR=${NA_MIRROR:-http://deb.debian.org/debian}
NA_ROOT_DIR=""
NA_ROOT_SESSION=""
NA_ROOT_MOUNTS=()

na_root_log() { printf '== %s\n' "$*" >&2; }

# Bump when the set-up below changes, so that old cached roots are rebuilt.
NA_ROOT_FORMAT=1

# A cached root is healthy when its build finished (marker written last,
# before the rename) with the current format and its apt and shell run.
na_root_healthy() {
	local dir=$1
	[ -f "$dir/.news_analytics-root" ] &&
		grep -qx "format=$NA_ROOT_FORMAT" "$dir/.news_analytics-root" &&
		[ -x "$dir/usr/bin/apt-get" ] && [ -x "$dir/bin/bash" ] &&
		timeout 30 chroot "$dir" /bin/bash -c 'apt-get --version' >/dev/null 2>&1
}

# apt settings of a root: timeouts and retries, no recommends, and for sid
# no expiry check of the Release file (an old cache must still work).
na_root_write_apt_conf() {
	local dir=$1 release=$2
	cat >"$dir/etc/apt/apt.conf.d/90news-analytics" <<-EOF
		Acquire::Retries "3";
		Acquire::http::Timeout "30";
		Acquire::https::Timeout "30";
		APT::Install-Recommends "false";
		APT::Install-Suggests "false";
		Dpkg::Use-Pty "false";
	EOF
	if [ "$release" = sid ] || [ "$release" = unstable ]; then
		echo 'Acquire::Check-Valid-Until "false";' >>"$dir/etc/apt/apt.conf.d/90news-analytics"
	fi
	rm -f "$dir/etc/apt/sources.list.d/"*
	echo "deb $NA_MIRROR $release main" >"$dir/etc/apt/sources.list"
	# Package scripts must not start services (the postgresql package would
	# start a cluster of its own on 5432).
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod 755 "$dir/usr/sbin/policy-rc.d"
}

# Unmount whatever is still mounted below DIR (debootstrap mounts /proc in
# the root it builds; a killed build leaves it behind), deepest first.
na_root_umount_below() {
	local dir=$1 m
	[ -n "$dir" ] || return 0
	awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
		sort -r | while read -r m; do
			umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
		done
}

# Remove a directory that may have had mounts below it, never crossing
# into a mounted file system.
na_root_remove() {
	local dir
	for dir in "$@"; do
		[ -e "$dir" ] || continue
		na_root_umount_below "$dir"
		rm -rf --one-file-system "$dir"
	done
}

na_root_base() {
	local release=$1 dir tmp lock status
	[ -n "$release" ] || { echo "na_root_base: no release" >&2; return 1; }
	[ "$(id -u)" = 0 ] || { echo "na_root_base: needs root" >&2; return 1; }
	dir=$NA_ROOTS_DIR/$release
	mkdir -p "$NA_ROOTS_DIR" "$NA_CACHE_DIR/debs/$release"
	if ! command -v debootstrap >/dev/null; then
		na_root_log "installing debootstrap"
		{ DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq debootstrap ||
			{ timeout 300 apt-get update -qq &&
				DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq debootstrap; }; } >/dev/null ||
			{ echo "na_root_base: debootstrap missing and not installable" >&2; return 1; }
	fi
	# One builder per release at a time; the others wait and reuse.
	lock=$NA_ROOTS_DIR/.$release.lock
	exec {NA_ROOT_LOCK_FD}>"$lock"
	if ! flock -w 1200 "$NA_ROOT_LOCK_FD"; then
		echo "na_root_base: timed out waiting for $lock" >&2
		exec {NA_ROOT_LOCK_FD}>&-
		return 1
	fi
	if na_root_healthy "$dir"; then
		exec {NA_ROOT_LOCK_FD}>&-
		echo "$dir"
		return 0
	fi
	na_root_log "building the $release root in $dir (debootstrap --variant=minbase)"
	na_root_remove "$dir" "$NA_ROOTS_DIR/.build-$release".*
	tmp=$(mktemp -d "$NA_ROOTS_DIR/.build-$release.XXXXXX")
	timeout --kill-after=30 1200 debootstrap --variant=minbase "$release" "$tmp" "$NA_MIRROR" \
		>"$tmp.log" 2>&1
	status=$?
	if [ "$status" != 0 ]; then
		tail -30 "$tmp.log" >&2
		tail -30 "$tmp/debootstrap/debootstrap.log" >&2 2>/dev/null
		echo "na_root_base: debootstrap $release failed (status $status)" >&2
		na_root_remove "$tmp" "$tmp.log"
		exec {NA_ROOT_LOCK_FD}>&-
		return 1
	fi
	na_root_umount_below "$tmp"
	chmod 755 "$tmp"	# mktemp made it 0700: "/" of the root for all users
	na_root_write_apt_conf "$tmp" "$release"
	rm -rf "$tmp/var/cache/apt/archives/"*.deb
	printf 'format=%s\nrelease=%s\nbuilt=%s\n' "$NA_ROOT_FORMAT" "$release" \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$tmp/.news_analytics-root"
	rm -f "$tmp.log"
	mv "$tmp" "$dir"
	exec {NA_ROOT_LOCK_FD}>&-
	echo "$dir"
}

# Mount and remember, so that cleanup unmounts in reverse order.
na_root_mount() {
	local target=${*: -1}
	mount "$@" || return 1
	NA_ROOT_MOUNTS+=("$target")
}

na_root_session() {
	local release=$1 layer_name=${2:-} base s layer="" lower
	base=$(na_root_base "$release") || return 1
	s=$(mktemp -d "$NA_CACHE_DIR/sessions.$release.XXXXXX" 2>/dev/null) ||
		{ mkdir -p "$NA_CACHE_DIR"; s=$(mktemp -d "$NA_CACHE_DIR/sessions.$release.XXXXXX"); } ||
		return 1
	NA_ROOT_SESSION=$s
	NA_ROOT_BASE=$base
	NA_ROOT_LAYER=""
	[ -n "$layer_name" ] && NA_ROOT_LAYER=$NA_ROOTS_DIR/$release-$layer_name
	NA_ROOT_LAYER_USED=0
	lower=$base
	if [ -n "$NA_ROOT_LAYER" ] && na_root_layer_healthy "$NA_ROOT_LAYER" "$base"; then
		lower=$NA_ROOT_LAYER:$base
		NA_ROOT_LAYER_USED=1
		na_root_log "reusing the package layer $NA_ROOT_LAYER"
	fi
	mkdir -p "$s/upper" "$s/work" "$s/root"
	NA_ROOT_OVERLAY=1
	if ! na_root_mount -t overlay overlay \
		-o "lowerdir=$lower,upperdir=$s/upper,workdir=$s/work" "$s/root" 2>/dev/null; then
		na_root_log "no overlayfs: copying the $release root"
		NA_ROOT_OVERLAY=0
		NA_ROOT_LAYER_USED=0
		cp -a "$base/." "$s/root/" || return 1
	fi
	NA_ROOT_DIR=$s/root
	na_root_mount -t proc proc "$NA_ROOT_DIR/proc" || return 1
	na_root_mount -t sysfs sysfs "$NA_ROOT_DIR/sys" || return 1
	na_root_mount --bind /dev "$NA_ROOT_DIR/dev" || return 1
	# A bind of /dev alone has no /dev/shm: PostgreSQL's POSIX shared memory
	# needs one.  /dev/pts is not needed (nothing interactive).
	na_root_mount -t tmpfs -o mode=1777,size=512m tmpfs "$NA_ROOT_DIR/dev/shm" || return 1
	mkdir -p "$NA_ROOT_DIR/var/cache/apt/archives"
	na_root_mount --bind "$NA_CACHE_DIR/debs/$release" "$NA_ROOT_DIR/var/cache/apt/archives" || return 1
	cp /etc/resolv.conf "$NA_ROOT_DIR/etc/resolv.conf" 2>/dev/null
	# The postgresql packages would initdb a "main" cluster that nothing
	# here uses (the tests make their own): not creating it saves time.
	# Kept over the package's own file by --force-confold below.
	mkdir -p "$NA_ROOT_DIR/etc/postgresql-common"
	echo 'create_main_cluster = false' >"$NA_ROOT_DIR/etc/postgresql-common/createcluster.conf"
	printf 'Dpkg::Options { "--force-confdef"; "--force-confold"; };\n' \
		>"$NA_ROOT_DIR/etc/apt/apt.conf.d/91news-analytics-conffiles"
	NA_ROOT_RELEASE=$release
}

# A package layer (what installing one PostgreSQL major's packages added to
# a root) is reused on top of the cached root it was made on, for at most
# NA_LAYER_MAX_DAYS days (default 7: sid moves).
na_root_layer_healthy() {
	local layer=$1 base=$2
	[ -f "$layer/.news_analytics-layer" ] || return 1
	grep -qxF "base=$(grep '^built=' "$base/.news_analytics-root")" "$layer/.news_analytics-layer" || return 1
	[ -z "$(find "$layer/.news_analytics-layer" -mtime +"${NA_LAYER_MAX_DAYS:-7}")" ]
}

# Keep what the session's package installation added (its overlay upper
# directory, without the copied tree and temporary files) as the layer named
# in na_root_session, unless one is in use already.  Call it right after the
# installation, before anything else writes to the root.
na_root_save_layer() {
	local tmp
	[ -n "$NA_ROOT_LAYER" ] && [ "$NA_ROOT_OVERLAY" = 1 ] && [ "$NA_ROOT_LAYER_USED" = 0 ] || return 0
	tmp=$(mktemp -d "$NA_ROOT_LAYER.build.XXXXXX") || return 1
	if ! (cd "$NA_ROOT_SESSION/upper" &&
		tar --xattrs --xattrs-include='*' --exclude=./build --exclude='./tmp/*' \
			--exclude='./var/cache/apt/archives/*' -cf - .) |
		tar --xattrs --xattrs-include='*' -C "$tmp" -xpf -; then
		rm -rf --one-file-system "$tmp"
		return 1
	fi
	printf 'base=%s\ncreated=%s\n' "$(grep '^built=' "$NA_ROOT_BASE/.news_analytics-root")" \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$tmp/.news_analytics-layer"
	chmod 755 "$tmp"
	# An old layer (expired, or made on an older root) is moved aside and
	# removed by the next save.
	rm -rf --one-file-system "$NA_ROOT_LAYER.old"
	[ -e "$NA_ROOT_LAYER" ] && mv "$NA_ROOT_LAYER" "$NA_ROOT_LAYER.old"
	mv "$tmp" "$NA_ROOT_LAYER" && na_root_log "saved the package layer $NA_ROOT_LAYER"
}

# End processes still running inside the session root (a server left behind
# by a killed test run keeps mounts busy), by their id.
na_root_kill_inside() {
	local root=$1 p r sig
	[ -n "$root" ] || return 0
	for sig in TERM KILL; do
		for p in /proc/[0-9]*; do
			r=$(readlink "$p/root" 2>/dev/null) || continue
			case $r in
			"$root" | "$root"/*) kill -s "$sig" "${p#/proc/}" 2>/dev/null ;;
			esac
		done
		[ "$sig" = TERM ] && sleep 2
	done
}

na_root_cleanup() {
	local i m
	[ -n "$NA_ROOT_SESSION" ] || return 0
	na_root_kill_inside "$NA_ROOT_DIR"
	for ((i = ${#NA_ROOT_MOUNTS[@]} - 1; i >= 0; i--)); do
		m=${NA_ROOT_MOUNTS[i]}
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			echo "na_root_cleanup: could not unmount $m" >&2
	done
	NA_ROOT_MOUNTS=()
	# Remove the session only when nothing is mounted below it any more, so
	# that rm can never reach into a bind-mounted host directory.
	if ! grep -qF " $NA_ROOT_SESSION/" /proc/self/mountinfo; then
		rm -rf --one-file-system "$NA_ROOT_SESSION"
	else
		echo "na_root_cleanup: $NA_ROOT_SESSION still has mounts, left in place" >&2
	fi
	NA_ROOT_SESSION=""
	NA_ROOT_DIR=""
}

trap na_root_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

na_root_run() {
	local seconds=$1
	shift
	[ -n "$NA_ROOT_DIR" ] || { echo "na_root_run: no session" >&2; return 1; }
	timeout --kill-after=20 "$seconds" chroot "$NA_ROOT_DIR" /usr/bin/env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
		${NA_ROOT_ENV:-} \
		/bin/bash -c "mkdir -p /build/news_analytics && cd /build/news_analytics && $*"
}

na_root_apt_install() {
	local release=${NA_ROOT_RELEASE:-x} lock status
	# The .deb cache is shared by the sessions of a release: one apt at a time.
	lock=$NA_ROOTS_DIR/.$release.apt.lock
	(
		flock -w 900 9 || { echo "na_root_apt_install: apt lock timeout" >&2; exit 1; }
		na_root_run 300 "apt-get update -qq" >&2 || { echo "apt-get update failed" >&2; exit 1; }
		na_root_run 900 "apt-get install -y -qq $* >/tmp/apt.log 2>&1 || { tail -30 /tmp/apt.log; exit 1; }" >&2
	) 9>"$lock"
	status=$?
	return $status
}

# Install through the package list of test/lib/common.sh (which needs the
# tree copied first), so the root gets exactly what a native machine gets.
na_root_install_pg() {
	local major=$1 release=${NA_ROOT_RELEASE:-x} lock
	lock=$NA_ROOTS_DIR/.$release.apt.lock
	(
		flock -w 900 9 || { echo "na_root_install_pg: apt lock timeout" >&2; exit 1; }
		na_root_run 1200 "NA_PG_MAJOR=$major; . test/lib/common.sh && na_install_packages" >&2
	) 9>"$lock"
}

na_root_copy_tree() {
	local src dest shared
	src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	dest=$NA_ROOT_DIR/build/news_analytics
	[ -n "$NA_ROOT_DIR" ] || { echo "na_root_copy_tree: no session" >&2; return 1; }
	mkdir -p "$dest"
	chmod 755 "$NA_ROOT_DIR/build" "$dest"
	if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
		# Tracked and untracked-but-not-ignored files: the working tree as it
		# is, without .git and without build products (.gitignore).
		(cd "$src" && git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
			tar --null -T - -cf -) | tar -C "$dest" -xf - || return 1
	else
		tar -C "$src" --exclude=.git --exclude='*.o' --exclude='*.bc' --exclude='*.so' \
			--exclude='*.a' --exclude=results --exclude=build -cf - . |
			tar -C "$dest" -xf - || return 1
	fi
	# Tests read the shared data from ../shared relative to the tree.
	shared=$src/../shared
	if [ -d "$shared" ]; then
		mkdir -p "$NA_ROOT_DIR/build/shared"
		na_root_mount --bind "$shared" "$NA_ROOT_DIR/build/shared" || return 1
		mount -o remount,bind,ro "$NA_ROOT_DIR/build/shared" 2>/dev/null
	fi
	return 0
}
