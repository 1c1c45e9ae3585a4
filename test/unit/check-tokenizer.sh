#!/usr/bin/env bash
# test/unit/check-tokenizer.sh: build and run the stand-alone unit test of the
# tokenizer cores (test/unit/test_tokenizer.c: normalize, lexer, analyzer, term
# cache, random input) with the real
# de_ch hunspell files in `pg_config --sharedir`/tsearch_data.  Also builds it
# with AddressSanitizer/UBSan when the compiler supports that.
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
na_unit_run test_tokenizer "$ROOT/test/unit/test_tokenizer.c $(na_cores tokenizer)" -lstemmer \
	"$TS/de_ch.dict" "$TS/de_ch.affix" "$TS/german.stop"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
