/*-------------------------------------------------------------------------
 *
 * news_vector.h
 *	  Contract of the news_vector type: on-disk layout, access macros and
 *	  the exported functions the rest of the extension (similarity
 *	  operators, the GiST operator class, the news_ivf access method)
 *	  builds on.
 *
 * A news_vector holds the weighted terms of one article.  It is a varlena
 * (4-byte aligned, storage "main": kept in the row, so that comparing
 * stored vectors never fetches TOAST chunks) laid out as
 *
 *	  int32            vl_len_     varlena header (never touch directly)
 *	  uint32           nterms      number of entries, 0 .. NV_MAX_TERMS
 *	  uint32           flags       NV_FLAG_* bits; 0 in version 0.1
 *	  NewsVectorEntry  entries[nterms]
 *	  char             strings[]   the nterms term strings, each
 *	                               NUL-terminated, in entry order
 *
 * with NewsVectorEntry = { uint32 hash; float4 weight; } (8 bytes).
 *
 * Invariants, checked by every input path (text input, binary receive)
 * and guaranteed by the constructor:
 *
 *	- entries are sorted by hash, strictly ascending (no duplicate hashes);
 *	- hash == news_term_hash(term string of that entry);
 *	- every weight is finite and > 0;
 *	- the weights are L2-normalized: sum(weight^2) = 1 within float4
 *	  rounding (an empty vector has nterms = 0 and no weights at all).
 *
 * Because of the normalization, the cosine similarity of two vectors is
 * the dot product of their weights over the hashes they share, which is a
 * linear merge of the two sorted entry arrays (news_vector_dot(); it also
 * divides by the exact norms of the stored float4 weights, so that a
 * vector compared with itself gives exactly 1).  Two
 * different terms whose 32-bit hashes collide are stored as one entry
 * (the first term string in byte order is kept, the weights are combined
 * as sqrt(a^2 + b^2)); with 32-bit hashes and a few hundred terms per
 * article this affects about one article in 10^4 and at most one term.
 *
 * The term hash is defined byte-wise (FNV-1a over the UTF-8 bytes of the
 * term, followed by the MurmurHash3 32-bit finalizer), so it is identical
 * on every platform and stable across releases: it is stored on disk and
 * in index keys.  Changing it requires a new on-disk version (flags).
 *
 * This header includes no server headers: the pure functions declared in
 * the first blocks (vector_core.c, vector_parse.c) are pure cores, also
 * built stand-alone for unit tests with -DNEWS_STANDALONE; the server
 * functions at the end are seen only by files that include postgres.h
 * (src/README.md).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_VECTOR_H
#define NEWS_VECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* one weighted term; entries are sorted by hash */
typedef struct NewsVectorEntry
{
	uint32_t	hash;			/* news_term_hash() of the term string */
	float		weight;			/* > 0, L2-normalized over the vector */
} NewsVectorEntry;

/* the varlena as it lies in memory after detoasting */
typedef struct NewsVector
{
	int32_t		vl_len_;		/* varlena header (do not touch directly) */
	uint32_t	nterms;			/* number of entries */
	uint32_t	flags;			/* NV_FLAG_* bits, 0 in version 0.1 */
	NewsVectorEntry entries[];	/* nterms entries, then the strings */
} NewsVector;

/* no flag is defined in version 0.1; input rejects unknown bits */
#define NV_KNOWN_FLAGS		0x00000000u

/* upper bound on entries, keeps every size computation far from 1 GB */
#define NV_MAX_TERMS		(16 * 1024 * 1024)

/* size of the fixed header, and the offset of the first term string */
#define NV_HDRSIZE			offsetof(NewsVector, entries)
#define NV_ENTRIES(v)		((v)->entries)
#define NV_STRINGS(v)		((const char *) ((v)->entries + (v)->nterms))

/* total varlena size for nterms entries and strbytes bytes of strings
 * (strbytes counts the terminating NULs) */
#define NV_SIZE(nterms, strbytes) \
	(NV_HDRSIZE + (size_t) (nterms) * sizeof(NewsVectorEntry) + (size_t) (strbytes))

