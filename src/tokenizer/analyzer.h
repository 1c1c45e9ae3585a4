/*-------------------------------------------------------------------------
 *
 * analyzer.h
 *	  From one token to its search terms (pure C core, no server headers).
 *
 * news_analyze_token() takes a token found by the lexer and produces its
 * terms: words are normalized (normalize.h), stop words dropped, ae/oe/ue
 * read as umlauts where the lexicon says so, compounds split with the
 * lexicon (lexicon.h, compound.h), and the whole word and its parts
 * stemmed with Snowball "german".  Numbers, dates, times, URLs, hosts, e-mail addresses,
 * mentions, hashtags and abbreviations get one canonical term each.
 *
 * Terms come with a variant number, used by the text search dictionary:
 * terms of the same variant belong together (AND in a query), different
 * variants are alternatives (OR).  A compound "Cyberkriminalität" yields
 * variant 1 = {cyberkriminalitat} and variant 2 = {cyb, kriminalitat}; a
 * gender form "Mitarbeiter*innen" yields variants for "Mitarbeiter" and
 * for "Mitarbeiterinnen".
 *
 * The terms of a token are packed into NewsTermList.buf; iterate with
 * news_term_first()/news_term_next().
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_ANALYZER_H
#define NEWS_ANALYZER_H

#include <stdbool.h>
#include <stdint.h>

#include "tokenizer/compound.h"

struct sb_stemmer;

/* Longest normalized word that still yields a term, in bytes. */
#define NEWS_MAX_WORD		128

/* Room for the terms of one token. */
#define NEWS_TERMLIST_BYTES	2048
#define NEWS_TERMLIST_MAX	48

/* term flags (same values as in tokenizer.h) */
#define NEWS_FLAG_WORD		0x01
#define NEWS_FLAG_PART		0x02

typedef bool (*NewsStopFunc) (void *arg, const char *word, int len);

typedef struct NewsAnalyzer
{
	const NewsLexicon *lexicon;	/* NULL: no compounds, no ae -> ä */
	struct sb_stemmer *stemmer; /* Snowball german, UTF-8 */
	NewsStopFunc is_stop;		/* NULL: no stop words */
	void	   *stop_arg;
} NewsAnalyzer;

/*
 * Packed terms: each term is [flags][variant][len (2 bytes)][bytes].
 */
typedef struct NewsTermList
{
	int			nterms;
	int			used;			/* bytes of buf in use */
	char		buf[NEWS_TERMLIST_BYTES];
} NewsTermList;

/* Optional details of an analysis, for news_debug(). */
typedef struct NewsAnalysisInfo
{
	char		normalized[NEWS_MAX_WORD * 4];	/* normalized token text */
	int			normalized_len;
	char		parts[NEWS_MAX_WORD * 4];	/* compound parts, "|"-separated */
	int			parts_len;
	bool		stopword;		/* dropped as a stop word */
} NewsAnalysisInfo;

typedef struct NewsTerm
{
	const char *text;
	int			len;
	int			flags;
	int			variant;
} NewsTerm;

/*
 * Analyze the token text[0..len) of lexer type "type" into *out (which is
 * reset first).  info may be NULL.
 */
extern void news_analyze_token(const NewsAnalyzer *an, int type,
							   const char *text, int len,
							   NewsTermList *out, NewsAnalysisInfo *info);

/* Iterate over packed terms: offset 0 to start; returns the next offset or -1. */
extern int	news_term_get(const char *buf, int used, int offset, NewsTerm *term);

#endif							/* NEWS_ANALYZER_H */
