/*-------------------------------------------------------------------------
 *
 * rollup_agg.c
 *	  Aggregate support of news_rollup: transition (with and without an
 *	  explicit time zone), inverse transition for moving windows, combine
 *	  (also the transition of news_rollup_merge), and the final function.
 *
 * The transition state is a dense news_rollup (see rollup.h) living in the
 * aggregate context.  The transition function bumps one uint32 counter in
 * place; the timestamp -> local hour conversion uses the zone's offset
 * segment cache in fn_extra, so the per-row cost is a range check, an add,
 * a division by a constant and an increment.  When a timestamp falls
 * outside the dense array, a larger copy (at least doubled) is made in the
 * per-call memory context and returned; the executor then copies it into
 * the aggregate context and frees the old state (the documented protocol
 * for a by-reference state that changes its address).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "common/na_citus.h"
#include "rollup/rollup.h"

PG_FUNCTION_INFO_V1(news_rollup_trans);
PG_FUNCTION_INFO_V1(news_rollup_trans_tz);
PG_FUNCTION_INFO_V1(news_rollup_inv);
PG_FUNCTION_INFO_V1(news_rollup_inv_tz);
PG_FUNCTION_INFO_V1(news_rollup_combine);
PG_FUNCTION_INFO_V1(news_rollup_final);

/* slots of a fresh state: about a month on either side of the first row */
#define NR_INITIAL_SLOTS	1536

/*
 * check_agg
 *		Our transition functions modify their state in place, which is only
 *		safe when the executor owns it.
 */
static void
check_agg(FunctionCallInfo fcinfo, const char *fname)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
}

/*
 * grow_state
 *		A dense copy of st that also covers hour, with room to spare.
 *
 * Empty slots at either end of a dense state are dropped on the way: a
 * moving-window aggregate (news_rollup_inv) empties the hours that leave
 * the window, and without the trim its state would span every hour the
 * window ever covered, making each final call (which walks all slots)
 * slower as the window moves on.  The trim costs one pass over the slots,
 * paid only when the state grows, which happens O(log span) times.
 */
