/*-------------------------------------------------------------------------
 *
 * rollup_zone.c
 *	  Time zones for news_rollup: name resolution, and a cache of UTC
 *	  offset segments so that the transition function never calls
 *	  pg_localtime().
 *
 * The cache lives in fn_extra of the calling function (memory context
 * fn_mcxt), so one aggregate call site resolves its zone once per query.
 * It covers a window of UTC time as a sorted array of segments with a
 * constant offset, built with pg_next_dst_boundary(); a timestamp outside
 * the window widens it (by at least a year, doubling up to 50 years) and
 * the array is rebuilt.  Lookups check the last hit segment first and
 * binary-search otherwise (a few dozen segments for decades of data).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int.h"
#include "miscadmin.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "rollup/rollup.h"

#define SECS_2000_SINCE_1970	INT64CONST(946684800)
#define USECS_PER_YEAR_APPROX	(INT64CONST(366) * USECS_PER_DAY)

/*
 * nr_resolve_zone
 *		Look up a full time zone name (as for SET TimeZone); returns the
 *		zone and its canonical spelling, or raises a clear error.
 */
pg_tz *
nr_resolve_zone(const char *name, int len, char *canon, int *canonlen)
{
	char		buf[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz = NULL;
	const char *cname;

	if (len > 0 && len <= TZ_STRLEN_MAX && memchr(name, '\0', len) == NULL)
	{
		memcpy(buf, name, len);
		buf[len] = '\0';
		tz = pg_tzset(buf);
	}
	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%.*s\" not recognized",
						Min(len, TZ_STRLEN_MAX), name),
				 errhint("Use a full time zone name from pg_timezone_names, such as \"Europe/Zurich\".")));
	cname = pg_get_timezone_name(tz);
	*canonlen = strlen(cname);
	memcpy(canon, cname, *canonlen + 1);
	return tz;
}

/*
 * nr_rollup_zone
 *		The pg_tz of a stored rollup (pg_tzset() keeps its own cache).
 */
pg_tz *
nr_rollup_zone(const NewsRollup *r)
{
	char		canon[TZ_STRLEN_MAX + 1];
	int			clen;

	return nr_resolve_zone(NR_TZNAME(r), r->tzlen, canon, &clen);
}

/*
 * Zones are cached per backend as well as per call site.  A caller that
 * builds a new FmgrInfo for every row -- Citus's worker_partial_agg(), which
 * runs news_rollup's transition function on the shards, does -- hands us an
 * empty fn_extra each time; without this cache every row would resolve the
 * zone and rebuild its offset segments (measured: a distributed daily
 * rollup of 10 M timestamps took 29 s instead of 5 s).  A cached NrZone
 * always describes the zone it was created for (it is never re-resolved to
 * another one), so call sites may share it; its segment cache only grows.
 */
#define NR_ZONE_CACHE_SIZE	16

static NrZone *zone_cache[NR_ZONE_CACHE_SIZE];
static int	nzone_cache = 0;
static MemoryContext zone_cxt = NULL;

/*
 * zone_matches
 *		Whether z was made for this request (name == NULL: the session zone).
 */
static inline bool
zone_matches(const NrZone *z, const char *name, int len)
{
	if (name == NULL)
		return z->req_session && z->tz == session_timezone;
	return !z->req_session && z->reqlen == len &&
		memcmp(z->req, name, len) == 0;
}

/*
 * nr_zone_lookup
 *		The cached zone of this call site; name == NULL asks for the
 *		session's TimeZone.  Looks in fn_extra, then in the backend's cache,
 *		and resolves the zone only when neither has it.
 */
