/*-------------------------------------------------------------------------
 *
 * ivfscan.c
 *	  news_ivf access method: ordered index scans (ORDER BY vec <-> q).
 *
 * On the first amgettuple call the query is compared with every centroid
 * (cached directory), lists are read in centroid order (a fixed number,
 * news_analytics.ivf_probes, or by the per-query stopping rule of
 * ivf_scan_start at ivf_probes = 0), every tuple is scored by table
 * look-ups of its packed entries, giving a lower bound of its distance
 * (ivf.h), and the candidates are heaped by that bound (ties by heap
 * TID).  Later calls pop them in order; the executor rechecks each row
 * against the heap value and reorders, so the distances returned and
 * their order are exact for the rows of the lists read.  The TIDs are
 * collected before any is returned and no buffer pin is kept, which is
 * safe only under an MVCC snapshot (a TID that VACUUM frees and a new row
 * reuses is invisible to it), so other snapshots are refused.
 *
 * Where the time goes (perf, 100,000 articles, 100 lists of ~1,000 rows):
 * scoring the tuples' entries, then reading the list's pages (buffer
 * look-ups), then the executor's recheck of the rows returned.  Hence the
 * compact tuples (half the bytes), the branch-free look-ups, and reading
 * as few lists as the query needs.
 *
 * A NULL query returns no rows (NULL vectors are not indexed either).  An
 * empty query vector is at distance 1 from everything and shares no term
 * with any centroid: the lists are then read in list number order.
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
	double		dist;			/* a lower bound of the exact distance */
	ItemPointerData tid;
} IvfCandidate;

/* the similarities of the best IVF_STOP_K rows seen so far (a min-heap) */
typedef struct IvfTopK
{
	int			n;
	double		sim[IVF_STOP_K];
} IvfTopK;

typedef struct IvfScanOpaqueData
{
	MemoryContext cxt;			/* candidates and the query; reset per rescan */
	bool		first;
	IvfCandidate *cand;			/* a min-heap on (dist, tid) once scored */
	Size		ncand;
	Size		maxcand;
	IvfTopK		topk;
	uint32		listsread;		/* lists read by the last scan (tests) */
} IvfScanOpaqueData;

typedef IvfScanOpaqueData *IvfScanOpaque;

/*
 * The query prepared for scoring many tuples: its (hash, weight) entries
 * in two tables of 2^bits slots each, every hash in exactly one of its
 * two slots (cuckoo hashing).  A tuple term then costs two loads and two
 * compares without a branch: the weight of a slot counts only when its
 * hash is the term's, and an empty slot has weight 0.
 */
typedef struct IvfSlot
{
	uint32		hash;
	float4		weight;
} IvfSlot;

typedef struct IvfQuery
{
	int			bits;
	uint32		mask;
	IvfSlot    *t1;				/* slot hash & mask */
	IvfSlot    *t2;				/* slot (hash * golden) >> (32 - bits) */
	/* the same keyed by the 24 hash bits of packed entries */
	IvfSlot    *c1;				/* slot (key >> 8) & mask */
	IvfSlot    *c2;
	double		scale;			/* (1 + IVF_NORM_SLACK) / |query| */
	float4		code_weight[IVF_NCODES];	/* ivf_code_weight() */
} IvfQuery;

/*
 * Stored weights are L2-normalized within the tolerance of the input
 * paths (a norm within 1e-5 of 1): the similarity the operator computes
 * (products divided by both exact norms) is then at most the products
 * divided by the query's norm, times 1 + this slack.
 */
#define IVF_NORM_SLACK		2e-5

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
	so->ncand = so->maxcand = 0;
	so->topk.n = 0;
	so->listsread = 0;
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

/* does candidate a come before b: nearer, or as near with a smaller TID */
static inline bool
cand_before(const IvfCandidate *a, const IvfCandidate *b)
{
	if (a->dist != b->dist)
		return a->dist < b->dist;
	return ItemPointerCompare((ItemPointer) &a->tid, (ItemPointer) &b->tid) < 0;
}

