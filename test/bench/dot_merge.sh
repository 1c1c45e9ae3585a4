#!/usr/bin/env bash
# test/bench/dot_merge.sh: stand-alone benchmark of the similarity merge
# loop (news_entries_dot) against the branching merge of version 0.1; no
# server needed.  See test/bench/dot_merge.c.
#
#   bash test/bench/dot_merge.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD="$ROOT/test/unit/build"
mkdir -p "$BUILD"
cc -O2 -DNEWS_STANDALONE -I"$ROOT/src" -Wall -Wextra -o "$BUILD/dot_merge" \
	"$ROOT/test/bench/dot_merge.c" "$ROOT/src/similarity/vector_core.c" -lm
echo "## news_entries_dot ($(date -u +%Y-%m-%d), load average $(cut -d' ' -f1 /proc/loadavg)), pairs per second of 280-term vectors, 7 alternating runs"
"$BUILD/dot_merge"
