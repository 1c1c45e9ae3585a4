/*-------------------------------------------------------------------------
 *
 * rollup_parse.c
 *	  Pure C parsers of news_rollup input (contract in rollup_parse.h):
 *	  the text form and the binary form.
 *
 * Text form (one line; hours are local wall-clock hours of the zone):
 *
 *	 Europe/Zurich total=5 first=2021-07-07T09:53:00Z last=2021-07-08T22:10:00Z 2021-07-07T11=3,1 2021-07-09T00=1
 *
 * i.e. the zone, the total, optionally the exact first/last timestamps in
 * UTC, then runs "LOCALHOUR=count,count,..." of consecutive hours in
 * ascending order.  Input also accepts zero counts inside runs.  After the
 * runs, split entries "LOCALHOUR@+HH:MM[:SS]=count" (version 2) say how
 * many of a local hour's instants had that UTC offset, other than the
 * hour's first one: "2021-10-31T02@+01:00=8" is the second pass through
 * the repeated autumn hour.  Text without them (as written by 0.2) is read
 * as before.  Binary form: the compact form field by field, big-endian,
 * version 2 followed by the split entries; version 1 (0.2) is still read.
 * Input validates everything and never trusts lengths.
 *
 * No server headers: memory comes from na_alloc.h, errors are returned as
 * NrError codes that rollup_io.c turns into ereport().  (The value itself
 * and the output side are in rollup_value.c.)
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "common/na_alloc.h"
#include "rollup/rollup_parse.h"

/* text input state; after the first error everything is a no-op */
typedef struct InParser
{
	const char *str;
	const char *p;
	NrError    *err;
	bool		failed;
} InParser;

static void
in_error(InParser *ps, const char *what)
{
	if (ps->failed)
		return;
	ps->failed = true;
	ps->err->code = NR_ERR_SYNTAX;
	ps->err->detail = what;
	ps->err->pos = ps->p - ps->str;
}

/* parse an unsigned decimal of mindigits to maxdigits digits */
static int64_t
in_number(InParser *ps, int mindigits, int maxdigits, const char *what)
{
	int64_t		v = 0;
	int			n = 0;

	if (ps->failed)
		return 0;
	while (*ps->p >= '0' && *ps->p <= '9')
	{
		if (++n > maxdigits)
		{
			in_error(ps, what);
			return 0;
		}
		v = v * 10 + (*ps->p++ - '0');
	}
	if (n < mindigits)
		in_error(ps, what);
	return v;
}

static void
in_expect(InParser *ps, char c, const char *what)
{
	if (ps->failed)
		return;
	if (*ps->p != c)
		in_error(ps, what);
	else
		ps->p++;
}

/* [-]YYYY-MM-DD -> day number */
static int64_t
in_date(InParser *ps)
{
	bool		neg = false;
	int64_t		y;
	int			m,
				d;

	if (ps->failed)
		return 0;
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
	if (ps->failed)
		return 0;
	if (neg)
		y = -y;
	if (m < 1 || m > 12 || d < 1 || d > na_days_in_month(y, m))
	{
		in_error(ps, "date out of range");
		return 0;
	}
	return na_days_from_civil(y, m, d);
}

/* [-]YYYY-MM-DDTHH:MM:SS[.ffffff]Z -> timestamptz */
static int64_t
in_utc(InParser *ps)
{
	int64_t		day = in_date(ps);
	int64_t		h,
				mi,
				s,
				frac = 0;
	int64_t		ts;

	in_expect(ps, 'T', "expected \"T\"");
	h = in_number(ps, 2, 2, "invalid hour");
	in_expect(ps, ':', "expected \":\"");
	mi = in_number(ps, 2, 2, "invalid minute");
	in_expect(ps, ':', "expected \":\"");
	s = in_number(ps, 2, 2, "invalid second");
	if (!ps->failed && *ps->p == '.')
	{
		const char *start = ++ps->p;
		int			nd;

		frac = in_number(ps, 1, 6, "invalid fraction");
		for (nd = ps->p - start; nd < 6; nd++)
			frac *= 10;
	}
	in_expect(ps, 'Z', "expected \"Z\"");
	if (ps->failed)
		return 0;
	if (h > 23 || mi > 59 || s > 59)
	{
		in_error(ps, "time out of range");
		return 0;
	}
	/*
	 * A six-digit year overflows int64 microseconds (found by fuzzing: with
	 * -fwrapv some years wrapped into the valid range), so bound the day
	 * first.
	 */
	if (day < NR_MIN_TIMESTAMP / NR_USECS_PER_DAY - 1 ||
		day > NR_END_TIMESTAMP / NR_USECS_PER_DAY + 1)
	{
		in_error(ps, "timestamp out of range");
		return 0;
	}
	ts = day * NR_USECS_PER_DAY + ((h * 60 + mi) * 60 + s) * NR_USECS_PER_SEC + frac;
	if (!NR_VALID_TIMESTAMP(ts))
		in_error(ps, "timestamp out of range");
	return ts;
}

