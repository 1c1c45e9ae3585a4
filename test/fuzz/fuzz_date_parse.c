/*-------------------------------------------------------------------------
 *
 * fuzz_date_parse.c
 *	  libFuzzer target for the German date scanner (date_parse.h), the
 *	  parser behind news_parse_date().
 *
 * Input: one byte that selects whole_text (bit 0) and a scan limit (the
 * server scans huge texts in windows; bits 1-7 pick a limit as a fraction
 * of the text), then the text.  The text is an exact-size copy, not
 * NUL-terminated: the scanner must respect len.
 *
 * Invariants: the result code is one of the three; a found date has its
 * match inside the text and starting before the scan limit, fields in
 * range (month 1-12, day valid for the month when the year is known,
 * time 0-23:59:60, zone within +-18 h), and parsing the matched substring
 * alone finds the same date again.
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

#include "rollup/date_parse.h"

static bool
leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * only_space
 *		Is text[from..len) white space (as the scanner's skip_space())?
 */
static bool
only_space(const char *text, size_t from, size_t len)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t		p = from;

	while (p < len)
	{
		if (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')
			p++;
		else if (p + 1 < len && s[p] == 0xc2 && s[p + 1] == 0xa0)
			p += 2;
		else if (p + 2 < len && s[p] == 0xe2 && s[p + 1] == 0x80 &&
				 s[p + 2] == 0xaf)
			p += 3;
		else
			return false;
	}
	return true;
}

/*
 * check_fields
 *		A found date is a possible date.
 */
static void
check_fields(const NrDateParse *d, const char *text, size_t len,
			 size_t limit, int whole)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	FUZZ_CHECK(d->match_start < d->match_end && d->match_end <= len);
	/* a text that is only a duration is read whole, else scan_limit holds */
	if (!(whole && d->kind == NR_DATE_RELATIVE &&
		  only_space(text, d->match_end, len)))
		FUZZ_CHECK(d->match_start < limit);
	FUZZ_CHECK(d->kind == NR_DATE_ABSOLUTE || d->kind == NR_DATE_DAYWORD ||
			   d->kind == NR_DATE_RELATIVE);
	if (d->kind == NR_DATE_ABSOLUTE)
	{
		FUZZ_CHECK(d->month >= 1 && d->month <= 12);
		FUZZ_CHECK(d->day >= 1 && d->day <= mdays[d->month - 1]);
		if (d->has_year && d->month == 2 && d->day == 29)
			FUZZ_CHECK(leap(d->year));
		if (d->has_year)
			FUZZ_CHECK(d->year >= 0 && d->year <= 9999);
	}
	if (d->kind == NR_DATE_DAYWORD)
		FUZZ_CHECK(d->day_offset >= -2 && d->day_offset <= 2);
	if (d->has_time)
	{
		FUZZ_CHECK(d->hour >= 0 && d->hour <= 24);
		FUZZ_CHECK(d->minute >= 0 && d->minute <= 59);
		FUZZ_CHECK(d->second >= 0 && d->second <= 60);
		FUZZ_CHECK(d->usec >= 0 && d->usec <= 999999);
	}
	if (d->has_zone)
		FUZZ_CHECK(d->zone_offset >= -18 * 3600 && d->zone_offset <= 18 * 3600);
}

/*
 * same_date
 *		Do two results denote the same date expression?
 */
static bool
same_date(const NrDateParse *a, const NrDateParse *b)
{
	if (a->kind != b->kind || a->has_time != b->has_time ||
		a->has_zone != b->has_zone)
		return false;
	if (a->has_time && (a->hour != b->hour || a->minute != b->minute ||
						a->second != b->second || a->usec != b->usec))
		return false;
	if (a->has_zone && a->zone_offset != b->zone_offset)
		return false;
	switch (a->kind)
	{
		case NR_DATE_ABSOLUTE:
			return a->has_year == b->has_year &&
				(!a->has_year || a->year == b->year) &&
				a->month == b->month && a->day == b->day;
		case NR_DATE_DAYWORD:
			return a->day_offset == b->day_offset;
		case NR_DATE_RELATIVE:
			return a->rel_months == b->rel_months &&
				a->rel_days == b->rel_days &&
				a->rel_seconds == b->rel_seconds;
	}
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	NrDateParse d,
				again;
	char	   *text;
	size_t		len,
				limit;
	int			whole,
				rc;

	if (size == 0)
		return 0;
	whole = data[0] & 1;
	len = size - 1;
	/* bits 1-7: 0 = the whole text, else a cut at k/128 of it */
	limit = (data[0] >> 1) == 0 ? len : len * (data[0] >> 1) / 128;
	text = fuzz_copy(data + 1, len, false);

	memset(&d, 0x7f, sizeof(d));
	rc = nr_parse_german_date(text, len, limit, whole, &d);
	FUZZ_CHECK(rc == NR_DATE_NONE || rc == NR_DATE_FOUND ||
			   rc == NR_DATE_INVALID);
	if (rc == NR_DATE_FOUND)
	{
		check_fields(&d, text, len, limit, whole);

		/* the matched expression alone is the same date */
		rc = nr_parse_german_date(text + d.match_start,
								  d.match_end - d.match_start,
								  d.match_end - d.match_start, whole, &again);
		FUZZ_CHECK(rc == NR_DATE_FOUND);
		FUZZ_CHECK(same_date(&d, &again));
	}
	free(text);
	return 0;
}
