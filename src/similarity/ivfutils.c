/*-------------------------------------------------------------------------
 *
 * ivfutils.c
 *	  news_ivf access method: handler, reloptions, GUC, cost estimate,
 *	  operator class validation and the helpers the lifecycle files share
 *	  (page initialization, the cached list directory, index tuples).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "access/amvalidate.h"
#include "access/htup_details.h"
#include "access/reloptions.h"
#include "catalog/pg_amop.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_type.h"
#include "commands/vacuum.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "optimizer/optimizer.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/selfuncs.h"
#include "utils/syscache.h"

#include "news_analytics.h"
#include "similarity/ivf.h"

int			news_ivf_probes = IVF_DEFAULT_PROBES;

static relopt_kind ivf_relopt_kind;

PG_FUNCTION_INFO_V1(news_ivf_handler);

/*
 * news_ivf_init
 *		Called from news_similarity_init (_PG_init): the reloption kind of
 *		news_ivf and the GUC news_analytics.ivf_probes.
 */
void
news_ivf_init(void)
{
	ivf_relopt_kind = add_reloption_kind();
	/* the default -1 (chosen from the row count) is outside the range on
	 * purpose: only values a user writes are range-checked */
	add_int_reloption(ivf_relopt_kind, "lists",
					  "Number of inverted lists (k-means centroids) of a news_ivf index",
					  IVF_LISTS_AUTO, IVF_MIN_LISTS, IVF_MAX_LISTS,
					  AccessExclusiveLock);

	DefineCustomIntVariable(NEWS_GUC_PREFIX ".ivf_probes",
							"Number of inverted lists a news_ivf index scan reads.",
							"More lists: higher recall, slower scans; probes >= lists gives exact results.",
							&news_ivf_probes,
							IVF_DEFAULT_PROBES, 1, IVF_MAX_LISTS,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
}

/* the core's interrupt hook */
void
ivf_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * ivf_default_lists
 *		rows/1000 up to a million rows, sqrt(rows) above (as pgvector
 *		recommends for ivfflat), at least 1.
 */
int
ivf_default_lists(double rows)
{
	double		lists = rows <= 1e6 ? rows / 1000.0 : sqrt(rows);

	if (lists < 1)
		return 1;
	if (lists > IVF_MAX_LISTS)
		return IVF_MAX_LISTS;
	return (int) lists;
}

/* the reloption, IVF_LISTS_AUTO when not given */
int
ivf_get_lists_option(Relation index)
{
	IvfOptions *opts = (IvfOptions *) index->rd_options;

	return opts ? opts->lists : IVF_LISTS_AUTO;
}

/*
 * ivfoptions
 *		Parse WITH (lists = n); the range check gives SQLSTATE 22023.
 */
static bytea *
ivfoptions(Datum reloptions, bool validate)
{
	static const relopt_parse_elt tab[] = {
		{"lists", RELOPT_TYPE_INT, offsetof(IvfOptions, lists)},
	};

	return (bytea *) build_reloptions(reloptions, validate, ivf_relopt_kind,
									  sizeof(IvfOptions), tab, lengthof(tab));
}

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
 * ivf_check_vector
 *		A vector whose header does not match its size, or whose hashes are
 *		not strictly ascending, would give wrong distances: refuse it.
 */
void
ivf_check_vector(const NewsVector *v)
{
	const NewsVectorEntry *e = NV_ENTRIES(v);

	if (v->nterms > NV_MAX_TERMS || NV_SIZE(v->nterms, 0) > VARSIZE_ANY(v))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("news_vector header is corrupt (%u terms in %zu bytes)",
						v->nterms, (size_t) VARSIZE_ANY(v))));
	for (uint32 i = 1; i < v->nterms; i++)
		if (e[i - 1].hash >= e[i].hash)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("news_vector entries are not sorted by hash")));
}

/*
 * ivf_form_tuple
 *		The index tuple of a vector (palloc'd); oversized vectors keep
 *		their IVF_MAX_TUPLE_TERMS heaviest entries (see ivf.h).
 */
IvfTuple
ivf_form_tuple(const NewsVector *v, ItemPointer tid, Size *size)
{
	uint32		n = Min(v->nterms, (uint32) IVF_MAX_TUPLE_TERMS);
	IvfTuple	t = palloc0(IVF_TUPLE_SIZE(n));
	double		residual = 0.0;

	t->tid = *tid;
	t->nterms = (uint16) ivf_top_entries(NV_ENTRIES(v), v->nterms,
										 IVF_MAX_TUPLE_TERMS, t->entries, &residual);
	if (v->nterms > n)
	{
		t->flags = IVF_TUPLE_TRUNCATED;
		/*
		 * Rounded up, with room for the float4 rounding of the weights
		 * (the operator divides by the exact norms, which are 1 only
		 * within ~1e-7), so that the index distance stays a lower bound.
		 */
		t->residual = (float4) (residual * (1.0 + 1e-5) + 1e-5);
	}
	*size = IVF_TUPLE_SIZE(n);
	return t;
}

/*
 * ivfcostestimate
 *		genericcostestimate over the fraction probes/lists of the index,
 *		all of it paid before the first row (the scan ranks every row of
 *		the probed lists first).  Without ORDER BY the index is useless.
 */
