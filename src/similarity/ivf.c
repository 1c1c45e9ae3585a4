/*-------------------------------------------------------------------------
 *
 * ivf.c
 *	  news_ivf access method: the handler (IndexAmRoutine), the reloption
 *	  lists, the cost estimate, operator class validation and the names
 *	  of the build phases shown in pg_stat_progress_create_index.
 *
 * The lifecycle is in ivfbuild.c, ivfinsert.c, ivfscan.c and
 * ivfvacuum.c, the page and tuple helpers they share in ivfutils.c, the
 * k-means core in ivf_kmeans.c.
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
#include "commands/progress.h"
#include "commands/vacuum.h"
#include "fmgr.h"
#include "utils/rel.h"
#include "utils/selfuncs.h"
#include "utils/syscache.h"

#include "similarity/ivf.h"

static relopt_kind ivf_relopt_kind;

PG_FUNCTION_INFO_V1(news_ivf_handler);

/*
 * news_ivf_init
 *		Called from news_similarity_init (_PG_init): the reloption kind of
 *		news_ivf.
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
 * ivfcostestimate
 *		genericcostestimate over the fraction probes/lists of the index
 *		(at ivf_probes = 0 the stopping rule's typical IVF_AUTO_COST_PROBES
 *		lists, at most ivf_max_probes),
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
	if (news_ivf_probes > 0)
		ratio = Min(1.0, (double) news_ivf_probes / Max(lists, 1.0));
	else
		ratio = Min(1.0, (double) Min(news_ivf_max_probes, IVF_AUTO_COST_PROBES) /
					Max(lists, 1.0));

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
 * ivfbuildphasename
 *		Name of a build phase (PROGRESS_CREATEIDX_SUBPHASE, set by
 *		ivfbuild): pg_stat_progress_create_index shows it after "building
 *		index: ", and pg_indexam_progress_phasename() returns it.  NULL for
 *		a number that is not ours makes the view show the bare core phase.
 */
static char *
ivfbuildphasename(int64 phasenum)
{
	switch (phasenum)
	{
		case PROGRESS_CREATEIDX_SUBPHASE_INITIALIZE:
			return "initializing";
		case IVF_PHASE_SAMPLE:
			return "sampling";
		case IVF_PHASE_KMEANS:
			return "computing centroids (k-means)";
		case IVF_PHASE_ASSIGN:
			return "assigning tuples";
		case IVF_PHASE_SORT:
			return "sorting tuples";
		case IVF_PHASE_WRITE:
			return "writing lists";
		case IVF_PHASE_WAL:
			return "WAL-logging the index";
		default:
			return NULL;
	}
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
	amroutine->ambuildphasename = ivfbuildphasename;
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
