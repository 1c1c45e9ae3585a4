/*-------------------------------------------------------------------------
 *
 * rollup_type.c
 *	  The news_rollup type: construction, dense <-> compact conversion,
 *	  validation, and text and binary input/output.
 *
 * Text form (one line; hours are local wall-clock hours of the zone):
 *
 *	 Europe/Zurich total=5 first=2021-07-07T09:53:00Z last=2021-07-08T22:10:00Z 2021-07-07T11=3,1 2021-07-09T00=1
 *
 * i.e. the zone, the total, optionally the exact first/last timestamps in
 * UTC, then runs "LOCALHOUR=count,count,..." of consecutive hours in
 * ascending order.  Output always uses this canonical form; input also
 * accepts zero counts inside runs.  Binary form: the compact form field by
 * field; receive validates everything and never trusts lengths.
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

PG_FUNCTION_INFO_V1(news_rollup_in);
PG_FUNCTION_INFO_V1(news_rollup_out);
PG_FUNCTION_INFO_V1(news_rollup_recv);
PG_FUNCTION_INFO_V1(news_rollup_send);

/* local hour numbers of valid timestamps lie well inside this range */
#define NR_MIN_HOUR		(MIN_TIMESTAMP / USECS_PER_HOUR - 48)
#define NR_MAX_HOUR		(END_TIMESTAMP / USECS_PER_HOUR + 48)

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
static int64
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
		c[hour - lo] = count;
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
 * corrupt
 *		Report an invalid binary news_rollup.
 */
static void
corrupt(const char *why)
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
		corrupt("unexpected dense form");
	if (r->nslots < 0 || r->total < 0)
		corrupt("negative count");
	for (i = 0; i < r->nslots; i++)
	{
		uint64		gap,
					cnt;
		size_t		n;

		CHECK_FOR_INTERRUPTS();
		n = na_varint_get(p, end, &gap);
		if (n == 0)
			corrupt("truncated hour list");
		p += n;
		n = na_varint_get(p, end, &cnt);
		if (n == 0)
			corrupt("truncated hour list");
		p += n;
		if (gap > (uint64) (NR_MAX_HOUR - NR_MIN_HOUR) ||
			cnt >= PG_UINT32_MAX)
			corrupt("value out of range");
		hour = (i == 0) ? r->base_hour + (int64) gap : hour + 1 + (int64) gap;
		if (hour < NR_MIN_HOUR || hour > NR_MAX_HOUR ||
			(i == 0 && gap != 0))
			corrupt("hour out of range");
		total += (int64) cnt + 1;
	}
	if (p != end)
		corrupt("trailing bytes");
	if (total != r->total)
		corrupt("counts do not add up to the total");
	if ((r->flags & NR_EXACT) && r->total > 0 &&
		(!IS_VALID_TIMESTAMP(r->first_ts) || !IS_VALID_TIMESTAMP(r->last_ts) ||
		 r->first_ts > r->last_ts))
		corrupt("invalid first/last timestamps");
}

/*
 * Text output helpers: local hours as YYYY-MM-DDTHH, UTC instants as
 * YYYY-MM-DDTHH:MM:SS[.ffffff]Z (astronomical years, sign if negative).
 */
static void
append_date(StringInfo s, int64 days)
{
	int64		y;
	int			m,
				d;

	na_civil_from_days(days, &y, &m, &d);
	if (y < 0)
		appendStringInfo(s, "-%04lld-%02d-%02d", (long long) -y, m, d);
	else
		appendStringInfo(s, "%04lld-%02d-%02d", (long long) y, m, d);
}

static void
append_hour(StringInfo s, int64 hour)
{
	int64		day = na_floor_div(hour, 24);

	append_date(s, day);
	appendStringInfo(s, "T%02d", (int) (hour - day * 24));
}

