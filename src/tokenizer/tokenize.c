/*-------------------------------------------------------------------------
 *
 * tokenize.c
 *	  news_tokenize_terms() and the SQL function news_tokenize(text).
 *
 * FOUNDATION VERSION: splits on non-letters, lowercases ASCII and UTF-8
 * letters byte-wise and stems with libstemmer.  The tokenizer issue
 * replaces the body while keeping the contract of tokenizer.h.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <libstemmer.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "news_analytics.h"
#include "tokenizer/tokenizer.h"

PG_FUNCTION_INFO_V1(news_tokenize);

static struct sb_stemmer *german_stemmer = NULL;

void
news_tokenizer_init(void)
{
}

static struct sb_stemmer *
get_stemmer(void)
{
	if (german_stemmer == NULL)
	{
		german_stemmer = sb_stemmer_new("german", "UTF_8");
		if (german_stemmer == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("could not create the Snowball \"german\" stemmer")));
	}
	return german_stemmer;
}

void
news_tokenize_terms(const char *text, int len, NewsTermCallback callback,
					void *arg)
{
	struct sb_stemmer *stemmer = get_stemmer();
	int			i = 0;
	int			position = 0;
	char	   *word = palloc(len + 1);

	while (i < len)
	{
		int			wlen = 0;

		CHECK_FOR_INTERRUPTS();
		while (i < len && !((unsigned char) text[i] >= 0x80 || isalnum((unsigned char) text[i])))
			i++;
		while (i < len && ((unsigned char) text[i] >= 0x80 || isalnum((unsigned char) text[i])))
			word[wlen++] = pg_ascii_tolower((unsigned char) text[i++]);
		if (wlen > 0)
		{
			const sb_symbol *stem;

			position++;
			stem = sb_stemmer_stem(stemmer, (const sb_symbol *) word, wlen);
			callback(arg, (const char *) stem, sb_stemmer_length(stemmer),
					 position, NEWS_TERM_WORD);
		}
	}
	pfree(word);
}

typedef struct TermCollector
{
	ArrayBuildState *astate;
} TermCollector;

static void
collect_term(void *arg, const char *term, int len, int position, int flags)
{
	TermCollector *collector = (TermCollector *) arg;

	collector->astate = accumArrayResult(collector->astate,
										 PointerGetDatum(cstring_to_text_with_len(term, len)),
										 false, TEXTOID, CurrentMemoryContext);
}

/*
 * news_tokenize(text) RETURNS text[]
 */
Datum
news_tokenize(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	TermCollector collector = {NULL};

	news_tokenize_terms(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
						collect_term, &collector);
	if (collector.astate == NULL)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	PG_RETURN_DATUM(makeArrayResult(collector.astate, CurrentMemoryContext));
}
