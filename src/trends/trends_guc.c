/*-------------------------------------------------------------------------
 *
 * trends_guc.c
 *	  Module initialization of the trends subsystem: its GUCs.
 *
 * news_analytics.termstats_max_terms bounds the size of every
 * news_termstats a state is flattened to (aggregate results, merges).  A
 * stored state does not depend on the setting later: it carries its own
 * error bound (see termstats.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/guc.h"

#include "news_analytics.h"
#include "trends/trends.h"

int			news_termstats_max_terms = NTS_DEFAULT_CAP;

/*
 * news_trends_init
 *		Called from _PG_init().
 */
void
news_trends_init(void)
{
	DefineCustomIntVariable("news_analytics.termstats_max_terms",
							"Maximum number of terms a news_termstats keeps.",
							"Beyond it only the most frequent terms are kept "
							"and the state's error bound grows by the largest "
							"count dropped.",
							&news_termstats_max_terms,
							NTS_DEFAULT_CAP, NTS_MIN_CAP, NTS_MAX_TERMS,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
}
