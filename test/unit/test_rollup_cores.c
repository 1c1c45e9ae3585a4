/*
 * test_rollup_cores.c: stand-alone unit tests of the pure C cores of the
 * rollup subsystem: calendar arithmetic and varints (rollup_buckets.c) and
 * the German date scanner (date_parse.c).  Built with -DNEWS_STANDALONE by
 * test/unit/check-rollup-unit.sh; prints "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollup/date_parse.h"
#include "rollup/rollup_buckets.h"
#include "unit_check.h"

/* a naive day counter to compare the era-based formulas against */
static int64_t
naive_days(int64_t y, int m, int d)
{
	int64_t		days = 0,
				yy;
	int			mm;

	if (y >= 2000)
		for (yy = 2000; yy < y; yy++)
			days += 365 + (nr_days_in_month(yy, 2) == 29);
	else
		for (yy = y; yy < 2000; yy++)
			days -= 365 + (nr_days_in_month(yy, 2) == 29);
	for (mm = 1; mm < m; mm++)
		days += nr_days_in_month(y, mm);
	return days + d - 1;
}

static void
test_calendar(void)
{
	int64_t		y,
				day;
	int			m,
				d,
				ok = 1;
	NrGranularity g;

	CHECK(nr_days_from_civil(2000, 1, 1) == 0, "epoch");
	CHECK(nr_days_from_civil(1970, 1, 1) == -10957, "unix epoch");
	for (y = 1600; y <= 2400 && ok; y += 7)
		for (m = 1; m <= 12; m++)
		{
			d = nr_days_in_month(y, m);
			if (nr_days_from_civil(y, m, d) != naive_days(y, m, d))
				ok = 0;
		}
	CHECK(ok, "days_from_civil against naive counting");
	ok = 1;
	for (day = -800000; day <= 800000; day += 13)
	{
		nr_civil_from_days(day, &y, &m, &d);
		if (nr_days_from_civil(y, m, d) != day)
			ok = 0;
	}
	CHECK(ok, "civil_from_days round trip");
	CHECK(nr_days_in_month(1900, 2) == 28 && nr_days_in_month(2000, 2) == 29 &&
		  nr_days_in_month(2100, 2) == 28 && nr_days_in_month(2024, 2) == 29, "leap years");
	CHECK(nr_iso_weekday(nr_days_from_civil(2021, 1, 1)) == 5, "2021-01-01 is a Friday");
	/* ISO week 53 of 2020: Monday 2020-12-28 holds 2021-01-01 and -03 */
	CHECK(nr_bucket_start_hour(nr_bucket_key(nr_days_from_civil(2021, 1, 3) * 24 + 23, NR_GRAN_WEEK), NR_GRAN_WEEK)
		  == nr_days_from_civil(2020, 12, 28) * 24, "week of 2021-01-03");
	CHECK(nr_bucket_key(nr_days_from_civil(2021, 1, 4) * 24, NR_GRAN_WEEK) ==
		  nr_bucket_key(nr_days_from_civil(2021, 1, 3) * 24, NR_GRAN_WEEK) + 1, "next week");
	/* every bucket start maps to its own key, and one hour before to the previous */
	ok = 1;
	for (g = NR_GRAN_HOUR; g <= NR_GRAN_YEAR; g++)
	{
		int64_t		k;

		for (k = -30000; k <= 30000; k += 37)
		{
			int64_t		h = nr_bucket_start_hour(k, g);

			if (nr_bucket_key(h, g) != k || nr_bucket_key(h - 1, g) != k - 1)
				ok = 0;
		}
	}
	CHECK(ok, "bucket keys and starts agree for every granularity");
	CHECK(nr_granularity_parse("Month", 5, &g) && g == NR_GRAN_MONTH, "granularity names");
	CHECK(!nr_granularity_parse("fortnight", 9, &g), "unknown granularity");
	CHECK(!nr_granularity_parse("day\0x", 5, &g), "embedded NUL");
}

static void
test_varint(void)
{
	uint8_t		buf[NR_VARINT_MAX];
	uint64_t	vals[] = {0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX, UINT64_MAX};
	size_t		i,
				n;
	uint64_t	v;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
	{
		n = nr_varint_put(buf, vals[i]);
		CHECK(nr_varint_get(buf, buf + n, &v) == n && v == vals[i], "varint %llu", (unsigned long long) vals[i]);
		CHECK(n < 2 || nr_varint_get(buf, buf + n - 1, &v) == 0, "truncated varint rejected");
	}
	memset(buf, 0xff, sizeof(buf));
	CHECK(nr_varint_get(buf, buf + sizeof(buf), &v) == 0, "overlong varint rejected");
}

static int
parse(const char *s, NrDateParse *d)
{
	return nr_parse_german_date(s, strlen(s), strlen(s), 1, d);
}

