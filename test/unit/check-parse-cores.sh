#!/usr/bin/env bash
# test/unit/check-parse-cores.sh: build and run the stand-alone unit tests of
# the news_vector and news_rollup input/output cores (test/unit/
# test_parse_cores.c), with AddressSanitizer/UBSan when the compiler has them
# (any finding aborts).  Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/test/unit/build
mkdir -p "$OUT"
. "$ROOT/test/lib/cores.sh"
CORES="similarity/vector_parse.c similarity/vector_core.c rollup/rollup_parse.c
rollup/rollup_value.c rollup/rollup_buckets.c"
# shellcheck disable=SC2086
na_require_cores $CORES || { echo "0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC2086
SRC="$ROOT/test/unit/test_parse_cores.c $(na_core_paths $CORES)"
CC=${CC:-cc}
FLAGS="-O1 -g -Wall -Wextra -Werror $NA_CORE_CFLAGS"
# shellcheck disable=SC2086
if $CC $FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -o "$OUT/test_parse_cores" $SRC -lm 2>/dev/null; then
	:
elif ! $CC $FLAGS -o "$OUT/test_parse_cores" $SRC -lm; then
	echo "0 passed, 1 failed (build)"
	exit 1
fi
out=$("$OUT/test_parse_cores" 2>&1)
rc=$?
printf '%s\n' "$out"
if ! printf '%s\n' "$out" | tail -1 | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
	echo "0 passed, 1 failed (crash)"
	exit 1
fi
exit $rc
