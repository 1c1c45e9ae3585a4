#!/usr/bin/env bash
# test/unit/check-similarity-core.sh: stand-alone unit tests of the pure
# similarity core (src/similarity/vector_core.c), built with
# -DNEWS_STANDALONE, once plain and once with AddressSanitizer/UBSan when
# the compiler supports it.  Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
build=test/unit/build
mkdir -p "$build"
cc=${CC:-cc}
. test/lib/cores.sh
na_require_cores similarity/vector_core.c || { echo "0 passed, 1 failed"; exit 1; }
srcs="test/unit/test_vector_core.c $(na_core_paths similarity/vector_core.c)"
flags="$NA_CORE_CFLAGS -std=c99 -Wall -Wextra -O1 -g"
passed=0
failed=0
run() {
	local name=$1; shift
	if ! $cc $flags "$@" -o "$build/$name" $srcs -lm; then
		echo "$name: build failed"
		failed=$((failed + 1))
		return
	fi
	out=$("$build/$name" 2>&1)
	status=$?
	printf '%s\n' "$out" | grep -v '^[0-9]* passed' || true
	line=$(printf '%s\n' "$out" | tail -1)
	p=$(printf '%s' "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p')
	if [ -z "$p" ]; then p=0; f=1; fi
	[ "$status" != 0 ] && [ "$f" = 0 ] && f=1
	echo "$name: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
}
run vector_core
if echo 'int main(void){return 0;}' | $cc -x c -fsanitize=address,undefined -o "$build/san_probe" - 2>/dev/null; then
	run vector_core_sanitized -fsanitize=address,undefined -fno-sanitize-recover=all
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
