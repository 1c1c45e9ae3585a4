/*-------------------------------------------------------------------------
 *
 * vector_construct.c
 *	  to_news_vector([statistics,] text) and news_vector(text): tokenize,
 *	  weight and normalize one article.
 *
 * Every term reported by news_tokenize_terms() is counted; a compound
 * part (NEWS_TERM_PART) counts news_part_weight of an occurrence.  The
 * default 1 (parts count like words) was measured best on gnad-dev.csv:
 * the parts are the terms that relate "Cyberkriminalität" to
 * "Kriminalität" (P@10 0.53 without parts, 0.59 with; README).  The
 * term frequency is then dampened, by default sublinearly (tf for tf <= 1,
 * 1 + ln tf above; BM25-style saturation with k1 = 1.2, b = 0.75 is
 * selectable with news_analytics.vector_weighting: on gnad-dev.csv the
 * two are within noise, P@10 0.587 / MAP 0.374 against 0.590 / 0.370, and
 * sublinear tf also ranked the sample corpus' stories better), and
 * multiplied by the dampened corpus idf (vector_weighting.c).  The
 * heaviest news_max_terms terms are kept and the weights L2-normalized,
 * so that similarity is a plain dot product.
 *
 * Two kinds of occurrence count more, because they carry the story
 * rather than the section: one among the first news_lead_words words
 * (title and lead; default 80) counts news_lead_weight (1.5), and a word
 * capitalised inside a sentence (a noun or a name; the tokenizer's
 * NEWS_TERM_CAPITAL) counts news_capital_weight (1.3); both multiply.
 * Measured together (test/bench, "related" on the og2021, semeval and
 * gnad corpora): story MAP on the OG2021 headlines 0.738 -> 0.742,
 * Spearman with the SemEval "Overall" score -0.654 -> -0.661, gnad P@10 /
 * MAP 0.595 / 0.377 -> 0.595 / 0.382.  Alone, neither helped all three
 * (the lead weight lowers gnad P@10, the capital weight the SemEval
 * correlation).  Document length (BM25) still counts plain occurrences.
 *
 * Before any news_analyze_corpus() there is no idf and no average
 * document length; the fallback uses sublinear tf times ln(1 + term
 * length in bytes) (long stems are rarer than short ones) and keeps all
 * terms, because pruning by these weights would keep
 * frequent words (measured on gnad-dev.csv with the foundation
 * tokenizer: P@10 0.43 with pruning, 0.48 without; with the German
 * tokenizer the fallback reaches 0.549, README).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "similarity/similarity_internal.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/builtins.h"

#include "tokenizer/tokenizer.h"

PG_FUNCTION_INFO_V1(news_vector);
PG_FUNCTION_INFO_V1(news_vector_from_text_stats_sql);

typedef struct CollectState
{
	TermTable	table;
	double		nword;			/* occurrences as whole words */
	double		npart;			/* occurrences as compound parts */
} CollectState;

/*
 * collect_term
 *		Tokenizer callback: count occurrences per term, weighted by where
 *		they stand and how they are written (see the file header).
 */
static void
collect_term(void *arg, const char *term, int len, int position, int flags)
{
	CollectState *st = (CollectState *) arg;
	TermEntry  *e = term_table_lookup_or_add(&st->table, term, len);
	double		w = 1;

	if (position <= news_lead_words)
		w *= news_lead_weight;
	if (flags & NEWS_TERM_CAPITAL)
		w *= news_capital_weight;
	if (flags & NEWS_TERM_PART)
	{
		e->npart += w;
		st->npart += 1;
	}
	else
	{
		e->nword += w;
		st->nword += 1;
	}
}

/*
 * weight_desc_cmp
 *		Heavier first; ties by term bytes so that pruning is deterministic.
 */
static int
weight_desc_cmp(const void *a, const void *b)
{
	const NewsVectorItem *ia = (const NewsVectorItem *) a;
	const NewsVectorItem *ib = (const NewsVectorItem *) b;

	if (ia->weight != ib->weight)
		return ia->weight > ib->weight ? -1 : 1;
	return strcmp(ia->term, ib->term);
}

/*
 * news_vector_from_text
 *		Build the vector of a text with the default statistics.
 */
NewsVector *
news_vector_from_text(const char *text, size_t len)
{
	return news_vector_from_text_with(news_corpus_stats(), text, len);
}

/*
 * news_vector_from_text_with
 *		Build the vector of a text with the given statistics (see the file
 *		header).
 */
NewsVector *
news_vector_from_text_with(const NewsCorpusStats *stats, const char *text,
						   size_t len)
{
	CollectState st;
	NewsVectorItem *items;
	int			n = 0;
	uint32		i;
	double		dl;
	NewsVector *v;

	if (len > (size_t) PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text too long for news_vector")));

	term_table_init(&st.table);
	st.nword = 0;
	st.npart = 0;
	news_tokenize_terms(text, (int) len, collect_term, &st);
	dl = st.nword + news_part_weight * st.npart;

	items = palloc(sizeof(NewsVectorItem) * Max(st.table.nentries, 1));
	for (i = 0; i < st.table.nentries; i++)
	{
		TermEntry  *e = &st.table.entries[i];
		double		tf = e->nword + news_part_weight * e->npart;
		double		wtf;
		double		idf;

		CHECK_FOR_INTERRUPTS();
		if (!(tf > 0))
			continue;
		if (news_weight_scheme == NEWS_WEIGHT_BM25 && stats->ndocs > 0 && stats->avgdl > 0)
		{
			double		k1 = NEWS_BM25_K1;
			double		b = NEWS_BM25_B;

			wtf = tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / stats->avgdl));
		}
		else
			wtf = tf <= 1 ? tf : 1 + log(tf);

		/* fallback before news_analyze_corpus(): longer terms are rarer */
		if (stats->ndocs > 0)
			idf = news_corpus_idf(stats, e->hash);
		else
			idf = log(1.0 + e->len);

		/* a vector holds positive weights only (singleton weight 0) */
		if (!((float) (wtf * idf) > 0))
			continue;
		items[n].hash = e->hash;
		items[n].weight = (float) (wtf * idf);
		items[n].term = TERM_STRING(&st.table, e);
		items[n].len = e->len;
		n++;
	}

	/* pruning needs idf: the fallback weights would keep common words */
	if (news_max_terms > 0 && n > news_max_terms && stats->ndocs > 0)
	{
		qsort(items, n, sizeof(NewsVectorItem), weight_desc_cmp);
		n = news_max_terms;
	}

	v = news_vector_build(items, n, true);
	pfree(items);
	term_table_free(&st.table);
	return v;
}

/*
 * to_news_vector(text) and news_vector(text) RETURNS news_vector
 *		With the default statistics: STABLE.
 */
Datum
news_vector(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_POINTER(news_vector_from_text(VARDATA_ANY(t),
											VARSIZE_ANY_EXHDR(t)));
}

/*
 * to_news_vector(statistics regclass, document text) RETURNS news_vector
 *		With the statistics kept in a table: IMMUTABLE, like
 *		to_tsvector(regconfig, text) (vector_weighting.c explains why).
 */
Datum
news_vector_from_text_stats_sql(PG_FUNCTION_ARGS)
{
	const NewsCorpusStats *stats = news_corpus_stats_of(PG_GETARG_OID(0));
	text	   *t = PG_GETARG_TEXT_PP(1);

	PG_RETURN_POINTER(news_vector_from_text_with(stats, VARDATA_ANY(t),
												 VARSIZE_ANY_EXHDR(t)));
}
