/*-------------------------------------------------------------------------
 *
 * news_analytics.h
 *	  Module-wide declarations of the news_analytics extension.
 *
 * The extension has three subsystems, each with its own directory and
 * header under src/: tokenizer/ (German-aware terms and the news_german
 * text search configuration), similarity/ (the news_vector type, related
 * articles) and rollup/ (the news_rollup aggregate and German date
 * parsing).  _PG_init() calls one init function per subsystem so that each
 * registers its own GUCs under the "news_analytics." prefix.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_ANALYTICS_H
#define NEWS_ANALYTICS_H

/* Prefix of every GUC this module defines. */
#define NEWS_GUC_PREFIX "news_analytics"

extern void news_tokenizer_init(void);
extern void news_similarity_init(void);
extern void news_rollup_init(void);
extern void news_trends_init(void);

#endif							/* NEWS_ANALYTICS_H */
