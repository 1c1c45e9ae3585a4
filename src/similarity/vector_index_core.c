/*-------------------------------------------------------------------------
 *
 * vector_index_core.c
 *	  Pure core of the news_vector GiST support: building leaf keys and
 *	  signatures, and the upper bounds of the similarity they give.
 *
 * No server headers: built stand-alone (-DNEWS_STANDALONE) for the unit
 * tests in test/unit/, which compare every bound against the exact dot
 * product of random vectors.  The key layout and the reasoning behind the
 * bounds are described in vector_index.h.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "similarity/vector_index.h"

/*
 * nvi_quant
 *	  Weight -> byte, rounded up so that the byte is an upper bound.
 */
static inline uint8_t
nvi_quant(float w)
{
	double		x = ceil((double) w * NVI_WSCALE);

	if (!(x > 0.0))				/* also catches NaN */
		return 0;
	if (x >= NVI_WSCALE)
		return (uint8_t) NVI_WSCALE;
	return (uint8_t) x;
}

/*
 * nvi_leaf_nslots
 *	  Number of distinct slots of `bits` bits among sorted hashes.
 */
static uint32_t
nvi_leaf_nslots(const NewsVectorEntry *e, uint32_t n, int bits)
{
	uint32_t	count = 0;
	uint32_t	prev = 0;

	for (uint32_t i = 0; i < n; i++)
	{
		uint32_t	s = e[i].hash >> (32 - bits);

		if (i == 0 || s != prev)
			count++;
		prev = s;
	}
	return count;
}

/*
 * nvi_leaf_plan
 *	  Choose the slot width for a vector and return the number of slots its
 *	  leaf key will have; the caller allocates NVI_LEAF_SIZE() of that.
 *	  Fewer bits than 16 are used only for vectors with more than
 *	  NVI_LEAF_MAX_SLOTS distinct 16-bit slots.
 */
uint32_t
nvi_leaf_plan(const NewsVectorEntry *e, uint32_t n, int *bits)
{
	int			b = NVI_SLOT_BITS;
	uint32_t	count = nvi_leaf_nslots(e, n, b);

	while (count > NVI_LEAF_MAX_SLOTS && b > NVI_SLOT_BITS_MIN)
	{
		b--;
		count = nvi_leaf_nslots(e, n, b);
	}
	*bits = b;
	return count;
}

/*
 * nvi_leaf_fill
 *	  Fill a leaf key planned by nvi_leaf_plan(): slots ascending, each with
 *	  the largest (rounded-up) weight of its terms.  Sets everything but the
 *	  varlena header.
 */
void
nvi_leaf_fill(NviKey *key, const NewsVectorEntry *e, uint32_t n, int bits,
			  uint32_t nslots)
{
	uint16_t   *slots;
	uint8_t    *w;
	uint32_t	j = 0;

	key->kind = NVI_KIND_LEAF;
	key->bits = (uint8_t) bits;
	key->n = (uint16_t) nslots;
	slots = NVI_LEAF_SLOTS(key);
	w = NVI_LEAF_W(key);
	for (uint32_t i = 0; i < n; i++)
	{
		uint16_t	s = (uint16_t) (e[i].hash >> (32 - bits));
		uint8_t		q = nvi_quant(e[i].weight);

		if (j > 0 && slots[j - 1] == s)
		{
			if (q > w[j - 1])
				w[j - 1] = q;
			continue;
		}
		slots[j] = s;
		w[j] = q;
		j++;
	}
}

/*
 * nvi_sign_add_leaf
 *	  Raise the buckets of a signature to cover a leaf key.  A leaf slot of
 *	  fewer than 16 bits stands for 2^(16-bits) possible 16-bit slots; all
 *	  their buckets are raised.
 */
void
nvi_sign_add_leaf(uint8_t *sig, int siglen, const NviKey *leaf)
{
	const uint16_t *slots = NVI_LEAF_SLOTS(leaf);
	const uint8_t *w = NVI_LEAF_W(leaf);
	int			shift = NVI_SLOT_BITS - leaf->bits;

	for (int i = 0; i < leaf->n; i++)
	{
		uint32_t	lo = (uint32_t) slots[i] << shift;
		uint32_t	span = (uint32_t) 1 << shift;

		if (span > (uint32_t) siglen)
			span = siglen;		/* covers every bucket anyway */
		for (uint32_t k = 0; k < span; k++)
		{
			uint8_t    *b = &sig[(lo + k) % siglen];

			if (w[i] > *b)
				*b = w[i];
		}
	}
}

/*
 * nvi_sign_add_sign
 *	  Bucket-wise maximum of two signatures of the same length.
 */
void
nvi_sign_add_sign(uint8_t *sig, const uint8_t *other, int siglen)
{
	for (int i = 0; i < siglen; i++)
		if (other[i] > sig[i])
			sig[i] = other[i];
}

