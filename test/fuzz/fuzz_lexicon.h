/*-------------------------------------------------------------------------
 *
 * fuzz_lexicon.h
 *	  The hunspell lexicon of the tokenizer and compound targets, loaded
 *	  once in LLVMFuzzerInitialize from NEWS_FUZZ_DICT / NEWS_FUZZ_AFFIX
 *	  (set by fuzz_lib.sh); exits when it cannot be loaded.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_FUZZ_LEXICON_H
#define NEWS_FUZZ_LEXICON_H

#include <stdio.h>
#include <stdlib.h>

#include "tokenizer/lexicon.h"

static inline NewsLexicon *
fuzz_load_lexicon(void)
{
	const char *dict = getenv("NEWS_FUZZ_DICT");
	const char *affix = getenv("NEWS_FUZZ_AFFIX");
	char		err[256];
	NewsLexicon *lexicon;

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
	return lexicon;
}

#endif							/* NEWS_FUZZ_LEXICON_H */
