/*-------------------------------------------------------------------------
 *
 * pg_compat.h
 *	  Every difference between the PostgreSQL major versions that
 *	  news_analytics builds against (15, 16, 17, 18), in one place.
 *
 * The rest of the source is written against one API and never tests
 * PG_VERSION_NUM itself; each guard below bridges one change of the server
 * API, named with the major version that made it:
 *
 *	16	varlena macros (VARDATA_ANY, VARSIZE_ANY_EXHDR, SET_VARSIZE, VARSIZE,
 *		...) moved from postgres.h to their own header varatt.h.
 *	16	IndexAmRoutine.amsummarizing (does the AM store block-granular
 *		information only, like BRIN).
 *	17	pq_sendcountedtext() lost its countincludesself argument (always
 *		false in the remaining callers): na_pq_sendcountedtext().
 *	17	IndexAmRoutine.amcanbuildparallel and .aminsertcleanup.
 *	18	pg_attribute_noreturn() (after the declarator) was replaced by
 *		pg_noreturn (a C11 _Noreturn, before the declaration):
 *		na_noreturn, written before the declaration, works on both.
 *	18	vacuum_delay_point() takes a bool (is this ANALYZE?):
 *		na_vacuum_delay_point().
 *	18	readstoplist()'s word operation gets the word's byte length and a
 *		collation besides the word: NA_STOPWORD_OP_PARAMS and
 *		NA_STOPWORD_OP_LEN declare one that works on both.
 *	18	IndexAmRoutine.amcanhash, .amconsistentequality,
 *		.amconsistentordering, .amgettreeheight, .amtranslatestrategy and
 *		.amtranslatecmptype.
 *
 * New IndexAmRoutine fields are set explicitly (NA_AMROUTINE_SET_NEWER)
 * although makeNode() zeroes them: a field added later then shows up here
 * as a decision, not as an accident of zeroing.
 *
 * Include it after postgres.h (it is included by the subsystem headers
 * rollup/rollup.h, similarity/similarity_internal.h and similarity/ivf.h);
 * the pure C cores built stand-alone never include it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NA_PG_COMPAT_H
#define NA_PG_COMPAT_H

#ifdef NEWS_STANDALONE
#error "pg_compat.h is for server code; the stand-alone cores must not include it"
#endif

#if PG_VERSION_NUM < 150000
#error "news_analytics needs PostgreSQL 15 or later"
#endif

/* 16: the varlena macros live in varatt.h (postgres.h had them before). */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * 17: pq_sendcountedtext(buf, str, slen) without countincludesself.
 * The caller includes libpq/pqformat.h (this is a macro).
 */
#if PG_VERSION_NUM >= 170000
#define na_pq_sendcountedtext(buf, str, slen) \
	pq_sendcountedtext((buf), (str), (slen))
#else
#define na_pq_sendcountedtext(buf, str, slen) \
	pq_sendcountedtext((buf), (str), (slen), false)
#endif

/*
 * 18: pg_noreturn goes before the declaration; before 18 the GCC-style
 * pg_attribute_noreturn() went after it, but an __attribute__ is also
 * accepted before it, so one position serves both:
 *		na_noreturn extern void f(void);
 */
#if PG_VERSION_NUM >= 180000
#define na_noreturn pg_noreturn
#else
#define na_noreturn pg_attribute_noreturn()
#endif

/*
 * 18: vacuum_delay_point(bool is_analyze).  Our callers are all VACUUM
 * (index bulk delete and cleanup).  The caller includes commands/vacuum.h.
 */
#if PG_VERSION_NUM >= 180000
#define na_vacuum_delay_point() vacuum_delay_point(false)
#else
#define na_vacuum_delay_point() vacuum_delay_point()
#endif

/*
 * 18: the word operation of readstoplist() is (word, byte length,
 * collation); before, (word) alone.  The word is NUL-terminated in both.
 * Declare it as
 *		static char *op(NA_STOPWORD_OP_PARAMS)
 * and take the length as NA_STOPWORD_OP_LEN.  (tsearch/ts_public.h)
 */
#if PG_VERSION_NUM >= 180000
#define NA_STOPWORD_OP_PARAMS const char *word, size_t word_len, Oid collation
#define NA_STOPWORD_OP_LEN ((int) word_len)
#else
#define NA_STOPWORD_OP_PARAMS const char *word
#define NA_STOPWORD_OP_LEN ((int) strlen(word))
#endif

/*
 * IndexAmRoutine fields added after 15, for an AM without any of these
 * capabilities (news_ivf: ordering scans only, no hashing, no strategy
 * translation, no parallel build, nothing to clean up after inserts).
 */
#if PG_VERSION_NUM >= 160000
#define NA_AMROUTINE_SET_16(am) \
	((am)->amsummarizing = false)
#else
#define NA_AMROUTINE_SET_16(am) ((void) 0)
#endif

#if PG_VERSION_NUM >= 170000
#define NA_AMROUTINE_SET_17(am) \
	((am)->amcanbuildparallel = false, \
	 (am)->aminsertcleanup = NULL)
#else
#define NA_AMROUTINE_SET_17(am) ((void) 0)
#endif

#if PG_VERSION_NUM >= 180000
#define NA_AMROUTINE_SET_18(am) \
	((am)->amcanhash = false, \
	 (am)->amconsistentequality = false, \
	 (am)->amconsistentordering = false, \
	 (am)->amgettreeheight = NULL, \
	 (am)->amtranslatestrategy = NULL, \
	 (am)->amtranslatecmptype = NULL)
#else
#define NA_AMROUTINE_SET_18(am) ((void) 0)
#endif

#define NA_AMROUTINE_SET_NEWER(am) \
	(NA_AMROUTINE_SET_16(am), NA_AMROUTINE_SET_17(am), NA_AMROUTINE_SET_18(am))

#endif							/* NA_PG_COMPAT_H */
