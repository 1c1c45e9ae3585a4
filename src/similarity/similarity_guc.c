/*-------------------------------------------------------------------------
 *
 * similarity_guc.c
 *	  GUCs of the similarity subsystem and its initialization.
 *
 * news_analytics.similarity_threshold is the user-facing setting of the %
 * operator; the range [0, 1] is enforced by the GUC machinery itself, so
 * an out-of-range SET fails with SQLSTATE 22023 before any code of ours
 * sees the value.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/guc.h"

#include "news_analytics.h"
#include "similarity/similarity_internal.h"

double		news_similarity_threshold = 0.3;

int			news_weight_scheme = 0;
double		news_part_weight = 0.5;
int			news_max_terms = 0;
double		news_bm25_k1 = 1.2;
double		news_bm25_b = 0.75;
int			news_fallback_scheme = 0;

/*
 * news_similarity_init
 *		Define the GUCs and register the statistics cache callback.
 */
void
news_similarity_init(void)
{
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".similarity_threshold",
							 "Similarity at or above which news_vector % news_vector is true.",
							 "Cosine similarity of the weighted terms, between 0 and 1.",
							 &news_similarity_threshold,
							 0.3, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	/* development knobs for the weighting measurements */
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".dev_weight_scheme", "dev", NULL,
							&news_weight_scheme, 0, 0, 1,
							PGC_USERSET, GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".dev_part_weight", "dev", NULL,
							 &news_part_weight, 0.5, 0.0, 1.0,
							 PGC_USERSET, GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".dev_max_terms", "dev", NULL,
							&news_max_terms, 0, 0, 100000,
							PGC_USERSET, GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".dev_bm25_k1", "dev", NULL,
							 &news_bm25_k1, 1.2, 0.0, 10.0,
							 PGC_USERSET, GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".dev_bm25_b", "dev", NULL,
							 &news_bm25_b, 0.75, 0.0, 1.0,
							 PGC_USERSET, GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".dev_fallback", "dev", NULL,
							&news_fallback_scheme, 0, 0, 2,
							PGC_USERSET, GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							NULL, NULL, NULL);

	news_weighting_init();
}
