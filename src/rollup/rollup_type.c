/*-------------------------------------------------------------------------
 *
 * rollup_type.c
 *	  The news_rollup value: construction, iteration, dense <-> compact
 *	  conversion, validation of untrusted bytes, first/last bounds.
 *	  (Text and binary I/O are in rollup_io.c.)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "rollup/rollup.h"

/*
 * nr_new_dense
 *		An empty dense rollup in CurrentMemoryContext.
 */
NewsRollup *
nr_new_dense(const char *tz, int tzlen, int64 base_hour, int64 nslots)
{
	NewsRollup *r;
	Size		size;

	if (nslots > NR_MAX_SLOTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup cannot span more than %lld hours (about 22,800 years)",
						(long long) NR_MAX_SLOTS)));
	size = NR_PAYLOAD_OFF(tzlen) + (Size) nslots * sizeof(uint32);
	r = palloc0(size);
	SET_VARSIZE(r, size);
	r->version = NR_VERSION;
	r->flags = NR_DENSE | NR_EXACT;
	r->tzlen = tzlen;
	r->nslots = (int32) nslots;
	r->base_hour = base_hour;
	memcpy(NR_TZNAME(r), tz, tzlen);
	return r;
}

/*
 * nr_iter_init
 *		Walk the non-empty hours of a rollup in ascending order (with
 *		nr_iter_next() of rollup_value.c).
 */
void
nr_iter_init(NewsRollupIter *it, const NewsRollup *r)
{
	nr_iter_start(it, r, VARSIZE(r));
}

/*
 * nr_compact_from_pairs
 *		Build a compact rollup from ascending (hour, count > 0) pairs
 *		(nr_compact_from_pairs_core() in rollup_value.c).
 */
NewsRollup *
nr_compact_from_pairs(const char *tz, int tzlen, const int64 *hours,
					  const uint32 *counts, int64 n, uint8 flags,
					  TimestampTz first, TimestampTz last)
{
	NrError		err;
	NewsRollup *r;

	memset(&err, 0, sizeof(err));
	r = nr_compact_from_pairs_core(tz, tzlen, hours, counts, n, flags,
								   first, last, &err);
	if (r == NULL)
		nr_report_error(NULL, &err);
	SET_VARSIZE(r, r->vl_len_);
	return r;
}

/*
 * nr_to_compact
 *		The compact form of any rollup (the input itself if compact).
 */
NewsRollup *
nr_to_compact(const NewsRollup *r)
{
	NewsRollupIter it;
	int64		n = 0,
				cap,
				hour;
	uint32		count;
	int64	   *hours;
	uint32	   *counts;
	NewsRollup *res;

	if (!(r->flags & NR_DENSE))
		return (NewsRollup *) r;
	cap = 64;
	hours = palloc(cap * sizeof(int64));
	counts = palloc(cap * sizeof(uint32));
	nr_iter_init(&it, r);
	while (nr_iter_next(&it, &hour, &count))
	{
		CHECK_FOR_INTERRUPTS();
		if (n == cap)
		{
			cap *= 2;
			hours = repalloc_huge(hours, cap * sizeof(int64));
			counts = repalloc_huge(counts, cap * sizeof(uint32));
		}
		hours[n] = hour;
		counts[n] = count;
		n++;
	}
	res = nr_compact_from_pairs(NR_TZNAME(r), r->tzlen, hours, counts, n,
								r->flags, r->first_ts, r->last_ts);
	pfree(hours);
	pfree(counts);
	return nr_carry_splits(res, r);
}

/*
 * nr_last_hour
 *		The last non-empty hour (r->total > 0).
 */
int64
nr_last_hour(const NewsRollup *r)
{
	return nr_last_hour_core(r, VARSIZE(r));
}

/*
 * nr_to_dense
 *		A dense copy (in CurrentMemoryContext) covering the hours of r and
 *		at least [lo, hi).  Pass lo >= hi to cover just r.
 */