NrZone *
nr_zone_lookup(FunctionCallInfo fcinfo, const char *name, int len)
{
	NrZone	   *z = (NrZone *) fcinfo->flinfo->fn_extra;
	char		canon[TZ_STRLEN_MAX + 1];
	int			canonlen;
	pg_tz	   *tz;
	MemoryContext mcxt;
	int			i;

	if (z != NULL && zone_matches(z, name, len))
		return z;
	for (i = 0; i < nzone_cache; i++)
	{
		if (zone_matches(zone_cache[i], name, len))
		{
			fcinfo->flinfo->fn_extra = zone_cache[i];
			return zone_cache[i];
		}
	}

	/* resolve first: an unknown zone raises its error before any allocation */
	if (name == NULL)
	{
		const char *sname = pg_get_timezone_name(session_timezone);

		(void) nr_resolve_zone(sname, strlen(sname), canon, &canonlen);
		/* remember the session zone itself, not its re-resolution */
		tz = session_timezone;
	}
	else
		tz = nr_resolve_zone(name, len, canon, &canonlen);

	if (nzone_cache < NR_ZONE_CACHE_SIZE)
	{
		if (zone_cxt == NULL)
			zone_cxt = AllocSetContextCreate(TopMemoryContext,
											 "news_rollup zones",
											 ALLOCSET_SMALL_SIZES);
		mcxt = zone_cxt;
	}
	else
		mcxt = fcinfo->flinfo->fn_mcxt; /* many zones: one per call site */
	z = MemoryContextAllocZero(mcxt, sizeof(NrZone));
	z->mcxt = mcxt;
	z->tz = tz;
	memcpy(z->name, canon, canonlen + 1);
	z->namelen = canonlen;
	z->req_session = (name == NULL);
	z->reqlen = name == NULL ? 0 : len;
	if (name != NULL)
		memcpy(z->req, name, len);
	if (mcxt == zone_cxt)
		zone_cache[nzone_cache++] = z;
	fcinfo->flinfo->fn_extra = z;
	return z;
}

/*
 * sat_add
 *		a + b clamped to [MIN_TIMESTAMP, END_TIMESTAMP].
 */
static int64
sat_add(int64 a, int64 b)
{
	int64		r;

	if (pg_add_s64_overflow(a, b, &r))
		r = (b > 0) ? END_TIMESTAMP : MIN_TIMESTAMP;
	return Max(Min(r, END_TIMESTAMP), MIN_TIMESTAMP);
}

/*
 * build_slot_index
 *		Fill the direct slot -> segment index of the current window (none
 *		for windows too wide to be worth it; lookups then binary-search).
 */
static void
build_slot_index(NrZone *z)
{
	int64		n = ((z->cover_hi - 1 - z->cover_lo) >> NR_SLOT_SHIFT) + 1;
	int64		b;
	int			seg = 0;

	z->nslot = 0;
	if (n > NR_MAX_SLOT_INDEX)
		return;
	if (n > z->slotcap)
	{
		if (z->slot_seg)
			pfree(z->slot_seg);
		z->slot_seg = MemoryContextAlloc(z->mcxt, n * sizeof(int32));
		z->slotcap = n;
	}
	for (b = 0; b < n; b++)
	{
		int64		start = z->cover_lo + (b << NR_SLOT_SHIFT);
		int64		end = start + ((int64) 1 << NR_SLOT_SHIFT);	/* exclusive */

		while (seg + 1 < z->nseg && z->seg_start[seg + 1] <= start)
			seg++;
		/* one segment covers the slot if the next one starts after it */
		z->slot_seg[b] = (seg + 1 >= z->nseg || z->seg_start[seg + 1] >= end) ? seg : -1;
	}
	z->nslot = n;
}

/*
 * mark_split_windows
 *		Split off, at the start of each segment, the instants whose local
 *		hour was already reached by an earlier segment (the second pass
 *		through a repeated hour): they go to their own segment flagged
 *		seg_split, so the transition function learns it from the lookup it
 *		does anyway.  Only backward offset changes create such windows.
 */
