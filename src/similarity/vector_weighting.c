/*-------------------------------------------------------------------------
 *
 * vector_weighting.c
 *	  Corpus statistics for term weighting: news_analyze_corpus(), the
 *	  per-backend cache of statistics sets, who may use them, and the idf
 *	  formula.
 *
 * A statistics set holds, for one analyzed text column, the number of
 * documents containing each term (terms found in a single document are not
 * stored: they are the bulk of the vocabulary and carry no shared signal; a
 * missing term counts as occurring in one document) and the corpus totals.
 * There are two kinds, read by the same code:
 *
 *	the default set   the extension's tables news_corpus_terms (term, df) and
 *					  news_corpus_info (one row: source, ndocs, nword,
 *					  npart, analyzed_at), filled by
 *					  news_analyze_corpus(relation, column) and used by
 *					  to_news_vector(text) / news_vector(text);
 *	a named set       an ordinary table (term text PRIMARY KEY, df bigint,
 *					  nword bigint, npart bigint, source text) owned by the
 *					  role that ran news_analyze_corpus(relation, column,
 *					  statistics); the row with term '' holds the totals
 *					  (df = documents analyzed) and the source.  Used by
 *					  to_news_vector(statistics regclass, text).
 *
 * Design (one rule for one server and for Citus):
 *
 * Volatility follows to_tsvector.  With explicit statistics the vector is
 * a function of the statistics table and the text, like to_tsvector
 * (regconfig, text) of its configuration, hence IMMUTABLE: Citus accepts
 * it in UPDATE ... SET vec = to_news_vector('stats', body), and it may be
 * used in generated columns and index expressions.  As with a changed text
 * search configuration, stored vectors (and expression indexes) must be
 * recomputed after the statistics are refreshed.  The form without
 * statistics depends on the server's default set and is STABLE.
 *
 * Privileges: statistics reveal which terms occur how often in what they
 * were computed from, so (as pg_stats hides pg_statistic, CVE-2017-7484) a
 * set is used only by a role that may read the source column (SELECT on the
 * table or the column, and no row-level security applying to the role) or
 * to which the set's owner granted SELECT on the statistics table(s).
 * Anyone else gets an error (42501, with a hint), never the statistics.
 * The analysis itself runs with the caller's privileges (an SPI scan), and
 * a named set is created by, hence owned by, the caller.  A set that was
 * never filled has nothing to reveal and gives the fallback weighting.
 *
 * Citus: a named set analyzed from a distributed table is made a reference
 * table, so every node holds the same rows; a vector computed on any node
 * then equals the single-server one.  Inside a shard query a nested
 * distributed query is not allowed, so the reader reads the node's own
 * placement of the reference table directly (found through pg_dist_shard).
 * The default set lives in each node's local extension tables, which
 * Citus does not replicate: news_analyze_corpus() refuses to fill it from
 * a distributed table, and to_news_vector(text) refuses to run inside a
 * Citus shard query, rather than weight silently with another server's
 * statistics.
 *
 * Each backend caches every set it used in a hash table keyed by the
 * statistics table's OID (InvalidOid: the default set).  An entry is
 * dropped by a relcache invalidation of any relation it was read from:
 * the statement triggers on the default tables send one (see
 * news_corpus_stats_changed), and news_analyze_corpus() replaces a named
 * set with TRUNCATE, which gives the table (and on Citus every placement)
 * a new relfilenode and thereby invalidates it on every backend of every
 * node.  The privilege check runs on every call, against the cached
 * source, so GRANT, REVOKE and SET ROLE take effect at once.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "similarity/similarity_internal.h"

#include <math.h>

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "parser/parse_coerce.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/regproc.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/varlena.h"

#include "common/na_citus.h"
#include "tokenizer/tokenizer.h"

PG_FUNCTION_INFO_V1(news_analyze_corpus);
PG_FUNCTION_INFO_V1(news_analyze_corpus_into);
PG_FUNCTION_INFO_V1(news_corpus_stats_changed);

#define TERMS_TABLE		"news_corpus_terms"
#define INFO_TABLE		"news_corpus_info"
#define ANALYZE_BATCH	1000	/* rows fetched per cursor call */
#define INSERT_BATCH	10000	/* terms inserted per statement */

/* the columns of a named statistics table, in this order */
#define NSET_NCOLS		5
static const char *const nset_colnames[NSET_NCOLS] =
{"term", "df", "nword", "npart", "source"};
static const Oid nset_coltypes[NSET_NCOLS] =
{TEXTOID, INT8OID, INT8OID, INT8OID, TEXTOID};

typedef struct DfEntry
{
	uint32		hash;			/* key */
	int32		df;
} DfEntry;

