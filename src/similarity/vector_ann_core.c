/*-------------------------------------------------------------------------
 *
 * vector_ann_core.c
 *	  Pure core of the approximate operator class news_vector_ann_ops: ball
 *	  keys (centroid + angular radius) over news_vector leaf keys, their
 *	  union, and the similarity estimate that orders a KNN scan.
 *
 * The estimate for a ball whose centroid c is at angle a from the query q
 * and whose radius is r:
 *
 *	  cos(a) cos(r) + slack * sin(a) sin(r)
 *
 * With slack = 1 this is cos(a - r), the largest similarity any vector in
 * the ball can have (triangle inequality of angles on the sphere), i.e. an
 * exact bound (up to the cut of the centroid to its heaviest slots).  In
 * high dimensions the part of a vector orthogonal to the centroid is
 * nearly orthogonal to the query's, so the typical best similarity is
 * close to cos(a) cos(r); slack between 0 and 1 interpolates and trades
 * recall for speed.  Leaf distances stay exact lower bounds (the same leaf
 * keys as news_vector_gist_ops), so results are rechecked and never wrong,
 * only possibly missing.
 *
 * No server headers: built stand-alone for the unit tests.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "similarity/vector_index.h"

/*
 * nvi_view_of
 *	  Unit vector view of a LEAF or BALL key (arrays from na_alloc).
 */
void
nvi_view_of(NviView *v, const void *key)
{
	const NviKey *k = (const NviKey *) key;
	const uint16_t *slots;
	const uint8_t *w;
	double		scale,
				norm = 0.0;
	size_t		sz2,
				sz8;

	if (k->kind == NVI_KIND_BALL)
	{
		const NviBall *b = (const NviBall *) key;

		v->bits = b->bits;
		v->n = b->n;
		v->count = b->count;
		v->cosr = b->cosr;
		slots = NVI_BALL_SLOTS_P(b);
		w = NVI_BALL_W(b);
		scale = b->cmax / NVI_WSCALE;
	}
	else
	{
		v->bits = k->bits;
		v->n = k->n;
		v->count = 1;
		v->cosr = 1.0;
		slots = NVI_LEAF_SLOTS(k);
		w = NVI_LEAF_W(k);
		scale = 1.0 / NVI_WSCALE;
	}
	sz2 = (v->n > 0 ? v->n : 1) * sizeof(uint16_t);
	sz8 = (v->n > 0 ? v->n : 1) * sizeof(double);
	v->slots = na_alloc(sz2);
	v->w = na_alloc(sz8);
	for (uint32_t i = 0; i < v->n; i++)
	{
		v->slots[i] = slots[i];
		v->w[i] = w[i] * scale;
		norm += v->w[i] * v->w[i];
	}
	if (norm > 0.0)
	{
		norm = sqrt(norm);
		for (uint32_t i = 0; i < v->n; i++)
			v->w[i] /= norm;
	}
}

void
nvi_view_free(NviView *v)
{
	na_free(v->slots);
	na_free(v->w);
}

/*
 * nvi_view_cosine
 *	  Cosine of two views (both unit vectors); views of different slot
 *	  widths are compared at the smaller width.
 */
double
nvi_view_cosine(const NviView *a, const NviView *b)
{
	int			bits = a->bits < b->bits ? a->bits : b->bits;
	int			sha = a->bits - bits,
				shb = b->bits - bits;
	uint32_t	i = 0,
				j = 0;
	double		dot = 0.0;

	while (i < a->n && j < b->n)
	{
		int			x = a->slots[i] >> sha,
					y = b->slots[j] >> shb;

		if (x < y)
			i++;
		else if (x > y)
			j++;
		else
		{
			dot += a->w[i] * b->w[j];
			i++;
			j++;
		}
	}
	return dot > 1.0 ? 1.0 : dot;
}

/* (slot, value) pair of the centroid accumulation */
typedef struct NviAcc
{
	uint32_t	slot;
	double		v;
} NviAcc;

static int
nvi_cmp_acc_slot(const void *a, const void *b)
{
	uint32_t	x = ((const NviAcc *) a)->slot;
	uint32_t	y = ((const NviAcc *) b)->slot;

	return (x > y) - (x < y);
}