static void
mark_split_windows(NrZone *z)
{
	int64	   *start,
			   *off;
	bool	   *split;
	int			k,
				n = 0,
				cap = z->nseg * 2 + 1;
	int64		max_local;

	/* before the window, assume the first segment's offset */
	max_local = z->nseg > 0 ? z->seg_start[0] - 1 + z->seg_off[0] : 0;
	start = MemoryContextAlloc(z->mcxt, cap * sizeof(int64));
	off = MemoryContextAlloc(z->mcxt, cap * sizeof(int64));
	split = MemoryContextAlloc(z->mcxt, cap * sizeof(bool));
	for (k = 0; k < z->nseg; k++)
	{
		int64		s = z->seg_start[k];
		int64		o = z->seg_off[k];
		int64		end = (k + 1 < z->nseg) ? z->seg_start[k + 1] : z->cover_hi;
		int64		p = s;

		if (k > 0)
		{
			/* local time of the instant before s, the latest so far */
			max_local = Max(max_local, s - 1 + z->seg_off[k - 1]);
			if (o != z->seg_off[k - 1])
				p = (nr_floor_div(max_local, USECS_PER_HOUR) + 1) * USECS_PER_HOUR - o;
		}
		if (p > s)
		{
			start[n] = s;
			off[n] = o;
			split[n] = true;
			n++;
		}
		if (p < end)
		{
			start[n] = Max(p, s);
			off[n] = o;
			split[n] = false;
			n++;
		}
	}
	if (z->seg_split)
		pfree(z->seg_split);
	pfree(z->seg_start);
	pfree(z->seg_off);
	z->seg_start = start;
	z->seg_off = off;
	z->seg_split = split;
	z->nseg = n;
	z->segcap = cap;
}

/*
 * nr_zone_extend
 *		Widen the segment window so that it contains ts, and rebuild it.
 */
void
nr_zone_extend(NrZone *z, TimestampTz ts)
{
	int64		lo,
				hi,
				pad,
				hi_sec,
				seg_start;
	pg_time_t	t;

	if (z->nseg == 0)
	{
		lo = sat_add(ts, -USECS_PER_YEAR_APPROX);
		hi = sat_add(ts, USECS_PER_YEAR_APPROX);
	}
	else
	{
		pad = Max(USECS_PER_YEAR_APPROX, z->cover_hi - z->cover_lo);
		pad = Min(pad, 50 * USECS_PER_YEAR_APPROX);
		lo = z->cover_lo;
		hi = z->cover_hi;
		if (ts < lo)
			lo = sat_add(ts, -pad);
		if (ts >= hi)
			hi = sat_add(ts, pad);
	}
	if (hi <= ts)
		hi = ts + 1;			/* ts is finite, so this cannot overflow */

	/*
	 * Until the rebuild is complete the window is empty, so that an error
	 * half-way (the zone may be cached for the whole backend) leaves a zone
	 * that is rebuilt on next use rather than one with missing segments.
	 */
	z->nseg = 0;
	z->nslot = 0;
	z->cover_lo = z->cover_hi = 0;
	hi_sec = nr_floor_div(hi, USECS_PER_SEC) + SECS_2000_SINCE_1970 + 1;
	seg_start = lo;
	t = (pg_time_t) (nr_floor_div(lo, USECS_PER_SEC) + SECS_2000_SINCE_1970);
	for (;;)
	{
		long		before_off,
					after_off;
		int			before_dst,
					after_dst;
		pg_time_t	boundary = 0;
		int			rc;

		CHECK_FOR_INTERRUPTS();
		rc = pg_next_dst_boundary(&t, &before_off, &before_dst, &boundary,
								  &after_off, &after_dst, z->tz);
		if (rc < 0)
			elog(ERROR, "could not determine UTC offsets of time zone \"%s\"",
				 z->name);
		if (rc == 1 && boundary <= t)
		{
			/* t is the very first transition: ask again just after it */
			t++;
			continue;
		}
		if (z->nseg == z->segcap)
		{
			int			cap = Max(16, z->segcap * 2);

			if (z->segcap == 0)
			{
				z->seg_start = MemoryContextAlloc(z->mcxt, cap * sizeof(int64));
				z->seg_off = MemoryContextAlloc(z->mcxt, cap * sizeof(int64));
			}
			else
			{
				z->seg_start = repalloc(z->seg_start, cap * sizeof(int64));
				z->seg_off = repalloc(z->seg_off, cap * sizeof(int64));
			}
			z->segcap = cap;
		}
		z->seg_start[z->nseg] = seg_start;
		z->seg_off[z->nseg] = (int64) before_off * USECS_PER_SEC;
		z->nseg++;
		if (rc == 0 || boundary >= hi_sec)
			break;
		seg_start = (int64) (boundary - SECS_2000_SINCE_1970) * USECS_PER_SEC;

		/*
		 * Ask from one second after the boundary: asking at a transition
		 * instant itself is the edge case of the zone code.
		 */
		t = boundary + 1;
	}
	z->cover_lo = lo;
	z->cover_hi = hi;
	mark_split_windows(z);
	z->hit_lo = z->hit_hi = 0;
	build_slot_index(z);
}

