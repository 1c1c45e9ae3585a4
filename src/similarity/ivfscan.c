/*-------------------------------------------------------------------------
 *
 * ivfscan.c
 *	  news_ivf access method: ordered index scans (ORDER BY vec <-> q).
 *
 * On the first amgettuple call the query is compared with every centroid
 * (cached directory), the news_analytics.ivf_probes most similar lists are
 * read completely, every tuple is scored with the exact cosine of the
 * stored entries, and the candidates are sorted by distance (ties by heap
 * TID, so results are deterministic).  Later calls hand them out in
 * order.  The TIDs are collected before any is returned and no buffer pin
 * is kept, which is safe only under an MVCC snapshot (a TID that VACUUM
 * frees and a new row reuses is invisible to it), so other snapshots are
 * refused.
 *
 * A NULL query returns no rows (NULL vectors are not indexed either).  An
 * empty query vector is at distance 1 from everything and shares no term
 * with any centroid: the lists probed are then the first `probes`.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "access/relscan.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/bufmgr.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "similarity/ivf.h"

/* one scored row */
typedef struct IvfCandidate
{
	double		dist;
	ItemPointerData tid;
	bool		recheck;		/* truncated tuple: dist is a lower bound */
} IvfCandidate;

typedef struct IvfScanOpaqueData
{
	MemoryContext cxt;			/* candidates and the query; reset per rescan */
	bool		first;
	IvfCandidate *cand;
	Size		ncand;
	Size		maxcand;
	Size		pos;
} IvfScanOpaqueData;

typedef IvfScanOpaqueData *IvfScanOpaque;

/*
 * The query prepared for scoring many tuples: an open-addressing table of
 * its hashes, and a 2^16-bit filter of their low 16 bits so that most
 * tuple terms (which the query does not have) cost one bit test.
 */
#define IVF_QFILTER_WORDS	(65536 / 64)

typedef struct IvfQuery
{
	uint32		mask;
	int32	   *slot;			/* entry index + 1, 0 = empty */
	const NewsVectorEntry *e;
	uint32		n;
	double		sa;				/* sum of squared query weights, hash order */
	uint64		filter[IVF_QFILTER_WORDS];
} IvfQuery;

/* a list and the similarity of its centroid to the query */
typedef struct IvfListRank
{
	double		sim;
	uint32		list;
} IvfListRank;

/*
 * ivfbeginscan
 */
IndexScanDesc
ivfbeginscan(Relation index, int nkeys, int norderbys)
{
	IndexScanDesc scan = RelationGetIndexScan(index, nkeys, norderbys);
	IvfScanOpaque so = palloc0(sizeof(IvfScanOpaqueData));

	so->cxt = AllocSetContextCreate(CurrentMemoryContext, "news_ivf scan",
									ALLOCSET_DEFAULT_SIZES);
	so->first = true;
	scan->opaque = so;
	/* the AM provides the arrays for the ORDER BY values it returns */
	scan->xs_orderbyvals = palloc0(sizeof(Datum) * Max(norderbys, 1));
	scan->xs_orderbynulls = palloc(sizeof(bool) * Max(norderbys, 1));
	memset(scan->xs_orderbynulls, true, sizeof(bool) * Max(norderbys, 1));
	return scan;
}

/*
 * ivfrescan
 *		Take the (new) ORDER BY argument; the work happens on the next
 *		amgettuple call.
 */
void
ivfrescan(IndexScanDesc scan, ScanKey keys, int nkeys, ScanKey orderbys,
		  int norderbys)
{
	IvfScanOpaque so = (IvfScanOpaque) scan->opaque;

	if (orderbys && scan->numberOfOrderBys > 0)
		memmove(scan->orderByData, orderbys,
				scan->numberOfOrderBys * sizeof(ScanKeyData));
	MemoryContextReset(so->cxt);
	so->cand = NULL;
	so->ncand = so->maxcand = so->pos = 0;
	so->first = true;
}

/* most similar first, then by list number */
static int
cmp_rank(const void *a, const void *b)
{
	const IvfListRank *ra = a;
	const IvfListRank *rb = b;

	if (ra->sim != rb->sim)
		return ra->sim > rb->sim ? -1 : 1;
	return (ra->list > rb->list) - (ra->list < rb->list);
}

