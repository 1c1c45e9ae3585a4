#!/usr/bin/env bash
# test/scaleout/build-citus.sh: build Citus once per (Citus version, PostgreSQL
# version) into a cache outside the clone, and install it into the PostgreSQL
# that PG_CONFIG names by copying the cached files.
#
#   bash test/scaleout/build-citus.sh [CITUS_VERSION]      (default 13.2.2)
#
# Environment:
#   PG_CONFIG          target PostgreSQL (see test/lib/common.sh)
#   NA_CITUS_SRC       directory holding citus-VERSION.tar.gz
#                      (default: ../shared/vendor relative to the repository)
#   NA_CITUS_CACHE     cache root (default /var/cache/news_analytics/citus)
#   NA_EXTRA_PACKAGES  further Debian packages to install (common.sh)
#
# The cache entry CACHE/VERSION-pgFULLVERSION holds lib/ (the shared library
# and its bitcode) and extension/ (control and SQL files), staged with
# `make install DESTDIR=...` and then flattened, so that one build serves
# every copy of the same PostgreSQL version whatever its prefix.  A build
# takes 3-10 minutes on two cores; a cache hit takes a second.  Citus is not
# part of this repository: its source is unpacked in the cache, never here.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

version=${1:-13.2.2}
src_dir=${NA_CITUS_SRC:-$NA_ROOT/../shared/vendor}
cache_root=${NA_CITUS_CACHE:-/var/cache/news_analytics/citus}
tarball=$src_dir/citus-$version.tar.gz
[ -f "$tarball" ] || na_die "no Citus source $tarball (set NA_CITUS_SRC)"

# Citus's own build dependencies (its configure probes for all of them).
NA_EXTRA_PACKAGES="${NA_EXTRA_PACKAGES:-} libcurl4-openssl-dev liblz4-dev
	libzstd-dev libkrb5-dev libssl-dev libselinux1-dev libxslt1-dev
	libpam0g-dev libreadline-dev libicu-dev llvm"
na_install_packages

pg_full=$("$PG_CONFIG" --version | awk '{print $2}')
key=$version-pg$pg_full
entry=$cache_root/$key
mkdir -p "$cache_root"

# One build at a time per cache entry: a second caller waits for the first.
exec 9>"$cache_root/$key.lock"
flock -w 1800 9 || na_die "timed out waiting for another build of $key"

if [ ! -f "$entry/.complete" ]; then
	na_log "building Citus $version for PostgreSQL $pg_full (3-10 minutes)"
	build=$cache_root/build-$key
	rm -rf "$build" "$entry"
	mkdir -p "$build"
	tar -xzf "$tarball" -C "$build" --strip-components=1
	# Debian's 15.20 headers declare have_createdb_privilege(), which clashes
	# with the static inline fallback Citus 13.2.2 defines for older minors:
	# rename the fallback (in the cache copy only).
	compat=$build/src/include/pg_version_compat.h
	if grep -q 'have_createdb_privilege' \
		"$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h"; then
		sed -i 's/^have_createdb_privilege(void)$/citus_compat_have_createdb_privilege(void)/' "$compat"
	fi
	(
		cd "$build"
		./configure --without-libcurl PG_CONFIG="$PG_CONFIG" >configure.log 2>&1 ||
			{ tail -30 configure.log >&2; exit 1; }
		# with_llvm=no: no JIT bitcode, which would double the build time
		nice make -j2 with_llvm=no >make.log 2>&1 || { tail -40 make.log >&2; exit 1; }
		rm -rf stage
		make install with_llvm=no DESTDIR="$build/stage" >install.log 2>&1 ||
			{ tail -30 install.log >&2; exit 1; }
	) || na_die "Citus $version build failed (logs in $build)"
	mkdir -p "$entry/lib" "$entry/extension"
	cp -a "$build/stage$("$PG_CONFIG" --pkglibdir)/." "$entry/lib/"
	cp -a "$build/stage$("$PG_CONFIG" --sharedir)/extension/." "$entry/extension/"
	touch "$entry/.complete"
	rm -rf "$build"
fi

# install_tree SRC DST: copy the files that differ, each to a temporary name
# renamed into place.  Never overwrite a file in place: servers that run
# Citus have citus.so mapped, and rewriting it under them crashes them.
install_tree() {
	local src=$1 dst=$2 f rel
	(cd "$src" && find . -type f) | while read -r rel; do
		f=$dst/${rel#./}
		cmp -s "$src/$rel" "$f" && continue
		mkdir -p "$(dirname "$f")"
		cp -p "$src/$rel" "$f.na-tmp.$$" && mv -f "$f.na-tmp.$$" "$f" ||
			na_die "could not install $f"
	done
}
na_log "installing Citus $version from $entry into $("$PG_CONFIG" --pkglibdir)"
install_tree "$entry/lib" "$("$PG_CONFIG" --pkglibdir)"
install_tree "$entry/extension" "$("$PG_CONFIG" --sharedir)/extension"
