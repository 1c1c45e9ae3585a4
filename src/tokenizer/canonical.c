/*-------------------------------------------------------------------------
 *
 * canonical.c
 *	  Canonical terms of numbers, dates and times (pure C core, see
 *	  canonical.h), so that "1'500", "1’500" and "1.500" or "3.2.2023" and
 *	  "03.02.23" meet in one term.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "tokenizer/canonical.h"
#include "tokenizer/lexer.h"
#include "tokenizer/normalize.h"

/*
 * news_number_term
 *		Canonical number: group separators (' ’ and a period before exactly
 *		three digits) removed, the decimal separator written as a comma:
 *		"1'500" = "1’500" = "1.500" -> 1500, "3,5" -> 3,5, "1.50" -> 1,50.
 */
int
news_number_term(const char *s, int len, char *dst, int cap)
{
	int			i = 0,
				o = 0;

	while (i < len && o < cap)
	{
		unsigned char c = (unsigned char) s[i];

		if (c >= '0' && c <= '9')
			dst[o++] = (char) c;
		else if (c == '.')
		{
			int			k = i + 1;

			while (k < len && s[k] >= '0' && s[k] <= '9')
				k++;
			if (k - i - 1 != 3)
				dst[o++] = ',';
		}
		else if (c == ',')
			dst[o++] = ',';
		/* ', ’ and the no-break/thin spaces of groups are dropped */
		i++;
	}
	return o;
}

/*
 * news_date_term
 *		ISO 8601 form of "3.2.2023", "03.02.23" or "7. Juli 2021".
 *		Two-digit years: 00-69 -> 20xx, 70-99 -> 19xx.
 */
int
news_date_term(const char *s, int len, char *dst)
{
	int			i = 0,
				d = 0,
				m = 0,
				y = 0,
				ydigits = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		d = d * 10 + (s[i++] - '0');
	i++;						/* the period */
	if (i < len && s[i] >= '0' && s[i] <= '9')
	{
		while (i < len && s[i] >= '0' && s[i] <= '9')
			m = m * 10 + (s[i++] - '0');
		i++;
	}
	else
	{
		char		name[32];
		int			k,
					nlen;
		bool		nonascii;

		while (i < len && !(((unsigned char) s[i] | 0x20) >= 'a' && ((unsigned char) s[i] | 0x20) <= 'z'))
			i++;
		for (k = i; k < len && s[k] != ' ' && !(s[k] >= '0' && s[k] <= '9') &&
			 (unsigned char) s[k] != 0xC2 && (unsigned char) s[k] != 0xE2; k++)
			;
		nlen = news_normalize_word(s + i, k - i, name, sizeof(name), &nonascii);
		m = nlen > 0 ? news_month_number(name, nlen) : 0;
		i = k;
		while (i < len && !(s[i] >= '0' && s[i] <= '9'))
			i++;
	}
	while (i < len && s[i] >= '0' && s[i] <= '9')
	{
		y = y * 10 + (s[i++] - '0');
		ydigits++;
	}
	if (ydigits == 2)
		y += y < 70 ? 2000 : 1900;
	if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999)
		return 0;
	return snprintf(dst, 16, "%04d-%02d-%02d", y, m, d);
}

/* "9:05" -> "09:05", "20.15" (before "Uhr") -> "20:15" */
int
news_time_term(const char *s, int len, char *dst)
{
	int			o = 0,
				i;

	if (len == 4)
		dst[o++] = '0';
	for (i = 0; i < len; i++)
		dst[o++] = s[i] == '.' ? ':' : s[i];
	return o;
}