static void
ivfcostestimate(PlannerInfo *root, IndexPath *path, double loop_count,
				Cost *indexStartupCost, Cost *indexTotalCost,
				Selectivity *indexSelectivity, double *indexCorrelation,
				double *indexPages)
{
	GenericCosts costs;
	double		lists;
	double		ratio;
	Relation	index;

	if (path->indexorderbys == NIL)
	{
		*indexStartupCost = DBL_MAX;
		*indexTotalCost = DBL_MAX;
		*indexSelectivity = 0;
		*indexCorrelation = 0;
		*indexPages = 0;
		return;
	}

	index = index_open(path->indexinfo->indexoid, NoLock);
	lists = ivf_get_lists_option(index);
	index_close(index, NoLock);
	if (lists == IVF_LISTS_AUTO)
		lists = ivf_default_lists(path->indexinfo->tuples);
	ratio = Min(1.0, (double) news_ivf_probes / Max(lists, 1.0));

	MemSet(&costs, 0, sizeof(costs));
	costs.numIndexTuples = path->indexinfo->tuples * ratio;
	genericcostestimate(root, path, loop_count, &costs);

	/* the directory is read too, but is usually cached: count one page */
	*indexStartupCost = costs.indexTotalCost;
	*indexTotalCost = costs.indexTotalCost;
	*indexSelectivity = costs.indexSelectivity;
	*indexCorrelation = 0;
	*indexPages = costs.numIndexPages;
}

/*
 * ivfvalidate
 *		The operator class must have exactly the ordering operator
 *		<-> (news_vector, news_vector) as strategy 1 and no functions.
 */
static bool
ivfvalidate(Oid opclassoid)
{
	bool		result = true;
	HeapTuple	classtup;
	Form_pg_opclass classform;
	char	   *opclassname;
	Oid			opfamilyoid;
	CatCList   *oprlist;

	classtup = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclassoid));
	if (!HeapTupleIsValid(classtup))
		elog(ERROR, "cache lookup failed for operator class %u", opclassoid);
	classform = (Form_pg_opclass) GETSTRUCT(classtup);
	opfamilyoid = classform->opcfamily;
	opclassname = NameStr(classform->opcname);

	oprlist = SearchSysCacheList1(AMOPSTRATEGY, ObjectIdGetDatum(opfamilyoid));
	for (int i = 0; i < oprlist->n_members; i++)
	{
		Form_pg_amop oprform = (Form_pg_amop) GETSTRUCT(&oprlist->members[i]->tuple);

		if (oprform->amopstrategy != IVF_STRATEGY_DISTANCE ||
			oprform->amoppurpose != AMOP_ORDER ||
			oprform->amoplefttype != oprform->amoprighttype)
		{
			ereport(INFO,
					(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
					 errmsg("news_ivf operator class \"%s\" has an operator other than the ordering operator of strategy %d",
							opclassname, IVF_STRATEGY_DISTANCE)));
			result = false;
		}
	}
	if (oprlist->n_members == 0)
	{
		ereport(INFO,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("news_ivf operator class \"%s\" has no ordering operator",
						opclassname)));
		result = false;
	}
	ReleaseCatCacheList(oprlist);
	ReleaseSysCache(classtup);
	return result;
}

/*
 * news_ivf_handler
 *		The IndexAmRoutine of news_ivf: ordering scans only (no search
 *		keys, no bitmap scans), single column, NULLs not indexed.
 */
Datum
news_ivf_handler(PG_FUNCTION_ARGS)
{
	IndexAmRoutine *amroutine = makeNode(IndexAmRoutine);

	amroutine->amstrategies = 1;
	amroutine->amsupport = 0;
	amroutine->amoptsprocnum = 0;
	amroutine->amcanorder = false;
	amroutine->amcanorderbyop = true;
	amroutine->amcanbackward = false;
	amroutine->amcanunique = false;
	amroutine->amcanmulticol = false;
	amroutine->amoptionalkey = true;
	amroutine->amsearcharray = false;
	amroutine->amsearchnulls = false;
	amroutine->amstorage = false;
	amroutine->amclusterable = false;
	amroutine->ampredlocks = false;
	amroutine->amcanparallel = false;
	amroutine->amcaninclude = false;
	amroutine->amusemaintenanceworkmem = true;
	amroutine->amparallelvacuumoptions = VACUUM_OPTION_PARALLEL_BULKDEL;
	amroutine->amkeytype = InvalidOid;

	amroutine->ambuild = ivfbuild;
	amroutine->ambuildempty = ivfbuildempty;
	amroutine->aminsert = ivfinsert;
	amroutine->ambulkdelete = ivfbulkdelete;
	amroutine->amvacuumcleanup = ivfvacuumcleanup;
	amroutine->amcanreturn = NULL;
	amroutine->amcostestimate = ivfcostestimate;
	amroutine->amoptions = ivfoptions;
	amroutine->amproperty = NULL;
	amroutine->ambuildphasename = NULL;
	amroutine->amvalidate = ivfvalidate;
	amroutine->amadjustmembers = NULL;
	amroutine->ambeginscan = ivfbeginscan;
	amroutine->amrescan = ivfrescan;
	amroutine->amgettuple = ivfgettuple;
	amroutine->amgetbitmap = NULL;
	amroutine->amendscan = ivfendscan;
	amroutine->ammarkpos = NULL;
	amroutine->amrestrpos = NULL;
	amroutine->amestimateparallelscan = NULL;
	amroutine->aminitparallelscan = NULL;
	amroutine->amparallelrescan = NULL;
	/* fields of later majors: all "not supported" (see pg_compat.h) */
	NA_AMROUTINE_SET_NEWER(amroutine);

	PG_RETURN_POINTER(amroutine);
}
