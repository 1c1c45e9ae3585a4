/*-------------------------------------------------------------------------
 *
 * rollup.h
 *	  The news_rollup value: layout and the functions shared by the files
 *	  of the rollup subsystem (server side).
 *
 * A news_rollup counts timestamps per local wall-clock hour in one named
 * time zone.  Hours are "local hour numbers" (see rollup_buckets.h), so a
 * bucket of day or coarser granularity is a plain sum of hours.  An hour
 * bucket is a physical hour, as date_trunc('hour', ts) of a timestamptz:
 * the local hour that holds instants of two UTC offsets (the repeated
 * autumn hour) is two buckets, told apart by the split entries (version 2,
 * rollup_parse.h) that count the instants of its second offset.
 *
 * The value is a varlena with alignment 'double' in one of two forms (the
 * layout is declared in the pure header rollup_parse.h, shared with the
 * stand-alone input/output cores):
 *
 *	dense (NR_DENSE set): uint32 counts[nslots], slot i = hour base_hour+i.
 *		The working form of the aggregates: the transition function bumps
 *		one counter in place.  It may have empty slack at both ends.
 *	compact: the form of finished values (final functions, input, recv).
 *		nslots = number of non-empty hours, base_hour = the first of them;
 *		then a byte stream of LEB128 pairs (gap, count - 1) per non-empty
 *		hour, gap = hours skipped since the previous non-empty hour (0 for
 *		the first).  About 2 bytes per busy hour.
 *
 * Both forms start with the header below followed by the canonical zone
 * name (not NUL-terminated) padded to MAXALIGN.  first_ts/last_ts hold the
 * exact earliest/latest timestamp when NR_EXACT is set; a moving-window
 * aggregate that removed its extreme value clears NR_EXACT and the
 * accessors then fall back to the start of the first/last non-empty hour.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_ROLLUP_H
#define NEWS_ROLLUP_H

#include "fmgr.h"
#include "common/pg_compat.h"
#include "pgtime.h"
#include "datatype/timestamp.h"
#include "rollup/rollup_buckets.h"

#include "rollup/rollup_parse.h"

/* the pure header's layout and limits are PostgreSQL's */
StaticAssertDecl(NR_HDRSZ == MAXALIGN(sizeof(NewsRollup)),
				 "NR_HDRSZ must be MAXALIGN'ed");
StaticAssertDecl(NR_ALIGN(1) == MAXALIGN(1), "NR_ALIGN must be MAXALIGN");
StaticAssertDecl(NR_MIN_TIMESTAMP == MIN_TIMESTAMP &&
				 NR_END_TIMESTAMP == END_TIMESTAMP,
				 "timestamp range differs");
StaticAssertDecl(NR_TZ_MAXLEN == TZ_STRLEN_MAX, "zone name limit differs");

#define NR_PAYLOAD_LEN(r)	(VARSIZE(r) - NR_PAYLOAD_OFF((r)->tzlen) - NR_SPLIT_BYTES(r))

#define USECS_PER_HOUR_I64	INT64CONST(3600000000)

#define DatumGetNewsRollupP(d)	((NewsRollup *) PG_DETOAST_DATUM(d))
#define PG_GETARG_NEWSROLLUP_P(n) DatumGetNewsRollupP(PG_GETARG_DATUM(n))

/* iteration over the non-empty hours (nr_iter_next in rollup_parse.h) */
extern void nr_iter_init(NewsRollupIter *it, const NewsRollup *r);

/*
 * A time zone with a cache of its UTC-offset segments, kept in fn_extra:
 * converting a timestamp to a local hour is a range check (or a short
 * binary search) instead of pg_localtime().
 */
