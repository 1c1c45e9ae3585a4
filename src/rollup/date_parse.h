/*-------------------------------------------------------------------------
 *
 * date_parse.h
 *	  Pure C scanner for the dates found on German-language news pages
 *	  (no server headers; unit-tested stand-alone).
 *
 * nr_parse_german_date() finds the first date expression in a text and
 * returns its fields; it never consults a clock or a time zone database.
 * The SQL glue (date_parse_sql.c) resolves the result against a reference
 * time and a time zone.  Recognized (case-insensitive, anywhere in the
 * text, at word boundaries):
 *
 *	 absolute	"7. Juli 2021, 11:53", "07.07.2021 11:53", "3.2.2023",
 *				"3. Feb. 2023", "12-Mär-2014", "18.10.14 um 22:56 Uhr",
 *				"23. März 18.37 Uhr" (no year), ISO 8601
 *				"2021-07-07T11:53:00+02:00"; month names incl. Jänner, Feber,
 *				März/Maerz/Mrz., Sept.
 *	 day words	heute, gestern, vorgestern, morgen, übermorgen, with an
 *				optional time ("gestern um 04:41", "heute, 09:15")
 *	 durations	"vor 2 Stunden", "vor etwa 23 Stunden", "vor einem Tag",
 *				"vor 29h", "in zwei Monaten", "vor 2 Monaten, 2 Wochen";
 *				a text that is nothing but a duration counts as past
 *	 zones		after a time: MEZ/CET, MESZ/CEST, UTC/GMT/Z, +HH[:MM]
 *
 * Result: NR_DATE_FOUND with fields set, NR_DATE_NONE when the text holds
 * no date, NR_DATE_INVALID when the first date found is impossible
 * ("31.2.2023", "3.2.2023 25:61") -- never a silently shifted date.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NR_DATE_PARSE_H
#define NR_DATE_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define NR_DATE_NONE		0
#define NR_DATE_FOUND		1
#define NR_DATE_INVALID		(-1)

typedef enum NrDateKind
{
	NR_DATE_ABSOLUTE,			/* year (maybe), month, day [, time] */
	NR_DATE_DAYWORD,			/* reference day + day_offset [, time] */
	NR_DATE_RELATIVE			/* reference + signed duration */
} NrDateKind;

typedef struct NrDateParse
{
	NrDateKind	kind;
	int			has_year;		/* absolute: year given */
	int64_t		year;
	int			month;
	int			day;
	int			day_offset;		/* dayword: -2 .. +2 */
	int			has_time;
	int			hour;
	int			minute;
	int			second;
	int			usec;
	int			has_zone;		/* explicit UTC offset in the text */
	int			zone_offset;	/* seconds east of UTC */
	/* relative: signed duration (negative = in the past) */
	int64_t		rel_months;
	int64_t		rel_days;
	int64_t		rel_seconds;
	size_t		match_start;	/* byte offset of the expression */
	size_t		match_end;
} NrDateParse;

/*
 * Scan s[0..len) for the first date expression starting before scan_limit
 * (pass len to scan everything; the glue scans huge texts in windows).
 * whole_text: s is the whole text (a text that is only a duration, such as
 * "1 Jahr 2 Monate", then counts as past); 0 for later windows.
 */
extern int	nr_parse_german_date(const char *s, size_t len, size_t scan_limit,
								 int whole_text, NrDateParse *out);

#endif							/* NR_DATE_PARSE_H */