/*
 * Pure functions (vector_core.c, no server dependency).
 */

/* the stable 32-bit hash of a term given as (bytes, length) */
extern uint32_t news_term_hash(const char *term, size_t len);

/* the stable 64-bit hash used for SimHash features */
extern uint64_t news_term_hash64(const char *term, size_t len);

/*
 * news_entries_next_shared
 *		The merge walk over two hash-sorted entry arrays, the one loop every
 *		pairwise comparison of vectors is built on: advance *i and *j to
 *		the next pair of entries with the same hash (a[*i].hash ==
 *		b[*j].hash) and return true, or return false when either array is
 *		exhausted.  Start with *i = *j = 0; after using a pair, step both
 *		past it (++*i, ++*j).
 *
 * The only branch is the one on a shared hash, which is rare and ends
 * the inner loop; the smaller side advances by comparison results, not
 * by a branch, since which side is smaller is unpredictable.  On 280-term
 * vectors this scores 1.5-1.9 times the pairs per second of a branching
 * merge (test/bench/dot_merge.sh).  A whole walk takes at most na + nb
 * steps.
 */
static inline bool
news_entries_next_shared(const NewsVectorEntry *a, uint32_t na,
						 const NewsVectorEntry *b, uint32_t nb,
						 uint32_t *i, uint32_t *j)
{
	uint32_t	x = *i;
	uint32_t	y = *j;
	bool		found = false;

	while (x < na && y < nb)
	{
		uint32_t	ha = a[x].hash;
		uint32_t	hb = b[y].hash;

		if (ha == hb)
		{
			found = true;
			break;
		}
		x += (ha < hb);
		y += (hb < ha);
	}
	*i = x;
	*j = y;
	return found;
}

/*
 * Sum of the weight products over the shared hashes of two entry arrays,
 * without dividing by the norms: the dot product of the stored weights.
 */
extern double news_entries_shared_dot(const NewsVectorEntry *a, uint32_t na,
									  const NewsVectorEntry *b, uint32_t nb);

/*
 * Cosine similarity of two vectors = sum of weight products over shared
 * hashes (divided by the norms, ~1), clamped to [0, 1].  An empty vector
 * gives 0, never NaN.
 */
extern double news_vector_dot(const NewsVector *a, const NewsVector *b);

/*
 * The same on bare entry arrays (for index support code that keeps
 * entries without strings).
 */
extern double news_entries_dot(const NewsVectorEntry *a, uint32_t na,
							   const NewsVectorEntry *b, uint32_t nb);

/*
 * The two halves of news_entries_dot() for callers that score one vector
 * against many and keep each vector's sum of squared weights:
 * news_entries_sumsq() sums them in entry order (as news_entries_dot()
 * does), news_cosine_from_sums() turns a shared dot and the two sums into
 * the clamped cosine.  news_cosine_from_sums(news_entries_shared_dot(a, b),
 * news_entries_sumsq(a), news_entries_sumsq(b)) is news_entries_dot(a, b)
 * bit for bit.
 */
extern double news_entries_sumsq(const NewsVectorEntry *e, uint32_t n);
extern double news_cosine_from_sums(double dot, double sa, double sb);

/*
 * Fill offsets[0 .. nterms-1] with the byte offset of every term string
 * from NV_STRINGS(v); the caller allocates nterms entries.
 */
extern void news_vector_term_offsets(const NewsVector *v, uint32_t *offsets);

/* number of differing bits of two 64-bit fingerprints */
extern int	news_hamming64(uint64_t a, uint64_t b);

/*
 * Input and output cores (vector_parse.c, no server dependency either).
 *
 * A vector they return is allocated with na_alloc() and carries its plain
 * byte size in vl_len_; the server glue (news_vector.c) turns that into a
 * varlena header.  Errors come back as a NewsVectorError, which the glue
 * reports as:
 *
 *	NV_ERR_SYNTAX     22P02 invalid input syntax for type news_vector
 *	                  ("detail at character pos+1")
 *	NV_ERR_WEIGHT     22P02 invalid weight input+pos[0..weight_len) for term
 *	NV_ERR_DUPLICATE  22P02 duplicate term
 *	NV_ERR_ENCODING   22021 a term is not valid in the encoding (only when
 *	                  the verify callback returns false)
 *	NV_ERR_TOO_MANY   54000 more than NV_MAX_TERMS terms
 *	NV_ERR_TOO_LARGE  54000 more than 1 GB (size)
 *	NV_ERR_BINARY     22P03 invalid binary news_vector (detail)
 */
