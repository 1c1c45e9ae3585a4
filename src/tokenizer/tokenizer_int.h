/*-------------------------------------------------------------------------
 *
 * tokenizer_int.h
 *	  Server-side internals shared by the tokenizer's glue files
 *	  (tokenize.c, tsearch.c, debug.c); not part of the contract.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_TOKENIZER_INT_H
#define NEWS_TOKENIZER_INT_H

#include "tokenizer/analyzer.h"

/*
 * The backend's analyzer: lexicon (loaded on first use, named by
 * news_analytics.compound_lexicon), stemmer and stop words.  Errors out
 * with a clear message when the lexicon files are missing.
 */
extern const NewsAnalyzer *news_get_analyzer(void);

/*
 * Terms of one token, from the backend's cache or freshly analyzed (and
 * then cached).  Returns the packed terms (valid until the next call).
 */
extern const char *news_token_terms(int type, const char *text, int len,
									int *used, int *nterms);

#endif							/* NEWS_TOKENIZER_INT_H */
