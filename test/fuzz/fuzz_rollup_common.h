/*-------------------------------------------------------------------------
 *
 * fuzz_rollup_common.h
 *	  Time zones and invariant checks shared by the news_rollup fuzz
 *	  targets (fuzz_rollup_in.c, fuzz_rollup_recv.c).
 *
 * The cores take their time zones from callbacks; here a few zones with
 * fixed UTC offsets stand in for the server's pg_tz zones (whole, half and
 * negative offsets, aliases with a canonical spelling), so that the
 * first/last checks and the local-hour arithmetic are exercised.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_FUZZ_ROLLUP_COMMON_H
#define NEWS_FUZZ_ROLLUP_COMMON_H

#include <strings.h>

#include "fuzz_common.h"
#include "common/na_alloc.h"
#include "rollup/rollup_parse.h"

typedef struct FuzzZone
{
	const char *name;			/* as written (case-insensitive) */
	const char *canon;			/* canonical spelling */
	int64_t		offset;			/* local - UTC, microseconds */
} FuzzZone;

static const FuzzZone fuzz_zones[] = {
	{"UTC", "UTC", 0},
	{"Etc/UTC", "UTC", 0},
	{"Europe/Zurich", "Europe/Zurich", INT64_C(3600000000)},
	{"Europe/Berlin", "Europe/Berlin", INT64_C(3600000000)},
	{"Asia/Kolkata", "Asia/Kolkata", INT64_C(19800000000)},
	{"America/St_Johns", "America/St_Johns", -INT64_C(12600000000)},
	{"Pacific/Kiritimati", "Pacific/Kiritimati", INT64_C(50400000000)},
};

static const void *
fuzz_zone_resolve(void *arg, const char *name, int len, char *canon,
				  int *canonlen)
{
	(void) arg;
	for (size_t i = 0; i < sizeof(fuzz_zones) / sizeof(fuzz_zones[0]); i++)
	{
		const FuzzZone *z = &fuzz_zones[i];

		if ((int) strlen(z->name) == len && strncasecmp(z->name, name, len) == 0)
		{
			*canonlen = (int) strlen(z->canon);
			memcpy(canon, z->canon, *canonlen + 1);
			return z;
		}
	}
	return NULL;
}

static int64_t
fuzz_zone_local_hour(void *arg, const void *zone, int64_t ts)
{
	const FuzzZone *z = zone;
	int64_t		local;

	(void) arg;
	/* the cores only convert valid timestamps */
	FUZZ_CHECK(NR_VALID_TIMESTAMP(ts));
	local = ts + z->offset;
	return nr_floor_div(local, NR_USECS_PER_HOUR);
}

static const NrZoneOps fuzz_zone_ops = {fuzz_zone_resolve, fuzz_zone_local_hour, NULL};

/*
 * check_rollup
 *		A parsed value is a valid compact rollup: nr_validate_core() accepts
 *		it, its hours ascend inside the range and add up to the total.
 */
static void
check_rollup(const NewsRollup *r)
{
	size_t		size = (size_t) r->vl_len_;
	NewsRollupIter it;
	int64_t		hour,
				prev = INT64_MIN,
				total = 0,
				n = 0;
	uint32_t	count;
	const char *why = nr_validate_core(r, size);

	if (why != NULL)
		fprintf(stderr, "parsed rollup is invalid: %s\n", why);
	FUZZ_CHECK(why == NULL);
	FUZZ_CHECK(r->version == NR_VERSION && !(r->flags & NR_DENSE));
	FUZZ_CHECK(r->tzlen > 0 && r->tzlen <= NR_TZ_MAXLEN);
	nr_iter_start(&it, r, size);
	while (nr_iter_next(&it, &hour, &count))
	{
		FUZZ_CHECK(hour > prev && count > 0);
		FUZZ_CHECK(hour >= NR_MIN_HOUR && hour <= NR_MAX_HOUR);
		prev = hour;
		total += count;
		n++;
	}
	FUZZ_CHECK(n == r->nslots && total == r->total);
	if ((r->flags & NR_EXACT) && r->total > 0)
	{
		FUZZ_CHECK(r->first_ts <= r->last_ts);
		FUZZ_CHECK(NR_VALID_TIMESTAMP(r->first_ts) &&
				   NR_VALID_TIMESTAMP(r->last_ts));
	}
}

/*
 * same_bytes
 *		Two values are the same bytes.
 */
static bool
same_bytes(const NewsRollup *a, const NewsRollup *b)
{
	return a->vl_len_ == b->vl_len_ && memcmp(a, b, a->vl_len_) == 0;
}

/*
 * check_round_trips
 *		Text and binary output read back: binary to the same bytes, text to
 *		a value that prints the same text again.  With exact_text (a value
 *		from text input, which is canonical) the text must read back to the
 *		same bytes too.
 */
static void
check_round_trips(const NewsRollup *r, bool exact_text)
{
	NrError		err;
	NewsRollup *again;
	char	   *text,
			   *text2,
			   *bin;
	size_t		len,
				used;

	bin = nr_format_binary(r, r->vl_len_, &len);
	again = nr_parse_binary(bin, len, &fuzz_zone_ops, &used, &err);
	if (again == NULL)
		fprintf(stderr, "binary output does not read back: %s\n",
				err.detail ? err.detail : "?");
	FUZZ_CHECK(again != NULL && used == len);
	FUZZ_CHECK(same_bytes(again, r));
	na_free(again);
	na_free(bin);

	text = nr_format_text(r, r->vl_len_);
	FUZZ_CHECK(text != NULL);
	again = nr_parse_text(text, &fuzz_zone_ops, &err);
	if (again == NULL)
		fprintf(stderr, "text output \"%s\" does not read back: %s at %zu\n",
				text, err.detail ? err.detail : "?", err.pos);
	FUZZ_CHECK(again != NULL);
	check_rollup(again);
	if (exact_text)
		FUZZ_CHECK(same_bytes(again, r));
	text2 = nr_format_text(again, again->vl_len_);
	FUZZ_CHECK(strcmp(text, text2) == 0);
	na_free(text2);
	na_free(again);
	na_free(text);
}

#endif							/* NEWS_FUZZ_ROLLUP_COMMON_H */
