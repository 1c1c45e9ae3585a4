/*-------------------------------------------------------------------------
 *
 * rollup_guc.c
 *	  GUCs of the rollup subsystem (FOUNDATION PLACEHOLDER).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "news_analytics.h"

void
news_rollup_init(void)
{
}
