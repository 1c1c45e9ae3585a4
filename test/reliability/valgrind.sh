#!/usr/bin/env bash
# test/reliability/valgrind.sh: the pg_regress suite with the server under
# valgrind (memcheck).  A separate command (it takes several minutes):
#
#   bash test/reliability/valgrind.sh
#
# Every backend runs under valgrind (--trace-children=yes).  PostgreSQL
# itself, built without USE_VALGRIND, produces some known noise (padding
# bytes written to WAL and to the stats file), so the script reports the
# error records whose stack passes through news_analytics.so or libstemmer,
# i.e. the ones that can be ours.  Exit status 1 when there is any.
set -uo pipefail
. "$(dirname "$0")/../lib/common.sh"
cd "$NA_ROOT"
NA_EXTRA_PACKAGES="valgrind" na_install_packages
na_build_install

dir=$(mktemp -d /tmp/news_analytics_valgrind.XXXXXX)
bindir=$("$PG_CONFIG" --bindir)
cleanup() {
	[ -f "$dir/data/postmaster.pid" ] &&
		na_as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 300 stop >/dev/null 2>&1
	[ "${KEEP_LOGS:-0}" = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT INT TERM
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
chmod 755 "$dir"
na_as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null ||
	na_die "initdb failed"
port=$(na_free_port)
mkdir -p "$dir/vg" && { [ "$(id -u)" = 0 ] && chown postgres: "$dir/vg"; }
na_as_pg valgrind --quiet --trace-children=yes --track-origins=yes --read-var-info=no \
	--num-callers=30 --leak-check=no --log-file="$dir/vg/%p.log" \
	"$bindir/postgres" -D "$dir/data" -p "$port" -k "$dir" -c listen_addresses='' \
	-c fsync=off -c max_parallel_workers_per_gather=0 >"$dir/server.log" 2>&1 &
export PGHOST=$dir PGPORT=$port PGUSER=postgres PGDATABASE=postgres
for _ in $(seq 1 120); do
	"$bindir/pg_isready" -q && break
	sleep 1
done
"$bindir/pg_isready" -q || { tail -20 "$dir/server.log"; na_die "server under valgrind did not start"; }
na_log "running the pg_regress suite under valgrind (slow)"
make -s PG_CONFIG="$PG_CONFIG" installcheck || true
na_as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 300 stop >/dev/null 2>&1

# Split the logs into error records and keep those that touch our code.
/usr/bin/python3 - "$dir/vg" <<'PY'
import glob, re, sys
ours = total = 0
for path in glob.glob(sys.argv[1] + "/*.log"):
    text = open(path, errors="replace").read()
    for rec in re.split(r"\n==\d+== \n", text):
        if not re.search(r"(Invalid (read|write)|uninitialised|Conditional jump|Mismatched free|Invalid free|overlap)", rec):
            continue
        total += 1
        if "news_analytics" in rec or "libstemmer" in rec:
            ours += 1
            print(rec[:4000])
            print("-" * 70)
print("valgrind: %d error records in total, %d touching news_analytics/libstemmer" % (total, ours))
print("%d passed, %d failed" % (1 if ours == 0 else 0, 1 if ours else 0))
sys.exit(1 if ours else 0)
PY
