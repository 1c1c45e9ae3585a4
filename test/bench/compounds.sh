#!/usr/bin/env bash
# test/bench/compounds.sh: quality and speed of the compound splitter on the
# DEKOR gold compounds and GNAD news words (shared data directory beside the
# checkout), stand-alone
# (no server): builds test/bench/eval_compounds.c with the pure C core and
# prints a Markdown report.
#
#   [LEXICON=de_ch] bash test/bench/compounds.sh [-v]     (-v also lists every miss)
#
# Uses the hunspell files LEXICON.dict/LEXICON.affix from
# `pg_config --sharedir`/tsearch_data (PG_CONFIG honoured); LEXICON defaults
# to de_de, the tokenizer's default news_analytics.compound_lexicon.
# The two lexicon lookups are linked through wrappers (ld --wrap) so that
# the "simulated unknown part" rows can hide a known word from the splitter.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
TS="$("$PG_CONFIG" --sharedir)/tsearch_data"
LEXICON=${LEXICON:-de_de}
DATA="$ROOT/../shared/data"
BUILD="$ROOT/test/unit/build"
mkdir -p "$BUILD"
cc -O2 -DNEWS_STANDALONE -I"$ROOT/src" -Wall -Wextra -Wno-unused-parameter \
	-Wno-format-truncation -Wl,--wrap=news_lexicon_lookup \
	-Wl,--wrap=news_lexicon_lookup_fnv -o "$BUILD/eval_compounds" \
	"$ROOT/test/bench/eval_compounds.c" \
	$(grep -L '#include "postgres.h"' "$ROOT"/src/tokenizer/*.c) -lstemmer

echo "## Compound splitting ($(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "Command: \`bash test/bench/compounds.sh\`; lexicon: $LEXICON.dict/$LEXICON.affix (hunspell);"
echo "data: DEKOR compounds-dekor-dev.tsv (967 gold compounds), gnad-dev.csv."
echo
"$BUILD/eval_compounds" "$TS/$LEXICON.dict" "$TS/$LEXICON.affix" \
	"$DATA/compounds-dekor-dev.tsv" "$DATA/gnad-dev.csv" "$@"
