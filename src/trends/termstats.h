/*-------------------------------------------------------------------------
 *
 * termstats.h
 *	  Contract of the news_termstats type (document frequencies of terms
 *	  over a set of documents) and of the pure cores behind it: the
 *	  counting table, the flat on-disk form, text input/output, and the
 *	  significance heuristics of news_significant_terms().
 *
 * A news_termstats is a varlena (8-byte aligned) laid out as
 *
 *	  int32           vl_len_   varlena header
 *	  uint32          flags     0 in this version; input rejects other bits
 *	  uint32          nterms    number of entries
 *	  uint32          strbytes  bytes of term text after the entries
 *	  int64           ndocs     number of documents counted
 *	  int64           error     bound on the undercount of any document
 *	                            frequency (0 = every count is exact)
 *	  float8          mass      total mass of the documents (see below)
 *	  NewsTermEntry   entries[nterms]   sorted by term bytes, no duplicates
 *	  char            strings[strbytes] the term texts, not NUL-terminated
 *
 * with NewsTermEntry = { int64 df; float8 mass; uint32 off; uint32 len; }.
 *
 * Mass.  Besides its document frequency df, every term has a mass: the sum,
 * over the documents containing it, of 1 / (number of distinct terms of
 * that document).  A document's terms share one unit of mass, so a term of
 * an eight-term headline weighs 1/8 and a term of a 400-term feature 1/400:
 * the mass says how much of the counted text is ABOUT the term.  The
 * header's mass is the sum over all documents (documents without terms add
 * 0).  Always 0 < mass <= df for a term and 0 <= mass <= ndocs overall.
 * The default significance heuristic ("burst") compares masses, the
 * Elasticsearch heuristics compare document frequencies.
 *
 * Bounded size.  A state keeps at most news_analytics.termstats_max_terms
 * terms.  When a counting table grows past twice that, or a state is
 * flattened with more, only the terms with the largest document
 * frequencies are kept (ties: smaller term bytes first) and "error" grows by
 * the largest frequency dropped.  Hence, for every term t:
 *
 *	  stored df(t) <= true df(t) <= stored df(t) + error
 *
 * (a term not stored has stored df 0).  Merging adds both counts and both
 * errors, so the bound survives any tree of merges.  Until a state has seen
 * more than max_terms distinct terms, error is 0 and every count is exact.
 *
 * The header includes no server headers: the cores are built stand-alone
 * for unit tests and fuzzing with -DNEWS_STANDALONE (allocation through
 * na_alloc.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_TERMSTATS_H
#define NEWS_TERMSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct NewsTermEntry
{
	int64_t		df;				/* documents containing the term, >= 1 */
	double		mass;			/* its share of those documents, (0, df] */
	uint32_t	off;			/* offset of the term text in strings[] */
	uint32_t	len;			/* its length in bytes, >= 1 */
} NewsTermEntry;

typedef struct NewsTermStats
{
	int32_t		vl_len_;		/* varlena header (do not touch directly) */
	uint32_t	flags;			/* no flag defined yet */
	uint32_t	nterms;
	uint32_t	strbytes;
	int64_t		ndocs;
	int64_t		error;
	double		mass;
	NewsTermEntry entries[];
} NewsTermStats;

#define NTS_KNOWN_FLAGS		0x00000000u
#define NTS_HDRSIZE			offsetof(NewsTermStats, entries)
#define NTS_STRINGS(s)		((const char *) ((s)->entries + (s)->nterms))
#define NTS_TERM(s, i)		(NTS_STRINGS(s) + (s)->entries[i].off)
#define NTS_SIZE(n, strbytes) \
	(NTS_HDRSIZE + (size_t) (n) * sizeof(NewsTermEntry) + (size_t) (strbytes))

/* hard limits, far below 1 GB: terms per state and bytes per term */
#define NTS_MAX_TERMS		(4 * 1024 * 1024)
#define NTS_MAX_TERM_LEN	2048
/* the range of news_analytics.termstats_max_terms */
#define NTS_MIN_CAP			16
#define NTS_DEFAULT_CAP		50000