/* nearest first, then by heap TID */
static int
cmp_candidate(const void *a, const void *b)
{
	const IvfCandidate *ca = a;
	const IvfCandidate *cb = b;

	if (ca->dist != cb->dist)
		return ca->dist < cb->dist ? -1 : 1;
	return ItemPointerCompare((ItemPointer) &ca->tid, (ItemPointer) &cb->tid);
}

/*
 * ivf_query_prepare
 */
static IvfQuery *
ivf_query_prepare(const NewsVector *q)
{
	IvfQuery   *qp = palloc0(sizeof(IvfQuery));
	uint32		size = 16;

	while (size < 4 * q->nterms)
		size <<= 1;
	qp->mask = size - 1;
	qp->slot = palloc0(sizeof(int32) * size);
	qp->e = NV_ENTRIES(q);
	qp->n = q->nterms;
	for (uint32 i = 0; i < q->nterms; i++)
	{
		uint32		h = qp->e[i].hash;
		uint32		k = (h * 2654435761u) & qp->mask;

		while (qp->slot[k] != 0)
			k = (k + 1) & qp->mask;
		qp->slot[k] = (int32) i + 1;
		qp->filter[(h & 0xFFFF) >> 6] |= UINT64CONST(1) << (h & 63);
		qp->sa += (double) qp->e[i].weight * qp->e[i].weight;
	}
	return qp;
}

/*
 * ivf_query_cosine
 *		news_entries_dot(query, tuple) computed by probing the query table
 *		instead of merging.  The products, the tuple's squares and the
 *		query's squares are summed in the same (hash) order as the merge,
 *		so the result is bit for bit the operator's: a scan at probes >=
 *		lists returns exactly the distances of a sequential scan.
 */
static double
ivf_query_cosine(const IvfQuery *qp, const NewsVectorEntry *t, uint32 nt)
{
	double		sum = 0.0;
	double		sb = 0.0;
	double		sim;

	for (uint32 i = 0; i < nt; i++)
	{
		uint32		h = t[i].hash;
		double		wb = t[i].weight;

		sb += wb * wb;
		if (qp->filter[(h & 0xFFFF) >> 6] & (UINT64CONST(1) << (h & 63)))
		{
			uint32		k = (h * 2654435761u) & qp->mask;
			int32		j;

			while ((j = qp->slot[k]) != 0)
			{
				if (qp->e[j - 1].hash == h)
				{
					sum += (double) qp->e[j - 1].weight * wb;
					break;
				}
				k = (k + 1) & qp->mask;
			}
		}
	}
	if (!(sum > 0.0))
		return 0.0;
	sim = sum / sqrt(qp->sa * sb);
	if (!(sim > 0.0))
		return 0.0;
	if (sim > 1.0)
		return 1.0;
	return sim;
}

/*
 * partial_dot
 *		Plain dot product over shared hashes (no norm division): for a
 *		truncated tuple, whose stored weights are a part of a unit vector.
 */
static double
partial_dot(const NewsVectorEntry *a, uint32 na, const NewsVectorEntry *b, uint32 nb)
{
	uint32		i = 0;
	uint32		j = 0;
	double		sum = 0.0;

	while (i < na && j < nb)
	{
		if (a[i].hash < b[j].hash)
			i++;
		else if (a[i].hash > b[j].hash)
			j++;
		else
			sum += (double) a[i++].weight * b[j++].weight;
	}
	return sum;
}

/*
 * ivf_add_candidate
 *		Append one scored heap TID to the scan's candidate array (in the
 *		scan's memory context; doubled as needed, so all candidates of the
 *		probed lists are kept until the scan ends: about 24 bytes a row).
 */
static void
ivf_add_candidate(IvfScanOpaque so, ItemPointer tid, double dist, bool recheck)
{
	if (so->ncand >= so->maxcand)
	{
		so->maxcand = Max(1024, so->maxcand * 2);
		if (so->cand == NULL)
			so->cand = MemoryContextAllocHuge(so->cxt, so->maxcand * sizeof(IvfCandidate));
		else
			so->cand = repalloc_huge(so->cand, so->maxcand * sizeof(IvfCandidate));
	}
	so->cand[so->ncand].dist = dist;
	so->cand[so->ncand].tid = *tid;
	so->cand[so->ncand].recheck = recheck;
	so->ncand++;
}

/*
 * ivf_scan_list
 *		Score every tuple of one list.
 */
