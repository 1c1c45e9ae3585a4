#!/usr/bin/env bash
# test/fuzz/check-fuzz.sh: build every libFuzzer target of test/fuzz/ (the
# parsers of untrusted input, see fuzz_lib.sh) with clang and
# -fsanitize=fuzzer,address,undefined, and run each for NEWS_FUZZ_SECONDS
# (default 6) from seeds made from the sample articles.  A crash, sanitizer
# report, broken invariant, leak or hang fails the check; the reproducer is
# kept under test/fuzz/findings/ (replay: ./fuzz_TARGET FILE).
# The long campaign is test/fuzz/fuzz-long.sh.  Last line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
. "$ROOT/test/fuzz/fuzz_lib.sh"
BUILD="$ROOT/test/fuzz/build/ci"
FINDINGS="$ROOT/test/fuzz/findings"
SECONDS_EACH=${NEWS_FUZZ_SECONDS:-6}
passed=0
failed=0

if ! command -v clang >/dev/null; then
	echo "clang missing (apt-get install clang libclang-rt-14-dev)"
	echo "0 passed, 1 failed"
	exit 1
fi
WORK=$(mktemp -d /tmp/news-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fuzz_seeds "$WORK/seeds" --max 300 >/dev/null

for t in $FUZZ_TARGETS; do
	if ! fuzz_build "$t" "$BUILD" 2>"$WORK/build-$t.log"; then
		cat "$WORK/build-$t.log"
		echo "FAILED: fuzz_$t does not build"
		failed=$((failed + 1))
		continue
	fi
	mkdir -p "$WORK/corpus-$t" "$WORK/seeds/$t" "$FINDINGS"
	# shellcheck disable=SC2046
	if "$BUILD/fuzz_$t" $(fuzz_args "$t") -max_total_time="$SECONDS_EACH" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$FINDINGS/$t-" \
		"$WORK/corpus-$t" "$WORK/seeds/$t" >"$WORK/$t.log" 2>&1; then
		runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$WORK/$t.log")
		rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$WORK/$t.log")
		echo "ok: fuzz_$t: $runs executions ($rate/s), no finding"
		passed=$((passed + 1))
	else
		grep -E 'ERROR|runtime error|invariant failed|Test unit written' "$WORK/$t.log" | head -5
		tail -40 "$WORK/$t.log" >"$FINDINGS/$t.log"
		echo "FAILED: fuzz_$t found a problem (log and reproducer in $FINDINGS)"
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
