/*-------------------------------------------------------------------------
 *
 * lexer_numeric.c
 *	  The lexer's tokens that start with a digit (pure C core): dates
 *	  ("3.2.2023", "7. Juli 2021"), times ("11:53"), numbers with Swiss and
 *	  German separators ("1'500", "1’500", "1.500", "3,5") and words of
 *	  digits and letters ("5G", "20er-Jahre").
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "tokenizer/lexer_internal.h"

/* German month names (normalized) and their numbers */
static const struct
{
	const char *name;
	int			month;
}			months[] = {
	{"januar", 1}, {"jänner", 1}, {"februar", 2}, {"feber", 2},
	{"märz", 3}, {"april", 4}, {"mai", 5}, {"juni", 6}, {"juli", 7},
	{"august", 8}, {"september", 9}, {"oktober", 10}, {"november", 11},
	{"dezember", 12}, {NULL, 0}
};

/* digits from i; returns the end */
static inline int
scan_digits(const NewsLexer *lx, int i)
{
	while (i < lx->len && IS_ADIGIT((unsigned char) lx->text[i]))
		i++;
	return i;
}

/*
 * digits_value
 *		Value of the digits s[from..to), saturated at NEWS_DIGITS_CAP: the
 *		callers only compare it with day, month, hour and minute limits, and
 *		a long digit run (found by fuzzing) must not overflow an int.
 */
#define NEWS_DIGITS_CAP		100000

static int
digits_value(const char *s, int from, int to)
{
	int			v = 0;

	for (; from < to && v < NEWS_DIGITS_CAP; from++)
		v = v * 10 + (s[from] - '0');
	return v;
}

/*
 * news_month_number
 *		Month number of a normalized German month name, 0 if none.
 */
int
news_month_number(const char *word, int len)
{
	int			i;

	for (i = 0; months[i].name; i++)
		if ((int) strlen(months[i].name) == len &&
			memcmp(months[i].name, word, len) == 0)
			return months[i].month;
	return 0;
}

/*
 * scan_month_date
 *		"7. Juli 2021": at i the period after the day; spaces, a German month
 *		name, spaces and a four-digit year.  Returns the end or -1.
 */
static int
scan_month_date(const NewsLexer *lx, int i)
{
	int			j = i + 1;
	int			k;
	char		name[16];
	bool		d = false,
				l = false;
	int			nlen;

	if (class_at(lx, j) != NEWS_CC_SPACE)
		return -1;
	while (j < lx->len && j - i < 8 && class_at(lx, j) == NEWS_CC_SPACE)
	{
		uint32_t	cp;
		int			cls;

		j += char_at(lx, j, &cp, &cls);
	}
	k = news_scan_core(lx, j, &d, &l);
	if (d || k - j < 3 || k - j >= (int) sizeof(name))
		return -1;
	nlen = 0;
	for (; j < k; j++)
		name[nlen++] = (lx->text[j] >= 'A' && lx->text[j] <= 'Z') ?
			lx->text[j] + 32 : lx->text[j];
	if (news_month_number(name, nlen) == 0)
		return -1;
	j = k;
	if (class_at(lx, j) != NEWS_CC_SPACE)
		return -1;
	while (j < lx->len && j - k < 8 && class_at(lx, j) == NEWS_CC_SPACE)
	{
		uint32_t	cp;
		int			cls;

		j += char_at(lx, j, &cp, &cls);
	}
	k = scan_digits(lx, j);
	if (k - j != 4 || is_word_start(class_at(lx, k)))
		return -1;
	return k;
}

/*
 * news_scan_numeric
 *		A token starting with a digit: date, time, number, or a word of
 *		digits and letters.  Sets *type; returns the end.
 */