static int
nvi_cmp_acc_desc(const void *a, const void *b)
{
	double		x = ((const NviAcc *) a)->v;
	double		y = ((const NviAcc *) b)->v;

	return (x < y) - (x > y);
}

/*
 * nvi_ball_union
 *	  The ball covering a set of views: centroid = normalized count-weighted
 *	  sum, radius = the largest (angle to child centroid + child radius),
 *	  at most 90 degrees (weights are non-negative).  Returns a palloc'd
 *	  (na_alloc'd) key with everything but the varlena header set; its size
 *	  is NVI_BALL_SIZE(result->n).
 */
NviBall *
nvi_ball_union(const NviView *views, int nviews)
{
	int			bits = NVI_SLOT_BITS;
	size_t		total = 0,
				m = 0,
				sz;
	NviAcc	   *acc;
	uint32_t	nc = 0,
				keep;
	double		norm = 0.0,
				maxangle = 0.0,
				cmax = 0.0;
	uint64_t	count = 0;
	NviView		cv;
	NviBall    *b;
	uint16_t   *bslots;
	uint8_t    *bw;

	for (int k = 0; k < nviews; k++)
	{
		if (views[k].bits < bits)
			bits = views[k].bits;
		total += views[k].n;
		count += views[k].count;
	}
	sz = (total > 0 ? total : 1) * sizeof(NviAcc);
	acc = na_alloc(sz);
	for (int k = 0; k < nviews; k++)
	{
		int			sh = views[k].bits - bits;

		for (uint32_t i = 0; i < views[k].n; i++)
		{
			acc[m].slot = views[k].slots[i] >> sh;
			acc[m].v = views[k].w[i] * views[k].count;
			m++;
		}
	}
	qsort(acc, m, sizeof(NviAcc), nvi_cmp_acc_slot);
	for (size_t i = 0; i < m; i++)
	{
		if (nc > 0 && acc[nc - 1].slot == acc[i].slot)
			acc[nc - 1].v += acc[i].v;
		else
			acc[nc++] = acc[i];
	}
	for (uint32_t i = 0; i < nc; i++)
		norm += acc[i].v * acc[i].v;
	norm = norm > 0.0 ? sqrt(norm) : 1.0;
	for (uint32_t i = 0; i < nc; i++)
		acc[i].v /= norm;

	/* the full centroid as a view, for the radius */
	cv.bits = bits;
	cv.n = nc;
	cv.count = (uint32_t) (count > UINT32_MAX ? UINT32_MAX : count);
	cv.cosr = 1.0;
	sz = (nc > 0 ? nc : 1) * sizeof(uint16_t);
	cv.slots = na_alloc(sz);
	sz = (nc > 0 ? nc : 1) * sizeof(double);
	cv.w = na_alloc(sz);
	for (uint32_t i = 0; i < nc; i++)
	{
		cv.slots[i] = (uint16_t) acc[i].slot;
		cv.w[i] = acc[i].v;
	}
	for (int k = 0; k < nviews; k++)
	{
		double		c = nvi_view_cosine(&cv, &views[k]);
		double		r = views[k].cosr;
		double		angle;

		c = c < 0.0 ? 0.0 : (c > 1.0 ? 1.0 : c);
		r = r < 0.0 ? 0.0 : (r > 1.0 ? 1.0 : r);
		angle = acos(c) + acos(r);
		if (angle > maxangle)
			maxangle = angle;
	}
	if (maxangle > M_PI / 2)
		maxangle = M_PI / 2;

	/* keep the heaviest slots, in slot order */
	keep = nc < NVI_BALL_SLOTS ? nc : NVI_BALL_SLOTS;
	qsort(acc, nc, sizeof(NviAcc), nvi_cmp_acc_desc);
	qsort(acc, keep, sizeof(NviAcc), nvi_cmp_acc_slot);
	for (uint32_t i = 0; i < keep; i++)
		if (acc[i].v > cmax)
			cmax = acc[i].v;
	sz = NVI_BALL_SIZE(keep);
	b = na_alloc(sz);
	memset(b, 0, sz);
	b->kind = NVI_KIND_BALL;
	b->bits = (uint8_t) bits;
	b->n = (uint16_t) keep;
	b->cmax = (float) (cmax > 0.0 ? cmax : 1.0);
	b->cosr = (float) cos(maxangle);
	b->count = cv.count;
	bslots = NVI_BALL_SLOTS_P(b);
	bw = NVI_BALL_W(b);
	for (uint32_t i = 0; i < keep; i++)
	{
		double		q = floor(acc[i].v / b->cmax * NVI_WSCALE + 0.5);

		bslots[i] = (uint16_t) acc[i].slot;
		bw[i] = (uint8_t) (q < 1.0 ? 1.0 : (q > NVI_WSCALE ? NVI_WSCALE : q));
	}
	na_free(acc);
	nvi_view_free(&cv);
	return b;
}

