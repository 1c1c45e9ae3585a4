/*-------------------------------------------------------------------------
 *
 * rollup_io.c
 *	  Text and binary input/output of news_rollup.
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

#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "rollup/rollup.h"

PG_FUNCTION_INFO_V1(news_rollup_in);
PG_FUNCTION_INFO_V1(news_rollup_out);
PG_FUNCTION_INFO_V1(news_rollup_recv);
PG_FUNCTION_INFO_V1(news_rollup_send);

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
 * need
 *		Raise 22P03 unless n more bytes are left: a truncated message is
 *		invalid data, not a protocol error.
 */
static void
need(StringInfo buf, int n)
{
	if (n < 0 || buf->len - buf->cursor < n)
		nr_corrupt("message too short");
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

	need(buf, 4);
	version = pq_getmsgbyte(buf);
	if (version != NR_VERSION)
		nr_corrupt("unknown version");
	flags = pq_getmsgbyte(buf);
	if (flags & ~NR_EXACT)
		nr_corrupt("unknown flags");
	tzlen = (uint16) pq_getmsgint(buf, 2);
	if (tzlen == 0 || tzlen > TZ_STRLEN_MAX)
		nr_corrupt("invalid time zone name");
	need(buf, tzlen + 8 * 4 + 4 + 4);
	tzname = pq_getmsgbytes(buf, tzlen);
	nr_resolve_zone(tzname, tzlen, canon, &clen);
	total = pq_getmsgint64(buf);
	first = pq_getmsgint64(buf);
	last = pq_getmsgint64(buf);
	base_hour = pq_getmsgint64(buf);
	nslots = pq_getmsgint(buf, 4);
	paylen = pq_getmsgint(buf, 4);
	if (paylen < 0 || paylen > buf->len - buf->cursor)
		nr_corrupt("invalid length");
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
			nr_corrupt("first/last outside the first/last hour");
	}
	PG_RETURN_POINTER(r);
}
