/*-------------------------------------------------------------------------
 *
 * date_parse.c
 *	  Hand-written scanner for German news dates (pure C, see
 *	  date_parse.h for what it recognizes).
 *
 * The scanner walks the text once.  At every word boundary it tries the
 * few patterns that can start there: a digit may start an ISO date, a
 * numeric "D.M.[Y]" date or a "D. Monat [Y]" date; a word may be a day
 * word (heute, gestern, ...), or "vor"/"in"/"im" introducing a duration.
 * Whatever fails is skipped as a whole token, so the cost is linear in the
 * text and nothing is allocated.  Words are compared after folding ASCII
 * letters and the German capital umlauts to lower case, in a small
 * fixed-size buffer.
 *
 *-------------------------------------------------------------------------
 */
#include "rollup/date_parse.h"
#include "rollup/rollup_buckets.h"

#include <string.h>

typedef const unsigned char *Bytes;

#define WORDMAX 24

/* ASCII letters and any non-ASCII byte (umlauts, ß) count as letters */
static inline int
is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static inline int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * skip_space
 *		Spaces, tabs, line breaks and the no-break spaces U+00A0/U+202F.
 */
static size_t
skip_space(Bytes s, size_t len, size_t p)
{
	for (;;)
	{
		if (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
			p++;
		else if (p + 1 < len && s[p] == 0xc2 && s[p + 1] == 0xa0)
			p += 2;
		else if (p + 2 < len && s[p] == 0xe2 && s[p + 1] == 0x80 && s[p + 2] == 0xaf)
			p += 3;
		else
			return p;
	}
}

/*
 * read_word
 *		Lower-cased copy of the letter run at p into buf (NUL-terminated);
 *		returns its byte length (0 if none; buf empty if too long).
 */
static size_t
read_word(Bytes s, size_t len, size_t p, char *buf)
{
	size_t		n = 0,
				k = 0;

	while (p + n < len && is_letter(s[p + n]))
	{
		unsigned char c = s[p + n];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (c == 0xc3 && p + n + 1 < len &&
				 (s[p + n + 1] == 0x84 || s[p + n + 1] == 0x96 || s[p + n + 1] == 0x9c))
		{
			/* Ä Ö Ü -> ä ö ü */
			if (k + 2 < WORDMAX)
			{
				buf[k++] = (char) 0xc3;
				buf[k++] = (char) (s[p + n + 1] + 0x20);
			}
			else
				k = WORDMAX;
			n += 2;
			continue;
		}
		if (k + 1 < WORDMAX)
			buf[k++] = (char) c;
		else
			k = WORDMAX;
		n++;
	}
	if (k >= WORDMAX)
		k = 0;
	buf[k] = '\0';
	return n;
}

/*
 * read_num
 *		Digit run at p (at most 9 digits taken); returns its length.
 */
static size_t
read_num(Bytes s, size_t len, size_t p, int64_t *val)
{
	size_t		n = 0;
	int64_t		v = 0;

	while (p + n < len && is_digit(s[p + n]))
	{
		if (n < 9)
			v = v * 10 + (s[p + n] - '0');
		n++;
	}
	*val = v;
	return n;
}

static int
word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/*
 * month_of
 *		Month number of a German month name or abbreviation, 0 if none.
 */
static int
month_of(const char *w)
{
	static const char *const m1[] = {"januar", "j\xc3\xa4nner", "jaenner", "jan", "j\xc3\xa4n", NULL};
	static const char *const m2[] = {"februar", "feber", "feb", "febr", NULL};
	static const char *const m3[] = {"m\xc3\xa4rz", "maerz", "marz", "mrz", "m\xc3\xa4r", "mar", NULL};
	static const char *const m4[] = {"april", "apr", NULL};
	static const char *const m5[] = {"mai", NULL};
	static const char *const m6[] = {"juni", "jun", NULL};
	static const char *const m7[] = {"juli", "jul", NULL};
	static const char *const m8[] = {"august", "aug", NULL};
	static const char *const m9[] = {"september", "sept", "sep", NULL};
	static const char *const m10[] = {"oktober", "okt", NULL};
	static const char *const m11[] = {"november", "nov", NULL};
	static const char *const m12[] = {"dezember", "dez", NULL};
	static const char *const *const months[] = {m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12};
	int			i;

	for (i = 0; i < 12; i++)
		if (word_in(w, months[i]))
			return i + 1;
	return 0;
}

/*
 * zone_word
 *		UTC offset (seconds) of a zone word after a time; 0/1 = found.
 */
static int
zone_word(const char *w, int *off)
{
	if (strcmp(w, "mez") == 0 || strcmp(w, "cet") == 0)
		*off = 3600;
	else if (strcmp(w, "mesz") == 0 || strcmp(w, "cest") == 0)
		*off = 7200;
	else if (strcmp(w, "utc") == 0 || strcmp(w, "gmt") == 0)
		*off = 0;
	else
		return 0;
	return 1;
}

/*
 * parse_offset
 *		"+HH", "+HHMM", "+HH:MM" (or '-') directly at p; returns the new
 *		position, or p if none.  *bad set for an impossible offset.
 */
static size_t
parse_offset(Bytes s, size_t len, size_t p, NrDateParse *out, int *bad)
{
	int64_t		h,
				m = 0;
	size_t		n,
				q;
	int			sign;

	if (p >= len || (s[p] != '+' && s[p] != '-'))
		return p;
	sign = (s[p] == '-') ? -1 : 1;
	q = p + 1;
	n = read_num(s, len, q, &h);
	if (n == 4)
	{
		m = h % 100;
		h /= 100;
	}
	else if (n == 2 || n == 1)
	{
		q += n;
		if (q + 2 < len + 0 && s[q] == ':' && is_digit(s[q + 1]))
		{
			size_t		n2 = read_num(s, len, q + 1, &m);

			if (n2 != 2)
				return p;
			q += 1 + n2;
		}
		n = 0;
	}
	else
		return p;
	q += n;
	if (h > 15 || m > 59)
		*bad = 1;
	out->has_zone = 1;
	out->zone_offset = sign * (int) (h * 3600 + m * 60);
	return q;
}

/*
 * parse_zone_after_time
 *		Optional "Uhr", then an optional zone (offset or word).
 */
static size_t
parse_zone_after_time(Bytes s, size_t len, size_t p, NrDateParse *out, int *bad)
{
	char		w[WORDMAX];
	size_t		q,
				n;
	int			off;

	if (p < len && s[p] == 'Z' && (p + 1 >= len || !is_letter(s[p + 1])))
	{
		out->has_zone = 1;
		out->zone_offset = 0;
		return p + 1;
	}
	q = parse_offset(s, len, p, out, bad);
	if (q != p)
		return q;
	q = skip_space(s, len, p);
	n = read_word(s, len, q, w);
	if (n > 0 && strcmp(w, "uhr") == 0)
	{
		p = q + n;
		q = skip_space(s, len, p);
		n = read_word(s, len, q, w);
	}
	if (n > 0 && zone_word(w, &off))
	{
		out->has_zone = 1;
		out->zone_offset = off;
		p = q + n;
		q = parse_offset(s, len, p, out, bad);
		if (q != p)
		{
			out->zone_offset += off;
			p = q;
		}
	}
	return p;
}

/*
 * parse_clock
 *		A time at p: "H:MM[:SS[.frac]]", "H.MM Uhr", "H Uhr".  Returns the
 *		new position or p if there is none; *bad for an impossible time.
 */
static size_t
parse_clock(Bytes s, size_t len, size_t p, NrDateParse *out, int *bad)
{
	int64_t		h,
				m = 0,
				sec = 0,
				frac = 0;
	size_t		n,
				q;
	char		w[WORDMAX];

	n = read_num(s, len, p, &h);
	if (n == 0 || n > 2)
		return p;
	q = p + n;
	if (q + 1 < len && s[q] == ':' && is_digit(s[q + 1]))
	{
		n = read_num(s, len, q + 1, &m);
		if (n != 2)
			return p;
		q += 1 + n;
		if (q + 1 < len && s[q] == ':' && is_digit(s[q + 1]))
		{
			n = read_num(s, len, q + 1, &sec);
			if (n != 2)
				return p;
			q += 1 + n;
			if (q + 1 < len && (s[q] == '.' || s[q] == ',') && is_digit(s[q + 1]))
			{
				size_t		k;

				n = read_num(s, len, q + 1, &frac);
				if (n > 6)
				{
					int64_t		v = 0;

					for (k = 0; k < 6; k++)
						v = v * 10 + (s[q + 1 + k] - '0');
					frac = v;
				}
				else
					for (k = n; k < 6; k++)
						frac *= 10;
				q += 1 + n;
			}
		}
	}
	else
	{
		size_t		r = q;

		/* "18.37 Uhr" or "18 Uhr": only with "Uhr" */
		if (r + 1 < len && s[r] == '.' && is_digit(s[r + 1]))
		{
			n = read_num(s, len, r + 1, &m);
			if (n != 2)
				return p;
			r += 1 + n;
		}
		r = skip_space(s, len, r);
		n = read_word(s, len, r, w);
		if (n == 0 || strcmp(w, "uhr") != 0)
			return p;
		q = r + n;
	}
	if (q < len && is_digit(s[q]))
		return p;
	if (h > 23 || m > 59 || sec > 59)
		*bad = 1;
	out->has_time = 1;
	out->hour = (int) h;
	out->minute = (int) m;
	out->second = (int) sec;
	out->usec = (int) frac;
	return parse_zone_after_time(s, len, q, out, bad);
}

/*
 * parse_time_after
 *		After a date or day word: separators (spaces , ; | - / "um"
 *		"gegen"), then an optional time.
 */
static size_t
parse_time_after(Bytes s, size_t len, size_t p, NrDateParse *out, int *bad)
{
	size_t		q = p,
				n;
	char		w[WORDMAX];

	for (;;)
	{
		q = skip_space(s, len, q);
		if (q < len && (s[q] == ',' || s[q] == ';' || s[q] == '|' ||
						s[q] == '-' || s[q] == '/'))
			q++;
		else if (q + 2 < len && s[q] == 0xe2 && s[q + 1] == 0x80 &&
				 (s[q + 2] == 0x93 || s[q + 2] == 0x94))
			q += 3;				/* en dash, em dash */
		else if ((n = read_word(s, len, q, w)) > 0 &&
				 (strcmp(w, "um") == 0 || strcmp(w, "gegen") == 0 ||
				  strcmp(w, "ab") == 0))
			q += n;
		else
			break;
	}
	n = parse_clock(s, len, q, out, bad);
	return (n == q) ? p : n;
}

/* years of two digits: 00-68 -> 20xx, 69-99 -> 19xx (as POSIX %y) */
static int64_t
expand_year(int64_t y, size_t ndigits)
{
	if (ndigits == 2)
		return (y < 69) ? 2000 + y : 1900 + y;
	return y;
}

static int
valid_date(int has_year, int64_t y, int m, int d)
{
	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= nr_days_in_month(has_year ? y : 2000, m);
}

/*
 * try_iso
 *		YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][zone]
 */
static size_t
try_iso(Bytes s, size_t len, size_t p, NrDateParse *out, int *bad)
{
	int64_t		y,
				m,
				d;
	size_t		q = p;

	if (read_num(s, len, q, &y) != 4)
		return p;
	q += 4;
	if (q >= len || s[q] != '-' || read_num(s, len, q + 1, &m) != 2)
		return p;
	q += 3;
	if (q >= len || s[q] != '-' || read_num(s, len, q + 1, &d) != 2)
		return p;
	q += 3;
	if (q < len && is_digit(s[q]))
		return p;
	out->kind = NR_DATE_ABSOLUTE;
	out->has_year = 1;
	out->year = y;
	out->month = (int) m;
	out->day = (int) d;
	if (!valid_date(1, y, (int) m, (int) d))
		*bad = 1;
	if (q + 1 < len && (s[q] == 'T' || s[q] == ' ') && is_digit(s[q + 1]))
	{
		size_t		r = parse_clock(s, len, q + 1, out, bad);

		if (r != q + 1)
			return r;
	}
	return parse_time_after(s, len, q, out, bad);
}

/*
 * try_numeric
 *		D.M.YYYY, D.M.YY, D.M. (spaces allowed after the dots)
 */
static size_t
try_numeric(Bytes s, size_t len, size_t p, NrDateParse *out, int *bad)
{
	int64_t		d,
				m,
				y = 0;
	size_t		q = p,
				n;

	n = read_num(s, len, q, &d);
	if (n == 0 || n > 2)
		return p;
	q += n;
	if (q >= len || s[q] != '.')
		return p;
	q = skip_space(s, len, q + 1);
	n = read_num(s, len, q, &m);
	if (n == 0 || n > 2)
		return p;
	q += n;
	if (q >= len || s[q] != '.')
		return p;
	q++;
	{
		size_t		r = skip_space(s, len, q);

		n = read_num(s, len, r, &y);
		if ((n == 4 || n == 2) && !(r + n + 1 < len && s[r + n] == '.' && is_digit(s[r + n + 1])) &&
			!(r + n < len && s[r + n] == ':' && n == 2))
		{
			out->has_year = 1;
			out->year = expand_year(y, n);
			q = r + n;
		}
		else if (n != 0 && r == q)
			return p;			/* "1.2.345": not a date */
		else
			out->has_year = 0;
	}
	out->kind = NR_DATE_ABSOLUTE;
	out->month = (int) m;
	out->day = (int) d;
	if (!valid_date(out->has_year, out->year, (int) m, (int) d))
		*bad = 1;
	return parse_time_after(s, len, q, out, bad);
}

/*
 * try_named
 *		D[.] Monat[.] [YYYY], separators spaces, '-' or ','.
 */
static size_t
try_named(Bytes s, size_t len, size_t p, NrDateParse *out, int *bad)
{
	int64_t		d,
				y;
	size_t		q = p,
				n;
	int			m;
	char		w[WORDMAX];

	n = read_num(s, len, q, &d);
	if (n == 0 || n > 2)
		return p;
	q += n;
	if (q < len && s[q] == '.')
		q++;
	q = skip_space(s, len, q);
	if (q < len && s[q] == '-')
		q = skip_space(s, len, q + 1);
	n = read_word(s, len, q, w);
	if (n == 0 || (m = month_of(w)) == 0)
		return p;
	q += n;
	if (q < len && s[q] == '.')
		q++;
	out->kind = NR_DATE_ABSOLUTE;
	out->month = m;
	out->day = (int) d;
	out->has_year = 0;
	{
		size_t		r = q;

		r = skip_space(s, len, r);
		if (r < len && (s[r] == '-' || s[r] == ','))
			r = skip_space(s, len, r + 1);
		n = read_num(s, len, r, &y);
		if (n == 4 && !(r + n < len && (s[r + n] == ':' || s[r + n] == '.') &&
						r + n + 1 < len && is_digit(s[r + n + 1])))
		{
			out->has_year = 1;
			out->year = y;
			q = r + n;
		}
	}
	if (!valid_date(out->has_year, out->year, m, (int) d))
		*bad = 1;
	return parse_time_after(s, len, q, out, bad);
}

/*
 * number_word
 *		Value of a German number word (ein .. zwölf), 0 if none.
 */
static int
number_word(const char *w)
{
	static const char *const words[] = {
		"ein", "eine", "einem", "einer", "einen", "eins",
		"zwei", "drei", "vier", "f\xc3\xbcnf", "fuenf", "sechs", "sieben",
		"acht", "neun", "zehn", "elf", "zw\xc3\xb6lf", "zwoelf", NULL
	};
	static const int values[] = {1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9,
	10, 11, 12, 12};
	int			i;

	for (i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0)
			return values[i];
	return 0;
}

/*
 * unit_of
 *		Months / days / seconds per unit word; 0 if not a unit.
 */
static int
unit_of(const char *w, int64_t *months, int64_t *days, int64_t *secs)
{
	static const char *const year[] = {"jahr", "jahre", "jahren", "jahres", NULL};
	static const char *const month[] = {"monat", "monate", "monaten", "monats", NULL};
	static const char *const week[] = {"woche", "wochen", NULL};
	static const char *const day[] = {"tag", "tage", "tagen", "tages", NULL};
	static const char *const hour[] = {"stunde", "stunden", "std", "h", NULL};
	static const char *const minute[] = {"minute", "minuten", "min", "m", NULL};
	static const char *const second[] = {"sekunde", "sekunden", "sek", "s", NULL};

	*months = *days = *secs = 0;
	if (word_in(w, year))
		*months = 12;
	else if (word_in(w, month))
		*months = 1;
	else if (word_in(w, week))
		*days = 7;
	else if (word_in(w, day))
		*days = 1;
	else if (word_in(w, hour))
		*secs = 3600;
	else if (word_in(w, minute))
		*secs = 60;
	else if (word_in(w, second))
		*secs = 1;
	else
		return 0;
	return 1;
}

/*
 * parse_duration
 *		"[etwa] N Einheit {(,|und) N Einheit}" at p; returns the end or p.
 */
static size_t
parse_duration(Bytes s, size_t len, size_t p, NrDateParse *out)
{
	static const char *const fillers[] = {"etwa", "ca", "circa", "rund", "knapp",
	"ungef\xc3\xa4hr", "ungefaehr", "gut", "fast", NULL};
	size_t		q = p,
				end = p;
	int			items = 0;

	out->rel_months = out->rel_days = out->rel_seconds = 0;
	for (;;)
	{
		char		w[WORDMAX];
		size_t		n,
					r = skip_space(s, len, q);
		int64_t		v,
					mo,
					dy,
					se;

		n = read_word(s, len, r, w);
		if (n > 0 && word_in(w, fillers))
		{
			r += n;
			if (r < len && s[r] == '.')
				r++;
			r = skip_space(s, len, r);
		}
		n = read_num(s, len, r, &v);
		if (n > 0)
		{
			if (n > 6)
				break;
			r += n;
		}
		else if ((n = read_word(s, len, r, w)) > 0 && (v = number_word(w)) > 0)
			r += n;
		else
			break;
		r = skip_space(s, len, r);
		n = read_word(s, len, r, w);
		if (n == 0 || !unit_of(w, &mo, &dy, &se))
			break;
		r += n;
		if (r < len && s[r] == '.')
			r++;
		out->rel_months += v * mo;
		out->rel_days += v * dy;
		out->rel_seconds += v * se;
		items++;
		end = r;
		/* separators before a further item */
		q = skip_space(s, len, r);
		if (q < len && s[q] == ',')
			q++;
		q = skip_space(s, len, q);
		n = read_word(s, len, q, w);
		if (n > 0 && strcmp(w, "und") == 0)
			q += n;
	}
	return items > 0 ? end : p;
}

static void
negate_duration(NrDateParse *out)
{
	out->rel_months = -out->rel_months;
	out->rel_days = -out->rel_days;
	out->rel_seconds = -out->rel_seconds;
}

/*
 * try_word
 *		Day words and "vor"/"in"/"im" durations at a word start.
 */
static size_t
try_word(Bytes s, size_t len, size_t p, const char *w, size_t wlen,
		 NrDateParse *out, int *bad)
{
	static const char *const daywords[] = {"vorgestern", "gestern", "heute",
	"morgen", "\xc3\xbc" "bermorgen", "uebermorgen", NULL};
	static const int offsets[] = {-2, -1, 0, 1, 2, 2};
	int			i;

	for (i = 0; daywords[i]; i++)
		if (strcmp(w, daywords[i]) == 0)
		{
			out->kind = NR_DATE_DAYWORD;
			out->day_offset = offsets[i];
			return parse_time_after(s, len, p + wlen, out, bad);
		}
	if (strcmp(w, "vor") == 0 || strcmp(w, "in") == 0 || strcmp(w, "im") == 0)
	{
		size_t		q = parse_duration(s, len, p + wlen, out);

		if (q == p + wlen)
			return p;
		out->kind = NR_DATE_RELATIVE;
		if (w[0] == 'v')
			negate_duration(out);
		return q;
	}
	return p;
}

static void
reset(NrDateParse *out)
{
	memset(out, 0, sizeof(*out));
}

/*
 * nr_parse_german_date
 *		See date_parse.h.
 */
int
nr_parse_german_date(const char *text, size_t len, size_t scan_limit,
					 int whole_text, NrDateParse *out)
{
	Bytes		s = (Bytes) text;
	size_t		p = 0,
				q;
	int			bad = 0;

	if (scan_limit > len)
		scan_limit = len;

	/* a text that is nothing but a duration: "1 Jahr 2 Monate" (past) */
	reset(out);
	p = skip_space(s, len, 0);
	q = whole_text ? parse_duration(s, len, p, out) : p;
	if (q != p)
	{
		size_t		r = skip_space(s, len, q);

		if (r == len)
		{
			out->kind = NR_DATE_RELATIVE;
			negate_duration(out);
			out->match_start = p;
			out->match_end = q;
			return NR_DATE_FOUND;
		}
	}

	p = 0;
	while (p < scan_limit)
	{
		unsigned char c = s[p];
		int			boundary = (p == 0) || !(is_letter(s[p - 1]) || is_digit(s[p - 1]));

		if (is_digit(c))
		{
			int64_t		v;
			size_t		n;

			if (boundary)
			{
				reset(out);
				bad = 0;
				q = try_iso(s, len, p, out, &bad);
				if (q == p)
				{
					reset(out);
					q = try_numeric(s, len, p, out, &bad);
				}
				if (q == p)
				{
					reset(out);
					q = try_named(s, len, p, out, &bad);
				}
				if (q != p)
				{
					out->match_start = p;
					out->match_end = q;
					return bad ? NR_DATE_INVALID : NR_DATE_FOUND;
				}
			}
			n = read_num(s, len, p, &v);
			p += n;
		}
		else if (is_letter(c))
		{
			char		w[WORDMAX];
			size_t		n = read_word(s, len, p, w);

			if (boundary && w[0] != '\0')
			{
				reset(out);
				bad = 0;
				q = try_word(s, len, p, w, n, out, &bad);
				if (q != p)
				{
					out->match_start = p;
					out->match_end = q;
					return bad ? NR_DATE_INVALID : NR_DATE_FOUND;
				}
			}
			p += n;
		}
		else
			p++;
	}
	reset(out);
	return NR_DATE_NONE;
}