static NewsRollup *
grow_state(NewsRollup *st, int64 hour)
{
	int64		lo,
				hi,
				width,
				first,
				last;
	uint32	   *c;
	NewsRollup *d;

	if (!(st->flags & NR_DENSE))
		return nr_to_dense(st, hour, hour + 1);

	/* the non-empty span [first, last] of the slots, if any */
	c = NR_COUNTS(st);
	first = 0;
	last = st->nslots - 1;
	while (first <= last && c[first] == 0)
	{
		if ((first & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		first++;
	}
	while (last >= first && c[last] == 0)
	{
		if ((last & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		last--;
	}
	if (first > last)
	{
		lo = hour;
		hi = hour + 1;
	}
	else
	{
		lo = Min(hour, st->base_hour + first);
		hi = Max(hour + 1, st->base_hour + last + 1);
	}

	/* slack in the direction of growth, as much again as the span */
	width = Max(hi - lo, NR_INITIAL_SLOTS);
	if (first <= last && hour < st->base_hour + first)
		lo = hour - width;
	else
		hi = hi + width;
	/* do not ask for more than the limit just because of the slack */
	if (hi - lo > NR_MAX_SLOTS)
	{
		lo = first <= last ? Min(hour, st->base_hour + first) : hour;
		hi = first <= last ? Max(hour + 1, st->base_hour + last + 1) : hour + 1;
		if (hi - lo > NR_MAX_SLOTS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("news_rollup cannot span more than %lld hours (about 22,800 years)",
							(long long) NR_MAX_SLOTS)));
	}

	d = nr_new_dense(NR_TZNAME(st), st->tzlen, lo, hi - lo);
	d->flags = NR_DENSE | (st->flags & NR_EXACT);
	d->total = st->total;
	d->first_ts = st->first_ts;
	d->last_ts = st->last_ts;
	if (first <= last)
		memcpy(NR_COUNTS(d) + (st->base_hour + first - lo), c + first,
			   (last - first + 1) * sizeof(uint32));
	return nr_carry_splits(d, st);
}

/*
 * state_zone
 *		The zone of this call: the explicit argument, or the session zone;
 *		checks that an existing state counts in the same zone.
 */
static inline NrZone *
state_zone(FunctionCallInfo fcinfo, NewsRollup *st, bool explicit_tz)
{
	NrZone	   *z = (NrZone *) fcinfo->flinfo->fn_extra;

	/* the common case: the same state as last row, zone already checked */
	if (!explicit_tz && st != NULL && z != NULL && z->verified_state == st)
		return z;

	if (explicit_tz)
	{
		text	   *t = PG_GETARG_TEXT_PP(2);

		z = nr_zone_lookup(fcinfo, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	}
	else if (st != NULL)
		z = nr_zone_lookup(fcinfo, NR_TZNAME(st), st->tzlen);
	else
	{
		/*
		 * A Citus worker running a shard query has its own TimeZone, not
		 * that of the user's session on the coordinator (which Citus does
		 * not forward); counting in it would give another zone's hours
		 * without a word.  Checked once per group (st == NULL).
		 */
		if (unlikely(na_in_citus_fragment()))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("news_rollup(timestamptz) cannot use the session time zone in a query that Citus runs on its workers"),
					 errdetail("The workers count in their own TimeZone setting, not in the coordinator session's."),
					 errhint("Name the zone: news_rollup(ts, 'Europe/Zurich').")));
		z = nr_zone_lookup(fcinfo, NULL, 0);
	}

	if (st != NULL &&
		unlikely(z->namelen != st->tzlen ||
				 memcmp(z->name, NR_TZNAME(st), st->tzlen) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone changed within one news_rollup aggregate: \"%s\" after \"%.*s\"",
						z->name, st->tzlen, NR_TZNAME(st))));
	z->verified_state = st;
	return z;
}

/*
 * trans_common
 *		Count one timestamp (state in arg 0, timestamp in arg 1, optional
 *		zone in arg 2).
 */
static Datum
trans_common(FunctionCallInfo fcinfo, bool explicit_tz)
{
	NewsRollup *st;
	NrZone	   *z;
	TimestampTz ts;
	int64		hour,
				idx,
				off;
	uint32	   *c;
	bool		split;

	check_agg(fcinfo, "news_rollup_trans");
	st = PG_ARGISNULL(0) ? NULL : (NewsRollup *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || (explicit_tz && PG_ARGISNULL(2)))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	ts = PG_GETARG_TIMESTAMPTZ(1);
	nr_check_finite(ts);
	z = state_zone(fcinfo, st, explicit_tz);
	off = nr_zone_offset_split(z, ts, &split);
	hour = nr_hour_of_local(ts + off);

	if (st == NULL)
		st = nr_new_dense(z->name, z->namelen, hour - NR_INITIAL_SLOTS / 2,
						  NR_INITIAL_SLOTS);
	idx = hour - st->base_hour;
	if (unlikely(!(st->flags & NR_DENSE) || (uint64) idx >= (uint64) st->nslots))
	{
		st = grow_state(st, hour);
		idx = hour - st->base_hour;
	}
	z->verified_state = st;
	c = NR_COUNTS(st);
	if (unlikely(c[idx] == PG_UINT32_MAX - 1))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup counts at most %u timestamps per hour",
						PG_UINT32_MAX - 1)));
	c[idx]++;
	if (st->total == 0)
	{
		st->first_ts = st->last_ts = ts;
		st->flags |= NR_EXACT;
	}
	else
	{
		if (ts < st->first_ts)
			st->first_ts = ts;
		if (ts > st->last_ts)
			st->last_ts = ts;
	}
	st->total++;
	/* the second pass through a repeated hour: remember its offset */
	if (unlikely(split))
	{
		st = nr_split_add(st, hour, (int32) (off / USECS_PER_SEC), 1);
		z->verified_state = st;
	}
	PG_RETURN_POINTER(st);
}

Datum
news_rollup_trans(PG_FUNCTION_ARGS)
{
	return trans_common(fcinfo, false);
}

Datum
news_rollup_trans_tz(PG_FUNCTION_ARGS)
{
	return trans_common(fcinfo, true);
}

/*
 * inv_common
 *		Remove one timestamp (moving-window aggregates).  Removing the
 *		earliest or latest one makes first/last inexact (see rollup.h).
 */
