#!/usr/bin/env bash
# test/unit/check-vector-index.sh: build and run the stand-alone unit test of
# the GiST key core (test/unit/test_vector_index.c: bounds never below the
# exact similarity), also under AddressSanitizer/UBSan when available.
# Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/test/lib/cores.sh"
CORES="similarity/vector_core.c similarity/vector_index_core.c"
# shellcheck disable=SC2086
na_require_cores $CORES || { echo "0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC2086
na_unit_run test_vector_index "$ROOT/test/unit/test_vector_index.c $(na_core_paths $CORES)" -lm

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
