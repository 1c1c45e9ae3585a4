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
BUILD="$ROOT/test/unit/build"
mkdir -p "$BUILD"
# every pure C core of src/tokenizer (src/README.md), so that a new file of
# the tokenizer is picked up without editing this list
. "$ROOT/test/lib/cores.sh"
SRCS="$ROOT/test/unit/test_tokenizer.c $(na_cores tokenizer)"
CFLAGS="$NA_CORE_CFLAGS -Wall -Wextra -Werror -Wno-unused-parameter"

if [ ! -r "$TS/de_ch.dict" ] || [ ! -r "$TS/de_ch.affix" ]; then
	echo "de_ch.dict/de_ch.affix missing in $TS (install hunspell-de-ch)"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! cc -O2 $CFLAGS -o "$BUILD/test_tokenizer" $SRCS -lstemmer; then
	echo "0 passed, 1 failed"
	exit 1
fi

. "$ROOT/test/lib/tally.sh"
run() {
	na_count_results "$@" "$TS/de_ch.dict" "$TS/de_ch.affix" "$TS/german.stop"
}
run "$BUILD/test_tokenizer"

# the same under the sanitizers (catches out-of-bounds reads on odd input)
if cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all $CFLAGS \
	-o "$BUILD/test_tokenizer_asan" $SRCS -lstemmer 2>/dev/null; then
	ASAN_OPTIONS=detect_leaks=1 run "$BUILD/test_tokenizer_asan"
else
	echo "(sanitizer build not available; skipped)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
