/*-------------------------------------------------------------------------
 *
 * vector_index.h
 *	  Contract of the GiST index support of news_vector (vector_gist.c):
 *	  strategy numbers and the layout of the index keys.
 *
 * Operator class news_vector_gist_ops answers
 *
 *	  strategy 1   a % b    similarity(a, b) >= similarity_threshold
 *	  strategy 2   a <-> b  distance 1 - similarity (ordering, KNN)
 *
 * Every key is a varlena of one of two kinds:
 *
 *	- a slot list (kind LEAF) holds, per "slot" (the top `bits` bits of a
 *	  term hash, 9 <= bits <= 16), the largest weight, rounded UP to 1/255,
 *	  of the terms in that slot.  Every leaf key is one: it describes its
 *	  vector nearly exactly (normally bits = 16; only vectors with more than
 *	  NVI_LEAF_MAX_SLOTS distinct slots use fewer bits, so a leaf key never
 *	  exceeds NVI_LEAF_MAX_SLOTS * 3 bytes plus the header).  An inner key
 *	  is one too while the union below it has at most NVI_UNION_MAX_SLOTS
 *	  slots (then its bounds have no bucket collisions);
 *	- otherwise an inner key is a SIGNATURE: for each of `siglen` buckets
 *	  the largest weight (again rounded up) of any term of any vector below
 *	  it whose 16-bit slot falls into that bucket (slot % siglen).
 *
 * Both kinds give, for every query term t, an upper bound u_t of the weight
 * t can have in any vector described by the key.  Because vectors are
 * L2-normalized, the similarity q.d is then at most
 *
 *	  max sum_t q_t d_t  subject to  0 <= d_t <= u_t,  sum_t d_t^2 <= 1
 *
 * which is solved exactly by water-filling (d_t = min(u_t, lambda q_t)).
 * That bound is a true upper bound of the similarity, so 1 - bound is a
 * true lower bound of the distance: KNN scans are exact (the executor
 * rechecks leaf distances against the heap) and % scans lose no row.
 *
 *-------------------------------------------------------------------------
 */
#ifndef VECTOR_INDEX_H
#define VECTOR_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "common/na_alloc.h"
#include "similarity/news_vector.h"

/* strategy numbers of news_vector_gist_ops */
#define NVI_STRATEGY_SIMILAR	1	/* % */
#define NVI_STRATEGY_DISTANCE	2	/* <-> */

/* signature length (bytes = buckets) of inner keys: option siglen */
#define NVI_SIGLEN_DEFAULT		1024
#define NVI_SIGLEN_MIN			16
#define NVI_SIGLEN_MAX			2000

/* leaf keys: at most this many slots (3 bytes each) */
#define NVI_LEAF_MAX_SLOTS		512
#define NVI_SLOT_BITS			16
/* inner keys stay slot lists up to this many slots */
#define NVI_UNION_MAX_SLOTS		512
#define NVI_SLOT_BITS_MIN		9	/* 2^9 = NVI_LEAF_MAX_SLOTS */

/* weights are stored as ceil(w * NVI_WSCALE) in one byte */
#define NVI_WSCALE				255.0

/* key kinds */
#define NVI_KIND_LEAF			1
#define NVI_KIND_SIGN			2

typedef struct NviKey
{
	int32_t		vl_len_;		/* varlena header (do not touch directly) */
	uint8_t		kind;			/* NVI_KIND_* */
	uint8_t		bits;			/* LEAF: slot bits; SIGN: unused (0) */
	uint16_t	n;				/* LEAF: number of slots; SIGN: siglen */
	uint8_t		data[];			/* LEAF: uint16 slots[n] then uint8 w[n];
								 * SIGN: uint8 maxw[n] */
} NviKey;

#define NVI_HDRSIZE				offsetof(NviKey, data)
#define NVI_LEAF_SIZE(n)		(NVI_HDRSIZE + (size_t) (n) * 3)
#define NVI_SIGN_SIZE(n)		(NVI_HDRSIZE + (size_t) (n))
#define NVI_LEAF_SLOTS(k)		((uint16_t *) (k)->data)
#define NVI_LEAF_W(k)			((k)->data + (size_t) (k)->n * sizeof(uint16_t))
#define NVI_SIGN_W(k)			((k)->data)

/*
 * A prepared query: its terms, and scratch space for the bounds (u: the
 * per-term upper bounds of the current key; order/ratio: water-filling).
 */
typedef struct NviQuery
{
	uint32_t	n;
	uint32_t   *hash;
	double	   *w;
	double	   *u;
	uint32_t   *order;
	double	   *ratio;
} NviQuery;

/*
 * Pure functions (vector_index_core.c, no server dependency).
 */
extern uint32_t nvi_leaf_plan(const NewsVectorEntry *e, uint32_t n, int *bits);
extern void nvi_leaf_fill(NviKey *key, const NewsVectorEntry *e, uint32_t n,
						  int bits, uint32_t nslots);
extern void nvi_sign_add_leaf(uint8_t *sig, int siglen, const NviKey *leaf);
extern void nvi_sign_add_sign(uint8_t *sig, const uint8_t *other, int siglen);
extern void nvi_query_prepare(NviQuery *q, const NewsVectorEntry *e, uint32_t n);
extern void nvi_query_free(NviQuery *q);
extern double nvi_bound_leaf(NviQuery *q, const NviKey *leaf);
extern double nvi_bound_sign(NviQuery *q, const uint8_t *sig, int siglen);
extern double nvi_leaf_cosine(const NviKey *a, const NviKey *b);
extern double nvi_sign_cosine(const uint8_t *a, const uint8_t *b, int siglen);
extern int	nvi_slots_union(const NviKey *const *keys, int nkeys, int maxslots,
							NviKey *out);

/*
 * Server functions of the GiST operator class (vector_gist.c), seen only
 * by files that include postgres.h (src/README.md).
 */
#ifdef POSTGRES_H
struct FunctionCallInfoBaseData;

/* leaf key of a detoasted news_vector (palloc'd, varlena header set) */
extern NviKey *nvi_make_leaf(const NewsVector *v);

/* the scan's prepared query (argument 1), cached in fn_extra */
extern NviQuery *nvi_get_query(struct FunctionCallInfoBaseData *fcinfo);
#endif							/* POSTGRES_H */

#endif							/* VECTOR_INDEX_H */