/*
 * nr_zone_segment
 *		Index of the segment holding ts (within the cover window).
 */
int
nr_zone_segment(NrZone *z, TimestampTz ts)
{
	int			lo = 0,
				hi = z->nseg - 1;

	while (lo < hi)
	{
		int			mid = (lo + hi + 1) / 2;

		if (z->seg_start[mid] <= ts)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * nr_zone_hour_parts
 *		The physical hours of a local hour, in time order: one per UTC
 *		offset that instants of that local hour have.  A part starts where
 *		date_trunc('hour', ts) of a timestamptz puts it: the local hour's
 *		start at that offset (for a partial hour after a half-hour change
 *		that may be before the zone reaches the hour).  Returns the number
 *		of parts: 0 for a local hour that does not exist (spring gap), 2
 *		for the repeated autumn hour, otherwise 1.
 */
int
nr_zone_hour_parts(NrZone *z, int64 local_hour, NrHourPart *parts)
{
	int64		L,
				lo,
				hi;
	int			k,
				n = 0;

	if (pg_mul_s64_overflow(local_hour, USECS_PER_HOUR, &L))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	/* instants of this local hour lie within 26 hours of it */
	lo = sat_add(L, -(int64) NR_MAX_OFFSET_SEC * USECS_PER_SEC);
	hi = sat_add(L, USECS_PER_HOUR + (int64) NR_MAX_OFFSET_SEC * USECS_PER_SEC);
	if (hi >= END_TIMESTAMP)
		hi = END_TIMESTAMP - 1;
	if (lo < z->cover_lo || lo >= z->cover_hi)
		nr_zone_extend(z, lo);
	if (hi < z->cover_lo || hi >= z->cover_hi)
		nr_zone_extend(z, hi);
	for (k = nr_zone_segment(z, lo); k < z->nseg && z->seg_start[k] <= hi; k++)
	{
		int64		off = z->seg_off[k];
		int64		end = (k + 1 < z->nseg) ? z->seg_start[k + 1] : z->cover_hi;
		int64		from = Max(z->seg_start[k], L - off);
		int64		to = Min(end, L + USECS_PER_HOUR - off);

		if (from >= to)
			continue;
		/* a split window and the rest of its segment are one offset */
		if (n > 0 && parts[n - 1].off_sec == (int32) (off / USECS_PER_SEC))
			continue;
		if (n == NR_MAX_HOUR_PARTS)
			break;
		parts[n].start = L - off;
		parts[n].off_sec = (int32) (off / USECS_PER_SEC);
		n++;
	}
	return n;
}

/*
 * nr_hour_to_utc
 *		The timestamptz at which a local hour starts: the same conversion as
 *		"local_timestamp AT TIME ZONE zone" (DetermineTimeZoneOffset), so a
 *		bucket_start equals date_trunc(g, ts AT TIME ZONE z) AT TIME ZONE z.
 */
TimestampTz
nr_hour_to_utc(pg_tz *tz, int64 local_hour)
{
	Timestamp	local;
	struct pg_tm tm;
	fsec_t		fsec;
	int			off;

	if (pg_mul_s64_overflow(local_hour, USECS_PER_HOUR, &local) ||
		!IS_VALID_TIMESTAMP(local) ||
		timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	off = DetermineTimeZoneOffset(&tm, tz);
	return local + (int64) off * USECS_PER_SEC;
}

/*
 * nr_tz_offset
 *		The zone's offset from UTC at that instant, in seconds (positive
 *		west of Greenwich, as timestamp2tm() gives it), the slow way
 *		(pg_localtime); for one-off conversions outside the aggregate.
 */
int
nr_tz_offset(pg_tz *tz, TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			off;

	if (timestamp2tm(ts, &off, &tm, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return off;
}

/*
 * nr_utc_to_local_hour
 *		Local hour number of a timestamptz (nr_tz_offset).
 */
int64
nr_utc_to_local_hour(pg_tz *tz, TimestampTz ts)
{
	int			off = nr_tz_offset(tz, ts);

	return nr_floor_div(ts - (int64) off * USECS_PER_SEC, USECS_PER_HOUR);
}