/*
 * The counting table (termstats_core.c): an open-addressing hash table of
 * terms with their document frequency.  Each term is counted at most once
 * per document: an item remembers the last document that counted it.
 */
typedef struct NewsTermItem
{
	int64_t		df;
	double		mass;
	int64_t		lastdoc;		/* ndocs value when last counted */
	uint32_t	hash;
	uint32_t	off;			/* in the arena */
	uint32_t	len;
} NewsTermItem;

typedef struct NewsTermTable
{
	int64_t		ndocs;
	int64_t		error;
	double		mass;
	NewsTermItem *items;
	uint32_t	nitems;
	uint32_t	maxitems;
	int32_t    *slots;			/* index into items, -1 = empty */
	uint32_t	nslots;			/* power of two */
	char	   *arena;
	size_t		arenalen;
	size_t		arenasize;
	uint32_t   *docitems;		/* items first counted in the current doc */
	uint32_t	ndocitems;
	uint32_t	maxdocitems;
} NewsTermTable;

extern NewsTermTable *nts_table_new(void);
extern void nts_table_free(NewsTermTable *t);

/*
 * One document: nts_table_begin_doc(), nts_table_count_doc() for each of
 * its terms (repeats are counted once), nts_table_end_doc() to hand out
 * the document's unit of mass.
 */
extern void nts_table_begin_doc(NewsTermTable *t);
extern void nts_table_count_doc(NewsTermTable *t, const char *term, int len);
extern void nts_table_end_doc(NewsTermTable *t);

/* add df documents and mass to the term; false if it was already present */
extern bool nts_table_add(NewsTermTable *t, const char *term, int len,
						  int64_t df, double mass);

/* add a whole flat state (counts, documents, error) */
extern void nts_table_add_state(NewsTermTable *t, const NewsTermStats *s);

/* keep the cap most frequent terms (error grows, see above) */
extern void nts_table_prune(NewsTermTable *t, uint32_t cap);

/* prune to cap, then the flat form (size in vl_len_, plain bytes) */
extern NewsTermStats *nts_table_flatten(NewsTermTable *t, uint32_t cap);

/*
 * The sum of n flat states by a k-way merge walk (termstats_core.c); when
 * more than slack (>= cap) terms result, pruned to the cap most frequent
 * like nts_table_prune().  Flat form as nts_table_flatten() gives it.
 */
extern NewsTermStats *nts_merge_states(const NewsTermStats *const *states,
									   int n, uint32_t cap, uint32_t slack);

/*
 * Backgrounds for one foreground (news_termstats_merge_for): add the counts
 * of the terms of s that occur in only to df[]/mass[] (indexed like only's
 * entries), and build the flat state of the terms with df > 0.
 */
extern void nts_accumulate(const NewsTermStats *s, const NewsTermStats *only,
						   int64_t *df, double *mass);
extern NewsTermStats *nts_from_accumulated(const NewsTermStats *only,
										   const int64_t *df, const double *mass,
										   int64_t ndocs, int64_t error,
										   double totalmass);

/* the df of a term in a flat state (binary search), 0 if absent */
extern int64_t nts_lookup(const NewsTermStats *s, const char *term, int len);

/* sort entry indexes by df descending, then term */
extern void nts_sort_by_df(const NewsTermStats *s, uint32_t *order);

/* compare two terms as the flat order does */
extern int	nts_term_cmp(const char *a, int alen, const char *b, int blen);

/*
 * The same order, with the first bytes compared inline: in a merge join of
 * two term lists most steps are decided there (terms have >= 1 byte).
 */
static inline int
nts_term_cmp_fast(const char *a, int alen, const char *b, int blen)
{
	int			c = (int) (unsigned char) a[0] - (int) (unsigned char) b[0];

	return c != 0 ? c : nts_term_cmp(a, alen, b, blen);
}

