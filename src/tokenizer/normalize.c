/*-------------------------------------------------------------------------
 *
 * normalize.c
 *	  Character classes, case folding, composition and word normalization
 *	  (pure C core, see normalize.h for what "normalized" means).
 *
 * The tables come from unicode_tables.h (generated from Unicode data);
 * ASCII takes a fast path that never looks at them.
 *
 *-------------------------------------------------------------------------
 */
#include "tokenizer/normalize.h"
#include "tokenizer/unicode_tables.h"

#define LOWER_PAIRS (int) (sizeof(news_lower_pairs) / sizeof(news_lower_pairs[0]))
#define COMPOSE_ENTRIES (int) (sizeof(news_compose_table) / sizeof(news_compose_table[0]))

/*
 * news_utf8_encode
 *		Write cp as UTF-8; the caller guarantees 4 bytes of room.
 */
int
news_utf8_encode(uint32_t cp, char *dst)
{
	unsigned char *d = (unsigned char *) dst;

	if (cp < 0x80)
	{
		d[0] = (unsigned char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		d[0] = 0xC0 | (cp >> 6);
		d[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000)
	{
		d[0] = 0xE0 | (cp >> 12);
		d[1] = 0x80 | ((cp >> 6) & 0x3F);
		d[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	d[0] = 0xF0 | (cp >> 18);
	d[1] = 0x80 | ((cp >> 12) & 0x3F);
	d[2] = 0x80 | ((cp >> 6) & 0x3F);
	d[3] = 0x80 | (cp & 0x3F);
	return 4;
}

/*
 * news_char_class
 *		Class of a code point: table below U+3000, ranges above.
 *
 * Above the table: CJK punctuation and symbols, fullwidth punctuation,
 * variation selectors, emoji and private use are punctuation (they never
 * become terms); ideographs, kana, Hangul and other letters are letters.
 */
int
news_char_class(uint32_t cp)
{
	if (cp < NEWS_TABLE_LIMIT)
	{
		uint8_t		b = news_class_table[cp >> 1];

		return (cp & 1) ? (b >> 4) : (b & 0x0F);
	}
	if (cp == 0x3000)
		return NEWS_CC_SPACE;
	if (cp < 0x3040)
		return NEWS_CC_PUNCT;	/* CJK symbols and punctuation */
	if (cp >= 0xD800 && cp < 0xF900)
		return NEWS_CC_PUNCT;	/* surrogates, private use */
	if (cp >= 0xFE00 && cp < 0xFE10)
		return NEWS_CC_IGNORE;	/* variation selectors */
	if (cp == 0xFEFF)
		return NEWS_CC_IGNORE;	/* byte order mark, zero width no-break */
	if (cp >= 0xFE10 && cp < 0xFE70)
		return NEWS_CC_PUNCT;	/* vertical forms, small forms */
	if (cp >= 0xFF00 && cp < 0xFF10)
		return NEWS_CC_PUNCT;	/* fullwidth punctuation */
	if (cp >= 0xFFF0 && cp < 0x10000)
		return NEWS_CC_PUNCT;	/* specials, U+FFFD */
	if (cp >= 0x1F000 && cp < 0x1FC00)
		return NEWS_CC_PUNCT;	/* emoji, pictographs, symbols */
	if (cp >= 0xE0000 && cp < 0xE1000)
		return NEWS_CC_IGNORE;	/* tags, variation selectors supplement */
	if (cp >= 0xF0000)
		return NEWS_CC_PUNCT;	/* supplementary private use */
	return NEWS_CC_LETTER;
}

/*
 * news_lower
 *		Simple lower-case mapping via binary search of the generated pairs;
 *		Latin Extended Additional is in the table, ẞ maps to ß.
 */
uint32_t
news_lower(uint32_t cp)
{
	int			lo = 0,
				hi = LOWER_PAIRS - 1;

	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	if (cp >= NEWS_TABLE_LIMIT)
	{
		if (cp >= 0xFF21 && cp <= 0xFF3A)
			return cp + 32;		/* fullwidth Latin capitals */
		return cp;
	}
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (news_lower_pairs[mid][0] == cp)
			return news_lower_pairs[mid][1];
		if (news_lower_pairs[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return cp;
}

/*
 * news_compose
 *		Precomposed letter for base + combining mark (bases are lower-case
 *		ASCII letters), or 0 when Unicode has none.
 */
uint32_t
news_compose(uint32_t base, uint32_t mark)
{
	int			i;

	if (base >= 0x80)
		return 0;
	for (i = 0; i < COMPOSE_ENTRIES; i++)
	{
		if (news_compose_table[i][0] == base && news_compose_table[i][1] == mark)
			return news_compose_table[i][2];
		if (news_compose_table[i][0] > base)
			break;
	}
	return 0;
}

/*
 * news_normalize_word
 *		Lower-case, compose, fold ß and drop invisible characters.
 *
 * The ASCII path lower-cases byte by byte; the first non-ASCII byte
 * switches to decoding.  last_ascii remembers where the previous output
 * character started when it was a plain ASCII letter, so that a following
 * combining mark can be composed with it in place.
 */
int
news_normalize_word(const char *src, int len, char *dst, int cap, bool *nonascii)
{
	const unsigned char *s = (const unsigned char *) src;
	int			i = 0;
	int			o = 0;
	int			last_ascii = -1;
	bool		na = false;

	while (i < len)
	{
		uint32_t	cp;
		int			n;
		int			cls;

		if (s[i] < 0x80)
		{
			unsigned char c = s[i++];

			if (o >= cap)
				return -1;
			if (c >= 'A' && c <= 'Z')
				c += 32;
			last_ascii = (c >= 'a' && c <= 'z') ? o : -1;
			dst[o++] = (char) c;
			continue;
		}
		n = news_utf8_decode(s + i, len - i, &cp);
		i += n;
		cls = news_char_class(cp);
		if (cls == NEWS_CC_IGNORE)
			continue;
		if (cls == NEWS_CC_MARK)
		{
			uint32_t	composed = last_ascii >= 0 ?
				news_compose((unsigned char) dst[last_ascii], cp) : 0;

			if (composed != 0)
			{
				if (last_ascii + 2 > cap)
					return -1;
				o = last_ascii + news_utf8_encode(composed, dst + last_ascii);
				na = true;
			}
			last_ascii = -1;
			continue;			/* an uncomposable mark is dropped */
		}
		last_ascii = -1;
		if (o + 4 > cap)
			return -1;
		if (cp == 0xDF || cp == 0x1E9E)
		{
			dst[o++] = 's';
			dst[o++] = 's';
			continue;
		}
		if (cls == NEWS_CC_APOS)
		{
			dst[o++] = '\'';
			continue;
		}
		if (cls == NEWS_CC_HYPHEN)
		{
			dst[o++] = '-';
			continue;
		}
		cp = news_lower(cp);
		if (cp < 0x80)
		{
			dst[o++] = (char) cp;
			continue;
		}
		o += news_utf8_encode(cp, dst + o);
		na = true;
	}
	if (nonascii)
		*nonascii = na;
	return o;
}
