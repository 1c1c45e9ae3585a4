/*-------------------------------------------------------------------------
 *
 * recency.c
 *	  news_recency_decay(published_at, reference, half_life): exponential
 *	  decay of an article's relevance with its age.
 *
 * decay = 0.5 ^ (age / half_life), age = reference - published_at.  An
 * article published after the reference (age < 0) gets 1: "Mehr zum
 * Thema" under an old article may show newer ones, and they should not
 * be boosted above 1.  Interval lengths use the interval's own epoch
 * arithmetic (a month counts 30 days, a day 24 hours) so the function is
 * immutable.  The blending recipe is in the README.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(news_recency_decay);

/*
 * interval_seconds
 *		Length of an interval in seconds (30-day months, 24-hour days).
 */
static double
interval_seconds(const Interval *iv)
{
	return (double) iv->time / USECS_PER_SEC +
		(double) iv->day * SECS_PER_DAY +
		(double) iv->month * DAYS_PER_MONTH * SECS_PER_DAY;
}

/*
 * news_recency_decay(timestamptz, timestamptz, interval) RETURNS float8
 */
Datum
news_recency_decay(PG_FUNCTION_ARGS)
{
	TimestampTz published = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz reference = PG_GETARG_TIMESTAMPTZ(1);
	Interval   *half_life = PG_GETARG_INTERVAL_P(2);
	double		hl = interval_seconds(half_life);
	double		age;

	if (!(hl > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("half-life must be a positive interval")));
	if (TIMESTAMP_NOT_FINITE(published) || TIMESTAMP_NOT_FINITE(reference))
	{
		/* -infinity published or +infinity reference: infinitely old */
		if (TIMESTAMP_IS_NOBEGIN(published) || TIMESTAMP_IS_NOEND(reference))
		{
			if (TIMESTAMP_IS_NOBEGIN(reference) || TIMESTAMP_IS_NOEND(published))
				ereport(ERROR,
						(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
						 errmsg("age between two infinite timestamps is undefined")));
			PG_RETURN_FLOAT8(0.0);
		}
		PG_RETURN_FLOAT8(1.0);
	}
	age = ((double) reference - (double) published) / USECS_PER_SEC;
	if (age <= 0)
		PG_RETURN_FLOAT8(1.0);
	PG_RETURN_FLOAT8(pow(0.5, age / hl));
}
