/*-------------------------------------------------------------------------
 *
 * news_analytics.c
 *	  Module entry point: PG_MODULE_MAGIC and _PG_init().
 *
 * Each subsystem registers its own GUCs from its init function; this file
 * only wires them together and reserves the GUC prefix so that a typo such
 * as "news_analytics.similarty_threshold" is reported instead of silently
 * creating a placeholder variable.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "news_analytics.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * _PG_init
 *		Called once per backend when the shared library is loaded.
 */
void
_PG_init(void)
{
	news_tokenizer_init();
	news_similarity_init();
	news_rollup_init();
	news_trends_init();

	MarkGUCPrefixReserved(NEWS_GUC_PREFIX);
}
