/*-------------------------------------------------------------------------
 *
 * fuzz_tokenizer.c
 *	  libFuzzer target for the whole tokenizer pipeline of tokenizer.h
 *	  built from the pure cores: lexer -> normalization -> analyzer
 *	  (stop words, umlaut readings, compound splitting with the real
 *	  hunspell lexicon, Snowball stemming) -> term cache, i.e. what
 *	  news_tokenize_terms() does inside the server.
 *
 * Input: one flag byte (bit 0: the lexer also reports BLANK runs, as for
 * the text search parser), then the text.  The lexicon is loaded once in
 * LLVMFuzzerInitialize from NEWS_FUZZ_DICT/NEWS_FUZZ_AFFIX (stop words
 * from NEWS_FUZZ_STOP, optional).
 *
 * Invariants checked beyond "no crash":
 *	- tokens are non-empty, in order, non-overlapping, inside the text, at
 *	  most NEWS_MAX_TOKEN bytes, of a known type;
 *	- with BLANK runs the tokens tile the text exactly, and the non-blank
 *	  tokens are the same as without;
 *	- every term is non-empty, of bounded length, flagged WORD or PART,
 *	  and the packed list's count matches; for valid UTF-8 input without
 *	  NUL bytes (all the server passes) also valid UTF-8 without NUL;
 *	  invalid input must merely not crash;
 *	- a term cache hit returns exactly the terms of a fresh analysis.
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"
#include "fuzz_lexicon.h"

#include <libstemmer.h>

#include "tokenizer/analyzer.h"
#include "tokenizer/compound.h"
#include "tokenizer/lexer.h"
#include "tokenizer/normalize.h"
#include "tokenizer/termcache.h"

/* at most this many bytes of a term (stemmed words, URLs, hosts, ...) */
#define FUZZ_MAX_TERM	(NEWS_MAX_TOKEN * 2)

static NewsAnalyzer analyzer;
static NewsTermCache *cache;
static char **stopwords;
static int	nstop;

/*
 * stop_check
 *		Stop word callback of the analyzer (linear; the list is short).
 */
static bool
stop_check(void *arg, const char *w, int len)
{
	(void) arg;
	for (int i = 0; i < nstop; i++)
		if ((int) strlen(stopwords[i]) == len && memcmp(stopwords[i], w, len) == 0)
			return true;
	return false;
}

/*
 * load_stopwords
 *		Normalized stop words from a file, one a line (as the server does).
 */
static void
load_stopwords(const char *path)
{
	FILE	   *f;
	char		line[256];

	stopwords = malloc(sizeof(char *) * 1024);
	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) && nstop < 1024)
	{
		char		norm[512];
		bool		nonascii;
		int			len = (int) strcspn(line, "\r\n");
		int			n = news_normalize_word(line, len, norm, sizeof(norm) - 1,
											&nonascii);

		if (n <= 0)
			continue;
		norm[n] = '\0';
		stopwords[nstop++] = strdup(norm);
	}
	fclose(f);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	analyzer.lexicon = fuzz_load_lexicon();
	analyzer.stemmer = sb_stemmer_new("german", "UTF_8");
	if (analyzer.stemmer == NULL)
	{
		fprintf(stderr, "no Snowball german stemmer\n");
		exit(2);
	}
	load_stopwords(getenv("NEWS_FUZZ_STOP"));
	analyzer.is_stop = stop_check;
	analyzer.stop_arg = NULL;
	/*
	 * Small enough that long runs exercise the cache's resets, large
	 * enough that the reset (which clears a big slot array) is rare.
	 */
	cache = news_cache_create(4 * 1024 * 1024);
	return 0;
}

/*
 * check_terms
 *		The packed term list of one token obeys analyzer.h.
 */
static void
check_terms(const NewsTermList *tl, bool valid_input)
{
	NewsTerm	t;
	int			off = 0,
				n = 0;

	FUZZ_CHECK(tl->nterms >= 0 && tl->nterms <= NEWS_TERMLIST_MAX);
	FUZZ_CHECK(tl->used >= 0 && tl->used <= NEWS_TERMLIST_BYTES);
	while ((off = news_term_get(tl->buf, tl->used, off, &t)) >= 0)
	{
		FUZZ_CHECK(off <= tl->used);
		FUZZ_CHECK(t.len > 0 && t.len <= FUZZ_MAX_TERM);
		/* the server only passes valid UTF-8 text without NUL bytes */
		if (valid_input)
			FUZZ_CHECK(fuzz_valid_utf8(t.text, t.len));
		FUZZ_CHECK(t.flags == NEWS_FLAG_WORD || t.flags == NEWS_FLAG_PART);
		n++;
	}
	FUZZ_CHECK(n == tl->nterms);
}

/*
 * analyze
 *		Analyze one token; compare with the term cache.
 */
static void
analyze(const char *text, const NewsToken *tok, bool valid_input)
{
	static NewsTermList tl;
	const char *key = text + tok->start;
	uint32_t	hash = news_cache_hash(tok->type, key, tok->len);
	const char *cached;
	int			used,
				nterms;

	news_analyze_token(&analyzer, tok->type, key, tok->len, &tl, NULL);
	check_terms(&tl, valid_input);
	cached = news_cache_lookup(cache, hash, tok->type, key, tok->len,
							   &used, &nterms);
	if (cached == NULL)
	{
		news_cache_store(cache, hash, tok->type, key, tok->len, &tl);
		return;
	}
	FUZZ_CHECK(used == tl.used && nterms == tl.nterms);
	FUZZ_CHECK(memcmp(cached, tl.buf, used) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	NewsLexer	lx,
				plain;
	NewsToken	tok,
				ptok;
	char	   *text;
	int			len,
				end = 0;
	bool		blanks;
	bool		valid_input;

	if (size == 0 || size > 1000000)
		return 0;
	blanks = (data[0] & 1) != 0;
	len = (int) (size - 1);
	text = fuzz_copy(data + 1, len, false);
	valid_input = fuzz_valid_utf8(text, len);

	news_lexer_init(&lx, text, len, blanks);
	news_lexer_init(&plain, text, len, false);
	while (news_lexer_next(&lx, &tok))
	{
		FUZZ_CHECK(tok.len > 0 && tok.len <= NEWS_MAX_TOKEN);
		FUZZ_CHECK(tok.start >= end && tok.start + tok.len <= len);
		FUZZ_CHECK(news_token_type_name(tok.type) != NULL);
		if (blanks)
			FUZZ_CHECK(tok.start == end);
		end = tok.start + tok.len;
		if (tok.type == NEWS_TOK_BLANK)
		{
			FUZZ_CHECK(blanks);
			continue;
		}
		if (blanks)
		{
			/* the same non-blank tokens as without BLANK runs */
			FUZZ_CHECK(news_lexer_next(&plain, &ptok));
			FUZZ_CHECK(ptok.type == tok.type && ptok.start == tok.start &&
					   ptok.len == tok.len);
		}
		analyze(text, &tok, valid_input);
	}
	if (blanks)
	{
		FUZZ_CHECK(end == len);
		FUZZ_CHECK(!news_lexer_next(&plain, &ptok));
	}
	free(text);
	return 0;
}
