/*-------------------------------------------------------------------------
 *
 * significant.c
 *	  news_significant_terms(foreground, background, k, heuristic,
 *	  min_fg_docs, background_mode): the terms of a foreground state that
 *	  are unusually frequent compared with a background state.
 *
 * background_mode says how the background relates to the foreground:
 *	'superset'  the background includes the foreground documents (as with
 *	            Elasticsearch's default background, the whole index);
 *	'separate'  the background is other documents; the foreground is added
 *	            to it before scoring (Elasticsearch with a background_filter
 *	            that excludes the foreground does the same);
 *	'auto'      (default) 'separate' when the counts prove the background
 *	            cannot contain the foreground (more foreground documents,
 *	            or a term more frequent in the foreground than in the
 *	            background plus its error bound), else 'superset'.
 *
 * The scoring and the selection are the pure core in significance.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "trends/trends.h"

PG_FUNCTION_INFO_V1(news_significant_terms);

/* the largest k accepted: far more than anyone reads, bounds the work */
#define NTS_MAX_K	100000

/*
 * news_significant_terms
 *		Check the arguments, pick the background mode, run the core and
 *		return its rows.
 */
Datum
news_significant_terms(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	NewsTermStats *fg = PG_GETARG_NEWS_TERMSTATS_P(0);
	NewsTermStats *bg = PG_GETARG_NEWS_TERMSTATS_P(1);
	int32		k = PG_GETARG_INT32(2);
	char	   *hname = text_to_cstring(PG_GETARG_TEXT_PP(3));
	int32		min_docs = PG_GETARG_INT32(4);
	char	   *mode = text_to_cstring(PG_GETARG_TEXT_PP(5));
	NewsSigParams p;
	NewsSigTerm *out;
	int			n,
				i;

	if (k < 1 || k > NTS_MAX_K)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be between 1 and %d, not %d", NTS_MAX_K, k)));
	p.heuristic = nts_heuristic_from_name(hname);
	if (p.heuristic < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown significance heuristic \"%s\"", hname),
				 errhint("Use one of burst, jlh, chi_square, gnd, mutual_information, percentage.")));
	if (min_docs < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_fg_docs must be at least 1, not %d", min_docs)));
	if (strcmp(mode, "superset") == 0)
	{
		p.superset = true;
		if (fg->ndocs > bg->ndocs)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the foreground has more documents than the background (" INT64_FORMAT " > " INT64_FORMAT ")",
							fg->ndocs, bg->ndocs),
					 errhint("Use background_mode => 'separate' when the background does not include the foreground.")));
	}
	else if (strcmp(mode, "separate") == 0)
		p.superset = false;
	else if (strcmp(mode, "auto") == 0)
		p.superset = !nts_disjoint_evidence(fg, bg);
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown background mode \"%s\"", mode),
				 errhint("Use auto, superset or separate.")));
	p.k = k;
	p.min_fg_docs = min_docs;

	InitMaterializedSRF(fcinfo, 0);
	if (fg->ndocs == 0)
		return (Datum) 0;		/* empty foreground: nothing stands out */

	out = palloc(sizeof(NewsSigTerm) * Min((int64) k, (int64) fg->nterms + 1));
	n = nts_significant(fg, bg, &p, out);
	for (i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = PointerGetDatum(cstring_to_text_with_len(out[i].term, out[i].len));
		values[1] = Float8GetDatum(out[i].score);
		values[2] = Int64GetDatum(out[i].fg_df);
		values[3] = Int64GetDatum(out[i].bg_df);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