/* one cached statistics set */
typedef struct StatsSet
{
	Oid			relid;			/* key: statistics table, or InvalidOid for
								 * the default set */
	bool		valid;			/* false: reload before use */
	Oid			datarel;		/* relation the rows were read from (the
								 * table or its local Citus placement; the
								 * terms table of the default set) */
	Oid			inforel;		/* default set: news_corpus_info */
	Oid			source_rel;		/* analyzed relation, if it still exists */
	AttrNumber	source_att;		/* analyzed column */
	char	   *source;			/* as recorded, for messages; NULL if none */
	MemoryContext cxt;			/* holds df and source */
	NewsCorpusStats stats;
} StatsSet;

static HTAB *stats_sets = NULL;

/*
 * stats_inval_callback
 *		Relcache callback: forget every set read from the invalidated
 *		relation (or every set, relid = InvalidOid).
 */
static void
stats_inval_callback(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS seq;
	StatsSet   *set;

	if (stats_sets == NULL)
		return;
	hash_seq_init(&seq, stats_sets);
	while ((set = hash_seq_search(&seq)) != NULL)
	{
		if (relid == InvalidOid || relid == set->relid ||
			relid == set->datarel || relid == set->inforel)
			set->valid = false;
	}
}

/*
 * news_weighting_init
 *		Called from _PG_init via news_similarity_init.
 */
void
news_weighting_init(void)
{
	CacheRegisterRelcacheCallback(stats_inval_callback, (Datum) 0);
}

/*
 * extension_schema
 *		Namespace of an extension (PostgreSQL 15 does not export
 *		get_extension_schema()); InvalidOid if not found.
 */
static Oid
extension_schema(Oid extoid)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			nsp = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(extoid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		nsp = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return nsp;
}

/*
 * find_stats_tables
 *		Look up the OIDs of the default set's two tables in the extension's
 *		schema; false if the extension or a table is missing (mid-CREATE or
 *		DROP).
 */
static bool
find_stats_tables(Oid *terms, Oid *info, Oid *nsp)
{
	Oid			extoid = get_extension_oid("news_analytics", true);

	if (!OidIsValid(extoid))
		return false;
	*nsp = extension_schema(extoid);
	if (!OidIsValid(*nsp))
		return false;
	*terms = get_relname_relid(TERMS_TABLE, *nsp);
	*info = get_relname_relid(INFO_TABLE, *nsp);
	return OidIsValid(*terms) && OidIsValid(*info);
}

/*
 * citus_table_shard
 *		For a Citus table with one shard (a reference table): the OID of
 *		that shard's placement on this node, or InvalidOid when there is
 *		none here; *is_citus tells whether relid is a Citus table at all.
 *
 * Citus keeps a table's rows in its shards; the table itself is an empty
 * shell on the workers (and keeps whatever rows it had on the coordinator
 * when it was distributed), so reading it directly would see the wrong
 * rows.  Asked through pg_dist_shard and Citus's own shard_name(), which
 * knows how long names are shortened.  Plain SQL on local catalogs, hence
 * allowed inside a shard query.
 */
static Oid
citus_table_shard(Oid relid, bool *is_citus)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	Oid			shard = InvalidOid;
	int			rc;

	*is_citus = false;
	if (!OidIsValid(get_extension_oid("citus", true)) ||
		!OidIsValid(get_relname_relid("pg_dist_shard", PG_CATALOG_NAMESPACE)))
		return InvalidOid;

	args[0] = ObjectIdGetDatum(relid);
	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	rc = SPI_execute_with_args("SELECT pg_catalog.to_regclass(pg_catalog.shard_name(s.logicalrelid, s.shardid, false))::pg_catalog.oid "
							   "FROM pg_catalog.pg_dist_shard s WHERE s.logicalrelid = $1::pg_catalog.oid",
							   1, argtypes, args, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not look up the shards of relation %u: %s",
			 relid, SPI_result_code_string(rc));
	if (SPI_processed > 0)
	{
		bool		isnull;
		Datum		d;

		*is_citus = true;
		if (SPI_processed > 1)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("statistics table \"%s\" is split into shards",
							get_rel_name(relid)),
					 errhint("Statistics must be complete on every node: make it a reference table with create_reference_table().")));
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
						  &isnull);
		if (!isnull)
			shard = DatumGetObjectId(d);
	}
	SPI_finish();
	return shard;
}

/*
 * resolve_source
 *		Find the analyzed column from its recorded name
 *		("schema"."table"."column", as news_analyze_corpus writes it); sets
 *		source_rel to InvalidOid if it is malformed or no longer exists (then
 *		only a grant on the statistics allows their use).
 */
static void
resolve_source(StatsSet *set)
{
	char	   *raw;
	List	   *names;
	Oid			nsp;

	set->source_rel = InvalidOid;
	set->source_att = InvalidAttrNumber;
	if (set->source == NULL)
		return;
	raw = pstrdup(set->source);
	if (!SplitIdentifierString(raw, '.', &names) || list_length(names) != 3)
		return;
	nsp = get_namespace_oid(linitial(names), true);
	if (!OidIsValid(nsp))
		return;
	set->source_rel = get_relname_relid(lsecond(names), nsp);
	if (OidIsValid(set->source_rel))
	{
		set->source_att = get_attnum(set->source_rel, lthird(names));
		if (set->source_att <= 0)
			set->source_rel = InvalidOid;
	}
}

