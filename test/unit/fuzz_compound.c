/*-------------------------------------------------------------------------
 *
 * fuzz_compound.c
 *	  libFuzzer target for the compound splitter: any byte string as a
 *	  word, with any maxparts.  Built with clang -fsanitize=fuzzer,address
 *	  by test/unit/check-compound.sh, which runs it for a few seconds;
 *	  longer runs by hand:
 *
 *	 NEWS_FUZZ_DICT=.../de_ch.dict NEWS_FUZZ_AFFIX=.../de_ch.affix \
 *		 ./fuzz_compound -max_len=300 -max_total_time=600
 *
 * Aborts (a finding) when a part lies outside the word, is empty, or the
 * part count breaks the contract of compound.h.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer/compound.h"

static NewsLexicon *lexicon;

int			LLVMFuzzerInitialize(int *argc, char ***argv);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dict = getenv("NEWS_FUZZ_DICT");
	const char *affix = getenv("NEWS_FUZZ_AFFIX");
	char		err[256];

	(void) argc;
	(void) argv;
	if (dict == NULL || affix == NULL)
	{
		fprintf(stderr, "set NEWS_FUZZ_DICT and NEWS_FUZZ_AFFIX\n");
		exit(2);
	}
	lexicon = news_lexicon_load(dict, affix, err, sizeof(err));
	if (lexicon == NULL)
	{
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
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
	word = malloc(len ? len : 1);
	memcpy(word, data + 1, len);
	n = news_compound_split(lexicon, word, len, parts, maxparts);
	if (n < 0 || n == 1 || n > maxparts)
		abort();
	for (int i = 0; i < n; i++)
		if (parts[i].offset < 0 || parts[i].length <= 0 ||
			parts[i].offset + parts[i].length > len)
			abort();
	(void) news_lexicon_contains(lexicon, word, len);
	free(word);
	return 0;
}
