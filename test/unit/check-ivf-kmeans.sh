#!/usr/bin/env bash
# test/unit/check-ivf-kmeans.sh: build and run the stand-alone unit test of
# the news_ivf k-means core (test/unit/test_ivf_kmeans.c: clusters,
# nearest centroids, edge cases), also under AddressSanitizer/UBSan when available.
# Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD="$ROOT/test/unit/build"
mkdir -p "$BUILD"
. "$ROOT/test/lib/cores.sh"
CORES="similarity/vector_core.c similarity/ivf_kmeans.c"
na_require_cores $CORES || { echo "0 passed, 1 failed"; exit 1; }
SRCS="$ROOT/test/unit/test_ivf_kmeans.c $(na_core_paths $CORES)"
CFLAGS="$NA_CORE_CFLAGS -Wall -Wextra -Werror -Wno-unused-parameter"

. "$ROOT/test/lib/tally.sh"
run() {
	na_count_results "$@"
}

if cc -O2 $CFLAGS -o "$BUILD/test_ivf_kmeans" $SRCS -lm; then
	run "$BUILD/test_ivf_kmeans"
else
	failed=$((failed + 1))
fi
if cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all $CFLAGS \
	-o "$BUILD/test_ivf_kmeans_asan" $SRCS -lm 2>/dev/null; then
	ASAN_OPTIONS=detect_leaks=1 run "$BUILD/test_ivf_kmeans_asan"
else
	echo "(sanitizer build not available; skipped)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