/*
 * stats_snapshot
 *		The snapshot to read statistics with: the latest one, taken after
 *		the tables are locked (which processes pending invalidations), so the
 *		cache never holds data older than the invalidations already
 *		consumed; in parallel mode, where no new snapshot may be taken (and
 *		the workers must see what the leader sees), the query's.
 */
static Snapshot
stats_snapshot(void)
{
	if (IsInParallelMode() && ActiveSnapshotSet())
		return RegisterSnapshot(GetActiveSnapshot());
	return RegisterSnapshot(GetLatestSnapshot());
}

/*
 * add_df
 *		Enter one (term, df) pair; colliding terms keep the larger df (the
 *		lower weight).
 */
static void
add_df(HTAB *df, text *term, int64 n)
{
	uint32		hash = news_term_hash(VARDATA_ANY(term), VARSIZE_ANY_EXHDR(term));
	DfEntry    *e;
	bool		found;
	int32		v = (int32) Min(n, PG_INT32_MAX);

	e = hash_search(df, &hash, HASH_ENTER, &found);
	if (!found || v > e->df)
		e->df = v;
}

/*
 * new_df_table
 *		An empty term -> df hash table in the set's context.
 */
static HTAB *
new_df_table(StatsSet *set)
{
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(uint32);
	ctl.entrysize = sizeof(DfEntry);
	ctl.hcxt = set->cxt;
	return hash_create("news_analytics document frequencies", 1024, &ctl,
					   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/*
 * finish_load
 *		End the scan of a statistics table and complete the set: store its
 *		corpus totals, resolve its source column and mark it valid.
 */
static void
finish_load(StatsSet *set, Relation rel, TableScanDesc scan, Snapshot snap,
			double ndocs, double nword, double npart)
{
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	UnregisterSnapshot(snap);
	set->stats.ndocs = ndocs;
	set->stats.avgdl = ndocs > 0 ?
		(nword + news_part_weight * npart) / ndocs : 0;
	resolve_source(set);
	set->valid = true;
}

/*
 * load_default_set
 *		Read news_corpus_info and news_corpus_terms into the set.
 */
static void
load_default_set(StatsSet *set)
{
	Oid			terms,
				info,
				nsp;
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	Snapshot	snap;
	double		ndocs = 0,
				nword = 0,
				npart = 0;

	if (!find_stats_tables(&terms, &info, &nsp))
		return;					/* fallback weighting, not cached */
	set->datarel = terms;
	set->inforel = info;

	/*
	 * The info row: source, ndocs, word and part totals are columns 2 to 5
	 * of news_corpus_info as created by the install script.
	 */
	rel = table_open(info, AccessShareLock);
	snap = stats_snapshot();
	scan = table_beginscan(rel, snap, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		isnull;
		Datum		d;

		d = heap_getattr(tup, 2, desc, &isnull);
		if (!isnull)
			set->source = MemoryContextStrdup(set->cxt, TextDatumGetCString(d));
		d = heap_getattr(tup, 3, desc, &isnull);
		ndocs = isnull ? 0 : (double) DatumGetInt64(d);
		d = heap_getattr(tup, 4, desc, &isnull);
		nword = isnull ? 0 : (double) DatumGetInt64(d);
		d = heap_getattr(tup, 5, desc, &isnull);
		npart = isnull ? 0 : (double) DatumGetInt64(d);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);

	set->stats.df = new_df_table(set);
	rel = table_open(terms, AccessShareLock);
	scan = table_beginscan(rel, snap, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		isnull1,
					isnull2;
		Datum		t = heap_getattr(tup, 1, desc, &isnull1);
		Datum		f = heap_getattr(tup, 2, desc, &isnull2);

		CHECK_FOR_INTERRUPTS();
		if (isnull1 || isnull2)
			continue;
		add_df(set->stats.df, DatumGetTextPP(t), DatumGetInt32(f));
	}
	finish_load(set, rel, scan, snap, ndocs, nword, npart);
}

/*
 * check_named_layout
 *		Raise an error unless relid has the columns of a statistics table
 *		(nset_colnames, nset_coltypes); fills attnums.
 */
static void
check_named_layout(Oid relid, AttrNumber *attnums)
{
	int			i;

	for (i = 0; i < NSET_NCOLS; i++)
	{
		attnums[i] = get_attnum(relid, nset_colnames[i]);
		if (attnums[i] <= 0 ||
			get_atttype(relid, attnums[i]) != nset_coltypes[i])
			ereport(ERROR,
					(errcode(ERRCODE_WRONG_OBJECT_TYPE),
					 errmsg("\"%s\" is not a news_analytics statistics table",
							get_rel_name(relid)),
					 errdetail("A statistics table has the columns term text, df bigint, nword bigint, npart bigint, source text."),
					 errhint("Create it with news_analyze_corpus(relation, column, statistics).")));
	}
}

/*
 * load_named_set
 *		Read a statistics table (or its local placement) into the set.
 */
static void
load_named_set(StatsSet *set)
{
	AttrNumber	att[NSET_NCOLS];
	bool		is_citus;
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	Snapshot	snap;
	double		ndocs = 0,
				nword = 0,
				npart = 0;

	if (get_rel_relkind(set->relid) != RELKIND_RELATION)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a table", get_rel_name(set->relid)),
				 errhint("Pass the statistics table that news_analyze_corpus() filled.")));
	check_named_layout(set->relid, att);

	set->datarel = citus_table_shard(set->relid, &is_citus);
	if (!is_citus)
		set->datarel = set->relid;
	else if (!OidIsValid(set->datarel))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("statistics table \"%s\" has no copy on this node",
						get_rel_name(set->relid)),
				 errhint("Make it a reference table, which Citus copies to every node: SELECT create_reference_table('%s').",
						 get_rel_name(set->relid))));

	set->stats.df = new_df_table(set);
	rel = table_open(set->datarel, AccessShareLock);
	snap = stats_snapshot();
	scan = table_beginscan(rel, snap, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		isnull[NSET_NCOLS];
		Datum		d[NSET_NCOLS];
		text	   *term;
		int			i;

		CHECK_FOR_INTERRUPTS();
		for (i = 0; i < NSET_NCOLS; i++)
			d[i] = heap_getattr(tup, att[i], desc, &isnull[i]);
		if (isnull[0] || isnull[1])
			continue;
		term = DatumGetTextPP(d[0]);
		if (VARSIZE_ANY_EXHDR(term) > 0)
		{
			add_df(set->stats.df, term, DatumGetInt64(d[1]));
			continue;
		}
		/* the summary row */
		ndocs = (double) DatumGetInt64(d[1]);
		nword = isnull[2] ? 0 : (double) DatumGetInt64(d[2]);
		npart = isnull[3] ? 0 : (double) DatumGetInt64(d[3]);
		if (!isnull[4])
			set->source = MemoryContextStrdup(set->cxt,
											  TextDatumGetCString(d[4]));
	}
	finish_load(set, rel, scan, snap, ndocs, nword, npart);
}

