/*-------------------------------------------------------------------------
 *
 * similarity_internal.h
 *	  Declarations shared by the server-side files of the similarity
 *	  subsystem (not part of the news_vector contract in news_vector.h).
 *
 *	  term_table.c        a hash table of distinct terms with counters,
 *	                      used to build vectors and to count document
 *	                      frequencies
 *	  vector_weighting.c  corpus statistics: news_analyze_corpus() and the
 *	                      per-backend cache of document frequencies
 *	  news_vector.c       the type's I/O and the constructor
 *
 * Like every server header it expects postgres.h to be included first.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIMILARITY_INTERNAL_H
#define SIMILARITY_INTERNAL_H

#include "fmgr.h"
#include "common/pg_compat.h"

#include "similarity/news_vector.h"
#include "tokenizer/tokenizer.h"

/*
 * One distinct term of a TermTable.  The counters are for the caller:
 * the vector constructor counts whole-word and compound-part occurrences,
 * news_analyze_corpus() counts documents.
 */
typedef struct TermEntry
{
	uint32		hash;			/* news_term_hash() of the term */
	uint32		len;			/* term length in bytes */
	Size		stroff;			/* offset of the term in TermTable.strings */
	double		nword;			/* occurrences as a whole word */
	double		npart;			/* occurrences as a compound part */
	double		nfade;			/* occurrences whose weight fades with the
								 * length of the text (trigram terms) */
	int64		last_doc;		/* last document that contained it */
	int64		df;				/* number of documents containing it */
} TermEntry;

typedef struct TermTable
{
	TermEntry  *entries;		/* distinct terms in insertion order */
	uint32		nentries;
	uint32		maxentries;
	int32	   *slots;			/* open addressing: index into entries, -1 */
	uint32		nslots;			/* power of two */
	char	   *strings;		/* term bytes, NUL-terminated each */
	Size		strlen;
	Size		strcap;
} TermTable;

extern void term_table_init(TermTable *table);
extern TermEntry *term_table_lookup_or_add(TermTable *table,
										   const char *term, int len);
extern void term_table_free(TermTable *table);

#define TERM_STRING(table, e)	((table)->strings + (e)->stroff)

/*
 * Corpus statistics (vector_weighting.c).  news_corpus_stats() returns
 * the cached default statistics, news_corpus_stats_of() those kept in a
 * statistics table, loading them first when they changed since the last
 * load; both raise an error if the current user may not use them.
 * ndocs = 0 means "never analyzed" and selects the fallback weighting.
 */
typedef struct NewsCorpusStats
{
	double		ndocs;			/* documents analyzed, 0 if none */
	double		avgdl;			/* average document length in terms */
	struct HTAB *df;			/* uint32 hash -> int32 document frequency */
} NewsCorpusStats;

extern const NewsCorpusStats *news_corpus_stats(void);
extern const NewsCorpusStats *news_corpus_stats_of(Oid relid);
extern NewsVector *news_vector_from_text_with(const NewsCorpusStats *stats,
											  const char *text, size_t len);
extern double news_corpus_idf(const NewsCorpusStats *stats, uint32 hash);
extern void news_weighting_init(void);

/* news_vector.c: build the varlena from final (hash, weight, term) data
 * (NewsVectorItem is declared in news_vector.h) */
extern NewsVector *news_vector_build(NewsVectorItem *items, int nitems,
									 bool normalize);
extern NewsVectorItem *news_vector_items(const NewsVector *v, bool by_weight);

/* fetch a detoasted (4-byte header, aligned) news_vector argument */
#define PG_GETARG_NEWS_VECTOR(n) \
	((NewsVector *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

/*
 * Weighting parameters (similarity_guc.c): the GUCs
 * news_analytics.vector_weighting, vector_part_weight, vector_max_terms
 * and vector_idf_exponent;
 * their defaults were chosen by measurement (README).  BM25's k1 and b
 * are the customary constants.
 */
#define NEWS_WEIGHT_TFIDF	0	/* sublinear tf times idf */
#define NEWS_WEIGHT_BM25	1	/* BM25 tf saturation times idf */
extern int	news_weight_scheme;		/* NEWS_WEIGHT_* */
extern double news_part_weight;		/* tf share of a compound part */
extern int	news_max_terms;			/* keep the N heaviest terms, 0 = all */
extern double news_idf_exponent;	/* idf is raised to this power */
extern double news_singleton_weight;	/* factor for df <= 1 terms */
extern int	news_lead_words;	/* first words weighted up (0 = off) */
extern double news_lead_weight;	/* tf share of an occurrence in the lead */
extern double news_capital_weight;	/* tf share of a capitalised word */
extern double news_unknown_weight;	/* tf share of a word unknown to the
									 * lexicon */
extern int	news_prefix_chars;		/* prefix backoff length, 0 = none */
extern double news_prefix_weight;	/* tf share of a prefix term */
extern double news_trigram_weight;	/* tf share of a trigram term, 0 = none */
extern int	news_short_words;		/* texts of this many words get no
									 * short-text evidence, shorter ones a
									 * fading share; 0 = all texts in full */
extern double news_short_unknown_weight;	/* tf share of an unknown word
											 * in a text of one word; 0 = as
											 * in longer texts */
extern double news_phrase_weight;	/* tf share of a pair of capitalised
									 * words, 0 = none */
extern double news_number_weight;	/* tf share of a number with its unit,
									 * 0 = none */

/*
 * Beside the tokenizer's terms, news_vector() counts extra terms
 * (vector_construct.c): character prefixes of words ("olym*"), character
 * trigrams ("~oly") and pairs of capitalised words ("anna kiesenhofer"),
 * and weights words unknown to the lexicon.  news_vector_terms() streams
 * them all with these flags beside the tokenizer's (tokenizer.h), so that
 * news_analyze_corpus() counts the extra terms' documents too.
 */
#define NEWS_TERM_PHRASE	0x100	/* a pair of capitalised words */
#define NEWS_TERM_PREFIX	0x200	/* a character prefix of a word */
#define NEWS_TERM_TRIGRAM	0x400	/* a character trigram of a word */
#define NEWS_TERM_UNKNOWN	0x800	/* a word the lexicon does not know */
#define NEWS_TERM_NUMBER	0x1000	/* a number and the word after it */
#define NEWS_TERM_EXTRA		(NEWS_TERM_PHRASE | NEWS_TERM_PREFIX | \
							 NEWS_TERM_TRIGRAM | NEWS_TERM_NUMBER)

extern void news_vector_terms(const char *text, int len,
							  NewsTermCallback callback, void *arg);

/* Is this term string a prefix ("olym*") or trigram ("~oly") term? */
static inline bool
news_term_is_backoff(const char *term, int len)
{
	return len > 1 && (term[len - 1] == '*' || term[0] == '~');
}

/*
 * BM25's k1 (tf saturation) and b (document length normalization), at the
 * customary values.  Constants, not GUCs, on purpose: a stored news_vector
 * keeps the weights of the moment it was built, and vectors built with
 * different k1/b would be compared as if they were alike.  The GUC
 * vector_weighting only chooses whether BM25 is used at all.
 */
#define NEWS_BM25_K1		1.2
#define NEWS_BM25_B			0.75

#endif							/* SIMILARITY_INTERNAL_H */
