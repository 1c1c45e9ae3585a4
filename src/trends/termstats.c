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
 * Merging stored states (news_termstats_merge, the combine function) needs
 * no hash table: the flat states are sorted by term, so the expanded state
 * in merge mode just collects copies of them and sums them in one k-way
 * merge walk (nts_merge_states) when the value is needed, or earlier in
 * batches of about NTS_MERGE_BATCH entries to bound the memory.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/detoast.h"
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
PG_FUNCTION_INFO_V1(news_termstats_merge_for_trans);
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

/* entries of pending states that trigger an intermediate merge */
#define NTS_MERGE_BATCH		(4 * 1024 * 1024)
/* pending states that trigger an intermediate merge */
#define NTS_MERGE_MAXPENDING 4096

typedef struct NewsTermStatsExpanded
{
	ExpandedObjectHeader hdr;
	int			magic;
	/* counting mode (news_term_stats): a hash table; else merge mode */
	NewsTermTable *table;		/* allocated in hdr.eoh_context */
	NewsTermStats *flat;		/* counting mode: cached flat form, or NULL */
	/* merge mode: the sum so far and the states not yet added to it */
	NewsTermStats *run;			/* sorted; NULL = nothing yet */
	NewsTermStats **pending;	/* copies in hdr.eoh_context */
	int			npending;
	int64		pending_terms;
	/* news_termstats_merge_for: the foreground and its toast pointer */
	NewsTermStats *only;
	struct varatt_external only_ptr;	/* va_valueid 0: none */
	/* and the sums of the states so far, per foreground term */
	int64	   *acc_df;
	double	   *acc_mass;
	int64		acc_ndocs;
	int64		acc_error;
	double		acc_totalmass;
	bool		acc_any;		/* a state was added */
} NewsTermStatsExpanded;

static Size ntse_get_flat_size(ExpandedObjectHeader *eohptr);
static void ntse_flatten_into(ExpandedObjectHeader *eohptr,
							  void *result, Size allocated_size);

static void ntse_add_pending(struct NewsTermStatsExpanded *e, NewsTermStats *s);

static const ExpandedObjectMethods ntse_methods = {
	ntse_get_flat_size,
	ntse_flatten_into
};

/*
 * ntse_flush_acc
 *		news_termstats_merge_for: turn the sums per foreground term into a
 *		pending flat state (before merging, or when the foreground changes).
 */
static void
ntse_flush_acc(NewsTermStatsExpanded *e)
{
	MemoryContext old;
	NewsTermStats *r;

	if (!e->acc_any)
		return;
	old = MemoryContextSwitchTo(e->hdr.eoh_context);
	r = nts_from_accumulated(e->only, e->acc_df, e->acc_mass, e->acc_ndocs,
							 e->acc_error, e->acc_totalmass);
	SET_VARSIZE(r, r->vl_len_);
	e->acc_any = false;
	MemoryContextSwitchTo(old);
	ntse_add_pending(e, r);
}

/*
 * ntse_collapse
 *		Merge mode: add the pending states to the run in one k-way merge.
 *		The final form is pruned to the cap; an intermediate one only when
 *		it has more than twice the cap (as a counting table is).
 */
static void
ntse_collapse(NewsTermStatsExpanded *e, bool final)
{
	uint32		cap = (uint32) news_termstats_max_terms;
	const NewsTermStats **in;
	NewsTermStats *run;
	MemoryContext old;
	int			n = 0,
				i;

	ntse_flush_acc(e);
	if (e->npending == 0 && e->run != NULL &&
		(!final || e->run->nterms <= cap))
		return;
	old = MemoryContextSwitchTo(e->hdr.eoh_context);
	in = palloc(sizeof(NewsTermStats *) * (e->npending + 1));
	if (e->run)
		in[n++] = e->run;
	for (i = 0; i < e->npending; i++)
		in[n++] = e->pending[i];
	run = nts_merge_states(in, n, cap, final ? cap : 2 * cap);
	if (e->run)
		pfree(e->run);
	for (i = 0; i < e->npending; i++)
		pfree(e->pending[i]);
	pfree(in);
	e->run = run;
	e->npending = 0;
	e->pending_terms = 0;
	MemoryContextSwitchTo(old);
}