/*
 * may_read_source
 *		Whether the current user may read the analyzed column in full: SELECT
 *		on the table or the column, and no row-level security applying to
 *		the user (statistics over all rows would tell about hidden ones).
 */
static bool
may_read_source(const StatsSet *set)
{
	Oid			user = GetUserId();

	if (!OidIsValid(set->source_rel) ||
		!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(set->source_rel)))
		return false;
	if (pg_class_aclcheck(set->source_rel, user, ACL_SELECT) != ACLCHECK_OK &&
		pg_attribute_aclcheck(set->source_rel, set->source_att, user,
							  ACL_SELECT) != ACLCHECK_OK)
		return false;
	return check_enable_rls(set->source_rel, InvalidOid, true) != RLS_ENABLED;
}

/*
 * check_access
 *		Raise 42501 unless the current user may use the set (file header).
 */
static void
check_access(const StatsSet *set)
{
	Oid			user = GetUserId();
	const char *name;

	if (set->stats.ndocs <= 0)
		return;					/* nothing analyzed, nothing to reveal */
	if (OidIsValid(set->relid))
	{
		if (pg_class_aclcheck(set->relid, user, ACL_SELECT) == ACLCHECK_OK)
			return;
		name = get_rel_name(set->relid);
	}
	else
	{
		if (pg_class_aclcheck(set->datarel, user, ACL_SELECT) == ACLCHECK_OK &&
			pg_class_aclcheck(set->inforel, user, ACL_SELECT) == ACLCHECK_OK)
			return;
		name = TERMS_TABLE;
	}
	if (may_read_source(set))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to use the corpus statistics in \"%s\"",
					name ? name : "?"),
			 errdetail("They were computed from %s, which role \"%s\" may not read.",
					   set->source ? set->source : "a column",
					   GetUserNameFromId(user, false)),
			 OidIsValid(set->relid) ?
			 errhint("The owner of \"%s\" can GRANT SELECT on it; or analyze a column you may read into a table of your own with news_analyze_corpus(relation, column, statistics).",
					 name) :
			 errhint("The owner of %s and %s can GRANT SELECT on them; or analyze a column you may read into a table of your own with news_analyze_corpus(relation, column, statistics) and use to_news_vector(statistics, text).",
					 TERMS_TABLE, INFO_TABLE)));
}

