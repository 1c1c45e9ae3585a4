#!/usr/bin/env bash
# test/tokenizer/check-huge.sh: news_tokenize() on 100 MB texts (bad
# input): it completes with the right number of terms, the backend's
# peak memory (VmHWM from /proc, when readable) stays proportional to the
# input and output, and statement_timeout cancels it.  Needs PGHOST/PGPORT/
# PGUSER of a cluster where the test suite created the extension (database
# contrib_regression, or $NA_CHECK_DB).  Last line: "N passed, N failed".
set -uo pipefail
DB=${NA_CHECK_DB:-contrib_regression}
passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAILED: $*"; failed=$((failed + 1)); }

# run SQL in a fresh backend; print the result, then the backend's peak RSS
# in kB (VmHWM of /proc/self/status, read by the backend itself)
run_measured() {
	psql -X -q -At -d "$DB" -v ON_ERROR_STOP=1 <<-EOF 2>&1
		$1
		SELECT 'hwm ' || (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1];
	EOF
}

# 1. 104 MB of stop words: no terms, memory ~ the text itself
out=$(run_measured "SELECT cardinality(news_tokenize(repeat('und der die das ', 6500000)));")
n=$(printf '%s\n' "$out" | head -1)
hwm=$(printf '%s\n' "$out" | sed -n 's/^hwm //p')
[ "$n" = 0 ] && ok "104 MB of stop words: no terms" || bad "104 MB of stop words: $out"
if [ -n "$hwm" ]; then
	[ "$hwm" -lt 600000 ] && ok "peak memory ${hwm} kB < 600 MB for 104 MB text, empty result" ||
		bad "peak memory ${hwm} kB for 104 MB text, empty result"
fi

# 2. 104 MB of words: 8 million terms, memory ~ text + result
out=$(run_measured "SELECT cardinality(news_tokenize(repeat('Die Regierung und der Rat. ', 4000000)));")
n=$(printf '%s\n' "$out" | head -1)
hwm=$(printf '%s\n' "$out" | sed -n 's/^hwm //p')
[ "$n" = 8000000 ] && ok "104 MB text: 8000000 terms" || bad "104 MB text: $out"
if [ -n "$hwm" ]; then
	[ "$hwm" -lt 1200000 ] && ok "peak memory ${hwm} kB < 1.2 GB for 104 MB text, 8 M terms" ||
		bad "peak memory ${hwm} kB for 104 MB text, 8 M terms"
fi

# 3. statement_timeout cancels a 104 MB text (news_tokenize and to_tsvector)
for f in "cardinality(news_tokenize(t))" "length(to_tsvector('news_german', t))"; do
	out=$(psql -X -q -At -d "$DB" 2>&1 <<-EOF
		CREATE TEMP TABLE huge AS SELECT repeat('Die Regierung verhandelt mit der Gewerkschaft. ', 2200000) AS t;
		SET statement_timeout = '1s';
		SELECT $f FROM huge;
	EOF
	)
	grep -q "canceling statement due to statement timeout" <<<"$out" &&
		ok "statement_timeout cancels $f on 104 MB" || bad "no cancel for $f: $out"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
