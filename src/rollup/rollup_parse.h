/*-------------------------------------------------------------------------
 *
 * rollup_parse.h
 *	  Pure C core of the news_rollup value (no server headers): its
 *	  layout, iteration over the non-empty hours, building the compact
 *	  form, validation of untrusted bytes, and the text and binary input
 *	  and output formats.  Unit-tested and fuzzed stand-alone
 *	  (-DNEWS_STANDALONE); rollup.h adds the server side.
 *
 * Layout (see rollup.h for the meaning of the fields and of the dense and
 * compact forms): the header below, the canonical zone name (tzlen bytes,
 * not NUL-terminated) padded to 8 bytes, then the payload.  A value
 * returned by these functions carries its plain byte size in vl_len_; the
 * server glue turns it into a varlena header (SET_VARSIZE).  Functions
 * that read a value take its size explicitly.
 *
 * Time zones are the caller's: NrZoneOps.resolve looks a name up (and
 * returns its canonical spelling), NrZoneOps.local_hour converts a UTC
 * timestamp to a local hour number.  The server passes pg_tz based
 * callbacks that raise their own errors; the fuzzers pass fixed offsets.
 *
 * Errors come back as an NrError, which the glue reports as:
 *
 *	NR_ERR_SYNTAX          22P02 invalid input syntax for type news_rollup
 *	                       ("detail at character pos+1")
 *	NR_ERR_BINARY          22P03 invalid binary news_rollup: detail
 *	NR_ERR_ZONE            22023 time zone not recognized (only when
 *	                       resolve returns NULL)
 *	NR_ERR_TOO_MANY_HOURS  54000 news_rollup has too many non-empty hours
 *	NR_ERR_TOO_LARGE       54000 news_rollup too large
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_ROLLUP_PARSE_H
#define NEWS_ROLLUP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rollup/rollup_buckets.h"

/*
 * Version 1 (extension 0.2) counted local hours only; version 2 adds the
 * split entries below (in "reserved", which version 1 always left 0), so
 * a version 1 value is read as a version 2 value without splits.
 */
#define NR_VERSION		2
#define NR_VERSION_LOCAL_HOURS	1
#define NR_DENSE		0x01
#define NR_EXACT		0x02
#define NR_ALL_FLAGS	(NR_DENSE | NR_EXACT)

typedef struct NewsRollup
{
	int32_t		vl_len_;		/* varlena header (do not touch directly) */
	uint8_t		version;
	uint8_t		flags;
	uint16_t	tzlen;			/* length of the zone name */
	int32_t		nslots;
	int32_t		nsplit;			/* split entries at the end (version 2) */
	int64_t		total;			/* number of timestamps */
	int64_t		base_hour;		/* local hour number of slot 0 */
	int64_t		first_ts;		/* valid if NR_EXACT and total > 0 */
	int64_t		last_ts;
	/* zone name, padding to 8 bytes, payload */
} NewsRollup;

/* MAXALIGN of the platforms PostgreSQL runs on here (checked in rollup.h) */
#define NR_ALIGN(len)		(((size_t) (len) + 7) & ~((size_t) 7))
#define NR_HDRSZ			NR_ALIGN(sizeof(NewsRollup))
#define NR_TZNAME(r)		((char *) (r) + NR_HDRSZ)
#define NR_PAYLOAD_OFF(tzlen)	(NR_HDRSZ + NR_ALIGN(tzlen))
#define NR_PAYLOAD(r)		((char *) (r) + NR_PAYLOAD_OFF((r)->tzlen))
#define NR_COUNTS(r)		((uint32_t *) NR_PAYLOAD(r))

/*
 * Split entries: a local hour that holds instants of more than one UTC
 * offset (the repeated autumn hour) is more than one physical hour, as
 * date_trunc('hour', ts) of a timestamptz sees it.  counts[] keep the
 * whole local hour; an entry says that `count` of those instants had the
 * UTC offset off_sec, which is not the offset of the hour's first instant
 * (its "primary" offset).  The entries are the last nsplit * 16 bytes of
 * the value, sorted by (hour, off_sec), unaligned (read with memcpy);
 * compact values have no zero counts.  A version 1 value has none, so its
 * repeated hour is one bucket starting at its first occurrence.
 */
typedef struct NrSplit
{
	int64_t		hour;
	int32_t		off_sec;		/* local - UTC, seconds */
	uint32_t	count;
} NrSplit;

#define NR_SPLIT_SIZE		16
#define NR_SPLIT_BYTES(r)	((size_t) (r)->nsplit * NR_SPLIT_SIZE)
/* splits of a value of size bytes; i-th entry */
#define NR_SPLITS(r, size)	((char *) (r) + (size) - NR_SPLIT_BYTES(r))
/* a UTC offset (seconds) as any zone can have it */
#define NR_MAX_OFFSET_SEC	(26 * 3600)

