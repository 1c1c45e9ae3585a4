/*-------------------------------------------------------------------------
 *
 * fuzz_compound.c
 *	  libFuzzer target for the compound splitter: any byte string as a
 *	  word, with any maxparts (the first byte).  Built and run for a few
 *	  seconds by test/fuzz/check-fuzz.sh, long runs by test/fuzz/fuzz-long.sh;
 *	  the lexicon comes from NEWS_FUZZ_DICT/NEWS_FUZZ_AFFIX.
 *
 * Aborts (a finding) when a part lies outside the word, is empty or cuts
 * a character, invalid UTF-8 splits, or the part count breaks the
 * contract of compound.h.  (Parts may overlap: sub-compounds such as
 * "notfall" and "fallpraxis" are reported next to the single parts.)
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"
#include "fuzz_lexicon.h"

#include "tokenizer/compound.h"

static NewsLexicon *lexicon;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	lexicon = fuzz_load_lexicon();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
	char	   *word;
	int			maxparts;
	int			len;
	int			n;

	if (size == 0)
		return 0;
	/* first byte: maxparts, 0 .. NEWS_COMPOUND_MAX_PARTS */
	maxparts = data[0] % (NEWS_COMPOUND_MAX_PARTS + 1);
	len = (int) (size - 1);
	/* an exact-size copy, so that ASan sees any read past the end */
	word = fuzz_copy(data + 1, len, false);
	n = news_compound_split(lexicon, word, len, parts, maxparts);
	FUZZ_CHECK(n >= 0 && n != 1 && n <= maxparts);
	FUZZ_CHECK(n == 0 || len <= NEWS_COMPOUND_MAX_BYTES);
	/* compound.h: invalid UTF-8 does not split */
	if (n > 0)
		FUZZ_CHECK(fuzz_utf8_check(word, len, true));
	for (int i = 0; i < n; i++)
	{
		FUZZ_CHECK(parts[i].offset >= 0 && parts[i].length > 0 &&
				   parts[i].offset + parts[i].length <= len);
		/* parts start and end at character boundaries */
		FUZZ_CHECK(fuzz_utf8_check(word + parts[i].offset, parts[i].length, true));
	}
	(void) news_lexicon_contains(lexicon, word, len);
	free(word);
	return 0;
}
