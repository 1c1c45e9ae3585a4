/*-------------------------------------------------------------------------
 *
 * test_parse_cores.c
 *	  Stand-alone unit tests of the input/output cores of news_vector
 *	  (vector_parse.c) and news_rollup (rollup_parse.c, rollup_value.c):
 *	  accepted and rejected literals with their error details, round
 *	  trips, truncated and corrupted binary input, and a regression test
 *	  for every bug the fuzz targets of test/fuzz/ found in these cores.
 *	  Built with -DNEWS_STANDALONE and ASan/UBSan by
 *	  test/unit/check-parse-cores.sh; prints "N passed, N failed".
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/na_alloc.h"
#include "rollup/rollup_parse.h"
#include "similarity/news_vector.h"
#include "unit_check.h"

/* ---------------------------------------------------------------- vector */

static void
format_weight(float f, char *buf)
{
	snprintf(buf, NV_FLOAT_BUFLEN, "%.9g", (double) f);
}

/* parse a literal that must fail; check code, detail and position */
static void
vector_rejects(const char *in, int code, const char *detail, int pos)
{
	NewsVectorError err;
	NewsVector *v = news_vector_parse_text(in, NULL, NULL, &err);

	CHECK(v == NULL && err.code == code &&
		  (detail == NULL || (err.detail && strcmp(err.detail, detail) == 0)) &&
		  (pos < 0 || (int) err.pos == pos),
		  "%s: got code %d detail %s pos %zu", in, err.code,
		  err.detail ? err.detail : "-", err.pos);
	if (v)
		na_free(v);
	news_vector_error_free(&err);
}

/* a vector's text and binary forms read back to the same bytes */
static bool
vector_round_trips(const NewsVector *v)
{
	NewsVectorError err;
	size_t		len,
				used;
	char	   *s = news_vector_to_text(v, format_weight, &len);
	NewsVector *a = news_vector_parse_text(s, NULL, NULL, &err);
	bool		ok = a && a->vl_len_ == v->vl_len_ && memcmp(a, v, v->vl_len_) == 0;

	na_free(s);
	if (a)
		na_free(a);
	s = news_vector_to_binary(v, &len);
	a = news_vector_parse_binary(s, len, NULL, NULL, &used, &err);
	ok = ok && a && used == len && a->vl_len_ == v->vl_len_ &&
		memcmp(a, v, v->vl_len_) == 0;
	na_free(s);
	if (a)
		na_free(a);
	return ok;
}

static void
test_vector_text(void)
{
	NewsVectorError err;
	NewsVector *v;

	v = news_vector_parse_text("{a:3, b:4}", NULL, NULL, &err);
	CHECK(v && v->nterms == 2, "{a:3, b:4} parses");
	if (v)
	{
		double		w0 = v->entries[0].weight,
					w1 = v->entries[1].weight;

		CHECK(fabs(w0 * w0 + w1 * w1 - 1) < 1e-6, "weights normalized");
		CHECK(vector_round_trips(v), "{a:3, b:4} round-trips");
		na_free(v);
	}
	v = news_vector_parse_text("  { \"x y\" : 1 , \"q\\\"uote\" : 1, \"back\\\\slash\":1 }  ",
							   NULL, NULL, &err);
	CHECK(v && v->nterms == 3 && vector_round_trips(v), "quoted terms");
	if (v)
		na_free(v);
	v = news_vector_parse_text("{}", NULL, NULL, &err);
	CHECK(v && v->nterms == 0 && vector_round_trips(v), "empty vector");
	if (v)
		na_free(v);

	vector_rejects("x", NV_ERR_SYNTAX, "Expected \"{\"", 0);
	vector_rejects("{a:1", NV_ERR_SYNTAX, "Expected \",\" or \"}\"", 4);
	vector_rejects("{a 1}", NV_ERR_SYNTAX, "Expected \":\" after a term", 3);
	vector_rejects("{a:}", NV_ERR_SYNTAX, "Expected a weight", 3);
	vector_rejects("{\"a:1}", NV_ERR_SYNTAX, "Unterminated quoted term", 6);
	vector_rejects("{\"\":1}", NV_ERR_SYNTAX, "Empty term", 1);
	vector_rejects("{a:1} x", NV_ERR_SYNTAX, "Junk after \"}\"", 6);
	vector_rejects("{a:1, a:2}", NV_ERR_DUPLICATE, NULL, -1);
	vector_rejects("{a:-1}", NV_ERR_WEIGHT, NULL, 3);
	vector_rejects("{a:1e39}", NV_ERR_WEIGHT, NULL, 3);
	vector_rejects("{a:nan}", NV_ERR_WEIGHT, NULL, 3);

	v = news_vector_parse_text("{a:1, a:2}", NULL, NULL, &err);
	CHECK(v == NULL && err.term && strcmp(err.term, "a") == 0,
		  "the duplicate term is reported");
	news_vector_error_free(&err);
}

