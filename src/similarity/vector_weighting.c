/*-------------------------------------------------------------------------
 *
 * vector_weighting.c
 *	  Corpus statistics for term weighting: news_analyze_corpus(), the
 *	  per-backend cache of document frequencies and the idf formula.
 *
 * news_analyze_corpus(regclass, column) tokenizes every row of a text
 * column with the extension's tokenizer and stores, in the extension-owned
 * tables @extschema@.news_corpus_terms (term, df) and
 * @extschema@.news_corpus_info (one row: source, ndocs, term totals,
 * analyzed_at), the number of documents that contain each term.  Terms
 * found in a single document are not stored (they are the bulk of the
 * vocabulary and carry no shared signal); a term missing from the table
 * counts as occurring in one document.
 *
 * Each backend caches the statistics in a hash table keyed by the term
 * hash.  The cache is dropped by a relcache invalidation callback: the
 * statement triggers on both tables (news_corpus_stats_changed) send a
 * relcache invalidation for their table, which reaches every backend at
 * commit (and the own backend at the next command), so a refresh -- or a
 * hand edit, or a restore -- is seen by the next statement that builds a
 * vector, at no per-call cost.
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
#include "catalog/pg_extension.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "parser/parse_coerce.h"
#include "utils/fmgroids.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "tokenizer/tokenizer.h"

PG_FUNCTION_INFO_V1(news_analyze_corpus);
PG_FUNCTION_INFO_V1(news_corpus_stats_changed);

#define TERMS_TABLE		"news_corpus_terms"
#define INFO_TABLE		"news_corpus_info"
#define ANALYZE_BATCH	1000	/* rows fetched per cursor call */
#define INSERT_BATCH	10000	/* terms inserted per statement */

typedef struct DfEntry
{
	uint32		hash;			/* key */
	int32		df;
} DfEntry;

static NewsCorpusStats cached_stats;
static bool stats_valid = false;
static Oid	terms_relid = InvalidOid;
static Oid	info_relid = InvalidOid;
static MemoryContext stats_cxt = NULL;

/*
 * stats_inval_callback
 *		Relcache callback: forget the statistics when either table (or
 *		everything, relid = InvalidOid) is invalidated.
 */
static void
stats_inval_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == terms_relid || relid == info_relid)
		stats_valid = false;
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
 *		Look up the OIDs of the two tables in the extension's schema;
 *		false if the extension or a table is missing (mid-CREATE/DROP).
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
 * load_stats
 *		Read both tables into a fresh hash table in stats_cxt.
 *
 * Reads with the latest snapshot taken after the tables are locked (which
 * processes pending invalidations), so the cache never holds data older
 * than the invalidations already consumed; in parallel mode, where no new
 * snapshot may be taken, with the query's active snapshot.
 */
