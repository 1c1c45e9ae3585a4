/*-------------------------------------------------------------------------
 *
 * vector_similarity.c
 *	  Similarity of news_vectors and the functions that explain it:
 *	  news_similarity(), the % and <-> operators, news_keywords() and
 *	  news_similarity_explain().
 *
 * Weights are L2-normalized (news_vector.h), so the cosine similarity is
 * the dot product over the shared terms, computed by a merge of the two
 * hash-sorted entry arrays without touching the term strings.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "similarity/similarity_internal.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(news_similarity);
PG_FUNCTION_INFO_V1(news_similarity_text);
PG_FUNCTION_INFO_V1(news_vector_similar_op);
PG_FUNCTION_INFO_V1(news_vector_distance);
PG_FUNCTION_INFO_V1(news_keywords);
PG_FUNCTION_INFO_V1(news_similarity_explain);
PG_FUNCTION_INFO_V1(news_vector_nterms);

/*
 * news_similarity(news_vector, news_vector) RETURNS float8
 *		Cosine similarity in [0, 1]; 0 when either vector is empty.
 */
Datum
news_similarity(PG_FUNCTION_ARGS)
{
	NewsVector *a = PG_GETARG_NEWS_VECTOR(0);
	NewsVector *b = PG_GETARG_NEWS_VECTOR(1);

	PG_RETURN_FLOAT8(news_vector_dot(a, b));
}

/*
 * news_similarity(text, text) RETURNS float8
 *		Convenience: build both vectors, then compare them.
 */
Datum
news_similarity_text(PG_FUNCTION_ARGS)
{
	text	   *ta = PG_GETARG_TEXT_PP(0);
	text	   *tb = PG_GETARG_TEXT_PP(1);
	NewsVector *a = news_vector_from_text(VARDATA_ANY(ta), VARSIZE_ANY_EXHDR(ta));
	NewsVector *b = news_vector_from_text(VARDATA_ANY(tb), VARSIZE_ANY_EXHDR(tb));

	PG_RETURN_FLOAT8(news_vector_dot(a, b));
}

/*
 * news_vector % news_vector
 *		True when the similarity reaches news_analytics.similarity_threshold.
 */
Datum
news_vector_similar_op(PG_FUNCTION_ARGS)
{
	NewsVector *a = PG_GETARG_NEWS_VECTOR(0);
	NewsVector *b = PG_GETARG_NEWS_VECTOR(1);

	PG_RETURN_BOOL(news_vector_dot(a, b) >= news_similarity_threshold);
}

/*
 * news_vector <-> news_vector
 *		Distance = 1 - similarity, in [0, 1].
 */
Datum
news_vector_distance(PG_FUNCTION_ARGS)
{
	NewsVector *a = PG_GETARG_NEWS_VECTOR(0);
	NewsVector *b = PG_GETARG_NEWS_VECTOR(1);

	PG_RETURN_FLOAT8(1.0 - news_vector_dot(a, b));
}

/*
 * news_vector_nterms(news_vector) RETURNS int
 *		Number of terms (for diagnostics and size estimates).
 */
Datum
news_vector_nterms(PG_FUNCTION_ARGS)
{
	NewsVector *v = PG_GETARG_NEWS_VECTOR(0);

	PG_RETURN_INT32((int32) v->nterms);
}

/*
 * news_keywords(news_vector, k int) RETURNS text[]
 *		The k heaviest terms, heaviest first (ties in term byte order);
 *		fewer when the vector has fewer terms.  The backoff terms (word
 *		prefixes "olym*", trigrams "~oly") are evidence, not keywords: they
 *		are skipped.
 */
Datum
news_keywords(PG_FUNCTION_ARGS)
{
	NewsVector *v = PG_GETARG_NEWS_VECTOR(0);
	int32		k = PG_GETARG_INT32(1);
	NewsVectorItem *items;
	Datum	   *elems;
	int			n;
	int			i;

	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of keywords must not be negative: %d", k)));
	if (k == 0 || v->nterms == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	items = news_vector_items(v, true);
	elems = palloc(sizeof(Datum) * Min((uint32) k, v->nterms));
	n = 0;
	for (i = 0; i < (int) v->nterms && n < k; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (news_term_is_backoff(items[i].term, items[i].len))
			continue;
		elems[n++] = PointerGetDatum(cstring_to_text_with_len(items[i].term,
															  items[i].len));
	}
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false,
										  TYPALIGN_INT));
}

/* one shared term for explain */
typedef struct SharedTerm
{
	const char *term;
	double		wa;
	double		wb;
	double		contribution;
} SharedTerm;

/*
 * shared_cmp
 *		Largest contribution first, then term bytes.
 */
static int
shared_cmp(const void *a, const void *b)
{
	const SharedTerm *sa = (const SharedTerm *) a;
	const SharedTerm *sb = (const SharedTerm *) b;

	if (sa->contribution != sb->contribution)
		return sa->contribution > sb->contribution ? -1 : 1;
	return strcmp(sa->term, sb->term);
}

/*
 * news_similarity_explain(news_vector, news_vector)
 *		RETURNS TABLE(term text, weight_a float8, weight_b float8,
 *					  contribution float8)
 *
 * One row per shared term (the term string of the first vector),
 * largest contribution first.  contribution = weight_a * weight_b, scaled
 * like news_similarity() clamps, so the contributions sum to the
 * similarity (up to float8 rounding).
 */
Datum
news_similarity_explain(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	NewsVector *a = PG_GETARG_NEWS_VECTOR(0);
	NewsVector *b = PG_GETARG_NEWS_VECTOR(1);
	NewsVectorItem *ia;
	SharedTerm *shared;
	int			nshared = 0;
	uint32		i = 0;
	uint32		j = 0;
	double		sum = 0;
	double		sim;
	double		scale = 1.0;
	int			k;

	InitMaterializedSRF(fcinfo, 0);

	ia = news_vector_items(a, false);
	shared = palloc(sizeof(SharedTerm) * Max(Min(a->nterms, b->nterms), 1));
	while (news_entries_next_shared(a->entries, a->nterms,
									b->entries, b->nterms, &i, &j))
	{
		CHECK_FOR_INTERRUPTS();
		shared[nshared].term = ia[i].term;
		shared[nshared].wa = a->entries[i].weight;
		shared[nshared].wb = b->entries[j].weight;
		shared[nshared].contribution = shared[nshared].wa * shared[nshared].wb;
		sum += shared[nshared].contribution;
		nshared++;
		i++;
		j++;
	}
	sim = news_vector_dot(a, b);
	if (sum > 0 && sim != sum)
		scale = sim / sum;
	if (nshared > 1)
		qsort(shared, nshared, sizeof(SharedTerm), shared_cmp);

	for (k = 0; k < nshared; k++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = CStringGetTextDatum(shared[k].term);
		values[1] = Float8GetDatum(shared[k].wa);
		values[2] = Float8GetDatum(shared[k].wb);
		values[3] = Float8GetDatum(shared[k].contribution * scale);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
