/*-------------------------------------------------------------------------
 *
 * ivfbuild.c
 *	  news_ivf access method: index build (ambuild, ambuildempty).
 *
 * Two passes over the heap:
 *
 *	1. reservoir sampling of the non-NULL vectors (each sample keeps at
 *	   most IVF_SAMPLE_TERMS heaviest entries, and the reservoir is sized
 *	   so that the samples fit into maintenance_work_mem), then spherical
 *	   k-means on them (ivf_kmeans.c) gives the centroids;
 *	2. every vector is filed under its nearest centroid: (list number,
 *	   index tuple) pairs go through a tuplesort (bounded by
 *	   maintenance_work_mem, spilling to disk beyond) and are then written
 *	   list by list as chains of data pages.
 *
 * The pages are written through the buffer manager without WAL, and the
 * whole relation is WAL-logged at the end (log_newpage_range), as the
 * GiST sorted build does: the index is crash safe once the build commits.
 *
 * Progress: each step sets its IVF_PHASE_* (ivf.h) as the subphase of
 * pg_stat_progress_create_index; the heap scans report blocks, the
 * assignment and the writing of the lists report tuples_done against
 * tuples_total = the non-NULL vectors the sampling pass counted.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/generic_xlog.h"
#include "access/tableam.h"
#include "access/xloginsert.h"
#include "catalog/index.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "commands/progress.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/bufmgr.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/tuplesort.h"

#include "similarity/ivf.h"

/* state of the sampling pass */
typedef struct IvfSampleState
{
	MemoryContext sampcxt;		/* the samples */
	MemoryContext tmpcxt;		/* per tuple */
	uint32		capacity;		/* reservoir size */
	uint32		nsamples;		/* filled so far */
	NewsVectorEntry **vecs;
	uint32	   *lens;
	double		seen;			/* non-NULL vectors seen */
	uint64		rng;
} IvfSampleState;

/* state of the assignment pass */
typedef struct IvfAssignState
{
	MemoryContext tmpcxt;
	IvfCentroidIndex *cindex;
	Tuplesortstate *sort;
	TupleTableSlot *slot;
	double		indtuples;
} IvfAssignState;

/* tuples_done is published every this many tuples (and at phase ends) */
#define IVF_PROGRESS_EVERY		64

/*
 * ivf_check_interrupts
 *		The interrupt hook of the k-means core, which cannot call
 *		CHECK_FOR_INTERRUPTS itself (it has no server headers).
 */
static void
ivf_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * ivf_progress_phase
 *		Enter a build phase; tuples_total/tuples_done are set to the given
 *		values in the same update, so that no reader sees the new phase
 *		with the counts of the previous one.
 */
static void
ivf_progress_phase(int phase, double total, double done)
{
	const int	index[] = {
		PROGRESS_CREATEIDX_SUBPHASE,
		PROGRESS_CREATEIDX_TUPLES_TOTAL,
		PROGRESS_CREATEIDX_TUPLES_DONE
	};
	const int64 val[] = {phase, (int64) total, (int64) done};

	pgstat_progress_update_multi_param(lengthof(index), index, val);
}

/*
 * sample_callback
 *		Algorithm R: the first `capacity` vectors fill the reservoir, the
 *		t-th one after that replaces a random slot with probability
 *		capacity/t.
 */
