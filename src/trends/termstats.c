/*-------------------------------------------------------------------------
 *
 * termstats.c
 *	  Server glue of the news_termstats type: text and binary I/O, the
 *	  news_term_stats(text) aggregate (transition, combine, final), merging,
 *	  and accessors.
 *
 * The aggregate's state type is news_termstats itself (not internal), so
 * that partial states can travel between parallel workers and between
 * Citus workers and the coordinator.  To keep the transition cheap the
 * state lives as an expanded object while the aggregate runs: a counting
 * hash table (termstats.h) in its own memory context, a child of the
 * aggregate context.  The executor keeps a read-write expanded datum as
 * the transition value without copying it; whenever the value leaves the
 * aggregate (final function, partial aggregate result, a tuple), the
 * expanded-object protocol flattens it into the sorted varlena form,
 * pruned to news_analytics.termstats_max_terms terms.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

#include "tokenizer/tokenizer.h"
#include "trends/trends.h"

PG_FUNCTION_INFO_V1(news_termstats_in);
PG_FUNCTION_INFO_V1(news_termstats_out);
PG_FUNCTION_INFO_V1(news_termstats_recv);
PG_FUNCTION_INFO_V1(news_termstats_send);
PG_FUNCTION_INFO_V1(news_termstats_trans);
PG_FUNCTION_INFO_V1(news_termstats_combine);
PG_FUNCTION_INFO_V1(news_termstats_final);
PG_FUNCTION_INFO_V1(news_termstats_ndocs);
PG_FUNCTION_INFO_V1(news_termstats_error);
PG_FUNCTION_INFO_V1(news_termstats_nterms);
PG_FUNCTION_INFO_V1(news_termstats_mass);
PG_FUNCTION_INFO_V1(news_termstats_docs);
PG_FUNCTION_INFO_V1(news_termstats_terms);

/* ---------------------------------------------------------------------
 * Expanded form
 * ---------------------------------------------------------------------
 */

#define NTS_EXPANDED_MAGIC	0x4e545345	/* "NTSE" */

typedef struct NewsTermStatsExpanded
{
	ExpandedObjectHeader hdr;
	int			magic;
	NewsTermTable *table;		/* allocated in hdr.eoh_context */
	NewsTermStats *flat;		/* cached flat form, or NULL */
} NewsTermStatsExpanded;

static Size ntse_get_flat_size(ExpandedObjectHeader *eohptr);
static void ntse_flatten_into(ExpandedObjectHeader *eohptr,
							  void *result, Size allocated_size);

static const ExpandedObjectMethods ntse_methods = {
	ntse_get_flat_size,
	ntse_flatten_into
};

/*
 * ntse_flat
 *		The flat form of an expanded state, computed once per change.
 */
static NewsTermStats *
ntse_flat(NewsTermStatsExpanded *e)
{
	if (e->flat == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(e->hdr.eoh_context);

		e->flat = nts_table_flatten(e->table, (uint32) news_termstats_max_terms);
		MemoryContextSwitchTo(old);
	}
	return e->flat;
}

/* expanded-object method: size of the flat form */
static Size
ntse_get_flat_size(ExpandedObjectHeader *eohptr)
{
	NewsTermStatsExpanded *e = (NewsTermStatsExpanded *) eohptr;

	Assert(e->magic == NTS_EXPANDED_MAGIC);
	return (Size) ntse_flat(e)->vl_len_;
}

/* expanded-object method: write the flat form */
static void
ntse_flatten_into(ExpandedObjectHeader *eohptr, void *result,
				  Size allocated_size)
{
	NewsTermStatsExpanded *e = (NewsTermStatsExpanded *) eohptr;
	NewsTermStats *flat = ntse_flat(e);

	Assert(allocated_size == (Size) flat->vl_len_);
	memcpy(result, flat, allocated_size);
	SET_VARSIZE(result, allocated_size);
}

/*
 * ntse_new
 *		A fresh expanded state in a child context of parent.
 */
static NewsTermStatsExpanded *
ntse_new(MemoryContext parent)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "news_termstats state",
											  ALLOCSET_DEFAULT_SIZES);
	NewsTermStatsExpanded *e;
	MemoryContext old;

	e = MemoryContextAlloc(cxt, sizeof(NewsTermStatsExpanded));
	EOH_init_header(&e->hdr, &ntse_methods, cxt);
	e->magic = NTS_EXPANDED_MAGIC;
	old = MemoryContextSwitchTo(cxt);
	e->table = nts_table_new();
	MemoryContextSwitchTo(old);
	e->flat = NULL;
	return e;
}

