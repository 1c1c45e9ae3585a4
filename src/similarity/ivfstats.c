/*-------------------------------------------------------------------------
 *
 * ivfstats.c
 *	  news_ivf_lists(index regclass): one row per inverted list of a
 *	  news_ivf index (tuples, pages, centroid terms), for choosing `lists`
 *	  and `probes` and for spotting unbalanced lists.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/relation.h"
#include "catalog/pg_am.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "similarity/ivf.h"

PG_FUNCTION_INFO_V1(news_ivf_lists);

/*
 * news_ivf_lists
 *		Walk every list; the caller needs SELECT rights on the table of
 *		the index.
 */
Datum
news_ivf_lists(PG_FUNCTION_ARGS)
{
	Oid			indexoid = PG_GETARG_OID(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Relation	index;
	IvfDirectory *dir;
	HeapTuple	amtup;
	bool		is_ivf = false;

	InitMaterializedSRF(fcinfo, 0);
	index = try_relation_open(indexoid, AccessShareLock);
	if (index == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", indexoid)));
	if (index->rd_rel->relkind == RELKIND_INDEX)
	{
		amtup = SearchSysCache1(AMOID, ObjectIdGetDatum(index->rd_rel->relam));
		if (HeapTupleIsValid(amtup))
		{
			is_ivf = strcmp(NameStr(((Form_pg_am) GETSTRUCT(amtup))->amname), "news_ivf") == 0;
			ReleaseSysCache(amtup);
		}
	}
	if (!is_ivf)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a news_ivf index",
						RelationGetRelationName(index))));

	if (pg_class_aclcheck(index->rd_index->indrelid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for the table of index \"%s\"",
						RelationGetRelationName(index))));

	dir = ivf_get_directory(index);
	for (uint32 i = 0; i < dir->nlists; i++)
	{
		BlockNumber blkno = dir->head[i];
		int64		tuples = 0;
		int32		pages = 0;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		while (BlockNumberIsValid(blkno))
		{
			Buffer		buf;
			Page		page;

			buf = ivf_read_data_page(index, blkno, BUFFER_LOCK_SHARE, NULL);
			page = BufferGetPage(buf);
			tuples += PageGetMaxOffsetNumber(page);
			pages++;
			blkno = IvfPageGetOpaque(page)->nextblkno;
			UnlockReleaseBuffer(buf);
		}
		values[0] = Int32GetDatum((int32) i);
		values[1] = Int64GetDatum(tuples);
		values[2] = Int32GetDatum(pages);
		values[3] = Int32GetDatum((int32) dir->centroids.len[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	relation_close(index, AccessShareLock);
	return (Datum) 0;
}
