/*-------------------------------------------------------------------------
 *
 * rollup_access.c
 *	  Accessors of news_rollup: buckets of any granularity (with gap
 *	  filling), total, first, last, peak, zone, a sparkline and a jsonb
 *	  rendering.
 *
 * All bucket accessors walk the non-empty hours once, in order.  Day and
 * coarser buckets sum hours by their integer key (rollup_buckets.c); gap
 * filling is a walk over the keys in between.  Their start is converted to
 * a timestamptz exactly like "local AT TIME ZONE zone", so it equals
 * date_trunc(g, ts AT TIME ZONE zone) AT TIME ZONE zone.  Hour buckets are
 * physical hours, equal to date_trunc('hour', ts) of the timestamptz: each
 * local hour gives one bucket per UTC offset its instants have (two for
 * the repeated autumn hour, none for the skipped spring hour), starting at
 * the local hour's start at that offset (nr_zone_hour_parts).
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

/*
 * rollup_zone_cached
 *		The zone of r with its offset-segment cache in fn_extra (hour
 *		buckets look up the physical hours of every local hour).
 */
static NrZone *
rollup_zone_cached(FunctionCallInfo fcinfo, const NewsRollup *r)
{
	return nr_zone_lookup(fcinfo, NR_TZNAME(r), r->tzlen);
}

typedef void (*BucketCallback) (void *arg, int64 key, TimestampTz start,
								int64 count);

/*
 * bucket_start
 *		timestamptz of a day-or-coarser bucket's start ("local AT TIME
 *		ZONE zone").
 */
static TimestampTz
bucket_start(pg_tz *tz, int64 key, NaGranularity g)
{
	return nr_hour_to_utc(tz, na_bucket_start_hour(key, g));
}

/*
 * HourWalk: the physical hour buckets, emitted in order; a bucket whose
 * start equals the previous one's (possible only around odd historical
 * offset changes) is merged into it, as GROUP BY date_trunc() would.
 */
typedef struct HourWalk
{
	BucketCallback cb;
	void	   *arg;
	bool		fill;
	bool		pending;
	TimestampTz pstart;
	int64		pcount;
	int64		ordinal;
} HourWalk;

static void
hour_emit(HourWalk *hw, TimestampTz start, int64 count)
{
	if (hw->pending && start == hw->pstart)
	{
		hw->pcount += count;
		return;
	}
	/* empty buckets only between non-empty ones (ordinal 0: none yet) */
	if (hw->pending && (hw->pcount > 0 || (hw->fill && hw->ordinal > 0)))
		hw->cb(hw->arg, hw->ordinal++, hw->pstart, hw->pcount);
	hw->pending = true;
	hw->pstart = start;
	hw->pcount = count;
}

/*
 * hour_buckets
 *		The physical hours of one local hour with its count: the split
 *		entries of r for this hour (*si is the cursor into them) go to the
 *		part with their offset, the rest to the first part.
 */
static void
hour_buckets(HourWalk *hw, NrZone *z, const NewsRollup *r, Size size,
			 int32 *si, int64 hour, int64 count)
{
	NrHourPart	parts[NR_MAX_HOUR_PARTS];
	int64		pc[NR_MAX_HOUR_PARTS];
	int			n = nr_zone_hour_parts(z, hour, parts),
				i;
	int64		rest = count;

	for (i = 0; i < n; i++)
		pc[i] = 0;
	while (*si < r->nsplit)
	{
		NrSplit		sp;

		nr_split_get(r, size, *si, &sp);
		if (sp.hour > hour)
			break;
		(*si)++;
		if (sp.hour < hour)
			continue;			/* cannot happen in a valid value */
		for (i = 1; i < n; i++)
			if (parts[i].off_sec == sp.off_sec)
				break;
		if (i < n)
		{
			pc[i] += sp.count;
			rest -= sp.count;
		}
		/* an offset the zone no longer has (older tzdata): first part */
	}
	if (n == 0)
	{
		/* a local hour that does not exist cannot hold instants */
		if (count > 0)
			hour_emit(hw, nr_hour_to_utc(z->tz, hour), count);
		return;
	}
	pc[0] += rest;
	for (i = 0; i < n; i++)
		hour_emit(hw, parts[i].start, pc[i]);
}

/*
 * walk_buckets
 *		Call cb for every bucket from the first to the last non-empty one,
 *		in order; empty buckets in between only if fill.  Day and coarser
 *		buckets are sums of local hours by their integer key; hour buckets
 *		are physical hours (hour_buckets), numbered by an ordinal key.
 */
static void
walk_buckets(const NewsRollup *r, NrZone *z, NaGranularity g, bool fill,
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
	if (g == NA_GRAN_HOUR)
	{
		HourWalk	hw = {cb, arg, fill, false, 0, 0, 0};
		Size		size = VARSIZE(r);
		int32		si = 0;
		int64		prev = 0;

		while (nr_iter_next(&it, &hour, &count))
		{
			CHECK_FOR_INTERRUPTS();
			if (have && fill)
				for (k = prev + 1; k < hour; k++)
				{
					CHECK_FOR_INTERRUPTS();
					hour_buckets(&hw, z, r, size, &si, k, 0);
				}
			hour_buckets(&hw, z, r, size, &si, hour, count);
			prev = hour;
			have = true;
		}
		/* flush, keeping a trailing empty part out */
		if (hw.pending && hw.pcount > 0)
			cb(arg, hw.ordinal, hw.pstart, hw.pcount);
		return;
	}

	while (nr_iter_next(&it, &hour, &count))
	{
		int64		hkey = na_bucket_key(hour, g);

		if (have && hkey == key)
		{
			sum += count;
			continue;
		}
		if (have)
		{
			cb(arg, key, bucket_start(z->tz, key, g), sum);
			if (fill)
				for (k = key + 1; k < hkey; k++)
				{
					CHECK_FOR_INTERRUPTS();
					cb(arg, k, bucket_start(z->tz, k, g), 0);
				}
		}
		CHECK_FOR_INTERRUPTS();
		key = hkey;
		sum = count;
		have = true;
	}
	if (have)
		cb(arg, key, bucket_start(z->tz, key, g), sum);
}