NewsRollup *
nr_to_dense(const NewsRollup *r, int64 lo, int64 hi)
{
	NewsRollup *d;
	NewsRollupIter it;
	int64		hour,
				rlo,
				rhi;
	uint32		count;
	uint32	   *c;

	if (r->total > 0 || (r->flags & NR_DENSE))
	{
		if (r->flags & NR_DENSE)
		{
			rlo = r->base_hour;
			rhi = r->base_hour + r->nslots;
		}
		else
		{
			rlo = r->base_hour;
			rhi = nr_last_hour(r) + 1;
		}
		if (lo >= hi)
		{
			lo = rlo;
			hi = rhi;
		}
		lo = Min(lo, rlo);
		hi = Max(hi, rhi);
	}
	if (hi - lo > NR_MAX_SLOTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup cannot span more than %lld hours (about 22,800 years)",
						(long long) NR_MAX_SLOTS)));
	d = nr_new_dense(NR_TZNAME(r), r->tzlen, lo, Max(hi - lo, 0));
	d->flags = NR_DENSE | (r->flags & NR_EXACT);
	d->total = r->total;
	d->first_ts = r->first_ts;
	d->last_ts = r->last_ts;
	c = NR_COUNTS(d);
	nr_iter_init(&it, r);
	while (nr_iter_next(&it, &hour, &count))
	{
		CHECK_FOR_INTERRUPTS();
		c[hour - lo] = count;
	}
	return nr_carry_splits(d, r);
}

/*
 * nr_carry_splits
 *		dst (a fresh value without splits, in CurrentMemoryContext) with
 *		the split entries of src; entries with a zero count (left by a
 *		moving window) are dropped.
 */
NewsRollup *
nr_carry_splits(NewsRollup *dst, const NewsRollup *src)
{
	NrSplit    *sp;
	int64		i,
				n = 0;
	NewsRollup *res;
	NrError		err;

	if (src->nsplit == 0)
		return dst;
	sp = palloc(src->nsplit * sizeof(NrSplit));
	for (i = 0; i < src->nsplit; i++)
	{
		nr_split_get(src, VARSIZE(src), i, &sp[n]);
		if (sp[n].count > 0)
			n++;
	}
	res = nr_set_splits(dst, sp, n, &err);
	pfree(sp);
	return res;
}

/*
 * nr_set_splits
 *		A copy of r whose split entries are sp[0..n) (sorted); r is freed.
 */
NewsRollup *
nr_set_splits(NewsRollup *r, const NrSplit *sp, int64 n, NrError *err)
{
	NewsRollup *res;

	if (n == 0 && r->nsplit == 0)
		return r;
	res = nr_with_splits_core(r, VARSIZE(r), sp, n, err);
	if (res == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup too large")));
	SET_VARSIZE(res, res->vl_len_);
	pfree(r);
	return res;
}

/*
 * nr_split_add
 *		Add delta to the split entry (hour, off_sec) of the state st,
 *		creating it if needed (then st is copied one entry larger and
 *		freed).  Returns the state.  Entries may reach zero in a moving
 *		window; the final function drops them.
 */
NewsRollup *
nr_split_add(NewsRollup *st, int64 hour, int32 off_sec, int64 delta)
{
	Size		size = VARSIZE(st);
	int64		lo = 0,
				hi = st->nsplit,
				i;
	NrSplit		s;
	NrSplit    *sp;
	NewsRollup *res;
	NrError		err;

	/* binary search for the first entry >= (hour, off_sec) */
	while (lo < hi)
	{
		int64		mid = (lo + hi) / 2;

		nr_split_get(st, size, mid, &s);
		if (s.hour < hour || (s.hour == hour && s.off_sec < off_sec))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->nsplit)
	{
		nr_split_get(st, size, lo, &s);
		if (s.hour == hour && s.off_sec == off_sec)
		{
			if ((int64) s.count + delta < 0 ||
				(int64) s.count + delta >= PG_UINT32_MAX)
				elog(ERROR, "news_rollup split count out of range");
			s.count = (uint32) ((int64) s.count + delta);
			nr_split_put(st, size, lo, &s);
			return st;
		}
	}
	if (delta <= 0)
		elog(ERROR, "news_rollup split count out of range");
	sp = palloc((st->nsplit + 1) * sizeof(NrSplit));
	for (i = 0; i < st->nsplit; i++)
		nr_split_get(st, size, i, &sp[i < lo ? i : i + 1]);
	sp[lo].hour = hour;
	sp[lo].off_sec = off_sec;
	sp[lo].count = (uint32) delta;
	res = nr_with_splits_core(st, size, sp, st->nsplit + 1, &err);
	if (res == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup too large")));
	SET_VARSIZE(res, res->vl_len_);
	pfree(sp);
	return res;
}

/*
 * nr_same_zone
 *		Do two rollups count in the same time zone?
 */
bool
nr_same_zone(const NewsRollup *a, const NewsRollup *b)
{
	return a->tzlen == b->tzlen &&
		memcmp(NR_TZNAME(a), NR_TZNAME(b), a->tzlen) == 0;
}

/*
 * nr_check_finite
 *		Rollups count calendar hours; infinity has none.
 */
void
nr_check_finite(TimestampTz ts)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("news_rollup cannot count infinite timestamps"),
				 errhint("Filter them out, e.g. WHERE isfinite(published_at).")));
}

