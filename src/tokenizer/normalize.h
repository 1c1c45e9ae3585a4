/*-------------------------------------------------------------------------
 *
 * normalize.h
 *	  Unicode normalization core of the tokenizer (pure C, no server
 *	  headers): UTF-8 decoding, character classes, case folding and the
 *	  composition of decomposed letters.
 *
 * What "normalized" means for a word (news_normalize_word):
 *	- every letter is lower-cased (ASCII, Latin-1, Latin Extended-A/B,
 *	  Greek, Cyrillic, Armenian, Latin Extended Additional, ...: the
 *	  simple lower-case mapping of Unicode for code points below U+3000;
 *	  scripts above, e.g. CJK, have no case and are kept as they are);
 *	- a lower-case ASCII base letter followed by a combining mark is
 *	  composed into the precomposed letter (NFC for Latin text: "a" U+0308
 *	  becomes "ä"); combining marks that cannot be composed are dropped;
 *	- ß and ẞ become "ss" (the lexicon and Snowball work on "ss");
 *	- soft hyphens, zero-width spaces/joiners, word joiners, the byte order
 *	  mark and direction marks are removed;
 *	- the typographic apostrophe ’ (U+2019, U+02BC) becomes ASCII "'", the
 *	  hyphens U+2010/U+2011 become ASCII "-".
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_NORMALIZE_H
#define NEWS_NORMALIZE_H

#include <stdbool.h>
#include <stdint.h>

/* character classes (must match tools/gen_unicode_tables.py) */
#define NEWS_CC_SPACE	0		/* white space, controls, NBSP */
#define NEWS_CC_PUNCT	1		/* punctuation, symbols, emoji, quotes, dashes */
#define NEWS_CC_LETTER	2		/* letters of any script */
#define NEWS_CC_DIGIT	3		/* ASCII digits */
#define NEWS_CC_IGNORE	4		/* soft hyphen, zero-width characters */
#define NEWS_CC_MARK	5		/* combining marks */
#define NEWS_CC_APOS	6		/* ' and ’ */
#define NEWS_CC_HYPHEN	7		/* - and the Unicode hyphens */

/*
 * Decode one UTF-8 character at s (len > 0 bytes available).  Returns the
 * number of bytes consumed (1..4) and stores the code point; an invalid or
 * truncated sequence consumes one byte and yields U+FFFD.
 */
static inline int
news_utf8_decode(const unsigned char *s, int len, uint32_t *cp)
{
	unsigned char c = s[0];

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c < 0xE0 && len >= 2 && (s[1] & 0xC0) == 0x80)
	{
		*cp = ((uint32_t) (c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c < 0xF0 && len >= 3 &&
		(s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
	{
		uint32_t	v = ((uint32_t) (c & 0x0F) << 12) |
			((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);

		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF))
		{
			*cp = v;
			return 3;
		}
	}
	else if (c >= 0xF0 && c < 0xF5 && len >= 4 &&
			 (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
			 (s[3] & 0xC0) == 0x80)
	{
		uint32_t	v = ((uint32_t) (c & 0x07) << 18) |
			((uint32_t) (s[1] & 0x3F) << 12) |
			((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);

		if (v >= 0x10000 && v <= 0x10FFFF)
		{
			*cp = v;
			return 4;
		}
	}
	*cp = 0xFFFD;
	return 1;
}

/* Encode a code point as UTF-8 into dst (4 bytes room); returns the length. */
extern int	news_utf8_encode(uint32_t cp, char *dst);

/* Character class of a code point (NEWS_CC_*). */
extern int	news_char_class(uint32_t cp);

/* Simple lower-case mapping (the code point itself if it has none). */
extern uint32_t news_lower(uint32_t cp);

/* Precomposed letter of lower-case ASCII base + combining mark, or 0. */
extern uint32_t news_compose(uint32_t base, uint32_t mark);

/*
 * Normalize the UTF-8 text src[0..len) as a word (see the file comment)
 * into dst, which has room for cap bytes.  Returns the length written, or
 * -1 if the result does not fit.  *nonascii is set when the result has
 * non-ASCII bytes.  dst is not NUL-terminated.
 */
extern int	news_normalize_word(const char *src, int len, char *dst, int cap,
								bool *nonascii);

#endif							/* NEWS_NORMALIZE_H */