/*
 * Regression: the server's text input kept pointers into a term table
 * whose string buffer moves when it grows (more than 4 kB of terms), so
 * the builder read freed memory.  The core keeps offsets until the end.
 */
static void
test_vector_many_terms(void)
{
	int			n = 3000;
	char	   *lit = malloc((size_t) n * 24 + 3);
	size_t		o = 0;
	NewsVectorError err;
	NewsVector *v;
	bool		ok = true;

	lit[o++] = '{';
	for (int i = 0; i < n; i++)
		o += sprintf(lit + o, "%sterm%06d:%d", i ? ", " : "", i, 1 + i % 7);
	lit[o++] = '}';
	lit[o] = '\0';
	v = news_vector_parse_text(lit, NULL, NULL, &err);
	CHECK(v && (int) v->nterms == n, "3000 terms parse");
	if (v)
	{
		const char *s = NV_STRINGS(v);

		for (uint32_t i = 0; i < v->nterms; i++)
		{
			size_t		len = strlen(s);

			ok = ok && len == 10 && strncmp(s, "term", 4) == 0 &&
				v->entries[i].hash == news_term_hash(s, len);
			s += len + 1;
		}
		CHECK(ok, "every term string intact and matching its hash");
		CHECK(vector_round_trips(v), "3000 terms round-trip");
		na_free(v);
	}
	free(lit);
}

static void
test_vector_binary(void)
{
	NewsVectorError err;
	NewsVector *v = news_vector_parse_text("{wahl:3, kanton:4, \"z\xc3\xbcrich\":2}",
										   NULL, NULL, &err);
	size_t		len,
				used;
	char	   *bin = news_vector_to_binary(v, &len);
	bool		ok = true;
	NewsVector *a;

	/* every proper prefix is rejected, without reading past it */
	for (size_t cut = 0; cut < len; cut++)
	{
		char	   *p = malloc(cut ? cut : 1);

		memcpy(p, bin, cut);
		a = news_vector_parse_binary(p, cut, NULL, NULL, &used, &err);
		ok = ok && a == NULL && err.code == NV_ERR_BINARY;
		if (a)
			na_free(a);
		free(p);
	}
	CHECK(ok, "truncated binary input is rejected");

	/* a flipped hash byte, a zero byte in a term, unknown flags */
	bin[8] ^= 1;
	a = news_vector_parse_binary(bin, len, NULL, NULL, &used, &err);
	CHECK(a == NULL && strcmp(err.detail, "A term hash does not match its term.") == 0,
		  "hash mismatch: %s", err.detail ? err.detail : "-");
	bin[8] ^= 1;
	bin[20] = '\0';
	a = news_vector_parse_binary(bin, len, NULL, NULL, &used, &err);
	CHECK(a == NULL && strcmp(err.detail, "A term contains a zero byte.") == 0,
		  "zero byte: %s", err.detail ? err.detail : "-");
	bin[7] = 1;
	a = news_vector_parse_binary(bin, len, NULL, NULL, &used, &err);
	CHECK(a == NULL && strcmp(err.detail, "Unknown flag bits.") == 0,
		  "flags: %s", err.detail ? err.detail : "-");
	na_free(bin);
	na_free(v);
}

/* ---------------------------------------------------------------- rollup */

static const void *
zone_resolve(void *arg, const char *name, int len, char *canon, int *canonlen)
{
	static const char *const names[] = {"UTC", "Europe/Zurich"};

	(void) arg;
	for (int i = 0; i < 2; i++)
		if ((int) strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0)
		{
			*canonlen = len;
			memcpy(canon, names[i], len + 1);
			return names[i];
		}
	return NULL;
}

/* UTC, and Zurich as a fixed +1 h (enough for the parser's checks) */
static int64_t
zone_local_hour(void *arg, const void *zone, int64_t ts)
{
	(void) arg;
	if (strcmp(zone, "UTC") != 0)
		ts += NR_USECS_PER_HOUR;
	return nr_floor_div(ts, NR_USECS_PER_HOUR);
}

static const NrZoneOps zones = {zone_resolve, zone_local_hour, NULL};

