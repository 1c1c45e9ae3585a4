/*-------------------------------------------------------------------------
 *
 * term_table.c
 *	  A hash table of distinct terms (open addressing on the stable term
 *	  hash, strings kept in one growing buffer).
 *
 * The tokenizer reports terms as (pointer, length) that are valid only
 * during its callback; the table copies each distinct term once.  It is
 * used per text by the vector constructor and per corpus by
 * news_analyze_corpus(), where it can hold millions of terms, so the
 * arrays use the "huge" allocation functions.  Everything is allocated in
 * the memory context current at term_table_init().
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "similarity/similarity_internal.h"

#include "utils/memutils.h"

#define TT_INITIAL_SLOTS	256

/*
 * term_table_init
 *		Set up an empty table in CurrentMemoryContext.
 */
void
term_table_init(TermTable *table)
{
	table->nslots = TT_INITIAL_SLOTS;
	table->slots = palloc(sizeof(int32) * table->nslots);
	memset(table->slots, 0xff, sizeof(int32) * table->nslots);
	table->maxentries = TT_INITIAL_SLOTS / 2;
	table->entries = palloc(sizeof(TermEntry) * table->maxentries);
	table->nentries = 0;
	table->strcap = 4096;
	table->strings = palloc(table->strcap);
	table->strlen = 0;
}

/*
 * term_table_grow
 *		Double the slot array (load factor stays <= 1/2) and rehash.
 */
static void
term_table_grow(TermTable *table)
{
	uint32		nslots = table->nslots * 2;
	uint32		mask = nslots - 1;
	int32	   *slots;
	uint32		i;

	if (nslots > (uint32) (MaxAllocHugeSize / sizeof(int32)) || nslots == 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct terms")));
	slots = MemoryContextAllocHuge(GetMemoryChunkContext(table->slots),
								   sizeof(int32) * (Size) nslots);
	memset(slots, 0xff, sizeof(int32) * (Size) nslots);
	for (i = 0; i < table->nentries; i++)
	{
		uint32		s = table->entries[i].hash & mask;

		while (slots[s] >= 0)
			s = (s + 1) & mask;
		slots[s] = (int32) i;
	}
	pfree(table->slots);
	table->slots = slots;
	table->nslots = nslots;
	table->maxentries = nslots / 2;
	table->entries = repalloc_huge(table->entries,
								   sizeof(TermEntry) * (Size) table->maxentries);
}

/*
 * term_table_lookup_or_add
 *		The entry of the term, created with zero counters if new.
 */
TermEntry *
term_table_lookup_or_add(TermTable *table, const char *term, int len)
{
	uint32		hash = news_term_hash(term, (size_t) len);
	uint32		mask;
	uint32		s;
	TermEntry  *e;

	if (table->nentries + 1 > table->maxentries)
		term_table_grow(table);

	mask = table->nslots - 1;
	s = hash & mask;
	while (table->slots[s] >= 0)
	{
		e = &table->entries[table->slots[s]];
		if (e->hash == hash && e->len == (uint32) len &&
			memcmp(table->strings + e->stroff, term, len) == 0)
			return e;
		s = (s + 1) & mask;
	}

	/* new term: copy its bytes */
	if (table->strlen + len + 1 > table->strcap)
	{
		Size		newcap = table->strcap;

		while (table->strlen + len + 1 > newcap)
			newcap *= 2;
		if (newcap > MaxAllocHugeSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct terms")));
		table->strings = repalloc_huge(table->strings, newcap);
		table->strcap = newcap;
	}
	memcpy(table->strings + table->strlen, term, len);
	table->strings[table->strlen + len] = '\0';

	e = &table->entries[table->nentries];
	e->hash = hash;
	e->len = (uint32) len;
	e->stroff = table->strlen;
	e->nword = 0;
	e->npart = 0;
	e->nfade = 0;
	e->last_doc = -1;
	e->df = 0;
	table->slots[s] = (int32) table->nentries;
	table->nentries++;
	table->strlen += len + 1;
	return e;
}

/*
 * term_table_free
 *		Release the table's memory.
 */
void
term_table_free(TermTable *table)
{
	pfree(table->slots);
	pfree(table->entries);
	pfree(table->strings);
	table->slots = NULL;
	table->entries = NULL;
	table->strings = NULL;
	table->nentries = 0;
}
