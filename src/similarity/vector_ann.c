/*-------------------------------------------------------------------------
 *
 * vector_ann.c
 *	  GiST operator class news_vector_ann_ops: approximate KNN ordering
 *	  (<->) of news_vector with a ball tree.
 *
 * Leaf keys are the leaf keys of news_vector_gist_ops (16-bit slots with
 * rounded-up weights: exact lower bounds of the distance, rechecked).
 * Inner keys are balls (vector_index.h: centroid + angular radius); their
 * distance is 1 - the estimate of vector_ann_core.c, steered by the GUC
 * news_analytics.ann_slack (1 = bound by angles, smaller = faster and
 * possibly missing neighbours).  Penalty and picksplit cluster by cosine
 * to the centroids, like online k-means, so that balls stay small.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/gist.h"
#include "access/stratnum.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include "news_analytics.h"
#include "similarity/news_vector.h"
#include "similarity/vector_index.h"

/* GUC news_analytics.ann_slack */
double		news_ann_slack = 0.5;

PG_FUNCTION_INFO_V1(nv_ann_consistent);
PG_FUNCTION_INFO_V1(nv_ann_distance);
PG_FUNCTION_INFO_V1(nv_ann_union);
PG_FUNCTION_INFO_V1(nv_ann_penalty);
PG_FUNCTION_INFO_V1(nv_ann_picksplit);

/*
 * news_similarity_index_init
 *	  Define the GUCs of the index support (called from _PG_init).
 */
void
news_similarity_index_init(void)
{
	DefineCustomRealVariable(NEWS_GUC_PREFIX ".ann_slack",
							 "Search breadth of news_vector_ann_ops KNN scans.",
							 "1 follows every subtree that could hold a nearer vector by the "
							 "angle bound; smaller values are faster and may miss neighbours.",
							 &news_ann_slack,
							 0.5, 0.0, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
}

/*
 * nv_ann_consistent
 *	  The class orders only; no strategy uses consistent.
 */
Datum
nv_ann_consistent(PG_FUNCTION_ARGS)
{
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);

	elog(ERROR, "news_vector_ann_ops does not support strategy %d", strategy);
	PG_RETURN_BOOL(false);		/* keep compiler quiet */
}

/*
 * nv_ann_distance
 *	  Leaves: exact lower bound (rechecked).  Balls: estimate.
 */
Datum
nv_ann_distance(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	NviKey	   *key = (NviKey *) DatumGetPointer(entry->key);
	NviQuery   *q;

	if (strategy != NVI_STRATEGY_DISTANCE)
		elog(ERROR, "unrecognized news_vector_ann_ops strategy number: %d",
			 strategy);
	*recheck = true;
	q = nvi_get_query(fcinfo);
	if (key->kind == NVI_KIND_LEAF)
		PG_RETURN_FLOAT8(1.0 - nvi_bound_leaf(q, key));
	if (key->kind == NVI_KIND_BALL)
		PG_RETURN_FLOAT8(1.0 - nvi_ball_estimate(q, (NviBall *) key, news_ann_slack));
	ereport(ERROR,
			(errcode(ERRCODE_INDEX_CORRUPTED),
			 errmsg("news_vector_ann_ops key of unexpected kind %d", key->kind)));
	PG_RETURN_FLOAT8(0.0);		/* keep compiler quiet */
}

/*
 * nvi_views
 *	  Views of the keys entries[from .. from + n - 1].
 */
static NviView *
nvi_views(GISTENTRY *entries, int from, int n)
{
	NviView    *views = palloc(sizeof(NviView) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		NviKey	   *k = (NviKey *) DatumGetPointer(entries[from + i].key);

		if (k->kind != NVI_KIND_LEAF && k->kind != NVI_KIND_BALL)
			ereport(ERROR,
					(errcode(ERRCODE_INDEX_CORRUPTED),
					 errmsg("news_vector_ann_ops key of unexpected kind %d",
							k->kind)));
		CHECK_FOR_INTERRUPTS();
		nvi_view_of(&views[i], k);
	}
	return views;
}

/*
 * nvi_make_ball
 *	  Varlena ball key covering the views.
 */
static NviBall *
nvi_make_ball(const NviView *views, int n)
{
	NviBall    *b = nvi_ball_union(views, n);

	SET_VARSIZE(b, NVI_BALL_SIZE(b->n));
	return b;
}

/*
 * nv_ann_union
 *	  Ball covering all given keys.
 */
Datum
nv_ann_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	NviView    *views = nvi_views(entryvec->vector, 0, entryvec->n);
	NviBall    *b = nvi_make_ball(views, entryvec->n);

	for (int i = 0; i < entryvec->n; i++)
		nvi_view_free(&views[i]);
	pfree(views);
	*size = VARSIZE(b);
	PG_RETURN_POINTER(b);
}

/*
 * nv_ann_penalty
 *	  1 - cosine of the new key to the subtree's centroid, plus the growth
 *	  of the radius it would cause, so that balls stay tight.
 */
