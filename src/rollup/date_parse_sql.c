/*-------------------------------------------------------------------------
 *
 * date_parse_sql.c
 *	  news_parse_date(text, reference timestamptz, zone text): the SQL
 *	  glue around the pure scanner of date_parse.c.
 *
 * The scanner reports fields; this file turns them into a timestamptz:
 * local wall-clock times are read in the given zone (default
 * Europe/Zurich) unless the text names an offset (MEZ, MESZ, UTC, +02:00);
 * day words and durations count from the reference (default now()) as
 * seen in that zone.  Calendar parts (years, months, days) move the local
 * date and keep the local time of day; hours, minutes and seconds are
 * exact durations.  A date without a year takes the reference's year, or
 * the year before if that would put it more than two days after the
 * reference (news pages date the past).  Impossible dates give NULL.
 *
 * The time zone database is consulted once per result.  Huge texts are
 * scanned in 1 MB windows with an interrupt check between them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "rollup/date_parse.h"
#include "rollup/rollup.h"

PG_FUNCTION_INFO_V1(news_parse_date);

#define SCAN_WINDOW		(1024 * 1024)

typedef struct ParseZoneCache
{
	int			len;
	char		req[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz;
} ParseZoneCache;

/*
 * zone_of
 *		The pg_tz for the zone argument, cached in fn_extra.
 */
static pg_tz *
zone_of(FunctionCallInfo fcinfo, text *zt)
{
	ParseZoneCache *c = (ParseZoneCache *) fcinfo->flinfo->fn_extra;
	const char *name = VARDATA_ANY(zt);
	int			len = VARSIZE_ANY_EXHDR(zt);
	char		canon[TZ_STRLEN_MAX + 1];
	int			clen;

	if (c != NULL && c->len == len && memcmp(c->req, name, len) == 0)
		return c->tz;
	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ParseZoneCache));
		fcinfo->flinfo->fn_extra = c;
	}
	c->tz = nr_resolve_zone(name, len, canon, &clen);
	c->len = Min(len, TZ_STRLEN_MAX);
	memcpy(c->req, name, c->len);
	return c->tz;
}

/* local civil date-time, with microseconds */
typedef struct LocalTime
{
	int64		y;
	int			m,
				d,
				hh,
				mi,
				ss;
	int			us;
} LocalTime;

/*
 * reference_local
 *		The reference instant as wall-clock time in tz.
 */
static void
reference_local(TimestampTz ref, pg_tz *tz, LocalTime *lt)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			off;

	if (TIMESTAMP_NOT_FINITE(ref) ||
		timestamp2tm(ref, &off, &tm, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("reference timestamp out of range")));
	lt->y = tm.tm_year;
	lt->m = tm.tm_mon;
	lt->d = tm.tm_mday;
	lt->hh = tm.tm_hour;
	lt->mi = tm.tm_min;
	lt->ss = tm.tm_sec;
	lt->us = fsec;
}

/*
 * local_to_utc
 *		Wall-clock time -> timestamptz: with an explicit offset, or as
 *		"local AT TIME ZONE tz".  False if out of range.
 */
static bool
local_to_utc(const LocalTime *lt, pg_tz *tz, bool has_offset, int offset,
			 TimestampTz *result)
{
	struct pg_tm tm;
	Timestamp	local;
	int			tzoff;

	if (lt->y < -4700 || lt->y > 294000)
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int) lt->y;
	tm.tm_mon = lt->m;
	tm.tm_mday = lt->d;
	tm.tm_hour = lt->hh;
	tm.tm_min = lt->mi;
	tm.tm_sec = lt->ss;
	if (tm2timestamp(&tm, lt->us, NULL, &local) != 0)
		return false;
	tzoff = has_offset ? -offset : DetermineTimeZoneOffset(&tm, tz);
	*result = local + (int64) tzoff * USECS_PER_SEC;
	return IS_VALID_TIMESTAMP(*result);
}

/*
 * add_calendar
 *		Move a local date by months and days (day clamped to the month).
 */
static void
add_calendar(LocalTime *lt, int64 months, int64 days)
{
	int64		mi = lt->y * 12 + (lt->m - 1) + months;
	int64		dn;

	lt->y = nr_floor_div(mi, 12);
	lt->m = (int) (mi - lt->y * 12) + 1;
	lt->d = Min(lt->d, nr_days_in_month(lt->y, lt->m));
	dn = nr_days_from_civil(lt->y, lt->m, lt->d) + days;
	nr_civil_from_days(dn, &lt->y, &lt->m, &lt->d);
}

/*
 * news_parse_date(txt text, reference timestamptz, zone text)
 */
Datum
news_parse_date(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	TimestampTz ref = PG_GETARG_TIMESTAMPTZ(1);
	pg_tz	   *tz = zone_of(fcinfo, PG_GETARG_TEXT_PP(2));
	const char *s = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	size_t		off = 0;
	NrDateParse d;
	int			rc = NR_DATE_NONE;
	LocalTime	lt;
	TimestampTz result;

	do
	{
		size_t		limit = Min((size_t) SCAN_WINDOW, len - off);

		CHECK_FOR_INTERRUPTS();
		rc = nr_parse_german_date(s + off, len - off, limit, off == 0, &d);
		off += limit;
	} while (rc == NR_DATE_NONE && off < len);

	if (rc != NR_DATE_FOUND)
		PG_RETURN_NULL();

	switch (d.kind)
	{
		case NR_DATE_ABSOLUTE:
			lt.m = d.month;
			lt.d = d.day;
			lt.hh = d.hour;
			lt.mi = d.minute;
			lt.ss = d.second;
			lt.us = d.usec;
			if (d.has_year)
				lt.y = d.year;
			else
			{
				LocalTime	r;
				TimestampTz cand;

				reference_local(ref, tz, &r);
				lt.y = r.y;
				if (lt.d <= nr_days_in_month(lt.y, lt.m) &&
					local_to_utc(&lt, tz, d.has_zone, d.zone_offset, &cand) &&
					cand > ref + 2 * USECS_PER_DAY)
					lt.y--;
			}
			if (lt.d > nr_days_in_month(lt.y, lt.m))
				PG_RETURN_NULL();	/* 29.2. of a common year */
			break;

		case NR_DATE_DAYWORD:
			reference_local(ref, tz, &lt);
			add_calendar(&lt, 0, d.day_offset);
			if (d.has_time)
			{
				lt.hh = d.hour;
				lt.mi = d.minute;
				lt.ss = d.second;
				lt.us = d.usec;
			}
			break;

		case NR_DATE_RELATIVE:
			reference_local(ref, tz, &lt);
			if (d.rel_months != 0 || d.rel_days != 0)
			{
				add_calendar(&lt, d.rel_months, d.rel_days);
				if (!local_to_utc(&lt, tz, false, 0, &result))
					PG_RETURN_NULL();
			}
			else
				result = ref;
			result += d.rel_seconds * USECS_PER_SEC;
			if (!IS_VALID_TIMESTAMP(result))
				PG_RETURN_NULL();
			PG_RETURN_TIMESTAMPTZ(result);
	}
	if (!local_to_utc(&lt, tz, d.has_zone, d.zone_offset, &result))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(result);
}
