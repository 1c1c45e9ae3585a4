/*-------------------------------------------------------------------------
 *
 * ivfutils.c
 *	  news_ivf access method: the page and tuple helpers the lifecycle
 *	  files share (page initialization and reading, relation extension,
 *	  the cached list directory, nearest list, index tuples).
 *
 * The handler, reloptions, cost estimate, validation and build phase
 * names are in ivf.c; the GUC news_analytics.ivf_probes is defined with
 * the other similarity settings in similarity_guc.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "similarity/ivf.h"

/*
 * ivf_init_page
 *		An empty page with our special space.
 */
void
ivf_init_page(Page page, uint16 flags)
{
	IvfPageOpaque opaque;

	PageInit(page, BLCKSZ, sizeof(IvfPageOpaqueData));
	opaque = IvfPageGetOpaque(page);
	opaque->nextblkno = InvalidBlockNumber;
	opaque->flags = flags;
	opaque->page_id = IVF_PAGE_ID;
}

/*
 * ivf_read_data_page
 *		Pin and lock (lockmode) block blkno of a list chain and check that it
 *		is a data page; a chain that leads elsewhere is a corrupted index.
 *		Every walk over a list goes through here, so each page read is also
 *		an interrupt check.
 */
Buffer
ivf_read_data_page(Relation index, BlockNumber blkno, int lockmode,
				   BufferAccessStrategy strategy)
{
	Buffer		buf;
	Page		page;

	CHECK_FOR_INTERRUPTS();
	buf = ReadBufferExtended(index, MAIN_FORKNUM, blkno, RBM_NORMAL, strategy);
	LockBuffer(buf, lockmode);
	page = BufferGetPage(buf);
	if (PageIsNew(page) || (IvfPageGetOpaque(page)->flags & IVF_PAGE_DATA) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("news_ivf index \"%s\" has an unexpected page at block %u",
						RelationGetRelationName(index), blkno)));
	return buf;
}

/*
 * ivf_new_buffer
 *		Extend the fork by one page; returned pinned and exclusively
 *		locked.  The extension lock serializes concurrent extenders.
 */
Buffer
ivf_new_buffer(Relation index, ForkNumber fork)
{
	Buffer		buf;

	LockRelationForExtension(index, ExclusiveLock);
	buf = ReadBufferExtended(index, fork, P_NEW, RBM_NORMAL, NULL);
	LockBuffer(buf, BUFFER_LOCK_EXCLUSIVE);
	UnlockRelationForExtension(index, ExclusiveLock);
	return buf;
}

/*
 * ivf_check_page
 *		Refuse a page that is not ours (corruption, or a block number out
 *		of a damaged chain).
 */
static void
ivf_check_page(Relation index, Page page, uint16 flag, BlockNumber blkno)
{
	if (PageIsNew(page) || PageGetSpecialSize(page) != MAXALIGN(sizeof(IvfPageOpaqueData)) ||
		IvfPageGetOpaque(page)->page_id != IVF_PAGE_ID ||
		(IvfPageGetOpaque(page)->flags & flag) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("news_ivf index \"%s\" has an unexpected page at block %u",
						RelationGetRelationName(index), blkno)));
}

/*
 * ivf_load_directory
 *		Read the meta page and every directory item into one chunk
 *		allocated in cxt: the relcache frees rd_amcache with a single
 *		pfree, so the cache must not own further allocations.
 */