/*
 * get_set
 *		The cached set for relid (InvalidOid: the default set), loaded if
 *		needed.
 */
static StatsSet *
get_set(Oid relid)
{
	StatsSet   *set;
	bool		found;

	if (stats_sets == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(StatsSet);
		stats_sets = hash_create("news_analytics statistics sets", 8, &ctl,
								 HASH_ELEM | HASH_BLOBS);
	}
	set = hash_search(stats_sets, &relid, HASH_ENTER, &found);
	if (!found)
	{
		set->cxt = AllocSetContextCreate(TopMemoryContext,
										 "news_analytics corpus statistics",
										 ALLOCSET_DEFAULT_SIZES);
		set->valid = false;
	}
	if (!set->valid)
	{
		MemoryContextReset(set->cxt);
		set->datarel = set->inforel = set->source_rel = InvalidOid;
		set->source_att = InvalidAttrNumber;
		set->source = NULL;
		memset(&set->stats, 0, sizeof(set->stats));
		PG_TRY();
		{
			if (OidIsValid(relid))
				load_named_set(set);
			else
				load_default_set(set);
		}
		PG_CATCH();
		{
			/* a half-loaded set must not be used */
			set->valid = false;
			memset(&set->stats, 0, sizeof(set->stats));
			PG_RE_THROW();
		}
		PG_END_TRY();
	}
	return set;
}

/*
 * news_corpus_stats
 *		The default statistics (ndocs = 0: never analyzed), for
 *		to_news_vector(text); checks the caller's right to use them.
 */
const NewsCorpusStats *
news_corpus_stats(void)
{
	StatsSet   *set;

	if (na_in_citus_fragment())
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("to_news_vector(text) cannot run inside a Citus shard query"),
				 errdetail("It weights with the default statistics of the server it runs on, and a worker's are not the coordinator's."),
				 errhint("Use statistics kept in a reference table: news_analyze_corpus(relation, column, 'statistics'), then to_news_vector('statistics', text).")));
	set = get_set(InvalidOid);
	check_access(set);
	return &set->stats;
}

/*
 * news_corpus_stats_of
 *		The statistics kept in table relid, for to_news_vector(regclass,
 *		text); checks the caller's right to use them.
 */
const NewsCorpusStats *
news_corpus_stats_of(Oid relid)
{
	StatsSet   *set;

	if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	set = get_set(relid);
	check_access(set);
	return &set->stats;
}

/*
 * news_corpus_idf
 *		idf = ln((N + 1) / (df + 0.5)) ^ news_idf_exponent, df clamped to
 *		[1, N], times news_singleton_weight when df <= 1; >= 0.
 *
 * A term the statistics do not know counts as df = 1: it is either
 * unique in the analyzed corpus or new since, and rare either way.  The
 * exponent (default 0.7) dampens idf: on gnad-dev.csv exponents 0.6 to
 * 0.8 all beat plain idf (P@10 0.584-0.587 against 0.579), because the
 * rarest terms (names, one-off compounds) dominate plain TF-IDF vectors
 * but relate an article to few others.
 *
 * A term found in at most one analyzed article (or in none: new since the
 * analysis) is then multiplied by news_singleton_weight (default 0.5).
 * Such a term cannot relate two articles of the analyzed corpus, yet it
 * has the highest idf, so it takes a large share of the vector's norm and
 * scales down every shared term of a name-heavy article; dropping it
 * altogether would also lose the one link a rare name gives between a new
 * article and an old one.  Measured on gnad-dev.csv: P@10 / MAP 0.587 /
 * 0.372 without damping, 0.595 / 0.377 at 0.5, 0.594 / 0.374 at 0 (the
 * sample corpus' story MAP: 0.975, 0.979, 0.972); README, "related".
 */
double
news_corpus_idf(const NewsCorpusStats *stats, uint32 hash)
{
	double		n = stats->ndocs;
	double		df = 1;
	double		idf;
	DfEntry    *e;

	if (n <= 0 || stats->df == NULL)
		return 1.0;
	e = hash_search(stats->df, &hash, HASH_FIND, NULL);
	if (e != NULL)
		df = e->df;
	if (df < 1)
		df = 1;
	if (df > n)
		df = n;
	idf = pow(log((n + 1.0) / (df + 0.5)), news_idf_exponent);
	if (df <= 1)
		idf *= news_singleton_weight;
	return idf;
}

/*
 * news_corpus_stats_changed
 *		Statement trigger on both statistics tables: send a relcache
 *		invalidation so that every backend reloads its cache.
 */
