/*-------------------------------------------------------------------------
 *
 * rollup_access.c
 *	  Accessors of news_rollup: buckets of any granularity (with gap
 *	  filling), total, first, last, peak, zone, a sparkline and a jsonb
 *	  rendering.
 *
 * All bucket accessors walk the non-empty hours once, in order, summing
 * hours into buckets by their integer key (rollup_buckets.c); gap filling
 * is a walk over the keys in between.  A bucket start is converted to a
 * timestamptz exactly like "local AT TIME ZONE zone", so it equals
 * date_trunc(g, ts AT TIME ZONE zone) AT TIME ZONE zone.  With hour
 * granularity, gap filling skips local hours that do not exist (the spring
 * DST gap); the repeated autumn hour is one bucket, as in date_trunc().
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "rollup/rollup.h"

PG_FUNCTION_INFO_V1(news_rollup_buckets);
PG_FUNCTION_INFO_V1(news_rollup_total);
PG_FUNCTION_INFO_V1(news_rollup_first);
PG_FUNCTION_INFO_V1(news_rollup_last);
PG_FUNCTION_INFO_V1(news_rollup_zone);
PG_FUNCTION_INFO_V1(news_rollup_peak);
PG_FUNCTION_INFO_V1(news_rollup_sparkline);
PG_FUNCTION_INFO_V1(news_rollup_jsonb);

typedef void (*BucketCallback) (void *arg, int64 key, int64 count);

/*
 * walk_buckets
 *		Call cb for every bucket from the first to the last non-empty one,
 *		in order; empty buckets in between only if fill.
 */
static void
walk_buckets(const NewsRollup *r, NrGranularity g, bool fill,
			 BucketCallback cb, void *arg)
{
	NewsRollupIter it;
	int64		hour,
				key = 0,
				sum = 0,
				k;
	uint32		count;
	bool		have = false;

	nr_iter_init(&it, r);
	while (nr_iter_next(&it, &hour, &count))
	{
		int64		hkey = nr_bucket_key(hour, g);

		if (have && hkey == key)
		{
			sum += count;
			continue;
		}
		if (have)
		{
			cb(arg, key, sum);
			if (fill)
				for (k = key + 1; k < hkey; k++)
				{
					CHECK_FOR_INTERRUPTS();
					cb(arg, k, 0);
				}
		}
		CHECK_FOR_INTERRUPTS();
		key = hkey;
		sum = count;
		have = true;
	}
	if (have)
		cb(arg, key, sum);
}

/*
 * bucket_start
 *		timestamptz of a bucket's start; false for a local hour that does
 *		not exist (only asked for empty hour buckets).
 */
static bool
bucket_start(pg_tz *tz, int64 key, NrGranularity g, int64 count,
			 TimestampTz *start)
{
	int64		h = nr_bucket_start_hour(key, g);

	*start = nr_hour_to_utc(tz, h);
	if (g == NR_GRAN_HOUR && count == 0 &&
		nr_utc_to_local_hour(tz, *start) != h)
		return false;
	return true;
}

/* news_rollup_buckets: rows into a tuplestore */
typedef struct BucketsCtx
{
	ReturnSetInfo *rsinfo;
	pg_tz	   *tz;
	NrGranularity g;
} BucketsCtx;

static void
buckets_cb(void *arg, int64 key, int64 count)
{
	BucketsCtx *ctx = (BucketsCtx *) arg;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	TimestampTz start;

	if (!bucket_start(ctx->tz, key, ctx->g, count, &start))
		return;
	values[0] = TimestampTzGetDatum(start);
	values[1] = Int64GetDatum(count);
	tuplestore_putvalues(ctx->rsinfo->setResult, ctx->rsinfo->setDesc,
						 values, nulls);
}

/*
 * news_rollup_buckets(r, granularity, fill_gaps)
 *		RETURNS TABLE (bucket_start timestamptz, articles bigint)
 */
