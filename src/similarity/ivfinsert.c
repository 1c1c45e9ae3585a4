/*-------------------------------------------------------------------------
 *
 * ivfinsert.c
 *	  news_ivf access method: inserting one row (aminsert).
 *
 * The vector goes to the list of its nearest centroid and is appended to
 * that list's tail page; a full tail gets a new page linked after it, and
 * the directory's tail pointer moves to it.  Every change is WAL-logged
 * with GenericXLog, the three pages of an extension in one record, so a
 * crash leaves either the old or the new chain.
 *
 * Locking: the directory page is share-locked only to read the tail and
 * released before the tail page is locked; an extender holds the old tail
 * (exclusive), then the new page, then the directory page.  Inserters that
 * find a tail which already has a successor (another backend extended the
 * list meanwhile) follow the chain to the real tail.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/generic_xlog.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "storage/bufmgr.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "similarity/ivf.h"

/*
 * ivf_read_tail
 *		The tail block of list `list` as the directory has it now.
 */
static BlockNumber
ivf_read_tail(Relation index, IvfDirectory *dir, uint32 list)
{
	ItemPointer where = &dir->item[list];
	Buffer		buf = ReadBuffer(index, ItemPointerGetBlockNumber(where));
	Page		page;
	IvfListData *l;
	BlockNumber tail;

	LockBuffer(buf, BUFFER_LOCK_SHARE);
	page = BufferGetPage(buf);
	l = (IvfListData *) PageGetItem(page, PageGetItemId(page, ItemPointerGetOffsetNumber(where)));
	tail = l->tail;
	UnlockReleaseBuffer(buf);
	return tail;
}

/*
 * ivf_append
 *		Append an index tuple to list `list` (see the file header).
 */
static void
ivf_append(Relation index, IvfDirectory *dir, uint32 list, IvfTuple itup, Size size)
{
	BlockNumber blkno = ivf_read_tail(index, dir, list);

	for (;;)
	{
		Buffer		buf;
		Page		page;
		BlockNumber next;
		GenericXLogState *state;

		buf = ivf_read_data_page(index, blkno, BUFFER_LOCK_EXCLUSIVE, NULL);
		page = BufferGetPage(buf);
		next = IvfPageGetOpaque(page)->nextblkno;
		if (BlockNumberIsValid(next))
		{
			/* someone extended the list after we read the tail */
			UnlockReleaseBuffer(buf);
			blkno = next;
			continue;
		}

		if (PageGetFreeSpace(page) >= MAXALIGN(size))
		{
			state = GenericXLogStart(index);
			page = GenericXLogRegisterBuffer(state, buf, 0);
			if (PageAddItem(page, (Item) itup, size, InvalidOffsetNumber,
							false, false) == InvalidOffsetNumber)
				elog(ERROR, "failed to add index tuple to news_ivf index \"%s\"",
					 RelationGetRelationName(index));
			GenericXLogFinish(state);
			UnlockReleaseBuffer(buf);
			return;
		}
		else
		{
			/* full: a new tail page, linked and entered in the directory */
			Buffer		nbuf = ivf_new_buffer(index, MAIN_FORKNUM);
			BlockNumber nblkno = BufferGetBlockNumber(nbuf);
			ItemPointer where = &dir->item[list];
			Buffer		dbuf = ReadBuffer(index, ItemPointerGetBlockNumber(where));
			Page		npage;
			Page		dpage;
			IvfListData *l;

			LockBuffer(dbuf, BUFFER_LOCK_EXCLUSIVE);
			state = GenericXLogStart(index);
			page = GenericXLogRegisterBuffer(state, buf, 0);
			npage = GenericXLogRegisterBuffer(state, nbuf, GENERIC_XLOG_FULL_IMAGE);
			dpage = GenericXLogRegisterBuffer(state, dbuf, 0);
			ivf_init_page(npage, IVF_PAGE_DATA);
			if (PageAddItem(npage, (Item) itup, size, InvalidOffsetNumber,
							false, false) == InvalidOffsetNumber)
				elog(ERROR, "failed to add index tuple to news_ivf index \"%s\"",
					 RelationGetRelationName(index));
			IvfPageGetOpaque(page)->nextblkno = nblkno;
			l = (IvfListData *) PageGetItem(dpage,
											PageGetItemId(dpage, ItemPointerGetOffsetNumber(where)));
			l->tail = nblkno;
			GenericXLogFinish(state);
			UnlockReleaseBuffer(dbuf);
			UnlockReleaseBuffer(nbuf);
			UnlockReleaseBuffer(buf);
			return;
		}
	}
}

/*
 * ivfinsert
 *		aminsert: NULL vectors are not indexed.
 */
bool
ivfinsert(Relation index, Datum *values, bool *isnull, ItemPointer heap_tid,
		  Relation heap, IndexUniqueCheck checkUnique, bool indexUnchanged,
		  IndexInfo *indexInfo)
{
	MemoryContext tmpcxt;
	MemoryContext old;
	NewsVector *v;
	IvfTuple	itup;
	Size		size;
	IvfDirectory *dir;
	uint32		list;

	if (isnull[0])
		return false;

	tmpcxt = AllocSetContextCreate(CurrentMemoryContext, "news_ivf insert",
								   ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(tmpcxt);
	v = (NewsVector *) PG_DETOAST_DATUM(values[0]);
	news_vector_check(v);
	itup = ivf_form_tuple(v, heap_tid, &size);
	dir = ivf_get_directory(index);
	list = ivf_nearest_list(dir, NV_ENTRIES(v), v->nterms);
	ivf_append(index, dir, list, itup, size);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(tmpcxt);
	return false;
}