/*
 * ntse_changed
 *		Drop the cached flat form; prune the table when it passed twice the
 *		cap (amortized: a prune halves it).
 */
static void
ntse_changed(NewsTermStatsExpanded *e)
{
	if (e->flat)
	{
		pfree(e->flat);
		e->flat = NULL;
	}
	if (e->table->nitems > 2 * (uint32) news_termstats_max_terms)
	{
		MemoryContext old = MemoryContextSwitchTo(e->hdr.eoh_context);

		nts_table_prune(e->table, (uint32) news_termstats_max_terms);
		MemoryContextSwitchTo(old);
	}
}

/*
 * state_arg
 *		The transition state of argument 0 as an expanded state we may
 *		modify: the read-write expanded datum the previous call returned, or
 *		a new one (from the flat state given, if any) in the aggregate
 *		context.
 */
static NewsTermStatsExpanded *
state_arg(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext aggcxt;
	NewsTermStatsExpanded *e;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
	if (!PG_ARGISNULL(0))
	{
		Datum		d = PG_GETARG_DATUM(0);

		if (VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)))
		{
			e = (NewsTermStatsExpanded *) DatumGetEOHP(d);
			if (e->magic == NTS_EXPANDED_MAGIC)
				return e;
		}
	}
	e = ntse_new(aggcxt);
	if (!PG_ARGISNULL(0))
	{
		NewsTermStats *s = PG_GETARG_NEWS_TERMSTATS_P(0);
		MemoryContext old = MemoryContextSwitchTo(e->hdr.eoh_context);

		nts_table_add_state(e->table, s);
		MemoryContextSwitchTo(old);
	}
	return e;
}

/* ---------------------------------------------------------------------
 * Type I/O
 * ---------------------------------------------------------------------
 */

/* the text of a term must be valid in the server encoding */
static bool
verify_term(void *arg, const char *term, int len)
{
	return pg_verifymbstr(term, len, true);
}

/*
 * news_termstats_in
 *		Text input; errors carry the position and a SQLSTATE by kind.
 */
Datum
news_termstats_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	NewsTermStatsError err;
	NewsTermStats *s = nts_parse_text(input, verify_term, NULL, &err);

	if (s == NULL)
	{
		int			code;

		switch (err.code)
		{
			case NTS_ERR_RANGE:
				code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
				break;
			case NTS_ERR_TOO_MANY:
				code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
				break;
			case NTS_ERR_ENCODING:
				code = ERRCODE_CHARACTER_NOT_IN_REPERTOIRE;
				break;
			default:
				code = ERRCODE_INVALID_TEXT_REPRESENTATION;
				break;
		}
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid input for type news_termstats: %s", err.detail),
				 errdetail("At character %zu of the literal.", err.pos + 1),
				 errhint("The form is: ndocs=3 error=0 {\"berlin\":2,\"wahl\":1}")));
	}
	SET_VARSIZE(s, s->vl_len_);
	PG_RETURN_POINTER(s);
}

/*
 * news_termstats_out
 *		Text output (terms in byte order, shortest exact masses).
 */
Datum
news_termstats_out(PG_FUNCTION_ARGS)
{
	NewsTermStats *s = PG_GETARG_NEWS_TERMSTATS_P(0);

	PG_RETURN_CSTRING(nts_to_text(s, NULL));
}

/*
 * news_termstats_recv
 *		Binary form: int32 flags, int64 ndocs, int64 error, float8 mass,
 *		int32 nterms, then per term its text (int32 length + bytes, converted
 *		from the client encoding), int64 df and float8 mass.  Checked like
 *		text input; terms may come in any order.
 */
