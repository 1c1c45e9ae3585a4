/*-------------------------------------------------------------------------
 *
 * rollup_buckets.c
 *	  Calendar arithmetic and integer coding for news_rollup (pure C).
 *
 * No server headers: this file is also compiled stand-alone by the unit
 * tests in test/unit.  The civil-date conversions are the usual
 * era-based algorithms (400-year cycles of 146097 days) and are exact for
 * every year an int64 day count can express.
 *
 *-------------------------------------------------------------------------
 */
#include "rollup/rollup_buckets.h"

#include <string.h>

/* days from 0000-03-01 to 2000-01-01, the origin of our day numbers */
#define DAYS_0000_03_01_TO_2000_01_01 730425

/*
 * nr_granularity_parse
 *		Case-insensitive name -> granularity; 0 if unknown.
 */
int
nr_granularity_parse(const char *s, size_t len, NrGranularity *g)
{
	static const struct
	{
		const char *name;
		NrGranularity g;
	}			names[] = {
		{"hour", NR_GRAN_HOUR},
		{"day", NR_GRAN_DAY},
		{"week", NR_GRAN_WEEK},
		{"month", NR_GRAN_MONTH},
		{"quarter", NR_GRAN_QUARTER},
		{"year", NR_GRAN_YEAR},
	};
	size_t		i,
				k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		if (strlen(names[i].name) != len)
			continue;
		for (k = 0; k < len; k++)
		{
			char		c = s[k];

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c != names[i].name[k])
				break;
		}
		if (k == len)
		{
			*g = names[i].g;
			return 1;
		}
	}
	return 0;
}

/*
 * nr_floor_div
 *		Division rounding towards minus infinity (b > 0).
 */
int64_t
nr_floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b) != 0 && a < 0)
		q--;
	return q;
}

/*
 * nr_days_from_civil
 *		Day number (0 = 2000-01-01) of a proleptic Gregorian date; the year
 *		is astronomical (0 = 1 BC).
 */
int64_t
nr_days_from_civil(int64_t y, int m, int d)
{
	int64_t		era,
				yoe,
				doy,
				doe;

	y -= (m <= 2);
	era = nr_floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - DAYS_0000_03_01_TO_2000_01_01;
}

/*
 * nr_civil_from_days
 *		Inverse of nr_days_from_civil().
 */
void
nr_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t		z = days + DAYS_0000_03_01_TO_2000_01_01;
	int64_t		era = nr_floor_div(z, 146097);
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;

	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/*
 * nr_days_in_month
 *		Length of a month of the proleptic Gregorian calendar.
 */
int
nr_days_in_month(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2)
	{
		int			leap = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));

		return 28 + leap;
	}
	return len[m - 1];
}

/*
 * nr_iso_weekday
 *		1 = Monday ... 7 = Sunday; day 0 (2000-01-01) was a Saturday.
 */
int
nr_iso_weekday(int64_t days)
{
	return (int) (days + 5 - nr_floor_div(days + 5, 7) * 7) + 1;
}

/*
 * nr_bucket_key
 *		Key of the bucket holding a local hour.  Keys of adjacent buckets
 *		differ by one.  Week keys count Mondays: week 0 starts on Monday
 *		1999-12-27 (day -5).
 */
int64_t
nr_bucket_key(int64_t local_hour, NrGranularity g)
{
	int64_t		day,
				y;
	int			m,
				d;

	if (g == NR_GRAN_HOUR)
		return local_hour;
	day = nr_floor_div(local_hour, 24);
	switch (g)
	{
		case NR_GRAN_DAY:
			return day;
		case NR_GRAN_WEEK:
			return nr_floor_div(day + 5, 7);
		default:
			break;
	}
	nr_civil_from_days(day, &y, &m, &d);
	if (g == NR_GRAN_MONTH)
		return y * 12 + (m - 1);
	if (g == NR_GRAN_QUARTER)
		return y * 4 + (m - 1) / 3;
	return y;
}

/*
 * nr_bucket_start_hour
 *		Local hour number at which the bucket with the given key starts.
 */
int64_t
nr_bucket_start_hour(int64_t key, NrGranularity g)
{
	int64_t		y;

	switch (g)
	{
		case NR_GRAN_HOUR:
			return key;
		case NR_GRAN_DAY:
			return key * 24;
		case NR_GRAN_WEEK:
			return (key * 7 - 5) * 24;
		case NR_GRAN_MONTH:
			y = nr_floor_div(key, 12);
			return nr_days_from_civil(y, (int) (key - y * 12) + 1, 1) * 24;
		case NR_GRAN_QUARTER:
			y = nr_floor_div(key, 4);
			return nr_days_from_civil(y, (int) (key - y * 4) * 3 + 1, 1) * 24;
		case NR_GRAN_YEAR:
			return nr_days_from_civil(key, 1, 1) * 24;
	}
	return 0;
}

/*
 * nr_varint_put
 *		Append v as unsigned LEB128; returns the number of bytes written.
 */
size_t
nr_varint_put(uint8_t *buf, uint64_t v)
{
	size_t		n = 0;

	while (v >= 0x80)
	{
		buf[n++] = (uint8_t) (v | 0x80);
		v >>= 7;
	}
	buf[n++] = (uint8_t) v;
	return n;
}

/*
 * nr_varint_get
 *		Read one LEB128 value from [p, end); returns the bytes consumed, or
 *		0 if the value is truncated or longer than 64 bits (corrupt input).
 */
size_t
nr_varint_get(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
	uint64_t	r = 0;
	size_t		n = 0;
	int			shift = 0;

	while (p + n < end)
	{
		uint8_t		b = p[n++];

		if (shift == 63 && (b & 0x7e) != 0)
			return 0;			/* would overflow 64 bits */
		r |= (uint64_t) (b & 0x7f) << shift;
		if ((b & 0x80) == 0)
		{
			*v = r;
			return n;
		}
		shift += 7;
		if (shift > 63)
			return 0;
	}
	return 0;
}