typedef struct NrZone
{
	/* what was asked for: the session zone, or a name as given */
	bool		req_session;
	int			reqlen;
	char		req[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz;
	int			namelen;
	char		name[TZ_STRLEN_MAX + 1];	/* canonical name */
	/* offset segments covering [cover_lo, cover_hi) in UTC microseconds */
	int			nseg;
	int			segcap;
	int64	   *seg_start;
	int64	   *seg_off;		/* local - UTC, microseconds */
	int64		cover_lo;
	int64		cover_hi;
	/* the segment of the last lookup */
	int64		hit_lo;
	int64		hit_hi;
	int64		hit_off;
	bool		hit_split;
	/* per segment: is it a split window (see nr_zone_offset_split)? */
	bool	   *seg_split;
	/*
	 * Direct index: slot (ts - cover_lo) >> NR_SLOT_SHIFT holds the segment
	 * covering that whole ~1.6-day slot, or -1 if a boundary falls inside.
	 * Random-order timestamps then need no binary search.
	 */
	int32	   *slot_seg;
	int64		nslot;
	int64		slotcap;
	/* the last state whose zone was checked against this one */
	const void *verified_state;
	MemoryContext mcxt;
} NrZone;

#define NR_SLOT_SHIFT	37		/* 2^37 us = 1.59 days */
#define NR_MAX_SLOT_INDEX	(1 << 20)

/* time zones (rollup_zone.c) */
extern NrZone *nr_zone_lookup(FunctionCallInfo fcinfo, const char *name, int len);
extern void nr_zone_extend(NrZone *z, TimestampTz ts);
extern int	nr_zone_segment(NrZone *z, TimestampTz ts);

/* one physical hour of a local hour: its start (date_trunc) and offset */
typedef struct NrHourPart
{
	TimestampTz start;
	int32		off_sec;
} NrHourPart;

#define NR_MAX_HOUR_PARTS	8
extern int	nr_zone_hour_parts(NrZone *z, int64 local_hour,
							   NrHourPart *parts);
extern pg_tz *nr_resolve_zone(const char *name, int len, char *canon,
							  int *canonlen);
extern pg_tz *nr_rollup_zone(const NewsRollup *r);
extern TimestampTz nr_hour_to_utc(pg_tz *tz, int64 local_hour);
extern int64 nr_utc_to_local_hour(pg_tz *tz, TimestampTz ts);

/*
 * nr_zone_offset_split
 *		local - UTC in microseconds at ts; the hot path of the transition
 *		function.  *split tells whether ts lies in a "split window": its
 *		local hour also holds earlier instants of another UTC offset (the
 *		second pass through the repeated autumn hour), so it is not the
 *		first physical hour of its local hour (see rollup_parse.h).
 */
static inline int64
nr_zone_offset_split(NrZone *z, TimestampTz ts, bool *split)
{
	if (likely(ts >= z->hit_lo && ts < z->hit_hi))
	{
		*split = z->hit_split;
		return z->hit_off;
	}
	if (unlikely(ts < z->cover_lo || ts >= z->cover_hi))
		nr_zone_extend(z, ts);
	if (likely(z->nslot > 0))
	{
		int32		seg = z->slot_seg[(ts - z->cover_lo) >> NR_SLOT_SHIFT];

		if (likely(seg >= 0))
		{
			*split = z->seg_split[seg];
			return z->seg_off[seg];
		}
	}
	{
		int			lo = nr_zone_segment(z, ts);

		z->hit_lo = z->seg_start[lo];
		z->hit_hi = (lo + 1 < z->nseg) ? z->seg_start[lo + 1] : z->cover_hi;
		z->hit_off = z->seg_off[lo];
		z->hit_split = z->seg_split[lo];
		*split = z->hit_split;
		return z->hit_off;
	}
}

static inline int64
nr_zone_offset(NrZone *z, TimestampTz ts)
{
	bool		split;

	return nr_zone_offset_split(z, ts, &split);
}

static inline int64
nr_hour_of_local(int64 local)
{
	return local >= 0 ? local / USECS_PER_HOUR_I64
		: -((-local + USECS_PER_HOUR_I64 - 1) / USECS_PER_HOUR_I64);
}

static inline int64
nr_local_hour(NrZone *z, TimestampTz ts)
{
	return nr_hour_of_local(ts + nr_zone_offset(z, ts));
}

/* construction and conversion (rollup_type.c) */
extern NewsRollup *nr_new_dense(const char *tz, int tzlen, int64 base_hour,
								int64 nslots);
extern NewsRollup *nr_to_dense(const NewsRollup *r, int64 lo, int64 hi);
extern NewsRollup *nr_to_compact(const NewsRollup *r);
extern NewsRollup *nr_carry_splits(NewsRollup *dst, const NewsRollup *src);
extern NewsRollup *nr_set_splits(NewsRollup *r, const NrSplit *sp, int64 n,
								 NrError *err);
extern NewsRollup *nr_split_add(NewsRollup *st, int64 hour, int32 off_sec,
								int64 delta);
extern bool nr_same_zone(const NewsRollup *a, const NewsRollup *b);
extern void nr_check_finite(TimestampTz ts);
extern NaGranularity nr_granularity_arg(text *t);

/* first/last (exact, or start of the first/last non-empty hour) */
extern bool nr_bounds(const NewsRollup *r, pg_tz *tz, TimestampTz *first,
					  TimestampTz *last);
extern NewsRollup *nr_compact_from_pairs(const char *tz, int tzlen,
										 const int64 *hours,
										 const uint32 *counts, int64 n,
										 uint8 flags, TimestampTz first,
										 TimestampTz last);
extern void nr_validate(const NewsRollup *r);
na_noreturn extern void nr_report_error(const char *input, const NrError *err);
na_noreturn extern void nr_corrupt(const char *why);
extern int64 nr_last_hour(const NewsRollup *r);

#endif							/* NEWS_ROLLUP_H */