/* every proper prefix of a binary rollup must be rejected */
static void
rollup_prefixes_rejected(const char *bin, size_t len, const char *what)
{
	NrError		err;
	size_t		used;

	for (size_t cut = 0; cut < len; cut++)
	{
		NewsRollup *t = nr_parse_binary(bin, cut, &zones, &used, &err);

		if (t != NULL)
		{
			CHECK(false, "%s: prefix of %zu bytes accepted", what, cut);
			na_free(t);
		}
	}
}

static void
rollup_rejects(const char *in, const char *detail)
{
	NrError		err;
	NewsRollup *r = nr_parse_text(in, &zones, &err);

	CHECK(r == NULL && err.code == NR_ERR_SYNTAX && err.detail &&
		  strcmp(err.detail, detail) == 0,
		  "%.60s...: got code %d detail %s", in, err.code,
		  err.detail ? err.detail : "-");
	if (r)
		na_free(r);
}

static void
test_rollup_text(void)
{
	const char *lit = "Europe/Zurich total=5 first=2021-07-07T09:53:00Z last=2021-07-08T22:10:00Z 2021-07-07T10=3,1 2021-07-08T23=1";
	NrError		err;
	NewsRollup *r = nr_parse_text(lit, &zones, &err);

	CHECK(r && r->total == 5 && r->nslots == 3, "example parses");
	if (r)
	{
		char	   *s = nr_format_text(r, r->vl_len_);
		size_t		len,
					used;
		char	   *bin;
		NewsRollup *b;

		CHECK(strcmp(s, lit) == 0, "text round trip: %s", s);
		CHECK(nr_validate_core(r, r->vl_len_) == NULL, "valid");
		bin = nr_format_binary(r, r->vl_len_, &len);
		b = nr_parse_binary(bin, len, &zones, &used, &err);
		CHECK(b && used == len && b->vl_len_ == r->vl_len_ &&
			  memcmp(b, r, r->vl_len_) == 0, "binary round trip");
		rollup_prefixes_rejected(bin, len, lit);
		if (b)
			na_free(b);
		na_free(bin);
		na_free(s);
		na_free(r);
	}
	rollup_rejects("UTC total=2 2021-07-07T10=1", "counts do not add up to the total");
	rollup_rejects("UTC total=1 2021-07-07T24=1", "hour out of range");
	rollup_rejects("UTC total=2 2021-07-07T10=1 2021-07-07T10=1", "hours must ascend and not repeat");
	rollup_rejects("UTC total=1 first=2021-07-07T10:00:00Z 2021-07-07T10=1", "expected \"last=\" after \"first=\"");
}

/*
 * Split entries (version 2): the second pass through a repeated hour.
 * Text and binary round trips, every binary prefix rejected, a version 1
 * message (0.2, no split count) still read, and the invariants enforced.
 */
static void
test_rollup_splits(void)
{
	const char *lit = "Europe/Zurich total=26 2021-10-31T01=9,17 2021-10-31T02@+01:00=8 2021-10-31T02@+05:45:30=1";
	NrError		err;
	NewsRollup *r = nr_parse_text(lit, &zones, &err);

	CHECK(r && r->total == 26 && r->nsplit == 2 && r->version == NR_VERSION,
		  "split example parses");
	if (r)
	{
		char	   *s = nr_format_text(r, r->vl_len_);
		size_t		len,
					used;
		char	   *bin = nr_format_binary(r, r->vl_len_, &len);
		NewsRollup *b = nr_parse_binary(bin, len, &zones, &used, &err);
		NrSplit		sp;

		CHECK(strcmp(s, lit) == 0, "split text round trip: %s", s);
		CHECK(b && used == len && b->vl_len_ == r->vl_len_ &&
			  memcmp(b, r, r->vl_len_) == 0, "split binary round trip");
		nr_split_get(r, r->vl_len_, 1, &sp);
		CHECK(sp.off_sec == 5 * 3600 + 45 * 60 + 30 && sp.count == 1 &&
			  sp.hour == r->base_hour + 1, "second split entry");
		rollup_prefixes_rejected(bin, len, "split entries");
		if (b)
			na_free(b);
		na_free(bin);
		na_free(s);
		na_free(r);
	}

	/* a version 1 message: no number of split entries after the stream */
	r = nr_parse_text("Europe/Zurich total=3 2021-10-31T02=3", &zones, &err);
	if (r)
	{
		size_t		len,
					used;
		char	   *bin = nr_format_binary(r, r->vl_len_, &len);
		NewsRollup *b;

		bin[0] = NR_VERSION_LOCAL_HOURS;
		b = nr_parse_binary(bin, len - 4, &zones, &used, &err);
		CHECK(b && used == len - 4 && b->total == 3 && b->nsplit == 0,
			  "version 1 binary read");
		if (b)
			na_free(b);
		na_free(bin);
		na_free(r);
	}
	rollup_rejects("UTC total=1 2021-07-07T10=1 2021-07-07T10@+01:00=2", "split counts exceed the hour");
	rollup_rejects("UTC total=1 2021-07-07T10=1 2021-07-07T11@+01:00=1", "split of an empty hour");
	rollup_rejects("UTC total=1 2021-07-07T10@+01:00=1 2021-07-07T10=1", "split hours must follow all hours");
	rollup_rejects("UTC total=1 2021-07-07T10=1 2021-07-07T10@+27:00=1", "UTC offset out of range");
	rollup_rejects("UTC total=1 2021-07-07T10=1 2021-07-07T10@+01:00=0", "count out of range");
	rollup_rejects("UTC total=2 2021-07-07T10=2 2021-07-07T10@+01:00=1 2021-07-07T10@+00:30=1",
				   "split hours must ascend and not repeat");
}

