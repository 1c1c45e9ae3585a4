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
 * nr_iter_init / nr_iter_next
 *		Walk the non-empty hours of a rollup in ascending order.
 */
void
nr_iter_init(NewsRollupIter *it, const NewsRollup *r)
{
	it->r = r;
	it->i = 0;
	it->hour = 0;
	it->p = (const uint8 *) NR_PAYLOAD(r);
	it->end = (const uint8 *) r + VARSIZE(r);
}

bool
nr_iter_next(NewsRollupIter *it, int64 *hour, uint32 *count)
{
	const NewsRollup *r = it->r;

	if (r->flags & NR_DENSE)
	{
		const uint32 *c = NR_COUNTS(r);

		while (it->i < r->nslots && c[it->i] == 0)
			it->i++;
		if (it->i >= r->nslots)
			return false;
		*hour = r->base_hour + it->i;
		*count = c[it->i];
		it->i++;
		return true;
	}
	else
	{
		uint64		gap,
					cnt;
		size_t		n1,
					n2;

		if (it->i >= r->nslots)
			return false;
		n1 = na_varint_get(it->p, it->end, &gap);
		if (n1 == 0)
			return false;
		n2 = na_varint_get(it->p + n1, it->end, &cnt);
		if (n2 == 0)
			return false;
		it->p += n1 + n2;
		it->hour = (it->i == 0) ? r->base_hour + (int64) gap
			: it->hour + 1 + (int64) gap;
		it->i++;
		*hour = it->hour;
		*count = (uint32) (cnt + 1);
		return true;
	}
}

/*
 * nr_compact_from_pairs
 *		Build a compact rollup from ascending (hour, count > 0) pairs.
 */
NewsRollup *
nr_compact_from_pairs(const char *tz, int tzlen, const int64 *hours,
					  const uint32 *counts, int64 n, uint8 flags,
					  TimestampTz first, TimestampTz last)
{
	uint8		tmp[NA_VARINT_MAX];
	Size		bytes = 0,
				size;
	NewsRollup *r;
	uint8	   *p;
	int64		i,
				total = 0;

	if (n > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup has too many non-empty hours")));
	for (i = 0; i < n; i++)
	{
		uint64		gap = (i == 0) ? 0 : (uint64) (hours[i] - hours[i - 1] - 1);

		CHECK_FOR_INTERRUPTS();
		bytes += na_varint_put(tmp, gap) + na_varint_put(tmp, counts[i] - 1);
		total += counts[i];
	}
	size = NR_PAYLOAD_OFF(tzlen) + bytes;
	if (!AllocSizeIsValid(size))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup too large")));
	r = palloc0(size);
	SET_VARSIZE(r, size);
	r->version = NR_VERSION;
	r->flags = flags & NR_EXACT;
	r->tzlen = tzlen;
	r->nslots = (int32) n;
	r->base_hour = (n > 0) ? hours[0] : 0;
	r->total = total;
	if (total > 0 && (flags & NR_EXACT))
	{
		r->first_ts = first;
		r->last_ts = last;
	}
	memcpy(NR_TZNAME(r), tz, tzlen);
	p = (uint8 *) NR_PAYLOAD(r);
	for (i = 0; i < n; i++)
	{
		uint64		gap = (i == 0) ? 0 : (uint64) (hours[i] - hours[i - 1] - 1);

		p += na_varint_put(p, gap);
		p += na_varint_put(p, counts[i] - 1);
	}
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
	return res;
}

/*
 * nr_last_hour
 *		The last non-empty hour (r->total > 0).
 */
int64
nr_last_hour(const NewsRollup *r)
{
	NewsRollupIter it;
	int64		hour,
				last = r->base_hour;
	uint32		count;

	if (r->flags & NR_DENSE)
	{
		const uint32 *c = NR_COUNTS(r);
		int64		i;

		for (i = r->nslots - 1; i >= 0; i--)
			if (c[i] != 0)
				return r->base_hour + i;
		return r->base_hour;
	}
	nr_iter_init(&it, r);
	while (nr_iter_next(&it, &hour, &count))
		last = hour;
	return last;
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
	return d;
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
 *		bytes: stream decodes to exactly nslots ascending hours inside the
 *		timestamp range, counts sum to total, bounds consistent.
 */
void
nr_validate(const NewsRollup *r)
{
	const uint8 *p = (const uint8 *) NR_PAYLOAD(r);
	const uint8 *end = (const uint8 *) r + VARSIZE(r);
	int64		i,
				hour = 0,
				total = 0;

	if (r->flags & NR_DENSE)
		nr_corrupt("unexpected dense form");
	if (r->nslots < 0 || r->total < 0)
		nr_corrupt("negative count");
	for (i = 0; i < r->nslots; i++)
	{
		uint64		gap,
					cnt;
		size_t		n;

		CHECK_FOR_INTERRUPTS();
		n = na_varint_get(p, end, &gap);
		if (n == 0)
			nr_corrupt("truncated hour list");
		p += n;
		n = na_varint_get(p, end, &cnt);
		if (n == 0)
			nr_corrupt("truncated hour list");
		p += n;
		if (gap > (uint64) (NR_MAX_HOUR - NR_MIN_HOUR) ||
			cnt >= PG_UINT32_MAX)
			nr_corrupt("value out of range");
		hour = (i == 0) ? r->base_hour + (int64) gap : hour + 1 + (int64) gap;
		if (hour < NR_MIN_HOUR || hour > NR_MAX_HOUR ||
			(i == 0 && gap != 0))
			nr_corrupt("hour out of range");
		total += (int64) cnt + 1;
	}
	if (p != end)
		nr_corrupt("trailing bytes");
	if (total != r->total)
		nr_corrupt("counts do not add up to the total");
	if ((r->flags & NR_EXACT) && r->total > 0 &&
		(!IS_VALID_TIMESTAMP(r->first_ts) || !IS_VALID_TIMESTAMP(r->last_ts) ||
		 r->first_ts > r->last_ts))
		nr_corrupt("invalid first/last timestamps");
}