static void
load_stats(void)
{
	Oid			terms,
				info,
				nsp;
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	Snapshot	snap;
	HASHCTL		ctl;
	HTAB	   *df;
	double		ndocs = 0;
	double		nword = 0;
	double		npart = 0;

	if (stats_cxt == NULL)
		stats_cxt = AllocSetContextCreate(TopMemoryContext,
										  "news_analytics corpus statistics",
										  ALLOCSET_DEFAULT_SIZES);
	MemoryContextReset(stats_cxt);
	memset(&cached_stats, 0, sizeof(cached_stats));

	if (!find_stats_tables(&terms, &info, &nsp))
		return;					/* fallback weighting, not cached */
	terms_relid = terms;
	info_relid = info;

	/*
	 * The info row: ndocs, word and part totals are columns 3, 4 and 5 of
	 * news_corpus_info as created by the install script.
	 */
	rel = table_open(info, AccessShareLock);

	/*
	 * A parallel operation may not take new snapshots (and its workers must
	 * see what the leader sees): there, use the query's snapshot.
	 */
	if (IsInParallelMode() && ActiveSnapshotSet())
		snap = RegisterSnapshot(GetActiveSnapshot());
	else
		snap = RegisterSnapshot(GetLatestSnapshot());
	scan = table_beginscan(rel, snap, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		isnull;
		Datum		d;

		d = heap_getattr(tup, 3, desc, &isnull);
		ndocs = isnull ? 0 : (double) DatumGetInt64(d);
		d = heap_getattr(tup, 4, desc, &isnull);
		nword = isnull ? 0 : (double) DatumGetInt64(d);
		d = heap_getattr(tup, 5, desc, &isnull);
		npart = isnull ? 0 : (double) DatumGetInt64(d);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(uint32);
	ctl.entrysize = sizeof(DfEntry);
	ctl.hcxt = stats_cxt;
	df = hash_create("news_analytics document frequencies", 1024, &ctl,
					 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	rel = table_open(terms, AccessShareLock);
	scan = table_beginscan(rel, snap, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		isnull1,
					isnull2;
		Datum		t = heap_getattr(tup, 1, desc, &isnull1);
		Datum		f = heap_getattr(tup, 2, desc, &isnull2);
		text	   *term;
		uint32		hash;
		DfEntry    *e;
		bool		found;

		CHECK_FOR_INTERRUPTS();
		if (isnull1 || isnull2)
			continue;
		term = DatumGetTextPP(t);
		hash = news_term_hash(VARDATA_ANY(term), VARSIZE_ANY_EXHDR(term));
		e = hash_search(df, &hash, HASH_ENTER, &found);
		/* colliding terms: keep the larger df (the lower weight) */
		if (!found || DatumGetInt32(f) > e->df)
			e->df = DatumGetInt32(f);
		if ((Pointer) term != DatumGetPointer(t))
			pfree(term);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	UnregisterSnapshot(snap);

	cached_stats.ndocs = ndocs;
	cached_stats.avgdl = ndocs > 0 ?
		(nword + news_part_weight * npart) / ndocs : 0;
	cached_stats.df = df;
	stats_valid = true;
}

/*
 * news_corpus_stats
 *		The current corpus statistics (ndocs = 0: never analyzed).
 */
const NewsCorpusStats *
news_corpus_stats(void)
{
	if (!stats_valid)
		load_stats();
	return &cached_stats;
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
	if (flags & NEWS_TERM_PART)
		st->npart++;
	else
		st->nword++;
}

/*
 * flush_terms
 *		Insert one batch of (term, df) rows.
 */
static void
flush_terms(const char *insert_sql, Datum *terms, Datum *dfs, int n)
{
	Oid			argtypes[2] = {TEXTARRAYOID, INT4ARRAYOID};
	Datum		args[2];
	int			rc;

	if (n == 0)
		return;
	args[0] = PointerGetDatum(construct_array(terms, n, TEXTOID, -1, false,
											  TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(dfs, n, INT4OID, 4, true,
											  TYPALIGN_INT));
	rc = SPI_execute_with_args(insert_sql, 2, argtypes, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_with_args failed: %s",
			 SPI_result_code_string(rc));
}

/*
 * news_analyze_corpus(rel regclass, col text) RETURNS bigint
 *		Recompute the document frequencies from rel.col; returns the number
 *		of documents (non-NULL values) analyzed.
 */
Datum
news_analyze_corpus(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *colname = text_to_cstring(PG_GETARG_TEXT_PP(1));
	AttrNumber	attnum;
	Oid			atttype;
	char	   *relname;
	char	   *nspname;
	char	   *query;
	char	   *source;
	Oid			terms,
				info,
				nsp;
	const char *qnsp;
	TermTable	table;
	AnalyzeState st;
	SPIPlanPtr	plan;
	Portal		portal;
	MemoryContext rowcxt;
	MemoryContext oldcxt;
	Datum	   *batch_terms;
	Datum	   *batch_dfs;
	int			nbatch = 0;
	char	   *insert_sql;
	uint32		i;
	int			rc;

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
	if (!find_stats_tables(&terms, &info, &nsp))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the corpus statistics tables of news_analytics are missing")));

	term_table_init(&table);
	st.table = &table;
	st.docno = 0;
	st.nword = 0;
	st.npart = 0;

	query = psprintf("SELECT %s::pg_catalog.text FROM %s",
					 quote_identifier(colname),
					 quote_qualified_identifier(nspname, relname));
	source = psprintf("%s.%s", quote_qualified_identifier(nspname, relname),
					  quote_identifier(colname));

	rowcxt = AllocSetContextCreate(CurrentMemoryContext,
								   "news_analyze_corpus row",
								   ALLOCSET_DEFAULT_SIZES);

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));

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

			CHECK_FOR_INTERRUPTS();
			d = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc,
							  1, &isnull);
			if (isnull)
				continue;
			oldcxt = MemoryContextSwitchTo(rowcxt);
			{
				text	   *t = DatumGetTextPP(d);

				st.docno++;
				/* the term table lives in the function's context */
				news_tokenize_terms(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
									analyze_term, &st);
			}
			MemoryContextSwitchTo(oldcxt);
			MemoryContextReset(rowcxt);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);

	/* replace the statistics */
	qnsp = quote_identifier(get_namespace_name(nsp));
	rc = SPI_execute(psprintf("DELETE FROM %s.%s", qnsp, TERMS_TABLE), false, 0);
	if (rc != SPI_OK_DELETE)
		elog(ERROR, "could not clear %s: %s", TERMS_TABLE,
			 SPI_result_code_string(rc));
	rc = SPI_execute(psprintf("DELETE FROM %s.%s", qnsp, INFO_TABLE), false, 0);
	if (rc != SPI_OK_DELETE)
		elog(ERROR, "could not clear %s: %s", INFO_TABLE,
			 SPI_result_code_string(rc));

	insert_sql = psprintf("INSERT INTO %s.%s (term, df) "
						  "SELECT * FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.text[]), pg_catalog.unnest($2::pg_catalog.int4[]))",
						  qnsp, TERMS_TABLE);
	batch_terms = palloc(sizeof(Datum) * INSERT_BATCH);
	batch_dfs = palloc(sizeof(Datum) * INSERT_BATCH);
	for (i = 0; i < table.nentries; i++)
	{
		TermEntry  *e = &table.entries[i];

		CHECK_FOR_INTERRUPTS();
		if (e->df < 2)
			continue;
		batch_terms[nbatch] = PointerGetDatum(cstring_to_text_with_len(TERM_STRING(&table, e), e->len));
		batch_dfs[nbatch] = Int32GetDatum((int32) Min(e->df, PG_INT32_MAX));
		if (++nbatch == INSERT_BATCH)
		{
			flush_terms(insert_sql, batch_terms, batch_dfs, nbatch);
			while (nbatch > 0)
				pfree(DatumGetPointer(batch_terms[--nbatch]));
		}
	}
	flush_terms(insert_sql, batch_terms, batch_dfs, nbatch);

	{
		Oid			argtypes[4] = {TEXTOID, INT8OID, INT8OID, INT8OID};
		Datum		args[4];

		args[0] = CStringGetTextDatum(source);
		args[1] = Int64GetDatum(st.docno);
		args[2] = Int64GetDatum(st.nword);
		args[3] = Int64GetDatum(st.npart);
		rc = SPI_execute_with_args(psprintf("INSERT INTO %s.%s (source, ndocs, nword, npart, analyzed_at) "
											"VALUES ($1, $2, $3, $4, pg_catalog.now())",
											qnsp, INFO_TABLE),
								   4, argtypes, args, NULL, false, 0);
		if (rc != SPI_OK_INSERT)
			elog(ERROR, "could not write %s: %s", INFO_TABLE,
				 SPI_result_code_string(rc));
	}

	SPI_finish();
	term_table_free(&table);
	MemoryContextDelete(rowcxt);

	PG_RETURN_INT64(st.docno);
}
