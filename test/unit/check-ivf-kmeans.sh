#!/usr/bin/env bash
# test/unit/check-ivf-kmeans.sh: build and run the stand-alone unit test of
# the news_ivf k-means core (test/unit/test_ivf_kmeans.c: clusters,
# nearest centroids, edge cases), also under AddressSanitizer/UBSan when available.
# Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/test/lib/cores.sh"
CORES="similarity/vector_core.c similarity/ivf_kmeans.c"
# shellcheck disable=SC2086
na_require_cores $CORES || { echo "0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC2086
na_unit_run test_ivf_kmeans "$ROOT/test/unit/test_ivf_kmeans.c $(na_core_paths $CORES)" -lm

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