/*
 * ntse_add_pending
 *		Merge mode: remember a flat state allocated in the state's context;
 *		merge the pending states when they hold too many entries.
 */
static void
ntse_add_pending(NewsTermStatsExpanded *e, NewsTermStats *s)
{
	MemoryContext old = MemoryContextSwitchTo(e->hdr.eoh_context);

	if (e->npending % 64 == 0)
		e->pending = e->pending == NULL ?
			palloc(sizeof(NewsTermStats *) * 64) :
			repalloc(e->pending, sizeof(NewsTermStats *) * (e->npending + 64));
	e->pending[e->npending++] = s;
	e->pending_terms += s->nterms;
	if (e->pending_terms > NTS_MERGE_BATCH ||
		e->npending >= NTS_MERGE_MAXPENDING)
		ntse_collapse(e, false);
	MemoryContextSwitchTo(old);
}

/*
 * ntse_add_state
 *		Add a state: into the table in counting mode, else as a pending copy
 *		(merged in batches, see ntse_collapse).
 */
static void
ntse_add_state(NewsTermStatsExpanded *e, Datum d)
{
	MemoryContext old;
	NewsTermStats *s;

	if (e->table)
	{
		/* detoasted in the caller's (per-call) context */
		s = (NewsTermStats *) PG_DETOAST_DATUM(d);
		old = MemoryContextSwitchTo(e->hdr.eoh_context);
		nts_table_add_state(e->table, s);
		MemoryContextSwitchTo(old);
		return;
	}
	old = MemoryContextSwitchTo(e->hdr.eoh_context);
	s = (NewsTermStats *) PG_DETOAST_DATUM_COPY(d);
	MemoryContextSwitchTo(old);
	ntse_add_pending(e, s);
}

/*
 * ntse_flat
 *		The flat form of an expanded state, computed once per change.
 */
static NewsTermStats *
ntse_flat(NewsTermStatsExpanded *e)
{
	if (e->table == NULL)
	{
		ntse_collapse(e, true);
		return e->run;
	}
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
ntse_new(MemoryContext parent, bool counting)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "news_termstats state",
											  ALLOCSET_DEFAULT_SIZES);
	NewsTermStatsExpanded *e;
	MemoryContext old;

	e = MemoryContextAlloc(cxt, sizeof(NewsTermStatsExpanded));
	EOH_init_header(&e->hdr, &ntse_methods, cxt);
	e->magic = NTS_EXPANDED_MAGIC;
	old = MemoryContextSwitchTo(cxt);
	e->table = counting ? nts_table_new() : NULL;
	MemoryContextSwitchTo(old);
	e->flat = NULL;
	e->run = NULL;
	e->pending = NULL;
	e->npending = 0;
	e->pending_terms = 0;
	e->only = NULL;
	memset(&e->only_ptr, 0, sizeof(e->only_ptr));
	e->acc_df = NULL;
	e->acc_mass = NULL;
	e->acc_any = false;
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
	if (e->table == NULL)
		return;					/* merge mode: merged when needed */
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
 *		context, counting (a hash table, for news_term_stats) or merging.
 */