static void
test_dates(void)
{
	NrDateParse d;
	static const char *const none[] = {"", "kein Datum", "Seite 3 von 12", "Version 1.2.3",
	"25:61", "in Zürich", "vor Ort", "Jahr", "3.2", "\xff\xfe\x80", NULL};
	static const char *const invalid[] = {"31.2.2023", "3.2.2023 25:61", "2021-13-01",
	"32. Mai 2021", "7. Juli 2021 24:00", "30.02.", NULL};
	int			i;
	char	   *big;
	size_t		len;

	CHECK(parse("7. Juli 2021, 11:53", &d) == NR_DATE_FOUND && d.kind == NR_DATE_ABSOLUTE &&
		  d.year == 2021 && d.month == 7 && d.day == 7 && d.has_time && d.hour == 11 && d.minute == 53,
		  "7. Juli 2021, 11:53");
	CHECK(parse("am 3. Feb. 2023 um 9.05 Uhr", &d) == NR_DATE_FOUND && d.month == 2 && d.day == 3 &&
		  d.hour == 9 && d.minute == 5, "9.05 Uhr");
	CHECK(parse("3. Jänner", &d) == NR_DATE_FOUND && !d.has_year && d.month == 1, "Jänner, no year");
	CHECK(parse("1. MÄRZ 2020", &d) == NR_DATE_FOUND && d.month == 3, "capital umlaut");
	CHECK(parse("18.10.14", &d) == NR_DATE_FOUND && d.year == 2014, "two-digit year");
	CHECK(parse("18.10.75", &d) == NR_DATE_FOUND && d.year == 1975, "two-digit year 19xx");
	CHECK(parse("2021-07-07T11:53:00.5+02:00", &d) == NR_DATE_FOUND && d.has_zone &&
		  d.zone_offset == 7200 && d.usec == 500000, "ISO with offset");
	CHECK(parse("11:53 Uhr MESZ, 7.7.2021", &d) == NR_DATE_FOUND && d.day == 7, "time before date");
	CHECK(parse("gestern, 14:30", &d) == NR_DATE_FOUND && d.kind == NR_DATE_DAYWORD &&
		  d.day_offset == -1 && d.hour == 14, "gestern, 14:30");
	CHECK(parse("Übermorgen", &d) == NR_DATE_FOUND && d.day_offset == 2, "Übermorgen");
	CHECK(parse("vor 2 Stunden", &d) == NR_DATE_FOUND && d.kind == NR_DATE_RELATIVE &&
		  d.rel_seconds == -7200, "vor 2 Stunden");
	CHECK(parse("vor einem Jahr und 3 Tagen", &d) == NR_DATE_FOUND && d.rel_months == -12 &&
		  d.rel_days == -3, "vor einem Jahr und 3 Tagen");
	CHECK(parse("in 2 Wochen", &d) == NR_DATE_FOUND && d.rel_days == 14, "in 2 Wochen");
	CHECK(parse("3 Tage", &d) == NR_DATE_FOUND && d.rel_days == -3, "bare duration = past");
	CHECK(parse("Das dauerte 3 Tage lang", &d) == NR_DATE_NONE, "duration in running text is no date");
	for (i = 0; none[i]; i++)
		CHECK(parse(none[i], &d) == NR_DATE_NONE, "no date in \"%s\"", none[i]);
	for (i = 0; invalid[i]; i++)
		CHECK(parse(invalid[i], &d) == NR_DATE_INVALID, "impossible date \"%s\"", invalid[i]);

	/* a date at the end of 8 MB of text; windows stop at scan_limit */
	len = 8 * 1024 * 1024;
	big = malloc(len + 32);
	memset(big, 'a', len);
	for (i = 0; i < (int) len; i += 50)
		big[i] = ' ';
	strcpy(big + len, " 3.2.2023");
	CHECK(nr_parse_german_date(big, strlen(big), strlen(big), 1, &d) == NR_DATE_FOUND &&
		  d.year == 2023, "date after 8 MB");
	CHECK(nr_parse_german_date(big, strlen(big), 1000, 1, &d) == NR_DATE_NONE, "scan limit honoured");
	free(big);

	/* random bytes never crash and never read out of bounds (run under ASan) */
	srand(42);
	for (i = 0; i < 20000; i++)
	{
		char		buf[40];
		int			k,
					n = rand() % 40;
		static const char alphabet[] = "0123456789.:- +TZvorinheutgestMrzJäaUh,\xc3\xa4\xff";

		for (k = 0; k < n; k++)
			buf[k] = alphabet[rand() % (sizeof(alphabet) - 1)];
		(void) nr_parse_german_date(buf, n, n, 1, &d);
	}
	CHECK(1, "random inputs");
}

int
main(void)
{
	test_calendar();
	test_varint();
	test_dates();
	printf("rollup-unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
