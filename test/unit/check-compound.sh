#!/usr/bin/env bash
# test/unit/check-compound.sh: build and run the stand-alone unit test of the
# lexicon and compound splitter (test/unit/test_compound.c) against the real
# de_ch hunspell files in `pg_config --sharedir`/tsearch_data.  Also builds it
# with AddressSanitizer/UBSan when the compiler supports that.  (The splitter's
# libFuzzer target is test/fuzz/fuzz_compound.c, run by test/fuzz/check-fuzz.sh.)
# Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
TS="$("$PG_CONFIG" --sharedir)/tsearch_data"
. "$ROOT/test/lib/cores.sh"

if [ ! -r "$TS/de_ch.dict" ] || [ ! -r "$TS/de_ch.affix" ]; then
	echo "de_ch.dict/de_ch.affix missing in $TS (install hunspell-de-ch)"
	echo "0 passed, 1 failed"
	exit 1
fi
# every pure C core of src/tokenizer (src/README.md), so that a new file of
# the tokenizer is picked up without editing this list
na_unit_run test_compound "$ROOT/test/unit/test_compound.c $(na_cores tokenizer)" -lstemmer \
	"$TS/de_ch.dict" "$TS/de_ch.affix"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
