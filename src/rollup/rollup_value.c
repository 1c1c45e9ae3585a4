/*-------------------------------------------------------------------------
 *
 * rollup_value.c
 *	  Pure C core of the news_rollup value (contract in rollup_parse.h):
 *	  iteration over the non-empty hours, building the compact form,
 *	  validation of untrusted bytes, and the canonical text and binary
 *	  output that rollup_parse.c reads back.
 *
 * No server headers: memory comes from na_alloc.h, errors are returned as
 * NrError codes or reason strings that the server glue (rollup_type.c,
 * rollup_io.c) turns into ereport().
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "common/na_alloc.h"
#include "rollup/rollup_parse.h"

/*
 * nr_iter_start / nr_iter_next
 *		Walk the non-empty hours of a rollup of size bytes in ascending
 *		order.
 */
void
nr_iter_start(NewsRollupIter *it, const NewsRollup *r, size_t size)
{
	it->r = r;
	it->i = 0;
	it->hour = 0;
	it->p = (const uint8_t *) NR_PAYLOAD(r);
	it->end = (const uint8_t *) r + size - NR_SPLIT_BYTES(r);
}

bool
nr_iter_next(NewsRollupIter *it, int64_t *hour, uint32_t *count)
{
	const NewsRollup *r = it->r;

	if (r->flags & NR_DENSE)
	{
		const uint32_t *c = NR_COUNTS(r);

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
		uint64_t	gap,
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
		it->hour = (it->i == 0) ? r->base_hour + (int64_t) gap
			: it->hour + 1 + (int64_t) gap;
		it->i++;
		*hour = it->hour;
		*count = (uint32_t) (cnt + 1);
		return true;
	}
}

/*
 * nr_last_hour_core
 *		The last non-empty hour (base_hour if there is none).
 */
int64_t
nr_last_hour_core(const NewsRollup *r, size_t size)
{
	NewsRollupIter it;
	int64_t		hour,
				last = r->base_hour;
	uint32_t	count;

	if (r->flags & NR_DENSE)
	{
		const uint32_t *c = NR_COUNTS(r);
		int64_t		i;

		for (i = r->nslots - 1; i >= 0; i--)
			if (c[i] != 0)
				return r->base_hour + i;
		return r->base_hour;
	}
	nr_iter_start(&it, r, size);
	while (nr_iter_next(&it, &hour, &count))
	{
		NA_CHECK_INTERRUPTS();
		last = hour;
	}
	return last;
}

/*
 * nr_compact_from_pairs_core
 *		Build a compact rollup from ascending (hour, count > 0) pairs.
 */
NewsRollup *
nr_compact_from_pairs_core(const char *tz, int tzlen, const int64_t *hours,
						   const uint32_t *counts, int64_t n, uint8_t flags,
						   int64_t first, int64_t last, NrError *err)
{
	uint8_t		tmp[NA_VARINT_MAX];
	size_t		bytes = 0,
				size;
	NewsRollup *r;
	uint8_t    *p;
	int64_t		i,
				total = 0;

	if (n > INT32_MAX)
	{
		err->code = NR_ERR_TOO_MANY_HOURS;
		return NULL;
	}
	for (i = 0; i < n; i++)
	{
		uint64_t	gap = (i == 0) ? 0 : (uint64_t) (hours[i] - hours[i - 1] - 1);

		NA_CHECK_INTERRUPTS();
		bytes += na_varint_put(tmp, gap) + na_varint_put(tmp, counts[i] - 1);
		total += counts[i];
	}
	size = NR_PAYLOAD_OFF(tzlen) + bytes;
	if (size > (size_t) 0x3fffffff)		/* MaxAllocSize */
	{
		err->code = NR_ERR_TOO_LARGE;
		return NULL;
	}
	r = na_alloc(size);
	memset(r, 0, size);
	r->vl_len_ = (int32_t) size;
	r->version = NR_VERSION;
	r->flags = flags & NR_EXACT;
	r->tzlen = tzlen;
	r->nslots = (int32_t) n;
	r->base_hour = (n > 0) ? hours[0] : 0;
	r->total = total;
	if (total > 0 && (flags & NR_EXACT))
	{
		r->first_ts = first;
		r->last_ts = last;
	}
	memcpy(NR_TZNAME(r), tz, tzlen);
	p = (uint8_t *) NR_PAYLOAD(r);
	for (i = 0; i < n; i++)
	{
		uint64_t	gap = (i == 0) ? 0 : (uint64_t) (hours[i] - hours[i - 1] - 1);

		p += na_varint_put(p, gap);
		p += na_varint_put(p, counts[i] - 1);
	}
	return r;
}