static NewsTermStatsExpanded *
state_arg(FunctionCallInfo fcinfo, const char *fname, bool counting)
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
			{
				if (counting && e->table == NULL)
				{
					/* a merged state goes on counting: into a table */
					MemoryContext old = MemoryContextSwitchTo(e->hdr.eoh_context);

					ntse_collapse(e, false);
					e->table = nts_table_new();
					nts_table_add_state(e->table, e->run);
					pfree(e->run);
					e->run = NULL;
					MemoryContextSwitchTo(old);
				}
				return e;
			}
		}
	}
	e = ntse_new(aggcxt, counting);
	if (!PG_ARGISNULL(0))
		ntse_add_state(e, PG_GETARG_DATUM(0));
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
	NewsTermStatsExpanded *e = state_arg(fcinfo, "news_termstats_trans", true);

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

	if (!AggCheckCallContext(fcinfo, NULL))
	{
		const NewsTermStats *in[2];
		NewsTermStats *s;
		int			n = 0;
		uint32		cap = (uint32) news_termstats_max_terms;

		if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
			PG_RETURN_NULL();
		if (!PG_ARGISNULL(0))
			in[n++] = PG_GETARG_NEWS_TERMSTATS_P(0);
		if (!PG_ARGISNULL(1))
			in[n++] = PG_GETARG_NEWS_TERMSTATS_P(1);
		s = nts_merge_states(in, n, cap, cap);
		SET_VARSIZE(s, s->vl_len_);
		PG_RETURN_POINTER(s);
	}
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	e = state_arg(fcinfo, "news_termstats_combine", false);
	ntse_add_state(e, PG_GETARG_DATUM(1));
	ntse_changed(e);
	PG_RETURN_DATUM(EOHPGetRWDatum(&e->hdr));
}

/*
 * news_termstats_merge_for_trans
 *		Transition of news_termstats_merge_for(state, foreground): the sum of
 *		the states counting only the terms of the foreground, which is all
 *		that news_significant_terms reads of a background.  Each state is
 *		merge-joined with the foreground and its counts are added to arrays
 *		indexed like the foreground's entries (nts_accumulate): one
 *		sequential pass per state, no hash table, no k-way merge, no
 *		allocation per state beyond its detoasting.  The foreground is
 *		detoasted once while it stays the same value.  Rows with a NULL
 *		state or foreground are skipped.
 */
Datum
news_termstats_merge_for_trans(PG_FUNCTION_ARGS)
{
	NewsTermStatsExpanded *e;
	NewsTermStats *s;
	struct varlena *fgraw;
	struct varatt_external ptr;
	bool		same;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	e = state_arg(fcinfo, "news_termstats_merge_for_trans", false);

	/* the same foreground as before? (stored: same toast pointer) */
	fgraw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(2));
	memset(&ptr, 0, sizeof(ptr));
	if (VARATT_IS_EXTERNAL_ONDISK(fgraw))
	{
		VARATT_EXTERNAL_GET_POINTER(ptr, fgraw);
		same = e->only != NULL && ptr.va_valueid == e->only_ptr.va_valueid &&
			ptr.va_toastrelid == e->only_ptr.va_toastrelid;
	}
	else
	{
		NewsTermStats *fg = PG_GETARG_NEWS_TERMSTATS_P(2);

		same = e->only != NULL && e->only_ptr.va_valueid == 0 &&
			VARSIZE(e->only) == VARSIZE(fg) &&
			memcmp(e->only, fg, VARSIZE(fg)) == 0;
	}
	if (!same)
	{
		MemoryContext old;

		ntse_flush_acc(e);
		if (e->only)
		{
			pfree(e->only);
			pfree(e->acc_df);
			pfree(e->acc_mass);
		}
		old = MemoryContextSwitchTo(e->hdr.eoh_context);
		e->only = (NewsTermStats *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(2));
		e->only_ptr = ptr;
		e->acc_df = palloc0(sizeof(int64) * (e->only->nterms + 1));
		e->acc_mass = palloc0(sizeof(double) * (e->only->nterms + 1));
		MemoryContextSwitchTo(old);
	}
	if (!e->acc_any)
	{
		memset(e->acc_df, 0, sizeof(int64) * e->only->nterms);
		memset(e->acc_mass, 0, sizeof(double) * e->only->nterms);
		e->acc_ndocs = 0;
		e->acc_error = 0;
		e->acc_totalmass = 0;
		e->acc_any = true;
	}

	/* add the state's totals and the counts of the foreground's terms */
	s = PG_GETARG_NEWS_TERMSTATS_P(1);
	nts_accumulate(s, e->only, e->acc_df, e->acc_mass);
	e->acc_ndocs += s->ndocs;
	e->acc_error += s->error;
	e->acc_totalmass += s->mass;
	if ((Pointer) s != DatumGetPointer(PG_GETARG_DATUM(1)))
		pfree(s);
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
