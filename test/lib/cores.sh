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
#   na_unit_run NAME "SRCS" "LIBS" ARGS build plain and sanitized, run, count
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

# na_unit_run NAME "SOURCES" "LIBS" [ARG ...]: build the unit test NAME
# from SOURCES into test/unit/build, once plain (-O2) and once with
# AddressSanitizer/UBSan when the compiler has them, run each with the
# arguments and add its result line to $passed/$failed (test/lib/tally.sh,
# sourced here).  A build that fails counts as one failure.
. "$(dirname "${BASH_SOURCE[0]}")/tally.sh"
NA_UNIT_BUILD="$NA_SRC/../test/unit/build"
NA_UNIT_WARN="-Wall -Wextra -Werror -Wno-unused-parameter"

na_unit_run() {
	local name=$1 srcs=$2 libs=$3
	shift 3
	mkdir -p "$NA_UNIT_BUILD"
	# shellcheck disable=SC2086
	if cc -O2 $NA_CORE_CFLAGS $NA_UNIT_WARN -o "$NA_UNIT_BUILD/$name" $srcs $libs; then
		na_count_results "$NA_UNIT_BUILD/$name" "$@"
	else
		echo "$name: build failed"
		failed=$((failed + 1))
	fi
	# shellcheck disable=SC2086
	if cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		$NA_CORE_CFLAGS $NA_UNIT_WARN -o "$NA_UNIT_BUILD/${name}_asan" \
		$srcs $libs 2>/dev/null; then
		ASAN_OPTIONS=detect_leaks=1 na_count_results "$NA_UNIT_BUILD/${name}_asan" "$@"
	else
		echo "(sanitizer build not available; skipped)"
	fi
}