/*
 * nr_granularity_arg
 *		Parse a granularity argument or raise a clear error.
 */
NaGranularity
nr_granularity_arg(text *t)
{
	NaGranularity g;

	if (!na_granularity_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &g))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown news_rollup granularity \"%s\"",
						text_to_cstring(t)),
				 errhint("Valid granularities are: " NA_GRANULARITY_NAMES ".")));
	return g;
}

/*
 * nr_bounds
 *		First and last timestamp: exact when known, else the start of the
 *		first and last non-empty hour.  False for an empty rollup.
 */
bool
nr_bounds(const NewsRollup *r, pg_tz *tz, TimestampTz *first,
		  TimestampTz *last)
{
	NewsRollupIter it;
	int64		hour;
	uint32		count;

	if (r->total <= 0)
		return false;
	if (r->flags & NR_EXACT)
	{
		*first = r->first_ts;
		*last = r->last_ts;
		return true;
	}
	nr_iter_init(&it, r);
	if (!nr_iter_next(&it, &hour, &count))
		return false;
	*first = nr_hour_to_utc(tz, hour);
	*last = nr_hour_to_utc(tz, nr_last_hour(r));
	return true;
}

/*
 * nr_corrupt
 *		Report an invalid binary news_rollup.
 */
void
nr_corrupt(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary news_rollup: %s", why)));
}

/*
 * nr_validate
 *		Check every invariant of a compact rollup built from untrusted
 *		bytes (nr_validate_core() in rollup_value.c).
 */
void
nr_validate(const NewsRollup *r)
{
	const char *why = nr_validate_core(r, VARSIZE(r));

	if (why != NULL)
		nr_corrupt(why);
}

/*
 * nr_report_error
 *		Raise the error of a failed core call (codes in rollup_parse.h);
 *		input is the text literal, NULL otherwise.
 */
void
nr_report_error(const char *input, const NrError *err)
{
	switch (err->code)
	{
		case NR_ERR_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type news_rollup: \"%.200s%s\"",
							input, strlen(input) > 200 ? "..." : ""),
					 errdetail("%s at character %d.", err->detail, (int) err->pos + 1),
					 errhint("Expected \"ZONE total=N [first=YYYY-MM-DDTHH:MM:SSZ last=...] YYYY-MM-DDTHH=count,count ...\".")));
			break;
		case NR_ERR_BINARY:
			nr_corrupt(err->detail);
			break;
		case NR_ERR_ZONE:
			/* nr_resolve_zone() raises its own error; a safety net */
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time zone not recognized")));
			break;
		case NR_ERR_TOO_MANY_HOURS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("news_rollup has too many non-empty hours")));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("news_rollup too large")));
	}
}
