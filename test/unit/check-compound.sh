#!/usr/bin/env bash
# test/unit/check-compound.sh: build and run the stand-alone unit test of the
# lexicon and compound splitter (test/unit/test_compound.c) against the real
# de_ch hunspell files in `pg_config --sharedir`/tsearch_data.  Also builds it
# with AddressSanitizer/UBSan when the compiler supports that, and fuzzes the
# splitter for NEWS_FUZZ_SECONDS (default 15) with libFuzzer when clang has it.
# Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
TS="$("$PG_CONFIG" --sharedir)/tsearch_data"
BUILD="$ROOT/test/unit/build"
mkdir -p "$BUILD"
# every pure C core of src/tokenizer (the files without server headers), so
# that a new file of the splitter is picked up without editing this list
CORES=$(grep -L '#include "postgres.h"' "$ROOT"/src/tokenizer/*.c)
SRCS="$ROOT/test/unit/test_compound.c $CORES"
CFLAGS="-DNEWS_STANDALONE -I$ROOT/src -Wall -Wextra -Werror -Wno-unused-parameter"

if [ ! -r "$TS/de_ch.dict" ] || [ ! -r "$TS/de_ch.affix" ]; then
	echo "de_ch.dict/de_ch.affix missing in $TS (install hunspell-de-ch)"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! cc -O2 $CFLAGS -o "$BUILD/test_compound" $SRCS -lstemmer; then
	echo "0 passed, 1 failed"
	exit 1
fi

. "$ROOT/test/lib/tally.sh"
run() {
	na_count_results "$@" "$TS/de_ch.dict" "$TS/de_ch.affix"
}
run "$BUILD/test_compound"

# the same under the sanitizers (catches out-of-bounds reads on odd input)
if cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all $CFLAGS \
	-o "$BUILD/test_compound_asan" $SRCS -lstemmer 2>/dev/null; then
	ASAN_OPTIONS=detect_leaks=1 run "$BUILD/test_compound_asan"
else
	echo "(sanitizer build not available; skipped)"
fi

# a short libFuzzer run (clang), seeded with a few compounds
if clang -O1 -g -fsanitize=fuzzer,address,undefined -DNEWS_STANDALONE -I"$ROOT/src" \
	-o "$BUILD/fuzz_compound" "$ROOT/test/unit/fuzz_compound.c" $CORES -lstemmer 2>/dev/null; then
	corpus="$BUILD/fuzz_corpus"
	rm -rf "$corpus"
	mkdir -p "$corpus"
	i=0
	for w in regierungschef verhandlungsrunden bundeswehrrekrut e-mail-adresse \
		übergangsregierung anlagevorteil amerikanische; do
		printf '\010%s' "$w" >"$corpus/seed$i"
		i=$((i + 1))
	done
	if NEWS_FUZZ_DICT="$TS/de_ch.dict" NEWS_FUZZ_AFFIX="$TS/de_ch.affix" \
		"$BUILD/fuzz_compound" -max_len=300 -max_total_time=${NEWS_FUZZ_SECONDS:-15} \
		-print_final_stats=1 "$corpus" >"$BUILD/fuzz.log" 2>&1; then
		echo "fuzz: $(grep -E 'stat::number_of_executed_units' "$BUILD/fuzz.log" | awk '{print $2}') inputs, no finding"
		passed=$((passed + 1))
	else
		tail -30 "$BUILD/fuzz.log"
		echo "FAILED: libFuzzer found a problem (log: $BUILD/fuzz.log)"
		failed=$((failed + 1))
	fi
else
	echo "(clang libFuzzer not available; fuzzing skipped)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