/*
 * cand_sift_down
 *		Restore the min-heap below position i of c[0 .. n-1].
 */
static void
cand_sift_down(IvfCandidate *c, Size n, Size i)
{
	IvfCandidate x = c[i];

	for (;;)
	{
		Size		l = 2 * i + 1;

		if (l >= n)
			break;
		if (l + 1 < n && cand_before(&c[l + 1], &c[l]))
			l++;
		if (!cand_before(&c[l], &x))
			break;
		c[i] = c[l];
		i = l;
	}
	c[i] = x;
}

/*
 * ivf_query_put
 *		Insert one entry into a pair of cuckoo tables (slots from the hash
 *		shifted right by `low` bits, and from the golden-ratio product);
 *		an entry whose hash is there already keeps the larger weight (two
 *		query terms sharing the 24 bits of a packed entry: the larger
 *		keeps the score an upper bound).  False when the entry did not
 *		settle within a bounded number of moves (the caller grows them).
 */
static bool
ivf_query_put(IvfSlot *ta, IvfSlot *tb, int bits, int low, IvfSlot e)
{
	uint32		mask = ((uint32) 1 << bits) - 1;

	for (int moves = 0; moves < 64; moves++)
	{
		IvfSlot    *s1 = &ta[(e.hash >> low) & mask];
		IvfSlot    *s2 = &tb[(e.hash * 2654435761u) >> (32 - bits)];
		IvfSlot		old;

		if (s1->weight != 0.0f && s1->hash == e.hash)
		{
			s1->weight = Max(s1->weight, e.weight);
			return true;
		}
		if (s2->weight != 0.0f && s2->hash == e.hash)
		{
			s2->weight = Max(s2->weight, e.weight);
			return true;
		}
		if (s1->weight == 0.0f)
		{
			*s1 = e;
			return true;
		}
		if (s2->weight == 0.0f)
		{
			*s2 = e;
			return true;
		}
		/* evict alternately from either table */
		old = (moves & 1) ? *s2 : *s1;
		if (moves & 1)
			*s2 = e;
		else
			*s1 = e;
		e = old;
	}
	return false;
}

/*
 * The slots of the query tables, kept for the backend's life: a scan
 * uses them only inside ivf_scan_start (so nested scans cannot clash),
 * and reusing them saves allocating and page-faulting tens of kilobytes
 * for every query.
 */
static IvfSlot *ivf_slots = NULL;
static Size ivf_nslots = 0;

/*
 * ivf_query_slots
 *		4 << bits zeroed slots (the four tables of one query).
 */
static IvfSlot *
ivf_query_slots(int bits)
{
	Size		n = (Size) 4 << bits;

	if (n > ivf_nslots)
	{
		if (ivf_slots)
			pfree(ivf_slots);
		ivf_slots = NULL;
		ivf_nslots = 0;
		ivf_slots = MemoryContextAllocHuge(TopMemoryContext, n * sizeof(IvfSlot));
		ivf_nslots = n;
	}
	memset(ivf_slots, 0, n * sizeof(IvfSlot));
	return ivf_slots;
}

/*
 * ivf_query_prepare
 *		The query's tables: each at least twice as many slots as the query
 *		has entries (and 1024), so that insertion practically never fails
 *		(the two tables of a pair are then at most a quarter full); when it
 *		does, the tables double.
 */