Datum
news_rollup_buckets(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	NrGranularity g = nr_granularity_arg(PG_GETARG_TEXT_PP(1));
	bool		fill = PG_GETARG_BOOL(2);
	BucketsCtx	ctx;

	InitMaterializedSRF(fcinfo, 0);
	ctx.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ctx.tz = nr_rollup_zone(r);
	ctx.g = g;
	walk_buckets(r, g, fill, buckets_cb, &ctx);
	return (Datum) 0;
}

Datum
news_rollup_total(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);

	PG_RETURN_INT64(r->total);
}

Datum
news_rollup_zone(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(NR_TZNAME(r), r->tzlen));
}

Datum
news_rollup_first(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	TimestampTz first,
				last;

	if (!nr_bounds(r, nr_rollup_zone(r), &first, &last))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(first);
}

Datum
news_rollup_last(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	TimestampTz first,
				last;

	if (!nr_bounds(r, nr_rollup_zone(r), &first, &last))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(last);
}

/*
 * Output size limits: the sparkline and the jsonb are built in memory as
 * one value, so a fine granularity over a long span (hours of a century)
 * could need hundreds of megabytes before failing at the 1 GB varlena
 * limit.  Both check the number of buckets first and refuse clearly;
 * news_rollup_buckets() streams its rows and has no such limit.
 */
#define NR_MAX_SPARKLINE_BUCKETS	INT64CONST(10000000)	/* 30 MB of text */
#define NR_MAX_JSONB_BUCKETS		INT64CONST(1000000)

/*
 * First and last bucket key and the fullest bucket (the earliest on ties)
 * of the non-empty buckets.
 */
typedef struct BucketRange
{
	bool		have;
	int64		first;
	int64		last;
	int64		max;
	int64		max_key;
} BucketRange;

static void
range_cb(void *arg, int64 key, int64 count)
{
	BucketRange *br = (BucketRange *) arg;

	if (!br->have)
		br->first = key;
	if (!br->have || count > br->max)
	{
		br->max = count;
		br->max_key = key;
	}
	br->last = key;
	br->have = true;
}

/*
 * bucket_range
 *		Range of r's buckets at granularity g, without gap filling (one
 *		pass over the non-empty hours), and refuse an output of more than
 *		limit buckets from the first to the last non-empty one (limit 0:
 *		no limit).
 */
static void
bucket_range(const NewsRollup *r, NrGranularity g, int64 limit,
			 const char *fname, BucketRange *br)
{
	br->have = false;
	br->first = br->last = br->max = br->max_key = 0;
	walk_buckets(r, g, false, range_cb, br);
	if (limit > 0 && br->have && br->last - br->first + 1 > limit)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s would produce %lld buckets, more than its limit of %lld",
						fname, (long long) (br->last - br->first + 1),
						(long long) limit),
				 errhint("Use a coarser granularity, or news_rollup_buckets(), which returns one row per bucket.")));
}

/*
 * news_rollup_peak(r, granularity, OUT bucket_start, OUT articles)
 *		The fullest bucket, the earliest on ties; NULL for an empty rollup.
 */
Datum
news_rollup_peak(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	NrGranularity g = nr_granularity_arg(PG_GETARG_TEXT_PP(1));
	BucketRange br;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	TimestampTz start;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	bucket_range(r, g, 0, "news_rollup_peak", &br);
	if (!br.have)
		PG_RETURN_NULL();
	bucket_start(nr_rollup_zone(r), br.max_key, g, br.max, &start);
	values[0] = TimestampTzGetDatum(start);
	values[1] = Int64GetDatum(br.max);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}

/* news_rollup_sparkline: one glyph per bucket, scaled by the largest */
typedef struct SparkCtx
{
	StringInfo	s;
	const char *const *levels;
	int64		max;
} SparkCtx;

static void
spark_cb(void *arg, int64 key, int64 count)
{
	SparkCtx   *ctx = (SparkCtx *) arg;
	int			level = 0;

	if (count > 0)
		level = 1 + (int) (((double) count * 6.0) / ctx->max + 0.5);
	appendStringInfoString(ctx->s, ctx->levels[Min(level, 7)]);
}