static inline void
nr_split_get(const NewsRollup *r, size_t size, int64_t i, NrSplit *s)
{
	const char *p = NR_SPLITS(r, size) + i * NR_SPLIT_SIZE;

	memcpy(&s->hour, p, 8);
	memcpy(&s->off_sec, p + 8, 4);
	memcpy(&s->count, p + 12, 4);
}

static inline void
nr_split_put(NewsRollup *r, size_t size, int64_t i, const NrSplit *s)
{
	char	   *p = NR_SPLITS(r, size) + i * NR_SPLIT_SIZE;

	memcpy(p, &s->hour, 8);
	memcpy(p + 8, &s->off_sec, 4);
	memcpy(p + 12, &s->count, 4);
}

/* longest zone name (TZ_STRLEN_MAX) */
#define NR_TZ_MAXLEN		255

/* densest span a working state may have (uint32 slots, < 1 GB) */
#define NR_MAX_SLOTS		((int64_t) 200 * 1000 * 1000)

/* PostgreSQL's timestamp range (datatype/timestamp.h) */
#define NR_USECS_PER_SEC	INT64_C(1000000)
#define NR_USECS_PER_HOUR	INT64_C(3600000000)
#define NR_USECS_PER_DAY	INT64_C(86400000000)
#define NR_MIN_TIMESTAMP	INT64_C(-211813488000000000)
#define NR_END_TIMESTAMP	INT64_C(9223371331200000000)
#define NR_VALID_TIMESTAMP(t) \
	(NR_MIN_TIMESTAMP <= (t) && (t) < NR_END_TIMESTAMP)

/* local hour numbers of valid timestamps lie well inside this range */
#define NR_MIN_HOUR		(NR_MIN_TIMESTAMP / NR_USECS_PER_HOUR - 48)
#define NR_MAX_HOUR		(NR_END_TIMESTAMP / NR_USECS_PER_HOUR + 48)

/* iteration over the non-empty hours of either form */
typedef struct NewsRollupIter
{
	const NewsRollup *r;
	int64_t		i;				/* dense: next slot; compact: hours read */
	const uint8_t *p;			/* compact: stream position */
	const uint8_t *end;
	int64_t		hour;			/* compact: last hour returned */
} NewsRollupIter;

extern void nr_iter_start(NewsRollupIter *it, const NewsRollup *r,
						  size_t size);
extern bool nr_iter_next(NewsRollupIter *it, int64_t *hour, uint32_t *count);
extern int64_t nr_last_hour_core(const NewsRollup *r, size_t size);

#define NR_ERR_SYNTAX			1
#define NR_ERR_BINARY			2
#define NR_ERR_ZONE				3
#define NR_ERR_TOO_MANY_HOURS	4
#define NR_ERR_TOO_LARGE		5

typedef struct NrError
{
	int			code;			/* NR_ERR_* */
	const char *detail;			/* static text */
	size_t		pos;			/* text input: byte offset of the error */
} NrError;

typedef struct NrZoneOps
{
	/*
	 * The zone of name[0..len) (not NUL-terminated) and its canonical name
	 * (NUL-terminated, at most NR_TZ_MAXLEN bytes) in canon; NULL if
	 * unknown.  May raise an error itself.
	 */
	const void *(*resolve) (void *arg, const char *name, int len,
							char *canon, int *canonlen);
	/* local hour number of a valid UTC timestamp in the zone */
	int64_t		(*local_hour) (void *arg, const void *zone, int64_t ts);
	void	   *arg;
} NrZoneOps;

/* a compact rollup from ascending (hour, count > 0) pairs; NULL on error */
extern NewsRollup *nr_compact_from_pairs_core(const char *tz, int tzlen,
											  const int64_t *hours,
											  const uint32_t *counts,
											  int64_t n, uint8_t flags,
											  int64_t first, int64_t last,
											  NrError *err);

/* every invariant of a compact rollup: NULL if valid, else the reason */
extern const char *nr_validate_core(const NewsRollup *r, size_t size);

/*
 * a copy of r (size bytes) with the splits replaced by splits[0..n)
 * (sorted, counts > 0); NULL if too large
 */
extern NewsRollup *nr_with_splits_core(const NewsRollup *r, size_t size,
									   const NrSplit *splits, int64_t n,
									   NrError *err);

/* text input (NUL-terminated) and output (NULL if over 1 GB) */
extern NewsRollup *nr_parse_text(const char *str, const NrZoneOps *zones,
								 NrError *err);
extern char *nr_format_text(const NewsRollup *r, size_t size);

/*
 * binary input: never reads outside data[0..len); *used = bytes consumed.
 * The output is for a compact rollup.
 */
extern NewsRollup *nr_parse_binary(const char *data, size_t len,
								   const NrZoneOps *zones, size_t *used,
								   NrError *err);
extern char *nr_format_binary(const NewsRollup *r, size_t size,
							  size_t *outlen);

#endif							/* NEWS_ROLLUP_PARSE_H */
