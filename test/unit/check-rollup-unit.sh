#!/usr/bin/env bash
# test/unit/check-rollup-unit.sh: unit tests of the pure C cores of the
# rollup subsystem (calendar arithmetic, varints, German date scanner),
# built stand-alone with -DNEWS_STANDALONE, with AddressSanitizer and
# UBSan when the compiler supports them.  Ends with "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/test/unit/build
mkdir -p "$OUT"
. "$ROOT/test/lib/cores.sh"
CORES="rollup/rollup_buckets.c rollup/date_parse.c"
na_require_cores $CORES || { echo "rollup-unit: 0 passed, 1 failed"; exit 1; }
SRC="$ROOT/test/unit/test_rollup_cores.c $(na_core_paths $CORES)"
CC=${CC:-cc}
FLAGS="-std=c99 -O1 -g -Wall -Wextra $NA_CORE_CFLAGS"
if $CC $FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -o "$OUT/test_rollup_cores" $SRC 2>/dev/null; then
	:
elif ! $CC $FLAGS -o "$OUT/test_rollup_cores" $SRC; then
	echo "rollup-unit: 0 passed, 1 failed (build)"
	exit 1
fi
"$OUT/test_rollup_cores"