static void
sample_callback(Relation index, ItemPointer tid, Datum *values, bool *isnull,
				bool tupleIsAlive, void *state)
{
	IvfSampleState *st = (IvfSampleState *) state;
	MemoryContext old;
	NewsVector *v;
	uint32		slot;

	if (isnull[0])
		return;
	st->seen += 1;
	if (st->nsamples < st->capacity)
		slot = st->nsamples++;
	else
	{
		uint64		j = ivf_random(&st->rng) % (uint64) st->seen;

		if (j >= st->capacity)
			return;
		slot = (uint32) j;
		pfree(st->vecs[slot]);
	}

	old = MemoryContextSwitchTo(st->tmpcxt);
	v = (NewsVector *) PG_DETOAST_DATUM(values[0]);
	news_vector_check(v);
	MemoryContextSwitchTo(st->sampcxt);
	st->vecs[slot] = palloc(sizeof(NewsVectorEntry) * Max(1, Min(v->nterms, IVF_SAMPLE_TERMS)));
	st->lens[slot] = ivf_top_entries(NV_ENTRIES(v), v->nterms, IVF_SAMPLE_TERMS,
									 st->vecs[slot], NULL);
	ivf_normalize(st->vecs[slot], st->lens[slot]);
	MemoryContextSwitchTo(old);
	MemoryContextReset(st->tmpcxt);
}

/*
 * assign_callback
 *		File one vector under its nearest centroid.
 */
static void
assign_callback(Relation index, ItemPointer tid, Datum *values, bool *isnull,
				bool tupleIsAlive, void *state)
{
	IvfAssignState *st = (IvfAssignState *) state;
	MemoryContext old;
	NewsVector *v;
	IvfTuple	itup;
	Size		size;
	bytea	   *blob;
	uint32		list;

	if (isnull[0])
		return;
	old = MemoryContextSwitchTo(st->tmpcxt);
	v = (NewsVector *) PG_DETOAST_DATUM(values[0]);
	news_vector_check(v);
	list = ivf_cindex_nearest(st->cindex, NV_ENTRIES(v), v->nterms, NULL);
	itup = ivf_form_tuple(v, tid, &size);
	blob = palloc(VARHDRSZ + size);
	SET_VARSIZE(blob, VARHDRSZ + size);
	memcpy(VARDATA(blob), itup, size);

	ExecClearTuple(st->slot);
	st->slot->tts_values[0] = Int32GetDatum((int32) list);
	st->slot->tts_isnull[0] = false;
	st->slot->tts_values[1] = PointerGetDatum(blob);
	st->slot->tts_isnull[1] = false;
	ExecStoreVirtualTuple(st->slot);
	tuplesort_puttupleslot(st->sort, st->slot);
	ExecClearTuple(st->slot);
	st->indtuples += 1;
	if ((uint64) st->indtuples % IVF_PROGRESS_EVERY == 0)
		pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE,
									 (int64) st->indtuples);

	MemoryContextSwitchTo(old);
	MemoryContextReset(st->tmpcxt);
}

/*
 * ivf_add_item
 *		Add an item to the page of *buf, chaining a new page of the same
 *		kind when it is full.  Build only: no WAL here.
 */
static void
ivf_add_item(Relation index, ForkNumber fork, Buffer *buf, Item item,
			 Size size, uint16 kind)
{
	Page		page = BufferGetPage(*buf);

	if (PageGetFreeSpace(page) < MAXALIGN(size))
	{
		Buffer		nbuf = ivf_new_buffer(index, fork);

		ivf_init_page(BufferGetPage(nbuf), kind);
		IvfPageGetOpaque(page)->nextblkno = BufferGetBlockNumber(nbuf);
		MarkBufferDirty(*buf);
		UnlockReleaseBuffer(*buf);
		*buf = nbuf;
		page = BufferGetPage(nbuf);
	}
	if (PageAddItem(page, item, size, InvalidOffsetNumber, false, false) == InvalidOffsetNumber)
		elog(ERROR, "failed to add item of %zu bytes to news_ivf index \"%s\"",
			 size, RelationGetRelationName(index));
}

/*
 * ivf_write_index
 *		Write meta page, directory and data pages of the centroids `c`;
 *		the data come from `sort` (sorted by list), or there are none.
 *		Returns the number of blocks written.
 */
