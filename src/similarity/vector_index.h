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
 *	- a LEAF key describes one vector nearly exactly: for each term the top
 *	  `bits` bits of its 32-bit hash (a "slot", 9 <= bits <= 16) and its
 *	  weight rounded UP to 1/255.  Terms sharing a slot are merged with the
 *	  larger weight.  Normally bits = 16; only vectors with more than
 *	  NVI_LEAF_MAX_SLOTS distinct slots use fewer bits, so a leaf key never
 *	  exceeds NVI_LEAF_MAX_SLOTS * 3 bytes plus the header.
 *	- a SIGNATURE key (inner pages) holds, for each of `siglen` buckets, the
 *	  largest weight (again rounded up to 1/255) of any term of any vector
 *	  below it whose 16-bit slot falls into that bucket (slot % siglen).
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
#define NVI_KIND_BALL			3	/* news_vector_ann_ops inner keys */

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
 * Inner keys of the approximate operator class news_vector_ann_ops
 * (vector_ann.c): a "ball" of the vectors below, given by its centroid
 * (the count-weighted mean of the unit vectors below, normalized, then cut
 * to its NVI_BALL_SLOTS heaviest 16-bit slots, weights in units of
 * cmax / 255) and its angular radius (cosr = cosine of the largest angle
 * between the centroid and any vector below, estimated through the
 * children's radii by the triangle inequality of angles).
 */
#define NVI_BALL_SLOTS			96

typedef struct NviBall
{
	int32_t		vl_len_;		/* varlena header (do not touch directly) */
	uint8_t		kind;			/* NVI_KIND_BALL */
	uint8_t		bits;			/* slot bits of the centroid */
	uint16_t	n;				/* centroid slots kept */
	float		cmax;			/* centroid weight of a stored 255 */
	float		cosr;			/* cosine of the radius */
	uint32_t	count;			/* vectors below */
	uint8_t		data[];			/* uint16 slots[n], then uint8 w[n] */
} NviBall;

#define NVI_BALL_HDRSIZE		offsetof(NviBall, data)
#define NVI_BALL_SIZE(n)		(NVI_BALL_HDRSIZE + (size_t) (n) * 3)
#define NVI_BALL_SLOTS_P(b)		((uint16_t *) (b)->data)
#define NVI_BALL_W(b)			((b)->data + (size_t) (b)->n * sizeof(uint16_t))

/*
 * A key seen as a unit vector over slots (the leaf vector, or the ball's
 * centroid) with its count and radius: what unions and splits work on.
 */
typedef struct NviView
{
	int			bits;
	uint32_t	n;
	uint16_t   *slots;
	double	   *w;				/* unit-normalized */
	uint32_t	count;
	double		cosr;
} NviView;

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
extern void nvi_view_of(NviView *v, const void *key);
extern void nvi_view_free(NviView *v);
extern double nvi_view_cosine(const NviView *a, const NviView *b);
extern double nvi_key_cosine(const void *a, const void *b);
extern NviBall *nvi_ball_union(const NviView *views, int nviews);
extern double nvi_ball_estimate(NviQuery *q, const NviBall *b, double slack);
extern double nvi_sign_growth(const uint8_t *sig, const uint8_t *add, int siglen);

/*
 * Server functions shared by the two operator classes (vector_gist.c).
 */
#ifndef NEWS_STANDALONE
struct FunctionCallInfoBaseData;

/* leaf key of a detoasted news_vector (palloc'd, varlena header set) */
extern NviKey *nvi_make_leaf(const NewsVector *v);

/* the scan's prepared query (argument 1), cached in fn_extra */
extern NviQuery *nvi_get_query(struct FunctionCallInfoBaseData *fcinfo);

/* GUC news_analytics.ann_slack (vector_ann.c) */
extern double news_ann_slack;
extern void news_similarity_index_init(void);
#endif

#endif							/* VECTOR_INDEX_H */