static IvfQuery *
ivf_query_prepare(const NewsVector *q)
{
	IvfQuery   *qp = palloc0(sizeof(IvfQuery));
	const NewsVectorEntry *e = NV_ENTRIES(q);
	double		sa = 0.0;
	int			bits = 10;

	while (bits < 24 && ((uint32) 1 << bits) < 2 * q->nterms)
		bits++;
	for (uint32 i = 0; i < q->nterms; i++)
		sa += (double) e[i].weight * e[i].weight;
	qp->scale = sa > 0.0 ? (1.0 + IVF_NORM_SLACK) / sqrt(sa) : 0.0;
	for (int c = 0; c < IVF_NCODES; c++)
		qp->code_weight[c] = ivf_code_weight(c);

	for (;;)
	{
		bool		ok = true;

		qp->bits = bits;
		qp->mask = ((uint32) 1 << bits) - 1;
		qp->t1 = ivf_query_slots(bits);
		qp->t2 = qp->t1 + ((Size) 1 << bits);
		qp->c1 = qp->t2 + ((Size) 1 << bits);
		qp->c2 = qp->c1 + ((Size) 1 << bits);
		for (uint32 i = 0; i < q->nterms && ok; i++)
		{
			IvfSlot		s = {e[i].hash, e[i].weight};
			IvfSlot		c = {e[i].hash & IVF_PACKED_HASH_MASK, e[i].weight};

			ok = ivf_query_put(qp->t1, qp->t2, bits, 0, s) &&
				ivf_query_put(qp->c1, qp->c2, bits, 8, c);
		}
		if (ok)
			return qp;
		if (bits >= 26)			/* cannot happen with distinct hashes */
			elog(ERROR, "news_ivf: could not hash the query vector");
		bits++;
	}
}

/*
 * ivf_slot_weight
 *		The weight of hash h from its two slots a and b, 0 if it is in
 *		neither.  The weights are selected by masking their bits, not by a
 *		conditional (which compilers turn into a branch around the load).
 */
static inline float4
ivf_slot_weight(const IvfSlot *a, const IvfSlot *b, uint32 h)
{
	uint32		wa;
	uint32		wb;
	float4		w;

	memcpy(&wa, &a->weight, sizeof(wa));
	memcpy(&wb, &b->weight, sizeof(wb));
	wa = (wa & (0u - (uint32) (a->hash == h))) |
		(wb & (0u - (uint32) (b->hash == h)));
	memcpy(&w, &wa, sizeof(w));
	return w;
}

/*
 * ivf_query_dot
 *		Sum of the weight products of the query and entries t[0 .. nt-1]
 *		over their shared hashes, by table look-ups instead of a merge.
 *		Four partial sums break the chain of additions; every term costs
 *		the same, shared or not, so there is no branch to mispredict.
 */
static inline double
ivf_query_dot(const IvfQuery *qp, const NewsVectorEntry *t, uint32 nt)
{
	const IvfSlot *t1 = qp->t1;
	const IvfSlot *t2 = qp->t2;
	const uint32 mask = qp->mask;
	const int	shift = 32 - qp->bits;
	double		s[4] = {0.0, 0.0, 0.0, 0.0};
	uint32		i = 0;

#define IVF_TERM(k) \
	do { \
		uint32		h_ = t[i + (k)].hash; \
		s[k] += (double) ivf_slot_weight(&t1[h_ & mask], \
										 &t2[(h_ * 2654435761u) >> shift], h_) * \
			t[i + (k)].weight; \
	} while (0)

	for (; i + 4 <= nt; i += 4)
	{
		IVF_TERM(0);
		IVF_TERM(1);
		IVF_TERM(2);
		IVF_TERM(3);
	}
	for (; i < nt; i++)
		IVF_TERM(0);
#undef IVF_TERM
	return (s[0] + s[1]) + (s[2] + s[3]);
}

/*
 * ivf_query_dot_packed
 *		The same over packed entries (ivf.h): an upper bound of the sum of
 *		the weight products, since a code's weight is not below the weight
 *		it stands for and the 24-bit tables hold the larger weight of query
 *		terms sharing 24 bits.  Half the bytes of ivf_query_dot per term.
 */
static inline double
ivf_query_dot_packed(const IvfQuery *qp, const uint32 *t, uint32 nt)
{
	const IvfSlot *c1 = qp->c1;
	const IvfSlot *c2 = qp->c2;
	const float4 *cw = qp->code_weight;
	const uint32 mask = qp->mask;
	const int	shift = 32 - qp->bits;
	double		s[4] = {0.0, 0.0, 0.0, 0.0};
	uint32		i = 0;

#define IVF_PTERM(k) \
	do { \
		uint32		p_ = t[i + (k)]; \
		uint32		h_ = p_ & IVF_PACKED_HASH_MASK; \
		s[k] += (double) ivf_slot_weight(&c1[(h_ >> 8) & mask], \
										 &c2[(h_ * 2654435761u) >> shift], h_) * \
			cw[p_ & 0xFF]; \
	} while (0)

	for (; i + 4 <= nt; i += 4)
	{
		IVF_PTERM(0);
		IVF_PTERM(1);
		IVF_PTERM(2);
		IVF_PTERM(3);
	}
	for (; i < nt; i++)
		IVF_PTERM(0);
#undef IVF_PTERM
	return (s[0] + s[1]) + (s[2] + s[3]);
}

