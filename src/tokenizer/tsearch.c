/*-------------------------------------------------------------------------
 *
 * tsearch.c
 *	  The text search parser and dictionary template behind the
 *	  news_german configuration.
 *
 * Parser: our lexer (lexer.h) with blank runs reported, so that
 * ts_headline() sees the complete text; the headline function is
 * PostgreSQL's own prsd_headline, which works with any parser whose space
 * token is type 12 (our NEWS_TOK_BLANK).
 *
 * Dictionary: gets one token's text, lexes it again (a token lexes to
 * itself) and returns its terms.  Variants follow analyzer.h: the whole
 * word is one variant and its compound parts another, so that
 * to_tsvector() puts all of them at the word's position (a query for a
 * part finds the compound) and a query for a compound becomes
 * "whole | (part1 & part2)".  Stop words and one-letter words give an empty
 * result (the token is recognized and counts as a position, like
 * PostgreSQL's stop words).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/defrem.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "tsearch/ts_public.h"

#include "tokenizer/lexer.h"
#include "tokenizer/tokenizer_internal.h"

PG_FUNCTION_INFO_V1(news_prs_start);
PG_FUNCTION_INFO_V1(news_prs_gettoken);
PG_FUNCTION_INFO_V1(news_prs_end);
PG_FUNCTION_INFO_V1(news_prs_lextype);
PG_FUNCTION_INFO_V1(news_dict_init);
PG_FUNCTION_INFO_V1(news_dict_lexize);

/*
 * The last token our parser returned.  PostgreSQL hands the dictionary a
 * pointer into the same text, so when pointer and length match, the
 * dictionary knows the token's type without lexing it again.
 */
static const char *last_token = NULL;
static int	last_len = 0;
static int	last_type = 0;

/*
 * ... and its first bytes: a pointer left over from a parse that ended in
 * an error could meet another text at the same address (ts_lexize() on
 * the dictionary), which must then be lexed instead of trusted.
 */
#define LAST_PREFIX 16
static char last_prefix[LAST_PREFIX];

/*
 * news_prs_start(internal text, int4 len) RETURNS internal
 */
Datum
news_prs_start(PG_FUNCTION_ARGS)
{
	NewsLexer  *lx = palloc(sizeof(NewsLexer));

	news_lexer_init(lx, (const char *) PG_GETARG_POINTER(0), PG_GETARG_INT32(1), true);
	PG_RETURN_POINTER(lx);
}

/*
 * news_prs_gettoken(internal state, internal char **token, internal int *len)
 *		RETURNS int4: the token type, 0 at the end.
 */
Datum
news_prs_gettoken(PG_FUNCTION_ARGS)
{
	NewsLexer  *lx = (NewsLexer *) PG_GETARG_POINTER(0);
	char	  **token = (char **) PG_GETARG_POINTER(1);
	int		   *len = (int *) PG_GETARG_POINTER(2);
	NewsToken	tok;

	/* parsetext() has no interrupt check of its own: let huge texts cancel */
	CHECK_FOR_INTERRUPTS();
	if (!news_lexer_next(lx, &tok))
		PG_RETURN_INT32(0);
	*token = (char *) lx->text + tok.start;
	*len = tok.len;
	last_token = *token;
	last_len = tok.len;
	last_type = tok.type;
	memcpy(last_prefix, *token, Min(tok.len, LAST_PREFIX));
	PG_RETURN_INT32(tok.type);
}

Datum
news_prs_end(PG_FUNCTION_ARGS)
{
	last_token = NULL;
	pfree(PG_GETARG_POINTER(0));
	PG_RETURN_VOID();
}

/*
 * news_prs_lextype(internal) RETURNS internal: the token types.
 */
Datum
news_prs_lextype(PG_FUNCTION_ARGS)
{
	LexDescr   *descr = palloc(sizeof(LexDescr) * (NEWS_TOK_MAXTYPE + 1));
	int			n = 0,
				type;

	for (type = 1; type <= NEWS_TOK_MAXTYPE; type++)
	{
		const char *name = news_token_type_name(type);

		if (name == NULL)
			continue;
		descr[n].lexid = type;
		descr[n].alias = pstrdup(name);
		descr[n].descr = pstrdup(news_token_type_description(type));
		n++;
	}
	descr[n].lexid = 0;
	PG_RETURN_POINTER(descr);
}

/*
 * news_dict_init(internal options) RETURNS internal
 *		The dictionary takes no options (the lexicon is chosen with the GUC
 *		news_analytics.compound_lexicon); it loads nothing here, so that
 *		creating the extension works before the word lists are installed.
 */
Datum
news_dict_init(PG_FUNCTION_ARGS)
{
	List	   *options = (List *) PG_GETARG_POINTER(0);
	ListCell   *lc;

	foreach(lc, options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unrecognized news_german dictionary parameter: \"%s\"",
						def->defname),
				 errhint("The lexicon is set with news_analytics.compound_lexicon.")));
	}
	PG_RETURN_POINTER(palloc0(sizeof(int)));
}

/*
 * news_dict_lexize(internal dict, internal token, int4 len, internal state)
 *		RETURNS internal: a TSLexeme array ending with a NULL lexeme.
 */
Datum
news_dict_lexize(PG_FUNCTION_ARGS)
{
	const char *text = (const char *) PG_GETARG_POINTER(1);
	int			len = PG_GETARG_INT32(2);
	NewsLexer	lx;
	NewsToken	tok;
	TSLexeme   *res;
	int			n = 0,
				cap = 8,
				ntok = 0;
	bool		have;

	res = palloc(sizeof(TSLexeme) * cap);
	news_lexer_init(&lx, text, len, false);
	if (text == last_token && len == last_len &&
		memcmp(text, last_prefix, Min(len, LAST_PREFIX)) == 0)
	{
		/* the token our parser just returned: no need to lex it again */
		tok.type = last_type;
		tok.start = 0;
		tok.len = len;
		lx.pos = len;
		have = true;
	}
	else
		have = news_lexer_next(&lx, &tok);
	for (; have; have = news_lexer_next(&lx, &tok))
	{
		int			used,
					nterms,
					off = 0;
		const char *terms = news_token_terms(tok.type, text + tok.start, tok.len,
											 &used, &nterms);
		NewsTerm	t;

		while ((off = news_term_get(terms, used, off, &t)) >= 0)
		{
			if (n + 1 >= cap)
			{
				cap *= 2;
				res = repalloc(res, sizeof(TSLexeme) * cap);
			}
			/* variants of later tokens (rare) must not merge with earlier ones */
			res[n].nvariant = (uint16) (ntok * 8 + t.variant);
			res[n].flags = 0;
			res[n].lexeme = pnstrdup(t.text, t.len);
			n++;
		}
		ntok++;
	}
	res[n].lexeme = NULL;
	res[n].nvariant = 0;
	res[n].flags = 0;
	PG_RETURN_POINTER(res);
}
