/*-------------------------------------------------------------------------
 *
 * similarity_guc.c
 *	  GUCs of the similarity subsystem (FOUNDATION PLACEHOLDER).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "news_analytics.h"

void
news_similarity_init(void)
{
}