static void
in_space(InParser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

/* the hour list being read: ascending (hour, count > 0) pairs */
typedef struct PairList
{
	int64_t    *hours;
	uint32_t   *counts;
	int64_t		n;
	int64_t		cap;
	/* split entries "LOCALHOUR@+HH:MM[:SS]=count", after all runs */
	NrSplit    *splits;
	int64_t		nsplit;
	int64_t		splitcap;
} PairList;

/*
 * in_split
 *		The rest of a split entry after "LOCALHOUR": "@+HH:MM[:SS]=count".
 */
static void
in_split(InParser *ps, PairList *pl, int64_t hour)
{
	int			sign;
	int64_t		oh,
				om,
				os = 0,
				c;
	NrSplit		sp;

	ps->p++;					/* '@' */
	if (*ps->p != '+' && *ps->p != '-')
	{
		in_error(ps, "expected \"+\" or \"-\" (UTC offset)");
		return;
	}
	sign = (*ps->p == '-') ? -1 : 1;
	ps->p++;
	oh = in_number(ps, 2, 2, "invalid UTC offset");
	in_expect(ps, ':', "expected \":\"");
	om = in_number(ps, 2, 2, "invalid UTC offset");
	if (!ps->failed && *ps->p == ':')
	{
		ps->p++;
		os = in_number(ps, 2, 2, "invalid UTC offset");
	}
	in_expect(ps, '=', "expected \"=\"");
	c = in_number(ps, 1, 10, "invalid count");
	if (ps->failed)
		return;
	if (om > 59 || os > 59 || oh * 3600 + om * 60 + os > NR_MAX_OFFSET_SEC)
	{
		in_error(ps, "UTC offset out of range");
		return;
	}
	if (c == 0 || c >= UINT32_MAX)
	{
		in_error(ps, "count out of range");
		return;
	}
	sp.hour = hour;
	sp.off_sec = (int32_t) (sign * (oh * 3600 + om * 60 + os));
	sp.count = (uint32_t) c;
	if (pl->nsplit > 0 &&
		(pl->splits[pl->nsplit - 1].hour > sp.hour ||
		 (pl->splits[pl->nsplit - 1].hour == sp.hour &&
		  pl->splits[pl->nsplit - 1].off_sec >= sp.off_sec)))
	{
		in_error(ps, "split hours must ascend and not repeat");
		return;
	}
	if (pl->nsplit == pl->splitcap)
	{
		pl->splitcap *= 2;
		pl->splits = na_realloc(pl->splits, pl->splitcap * sizeof(NrSplit));
	}
	pl->splits[pl->nsplit++] = sp;
}

/*
 * in_hours
 *		The runs "LOCALHOUR=count,count,..." up to the end; *sum = the sum
 *		of the counts.
 */
static void
in_hours(InParser *ps, PairList *pl, int64_t *sum)
{
	int64_t		next_hour = INT64_MIN;

	while (!ps->failed && *ps->p)
	{
		int64_t		hour,
					h,
					run_start;

		NA_CHECK_INTERRUPTS();
		hour = in_date(ps) * 24;
		in_expect(ps, 'T', "expected \"T\"");
		h = in_number(ps, 2, 2, "invalid hour");
		if (ps->failed)
			return;
		if (h > 23)
		{
			in_error(ps, "hour out of range");
			return;
		}
		hour += h;
		if (*ps->p == '@')
		{
			in_split(ps, pl, hour);
			if (ps->failed)
				return;
			if (*ps->p && *ps->p != ' ' && *ps->p != '\t' && *ps->p != '\n' && *ps->p != '\r')
			{
				in_error(ps, "unexpected character");
				return;
			}
			in_space(ps);
			continue;
		}
		if (pl->nsplit > 0)
		{
			in_error(ps, "split hours must follow all hours");
			return;
		}
		if (hour < next_hour)
		{
			in_error(ps, "hours must ascend and not repeat");
			return;
		}
		in_expect(ps, '=', "expected \"=\"");
		run_start = pl->n;
		while (!ps->failed)
		{
			int64_t		c = in_number(ps, 1, 10, "invalid count");

			if (ps->failed)
				return;
			if (c >= UINT32_MAX)
			{
				in_error(ps, "count out of range");
				return;
			}
			if (c > 0)
			{
				if (pl->n == pl->cap)
				{
					pl->cap *= 2;
					pl->hours = na_realloc(pl->hours, pl->cap * sizeof(int64_t));
					pl->counts = na_realloc(pl->counts, pl->cap * sizeof(uint32_t));
				}
				pl->hours[pl->n] = hour;
				pl->counts[pl->n] = (uint32_t) c;
				pl->n++;
				*sum += c;
			}
			hour++;
			if (*ps->p != ',')
				break;
			ps->p++;
		}
		/*
		 * The last hour of the run bounds it above; below, the first
		 * non-empty hour must be checked too: zero counts could carry a
		 * run that starts before NR_MIN_HOUR into the range (found by the
		 * fuzz target's validity check: such a value was accepted here
		 * but rejected by binary input).
		 */
		if (hour - 1 < NR_MIN_HOUR || hour - 1 > NR_MAX_HOUR ||
			(pl->n > run_start && pl->hours[run_start] < NR_MIN_HOUR))
		{
			in_error(ps, "hour out of range");
			return;
		}
		next_hour = hour;
		if (*ps->p && *ps->p != ' ' && *ps->p != '\t' && *ps->p != '\n' && *ps->p != '\r')
		{
			in_error(ps, "unexpected character");
			return;
		}
		in_space(ps);
	}
}

/*
 * nr_parse_text
 *		Parse the text form (see the file header).
 */
NewsRollup *
nr_parse_text(const char *str, const NrZoneOps *zones, NrError *err)
{
	InParser	ps = {str, str, err, false};
	const char *zstart;
	char		canon[NR_TZ_MAXLEN + 1];
	int			clen = 0;
	int64_t		total,
				sum = 0;
	int64_t		first = 0,
				last = 0;
	uint8_t		flags = NR_EXACT;
	PairList	pl;
	NewsRollup *r = NULL;
	const void *tz;

	memset(err, 0, sizeof(*err));
	in_space(&ps);
	zstart = ps.p;
	while (*ps.p && *ps.p != ' ' && *ps.p != '\t' && *ps.p != '\n')
		ps.p++;
	if (ps.p == zstart)
	{
		in_error(&ps, "missing time zone");
		return NULL;
	}
	if (ps.p - zstart > NR_TZ_MAXLEN)
	{
		ps.p = zstart;
		in_error(&ps, "time zone name too long");
		return NULL;
	}
	tz = zones->resolve(zones->arg, zstart, ps.p - zstart, canon, &clen);
	if (tz == NULL)
	{
		err->code = NR_ERR_ZONE;
		err->pos = zstart - str;
		return NULL;
	}
	in_space(&ps);
	if (strncmp(ps.p, "total=", 6) != 0)
	{
		in_error(&ps, "expected \"total=\"");
		return NULL;
	}
	ps.p += 6;
	total = in_number(&ps, 1, 18, "invalid total");
	in_space(&ps);
	if (!ps.failed && strncmp(ps.p, "first=", 6) == 0)
	{
		ps.p += 6;
		first = in_utc(&ps);
		in_space(&ps);
		if (!ps.failed && strncmp(ps.p, "last=", 5) != 0)
			in_error(&ps, "expected \"last=\" after \"first=\"");
		else if (!ps.failed)
		{
			ps.p += 5;
			last = in_utc(&ps);
			if (!ps.failed && first > last)
				in_error(&ps, "\"first\" is later than \"last\"");
			in_space(&ps);
		}
	}
	else
		flags = 0;
	if (ps.failed)
		return NULL;

	pl.cap = 64;
	pl.n = 0;
	pl.hours = na_alloc(pl.cap * sizeof(int64_t));
	pl.counts = na_alloc(pl.cap * sizeof(uint32_t));
	pl.splitcap = 8;
	pl.nsplit = 0;
	pl.splits = na_alloc(pl.splitcap * sizeof(NrSplit));
	in_hours(&ps, &pl, &sum);
	if (!ps.failed && sum != total)
		in_error(&ps, "counts do not add up to the total");
	if (!ps.failed && (flags & NR_EXACT))
	{
		if (total == 0)
			in_error(&ps, "\"first\"/\"last\" given for an empty rollup");
		else if (zones->local_hour(zones->arg, tz, first) != pl.hours[0] ||
				 zones->local_hour(zones->arg, tz, last) != pl.hours[pl.n - 1])
			in_error(&ps, "\"first\"/\"last\" do not fall into the first/last hour");
	}
	if (!ps.failed)
		r = nr_compact_from_pairs_core(canon, clen, pl.hours, pl.counts, pl.n,
									   flags, first, last, err);
	if (r != NULL && pl.nsplit > 0)
	{
		NewsRollup *w = nr_with_splits_core(r, (size_t) r->vl_len_, pl.splits,
											pl.nsplit, err);
		const char *why;

		na_free(r);
		r = w;
		if (r != NULL && (why = nr_validate_core(r, (size_t) r->vl_len_)) != NULL)
		{
			na_free(r);
			r = NULL;
			in_error(&ps, why);
		}
	}
	na_free(pl.hours);
	na_free(pl.counts);
	na_free(pl.splits);
	return r;
}

/* ---------------------------------------------------------------- binary */

/* a big-endian integer of n bytes (as pq_getmsgint* reads it) */
static uint64_t
get_be(const uint8_t *p, int n)
{
	uint64_t	v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static NewsRollup *
binary_error(NrError *err, const char *why)
{
	err->code = NR_ERR_BINARY;
	err->detail = why;
	return NULL;
}

/*
 * nr_parse_binary
 *		Inverse of nr_format_binary(); validates everything (a garbage
 *		message gives an error, never a crash or a bogus value).
 */
NewsRollup *
nr_parse_binary(const char *data, size_t len, const NrZoneOps *zones,
				size_t *used, NrError *err)
{
	const uint8_t *p = (const uint8_t *) data;
	size_t		cur = 0;
	int			version,
				flags,
				tzlen,
				clen = 0;
	char		canon[NR_TZ_MAXLEN + 1];
	int64_t		total,
				base_hour,
				first,
				last;
	int32_t		nslots,
				paylen,
				nsplit = 0;
	NewsRollup *r;
	size_t		size;
	const void *tz;
	const char *why;

	memset(err, 0, sizeof(*err));
	*used = 0;
	if (len < 4)
		return binary_error(err, "message too short");
	version = p[0];
	if (version != NR_VERSION && version != NR_VERSION_LOCAL_HOURS)
		return binary_error(err, "unknown version");
	flags = p[1];
	if (flags & ~NR_EXACT)
		return binary_error(err, "unknown flags");
	tzlen = (int) get_be(p + 2, 2);
	cur = 4;
	if (tzlen == 0 || tzlen > NR_TZ_MAXLEN)
		return binary_error(err, "invalid time zone name");
	if (len - cur < (size_t) tzlen + 8 * 4 + 4 + 4)
		return binary_error(err, "message too short");
	tz = zones->resolve(zones->arg, data + cur, tzlen, canon, &clen);
	if (tz == NULL)
	{
		err->code = NR_ERR_ZONE;
		return NULL;
	}
	cur += tzlen;
	total = (int64_t) get_be(p + cur, 8);
	first = (int64_t) get_be(p + cur + 8, 8);
	last = (int64_t) get_be(p + cur + 16, 8);
	base_hour = (int64_t) get_be(p + cur + 24, 8);
	nslots = (int32_t) get_be(p + cur + 32, 4);
	paylen = (int32_t) get_be(p + cur + 36, 4);
	cur += 40;
	if (paylen < 0 || (size_t) paylen > len - cur)
		return binary_error(err, "invalid length");
	if (version == NR_VERSION)
	{
		/* version 2: number of split entries, then the entries */
		if (len - cur - paylen < 4)
			return binary_error(err, "message too short");
		nsplit = (int32_t) get_be(p + cur + paylen, 4);
		if (nsplit < 0 ||
			(size_t) nsplit > (len - cur - paylen - 4) / NR_SPLIT_SIZE)
			return binary_error(err, "invalid length");
	}
	size = NR_PAYLOAD_OFF(clen) + paylen + (size_t) nsplit * NR_SPLIT_SIZE;
	r = na_alloc(size);
	memset(r, 0, size);
	r->vl_len_ = (int32_t) size;
	r->version = NR_VERSION;
	r->flags = flags;
	r->tzlen = clen;
	r->nslots = nslots;
	r->nsplit = nsplit;
	r->total = total;
	r->base_hour = base_hour;
	if ((flags & NR_EXACT) && total > 0)
	{
		r->first_ts = first;
		r->last_ts = last;
	}
	memcpy(NR_TZNAME(r), canon, clen);
	memcpy(NR_PAYLOAD(r), data + cur, paylen);
	cur += paylen;
	if (version == NR_VERSION)
	{
		cur += 4;
		for (int32_t i = 0; i < nsplit; i++)
		{
			NrSplit		sp;

			sp.hour = (int64_t) get_be(p + cur, 8);
			sp.off_sec = (int32_t) (uint32_t) get_be(p + cur + 8, 4);
			sp.count = (uint32_t) get_be(p + cur + 12, 4);
			nr_split_put(r, size, i, &sp);
			cur += NR_SPLIT_SIZE;
		}
	}
	why = nr_validate_core(r, size);
	if (why == NULL && (flags & NR_EXACT) && total > 0 &&
		(zones->local_hour(zones->arg, tz, first) != base_hour ||
		 zones->local_hour(zones->arg, tz, last) != nr_last_hour_core(r, size)))
		why = "first/last outside the first/last hour";
	if (why != NULL)
	{
		na_free(r);
		return binary_error(err, why);
	}
	*used = cur;
	return r;
}