Datum
news_termstats_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	NewsTermTable *t;
	NewsTermStats *s;
	uint32		flags;
	int64		ndocs,
				error;
	float8		mass;
	int32		nterms,
				i;

	flags = (uint32) pq_getmsgint(buf, 4);
	ndocs = pq_getmsgint64(buf);
	error = pq_getmsgint64(buf);
	mass = pq_getmsgfloat8(buf);
	nterms = pq_getmsgint(buf, 4);
	if (flags & ~NTS_KNOWN_FLAGS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary news_termstats"),
				 errdetail("Unknown flags %08x.", flags)));
	if (ndocs < 0 || error < 0 || ndocs > (INT64CONST(1) << 62) ||
		error > (INT64CONST(1) << 62))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary news_termstats"),
				 errdetail("Document count or error out of range.")));
	if (!(mass >= 0 && mass <= (float8) ndocs))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary news_termstats"),
				 errdetail("Total mass out of range [0, " INT64_FORMAT "].", ndocs)));
	if (nterms < 0 || nterms > NTS_MAX_TERMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary news_termstats"),
				 errdetail("Term count %d out of range.", nterms)));
	t = nts_table_new();
	t->ndocs = ndocs;
	t->error = error;
	t->mass = mass;
	for (i = 0; i < nterms; i++)
	{
		int32		len;
		char	   *term;
		int64		df;
		float8		m;

		CHECK_FOR_INTERRUPTS();
		len = pq_getmsgint(buf, 4);
		if (len <= 0 || len > NTS_MAX_TERM_LEN || len > buf->len - buf->cursor)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary news_termstats"),
					 errdetail("Term length %d out of range.", len)));
		term = pq_getmsgtext(buf, len, &len);
		df = pq_getmsgint64(buf);
		m = pq_getmsgfloat8(buf);
		if (len <= 0 || len > NTS_MAX_TERM_LEN || df < 1 || df > ndocs)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary news_termstats"),
					 errdetail("Document frequency " INT64_FORMAT " out of range [1, " INT64_FORMAT "].",
							   df, ndocs)));
		if (!(m > 0 && m <= (float8) df))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary news_termstats"),
					 errdetail("Mass of term \"%s\" out of range (0, " INT64_FORMAT "].",
							   term, df)));
		if (!nts_table_add(t, term, len, df, m))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary news_termstats"),
					 errdetail("Duplicate term \"%s\".", term)));
		pfree(term);
	}
	s = nts_table_flatten(t, PG_UINT32_MAX);
	nts_table_free(t);
	SET_VARSIZE(s, s->vl_len_);
	PG_RETURN_POINTER(s);
}

/*
 * news_termstats_send
 *		Binary output, the form news_termstats_recv reads.
 */
Datum
news_termstats_send(PG_FUNCTION_ARGS)
{
	NewsTermStats *s = PG_GETARG_NEWS_TERMSTATS_P(0);
	StringInfoData buf;
	uint32		i;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, s->flags);
	pq_sendint64(&buf, s->ndocs);
	pq_sendint64(&buf, s->error);
	pq_sendfloat8(&buf, s->mass);
	pq_sendint32(&buf, s->nterms);
	for (i = 0; i < s->nterms; i++)
	{
		StringInfoData tb;

		CHECK_FOR_INTERRUPTS();
		/* the length prefix counts the bytes in the client encoding */
		initStringInfo(&tb);
		pq_sendtext(&tb, NTS_TERM(s, i), (int) s->entries[i].len);
		pq_sendint32(&buf, tb.len);
		pq_sendbytes(&buf, tb.data, tb.len);
		pfree(tb.data);
		pq_sendint64(&buf, s->entries[i].df);
		pq_sendfloat8(&buf, s->entries[i].mass);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------------
 * Aggregate
 * ---------------------------------------------------------------------
 */

/* tokenizer callback: count every term once for the current document */
static void
count_term(void *arg, const char *term, int len, int position, int flags)
{
	nts_table_count_doc((NewsTermTable *) arg, term, len);
}

/*
 * news_termstats_trans
 *		news_term_stats(text): one more document.  A NULL text is no
 *		document (like count(x)); an empty text is a document without terms.
 */
Datum
news_termstats_trans(PG_FUNCTION_ARGS)
{
	NewsTermStatsExpanded *e = state_arg(fcinfo, "news_termstats_trans");

	if (!PG_ARGISNULL(1))
	{
		text	   *doc = PG_GETARG_TEXT_PP(1);
		MemoryContext old = MemoryContextSwitchTo(e->hdr.eoh_context);

		nts_table_begin_doc(e->table);
		news_tokenize_terms(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc),
							count_term, e->table);
		nts_table_end_doc(e->table);
		MemoryContextSwitchTo(old);
		ntse_changed(e);
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&e->hdr));
}

/*
 * news_termstats_combine
 *		Combine function of news_term_stats and transition function of
 *		news_termstats_merge: adds counts, documents and error bounds.
 *		Outside an aggregate (the two-argument SQL function) it returns a
 *		new flat state.
 */