/*
 * nvi_query_prepare
 *	  Copy the query's hashes and weights into a NviQuery and precompute the
 *	  16-bit slot of every term.  Arrays are allocated with na_alloc.
 */
void
nvi_query_prepare(NviQuery *q, const NewsVectorEntry *e, uint32_t n)
{
	size_t		m = n > 0 ? n : 1;
	size_t		sz4 = m * sizeof(uint32_t);
	size_t		sz8 = m * sizeof(double);

	q->n = n;
	q->hash = na_alloc(sz4);
	q->w = na_alloc(sz8);
	q->u = na_alloc(sz8);
	q->order = na_alloc(sz4);
	q->ratio = na_alloc(sz8);
	for (uint32_t i = 0; i < n; i++)
	{
		q->hash[i] = e[i].hash;
		q->w[i] = e[i].weight;
	}
}

void
nvi_query_free(NviQuery *q)
{
	na_free(q->hash);
	na_free(q->w);
	na_free(q->u);
	na_free(q->order);
	na_free(q->ratio);
}

/* qsort comparator state: ratios of the terms being sorted */
static const double *nvi_sort_ratio;

static int
nvi_cmp_ratio(const void *a, const void *b)
{
	double		ra = nvi_sort_ratio[*(const uint32_t *) a];
	double		rb = nvi_sort_ratio[*(const uint32_t *) b];

	return (ra > rb) - (ra < rb);
}

/*
 * nvi_waterfill
 *	  max sum q_i d_i  s.t.  0 <= d_i <= u_i,  sum d_i^2 <= 1,
 *	  over the first q->n entries of q->w and q->u (terms with u_i = 0 may
 *	  be present).  The optimum is d_i = min(u_i, lambda q_i): terms with
 *	  the smallest u_i / q_i are capped at u_i, the rest share the
 *	  remaining norm in proportion to q_i.
 */
static double
nvi_waterfill(NviQuery *q)
{
	double		s = 0.0,
				uu = 0.0,
				qq = 0.0,
				capped_s = 0.0,
				capped_uu = 0.0;
	uint32_t	m = 0;

	for (uint32_t i = 0; i < q->n; i++)
	{
		if (q->u[i] <= 0.0 || q->w[i] <= 0.0)
			continue;
		s += q->w[i] * q->u[i];
		uu += q->u[i] * q->u[i];
		q->ratio[i] = q->u[i] / q->w[i];
		q->order[m++] = i;
	}
	if (uu <= 1.0)
		return s;				/* the box alone is the binding constraint */

	nvi_sort_ratio = q->ratio;
	qsort(q->order, m, sizeof(uint32_t), nvi_cmp_ratio);
	for (uint32_t k = 0; k < m; k++)
		qq += q->w[q->order[k]] * q->w[q->order[k]];

	for (uint32_t k = 0; k < m; k++)
	{
		uint32_t	i = q->order[k];
		double		rest = 1.0 - capped_uu;
		double		lambda;

		if (rest <= 0.0 || qq <= 0.0)
			break;
		lambda = sqrt(rest / qq);
		if (q->ratio[i] >= lambda)
			return capped_s + lambda * qq;	/* term i and all after: free */
		capped_s += q->w[i] * q->u[i];
		capped_uu += q->u[i] * q->u[i];
		qq -= q->w[i] * q->w[i];
	}
	return capped_s;
}

/*
 * nvi_finish
 *	  Widen a bound by the float rounding of stored weights (their squares
 *	  sum to 1 only within float4 precision) and clamp it to [0, 1].
 */
static double
nvi_finish(double bound)
{
	bound = bound * (1.0 + 1e-5) + 1e-6;
	if (!(bound >= 0.0))
		return 0.0;
	return bound > 1.0 ? 1.0 : bound;
}

/*
 * nvi_bound_leaf
 *	  Upper bound of the similarity of the query and the vector a leaf key
 *	  was built from: merge on slots (both sorted), water-fill.
 */
double
nvi_bound_leaf(NviQuery *q, const NviKey *leaf)
{
	const uint16_t *slots = NVI_LEAF_SLOTS(leaf);
	const uint8_t *w = NVI_LEAF_W(leaf);
	int			shift = 32 - leaf->bits;
	uint32_t	j = 0;

	for (uint32_t i = 0; i < q->n; i++)
	{
		uint32_t	s = q->hash[i] >> shift;

		while (j < leaf->n && slots[j] < s)
			j++;
		q->u[i] = (j < leaf->n && slots[j] == s) ? w[j] / NVI_WSCALE : 0.0;
	}
	return nvi_finish(nvi_waterfill(q));
}

/*
 * nvi_bound_sign
 *	  Upper bound of the similarity of the query and any vector below a
 *	  signature.
 */
double
nvi_bound_sign(NviQuery *q, const uint8_t *sig, int siglen)
{
	for (uint32_t i = 0; i < q->n; i++)
		q->u[i] = sig[(q->hash[i] >> 16) % siglen] / NVI_WSCALE;
	return nvi_finish(nvi_waterfill(q));
}

