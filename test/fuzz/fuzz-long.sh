#!/usr/bin/env bash
# test/fuzz/fuzz-long.sh: the long fuzz campaign (not part of the test
# command).  Builds each libFuzzer target (fuzz_lib.sh), seeds it from the
# sample articles (and the shared data directory beside the checkout, when
# present), and runs it under
# `nice -n 10`, one target at a time, until --runs executions (default
# 10,000,000) or --time seconds per target (default 3600), whichever comes
# first.  The corpus is kept in test/fuzz/build/corpus-TARGET between runs;
# reproducers of findings go to test/fuzz/findings/.  Prints a Markdown table
# target | executions | exec/s | crashes | time, and exits non-zero if any
# target found something.
#
#   PG_CONFIG=... bash test/fuzz/fuzz-long.sh [--runs N] [--time S] [TARGET ...]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
. "$ROOT/test/fuzz/fuzz_lib.sh"
BUILD="$ROOT/test/fuzz/build"
FINDINGS="$ROOT/test/fuzz/findings"
RUNS=10000000
TIME=3600
targets=""
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) RUNS=$2; shift 2 ;;
	--time) TIME=$2; shift 2 ;;
	*) targets="$targets $1"; shift ;;
	esac
done
targets=${targets:-$FUZZ_TARGETS}

mkdir -p "$BUILD"
SEEDS=$(mktemp -d "$BUILD/seeds.XXXXXX")
trap 'rm -rf "$SEEDS"' EXIT
fuzz_seeds "$SEEDS" "$ROOT/../shared/data/dateparser-german-cases.jsonl" \
	"$ROOT/../shared/data/dach-articles.jsonl"
mkdir -p "$FINDINGS"
rows=""
bad=0
for t in $targets; do
	if ! fuzz_build "$t" "$BUILD"; then
		rows="$rows| $t | build failed | | | |\n"
		bad=1
		continue
	fi
	corpus="$BUILD/corpus-$t"
	log="$BUILD/long-$t.log"
	mkdir -p "$corpus" "$SEEDS/$t"
	start=$(date +%s)
	# shellcheck disable=SC2046
	nice -n 10 "$BUILD/fuzz_$t" $(fuzz_args "$t") -runs="$RUNS" \
		-max_total_time="$TIME" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$FINDINGS/$t-" \
		"$corpus" "$SEEDS/$t" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
	rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
	crashes=0
	if [ $rc -ne 0 ]; then
		crashes=1
		bad=1
		grep -E 'ERROR|runtime error|invariant failed|Test unit written' "$log" | head -5
	fi
	echo "fuzz_$t: ${runs:-?} executions, ${rate:-?}/s, $crashes crashes, ${secs}s (log: $log)"
	rows="$rows| $t | ${runs:-?} | ${rate:-?} | $crashes | ${secs} s |\n"
done

echo
echo "Fuzz campaign $(date -u +%Y-%m-%d), -runs=$RUNS, -max_total_time=$TIME per target:"
echo
echo "| target | executions | exec/s | crashes | time |"
echo "|---|---:|---:|---:|---:|"
printf "%b" "$rows"
exit $bad
