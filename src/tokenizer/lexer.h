/*-------------------------------------------------------------------------
 *
 * lexer.h
 *	  Single-pass UTF-8 lexer of the tokenizer (pure C, no server headers).
 *
 * news_lexer_next() cuts a text into tokens: words, hyphenated words,
 * gender forms, abbreviations, numbers, dates, times, URLs, e-mail
 * addresses, host names, @mentions, #hashtags, and (on request) the blank
 * runs of spaces and punctuation between them, so that the text search
 * parser can give ts_headline() the complete text.  Tokens are byte ranges
 * of the input; nothing is allocated.
 *
 * The token type numbers double as the text search parser's token types.
 * They avoid the numbers that PostgreSQL's prsd_headline() treats specially
 * for its default parser (12 = space is the one we mean; 13-18, 20-23 are
 * tags, protocols, hyphenated-word wholes and numbers it skips).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_LEXER_H
#define NEWS_LEXER_H

#include <stdbool.h>

#define NEWS_TOK_WORD		1	/* word of letters (apostrophes inside) */
#define NEWS_TOK_GENDER		2	/* gender form: Mitarbeiter*innen */
#define NEWS_TOK_NUMWORD	3	/* letters and digits: 5G, B2B, 20er */
#define NEWS_TOK_EMAIL		4	/* e-mail address */
#define NEWS_TOK_URL		5	/* URL with scheme or www. and path */
#define NEWS_TOK_HOST		6	/* host name: inside-it.ch, www.nzz.ch */
#define NEWS_TOK_HWORD		9	/* hyphenated word: E-Government */
#define NEWS_TOK_ABBREV		10	/* abbreviation: z.B., Dr., U.S.A. */
#define NEWS_TOK_MENTION	11	/* @mention */
#define NEWS_TOK_BLANK		12	/* spaces and punctuation */
#define NEWS_TOK_NUMBER		19	/* number: 1'500, 1.500, 3,5 */
#define NEWS_TOK_DATE		24	/* date: 3.2.2023, 7. Juli 2021 */
#define NEWS_TOK_TIME		25	/* time of day: 11:53 */
#define NEWS_TOK_HASHTAG	26	/* #hashtag */

#define NEWS_TOK_MAXTYPE	26

/*
 * Longest token, in bytes.  Longer runs of word characters are reported
 * as BLANK pieces of at most this size (they are junk, and PostgreSQL's
 * headline code rejects tokens of 2 kB and more).
 */
#define NEWS_MAX_TOKEN		1000

typedef struct NewsLexer
{
	const char *text;
	int			len;
	int			pos;			/* next byte to look at */
	bool		blanks;			/* report BLANK tokens too */
	int			junk_end;		/* end of an over-long run being skipped */
} NewsLexer;

typedef struct NewsToken
{
	int			type;			/* NEWS_TOK_* */
	int			start;			/* byte offset in the text */
	int			len;			/* byte length */
} NewsToken;

extern void news_lexer_init(NewsLexer *lx, const char *text, int len,
							bool blanks);

/* Next token; false at the end of the text. */
extern bool news_lexer_next(NewsLexer *lx, NewsToken *tok);

/* Name and description of a token type (NULL if there is none). */
extern const char *news_token_type_name(int type);
extern const char *news_token_type_description(int type);

/*
 * Month number (1-12) of a German month name given in normalized form
 * (lower case), 0 if it is none.
 */
extern int	news_month_number(const char *word, int len);

#endif							/* NEWS_LEXER_H */