/*
 * nvi_leaf_cosine
 *	  Approximate cosine of the vectors behind two leaf keys (dequantized
 *	  weights over equal slots), used to cluster entries at page splits.
 *	  Keys of different slot widths are compared at the smaller width.
 */
double
nvi_leaf_cosine(const NviKey *a, const NviKey *b)
{
	const uint16_t *sa = NVI_LEAF_SLOTS(a),
			   *sb = NVI_LEAF_SLOTS(b);
	const uint8_t *wa = NVI_LEAF_W(a),
			   *wb = NVI_LEAF_W(b);
	int			bits = a->bits < b->bits ? a->bits : b->bits;
	int			sha = a->bits - bits,
				shb = b->bits - bits;
	double		dot = 0.0,
				na = 0.0,
				nb = 0.0;
	int			i = 0,
				j = 0;

	for (int k = 0; k < a->n; k++)
		na += (double) wa[k] * wa[k];
	for (int k = 0; k < b->n; k++)
		nb += (double) wb[k] * wb[k];
	while (i < a->n && j < b->n)
	{
		int			x = sa[i] >> sha,
					y = sb[j] >> shb;

		if (x < y)
			i++;
		else if (x > y)
			j++;
		else
		{
			dot += (double) wa[i] * wb[j];
			i++;
			j++;
		}
	}
	if (na <= 0.0 || nb <= 0.0)
		return 0.0;
	return dot / sqrt(na * nb);
}

/*
 * nvi_sign_cosine
 *	  Cosine of two signatures taken as vectors of bucket weights.
 */
double
nvi_sign_cosine(const uint8_t *a, const uint8_t *b, int siglen)
{
	double		dot = 0.0,
				na = 0.0,
				nb = 0.0;

	for (int i = 0; i < siglen; i++)
	{
		dot += (double) a[i] * b[i];
		na += (double) a[i] * a[i];
		nb += (double) b[i] * b[i];
	}
	if (na <= 0.0 || nb <= 0.0)
		return (na <= 0.0 && nb <= 0.0) ? 1.0 : 0.0;
	return dot / sqrt(na * nb);
}

static int
nvi_cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a;
	uint32_t	y = *(const uint32_t *) b;

	return (x > y) - (x < y);
}

/*
 * nvi_slots_union
 *	  Union of slot-list keys (kind LEAF) as one slot-list key: every slot
 *	  of any input with the largest weight it has there, at the smallest
 *	  slot width among the inputs.  Such a key bounds every vector below it
 *	  exactly as a leaf key does, without the collisions of a signature.
 *	  Returns the number of slots written to `out` (allocated by the caller
 *	  with room for maxslots), or -1 when the union has more than maxslots
 *	  slots (the caller then uses a signature).
 */
int
nvi_slots_union(const NviKey *const *keys, int nkeys, int maxslots, NviKey *out)
{
	int			bits = NVI_SLOT_BITS;
	size_t		total = 0,
				m = 0;
	uint32_t   *pairs;
	size_t		pairs_size;
	int			count = 0;
	uint16_t   *slots;
	uint8_t    *w;

	for (int k = 0; k < nkeys; k++)
	{
		if (keys[k]->bits < bits)
			bits = keys[k]->bits;
		total += keys[k]->n;
	}
	pairs_size = total * sizeof(uint32_t);
	pairs = na_alloc(pairs_size);
	for (int k = 0; k < nkeys; k++)
	{
		const uint16_t *ks = NVI_LEAF_SLOTS(keys[k]);
		const uint8_t *kw = NVI_LEAF_W(keys[k]);
		int			shift = keys[k]->bits - bits;

		for (int i = 0; i < keys[k]->n; i++)
			pairs[m++] = ((uint32_t) (ks[i] >> shift) << 8) | kw[i];
	}
	qsort(pairs, m, sizeof(uint32_t), nvi_cmp_u32);
	for (size_t i = 0; i < m; i++)
		if (i + 1 == m || (pairs[i] >> 8) != (pairs[i + 1] >> 8))
			count++;
	if (count > maxslots)
	{
		na_free(pairs);
		return -1;
	}
	out->kind = NVI_KIND_LEAF;
	out->bits = (uint8_t) bits;
	out->n = (uint16_t) count;
	slots = NVI_LEAF_SLOTS(out);
	w = NVI_LEAF_W(out);
	count = 0;
	for (size_t i = 0; i < m; i++)
	{
		/* sorted by slot, then weight: the last of a run is the largest */
		if (i + 1 == m || (pairs[i] >> 8) != (pairs[i + 1] >> 8))
		{
			slots[count] = (uint16_t) (pairs[i] >> 8);
			w[count] = (uint8_t) (pairs[i] & 0xFF);
			count++;
		}
	}
	na_free(pairs);
	return count;
}
