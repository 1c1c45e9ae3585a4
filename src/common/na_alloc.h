/*-------------------------------------------------------------------------
 *
 * na_alloc.h
 *	  Allocation shim for the pure C cores (normalization, compound
 *	  splitting, bucket arithmetic, date parsing).
 *
 * The cores include no server headers so that they can be unit-tested and
 * fuzzed outside PostgreSQL.  Inside the server (the default) they allocate
 * with palloc in the caller's current memory context, so the caller decides
 * lifetime (a per-call context, or a long-lived one for cached lexicons);
 * palloc reports out-of-memory with ereport.  Built stand-alone with
 * -DNEWS_STANDALONE they use malloc and abort on exhaustion.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NA_ALLOC_H
#define NA_ALLOC_H

#include <stddef.h>

/*
 * NA_CHECK_INTERRUPTS() belongs in every core loop whose length depends on
 * the input: inside the server it is CHECK_FOR_INTERRUPTS(), so that a
 * statement on a huge input can be cancelled; stand-alone it is nothing.
 */

#ifdef NEWS_STANDALONE
#include <stdio.h>
#include <stdlib.h>

#define NA_CHECK_INTERRUPTS()	((void) 0)

static inline void *
na_alloc(size_t size)
{
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
	{
		fprintf(stderr, "out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

static inline void *
na_realloc(void *ptr, size_t size)
{
	void	   *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
	{
		fprintf(stderr, "out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

static inline void
na_free(void *ptr)
{
	free(ptr);
}

#else							/* inside the server */
#include <signal.h>

/* as declared in miscadmin.h */
extern volatile sig_atomic_t InterruptPending;
extern void ProcessInterrupts(void);

#define NA_CHECK_INTERRUPTS() \
	do { \
		if (InterruptPending) \
			ProcessInterrupts(); \
	} while (0)

extern void *palloc(size_t size);
extern void *repalloc(void *pointer, size_t size);
extern void pfree(void *pointer);

#define na_alloc(size)			palloc((size) != 0 ? (size) : 1)
#define na_realloc(ptr, size)	repalloc((ptr), (size) != 0 ? (size) : 1)
#define na_free(ptr)			pfree(ptr)

#endif							/* NEWS_STANDALONE */

#endif							/* NA_ALLOC_H */
