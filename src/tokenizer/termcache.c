/*-------------------------------------------------------------------------
 *
 * termcache.c
 *	  Bounded token -> terms cache (pure C core, see termcache.h).
 *
 * Open addressing with linear probing over a power-of-two table of entry
 * pointers; entries are carved from arena chunks and never freed one by
 * one, only all at once on reset.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "common/na_alloc.h"
#include "common/na_hash.h"
#include "tokenizer/termcache.h"

#define CACHE_SLOTS		(1 << 17)	/* 131072 slots, 1 MB of pointers */
#define CHUNK_BYTES		(256 * 1024)
#define MAX_KEY			255
#define FRONT_SLOTS		2048	/* direct-mapped front table, 16 kB */

typedef struct CacheEntry
{
	uint32_t	hash;
	uint8_t		type;
	uint8_t		keylen;
	uint16_t	nterms;
	uint16_t	used;			/* bytes of packed terms after the key */
	char		data[];			/* key, then terms */
} CacheEntry;

typedef struct Chunk
{
	struct Chunk *next;
	size_t		used;
	char		data[];
} Chunk;

struct NewsTermCache
{
	/*
	 * Front table: the entry last found for each hash value modulo
	 * FRONT_SLOTS.  Frequent words (most of news text) are found here
	 * without touching the big table, which does not fit in the CPU cache.
	 */
	CacheEntry *front[FRONT_SLOTS];
	CacheEntry **slots;
	size_t		entries;
	size_t		bytes;			/* arena bytes in use */
	size_t		max_bytes;
	size_t		resets;
	Chunk	   *chunks;
};

NewsTermCache *
news_cache_create(size_t max_bytes)
{
	NewsTermCache *c = na_alloc(sizeof(NewsTermCache));

	c->slots = na_alloc(sizeof(CacheEntry *) * CACHE_SLOTS);
	memset(c->slots, 0, sizeof(CacheEntry *) * CACHE_SLOTS);
	memset(c->front, 0, sizeof(c->front));
	c->entries = 0;
	c->bytes = 0;
	c->max_bytes = max_bytes;
	c->resets = 0;
	c->chunks = NULL;
	return c;
}

/* drop all entries and arena chunks */
static void
cache_reset(NewsTermCache *c)
{
	while (c->chunks)
	{
		Chunk	   *next = c->chunks->next;

		na_free(c->chunks);
		c->chunks = next;
	}
	memset(c->slots, 0, sizeof(CacheEntry *) * CACHE_SLOTS);
	memset(c->front, 0, sizeof(c->front));
	c->entries = 0;
	c->bytes = 0;
	c->resets++;
}

void
news_cache_free(NewsTermCache *cache)
{
	if (cache == NULL)
		return;
	cache_reset(cache);
	na_free(cache->slots);
	na_free(cache);
}

/*
 * news_cache_hash
 *		FNV-1a over the type and the key bytes.
 */
uint32_t
news_cache_hash(int type, const char *key, int len)
{
	return na_fnv32(NA_FNV32_INIT ^ (uint32_t) type, key, len);
}

const char *
news_cache_lookup(NewsTermCache *c, uint32_t hash, int type, const char *key,
				  int len, int *used, int *nterms)
{
	uint32_t	i = hash & (CACHE_SLOTS - 1);
	CacheEntry *e;

	if (len > MAX_KEY)
		return NULL;
	e = c->front[hash & (FRONT_SLOTS - 1)];
	if (e != NULL && e->hash == hash && e->type == type && e->keylen == len &&
		memcmp(e->data, key, len) == 0)
	{
		*used = e->used;
		*nterms = e->nterms;
		return e->data + len;
	}
	while ((e = c->slots[i]) != NULL)
	{
		if (e->hash == hash && e->type == type && e->keylen == len &&
			memcmp(e->data, key, len) == 0)
		{
			c->front[hash & (FRONT_SLOTS - 1)] = e;
			*used = e->used;
			*nterms = e->nterms;
			return e->data + len;
		}
		i = (i + 1) & (CACHE_SLOTS - 1);
	}
	return NULL;
}

void
news_cache_store(NewsTermCache *c, uint32_t hash, int type, const char *key,
				 int len, const NewsTermList *terms)
{
	size_t		need = (sizeof(CacheEntry) + len + terms->used + 7) & ~(size_t) 7;
	CacheEntry *e;
	uint32_t	i;

	if (len > MAX_KEY || terms->used > 0xFFFF)
		return;
	if (c->bytes + need > c->max_bytes || c->entries >= CACHE_SLOTS / 4 * 3)
		cache_reset(c);
	if (c->chunks == NULL || c->chunks->used + need > CHUNK_BYTES)
	{
		Chunk	   *ch = na_alloc(sizeof(Chunk) + CHUNK_BYTES);

		ch->next = c->chunks;
		ch->used = 0;
		c->chunks = ch;
		c->bytes += sizeof(Chunk) + CHUNK_BYTES;
	}
	e = (CacheEntry *) (c->chunks->data + c->chunks->used);
	c->chunks->used += need;
	e->hash = hash;
	e->type = (uint8_t) type;
	e->keylen = (uint8_t) len;
	e->nterms = (uint16_t) terms->nterms;
	e->used = (uint16_t) terms->used;
	memcpy(e->data, key, len);
	memcpy(e->data + len, terms->buf, terms->used);

	i = hash & (CACHE_SLOTS - 1);
	while (c->slots[i] != NULL)
		i = (i + 1) & (CACHE_SLOTS - 1);
	c->slots[i] = e;
	c->entries++;
}

void
news_cache_stats(const NewsTermCache *cache, size_t *entries, size_t *bytes,
				 size_t *resets)
{
	*entries = cache->entries;
	*bytes = cache->bytes + sizeof(CacheEntry *) * CACHE_SLOTS;
	*resets = cache->resets;
}
