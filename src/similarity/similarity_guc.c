/*-------------------------------------------------------------------------
 *
 * similarity_guc.c
 *	  GUCs of the similarity subsystem and its initialization.
 *
 * news_analytics.similarity_threshold is the user-facing setting of the %
 * operator; the range [0, 1] is enforced by the GUC machinery itself, so
 * an out-of-range SET fails with SQLSTATE 22023 before any code of ours
 * sees the value.  news_analytics.ivf_probes (lists a news_ivf scan reads)
 * is defined here too; news_ivf_init() adds the index's reloption.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/guc.h"

#include "news_analytics.h"
#include "similarity/ivf.h"
#include "similarity/similarity_internal.h"

double		news_similarity_threshold = 0.3;
int			news_ivf_probes = IVF_DEFAULT_PROBES;
int			news_ivf_max_probes = IVF_DEFAULT_MAX_PROBES;
double		news_ivf_stop_ratio = IVF_DEFAULT_STOP_RATIO;
double		news_ivf_stop_kth = IVF_DEFAULT_STOP_KTH;
int			news_ivf_stop_patience = IVF_DEFAULT_STOP_PATIENCE;

int			news_weight_scheme = NEWS_WEIGHT_TFIDF;
double		news_part_weight = 1.0;
int			news_max_terms = 200;
double		news_idf_exponent = 0.7;
double		news_singleton_weight = 0.5;
int			news_lead_words = 80;
double		news_lead_weight = 1.5;
double		news_capital_weight = 1.3;
double		news_unknown_weight = 1.2;
int			news_prefix_chars = 4;
double		news_prefix_weight = 0.3;
double		news_trigram_weight = 0.0;
int			news_short_words = 12;
double		news_short_unknown_weight = 0;
double		news_phrase_weight = 0;
double		news_number_weight = 0;

static const struct config_enum_entry weighting_options[] = {
	{"tfidf", NEWS_WEIGHT_TFIDF, false},
	{"bm25", NEWS_WEIGHT_BM25, false},
	{NULL, 0, false}
};

/*
 * news_similarity_init
 *		Define the GUCs and register the statistics cache callback.
 */
