/*-------------------------------------------------------------------------
 *
 * trends.h
 *	  Server-side declarations of the trends subsystem (term statistics,
 *	  significant terms, story clustering): GUCs and argument macros.  The
 *	  pure cores and the layout of news_termstats are in termstats.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_TRENDS_H
#define NEWS_TRENDS_H

#include "postgres.h"
#include "fmgr.h"

#include "common/pg_compat.h"
#include "trends/termstats.h"

/* news_analytics.termstats_max_terms: the size cap of a state */
extern int	news_termstats_max_terms;

#define DatumGetNewsTermStatsP(d)	((NewsTermStats *) PG_DETOAST_DATUM(d))
#define PG_GETARG_NEWS_TERMSTATS_P(n)	DatumGetNewsTermStatsP(PG_GETARG_DATUM(n))

#endif							/* NEWS_TRENDS_H */