/*
 * news_rollup_sparkline(r, granularity)
 *		One glyph per bucket from the first to the last non-empty one:
 *		an empty bucket is the lowest bar, the fullest the full block, so
 *		any non-empty bucket is visibly above an empty one.  Databases not
 *		in UTF-8 get ASCII levels instead of block elements.  Two passes
 *		(the largest bucket, then the glyphs) keep no array of counts.
 */
Datum
news_rollup_sparkline(PG_FUNCTION_ARGS)
{
	static const char *const utf8_levels[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	static const char *const ascii_levels[8] = {
		"_", ".", ":", "-", "=", "+", "*", "#"
	};
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	NrGranularity g = nr_granularity_arg(PG_GETARG_TEXT_PP(1));
	BucketRange br;
	SparkCtx	ctx;
	StringInfoData s;

	bucket_range(r, g, NR_MAX_SPARKLINE_BUCKETS, "news_rollup_sparkline", &br);
	initStringInfo(&s);
	ctx.s = &s;
	ctx.levels = (GetDatabaseEncoding() == PG_UTF8) ? utf8_levels : ascii_levels;
	ctx.max = Max(br.max, 1);
	walk_buckets(r, g, true, spark_cb, &ctx);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s.data, s.len));
}

/* news_rollup_jsonb: JSON text of the buckets, then jsonb_in */
typedef struct JsonCtx
{
	StringInfo	s;
	pg_tz	   *tz;
	NrGranularity g;
	bool		first;
} JsonCtx;

/* ISO 8601 with the zone's offset at that instant */
static void
append_json_ts(StringInfo s, pg_tz *tz, TimestampTz ts)
{
	char		buf[MAXDATELEN + 1];
	int			off = nr_tz_offset(tz, ts);

	JsonEncodeDateTime(buf, TimestampTzGetDatum(ts), TIMESTAMPTZOID, &off);
	appendStringInfo(s, "\"%s\"", buf);
}

static void
json_cb(void *arg, int64 key, int64 count)
{
	JsonCtx    *ctx = (JsonCtx *) arg;
	TimestampTz start;

	if (!bucket_start(ctx->tz, key, ctx->g, count, &start))
		return;
	appendStringInfoString(ctx->s, ctx->first ? "[" : ", [");
	append_json_ts(ctx->s, ctx->tz, start);
	appendStringInfo(ctx->s, ", %lld]", (long long) count);
	ctx->first = false;
}

/*
 * news_rollup_jsonb(r, granularity)
 *		{"time_zone": ..., "total": n, "first": ..., "last": ...,
 *		 "granularity": ..., "buckets": [[start, articles], ...]}
 *		with gaps filled, timestamps in the rollup's zone.
 */
Datum
news_rollup_jsonb(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	text	   *gt = PG_GETARG_TEXT_PP(1);
	NrGranularity g = nr_granularity_arg(gt);
	StringInfoData s;
	JsonCtx		ctx;
	TimestampTz first,
				last;
	char	   *gname = text_to_cstring(gt);
	char	   *p;
	BucketRange br;

	bucket_range(r, g, NR_MAX_JSONB_BUCKETS, "news_rollup_jsonb", &br);
	for (p = gname; *p; p++)
		*p = pg_ascii_tolower((unsigned char) *p);
	initStringInfo(&s);
	appendStringInfoString(&s, "{\"time_zone\": ");
	{
		char	   *z = pnstrdup(NR_TZNAME(r), r->tzlen);

		escape_json(&s, z);
	}
	appendStringInfo(&s, ", \"total\": %lld", (long long) r->total);
	ctx.s = &s;
	ctx.tz = nr_rollup_zone(r);
	ctx.g = g;
	ctx.first = true;
	if (nr_bounds(r, ctx.tz, &first, &last))
	{
		appendStringInfoString(&s, ", \"first\": ");
		append_json_ts(&s, ctx.tz, first);
		appendStringInfoString(&s, ", \"last\": ");
		append_json_ts(&s, ctx.tz, last);
	}
	appendStringInfo(&s, ", \"granularity\": \"%s\", \"buckets\": [", gname);
	walk_buckets(r, g, true, json_cb, &ctx);
	appendStringInfoString(&s, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}
