/*-------------------------------------------------------------------------
 *
 * rollup_guc.c
 *	  Module initialization of the rollup subsystem.
 *
 * The rollup subsystem defines no GUCs: its behaviour is chosen per call
 * (time zone and granularity arguments, the session's TimeZone), so that
 * stored rollups never depend on a setting that was in force when they
 * were computed.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "news_analytics.h"

/*
 * news_rollup_init
 *		Called from _PG_init(); nothing to register.
 */
void
news_rollup_init(void)
{
}
