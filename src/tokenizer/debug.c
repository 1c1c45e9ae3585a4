/*-------------------------------------------------------------------------
 *
 * debug.c
 *	  news_debug(text): one row per token, like ts_debug(), showing why a
 *	  text got its terms: the token, its type, its normalized form, its
 *	  compound parts and the resulting terms.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "tokenizer/lexer.h"
#include "tokenizer/tokenizer_internal.h"

PG_FUNCTION_INFO_V1(news_debug);

/*
 * news_debug(text) RETURNS TABLE (token text, type text, normalized text,
 *		parts text, terms text[])
 *
 * Blank runs are shown with NULL normalized form, parts and terms; a word
 * that yields no term (stop word, one letter) has an empty terms array.
 * The analysis is done afresh (not from the cache) to get the details.
 */
Datum
news_debug(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *input = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(input);
	int			len = VARSIZE_ANY_EXHDR(input);
	const NewsAnalyzer *an = news_get_analyzer();
	NewsLexer	lx;
	NewsToken	tok;
	NewsTermList *out = palloc(sizeof(NewsTermList));
	NewsAnalysisInfo *info = palloc(sizeof(NewsAnalysisInfo));

	InitMaterializedSRF(fcinfo, 0);
	news_lexer_init(&lx, s, len, true);
	while (news_lexer_next(&lx, &tok))
	{
		Datum		values[5];
		bool		nulls[5] = {false};

		CHECK_FOR_INTERRUPTS();
		values[0] = PointerGetDatum(cstring_to_text_with_len(s + tok.start, tok.len));
		values[1] = CStringGetTextDatum(news_token_type_name(tok.type));
		if (tok.type == NEWS_TOK_BLANK)
			nulls[2] = nulls[3] = nulls[4] = true;
		else
		{
			ArrayBuildState *astate = initArrayResult(TEXTOID, CurrentMemoryContext, false);
			NewsTerm	t;
			int			off = 0;

			news_analyze_token(an, tok.type, s + tok.start, tok.len, out, info);
			values[2] = PointerGetDatum(cstring_to_text_with_len(info->normalized,
																 info->normalized_len));
			if (info->parts_len > 0)
				values[3] = PointerGetDatum(cstring_to_text_with_len(info->parts,
																	 info->parts_len));
			else
				nulls[3] = true;
			while ((off = news_term_get(out->buf, out->used, off, &t)) >= 0)
				astate = accumArrayResult(astate,
										  PointerGetDatum(cstring_to_text_with_len(t.text, t.len)),
										  false, TEXTOID, CurrentMemoryContext);
			values[4] = makeArrayResult(astate, CurrentMemoryContext);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