static void
append_utc(StringInfo s, TimestampTz ts)
{
	int64		day = na_floor_div(ts, USECS_PER_DAY);
	int64		rem = ts - day * USECS_PER_DAY;
	int64		secs = rem / USECS_PER_SEC;
	int64		frac = rem % USECS_PER_SEC;

	append_date(s, day);
	appendStringInfo(s, "T%02d:%02d:%02d", (int) (secs / 3600),
					 (int) (secs / 60 % 60), (int) (secs % 60));
	if (frac != 0)
		appendStringInfo(s, ".%06d", (int) frac);
	appendStringInfoChar(s, 'Z');
}

/*
 * news_rollup_out
 *		Canonical text form.
 */
Datum
news_rollup_out(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	StringInfoData s;
	NewsRollupIter it;
	int64		hour,
				prev = 0;
	uint32		count;
	bool		any = false;

	initStringInfo(&s);
	appendBinaryStringInfo(&s, NR_TZNAME(r), r->tzlen);
	appendStringInfo(&s, " total=%lld", (long long) r->total);
	if ((r->flags & NR_EXACT) && r->total > 0)
	{
		appendStringInfoString(&s, " first=");
		append_utc(&s, r->first_ts);
		appendStringInfoString(&s, " last=");
		append_utc(&s, r->last_ts);
	}
	nr_iter_init(&it, r);
	while (nr_iter_next(&it, &hour, &count))
	{
		CHECK_FOR_INTERRUPTS();
		if (any && hour == prev + 1)
			appendStringInfo(&s, ",%u", count);
		else
		{
			appendStringInfoChar(&s, ' ');
			append_hour(&s, hour);
			appendStringInfo(&s, "=%u", count);
		}
		prev = hour;
		any = true;
	}
	PG_RETURN_CSTRING(s.data);
}

/* text input state */
typedef struct InParser
{
	const char *str;
	const char *p;
} InParser;

static void
in_error(InParser *ps, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type news_rollup: \"%.200s%s\"",
					ps->str, strlen(ps->str) > 200 ? "..." : ""),
			 errdetail("%s at character %d.", what, (int) (ps->p - ps->str) + 1),
			 errhint("Expected \"ZONE total=N [first=YYYY-MM-DDTHH:MM:SSZ last=...] YYYY-MM-DDTHH=count,count ...\".")));
}

/* parse an unsigned decimal of at most maxdigits digits */
static int64
in_number(InParser *ps, int mindigits, int maxdigits, const char *what)
{
	int64		v = 0;
	int			n = 0;

	while (*ps->p >= '0' && *ps->p <= '9')
	{
		if (++n > maxdigits)
			in_error(ps, what);
		v = v * 10 + (*ps->p++ - '0');
	}
	if (n < mindigits)
		in_error(ps, what);
	return v;
}

static void
in_expect(InParser *ps, char c, const char *what)
{
	if (*ps->p != c)
		in_error(ps, what);
	ps->p++;
}

/* [-]YYYY-MM-DD -> day number */
static int64
in_date(InParser *ps)
{
	bool		neg = false;
	int64		y;
	int			m,
				d;

	if (*ps->p == '-')
	{
		neg = true;
		ps->p++;
	}
	y = in_number(ps, 4, 6, "invalid year");
	in_expect(ps, '-', "expected \"-\"");
	m = (int) in_number(ps, 2, 2, "invalid month");
	in_expect(ps, '-', "expected \"-\"");
	d = (int) in_number(ps, 2, 2, "invalid day");
	if (neg)
		y = -y;
	if (m < 1 || m > 12 || d < 1 || d > na_days_in_month(y, m))
		in_error(ps, "date out of range");
	return na_days_from_civil(y, m, d);
}