static BlockNumber
ivf_write_index(Relation index, ForkNumber fork, const IvfCentroids *c,
				Tuplesortstate *sort, TupleTableSlot *slot)
{
	Buffer		buf;
	Page		page;
	IvfMetaPageData *meta;
	ItemPointerData *where = palloc(sizeof(ItemPointerData) * c->k);
	BlockNumber *head = palloc(sizeof(BlockNumber) * c->k);
	BlockNumber *tail = palloc(sizeof(BlockNumber) * c->k);
	BlockNumber ndir;
	bool		have = false;
	int32		next_list = -1;
	bytea	   *blob = NULL;
	int64		written = 0;

	/* meta page */
	buf = ivf_new_buffer(index, fork);
	Assert(BufferGetBlockNumber(buf) == IVF_METAPAGE_BLKNO);
	page = BufferGetPage(buf);
	ivf_init_page(page, IVF_PAGE_META);
	meta = IvfPageGetMeta(page);
	meta->magic = IVF_MAGIC;
	meta->version = IVF_VERSION;
	meta->nlists = c->k;
	meta->ndirpages = 0;		/* set below */
	((PageHeader) page)->pd_lower = (char *) (meta + 1) - (char *) page;
	MarkBufferDirty(buf);
	UnlockReleaseBuffer(buf);

	/* directory: the centroids, heads and tails set once known */
	buf = ivf_new_buffer(index, fork);
	ivf_init_page(BufferGetPage(buf), IVF_PAGE_DIR);
	for (uint32 i = 0; i < c->k; i++)
	{
		Size		size = IVF_LIST_SIZE(c->len[i]);
		IvfListData *l = palloc0(size);

		CHECK_FOR_INTERRUPTS();
		l->head = l->tail = InvalidBlockNumber;
		l->nterms = c->len[i];
		memcpy(l->centroid, c->e[i], sizeof(NewsVectorEntry) * c->len[i]);
		ivf_add_item(index, fork, &buf, (Item) l, size, IVF_PAGE_DIR);
		ItemPointerSet(&where[i], BufferGetBlockNumber(buf),
					   PageGetMaxOffsetNumber(BufferGetPage(buf)));
		pfree(l);
	}
	ndir = BufferGetBlockNumber(buf);	/* directory is blocks 1 .. ndir */
	MarkBufferDirty(buf);
	UnlockReleaseBuffer(buf);

	/* data pages, list by list; every list gets at least one page */
	if (sort)
		have = tuplesort_gettupleslot(sort, true, false, slot, NULL);
	for (uint32 i = 0; i < c->k; i++)
	{
		buf = ivf_new_buffer(index, fork);
		ivf_init_page(BufferGetPage(buf), IVF_PAGE_DATA);
		head[i] = BufferGetBlockNumber(buf);
		while (have)
		{
			bool		isnull;

			CHECK_FOR_INTERRUPTS();
			next_list = DatumGetInt32(slot_getattr(slot, 1, &isnull));
			if (next_list != (int32) i)
				break;
			blob = DatumGetByteaPP(slot_getattr(slot, 2, &isnull));
			ivf_add_item(index, fork, &buf, (Item) VARDATA_ANY(blob),
						 VARSIZE_ANY_EXHDR(blob), IVF_PAGE_DATA);
			if (++written % IVF_PROGRESS_EVERY == 0)
				pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE,
											 written);
			have = tuplesort_gettupleslot(sort, true, false, slot, NULL);
		}
		tail[i] = BufferGetBlockNumber(buf);
		MarkBufferDirty(buf);
		UnlockReleaseBuffer(buf);
	}
	if (have)
		elog(ERROR, "news_ivf build: list number %d out of range", next_list);
	if (sort)
		pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE, written);

	/* heads and tails into the directory, ndirpages into the meta page */
	for (uint32 i = 0; i < c->k; i++)
	{
		IvfListData *l;

		buf = ReadBufferExtended(index, fork, ItemPointerGetBlockNumber(&where[i]),
								 RBM_NORMAL, NULL);
		LockBuffer(buf, BUFFER_LOCK_EXCLUSIVE);
		page = BufferGetPage(buf);
		l = (IvfListData *) PageGetItem(page,
										PageGetItemId(page, ItemPointerGetOffsetNumber(&where[i])));
		l->head = head[i];
		l->tail = tail[i];
		MarkBufferDirty(buf);
		UnlockReleaseBuffer(buf);
	}
	buf = ReadBufferExtended(index, fork, IVF_METAPAGE_BLKNO, RBM_NORMAL, NULL);
	LockBuffer(buf, BUFFER_LOCK_EXCLUSIVE);
	IvfPageGetMeta(BufferGetPage(buf))->ndirpages = ndir;
	MarkBufferDirty(buf);
	UnlockReleaseBuffer(buf);

	pfree(where);
	pfree(head);
	pfree(tail);
	return RelationGetNumberOfBlocksInFork(index, fork);
}

