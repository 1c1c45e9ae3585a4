# test/lib/tally.sh: add up the results of test programs in a check script.
#
#   . test/lib/tally.sh
#   na_count_results PROGRAM [ARG ...]   run it, show its output, add its
#                                        "N passed, N failed" line to the
#                                        totals $passed and $failed
#   echo "$passed passed, $failed failed"
#
# A program that prints no result line (a crash, a sanitizer abort) counts
# as one failure.
passed=${passed:-0}
failed=${failed:-0}

na_count_results() {
	local out line
	out=$("$@" 2>&1)
	printf '%s\n' "$out" | grep -v '^[0-9]* passed'
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ -z "$line" ]; then
		echo "$1: no result line (crash?)"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}
