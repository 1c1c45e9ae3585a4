#!/usr/bin/env bash
# Short SQL-level fuzz run of every function of the extension, against the
# database the pg_regress suite left behind (it has the extension and the
# sample articles).  The long run: test/fuzz/sql_fuzz.py --calls 1000000.
set -uo pipefail
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 test/fuzz/sql_fuzz.py --calls "${NEWS_FUZZ_CALLS:-3000}" --seed "${NEWS_FUZZ_SEED:-20261129}"