/*
 * ivf_sample_capacity
 *		Reservoir size: IVF_SAMPLES_PER_LIST per list (the lists known from
 *		the option, or the most the default can give), at most what fits
 *		into maintenance_work_mem (half of it: the other half is left to the
 *		k-means bookkeeping).
 */
static uint32
ivf_sample_capacity(int lists)
{
	double		per = sizeof(NewsVectorEntry) * IVF_SAMPLE_TERMS + 64.0;
	double		budget = (double) maintenance_work_mem * 1024.0 / 2.0;
	double		want;
	double		fit = Max(budget / per, 1000.0);

	if (lists == IVF_LISTS_AUTO)
		want = (double) IVF_SAMPLES_PER_LIST * IVF_MAX_LISTS;
	else
		want = (double) IVF_SAMPLES_PER_LIST * lists;
	return (uint32) Min(want, fit);
}

/*
 * ivfbuild
 *		ambuild: see the file header.
 */
IndexBuildResult *
ivfbuild(Relation heap, Relation index, IndexInfo *indexInfo)
{
	IndexBuildResult *result = palloc0(sizeof(IndexBuildResult));
	MemoryContext buildcxt;
	MemoryContext old;
	IvfSampleState ss;
	IvfAssignState as;
	IvfCentroids centroids;
	int			lists = ivf_get_lists_option(index);
	uint32		use;
	double		reltuples;
	TupleDesc	tupdesc;
	AttrNumber	attnum = 1;
	Oid			sortop = Int4LessOperator;
	Oid			collation = InvalidOid;
	bool		nullsfirst = false;
	BlockNumber nblocks;

	if (RelationGetNumberOfBlocks(index) != 0)
		elog(ERROR, "index \"%s\" already contains data",
			 RelationGetRelationName(index));

	buildcxt = AllocSetContextCreate(CurrentMemoryContext, "news_ivf build",
									 ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(buildcxt);

	/* pass 1: sample, then cluster */
	memset(&ss, 0, sizeof(ss));
	ss.sampcxt = AllocSetContextCreate(buildcxt, "news_ivf samples",
									   ALLOCSET_DEFAULT_SIZES);
	ss.tmpcxt = AllocSetContextCreate(buildcxt, "news_ivf build tuple",
									  ALLOCSET_DEFAULT_SIZES);
	ss.capacity = ivf_sample_capacity(lists);
	ss.vecs = palloc_extended(sizeof(NewsVectorEntry *) * ss.capacity, MCXT_ALLOC_HUGE);
	ss.lens = palloc_extended(sizeof(uint32) * ss.capacity, MCXT_ALLOC_HUGE);
	ss.rng = IVF_KMEANS_SEED;
	ivf_progress_phase(IVF_PHASE_SAMPLE, 0, 0);
	reltuples = table_index_build_scan(heap, index, indexInfo, false, true,
									   sample_callback, &ss, NULL);
	if (lists == IVF_LISTS_AUTO)
		lists = ivf_default_lists(ss.seen);

	/* use a random subset of IVF_SAMPLES_PER_LIST per list */
	use = (uint32) Min((double) ss.nsamples, (double) IVF_SAMPLES_PER_LIST * lists);
	for (uint32 i = 0; i < use; i++)
	{
		uint32		j = i + (uint32) (ivf_random(&ss.rng) % (ss.nsamples - i));
		NewsVectorEntry *te = ss.vecs[i];
		uint32		tl = ss.lens[i];

		ss.vecs[i] = ss.vecs[j];
		ss.lens[i] = ss.lens[j];
		ss.vecs[j] = te;
		ss.lens[j] = tl;
	}
	ivf_progress_phase(IVF_PHASE_KMEANS, 0, 0);
	ivf_kmeans((const NewsVectorEntry *const *) ss.vecs, ss.lens, use,
			   (uint32) lists, IVF_CENTROID_TERMS, IVF_KMEANS_ITERATIONS,
			   IVF_KMEANS_SEED, ivf_check_interrupts, &centroids);
	MemoryContextDelete(ss.sampcxt);

	/* pass 2: assign every vector, sorted by list */
	memset(&as, 0, sizeof(as));
	as.tmpcxt = ss.tmpcxt;
	as.cindex = ivf_cindex_build(&centroids);
	tupdesc = CreateTemplateTupleDesc(2);
	TupleDescInitEntry(tupdesc, (AttrNumber) 1, "list", INT4OID, -1, 0);
	TupleDescInitEntry(tupdesc, (AttrNumber) 2, "tuple", BYTEAOID, -1, 0);
	as.slot = MakeSingleTupleTableSlot(tupdesc, &TTSOpsVirtual);
	as.sort = tuplesort_begin_heap(tupdesc, 1, &attnum, &sortop, &collation,
								   &nullsfirst, maintenance_work_mem, NULL,
								   TUPLESORT_NONE);
	ivf_progress_phase(IVF_PHASE_ASSIGN, ss.seen, 0);
	table_index_build_scan(heap, index, indexInfo, false, true,
						   assign_callback, &as, NULL);
	ivf_cindex_free(as.cindex);
	/*
	 * From here on the total is what the assignment filed: the same rows
	 * as the sampling pass under CREATE INDEX's ShareLock, but a
	 * concurrent build takes a new snapshot for each scan.
	 */
	ivf_progress_phase(IVF_PHASE_SORT, as.indtuples, as.indtuples);
	tuplesort_performsort(as.sort);

	ExecDropSingleTupleTableSlot(as.slot);
	as.slot = MakeSingleTupleTableSlot(tupdesc, &TTSOpsMinimalTuple);
	ivf_progress_phase(IVF_PHASE_WRITE, as.indtuples, 0);
	nblocks = ivf_write_index(index, MAIN_FORKNUM, &centroids, as.sort, as.slot);
	tuplesort_end(as.sort);
	ExecDropSingleTupleTableSlot(as.slot);

	if (RelationNeedsWAL(index))
	{
		ivf_progress_phase(IVF_PHASE_WAL, as.indtuples, as.indtuples);
		log_newpage_range(index, MAIN_FORKNUM, 0, nblocks, true);
	}

	MemoryContextSwitchTo(old);
	MemoryContextDelete(buildcxt);

	result->heap_tuples = reltuples;
	result->index_tuples = as.indtuples;
	return result;
}

/*
 * ivfbuildempty
 *		The init fork of an unlogged index: one list with an empty
 *		centroid, WAL-logged so that it survives a crash.
 */
void
ivfbuildempty(Relation index)
{
	IvfCentroids c;
	NewsVectorEntry none;
	uint32		len = 0;
	NewsVectorEntry *e = &none;
	BlockNumber nblocks;

	c.k = 1;
	c.len = &len;
	c.e = &e;
	nblocks = ivf_write_index(index, INIT_FORKNUM, &c, NULL, NULL);
	log_newpage_range(index, INIT_FORKNUM, 0, nblocks, true);
}