/*
 * ivf_topk_add
 *		Offer a similarity to the running top IVF_STOP_K; true when it
 *		entered (so the list it came from changed the top k).
 */
static inline bool
ivf_topk_add(IvfTopK *tk, double sim)
{
	int			i;

	if (tk->n < IVF_STOP_K)
	{
		/* sift up */
		i = tk->n++;
		while (i > 0 && tk->sim[(i - 1) / 2] > sim)
		{
			tk->sim[i] = tk->sim[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		tk->sim[i] = sim;
		return true;
	}
	if (sim <= tk->sim[0])
		return false;
	/* replace the smallest and sift down */
	i = 0;
	for (;;)
	{
		int			l = 2 * i + 1;

		if (l >= IVF_STOP_K)
			break;
		if (l + 1 < IVF_STOP_K && tk->sim[l + 1] < tk->sim[l])
			l++;
		if (tk->sim[l] >= sim)
			break;
		tk->sim[i] = tk->sim[l];
		i = l;
	}
	tk->sim[i] = sim;
	return true;
}

/*
 * ivf_add_candidate
 *		Append one scored heap TID to the scan's candidate array (in the
 *		scan's memory context; doubled as needed, so all candidates of the
 *		probed lists are kept until the scan ends: 16 bytes a row).
 */
static inline void
ivf_add_candidate(IvfScanOpaque so, ItemPointer tid, double dist)
{
	if (unlikely(so->ncand >= so->maxcand))
	{
		so->maxcand = Max(1024, so->maxcand * 2);
		if (so->cand == NULL)
			so->cand = MemoryContextAllocHuge(so->cxt, so->maxcand * sizeof(IvfCandidate));
		else
			so->cand = repalloc_huge(so->cand, so->maxcand * sizeof(IvfCandidate));
	}
	so->cand[so->ncand].dist = dist;
	so->cand[so->ncand].tid = *tid;
	so->ncand++;
}

/*
 * ivf_scan_list
 *		Score every tuple of one list; true when one of them entered the
 *		running top IVF_STOP_K.
 *
 * A tuple's distance is a lower bound of the operator's: 1 minus the
 * products (from weight codes rounded up, for compact tuples) over the
 * query's norm, raised by IVF_NORM_SLACK for the tuple's norm, which is
 * not summed here (that would cost an addition per term in one chain).
 * Truncated tuples add their residual (ivf.h).
 * Every row returned is rechecked by the executor, which computes the
 * exact distance from the heap row and reorders (the index only has to
 * return rows in order of a lower bound).
 */
static bool
ivf_scan_list(IndexScanDesc scan, BlockNumber blkno, const NewsVector *q,
			  const IvfQuery *qp)
{
	IvfScanOpaque so = (IvfScanOpaque) scan->opaque;
	Relation	index = scan->indexRelation;
	bool		changed = false;

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
			double		sim;

			if (!ItemIdIsUsed(iid))
				continue;
			t = (IvfTuple) PageGetItem(page, iid);
			if (likely(t->flags & IVF_TUPLE_COMPACT))
				sim = ivf_query_dot_packed(qp, IvfTupleGetPacked(t), t->nterms);
			else
				sim = ivf_query_dot(qp, t->entries, t->nterms);
			if (unlikely(t->flags & IVF_TUPLE_TRUNCATED))
				sim += t->residual;
			sim *= qp->scale;
			sim = Min(sim, 1.0);
			changed |= ivf_topk_add(&so->topk, sim);
			ivf_add_candidate(so, &t->tid, 1.0 - sim);
		}
		blkno = IvfPageGetOpaque(page)->nextblkno;
		UnlockReleaseBuffer(buf);
	}
	return changed;
}