/*
 * validate_splits
 *		The split entries of r: sorted by (hour, offset) without
 *		repetition, counts > 0, offsets in range, and for every hour at
 *		most as many split instants as the hour holds.  The hours are
 *		walked once alongside the entries.
 */
static const char *
validate_splits(const NewsRollup *r, size_t size)
{
	NewsRollupIter it;
	int64_t		i,
				hour = 0;
	uint32_t	count = 0;
	uint64_t	sum = 0;
	bool		have;
	NrSplit		s,
				prev = {0, 0, 0};

	if (r->nsplit == 0)
		return NULL;
	nr_iter_start(&it, r, size);
	have = nr_iter_next(&it, &hour, &count);
	for (i = 0; i < r->nsplit; i++)
	{
		NA_CHECK_INTERRUPTS();
		nr_split_get(r, size, i, &s);
		if (s.count == 0 || s.off_sec < -NR_MAX_OFFSET_SEC ||
			s.off_sec > NR_MAX_OFFSET_SEC)
			return "split hour out of range";
		if (i > 0 && (s.hour < prev.hour ||
					  (s.hour == prev.hour && s.off_sec <= prev.off_sec)))
			return "split hours must ascend and not repeat";
		if (i == 0 || s.hour != prev.hour)
			sum = 0;
		while (have && hour < s.hour)
		{
			NA_CHECK_INTERRUPTS();
			have = nr_iter_next(&it, &hour, &count);
		}
		if (!have || hour != s.hour)
			return "split of an empty hour";
		sum += s.count;
		if (sum > count)
			return "split counts exceed the hour";
		prev = s;
	}
	return NULL;
}

/*
 * nr_with_splits_core
 *		A copy of r (size bytes) whose split entries are splits[0..n).
 */
NewsRollup *
nr_with_splits_core(const NewsRollup *r, size_t size, const NrSplit *splits,
					int64_t n, NrError *err)
{
	size_t		base = size - NR_SPLIT_BYTES(r);
	size_t		nsize;
	NewsRollup *d;
	int64_t		i;

	if (n > INT32_MAX / NR_SPLIT_SIZE ||
		base + (size_t) n * NR_SPLIT_SIZE > (size_t) 0x3fffffff)
	{
		err->code = NR_ERR_TOO_LARGE;
		return NULL;
	}
	nsize = base + (size_t) n * NR_SPLIT_SIZE;
	d = na_alloc(nsize);
	memcpy(d, r, base);
	d->vl_len_ = (int32_t) nsize;
	d->version = NR_VERSION;
	d->nsplit = (int32_t) n;
	for (i = 0; i < n; i++)
		nr_split_put(d, nsize, i, &splits[i]);
	return d;
}

/*
 * nr_validate_core
 *		Check every invariant of a compact rollup built from untrusted
 *		bytes: stream decodes to exactly nslots ascending hours inside the
 *		timestamp range, counts sum to total, bounds consistent.  Returns
 *		NULL, or what is wrong.
 */
const char *
nr_validate_core(const NewsRollup *r, size_t size)
{
	const uint8_t *p = (const uint8_t *) NR_PAYLOAD(r);
	const uint8_t *end;
	int64_t		i,
				hour = 0,
				total = 0;
	const char *why;

	if (r->flags & NR_DENSE)
		return "unexpected dense form";
	if (r->nslots < 0 || r->total < 0 || r->nsplit < 0)
		return "negative count";
	if (r->version != NR_VERSION && r->version != NR_VERSION_LOCAL_HOURS)
		return "unknown version";
	if (r->version == NR_VERSION_LOCAL_HOURS && r->nsplit != 0)
		return "split hours in a version 1 value";
	if ((size_t) r->nsplit > (size - NR_PAYLOAD_OFF(r->tzlen)) / NR_SPLIT_SIZE)
		return "truncated split hours";
	end = (const uint8_t *) r + size - NR_SPLIT_BYTES(r);
	for (i = 0; i < r->nslots; i++)
	{
		uint64_t	gap,
					cnt;
		size_t		n;

		NA_CHECK_INTERRUPTS();
		n = na_varint_get(p, end, &gap);
		if (n == 0)
			return "truncated hour list";
		p += n;
		n = na_varint_get(p, end, &cnt);
		if (n == 0)
			return "truncated hour list";
		p += n;
		if (gap > (uint64_t) (NR_MAX_HOUR - NR_MIN_HOUR) ||
			cnt >= UINT32_MAX)
			return "value out of range";
		/*
		 * The first gap must be 0; test that before adding it to the
		 * untrusted base hour, which may be near INT64_MAX (overflow found
		 * by the unit test of this core under UBSan).  Later hours follow
		 * an in-range hour, so they cannot overflow.
		 */
		if (i == 0 && gap != 0)
			return "hour out of range";
		hour = (i == 0) ? r->base_hour : hour + 1 + (int64_t) gap;
		if (hour < NR_MIN_HOUR || hour > NR_MAX_HOUR)
			return "hour out of range";
		total += (int64_t) cnt + 1;
	}
	if (p != end)
		return "trailing bytes";
	if (total != r->total)
		return "counts do not add up to the total";
	if ((r->flags & NR_EXACT) && r->total > 0 &&
		(!NR_VALID_TIMESTAMP(r->first_ts) || !NR_VALID_TIMESTAMP(r->last_ts) ||
		 r->first_ts > r->last_ts))
		return "invalid first/last timestamps";
	if ((why = validate_splits(r, size)) != NULL)
		return why;
	return NULL;
}