/*
 * nvi_ball_estimate
 *	  Estimated best similarity of the query to a vector in the ball (see
 *	  the file header); slack = 1 gives the angular bound cos(a - r).
 */
double
nvi_ball_estimate(NviQuery *q, const NviBall *b, double slack)
{
	const uint16_t *slots = NVI_BALL_SLOTS_P(b);
	const uint8_t *w = NVI_BALL_W(b);
	int			shift = 32 - b->bits;
	uint32_t	j = 0;
	double		cq = 0.0,
				sq,
				cr = b->cosr,
				sr,
				est;

	for (uint32_t i = 0; i < q->n; i++)
	{
		uint32_t	s = q->hash[i] >> shift;

		while (j < b->n && slots[j] < s)
			j++;
		if (j < b->n && slots[j] == s)
			cq += q->w[i] * (w[j] * (double) b->cmax / NVI_WSCALE);
	}
	cq = cq < 0.0 ? 0.0 : (cq > 1.0 ? 1.0 : cq);
	cr = cr < 0.0 ? 0.0 : (cr > 1.0 ? 1.0 : cr);
	if (slack >= 1.0 && cq >= cr)
		return 1.0;				/* the query lies inside the ball */
	sq = sqrt(1.0 - cq * cq);
	sr = sqrt(1.0 - cr * cr);
	est = cq * cr + slack * sq * sr;
	return est > 1.0 ? 1.0 : est;
}

/*
 * nvi_key_cosine
 *	  Cosine of the vectors of two LEAF or BALL keys (leaf vector or ball
 *	  centroid) in one merge, without building views: the GiST penalty
 *	  runs it for every entry of every page an insertion passes.
 */
double
nvi_key_cosine(const void *ka, const void *kb)
{
	const NviKey *a = (const NviKey *) ka;
	const NviKey *b = (const NviKey *) kb;
	const uint16_t *sa,
			   *sb;
	const uint8_t *wa,
			   *wb;
	int			na,
				nb,
				bits,
				sha,
				shb;
	int			i = 0,
				j = 0;
	double		dot = 0.0,
				nn_a = 0.0,
				nn_b = 0.0;

	if (a->kind == NVI_KIND_BALL)
	{
		sa = NVI_BALL_SLOTS_P((const NviBall *) a);
		wa = NVI_BALL_W((const NviBall *) a);
	}
	else
	{
		sa = NVI_LEAF_SLOTS(a);
		wa = NVI_LEAF_W(a);
	}
	if (b->kind == NVI_KIND_BALL)
	{
		sb = NVI_BALL_SLOTS_P((const NviBall *) b);
		wb = NVI_BALL_W((const NviBall *) b);
	}
	else
	{
		sb = NVI_LEAF_SLOTS(b);
		wb = NVI_LEAF_W(b);
	}
	na = a->n;
	nb = b->n;
	bits = a->bits < b->bits ? a->bits : b->bits;
	sha = a->bits - bits;
	shb = b->bits - bits;
	for (int k = 0; k < na; k++)
		nn_a += (double) wa[k] * wa[k];
	for (int k = 0; k < nb; k++)
		nn_b += (double) wb[k] * wb[k];
	while (i < na && j < nb)
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
	if (nn_a <= 0.0 || nn_b <= 0.0)
		return 0.0;
	dot /= sqrt(nn_a * nn_b);
	return dot > 1.0 ? 1.0 : dot;
}
