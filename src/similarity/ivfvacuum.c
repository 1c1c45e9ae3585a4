/*-------------------------------------------------------------------------
 *
 * ivfvacuum.c
 *	  news_ivf access method: VACUUM (ambulkdelete, amvacuumcleanup).
 *
 * Dead rows' index tuples are removed page by page with GenericXLog.  The
 * pages stay in their chains (inserts only append to the tail, so space
 * freed in the middle of a list is reused only after a REINDEX).  Scans
 * require an MVCC snapshot and keep no position on a page between calls,
 * so an exclusive lock (not a cleanup lock) is enough.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/generic_xlog.h"
#include "commands/vacuum.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "utils/rel.h"

#include "similarity/ivf.h"

/*
 * ivfbulkdelete
 *		Walk every list and delete the tuples whose heap rows are dead.
 */
IndexBulkDeleteResult *
ivfbulkdelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats,
			  IndexBulkDeleteCallback callback, void *callback_state)
{
	Relation	index = info->index;
	IvfDirectory *dir = ivf_get_directory(index);

	if (stats == NULL)
		stats = palloc0(sizeof(IndexBulkDeleteResult));

	for (uint32 i = 0; i < dir->nlists; i++)
	{
		BlockNumber blkno = dir->head[i];

		while (BlockNumberIsValid(blkno))
		{
			Buffer		buf;
			Page		page;
			OffsetNumber deletable[MaxOffsetNumber];
			int			ndeletable = 0;
			OffsetNumber maxoff;

			na_vacuum_delay_point();
			buf = ivf_read_data_page(index, blkno, BUFFER_LOCK_EXCLUSIVE,
									 info->strategy);
			page = BufferGetPage(buf);
			maxoff = PageGetMaxOffsetNumber(page);
			for (OffsetNumber off = FirstOffsetNumber; off <= maxoff; off++)
			{
				IvfTuple	t = (IvfTuple) PageGetItem(page, PageGetItemId(page, off));

				if (callback(&t->tid, callback_state))
					deletable[ndeletable++] = off;
				else
					stats->num_index_tuples += 1;
			}
			if (ndeletable > 0)
			{
				GenericXLogState *state = GenericXLogStart(index);
				Page		gpage = GenericXLogRegisterBuffer(state, buf, 0);

				PageIndexMultiDelete(gpage, deletable, ndeletable);
				GenericXLogFinish(state);
				stats->tuples_removed += ndeletable;
			}
			blkno = IvfPageGetOpaque(page)->nextblkno;
			UnlockReleaseBuffer(buf);
		}
	}
	return stats;
}

/*
 * ivfvacuumcleanup
 *		Report the size; without a bulk delete the tuple count is the
 *		heap's estimate.
 */
IndexBulkDeleteResult *
ivfvacuumcleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats)
{
	if (info->analyze_only)
		return stats;
	if (stats == NULL)
	{
		stats = palloc0(sizeof(IndexBulkDeleteResult));
		stats->num_index_tuples = info->num_heap_tuples;
		stats->estimated_count = info->estimated_count;
	}
	stats->num_pages = RelationGetNumberOfBlocks(info->index);
	return stats;
}
