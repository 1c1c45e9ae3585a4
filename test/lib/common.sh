# test/lib/common.sh: shared set-up for the demo, the test suite and the
# benchmarks.  Source it from bash; it defines functions only.
#
#   na_install_packages   apt-get install what is missing (root only)
#   na_build_install      make && make install (PG_CONFIG honoured; sets
#                         NA_BUILD_WARNINGS to the compiler's warning count)
#   na_cluster_start DIR  initdb + start a throwaway cluster in DIR on a free
#                         port; exports PGHOST, PGPORT, PGUSER, PGDATABASE
#   na_cluster_stop DIR   fast shutdown and removal (safe to call twice)
#
# Environment:
#   NA_PG_MAJOR           PostgreSQL major version to build and test against
#                         (default 15; the portability roots set 17 or 18):
#                         names the Debian packages and the default PG_CONFIG
#   PG_CONFIG             pg_config of the target installation
#                         (default: /usr/lib/postgresql/$NA_PG_MAJOR/bin/pg_config)
#   NEWS_SKIP_APT=1       never call apt-get (packages known to be present)

NA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export NA_PG_MAJOR=${NA_PG_MAJOR:-15}
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$NA_PG_MAJOR/bin/pg_config}

# Packages the extension needs to build, run and be tested.  The fuzz
# targets need the clang runtime of the release's default clang
# (libclang-rt-N-dev); N is looked up once clang is there, see below.
NA_PACKAGES="postgresql-$NA_PG_MAJOR postgresql-server-dev-$NA_PG_MAJOR libstemmer-dev
	hunspell-de-ch hunspell-de-de make gcc python3 python3-psycopg2
	clang libipc-run-perl"

na_log() { printf '== %s\n' "$*" >&2; }
na_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# libclang-rt-N-dev for the default clang (14 on Debian 12, 19 on 13): from
# the installed clang, else from the candidate of the "clang" package.
na_clang_rt_package() {
	local v
	if command -v clang >/dev/null; then
		v=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
	else
		v=$(apt-cache depends clang 2>/dev/null | sed -nE 's/.*Depends: clang-([0-9]+)$/\1/p' | head -1)
	fi
	[ -n "$v" ] && echo "libclang-rt-$v-dev"
}

na_install_packages() {
	local missing="" pkg
	for pkg in $NA_PACKAGES $(na_clang_rt_package) ${NA_EXTRA_PACKAGES:-}; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $pkg"
	done
	[ -z "$missing" ] && return 0
	[ "${NEWS_SKIP_APT:-0}" = 1 ] && na_die "missing packages:$missing (NEWS_SKIP_APT=1)"
	[ "$(id -u)" = 0 ] || na_die "missing packages:$missing; run as root or install them"
	na_log "installing packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# The Debian package would start a cluster of its own on 5432; we do not
	# need it, and a container may have no init system to start it with.
	# Under timeouts: a dead mirror must fail the run, not hang it.  The
	# chatter of the package scripts (initdb of that cluster, debconf,
	# make-ssl-cert) goes to a log shown only when something failed;
	# Dpkg::Use-Pty=0: a chroot may have no /dev/pts.
	local log
	log=$(mktemp /tmp/news_analytics_apt.XXXXXX)
	na_apt() {
		timeout -k 30 "$@" >>"$log" 2>&1 && return 0
		tail -30 "$log" >&2
		return 1
	}
	na_apt 600 apt-get update -qq || na_die "apt-get update failed"
	na_apt 1800 apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 $missing ||
		na_die "apt-get install failed for:$missing"
	# Before the update apt-cache may not have known the clang version.
	pkg=$(na_clang_rt_package)
	if [ -n "$pkg" ] && ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		na_apt 600 apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 "$pkg" ||
			na_die "apt-get install failed for: $pkg"
	fi
	rm -f "$log"
	na_log "packages installed"
}

# The build must be free of compiler warnings on every supported major:
# the warnings are printed and counted in NA_BUILD_WARNINGS (run-tests.sh
# fails a check on them).
na_build_install() {
	local log
	na_log "building and installing news_analytics"
	log=$(mktemp)
	if ! make -C "$NA_ROOT" -s PG_CONFIG="$PG_CONFIG" >/dev/null 2>"$log"; then
		cat "$log" >&2
		rm -f "$log"
		na_die "build failed"
	fi
	NA_BUILD_WARNINGS=$(grep -c 'warning:' "$log" || true)
	cat "$log" >&2
	rm -f "$log"
	make -C "$NA_ROOT" -s PG_CONFIG="$PG_CONFIG" install >/dev/null || na_die "make install failed"
}

# Run a command as the postgres OS user when we are root (PostgreSQL refuses
# to run as root), as ourselves otherwise.  As postgres it runs in / (a
# subshell): the postgres user usually cannot enter root's home, and initdb
# and pg_ctl would complain 'could not change directory to "/root/..."'.
# Pass absolute paths.
na_as_pg() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

na_free_port() {
	local port
	for port in $(seq $((54000 + RANDOM % 1000)) 55999); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	na_die "no free port found"
}

na_cluster_start() {
	local dir=$1 bindir port
	bindir=$("$PG_CONFIG" --bindir)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres: "$dir"
	chmod 755 "$dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		na_as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
			--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; na_die "initdb failed"; }
	fi
	port=$(na_free_port)
	na_as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off ${NA_PG_OPTS:-}" start >/dev/null ||
		{ tail -20 "$dir/server.log" >&2; na_die "server did not start"; }
	echo "$port" >"$dir/port"
	export PGHOST=$dir PGPORT=$port PGUSER=postgres PGDATABASE=postgres
	na_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running in $dir on port $port"
}

# Reuse a cluster left running in DIR (benchmarks); returns 1 if none runs.
na_cluster_reuse() {
	local dir=$1 bindir
	bindir=$("$PG_CONFIG" --bindir)
	[ -f "$dir/port" ] && [ -f "$dir/data/postmaster.pid" ] || return 1
	na_as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || return 1
	export PGHOST=$dir PGPORT=$(cat "$dir/port") PGUSER=postgres PGDATABASE=postgres
	na_log "reusing the cluster in $dir on port $PGPORT"
}

na_cluster_stop() {
	local dir=$1 bindir
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	bindir=$("$PG_CONFIG" --bindir)
	if [ -f "$dir/data/postmaster.pid" ]; then
		na_as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
			na_as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$dir"
}