Datum
news_corpus_stats_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("news_corpus_stats_changed() must be called as a trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/* state of the document frequency count */
typedef struct AnalyzeState
{
	TermTable  *table;
	int64		docno;
	int64		nword;			/* term occurrences as whole words */
	int64		npart;			/* term occurrences as compound parts */
} AnalyzeState;

/* the analyzed column */
typedef struct AnalyzeSource
{
	Oid			relid;
	char	   *qualname;		/* "schema"."table" */
	char	   *colname;
	char	   *source;			/* "schema"."table"."column", as recorded */
	bool		citus;			/* a Citus table */
} AnalyzeSource;

/* where the statistics go */
typedef struct AnalyzeTarget
{
	bool		named;			/* a statistics table, not the default set */
	Oid			relid;			/* named: the statistics table */
	char	   *qualname;		/* quoted, qualified table name (named), or
								 * the quoted schema of the default set */
} AnalyzeTarget;

/*
 * is_citus_table
 *		Whether relid is known to Citus (distributed, reference or Citus
 *		local table).  Needs an SPI connection.
 */
static bool
is_citus_table(Oid relid)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	int			rc;

	if (!OidIsValid(get_extension_oid("citus", true)) ||
		!OidIsValid(get_relname_relid("pg_dist_partition", PG_CATALOG_NAMESPACE)))
		return false;
	args[0] = ObjectIdGetDatum(relid);
	rc = SPI_execute_with_args("SELECT 1 FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1::pg_catalog.oid",
							   1, argtypes, args, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read pg_dist_partition: %s",
			 SPI_result_code_string(rc));
	return SPI_processed > 0;
}

/*
 * check_source_column
 *		Argument checks and catalog lookup of the column to analyze.
 */
static void
check_source_column(AnalyzeSource *src, Oid relid, const char *colname)
{
	AttrNumber	attnum;
	Oid			atttype;
	char	   *relname;
	char	   *nspname;

	if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	relname = get_rel_name(relid);
	nspname = get_namespace_name(get_rel_namespace(relid));
	attnum = get_attnum(relid, colname);
	if (attnum == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						colname, relname),
				 errhint("news_analyze_corpus() takes the column name as text, e.g. news_analyze_corpus('articles', 'body').")));
	if (attnum < 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot analyze system column \"%s\"", colname)));
	atttype = get_atttype(relid, attnum);
	if (TypeCategory(getBaseType(atttype)) != TYPCATEGORY_STRING)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of relation \"%s\" is of type %s, not a text type",
						colname, relname, format_type_be(atttype))));
	src->relid = relid;
	src->colname = pstrdup(colname);
	src->qualname = quote_qualified_identifier(nspname, relname);
	src->source = psprintf("%s.%s", src->qualname, quote_identifier(colname));
	src->citus = is_citus_table(relid);
}

/*
 * analyze_term
 *		Tokenizer callback: count each term once per document.
 */
static void
analyze_term(void *arg, const char *term, int len, int position, int flags)
{
	AnalyzeState *st = (AnalyzeState *) arg;
	TermEntry  *e = term_table_lookup_or_add(st->table, term, len);

	if (e->last_doc != st->docno)
	{
		e->last_doc = st->docno;
		e->df++;
	}
	if (flags & NEWS_TERM_EXTRA)
		return;					/* not part of the document length */
	if (flags & NEWS_TERM_PART)
		st->npart++;
	else
		st->nword++;
}

/*
 * scan_corpus
 *		Tokenize every non-NULL value of the column (an SPI cursor, so with
 *		the caller's privileges and row-level security, and on Citus over
 *		every shard) and count document frequencies into st.
 */
static void
scan_corpus(const AnalyzeSource *src, AnalyzeState *st)
{
	SPIPlanPtr	plan;
	Portal		portal;
	MemoryContext rowcxt;
	MemoryContext oldcxt;
	char	   *query;

	query = psprintf("SELECT %s::pg_catalog.text FROM %s",
					 quote_identifier(src->colname), src->qualname);
	rowcxt = AllocSetContextCreate(CurrentMemoryContext,
								   "news_analyze_corpus row",
								   ALLOCSET_DEFAULT_SIZES);
	plan = SPI_prepare(query, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s",
			 SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		uint64		r;

		SPI_cursor_fetch(portal, true, ANALYZE_BATCH);
		if (SPI_processed == 0)
			break;
		for (r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			Datum		d;
			text	   *t;

			CHECK_FOR_INTERRUPTS();
			d = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc,
							  1, &isnull);
			if (isnull)
				continue;
			/* the term table lives in the caller's context */
			oldcxt = MemoryContextSwitchTo(rowcxt);
			t = DatumGetTextPP(d);
			st->docno++;
			news_vector_terms(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
							  analyze_term, st);
			MemoryContextSwitchTo(oldcxt);
			MemoryContextReset(rowcxt);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	MemoryContextDelete(rowcxt);
}

/*
 * open_default_target
 *		The extension's tables; refuses a Citus source, whose statistics
 *		would reach the coordinator's tables only.
 */
static void
open_default_target(AnalyzeTarget *t, const AnalyzeSource *src)
{
	Oid			terms,
				info,
				nsp;

	if (!find_stats_tables(&terms, &info, &nsp))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the corpus statistics tables of news_analytics are missing")));
	if (src->citus)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot keep the statistics of Citus table %s in the default statistics",
						src->qualname),
				 errdetail("The default statistics are local to each server; the workers would not see them."),
				 errhint("Name a statistics table, which becomes a reference table: news_analyze_corpus('%s', '%s', 'statistics'), then to_news_vector('statistics', text).",
						 src->qualname, src->colname)));
	t->named = false;
	t->relid = InvalidOid;
	t->qualname = pstrdup(quote_identifier(get_namespace_name(nsp)));
}

