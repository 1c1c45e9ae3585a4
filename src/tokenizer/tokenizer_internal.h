/*-------------------------------------------------------------------------
 *
 * tokenizer_internal.h
 *	  Server-side internals shared by the tokenizer's glue files
 *	  (tokenize.c, tokenizer_guc.c, tsearch.c, debug.c); not part of the
 *	  contract.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_TOKENIZER_INTERNAL_H
#define NEWS_TOKENIZER_INTERNAL_H

#include "tokenizer/analyzer.h"

/*
 * Default lexicon: hunspell-de-de's list.  It splits as well as de_ch on
 * the DEKOR compounds and GNAD news, and also knows foreign compound
 * starts such as "Cyber-" that de_ch lacks; ß is folded to ss, so Swiss
 * spelling finds its words.  de_ch knows a few Swiss words more (Velo).
 */
#define NEWS_DEFAULT_LEXICON "de_de"

/* the GUC news_analytics.compound_lexicon (tokenizer_guc.c) */
extern char *news_compound_lexicon;

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

#endif							/* NEWS_TOKENIZER_INTERNAL_H */
