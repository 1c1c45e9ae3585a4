/*-------------------------------------------------------------------------
 *
 * story.c
 *	  news_story(vec, ts [, threshold, max_gap]) OVER (ORDER BY ts, id):
 *	  online story clustering as a window function.
 *
 * Rows are taken in window order, which must be by time.  Each article
 * joins the story of its most similar earlier article (news_vector cosine,
 * news_vector_dot()) if that similarity clears a bar that rises with the
 * time between them:
 *
 *	  similarity >= threshold + (1 - threshold) * gap / max_gap
 *
 * so at gap 0 the bar is the threshold and at max_gap it is 1 (nothing
 * links).  Among the earlier articles the one with the largest margin
 * over its bar wins (ties: the later article).  Otherwise the article
 * starts a new story; story ids count from 1 in order of their first
 * article within the partition.
 *
 * Why a rising bar: stories in news are bursts; two headlines a week apart
 * need much more in common to be the same story than two an hour apart.
 * On the development half of OG2021 (test/bench/bench_story.py) the
 * rising bar with the defaults (0.25, 7 days) gives B-cubed F1 0.88,
 * against 0.81 for the best fixed threshold within 7 days.
 *
 * news_story_bar(earlier, ts, threshold, max_gap) is the bar as a scalar
 * function, for news_story_of() (the insert-time assignment in SQL): the
 * same arithmetic on the same doubles, so both agree.
 *
 * Memory: only articles younger than max_gap (relative to the current
 * row) are kept, with a copy of their vector; older ones can never link
 * again and are freed, so a story quiet for longer than max_gap is closed
 * and forgotten, and memory is bounded by the articles of one max_gap.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "windowapi.h"

#include "similarity/news_vector.h"
#include "trends/trends.h"

PG_FUNCTION_INFO_V1(news_story);
PG_FUNCTION_INFO_V1(news_story_bar);

/* one remembered article */
typedef struct StoryMember
{
	TimestampTz ts;
	int64		story;
	NewsVector *vec;			/* detoasted copy in the state's context */
} StoryMember;

typedef struct StoryState
{
	MemoryContext cxt;
	StoryMember *members;		/* [head, n) are live, in time order */
	int			head;
	int			n;
	int			max;
	int64		nextstory;
	int64		lastpos;
	TimestampTz lastts;
	bool		havets;
} StoryState;

/*
 * gap_usecs
 *		An interval as microseconds (a month counts 30 days, as interval
 *		comparison does); negative intervals are refused.
 */
