#!/usr/bin/env bash
# test/unit/check-trends-unit.sh: unit tests of the pure C cores of the
# trends subsystem (term statistics, significance),
# built stand-alone with -DNEWS_STANDALONE, with AddressSanitizer and
# UBSan when the compiler supports them.  Ends with "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/test/unit/build
mkdir -p "$OUT"
SRC="$ROOT/test/unit/test_trends_cores.c $ROOT/src/trends/termstats_core.c $ROOT/src/trends/significance.c -lm"
CC=${CC:-cc}
FLAGS="-std=c99 -O1 -g -Wall -Wextra -DNEWS_STANDALONE -I$ROOT/src"
if $CC $FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -o "$OUT/test_trends_cores" $SRC 2>/dev/null; then
	:
elif ! $CC $FLAGS -o "$OUT/test_trends_cores" $SRC; then
	echo "trends-unit: 0 passed, 1 failed (build)"
	exit 1
fi
"$OUT/test_trends_cores"
