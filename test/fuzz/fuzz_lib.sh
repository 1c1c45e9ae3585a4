# test/fuzz/fuzz_lib.sh: what check-fuzz.sh and fuzz-long.sh share: the list
# of libFuzzer targets, their sources, how to build them and their seeds.
#
#   . test/fuzz/fuzz_lib.sh          (needs ROOT and PG_CONFIG set)
#   fuzz_build TARGET BUILDDIR       build BUILDDIR/fuzz_TARGET (clang,
#                                    -fsanitize=fuzzer,address,undefined)
#   fuzz_seeds SEEDDIR [--max N] [EXTRA ...]
#                                    seed corpora SEEDDIR/TARGET/ made from
#                                    test/data/sample_articles.csv (+ EXTRA)
#   fuzz_args TARGET                 libFuzzer options of the target
#                                    (-max_len, -dict)
#
# The targets are the parsers of untrusted input; each is a pure
# C core built stand-alone with -DNEWS_STANDALONE.

FUZZ_TARGETS="tokenizer compound date_parse vector_in vector_recv rollup_in rollup_recv"
FUZZ_TS="$("$PG_CONFIG" --sharedir)/tsearch_data"
export NEWS_FUZZ_DICT="$FUZZ_TS/de_ch.dict"
export NEWS_FUZZ_AFFIX="$FUZZ_TS/de_ch.affix"
export NEWS_FUZZ_STOP="$FUZZ_TS/german.stop"
# a finding aborts at once; leaks count as findings
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

FUZZ_CFLAGS="-O2 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
-DNEWS_STANDALONE -I$ROOT/src -I$ROOT/test/fuzz -Wall -Wextra -Werror"

# every pure C core of the tokenizer (the files without server headers)
fuzz_tokenizer_cores() {
	grep -L '#include "postgres.h"' "$ROOT"/src/tokenizer/*.c
}

fuzz_sources() {
	case "$1" in
	tokenizer | compound)
		echo "$(fuzz_tokenizer_cores) -lstemmer" ;;
	date_parse)
		echo "$ROOT/src/rollup/date_parse.c $ROOT/src/rollup/rollup_buckets.c" ;;
	vector_in | vector_recv)
		echo "$ROOT/src/similarity/vector_parse.c $ROOT/src/similarity/vector_core.c -lm" ;;
	rollup_in | rollup_recv)
		echo "$ROOT/src/rollup/rollup_parse.c $ROOT/src/rollup/rollup_value.c $ROOT/src/rollup/rollup_buckets.c" ;;
	*)
		echo "unknown fuzz target $1" >&2
		return 1 ;;
	esac
}

fuzz_build() {
	local target=$1 out=$2
	mkdir -p "$out"
	# shellcheck disable=SC2046
	clang $FUZZ_CFLAGS -o "$out/fuzz_$target" "$ROOT/test/fuzz/fuzz_$target.c" \
		$(fuzz_sources "$target")
}

fuzz_args() {
	local dict="$ROOT/test/fuzz/dict/$1.dict"
	case "$1" in
	tokenizer) printf -- '-max_len=1024' ;;
	compound) printf -- '-max_len=300' ;;
	*) printf -- '-max_len=512' ;;
	esac
	[ -r "$dict" ] && printf -- ' -dict=%s' "$dict"
	echo
}

fuzz_seeds() {
	local dir=$1 tool max=""
	shift
	if [ "${1:-}" = --max ]; then
		max="--max $2"
		shift 2
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	/usr/bin/python3 "$ROOT/test/fuzz/make_seeds.py" $max "$dir" "$@" || return 1
	# vector and rollup seeds from the cores' own output functions
	tool="$dir/seed_tool"
	mkdir -p "$dir/vector_in" "$dir/vector_recv" "$dir/rollup_in" "$dir/rollup_recv"
	cc -O1 -DNEWS_STANDALONE -I"$ROOT/src" -o "$tool" "$ROOT/test/fuzz/seed_tool.c" \
		"$ROOT/src/similarity/vector_parse.c" "$ROOT/src/similarity/vector_core.c" \
		"$ROOT/src/rollup/rollup_parse.c" "$ROOT/src/rollup/rollup_value.c" \
		"$ROOT/src/rollup/rollup_buckets.c" "$ROOT/src/rollup/date_parse.c" -lm || return 1
	"$tool" "$dir" <"$dir/texts.txt"
}