void
news_similarity_init(void)
{
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".similarity_threshold",
							 "Similarity at or above which news_vector % news_vector is true.",
							 "Cosine similarity of the weighted terms, between 0 and 1.",
							 &news_similarity_threshold,
							 0.3, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomEnumVariable(NEWS_GUC_PREFIX ".vector_weighting",
							 "Term frequency weighting of news_vector().",
							 "tfidf: sublinear tf (1 + ln tf) times idf; bm25: BM25 tf saturation with document length normalization times idf.",
							 &news_weight_scheme,
							 NEWS_WEIGHT_TFIDF, weighting_options,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_part_weight",
							 "Weight of a compound part occurrence relative to a whole word in news_vector().",
							 NULL,
							 &news_part_weight,
							 1.0, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".vector_max_terms",
							"Number of heaviest terms news_vector() keeps (0 = all).",
							NULL,
							&news_max_terms,
							200, 0, NV_MAX_TERMS,
							PGC_USERSET, 0,
							NULL, NULL, NULL);

	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_idf_exponent",
							 "Power to which news_vector() raises the idf of a term.",
							 "1 is plain TF-IDF; smaller values give rare terms less weight.",
							 &news_idf_exponent,
							 0.7, 0.0, 2.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_singleton_weight",
							 "Factor on the weight of terms found in at most one analyzed article.",
							 "Applies once news_analyze_corpus() has run; "
							 "1 = no damping, 0 = drop such terms.",
							 &news_singleton_weight,
							 0.5, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable(NEWS_GUC_PREFIX ".vector_lead_words",
							"Number of first words of a text (title and lead) whose terms news_vector() weights up.",
							"0 = no lead weighting.",
							&news_lead_words,
							80, 0, INT_MAX,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_lead_weight",
							 "Weight of an occurrence among the first vector_lead_words words, relative to one later in the text.",
							 NULL,
							 &news_lead_weight,
							 1.5, 1.0, 10.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_capital_weight",
							 "Weight of an occurrence of a word capitalised inside a sentence (nouns and names), relative to other words.",
							 NULL,
							 &news_capital_weight,
							 1.3, 1.0, 10.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_unknown_weight",
							 "Weight of an occurrence of a word the lexicon does not know (names, foreign and new words), relative to other words.",
							 "1 = no extra weight.",
							 &news_unknown_weight,
							 1.2, 1.0, 10.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".vector_prefix_chars",
							"Length in characters of the word prefixes news_vector() adds as extra terms (0 = none).",
							"A word term longer than this also counts as its prefix, e.g. \"olym*\" for Olympia and olympisch.",
							&news_prefix_chars,
							4, 0, 32,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_prefix_weight",
							 "Weight of an occurrence of a prefix term, relative to one of its word.",
							 NULL,
							 &news_prefix_weight,
							 0.3, 0.01, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_trigram_weight",
							 "Weight of an occurrence of a character trigram of a word, as an extra term of news_vector() in short texts (0 = none).",
							 "The share fades with the length of the text, to none at vector_short_words words; helps headlines, where names are misspelt and inflected.",
							 &news_trigram_weight,
							 0.0, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".vector_short_words",
							"Length in words from which a text gets no short-text evidence (character trigrams, the short-text unknown-word weight); a text of n shorter words gets the share 1 - n / vector_short_words.",
							"0 = every text gets it in full.",
							&news_short_words,
							12, 0, 100000,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_short_unknown_weight",
							 "Weight of an occurrence of a word the lexicon does not know in a very short text; it fades to vector_unknown_weight at vector_short_words words.",
							 "0 = vector_unknown_weight in texts of any length.",
							 &news_short_unknown_weight,
							 0, 0.0, 10.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_phrase_weight",
							 "Weight of an occurrence of two neighbouring capitalised words (multi-word names), as an extra term of news_vector() (0 = none).",
							 NULL,
							 &news_phrase_weight,
							 0, 0.0, 10.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomRealVariable(NEWS_GUC_PREFIX ".vector_number_weight",
							 "Weight of an occurrence of a number with the word after it (its unit or what it counts), as an extra term of news_vector() (0 = none).",
							 "E.g. \"3,5 million\" for 3,5 Millionen, \"75 aktiv\" for 75 Aktive.",
							 &news_number_weight,
							 0, 0.0, 10.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable(NEWS_GUC_PREFIX ".ivf_probes",
							"Number of inverted lists a news_ivf index scan reads (0: chosen per query).",
							"More lists: higher recall, slower scans; probes >= lists gives exact results. 0 stops by the ivf_stop_* rule, after at most ivf_max_probes lists.",
							&news_ivf_probes,
							IVF_DEFAULT_PROBES, 0, IVF_MAX_LISTS,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".ivf_max_probes",
							"Most inverted lists a news_ivf index scan reads when ivf_probes is 0.",
							NULL,
							&news_ivf_max_probes,
							IVF_DEFAULT_MAX_PROBES, 1, IVF_MAX_LISTS,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".ivf_stop_ratio",
							 "A news_ivf scan with ivf_probes = 0 stops before a list whose centroid is less similar to the query than this fraction of the most similar centroid.",
							 "0 disables this rule; higher values read fewer lists.",
							 &news_ivf_stop_ratio,
							 IVF_DEFAULT_STOP_RATIO, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".ivf_stop_kth",
							 "A news_ivf scan with ivf_probes = 0 also reads a list whose centroid's similarity to the query is at least this multiple of the 10th best row's similarity found so far.",
							 "0 disables this rule; lower values read more lists.",
							 &news_ivf_stop_kth,
							 IVF_DEFAULT_STOP_KTH, 0.0, 100.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable(NEWS_GUC_PREFIX ".ivf_stop_patience",
							"A news_ivf scan with ivf_probes = 0 stops after this many lists in a row that changed nothing in its best 10 rows.",
							"0 disables this rule.",
							&news_ivf_stop_patience,
							IVF_DEFAULT_STOP_PATIENCE, 0, IVF_MAX_LISTS,
							PGC_USERSET, 0,
							NULL, NULL, NULL);

	news_weighting_init();
	news_ivf_init();
}