#define NV_ERR_SYNTAX		1
#define NV_ERR_WEIGHT		2
#define NV_ERR_DUPLICATE	3
#define NV_ERR_ENCODING		4
#define NV_ERR_TOO_MANY		5
#define NV_ERR_TOO_LARGE	6
#define NV_ERR_BINARY		7

typedef struct NewsVectorError
{
	int			code;			/* NV_ERR_* */
	const char *detail;			/* static text (syntax and binary errors) */
	size_t		pos;			/* byte offset in the input */
	size_t		weight_len;		/* NV_ERR_WEIGHT: length of the weight */
	const char *term;			/* weight/duplicate errors: the term */
	size_t		size;			/* NV_ERR_TOO_LARGE: the size needed */
	void	   *owned;			/* freed by news_vector_error_free() */
} NewsVectorError;

/* one term of a vector being built or printed */
typedef struct NewsVectorItem
{
	uint32_t	hash;
	float		weight;
	const char *term;			/* NUL-terminated */
	int			len;
} NewsVectorItem;

/* is the term (not NUL-terminated) valid text?  (may raise an error) */
typedef bool (*NewsVectorVerifyFunc) (void *arg, const char *term, int len);

/*
 * a received term (len bytes, not NUL-terminated) in server encoding, as a
 * new na_alloc'd NUL-terminated string; *nbytes = its length
 */
typedef char *(*NewsVectorRecvTermFunc) (void *arg, const char *bytes,
										 int len, int *nbytes);

/* room for a printed float4, with the NUL (FLOAT_SHORTEST_DECIMAL_LEN) */
#define NV_FLOAT_BUFLEN		16
/* the shortest decimal that reads back as the same float4 */
typedef void (*NewsVectorFormatFunc) (float f, char *buf);

extern NewsVector *news_vector_build_core(NewsVectorItem *items, int nitems,
										  bool normalize,
										  NewsVectorError *err);
extern NewsVector *news_vector_parse_text(const char *input,
										  NewsVectorVerifyFunc verify,
										  void *arg, NewsVectorError *err);
extern NewsVector *news_vector_parse_binary(const char *data, size_t len,
											NewsVectorRecvTermFunc recv_term,
											void *arg, size_t *used,
											NewsVectorError *err);
extern void news_vector_error_free(NewsVectorError *err);
extern NewsVectorItem *news_vector_items_core(const NewsVector *v,
											  bool by_weight);
/* NULL if the text could exceed 1 GB */
extern char *news_vector_to_text(const NewsVector *v,
								 NewsVectorFormatFunc format, size_t *outlen);
extern char *news_vector_to_binary(const NewsVector *v, size_t *outlen);

/*
 * Server functions (news_vector.c, vector_similarity.c).
 */
#ifdef POSTGRES_H

/* the GUC news_analytics.similarity_threshold, in [0, 1] */
extern double news_similarity_threshold;

/*
 * Build a news_vector (palloc'd in CurrentMemoryContext, varlena header
 * set) from a text with the extension's tokenizer and term weighting
 * (corpus statistics when news_analyze_corpus() has been run, the
 * documented fallback otherwise).
 */
extern NewsVector *news_vector_from_text(const char *text, size_t len);

/*
 * Raise ERRCODE_DATA_CORRUPTED unless the header of a detoasted vector
 * fits its size and its hashes are strictly ascending.  Every input path
 * guarantees both; index support code calls this before it trusts a
 * stored or query vector, so corruption gives an error, not wrong results
 * or a read past the datum (news_vector.c).
 */
extern void news_vector_check(const NewsVector *v);

#endif							/* POSTGRES_H */

#endif							/* NEWS_VECTOR_H */