/*
 * Check a flat state of size bytes (from binary input or the fuzzer):
 * NULL if valid, else a static description of the first violation.
 */
extern const char *nts_check(const NewsTermStats *s, size_t size);

/*
 * Text form:  ndocs=3 error=0 mass=2.5 {"berlin":2/0.75,"wahl":1/0.25}
 * Terms are double-quoted; inside, \" and \\ escape themselves.  Spaces are
 * allowed around every token.  Input needs ndocs; error (default 0) and
 * mass (default ndocs) may be omitted, and so may a term's "/mass"
 * (default: its df).  Terms may come in any order but not twice; each df
 * is in [1, ndocs], each mass in (0, df], the total mass in [0, ndocs].
 * Masses print as the shortest decimal that reads back exactly.
 */
#define NTS_ERR_SYNTAX		1	/* 22P02 */
#define NTS_ERR_RANGE		2	/* 22003 a number out of range */
#define NTS_ERR_DUPLICATE	3	/* 22P02 a term given twice */
#define NTS_ERR_TOO_MANY	4	/* 54000 more than NTS_MAX_TERMS terms */
#define NTS_ERR_ENCODING	5	/* 22021 (from the verify callback) */

typedef struct NewsTermStatsError
{
	int			code;
	const char *detail;			/* static text */
	size_t		pos;			/* byte offset in the input */
} NewsTermStatsError;

typedef bool (*NewsTermVerifyFunc) (void *arg, const char *term, int len);

extern NewsTermStats *nts_parse_text(const char *input,
									 NewsTermVerifyFunc verify, void *arg,
									 NewsTermStatsError *err);
extern char *nts_to_text(const NewsTermStats *s, size_t *outlen);

/*
 * Significance (significance.c).  Counts of one term: fg_df of fg_n
 * foreground documents, bg_df of bg_n background documents, where the
 * background INCLUDES the foreground (callers with a separate background
 * add the foreground first, as Elasticsearch does).
 */
typedef enum NewsHeuristic
{
	NTS_H_JLH,
	NTS_H_CHI_SQUARE,
	NTS_H_GND,
	NTS_H_MUTUAL_INFORMATION,
	NTS_H_PERCENTAGE,
	NTS_H_BURST				/* the default, see significance.c */
} NewsHeuristic;

/* -1 if the name is unknown */
extern int	nts_heuristic_from_name(const char *name);
extern const char *nts_heuristic_name(int h);

/* the counts of one term; the background includes the foreground */
typedef struct NewsTermCounts
{
	double		fg_df,
				fg_n,
				bg_df,
				bg_n;			/* document frequencies and documents */
	double		fg_mass,
				fg_total,
				bg_mass,
				bg_total;		/* masses of the term and of all documents */
} NewsTermCounts;

extern double nts_score(int heuristic, const NewsTermCounts *c);

/* one candidate of news_significant_terms */
typedef struct NewsSigTerm
{
	const char *term;
	int			len;
	double		score;
	int64_t		fg_df;
	int64_t		bg_df;			/* as given: background counts */
} NewsSigTerm;

typedef struct NewsSigParams
{
	int			heuristic;
	int			k;
	int64_t		min_fg_docs;
	bool		superset;		/* background includes the foreground */
} NewsSigParams;

/*
 * Pick the k best terms of fg against bg into out[0..return-1] (out has
 * room for k); out[].term points into fg.  A term needs min_fg_docs
 * foreground documents and a positive score; a term that is a compound
 * part of (or contains as a part) a better term is skipped.
 */
extern int	nts_significant(const NewsTermStats *fg, const NewsTermStats *bg,
							const NewsSigParams *p, NewsSigTerm *out);

/* is the background not a superset of the foreground? (for "auto") */
extern bool nts_disjoint_evidence(const NewsTermStats *fg,
								  const NewsTermStats *bg);

/* does term a contain b as a compound part (prefix, suffix or long infix)? */
extern bool nts_is_part_of(const char *a, int alen, const char *b, int blen);

#endif							/* NEWS_TERMSTATS_H */