static int64
gap_usecs(Interval *iv)
{
	int128		us = (int128) iv->time +
		(int128) iv->day * USECS_PER_DAY +
		(int128) iv->month * DAYS_PER_MONTH * USECS_PER_DAY;

	if (us < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_gap must not be negative")));
	if (us > PG_INT64_MAX / 2)
		us = PG_INT64_MAX / 2;
	return (int64) us;
}

/*
 * story_bar
 *		The similarity an earlier article at distance dt (microseconds)
 *		needs; above 1 (never reached) beyond max_gap.
 */
static double
story_bar(double threshold, int64 dt, int64 gap)
{
	if (dt > gap)
		return 2.0;
	if (gap <= 0)
		return threshold;
	return threshold + (1 - threshold) * (double) dt / (double) gap;
}

/* a threshold must lie in [0, 1] (NaN does not) */
static void
check_threshold(double threshold)
{
	if (!(threshold >= 0 && threshold <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold must be between 0 and 1, not %g", threshold)));
}

/*
 * news_story_bar
 *		news_story_bar(earlier, ts, threshold, max_gap): the bar of
 *		news_story for an article at ts and an earlier one; 2 (above any
 *		similarity) when earlier is after ts or more than max_gap before.
 */
Datum
news_story_bar(PG_FUNCTION_ARGS)
{
	TimestampTz earlier = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(1);
	double		threshold = PG_GETARG_FLOAT8(2);
	int64		gap = gap_usecs(PG_GETARG_INTERVAL_P(3));

	check_threshold(threshold);
	if (TIMESTAMP_NOT_FINITE(earlier) || TIMESTAMP_NOT_FINITE(ts) || earlier > ts)
		PG_RETURN_FLOAT8(2.0);
	PG_RETURN_FLOAT8(story_bar(threshold, ts - earlier, gap));
}

/*
 * expire
 *		Forget the members older than ts - gap; compact the array when the
 *		dead prefix is large.
 */
static void
expire(StoryState *st, TimestampTz ts, int64 gap)
{
	while (st->head < st->n && ts - st->members[st->head].ts > gap)
	{
		pfree(st->members[st->head].vec);
		st->head++;
	}
	if (st->head > 0 && st->head * 2 >= st->n)
	{
		memmove(st->members, st->members + st->head,
				sizeof(StoryMember) * (st->n - st->head));
		st->n -= st->head;
		st->head = 0;
	}
}

/*
 * news_story
 *		The window function: the story id of the current row (see the file
 *		header); the state lives in partition-local memory.
 */
Datum
news_story(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	StoryState **slot;
	StoryState *st;
	int64		pos = WinGetCurrentPosition(winobj);
	bool		isnull;
	Datum		d;
	NewsVector *vec;
	TimestampTz ts;
	double		threshold = 0.25;
	int64		gap = 7 * USECS_PER_DAY;
	int64		story = 0;
	double		bestmargin = -1;
	int			i;
	MemoryContext old;

	/* the parameters: constants in practice, checked on every row */
	if (PG_NARGS() >= 3)
	{
		d = WinGetFuncArgCurrent(winobj, 2, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("threshold must not be NULL")));
		threshold = DatumGetFloat8(d);
		check_threshold(threshold);
	}
	if (PG_NARGS() >= 4)
	{
		d = WinGetFuncArgCurrent(winobj, 3, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("max_gap must not be NULL")));
		gap = gap_usecs(DatumGetIntervalP(d));
	}

	slot = (StoryState **) WinGetPartitionLocalMemory(winobj, sizeof(StoryState *));
	if (*slot == NULL)
	{
		MemoryContext pcxt = GetMemoryChunkContext(slot);

		st = MemoryContextAllocZero(pcxt, sizeof(StoryState));
		st->cxt = AllocSetContextCreate(pcxt, "news_story state",
										ALLOCSET_DEFAULT_SIZES);
		st->max = 64;
		st->members = MemoryContextAlloc(st->cxt, sizeof(StoryMember) * st->max);
		st->nextstory = 1;
		st->lastpos = -1;
		*slot = st;
	}
	st = *slot;

	/* the executor calls us once per row in order; anything else is a bug */
	if (pos != st->lastpos + 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("news_story must see every row of its partition in order")));
	st->lastpos = pos;

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		PG_RETURN_NULL();		/* no time, no story */
	ts = DatumGetTimestampTz(d);
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("news_story needs finite timestamps")));
	if (st->havets && ts < st->lastts)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("news_story needs its rows in time order"),
				 errhint("Use OVER (ORDER BY ts, id) with the same ts as the function's argument.")));
	st->lastts = ts;
	st->havets = true;

	d = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		PG_RETURN_NULL();		/* no text, no story */

	expire(st, ts, gap);

	vec = (NewsVector *) PG_DETOAST_DATUM(d);
	for (i = st->n - 1; i >= st->head; i--)
	{
		StoryMember *m = &st->members[i];
		double		bar = story_bar(threshold, ts - m->ts, gap);
		double		sim;

		CHECK_FOR_INTERRUPTS();
		sim = news_vector_dot(vec, m->vec);
		/* later members come first, so a tie keeps the later one */
		if (sim >= bar && sim - bar > bestmargin)
		{
			bestmargin = sim - bar;
			story = m->story;
		}
	}
	if (story == 0)
		story = st->nextstory++;

	/* remember this article */
	old = MemoryContextSwitchTo(st->cxt);
	if (st->n == st->max)
	{
		st->max *= 2;
		st->members = repalloc(st->members, sizeof(StoryMember) * st->max);
	}
	st->members[st->n].ts = ts;
	st->members[st->n].story = story;
	st->members[st->n].vec = palloc(VARSIZE_ANY(vec));
	memcpy(st->members[st->n].vec, vec, VARSIZE_ANY(vec));
	st->n++;
	MemoryContextSwitchTo(old);

	PG_RETURN_INT64(story);
}