/*
 * Regression (fuzz_rollup_in, UBSan): a six-digit year overflowed the
 * microsecond arithmetic of first=/last=; PostgreSQL builds with -fwrapv,
 * so some years wrapped into the valid range and were accepted as a
 * bogus instant.  This day wraps to 1999-12-26.
 */
static void
test_rollup_year_overflow(void)
{
	int64_t		y;
	int			m,
				d;
	char		lit[256];

	nr_civil_from_days(213503977, &y, &m, &d);
	snprintf(lit, sizeof(lit),
			 "UTC total=1 first=%04lld-%02d-%02dT00:00:00Z last=%04lld-%02d-%02dT00:00:00Z 1999-12-26T00=1",
			 (long long) y, m, d, (long long) y, m, d);
	rollup_rejects(lit, "timestamp out of range");
	rollup_rejects("UTC total=1 first=999999-12-31T23:59:59Z last=999999-12-31T23:59:59Z 2000-01-01T00=1",
				   "timestamp out of range");
}

/*
 * Regression (the validity check of fuzz_rollup_in): zero counts carried
 * a run that starts before the first valid hour into the range, so text
 * input accepted a value that binary input (and nr_validate_core) rejects.
 */
static void
test_rollup_run_below_range(void)
{
	char		lit[512];
	size_t		o;

	o = (size_t) snprintf(lit, sizeof(lit), "UTC total=1 -4713-11-21T00=1");
	for (int i = 0; i < 60; i++)
		o += (size_t) snprintf(lit + o, sizeof(lit) - o, ",0");
	rollup_rejects(lit, "hour out of range");
}

/*
 * Regression (fuzz_rollup_recv, UBSan): the first hour's gap was added to
 * an untrusted base hour before the "first gap must be 0" check, which
 * overflows for a base hour near INT64_MAX.
 */
static void
test_rollup_base_hour_overflow(void)
{
	NrError		err;
	NewsRollup *r = nr_parse_text("UTC total=1 2021-07-07T10=1", &zones, &err);
	size_t		len,
				used;
	char	   *bin = nr_format_binary(r, r->vl_len_, &len);
	size_t		off = 4 + 3 + 24;	/* header, "UTC", total/first/last */
	NewsRollup *b;

	/*
	 * base hour INT64_MAX - 1, first gap 5 (the stream's two bytes come
	 * before the 4-byte number of split entries of version 2)
	 */
	memcpy(bin + off, "\x7f\xff\xff\xff\xff\xff\xff\xfe", 8);
	bin[len - 2 - 4] = 5;
	b = nr_parse_binary(bin, len, &zones, &used, &err);
	CHECK(b == NULL && err.code == NR_ERR_BINARY &&
		  strcmp(err.detail, "hour out of range") == 0,
		  "huge base hour: %s", err.detail ? err.detail : "-");
	if (b)
		na_free(b);
	na_free(bin);
	na_free(r);
}

int
main(void)
{
	test_vector_text();
	test_vector_many_terms();
	test_vector_binary();
	test_rollup_text();
	test_rollup_year_overflow();
	test_rollup_run_below_range();
	test_rollup_base_hour_overflow();
	test_rollup_splits();
	return unit_report();
}