Datum
nv_ann_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *origentry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *newentry = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	NviKey	   *o = (NviKey *) DatumGetPointer(origentry->key);
	NviKey	   *n = (NviKey *) DatumGetPointer(newentry->key);
	double		c = Max(0.0, Min(1.0, nvi_key_cosine(o, n)));
	double		ocosr = o->kind == NVI_KIND_BALL ? ((NviBall *) o)->cosr : 1.0;
	double		ncosr = n->kind == NVI_KIND_BALL ? ((NviBall *) n)->cosr : 1.0;
	double		grow;

	grow = acos(c) + acos(Max(0.0, Min(1.0, ncosr))) -
		acos(Max(0.0, Min(1.0, ocosr)));
	*penalty = (float) (Max(0.0, grow) + (1.0 - c));
	PG_RETURN_POINTER(penalty);
}

/* an entry of a page being split and its side preference */
typedef struct NviAnnItem
{
	int			idx;
	double		pref;
} NviAnnItem;

static int
nvi_cmp_ann_pref(const void *a, const void *b)
{
	double		x = ((const NviAnnItem *) a)->pref;
	double		y = ((const NviAnnItem *) b)->pref;

	return (x > y) - (x < y);
}

/*
 * nv_ann_picksplit
 *	  Two seeds far apart (farthest from the first entry, then farthest
 *	  from that), one round of assignment to the nearer seed, then one
 *	  round to the nearer of the two resulting centroids (a 2-means step);
 *	  cut where the preference changes sign, each side at least a quarter.
 */
Datum
nv_ann_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	int			n = entryvec->n - FirstOffsetNumber;
	NviView    *views = nvi_views(entryvec->vector, FirstOffsetNumber, n);
	NviAnnItem *items = palloc(sizeof(NviAnnItem) * n);
	NviView    *sorted = palloc(sizeof(NviView) * n);
	int			sl = 0,
				sr = 0,
				cut;
	double		best;

	/* seeds */
	best = -1.0;
	for (int i = 0; i < n; i++)
	{
		double		d = 1.0 - nvi_view_cosine(&views[0], &views[i]);

		if (d > best)
		{
			best = d;
			sr = i;
		}
	}
	best = -1.0;
	for (int i = 0; i < n; i++)
	{
		double		d = 1.0 - nvi_view_cosine(&views[sr], &views[i]);

		if (i != sr && d > best)
		{
			best = d;
			sl = i;
		}
	}
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		items[i].idx = i;
		items[i].pref = nvi_view_cosine(&views[sr], &views[i]) -
			nvi_view_cosine(&views[sl], &views[i]);
	}

	/* 2-means refinement: preference against the two group centroids */
	for (int round = 0; round < 2; round++)
	{
		NviView    *lv = palloc(sizeof(NviView) * n);
		NviView    *rv = palloc(sizeof(NviView) * n);
		int			nl = 0,
					nr = 0;
		NviBall    *lb,
				   *rb;
		NviView		lc,
					rc;

		for (int i = 0; i < n; i++)
		{
			if (items[i].pref < 0.0 || (items[i].pref == 0.0 && i % 2 == 0))
				lv[nl++] = views[i];
			else
				rv[nr++] = views[i];
		}
		if (nl == 0 || nr == 0)
		{
			pfree(lv);
			pfree(rv);
			break;
		}
		lb = nvi_ball_union(lv, nl);
		rb = nvi_ball_union(rv, nr);
		nvi_view_of(&lc, lb);
		nvi_view_of(&rc, rb);
		for (int i = 0; i < n; i++)
		{
			CHECK_FOR_INTERRUPTS();
			items[i].pref = nvi_view_cosine(&rc, &views[i]) -
				nvi_view_cosine(&lc, &views[i]);
		}
		nvi_view_free(&lc);
		nvi_view_free(&rc);
		pfree(lb);
		pfree(rb);
		pfree(lv);
		pfree(rv);
	}
	items[sl].pref = Min(items[sl].pref, -1.0);
	items[sr].pref = Max(items[sr].pref, 1.0);
	qsort(items, n, sizeof(NviAnnItem), nvi_cmp_ann_pref);

	cut = 0;
	while (cut < n && items[cut].pref < 0.0)
		cut++;
	cut = Max(cut, Max(1, n / 4));
	cut = Min(cut, Min(n - 1, n - n / 4));

	v->spl_left = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_right = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_nleft = v->spl_nright = 0;
	for (int k = 0; k < n; k++)
	{
		OffsetNumber off = FirstOffsetNumber + items[k].idx;

		sorted[k] = views[items[k].idx];
		if (k < cut)
			v->spl_left[v->spl_nleft++] = off;
		else
			v->spl_right[v->spl_nright++] = off;
	}
	v->spl_ldatum = PointerGetDatum(nvi_make_ball(sorted, cut));
	v->spl_rdatum = PointerGetDatum(nvi_make_ball(sorted + cut, n - cut));
	for (int i = 0; i < n; i++)
		nvi_view_free(&views[i]);
	PG_RETURN_POINTER(v);
}
