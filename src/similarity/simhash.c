/*-------------------------------------------------------------------------
 *
 * simhash.c
 *	  news_simhash(text): a 64-bit SimHash fingerprint for near-duplicate
 *	  detection, and news_hamming(bigint, bigint).
 *
 * Features are the terms of whole words (compound parts are left out:
 * they repeat the information of their word) and the pairs of adjacent
 * word terms (shingles of two, which make the fingerprint sensitive to
 * word order and so separate unrelated articles on the same topic),
 * each weighted by its sublinear term frequency 1 + ln tf.  Every
 * feature votes with its weight for or against each of the 64 bits of
 * its 64-bit hash; the fingerprint has the bits with a positive total.
 * A few edited words change few features and hence few bits, while
 * unrelated texts differ in about half of the bits.
 *
 * The fingerprint does not depend on corpus statistics, so news_simhash
 * is IMMUTABLE and can be stored or indexed.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "similarity/similarity_internal.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "tokenizer/tokenizer.h"

PG_FUNCTION_INFO_V1(news_simhash);
PG_FUNCTION_INFO_V1(news_simhash_vector);
PG_FUNCTION_INFO_V1(news_hamming);

/*
 * simhash_term
 *		Tokenizer callback: count the terms of whole words.
 */
static void
simhash_term(void *arg, const char *term, int len, int position, int flags)
{
	TermTable  *table = (TermTable *) arg;
	TermEntry  *e;

	if (flags & NEWS_TERM_PART)
		return;
	e = term_table_lookup_or_add(table, term, len);
	e->nword += 1;
}

/*
 * simhash_add
 *		Let one feature vote with weight w on the 64 bits of its hash.
 */
static inline void
simhash_add(double *votes, const char *term, size_t len, double w)
{
	uint64		h = news_term_hash64(term, len);
	int			b;

	for (b = 0; b < 64; b++)
		votes[b] += ((h >> b) & 1) ? w : -w;
}

/*
 * simhash_finish
 *		The fingerprint: the bits with a positive vote total.
 */
static int64
simhash_finish(const double *votes)
{
	uint64		fp = 0;
	int			b;

	for (b = 0; b < 64; b++)
		if (votes[b] > 0)
			fp |= UINT64CONST(1) << b;
	return (int64) fp;
}

/*
 * news_simhash(text) RETURNS bigint
 */
Datum
news_simhash(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	TermTable	table;
	double		votes[64];
	uint32		i;

	term_table_init(&table);
	news_tokenize_terms(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), simhash_term,
						&table);
	memset(votes, 0, sizeof(votes));
	for (i = 0; i < table.nentries; i++)
	{
		TermEntry  *e = &table.entries[i];

		CHECK_FOR_INTERRUPTS();
		simhash_add(votes, TERM_STRING(&table, e), e->len,
					1.0 + log(e->nword));
	}
	term_table_free(&table);
	PG_RETURN_INT64(simhash_finish(votes));
}

/*
 * news_simhash(news_vector) RETURNS bigint
 *		SimHash over the vector's terms with their TF-IDF weights.
 */
Datum
news_simhash_vector(PG_FUNCTION_ARGS)
{
	NewsVector *v = PG_GETARG_NEWS_VECTOR(0);
	const char *s = NV_STRINGS(v);
	double		votes[64];
	uint32		i;

	memset(votes, 0, sizeof(votes));
	for (i = 0; i < v->nterms; i++)
	{
		size_t		len = strlen(s);

		CHECK_FOR_INTERRUPTS();
		simhash_add(votes, s, len, v->entries[i].weight);
		s += len + 1;
	}
	PG_RETURN_INT64(simhash_finish(votes));
}

/*
 * news_hamming(bigint, bigint) RETURNS int
 *		Number of differing bits.
 */
Datum
news_hamming(PG_FUNCTION_ARGS)
{
	uint64		a = (uint64) PG_GETARG_INT64(0);
	uint64		b = (uint64) PG_GETARG_INT64(1);

	PG_RETURN_INT32(news_hamming64(a, b));
}