static void
ivf_scan_list(IndexScanDesc scan, BlockNumber blkno, const NewsVector *q,
			  const IvfQuery *qp)
{
	IvfScanOpaque so = (IvfScanOpaque) scan->opaque;
	Relation	index = scan->indexRelation;

	while (BlockNumberIsValid(blkno))
	{
		Buffer		buf;
		Page		page;
		OffsetNumber maxoff;

		buf = ivf_read_data_page(index, blkno, BUFFER_LOCK_SHARE, NULL);
		page = BufferGetPage(buf);
		maxoff = PageGetMaxOffsetNumber(page);
		for (OffsetNumber off = FirstOffsetNumber; off <= maxoff; off++)
		{
			ItemId		iid = PageGetItemId(page, off);
			IvfTuple	t;
			double		dist;
			bool		truncated;

			if (!ItemIdIsUsed(iid))
				continue;
			t = (IvfTuple) PageGetItem(page, iid);
			truncated = (t->flags & IVF_TUPLE_TRUNCATED) != 0;
			if (!truncated)
				dist = 1.0 - ivf_query_cosine(qp, t->entries, t->nterms);
			else
			{
				/* upper bound of the similarity: unseen weights all shared */
				double		sim = partial_dot(NV_ENTRIES(q), q->nterms,
											  t->entries, t->nterms) + t->residual;

				dist = Max(0.0, 1.0 - Min(sim, 1.0));
			}
			ivf_add_candidate(so, &t->tid, dist, truncated);
		}
		blkno = IvfPageGetOpaque(page)->nextblkno;
		UnlockReleaseBuffer(buf);
	}
}

/*
 * ivf_scan_start
 *		Rank the lists, score the probed ones, sort the candidates.
 */
static void
ivf_scan_start(IndexScanDesc scan)
{
	IvfScanOpaque so = (IvfScanOpaque) scan->opaque;
	Relation	index = scan->indexRelation;
	MemoryContext old;
	IvfDirectory *dir;
	NewsVector *q;
	IvfListRank *rank;
	uint32		probes;
	IvfQuery   *qp;

	if (scan->orderByData == NULL || scan->numberOfOrderBys < 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("news_ivf index scans need ORDER BY vec <-> query")));
	if (!IsMVCCSnapshot(scan->xs_snapshot))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("news_ivf index scans need an MVCC snapshot")));
	if (scan->orderByData[0].sk_flags & SK_ISNULL)
		return;					/* NULL query: no rows */

	old = MemoryContextSwitchTo(so->cxt);
	q = (NewsVector *) PG_DETOAST_DATUM_COPY(scan->orderByData[0].sk_argument);
	news_vector_check(q);
	dir = ivf_get_directory(index);

	rank = palloc(sizeof(IvfListRank) * dir->nlists);
	for (uint32 i = 0; i < dir->nlists; i++)
	{
		rank[i].list = i;
		rank[i].sim = news_entries_dot(NV_ENTRIES(q), q->nterms,
									   dir->centroids.e[i], dir->centroids.len[i]);
	}
	qsort(rank, dir->nlists, sizeof(IvfListRank), cmp_rank);
	probes = Min((uint32) news_ivf_probes, dir->nlists);

	qp = ivf_query_prepare(q);
	for (uint32 p = 0; p < probes; p++)
		ivf_scan_list(scan, dir->head[rank[p].list], q, qp);

	if (so->ncand > 1)
		qsort(so->cand, so->ncand, sizeof(IvfCandidate), cmp_candidate);
	pgstat_count_index_scan(index);
	MemoryContextSwitchTo(old);
}

/*
 * ivfgettuple
 *		The next row in distance order.
 */
bool
ivfgettuple(IndexScanDesc scan, ScanDirection dir)
{
	IvfScanOpaque so = (IvfScanOpaque) scan->opaque;

	if (so->first)
	{
		so->first = false;
		ivf_scan_start(scan);
	}
	if (so->pos >= so->ncand)
		return false;

	scan->xs_heaptid = so->cand[so->pos].tid;
	scan->xs_recheck = false;
	scan->xs_recheckorderby = so->cand[so->pos].recheck;
	scan->xs_orderbyvals[0] = Float8GetDatum(so->cand[so->pos].dist);
	scan->xs_orderbynulls[0] = false;
	so->pos++;
	return true;
}

/*
 * ivfendscan
 */
void
ivfendscan(IndexScanDesc scan)
{
	IvfScanOpaque so = (IvfScanOpaque) scan->opaque;

	MemoryContextDelete(so->cxt);
	pfree(so);
	scan->opaque = NULL;
}