Datum
news_termstats_combine(PG_FUNCTION_ARGS)
{
	NewsTermStatsExpanded *e;
	MemoryContext old;

	if (!AggCheckCallContext(fcinfo, NULL))
	{
		NewsTermTable *t;
		NewsTermStats *s;

		if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
			PG_RETURN_NULL();
		t = nts_table_new();
		if (!PG_ARGISNULL(0))
			nts_table_add_state(t, PG_GETARG_NEWS_TERMSTATS_P(0));
		if (!PG_ARGISNULL(1))
			nts_table_add_state(t, PG_GETARG_NEWS_TERMSTATS_P(1));
		s = nts_table_flatten(t, (uint32) news_termstats_max_terms);
		nts_table_free(t);
		SET_VARSIZE(s, s->vl_len_);
		PG_RETURN_POINTER(s);
	}
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	e = state_arg(fcinfo, "news_termstats_combine");
	old = MemoryContextSwitchTo(e->hdr.eoh_context);
	nts_table_add_state(e->table, PG_GETARG_NEWS_TERMSTATS_P(1));
	MemoryContextSwitchTo(old);
	ntse_changed(e);
	PG_RETURN_DATUM(EOHPGetRWDatum(&e->hdr));
}

/*
 * news_termstats_final
 *		The flat state (pruned to the cap).  Over no rows news_term_stats
 *		gives a state of 0 documents rather than NULL, so that an empty hour
 *		can be stored and merged like any other.
 */
Datum
news_termstats_final(PG_FUNCTION_ARGS)
{
	NewsTermStats *s;

	if (PG_ARGISNULL(0))
	{
		s = palloc0(NTS_HDRSIZE);
		SET_VARSIZE(s, NTS_HDRSIZE);
		PG_RETURN_POINTER(s);
	}
	s = PG_GETARG_NEWS_TERMSTATS_P(0);
	PG_RETURN_POINTER(s);
}

/* ---------------------------------------------------------------------
 * Accessors
 * ---------------------------------------------------------------------
 */

/* news_termstats_ndocs(state): documents counted */
Datum
news_termstats_ndocs(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_NEWS_TERMSTATS_P(0)->ndocs);
}

/* news_termstats_error(state): the error bound of termstats.h */
Datum
news_termstats_error(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_NEWS_TERMSTATS_P(0)->error);
}

/* news_termstats_mass(state): total mass of the documents */
Datum
news_termstats_mass(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PG_GETARG_NEWS_TERMSTATS_P(0)->mass);
}

/* news_termstats_nterms(state): terms stored */
Datum
news_termstats_nterms(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) PG_GETARG_NEWS_TERMSTATS_P(0)->nterms);
}

/*
 * news_termstats_docs
 *		news_termstats_docs(state, term text): the stored document frequency
 *		of a term given as a stored term (as news_tokenize prints it), 0 if
 *		absent.  The true count is at most news_termstats_error(state) more.
 */
Datum
news_termstats_docs(PG_FUNCTION_ARGS)
{
	NewsTermStats *s = PG_GETARG_NEWS_TERMSTATS_P(0);
	text	   *term = PG_GETARG_TEXT_PP(1);

	PG_RETURN_INT64(nts_lookup(s, VARDATA_ANY(term),
							   (int) VARSIZE_ANY_EXHDR(term)));
}

/*
 * news_termstats_terms
 *		The terms of a state with their document frequencies and masses,
 *		most frequent first, at most k rows (NULL k: all).
 */
Datum
news_termstats_terms(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	NewsTermStats *s;
	int64		k;
	uint32	   *order;
	uint32		i,
				n;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = PG_GETARG_NEWS_TERMSTATS_P(0);
	k = PG_ARGISNULL(1) ? PG_INT64_MAX : PG_GETARG_INT64(1);
	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must not be negative"),
				 errhint("Pass NULL for all terms.")));
	InitMaterializedSRF(fcinfo, 0);

	/* order by df descending, then term (selection by a sort of indexes) */
	order = palloc(sizeof(uint32) * (s->nterms ? s->nterms : 1));
	for (i = 0; i < s->nterms; i++)
		order[i] = i;
	nts_sort_by_df(s, order);
	n = (uint32) Min((int64) s->nterms, k);
	for (i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		uint32		ix = order[i];

		CHECK_FOR_INTERRUPTS();
		values[0] = PointerGetDatum(cstring_to_text_with_len(NTS_TERM(s, ix),
															 (int) s->entries[ix].len));
		values[1] = Int64GetDatum(s->entries[ix].df);
		values[2] = Float8GetDatum(s->entries[ix].mass);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