static IvfDirectory *
ivf_load_directory(Relation index, MemoryContext cxt)
{
	IvfDirectory *dir;
	Buffer		buf;
	Page		page;
	IvfMetaPageData *meta;
	uint32		nlists;
	uint32		ndirpages;
	uint32		n = 0;
	Size		nentries = 0;
	Size		size;
	char	   *p;
	IvfListData **lists;
	ItemPointerData *where;

	buf = ReadBuffer(index, IVF_METAPAGE_BLKNO);
	LockBuffer(buf, BUFFER_LOCK_SHARE);
	page = BufferGetPage(buf);
	ivf_check_page(index, page, IVF_PAGE_META, IVF_METAPAGE_BLKNO);
	meta = IvfPageGetMeta(page);
	if (meta->magic != IVF_MAGIC || meta->version != IVF_VERSION ||
		meta->nlists < 1 || meta->nlists > IVF_MAX_LISTS)
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("news_ivf index \"%s\" has a bad meta page",
						RelationGetRelationName(index)),
				 errhint("REINDEX the index.")));
	nlists = meta->nlists;
	ndirpages = meta->ndirpages;
	UnlockReleaseBuffer(buf);

	/* copies of the items, in the caller's (short-lived) context */
	lists = palloc(sizeof(IvfListData *) * nlists);
	where = palloc(sizeof(ItemPointerData) * nlists);
	for (BlockNumber blk = IVF_DIR_START_BLKNO;
		 blk < IVF_DIR_START_BLKNO + ndirpages; blk++)
	{
		OffsetNumber maxoff;

		CHECK_FOR_INTERRUPTS();
		buf = ReadBuffer(index, blk);
		LockBuffer(buf, BUFFER_LOCK_SHARE);
		page = BufferGetPage(buf);
		ivf_check_page(index, page, IVF_PAGE_DIR, blk);
		maxoff = PageGetMaxOffsetNumber(page);
		for (OffsetNumber off = FirstOffsetNumber; off <= maxoff; off++)
		{
			ItemId		iid = PageGetItemId(page, off);
			IvfListData *l = (IvfListData *) PageGetItem(page, iid);

			if (n >= nlists || ItemIdGetLength(iid) != IVF_LIST_SIZE(l->nterms))
				ereport(ERROR,
						(errcode(ERRCODE_INDEX_CORRUPTED),
						 errmsg("news_ivf index \"%s\" has a bad list directory",
								RelationGetRelationName(index))));
			lists[n] = palloc(ItemIdGetLength(iid));
			memcpy(lists[n], l, ItemIdGetLength(iid));
			ItemPointerSet(&where[n], blk, off);
			nentries += l->nterms;
			n++;
		}
		UnlockReleaseBuffer(buf);
	}
	if (n != nlists)
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("news_ivf index \"%s\" lists %u of %u lists",
						RelationGetRelationName(index), n, nlists)));

	size = MAXALIGN(sizeof(IvfDirectory)) +
		MAXALIGN(sizeof(BlockNumber) * nlists) +
		MAXALIGN(sizeof(ItemPointerData) * nlists) +
		MAXALIGN(sizeof(uint32) * nlists) +
		MAXALIGN(sizeof(NewsVectorEntry *) * nlists) +
		sizeof(NewsVectorEntry) * (nentries + 1);
	p = MemoryContextAllocZero(cxt, size);
	dir = (IvfDirectory *) p;
	p += MAXALIGN(sizeof(IvfDirectory));
	dir->head = (BlockNumber *) p;
	p += MAXALIGN(sizeof(BlockNumber) * nlists);
	dir->item = (ItemPointerData *) p;
	p += MAXALIGN(sizeof(ItemPointerData) * nlists);
	dir->centroids.len = (uint32 *) p;
	p += MAXALIGN(sizeof(uint32) * nlists);
	dir->centroids.e = (NewsVectorEntry **) p;
	p += MAXALIGN(sizeof(NewsVectorEntry *) * nlists);
	dir->nlists = nlists;
	dir->centroids.k = nlists;
	for (uint32 i = 0; i < nlists; i++)
	{
		dir->head[i] = lists[i]->head;
		dir->item[i] = where[i];
		dir->centroids.len[i] = lists[i]->nterms;
		dir->centroids.e[i] = (NewsVectorEntry *) p;
		memcpy(p, lists[i]->centroid, sizeof(NewsVectorEntry) * lists[i]->nterms);
		p += sizeof(NewsVectorEntry) * lists[i]->nterms;
		pfree(lists[i]);
	}
	pfree(lists);
	pfree(where);
	return dir;
}