/* [-]YYYY-MM-DDTHH:MM:SS[.ffffff]Z -> timestamptz */
static TimestampTz
in_utc(InParser *ps)
{
	int64		day = in_date(ps);
	int64		h,
				mi,
				s,
				frac = 0;
	TimestampTz ts;

	in_expect(ps, 'T', "expected \"T\"");
	h = in_number(ps, 2, 2, "invalid hour");
	in_expect(ps, ':', "expected \":\"");
	mi = in_number(ps, 2, 2, "invalid minute");
	in_expect(ps, ':', "expected \":\"");
	s = in_number(ps, 2, 2, "invalid second");
	if (*ps->p == '.')
	{
		const char *start = ++ps->p;
		int			nd;

		frac = in_number(ps, 1, 6, "invalid fraction");
		for (nd = ps->p - start; nd < 6; nd++)
			frac *= 10;
	}
	in_expect(ps, 'Z', "expected \"Z\"");
	if (h > 23 || mi > 59 || s > 59)
		in_error(ps, "time out of range");
	ts = day * USECS_PER_DAY + ((h * 60 + mi) * 60 + s) * USECS_PER_SEC + frac;
	if (!IS_VALID_TIMESTAMP(ts))
		in_error(ps, "timestamp out of range");
	return ts;
}

static void
in_space(InParser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

/*
 * news_rollup_in
 *		Parse the text form (see the file header).
 */
Datum
news_rollup_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	InParser	ps = {str, str};
	const char *zstart;
	char		canon[TZ_STRLEN_MAX + 1];
	int			clen;
	int64		total,
				sum = 0,
				n = 0,
				cap = 64,
				next_hour = PG_INT64_MIN;
	int64	   *hours;
	uint32	   *counts;
	TimestampTz first = 0,
				last = 0;
	uint8		flags = NR_EXACT;
	NewsRollup *r;
	pg_tz	   *tz;

	in_space(&ps);
	zstart = ps.p;
	while (*ps.p && *ps.p != ' ' && *ps.p != '\t' && *ps.p != '\n')
		ps.p++;
	if (ps.p == zstart)
		in_error(&ps, "missing time zone");
	{
		const char *save = ps.p;

		ps.p = zstart;
		if (save - zstart > TZ_STRLEN_MAX)
			in_error(&ps, "time zone name too long");
		ps.p = save;
	}
	tz = nr_resolve_zone(zstart, ps.p - zstart, canon, &clen);
	in_space(&ps);
	if (strncmp(ps.p, "total=", 6) != 0)
		in_error(&ps, "expected \"total=\"");
	ps.p += 6;
	total = in_number(&ps, 1, 18, "invalid total");
	in_space(&ps);
	if (strncmp(ps.p, "first=", 6) == 0)
	{
		ps.p += 6;
		first = in_utc(&ps);
		in_space(&ps);
		if (strncmp(ps.p, "last=", 5) != 0)
			in_error(&ps, "expected \"last=\" after \"first=\"");
		ps.p += 5;
		last = in_utc(&ps);
		if (first > last)
			in_error(&ps, "\"first\" is later than \"last\"");
		in_space(&ps);
	}
	else
		flags = 0;

	hours = palloc(cap * sizeof(int64));
	counts = palloc(cap * sizeof(uint32));
	while (*ps.p)
	{
		int64		hour,
					h;

		CHECK_FOR_INTERRUPTS();
		hour = in_date(&ps) * 24;
		in_expect(&ps, 'T', "expected \"T\"");
		h = in_number(&ps, 2, 2, "invalid hour");
		if (h > 23)
			in_error(&ps, "hour out of range");
		hour += h;
		if (hour < next_hour)
			in_error(&ps, "hours must ascend and not repeat");
		in_expect(&ps, '=', "expected \"=\"");
		for (;;)
		{
			int64		c = in_number(&ps, 1, 10, "invalid count");

			if (c >= PG_UINT32_MAX)
				in_error(&ps, "count out of range");
			if (c > 0)
			{
				if (n == cap)
				{
					cap *= 2;
					hours = repalloc_huge(hours, cap * sizeof(int64));
					counts = repalloc_huge(counts, cap * sizeof(uint32));
				}
				hours[n] = hour;
				counts[n] = (uint32) c;
				n++;
				sum += c;
			}
			hour++;
			if (*ps.p != ',')
				break;
			ps.p++;
		}
		if (hour - 1 < NR_MIN_HOUR || hour - 1 > NR_MAX_HOUR)
			in_error(&ps, "hour out of range");
		next_hour = hour;
		if (*ps.p && *ps.p != ' ' && *ps.p != '\t' && *ps.p != '\n' && *ps.p != '\r')
			in_error(&ps, "unexpected character");
		in_space(&ps);
	}
	if (sum != total)
		in_error(&ps, "counts do not add up to the total");
	if (flags & NR_EXACT)
	{
		if (total == 0)
			in_error(&ps, "\"first\"/\"last\" given for an empty rollup");
		if (nr_utc_to_local_hour(tz, first) != hours[0] ||
			nr_utc_to_local_hour(tz, last) != hours[n - 1])
			in_error(&ps, "\"first\"/\"last\" do not fall into the first/last hour");
	}
	r = nr_compact_from_pairs(canon, clen, hours, counts, n, flags, first, last);
	PG_RETURN_POINTER(r);
}

