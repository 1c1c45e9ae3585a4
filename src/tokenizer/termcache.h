/*-------------------------------------------------------------------------
 *
 * termcache.h
 *	  Bounded cache from a token (type + original bytes) to its terms
 *	  (pure C core, no server headers).
 *
 * News text repeats its words a lot, and the analysis of a word (lexicon
 * look-ups, compound splitting, stemming) costs far more than a hash
 * look-up, so each backend keeps the terms of the tokens it has seen.  The
 * key is the token as written, so a hit skips normalization too.
 *
 * Memory is bounded: entries live in an arena of chunks; when the arena
 * reaches max_bytes or the table is 3/4 full, everything is dropped and
 * the cache fills again (simple, and news vocabularies are small enough
 * that this rarely happens).  Allocation goes through na_alloc.h; in the
 * server the caller makes a long-lived memory context current while it
 * creates the cache and stores entries.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_TERMCACHE_H
#define NEWS_TERMCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "tokenizer/analyzer.h"

typedef struct NewsTermCache NewsTermCache;

extern NewsTermCache *news_cache_create(size_t max_bytes);
extern void news_cache_free(NewsTermCache *cache);

/* Hash of a key (to pass to lookup and store). */
extern uint32_t news_cache_hash(int type, const char *key, int len);

/*
 * Look a token up.  On a hit returns the packed terms (see analyzer.h) and
 * their byte length and count; NULL on a miss.
 */
extern const char *news_cache_lookup(NewsTermCache *cache, uint32_t hash,
									 int type, const char *key, int len,
									 int *used, int *nterms);

/* Store the terms of a token (keys longer than 255 bytes are not cached). */
extern void news_cache_store(NewsTermCache *cache, uint32_t hash, int type,
							 const char *key, int len,
							 const NewsTermList *terms);

/* Statistics: entries, bytes, resets. */
extern void news_cache_stats(const NewsTermCache *cache, size_t *entries,
							 size_t *bytes, size_t *resets);

#endif							/* NEWS_TERMCACHE_H */