int
news_scan_numeric(const NewsLexer *lx, int i, int *type)
{
	const unsigned char *s = (const unsigned char *) lx->text;
	int			len = lx->len;
	int			j = scan_digits(lx, i);
	int			e;
	int			n1 = j - i;

	if (n1 <= 2 && j + 1 < len && s[j] == '.')
	{
		/* 3.2.2023, 03.02.23 */
		if (IS_ADIGIT(s[j + 1]))
		{
			int			k = scan_digits(lx, j + 1);
			int			d = digits_value(lx->text, i, j);
			int			m = digits_value(lx->text, j + 1, k);

			if (k - j - 1 <= 2 && k + 1 < len && s[k] == '.' && IS_ADIGIT(s[k + 1]) &&
				d >= 1 && d <= 31 && m >= 1 && m <= 12)
			{
				int			y = scan_digits(lx, k + 1);

				if ((y - k - 1 == 4 || y - k - 1 == 2) &&
					!is_word_start(class_at(lx, y)) &&
					!(y + 1 < len && s[y] == '.' && IS_ADIGIT(s[y + 1])))
				{
					*type = NEWS_TOK_DATE;
					return y;
				}
			}
		}
		else
		{
			/* 7. Juli 2021 */
			int			d = digits_value(lx->text, i, j);

			if (d >= 1 && d <= 31)
			{
				int			k = scan_month_date(lx, j);

				if (k > 0)
				{
					*type = NEWS_TOK_DATE;
					return k;
				}
			}
		}
	}
	if (n1 <= 2 && j + 2 < len && s[j] == ':' && IS_ADIGIT(s[j + 1]) && IS_ADIGIT(s[j + 2]) &&
		!is_word_start(class_at(lx, j + 3)) &&
		digits_value(lx->text, i, j) <= 24 && digits_value(lx->text, j + 1, j + 3) <= 59)
	{
		*type = NEWS_TOK_TIME;
		return j + 3;
	}
	/* "20.15 Uhr": the Austrian and Swiss way of writing times */
	if (n1 <= 2 && j + 2 < len && s[j] == '.' && IS_ADIGIT(s[j + 1]) && IS_ADIGIT(s[j + 2]) &&
		!is_word_start(class_at(lx, j + 3)) &&
		digits_value(lx->text, i, j) <= 24 && digits_value(lx->text, j + 1, j + 3) <= 59)
	{
		int			k = j + 3;

		while (k < len && k - j < 8 && class_at(lx, k) == NEWS_CC_SPACE)
		{
			uint32_t	cp;
			int			cls;

			k += char_at(lx, k, &cp, &cls);
		}
		if (k > j + 3 && k + 3 <= len && (s[k] | 0x20) == 'u' && s[k + 1] == 'h' &&
			s[k + 2] == 'r' && !is_word_start(class_at(lx, k + 3)))
		{
			*type = NEWS_TOK_TIME;
			return j + 3;
		}
	}

	/*
	 * thousands groups: 1'500, 1’500, 1.500, 1.500.000, and with the narrow
	 * or normal no-break space or thin space of careful typography (1 500)
	 */
	e = j;
	for (;;)
	{
		int			sep = 0;

		if (e < len && (s[e] == '\'' || s[e] == '.'))
			sep = 1;
		else if (e + 1 < len && s[e] == 0xC2 && s[e + 1] == 0xA0)
			sep = 2;
		else if (e + 2 < len && s[e] == 0xE2 && s[e + 1] == 0x80 &&
				 (s[e + 2] == 0x99 || s[e + 2] == 0xAF || s[e + 2] == 0x89))
			sep = 3;
		if (sep == 0 || e + sep + 3 > len)
			break;
		if (!(IS_ADIGIT(s[e + sep]) && IS_ADIGIT(s[e + sep + 1]) && IS_ADIGIT(s[e + sep + 2])) ||
			(e + sep + 3 < len && IS_ADIGIT(s[e + sep + 3])))
			break;
		e += sep + 3;
	}
	/* decimals: 3,5 or 1.50 */
	if (e + 1 < len && (s[e] == ',' || s[e] == '.') && IS_ADIGIT(s[e + 1]))
		e = scan_digits(lx, e + 1);
	*type = NEWS_TOK_NUMBER;

	/* 5G, 20er, 100km */
	if (e == j && class_at(lx, e) == NEWS_CC_LETTER)
	{
		bool		d = true,
					l = false;

		e = news_scan_core(lx, e, &d, &l);
		*type = NEWS_TOK_NUMWORD;
	}
	/* 20er-Jahre, 5G-Netz */
	if (e == scan_digits(lx, i) || *type == NEWS_TOK_NUMWORD)
	{
		while (e + 1 < len && s[e] == '-' && class_at(lx, e + 1) == NEWS_CC_LETTER)
		{
			bool		d = false,
						l = false;

			e = news_scan_core(lx, e + 1, &d, &l);
			*type = NEWS_TOK_HWORD;
		}
	}
	return e;
}