/*
 * news_rollup_send
 *		Binary form: version, flags, zone, total, first, last, base hour,
 *		number of hours, then the compact hour stream.
 */
Datum
news_rollup_send(PG_FUNCTION_ARGS)
{
	NewsRollup *r = nr_to_compact(PG_GETARG_NEWSROLLUP_P(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, r->version);
	pq_sendbyte(&buf, r->flags & NR_EXACT);
	pq_sendint16(&buf, r->tzlen);
	pq_sendbytes(&buf, NR_TZNAME(r), r->tzlen);
	pq_sendint64(&buf, r->total);
	pq_sendint64(&buf, r->first_ts);
	pq_sendint64(&buf, r->last_ts);
	pq_sendint64(&buf, r->base_hour);
	pq_sendint32(&buf, r->nslots);
	pq_sendint32(&buf, NR_PAYLOAD_LEN(r));
	pq_sendbytes(&buf, NR_PAYLOAD(r), NR_PAYLOAD_LEN(r));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * news_rollup_recv
 *		Inverse of send; validates everything (a garbage message gives an
 *		error, never a crash or a bogus value).
 */
Datum
news_rollup_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version,
				flags,
				tzlen,
				clen;
	const char *tzname;
	char		canon[TZ_STRLEN_MAX + 1];
	int64		total,
				base_hour;
	TimestampTz first,
				last;
	int32		nslots,
				paylen;
	NewsRollup *r;
	Size		size;

	version = pq_getmsgbyte(buf);
	if (version != NR_VERSION)
		corrupt("unknown version");
	flags = pq_getmsgbyte(buf);
	if (flags & ~NR_EXACT)
		corrupt("unknown flags");
	tzlen = (uint16) pq_getmsgint(buf, 2);
	if (tzlen == 0 || tzlen > TZ_STRLEN_MAX)
		corrupt("invalid time zone name");
	tzname = pq_getmsgbytes(buf, tzlen);
	nr_resolve_zone(tzname, tzlen, canon, &clen);
	total = pq_getmsgint64(buf);
	first = pq_getmsgint64(buf);
	last = pq_getmsgint64(buf);
	base_hour = pq_getmsgint64(buf);
	nslots = pq_getmsgint(buf, 4);
	paylen = pq_getmsgint(buf, 4);
	if (paylen < 0 || paylen > buf->len - buf->cursor)
		corrupt("invalid length");
	size = NR_PAYLOAD_OFF(clen) + paylen;
	r = palloc0(size);
	SET_VARSIZE(r, size);
	r->version = NR_VERSION;
	r->flags = flags;
	r->tzlen = clen;
	r->nslots = nslots;
	r->total = total;
	r->base_hour = base_hour;
	if ((flags & NR_EXACT) && total > 0)
	{
		r->first_ts = first;
		r->last_ts = last;
	}
	memcpy(NR_TZNAME(r), canon, clen);
	memcpy(NR_PAYLOAD(r), pq_getmsgbytes(buf, paylen), paylen);
	nr_validate(r);
	if ((flags & NR_EXACT) && total > 0)
	{
		pg_tz	   *tz = nr_rollup_zone(r);

		if (nr_utc_to_local_hour(tz, first) != base_hour ||
			nr_utc_to_local_hour(tz, last) != nr_last_hour(r))
			corrupt("first/last outside the first/last hour");
	}
	PG_RETURN_POINTER(r);
}