/*
 * owns_relation
 *		Whether the current user is (a member of) the owner of relid; the
 *		same test as ALTER TABLE's, spelled the same on every version.
 */
static bool
owns_relation(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return superuser() || has_privs_of_role(GetUserId(), owner);
}

/*
 * open_named_target
 *		The statistics table called name: created (owned by the caller) if
 *		it does not exist, else checked to be one and owned by the caller,
 *		so that statistics never go to a table someone else can read.
 */
static void
open_named_target(AnalyzeTarget *t, text *name)
{
	List	   *names = textToQualifiedNameList(name);
	RangeVar   *rv = makeRangeVarFromNameList(names);
	Oid			relid = RangeVarGetRelid(rv, NoLock, true);

	t->named = true;
	t->qualname = NameListToQuotedString(names);
	if (!OidIsValid(relid))
	{
		int			rc;

		rc = SPI_execute(psprintf("CREATE TABLE %s (term pg_catalog.text PRIMARY KEY, "
								  "df pg_catalog.int8 NOT NULL CHECK (df >= 0), "
								  "nword pg_catalog.int8, npart pg_catalog.int8, "
								  "source pg_catalog.text)", t->qualname),
						 false, 0);
		if (rc != SPI_OK_UTILITY)
			elog(ERROR, "could not create statistics table %s: %s",
				 t->qualname, SPI_result_code_string(rc));
		relid = RangeVarGetRelid(rv, NoLock, false);
	}
	else
	{
		AttrNumber	att[NSET_NCOLS];

		if (get_rel_relkind(relid) != RELKIND_RELATION)
			ereport(ERROR,
					(errcode(ERRCODE_WRONG_OBJECT_TYPE),
					 errmsg("\"%s\" is not a table", t->qualname)));
		check_named_layout(relid, att);
		if (!owns_relation(relid))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("must be owner of statistics table %s", t->qualname),
					 errdetail("Statistics are written only to tables of the role that computes them, which decides who may read them.")));
	}
	t->relid = relid;
}

/*
 * clear_target
 *		Remove the previous statistics: DELETE on the default tables (their
 *		triggers invalidate the caches), TRUNCATE on a statistics table (a
 *		new relfilenode invalidates the caches, on Citus on every node).
 */
static void
clear_target(const AnalyzeTarget *t)
{
	int			rc;

	if (t->named)
	{
		rc = SPI_execute(psprintf("TRUNCATE %s", t->qualname), false, 0);
		if (rc != SPI_OK_UTILITY)
			elog(ERROR, "could not clear %s: %s", t->qualname,
				 SPI_result_code_string(rc));
		return;
	}
	rc = SPI_execute(psprintf("DELETE FROM %s.%s", t->qualname, TERMS_TABLE),
					 false, 0);
	if (rc != SPI_OK_DELETE)
		elog(ERROR, "could not clear %s: %s", TERMS_TABLE,
			 SPI_result_code_string(rc));
	rc = SPI_execute(psprintf("DELETE FROM %s.%s", t->qualname, INFO_TABLE),
					 false, 0);
	if (rc != SPI_OK_DELETE)
		elog(ERROR, "could not clear %s: %s", INFO_TABLE,
			 SPI_result_code_string(rc));
}

/*
 * distribute_target
 *		On Citus, make a statistics table of a Citus source a reference
 *		table (once; it is empty here), so that every node reads the same
 *		statistics.
 */
static void
distribute_target(const AnalyzeTarget *t, const AnalyzeSource *src)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	int			rc;

	if (!t->named || !src->citus || is_citus_table(t->relid))
		return;
	args[0] = ObjectIdGetDatum(t->relid);
	rc = SPI_execute_with_args("SELECT pg_catalog.create_reference_table($1::pg_catalog.oid::pg_catalog.regclass)",
							   1, argtypes, args, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not make %s a reference table: %s", t->qualname,
			 SPI_result_code_string(rc));
}

/*
 * flush_terms
 *		Insert one batch of (term, df) rows.
 */