static Datum
inv_common(FunctionCallInfo fcinfo, bool explicit_tz)
{
	NewsRollup *st;
	NrZone	   *z;
	TimestampTz ts;
	int64		hour,
				idx,
				off;
	uint32	   *c;
	bool		split;

	check_agg(fcinfo, "news_rollup_inv");
	st = PG_ARGISNULL(0) ? NULL : (NewsRollup *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || (explicit_tz && PG_ARGISNULL(2)))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	if (st == NULL || !(st->flags & NR_DENSE))
		PG_RETURN_NULL();		/* cannot happen; makes the executor restart */
	ts = PG_GETARG_TIMESTAMPTZ(1);
	nr_check_finite(ts);
	z = state_zone(fcinfo, st, explicit_tz);
	off = nr_zone_offset_split(z, ts, &split);
	hour = nr_hour_of_local(ts + off);
	idx = hour - st->base_hour;
	c = NR_COUNTS(st);
	if ((uint64) idx >= (uint64) st->nslots || c[idx] == 0)
		PG_RETURN_NULL();		/* likewise */
	c[idx]--;
	if (unlikely(split))
		st = nr_split_add(st, hour, (int32) (off / USECS_PER_SEC), -1);
	st->total--;
	if (ts == st->first_ts || ts == st->last_ts)
		st->flags &= ~NR_EXACT;
	PG_RETURN_POINTER(st);
}

Datum
news_rollup_inv(PG_FUNCTION_ARGS)
{
	return inv_common(fcinfo, false);
}

Datum
news_rollup_inv_tz(PG_FUNCTION_ARGS)
{
	return inv_common(fcinfo, true);
}

/*
 * news_rollup_combine
 *		Add rollup b into state a (strict: the executor seeds the state
 *		with the first non-null input).  Rollups of different zones cannot
 *		be merged: their hours are different hours.
 */
Datum
news_rollup_combine(PG_FUNCTION_ARGS)
{
	NewsRollup *a;
	NewsRollup *b = PG_GETARG_NEWSROLLUP_P(1);
	NewsRollupIter it;
	int64		hour,
				lo,
				hi;
	uint32		count;
	uint32	   *c;

	check_agg(fcinfo, "news_rollup_combine");
	a = PG_GETARG_NEWSROLLUP_P(0);
	if (!nr_same_zone(a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge news_rollup values of different time zones: \"%.*s\" and \"%.*s\"",
						a->tzlen, NR_TZNAME(a), b->tzlen, NR_TZNAME(b)),
				 errhint("Compute the rollups in one zone with news_rollup(ts, zone).")));
	if (b->total == 0)
		PG_RETURN_POINTER(a);

	/* make a dense state covering both */
	nr_iter_init(&it, b);
	lo = hi = 0;
	if (b->flags & NR_DENSE)
	{
		lo = b->base_hour;
		hi = b->base_hour + b->nslots;
	}
	else if (nr_iter_next(&it, &hour, &count))
	{
		lo = hour;
		hi = nr_last_hour(b) + 1;
	}
	if (!(a->flags & NR_DENSE) || lo < a->base_hour ||
		hi > a->base_hour + a->nslots)
		a = nr_to_dense(a, lo, hi);

	c = NR_COUNTS(a);
	nr_iter_init(&it, b);
	while (nr_iter_next(&it, &hour, &count))
	{
		int64		idx = hour - a->base_hour;

		CHECK_FOR_INTERRUPTS();
		if ((uint64) c[idx] + count >= PG_UINT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("news_rollup counts at most %u timestamps per hour",
							PG_UINT32_MAX - 1)));
		c[idx] += count;
	}
	if (a->total == 0)
	{
		a->first_ts = b->first_ts;
		a->last_ts = b->last_ts;
		a->flags = (a->flags & ~NR_EXACT) | (b->flags & NR_EXACT);
	}
	else
	{
		a->first_ts = Min(a->first_ts, b->first_ts);
		a->last_ts = Max(a->last_ts, b->last_ts);
		if (!(b->flags & NR_EXACT))
			a->flags &= ~NR_EXACT;
	}
	a->total += b->total;
	/* b's split entries add to a's (by hour and offset) */
	if (b->nsplit > 0)
	{
		Size		bsize = VARSIZE(b);

		for (int32 i = 0; i < b->nsplit; i++)
		{
			NrSplit		sp;

			CHECK_FOR_INTERRUPTS();
			nr_split_get(b, bsize, i, &sp);
			if (sp.count > 0)
				a = nr_split_add(a, sp.hour, sp.off_sec, sp.count);
		}
	}
	PG_RETURN_POINTER(a);
}

/*
 * news_rollup_final
 *		The compact form of the state (read-only: window aggregates call it
 *		repeatedly on a state that goes on changing).
 */
Datum
news_rollup_final(PG_FUNCTION_ARGS)
{
	NewsRollup *st = PG_GETARG_NEWSROLLUP_P(0);

	if (!(st->flags & NR_DENSE))
		PG_RETURN_POINTER(st);
	PG_RETURN_POINTER(nr_to_compact(st));
}