/*
 * ivf_get_directory
 *		The cached directory of the index.  Centroids and heads are fixed
 *		from the build on; a REINDEX or TRUNCATE gives the index a new
 *		relfilenode and so a relcache invalidation, which frees rd_amcache.
 */
IvfDirectory *
ivf_get_directory(Relation index)
{
	if (index->rd_amcache == NULL)
		index->rd_amcache = ivf_load_directory(index, index->rd_indexcxt);
	return (IvfDirectory *) index->rd_amcache;
}

/*
 * ivf_nearest_list
 *		The list whose centroid is most similar to the entries (the
 *		smallest list number among equals, so a vector sharing no term with
 *		any centroid goes to list 0, as in the build).
 */
uint32
ivf_nearest_list(IvfDirectory *dir, const NewsVectorEntry *e, uint32 n)
{
	uint32		best = 0;
	double		bestsim = -1.0;

	for (uint32 i = 0; i < dir->nlists; i++)
	{
		double		sim = news_entries_dot(e, n, dir->centroids.e[i],
										   dir->centroids.len[i]);

		if (sim > bestsim)
		{
			bestsim = sim;
			best = i;
		}
	}
	return best;
}

/*
 * ivf_code_weight
 *		The weight a code stands for: 2^(-code / IVF_CODE_STEPS).
 */
float4
ivf_code_weight(int code)
{
	return (float4) exp2(-(double) code / IVF_CODE_STEPS);
}

/*
 * ivf_weight_code
 *		The largest code whose weight is not below w (so decoding rounds
 *		up, and scores from codes are upper bounds); weights below the
 *		smallest code's get the last code, which is still above them.
 */
int
ivf_weight_code(float4 w)
{
	int			code;

	if (!(w < 1.0f))
		return 0;
	code = (int) floor(-log2((double) w) * IVF_CODE_STEPS);
	code = Max(0, Min(code, IVF_NCODES - 1));
	/* log2 rounding: step back until the code's weight covers w */
	while (code > 0 && ivf_code_weight(code) < w)
		code--;
	return code;
}

/*
 * ivf_form_tuple
 *		The compact index tuple of a vector (palloc'd); oversized vectors
 *		keep their IVF_MAX_TUPLE_TERMS heaviest entries (see ivf.h).
 */
IvfTuple
ivf_form_tuple(const NewsVector *v, ItemPointer tid, Size *size)
{
	uint32		n = Min(v->nterms, (uint32) IVF_MAX_TUPLE_TERMS);
	IvfTuple	t = palloc0(IVF_COMPACT_TUPLE_SIZE(n));
	NewsVectorEntry *top = palloc(sizeof(NewsVectorEntry) * Max(n, 1));
	uint32	   *packed = IvfTupleGetPacked(t);
	double		residual = 0.0;

	t->tid = *tid;
	t->flags = IVF_TUPLE_COMPACT;
	t->nterms = (uint16) ivf_top_entries(NV_ENTRIES(v), v->nterms,
										 IVF_MAX_TUPLE_TERMS, top, &residual);
	for (uint32 i = 0; i < t->nterms; i++)
		packed[i] = IVF_PACK(top[i].hash, ivf_weight_code(top[i].weight));
	pfree(top);
	if (v->nterms > n)
	{
		t->flags |= IVF_TUPLE_TRUNCATED;
		/*
		 * Rounded up, with room for the float4 rounding of the weights
		 * (the operator divides by the exact norms, which are 1 only
		 * within ~1e-7), so that the index distance stays a lower bound.
		 */
		t->residual = (float4) (residual * (1.0 + 1e-5) + 1e-5);
	}
	*size = IVF_COMPACT_TUPLE_SIZE(n);
	return t;
}