/*
 * ivf_rank_lists
 *		The lists by the similarity of their centroids to the query, most
 *		similar first (centroids are unit vectors: the products suffice).
 */
static IvfListRank *
ivf_rank_lists(IvfDirectory *dir, const IvfQuery *qp)
{
	IvfListRank *rank = palloc(sizeof(IvfListRank) * dir->nlists);

	for (uint32 i = 0; i < dir->nlists; i++)
	{
		rank[i].list = i;
		rank[i].sim = ivf_query_dot(qp, dir->centroids.e[i], dir->centroids.len[i]);
	}
	qsort(rank, dir->nlists, sizeof(IvfListRank), cmp_rank);
	return rank;
}

/*
 * ivf_scan_start
 *		Rank the lists, score the probed ones, heap the candidates.
 *
 * With news_analytics.ivf_probes > 0 exactly that many lists are read.
 * At 0 (the default) every query decides for itself, reading lists in
 * centroid order.  The next list is read while it is "near": its centroid
 * is at least ivf_stop_ratio times as similar to the query as the most
 * similar centroid (the query lies between clusters), or at least
 * ivf_stop_kth times the similarity of the IVF_STOP_K-th best row found so
 * far (the neighbours found are weak, as in real news, whose clusters are
 * loose: a list with a comparable centroid may hold better ones).  The
 * scan stops before a list that is not near, after ivf_max_probes lists,
 * or (when ivf_stop_patience > 0; off by default, since on real news a
 * list that adds nothing is often followed by one that does) after
 * ivf_stop_patience lists in a row that changed nothing in the best
 * IVF_STOP_K rows.
 *
 * At least one list is always read.
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
	uint32		maxprobes;
	IvfQuery   *qp;
	int			unchanged = 0;

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
	qp = ivf_query_prepare(q);
	rank = ivf_rank_lists(dir, qp);

	if (news_ivf_probes > 0)
		maxprobes = Min((uint32) news_ivf_probes, dir->nlists);
	else
		maxprobes = Min((uint32) news_ivf_max_probes, dir->nlists);

	for (uint32 p = 0; p < maxprobes; p++)
	{
		if (news_ivf_probes == 0 && p > 0)
		{
			/* the k-th best similarity so far; 0 until k rows are found */
			double		kth = so->topk.n >= IVF_STOP_K ? so->topk.sim[0] : 0.0;
			bool		near;

			near = rank[p].sim >= news_ivf_stop_ratio * rank[0].sim ||
				(news_ivf_stop_kth > 0.0 && rank[p].sim >= news_ivf_stop_kth * kth);
			if (!near ||
				(news_ivf_stop_patience > 0 && unchanged >= news_ivf_stop_patience))
				break;
		}
		if (ivf_scan_list(scan, dir->head[rank[p].list], q, qp))
			unchanged = 0;
		else
			unchanged++;
		so->listsread++;
	}

	elog(DEBUG1, "news_ivf: read %u of %u lists, %zu rows",
		 so->listsread, dir->nlists, so->ncand);

	/* a min-heap: rows are popped in order, usually only the first few */
	for (Size i = so->ncand / 2; i > 0; i--)
		cand_sift_down(so->cand, so->ncand, i - 1);
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
	if (so->ncand == 0)
		return false;

	scan->xs_heaptid = so->cand[0].tid;
	scan->xs_recheck = false;
	scan->xs_recheckorderby = true;
	scan->xs_orderbyvals[0] = Float8GetDatum(Max(0.0, so->cand[0].dist));
	scan->xs_orderbynulls[0] = false;
	/* pop: the last candidate moves to the top and sinks */
	so->ncand--;
	if (so->ncand > 0)
	{
		so->cand[0] = so->cand[so->ncand];
		cand_sift_down(so->cand, so->ncand, 0);
	}
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