static void
flush_terms(const char *insert_sql, Datum *terms, Datum *dfs, int n)
{
	Oid			argtypes[2] = {TEXTARRAYOID, INT8ARRAYOID};
	Datum		args[2];
	int			rc;

	if (n == 0)
		return;
	args[0] = PointerGetDatum(construct_array(terms, n, TEXTOID, -1, false,
											  TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(dfs, n, INT8OID, 8,
											  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	rc = SPI_execute_with_args(insert_sql, 2, argtypes, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_with_args failed: %s",
			 SPI_result_code_string(rc));
}

/*
 * write_terms
 *		Insert the terms found in at least two documents, INSERT_BATCH rows
 *		per statement.
 */
static void
write_terms(const AnalyzeTarget *t, TermTable *table)
{
	Datum	   *batch_terms = palloc(sizeof(Datum) * INSERT_BATCH);
	Datum	   *batch_dfs = palloc(sizeof(Datum) * INSERT_BATCH);
	int			nbatch = 0;
	char	   *insert_sql;
	uint32		i;

	insert_sql = psprintf("INSERT INTO %s%s%s (term, df) "
						  "SELECT * FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.text[]), pg_catalog.unnest($2::pg_catalog.int8[]))",
						  t->qualname, t->named ? "" : ".",
						  t->named ? "" : TERMS_TABLE);
	for (i = 0; i < table->nentries; i++)
	{
		TermEntry  *e = &table->entries[i];

		CHECK_FOR_INTERRUPTS();
		if (e->df < 2)
			continue;
		batch_terms[nbatch] = PointerGetDatum(cstring_to_text_with_len(TERM_STRING(table, e), e->len));
		batch_dfs[nbatch] = Int64GetDatum(Min(e->df, PG_INT32_MAX));
		if (++nbatch == INSERT_BATCH)
		{
			flush_terms(insert_sql, batch_terms, batch_dfs, nbatch);
			while (nbatch > 0)
				pfree(DatumGetPointer(batch_terms[--nbatch]));
		}
	}
	flush_terms(insert_sql, batch_terms, batch_dfs, nbatch);
}

/*
 * write_summary
 *		The totals and the source: the info row of the default set, the
 *		row with term '' of a statistics table.
 */
static void
write_summary(const AnalyzeTarget *t, const AnalyzeSource *src,
			  const AnalyzeState *st)
{
	Oid			argtypes[4] = {TEXTOID, INT8OID, INT8OID, INT8OID};
	Datum		args[4];
	char	   *sql;
	int			rc;

	args[0] = CStringGetTextDatum(src->source);
	args[1] = Int64GetDatum(st->docno);
	args[2] = Int64GetDatum(st->nword);
	args[3] = Int64GetDatum(st->npart);
	if (t->named)
		sql = psprintf("INSERT INTO %s (term, df, nword, npart, source) "
					   "VALUES ('', $2, $3, $4, $1)", t->qualname);
	else
		sql = psprintf("INSERT INTO %s.%s (source, ndocs, nword, npart, analyzed_at) "
					   "VALUES ($1, $2, $3, $4, pg_catalog.now())",
					   t->qualname, INFO_TABLE);
	rc = SPI_execute_with_args(sql, 4, argtypes, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "could not write the statistics summary: %s",
			 SPI_result_code_string(rc));
}

/*
 * analyze_corpus
 *		The steps of both news_analyze_corpus forms; name NULL selects the
 *		default set.  Returns the number of documents analyzed.
 */
static int64
analyze_corpus(Oid relid, const char *colname, text *name)
{
	AnalyzeSource src;
	AnalyzeTarget target;
	TermTable	table;
	AnalyzeState st;
	int			rc;

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	check_source_column(&src, relid, colname);
	if (name == NULL)
		open_default_target(&target, &src);
	else
		open_named_target(&target, name);

	term_table_init(&table);
	st.table = &table;
	st.docno = 0;
	st.nword = 0;
	st.npart = 0;
	scan_corpus(&src, &st);

	clear_target(&target);
	distribute_target(&target, &src);
	write_terms(&target, &table);
	write_summary(&target, &src, &st);
	if (target.named)
		CacheInvalidateRelcacheByRelid(target.relid);
	/* everything above lives in SPI's procedure context */
	term_table_free(&table);
	SPI_finish();
	return st.docno;
}

/*
 * news_analyze_corpus(relation regclass, column_name text) RETURNS bigint
 *		Recompute the default statistics from relation.column_name; returns
 *		the number of documents (non-NULL values) analyzed.
 */
Datum
news_analyze_corpus(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(analyze_corpus(PG_GETARG_OID(0),
								   text_to_cstring(PG_GETARG_TEXT_PP(1)),
								   NULL));
}

/*
 * news_analyze_corpus(relation regclass, column_name text, statistics text)
 *		RETURNS bigint
 *		Recompute the statistics table named statistics (created if
 *		missing) from relation.column_name.
 */
Datum
news_analyze_corpus_into(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(analyze_corpus(PG_GETARG_OID(0),
								   text_to_cstring(PG_GETARG_TEXT_PP(1)),
								   PG_GETARG_TEXT_PP(2)));
}
