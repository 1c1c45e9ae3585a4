/*-------------------------------------------------------------------------
 *
 * lexer_internal.h
 *	  Helpers shared by lexer.c and lexer_numeric.c (not part of the
 *	  lexer's contract, see lexer.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_LEXER_INTERNAL_H
#define NEWS_LEXER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tokenizer/lexer.h"
#include "tokenizer/normalize.h"

#define IS_ADIGIT(c)	((c) >= '0' && (c) <= '9')
#define IS_AALPHA(c)	(((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')
#define IS_AALNUM(c)	(IS_ADIGIT(c) || IS_AALPHA(c))

/* classes of the ASCII characters (filled by news_lexer_init) */
extern uint8_t news_ascii_class[128];

/*
 * char_at
 *		Decode the character at byte i: code point, class and byte length.
 */
static inline int
char_at(const NewsLexer *lx, int i, uint32_t *cp, int *cls)
{
	const unsigned char *s = (const unsigned char *) lx->text;

	if (s[i] < 0x80)
	{
		*cp = s[i];
		*cls = news_ascii_class[s[i]];
		return 1;
	}
	{
		int			n = news_utf8_decode(s + i, lx->len - i, cp);

		*cls = news_char_class(*cp);
		return n;
	}
}

/* class of the character at byte i, NEWS_CC_SPACE beyond the end */
static inline int
class_at(const NewsLexer *lx, int i)
{
	uint32_t	cp;
	int			cls;

	if (i >= lx->len)
		return NEWS_CC_SPACE;
	char_at(lx, i, &cp, &cls);
	return cls;
}

static inline bool
is_word_start(int cls)
{
	return cls == NEWS_CC_LETTER || cls == NEWS_CC_DIGIT;
}

/* word characters from i (see lexer.c); returns the end */
extern int	news_scan_core(const NewsLexer *lx, int i, bool *has_digit,
						   bool *has_letter);

/* a token starting with a digit (lexer_numeric.c); sets *type, returns the end */
extern int	news_scan_numeric(const NewsLexer *lx, int i, int *type);

#endif							/* NEWS_LEXER_INTERNAL_H */
