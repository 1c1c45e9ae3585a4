# test/lib/cores.sh: the pure C cores of src/ for the stand-alone unit
# tests, by the rule of src/README.md: a pure core is a .c file that does
# not include "postgres.h" (every server file includes it first, directly);
# built without a server it gets -DNEWS_STANDALONE, the only build switch.
#
#   . "$ROOT/test/lib/cores.sh"
#   na_cores tokenizer                  every pure core of src/tokenizer
#   na_require_cores similarity/a.c ... fails, naming the file, when a
#                                       listed file is not a pure core
#   na_core_paths similarity/a.c ...    their paths
#   $NA_CORE_CFLAGS                     -DNEWS_STANDALONE -I<root>/src
NA_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../src" && pwd)
NA_CORE_CFLAGS="-DNEWS_STANDALONE -I$NA_SRC"

na_is_core() {
	! grep -q '^#include "postgres.h"' "$1"
}

na_cores() {
	local dir f
	for dir in "$@"; do
		for f in "$NA_SRC/$dir"/*.c; do
			na_is_core "$f" && echo "$f"
		done
	done
}

na_require_cores() {
	local f bad=0
	for f in "$@"; do
		if [ ! -f "$NA_SRC/$f" ] || ! na_is_core "$NA_SRC/$f"; then
			echo "src/$f is not a pure core (it includes postgres.h or is missing; see src/README.md)"
			bad=1
		fi
	done
	return $bad
}

na_core_paths() {
	local f
	for f in "$@"; do
		echo "$NA_SRC/$f"
	done
}