/* ---------------------------------------------------------------- output */

/*
 * A growing output string, at most 1 GB (PostgreSQL's MaxAllocSize): past
 * that it stops growing, sets full and drops what is appended.
 */
typedef struct OutBuf
{
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		full;
} OutBuf;

#define OUT_MAX		((size_t) 0x3fffffff)

static bool
out_reserve(OutBuf *b, size_t more)
{
	if (b->full)
		return false;
	if (b->len + more + 1 > b->cap)
	{
		size_t		cap = b->cap;

		while (b->len + more + 1 > cap)
			cap *= 2;
		if (cap > OUT_MAX)
			cap = OUT_MAX;
		if (b->len + more + 1 > cap)
		{
			b->full = true;
			return false;
		}
		b->data = na_realloc(b->data, cap);
		b->cap = cap;
	}
	return true;
}

static void
out_bytes(OutBuf *b, const char *s, size_t n)
{
	if (!out_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* append a decimal number with at least width digits */
static void
out_num(OutBuf *b, uint64_t v, int width)
{
	char		tmp[24];
	int			n = 0;

	do
	{
		tmp[n++] = (char) ('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n < width)
		tmp[n++] = '0';
	if (!out_reserve(b, n))
		return;
	while (n > 0)
		b->data[b->len++] = tmp[--n];
	b->data[b->len] = '\0';
}

/* [-]YYYY-MM-DD (astronomical years) */
static void
out_date(OutBuf *b, int64_t days)
{
	int64_t		y;
	int			m,
				d;

	na_civil_from_days(days, &y, &m, &d);
	if (y < 0)
		out_bytes(b, "-", 1);
	out_num(b, (uint64_t) (y < 0 ? -y : y), 4);
	out_bytes(b, "-", 1);
	out_num(b, m, 2);
	out_bytes(b, "-", 1);
	out_num(b, d, 2);
}

/* local hour as YYYY-MM-DDTHH */
static void
out_hour(OutBuf *b, int64_t hour)
{
	int64_t		day = na_floor_div(hour, 24);

	out_date(b, day);
	out_bytes(b, "T", 1);
	out_num(b, (uint64_t) (hour - day * 24), 2);
}

/* UTC instant as YYYY-MM-DDTHH:MM:SS[.ffffff]Z */
static void
out_utc(OutBuf *b, int64_t ts)
{
	int64_t		day = na_floor_div(ts, NR_USECS_PER_DAY);
	int64_t		rem = ts - day * NR_USECS_PER_DAY;
	int64_t		secs = rem / NR_USECS_PER_SEC;
	int64_t		frac = rem % NR_USECS_PER_SEC;

	out_date(b, day);
	out_bytes(b, "T", 1);
	out_num(b, secs / 3600, 2);
	out_bytes(b, ":", 1);
	out_num(b, secs / 60 % 60, 2);
	out_bytes(b, ":", 1);
	out_num(b, secs % 60, 2);
	if (frac != 0)
	{
		out_bytes(b, ".", 1);
		out_num(b, frac, 6);
	}
	out_bytes(b, "Z", 1);
}

/*
 * nr_format_text
 *		Canonical text form (NUL-terminated); NULL if it would exceed 1 GB.
 */
char *
nr_format_text(const NewsRollup *r, size_t size)
{
	OutBuf		b;
	NewsRollupIter it;
	int64_t		hour,
				prev = 0;
	uint32_t	count;
	bool		any = false;

	b.cap = 128;
	b.len = 0;
	b.full = false;
	b.data = na_alloc(b.cap);
	b.data[0] = '\0';
	out_bytes(&b, NR_TZNAME(r), r->tzlen);
	out_bytes(&b, " total=", 7);
	if (r->total < 0)
		out_bytes(&b, "-", 1);
	out_num(&b, r->total < 0 ? -(uint64_t) r->total : (uint64_t) r->total, 1);
	if ((r->flags & NR_EXACT) && r->total > 0)
	{
		out_bytes(&b, " first=", 7);
		out_utc(&b, r->first_ts);
		out_bytes(&b, " last=", 6);
		out_utc(&b, r->last_ts);
	}
	nr_iter_start(&it, r, size);
	while (nr_iter_next(&it, &hour, &count))
	{
		NA_CHECK_INTERRUPTS();
		if (any && hour == prev + 1)
			out_bytes(&b, ",", 1);
		else
		{
			out_bytes(&b, " ", 1);
			out_hour(&b, hour);
			out_bytes(&b, "=", 1);
		}
		out_num(&b, count, 1);
		prev = hour;
		any = true;
	}
	/* split hours: " LOCALHOUR@+HH:MM[:SS]=count" (see rollup_parse.c) */
	for (int64_t i = 0; i < r->nsplit; i++)
	{
		NrSplit		sp;
		uint32_t	a;

		NA_CHECK_INTERRUPTS();
		nr_split_get(r, size, i, &sp);
		if (sp.count == 0)
			continue;
		a = (uint32_t) (sp.off_sec < 0 ? -sp.off_sec : sp.off_sec);
		out_bytes(&b, " ", 1);
		out_hour(&b, sp.hour);
		out_bytes(&b, sp.off_sec < 0 ? "@-" : "@+", 2);
		out_num(&b, a / 3600, 2);
		out_bytes(&b, ":", 1);
		out_num(&b, a / 60 % 60, 2);
		if (a % 60 != 0)
		{
			out_bytes(&b, ":", 1);
			out_num(&b, a % 60, 2);
		}
		out_bytes(&b, "=", 1);
		out_num(&b, sp.count, 1);
	}
	if (b.full)
	{
		na_free(b.data);
		return NULL;
	}
	return b.data;
}

/* a big-endian integer of n bytes (as pq_sendint* writes it) */
static void
put_be(uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--)
	{
		p[i] = (uint8_t) v;
		v >>= 8;
	}
}

/*
 * nr_format_binary
 *		Binary form of a compact rollup: version, flags, zone, total,
 *		first, last, base hour, number of hours, then the compact hour
 *		stream (big-endian, as pq_sendint* writes it); version 2 adds the
 *		number of split entries and the entries (hour 8, offset 4, count 4
 *		bytes each).
 */
char *
nr_format_binary(const NewsRollup *r, size_t size, size_t *outlen)
{
	size_t		paylen = size - NR_PAYLOAD_OFF(r->tzlen) - NR_SPLIT_BYTES(r);
	size_t		n = 4 + r->tzlen + 40 + paylen + 4 + NR_SPLIT_BYTES(r);
	uint8_t    *out = na_alloc(n);
	uint8_t    *p = out;

	p[0] = NR_VERSION;
	p[1] = r->flags & NR_EXACT;
	put_be(p + 2, r->tzlen, 2);
	p += 4;
	memcpy(p, NR_TZNAME(r), r->tzlen);
	p += r->tzlen;
	put_be(p, (uint64_t) r->total, 8);
	put_be(p + 8, (uint64_t) r->first_ts, 8);
	put_be(p + 16, (uint64_t) r->last_ts, 8);
	put_be(p + 24, (uint64_t) r->base_hour, 8);
	put_be(p + 32, (uint32_t) r->nslots, 4);
	put_be(p + 36, (uint32_t) paylen, 4);
	p += 40;
	memcpy(p, NR_PAYLOAD(r), paylen);
	p += paylen;
	put_be(p, (uint32_t) r->nsplit, 4);
	p += 4;
	for (int64_t i = 0; i < r->nsplit; i++)
	{
		NrSplit		sp;

		nr_split_get(r, size, i, &sp);
		put_be(p, (uint64_t) sp.hour, 8);
		put_be(p + 8, (uint32_t) sp.off_sec, 4);
		put_be(p + 12, sp.count, 4);
		p += NR_SPLIT_SIZE;
	}
	*outlen = n;
	return (char *) out;
}