/* news_rollup_buckets: rows into a tuplestore */
typedef struct BucketsCtx
{
	ReturnSetInfo *rsinfo;
} BucketsCtx;

static void
buckets_cb(void *arg, int64 key, TimestampTz start, int64 count)
{
	BucketsCtx *ctx = (BucketsCtx *) arg;
	Datum		values[2];
	bool		nulls[2] = {false, false};

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
	NaGranularity g = nr_granularity_arg(PG_GETARG_TEXT_PP(1));
	bool		fill = PG_GETARG_BOOL(2);
	BucketsCtx	ctx;

	InitMaterializedSRF(fcinfo, 0);
	ctx.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	walk_buckets(r, rollup_zone_cached(fcinfo, r), g, fill, buckets_cb, &ctx);
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
	TimestampTz max_start;
} BucketRange;

static void
range_cb(void *arg, int64 key, TimestampTz start, int64 count)
{
	BucketRange *br = (BucketRange *) arg;

	if (!br->have)
		br->first = key;
	if (!br->have || count > br->max)
	{
		br->max = count;
		br->max_key = key;
		br->max_start = start;
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
bucket_range(const NewsRollup *r, NrZone *z, NaGranularity g, int64 limit,
			 const char *fname, BucketRange *br)
{
	br->have = false;
	br->first = br->last = br->max = br->max_key = 0;
	br->max_start = 0;
	/* hours: the span in local hours bounds the number of buckets */
	if (g == NA_GRAN_HOUR && limit > 0 && r->total > 0 &&
		nr_last_hour(r) - r->base_hour + 1 > limit)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s would produce %lld buckets, more than its limit of %lld",
						fname, (long long) (nr_last_hour(r) - r->base_hour + 1),
						(long long) limit),
				 errhint("Use a coarser granularity, or news_rollup_buckets(), which returns one row per bucket.")));
	walk_buckets(r, z, g, false, range_cb, br);
	if (limit > 0 && br->have && g != NA_GRAN_HOUR &&
		br->last - br->first + 1 > limit)
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
	NaGranularity g = nr_granularity_arg(PG_GETARG_TEXT_PP(1));
	BucketRange br;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	bucket_range(r, rollup_zone_cached(fcinfo, r), g, 0, "news_rollup_peak", &br);
	if (!br.have)
		PG_RETURN_NULL();
	values[0] = TimestampTzGetDatum(br.max_start);
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
spark_cb(void *arg, int64 key, TimestampTz start, int64 count)
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
	NaGranularity g = nr_granularity_arg(PG_GETARG_TEXT_PP(1));
	BucketRange br;
	SparkCtx	ctx;
	StringInfoData s;
	NrZone	   *z = rollup_zone_cached(fcinfo, r);

	bucket_range(r, z, g, NR_MAX_SPARKLINE_BUCKETS, "news_rollup_sparkline", &br);
	initStringInfo(&s);
	ctx.s = &s;
	ctx.levels = (GetDatabaseEncoding() == PG_UTF8) ? utf8_levels : ascii_levels;
	ctx.max = Max(br.max, 1);
	walk_buckets(r, z, g, true, spark_cb, &ctx);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s.data, s.len));
}

/* news_rollup_jsonb: JSON text of the buckets, then jsonb_in */
typedef struct JsonCtx
{
	StringInfo	s;
	pg_tz	   *tz;
	bool		first;
} JsonCtx;

/* ISO 8601 with the zone's offset at that instant */
static void
append_json_ts(StringInfo s, pg_tz *tz, TimestampTz ts)
{
	char		buf[MAXDATELEN + 1];
	struct pg_tm tm;
	fsec_t		fsec;
	int			off;

	if (timestamp2tm(ts, &off, &tm, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	JsonEncodeDateTime(buf, TimestampTzGetDatum(ts), TIMESTAMPTZOID, &off);
	appendStringInfo(s, "\"%s\"", buf);
}

static void
json_cb(void *arg, int64 key, TimestampTz start, int64 count)
{
	JsonCtx    *ctx = (JsonCtx *) arg;

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
	NaGranularity g = nr_granularity_arg(gt);
	StringInfoData s;
	JsonCtx		ctx;
	TimestampTz first,
				last;
	char	   *gname = text_to_cstring(gt);
	char	   *p;
	BucketRange br;
	NrZone	   *z = rollup_zone_cached(fcinfo, r);

	bucket_range(r, z, g, NR_MAX_JSONB_BUCKETS, "news_rollup_jsonb", &br);
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
	ctx.tz = z->tz;
	ctx.first = true;
	if (nr_bounds(r, ctx.tz, &first, &last))
	{
		appendStringInfoString(&s, ", \"first\": ");
		append_json_ts(&s, ctx.tz, first);
		appendStringInfoString(&s, ", \"last\": ");
		append_json_ts(&s, ctx.tz, last);
	}
	appendStringInfo(&s, ", \"granularity\": \"%s\", \"buckets\": [", gname);
	walk_buckets(r, z, g, true, json_cb, &ctx);
	appendStringInfoString(&s, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}
