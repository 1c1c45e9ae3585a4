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
#include "similarity/similarity_internal.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "tokenizer/tokenizer.h"

PG_FUNCTION_INFO_V1(news_simhash);
PG_FUNCTION_INFO_V1(news_hamming);

typedef struct SimhashState
{
	TermTable	table;
	StringInfoData prev;		/* previous word term, for shingles */
	StringInfoData shingle;
	bool		have_prev;
} SimhashState;

/*
 * simhash_term
 *		Tokenizer callback: count word terms and adjacent-word shingles.
 */
static void
simhash_term(void *arg, const char *term, int len, int position, int flags)
{
	SimhashState *st = (SimhashState *) arg;
	TermEntry  *e;

	if (flags & NEWS_TERM_PART)
		return;
	e = term_table_lookup_or_add(&st->table, term, len);
	e->nword += 1;
	if (st->have_prev)
	{
		/* "prev term": a space cannot occur inside a term */
		resetStringInfo(&st->shingle);
		appendBinaryStringInfo(&st->shingle, st->prev.data, st->prev.len);
		appendStringInfoChar(&st->shingle, ' ');
		appendBinaryStringInfo(&st->shingle, term, len);
		e = term_table_lookup_or_add(&st->table, st->shingle.data,
									 st->shingle.len);
		e->nword += 1;
	}
	resetStringInfo(&st->prev);
	appendBinaryStringInfo(&st->prev, term, len);
	st->have_prev = true;
}

/*
 * news_simhash(text) RETURNS bigint
 */
Datum
news_simhash(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	SimhashState st;
	double		votes[64];
	uint64		fp = 0;
	uint32		i;
	int			b;

	term_table_init(&st.table);
	initStringInfo(&st.prev);
	initStringInfo(&st.shingle);
	st.have_prev = false;
	news_tokenize_terms(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), simhash_term, &st);

	memset(votes, 0, sizeof(votes));
	for (i = 0; i < st.table.nentries; i++)
	{
		TermEntry  *e = &st.table.entries[i];
		uint64		h = news_term_hash64(TERM_STRING(&st.table, e), e->len);
		double		w = 1.0 + log(e->nword);

		CHECK_FOR_INTERRUPTS();
		for (b = 0; b < 64; b++)
			votes[b] += ((h >> b) & 1) ? w : -w;
	}
	for (b = 0; b < 64; b++)
		if (votes[b] > 0)
			fp |= UINT64CONST(1) << b;

	term_table_free(&st.table);
	PG_RETURN_INT64((int64) fp);
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
