/*-------------------------------------------------------------------------
 *
 * news_vector.c
 *	  The news_vector type: text input/output, binary send/receive and the
 *	  common builder that enforces the invariants of news_vector.h.
 *
 * Text form: '{term:weight, term:weight, ...}', terms in descending
 * weight order on output (the heaviest terms first, which is what one
 * wants to see when debugging), any order on input.  A term is written
 * bare unless it is empty or contains white space or one of  { } : , " \
 * in which case it is double-quoted with \" and \\ escapes.  Weights are
 * printed with the shortest decimal that reads back as the same float4,
 * and input weights that already have unit L2 norm are stored unchanged,
 * so output -> input round-trips exactly.
 *
 *-------------------------------------------------------------------------
 */
#include "similarity/similarity_internal.h"

#include <float.h>
#include <math.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(news_vector_in);
PG_FUNCTION_INFO_V1(news_vector_out);
PG_FUNCTION_INFO_V1(news_vector_recv);
PG_FUNCTION_INFO_V1(news_vector_send);

/* tolerance of "already L2-normalized" (float4 rounding is ~1e-7) */
#define NV_NORM_TOLERANCE	1e-5

/*
 * item_cmp_hash
 *		qsort order of the builder: by hash, then by term bytes.
 */
static int
item_cmp_hash(const void *a, const void *b)
{
	const NewsVectorItem *ia = (const NewsVectorItem *) a;
	const NewsVectorItem *ib = (const NewsVectorItem *) b;

	if (ia->hash != ib->hash)
		return ia->hash < ib->hash ? -1 : 1;
	return strcmp(ia->term, ib->term);
}

/*
 * news_vector_build
 *		Make the varlena from items (reordered in place).
 *
 * Items with the same hash are merged (see news_vector.h).  With
 * normalize, the weights are scaled to unit L2 norm unless they already
 * have it within NV_NORM_TOLERANCE (so that a printed vector reads back
 * bit for bit); entries whose weight rounds to 0 in float4 are dropped.
 */
NewsVector *
news_vector_build(NewsVectorItem *items, int nitems, bool normalize)
{
	NewsVector *v;
	NewsVectorEntry *entries;
	char	   *strings;
	int			n = 0;
	int			i;
	double		norm = 0.0;
	double		scale = 1.0;
	Size		strbytes = 0;
	Size		size;

	if (nitems > NV_MAX_TERMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_vector cannot have more than %d terms",
						NV_MAX_TERMS)));

	if (nitems > 1)
		qsort(items, nitems, sizeof(NewsVectorItem), item_cmp_hash);

	/* merge equal hashes (only true 32-bit collisions reach here) */
	for (i = 0; i < nitems; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (n > 0 && items[n - 1].hash == items[i].hash)
		{
			double		a = items[n - 1].weight;
			double		b = items[i].weight;

			items[n - 1].weight = (float) sqrt(a * a + b * b);
			continue;
		}
		items[n++] = items[i];
	}

	for (i = 0; i < n; i++)
		norm += (double) items[i].weight * (double) items[i].weight;
	norm = sqrt(norm);
	if (normalize && n > 0 && fabs(norm - 1.0) > NV_NORM_TOLERANCE)
		scale = 1.0 / norm;

	/* apply the scale and drop weights that vanish in float4 */
	nitems = n;
	n = 0;
	for (i = 0; i < nitems; i++)
	{
		float		w = (float) (items[i].weight * scale);

		if (!(w > 0.0f))
			continue;
		items[i].weight = w;
		items[n++] = items[i];
		strbytes += items[i].len + 1;
	}

	size = NV_SIZE(n, strbytes);
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_vector would be too large (%zu bytes)", size)));
	v = palloc(size);
	SET_VARSIZE(v, size);
	v->nterms = n;
	v->flags = 0;
	entries = NV_ENTRIES(v);
	strings = (char *) NV_STRINGS(v);
	for (i = 0; i < n; i++)
	{
		entries[i].hash = items[i].hash;
		entries[i].weight = items[i].weight;
		memcpy(strings, items[i].term, items[i].len);
		strings[items[i].len] = '\0';
		strings += items[i].len + 1;
	}
	return v;
}

/*
 * report_syntax
 *		Error for a malformed literal, pointing at the offending position.
 */
static void
report_syntax(const char *input, const char *pos, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type news_vector: \"%s\"", input),
			 errdetail("%s at character %d.", what, (int) (pos - input) + 1),
			 errhint("A news_vector literal looks like '{term:0.8, \"other term\":0.6}'.")));
}

static inline bool
nv_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

/* bytes that force a term to be quoted */
static inline bool
nv_is_special(char c)
{
	return nv_is_space(c) || c == '{' || c == '}' || c == ':' || c == ',' ||
		c == '"' || c == '\\';
}

/*
 * parse_term
 *		Parse a bare or quoted term at *pp into buf; advance *pp.
 */
static void
parse_term(const char *input, const char **pp, StringInfo buf)
{
	const char *p = *pp;

	resetStringInfo(buf);
	if (*p == '"')
	{
		p++;
		for (;;)
		{
			CHECK_FOR_INTERRUPTS();
			if (*p == '\0')
				report_syntax(input, p, "Unterminated quoted term");
			if (*p == '"')
				break;
			if (*p == '\\')
			{
				p++;
				if (*p == '\0')
					report_syntax(input, p, "Unterminated quoted term");
			}
			appendStringInfoChar(buf, *p++);
		}
		p++;
	}
	else
	{
		while (*p != '\0' && !nv_is_special(*p))
		{
			CHECK_FOR_INTERRUPTS();
			appendStringInfoChar(buf, *p++);
		}
	}
	if (buf->len == 0)
		report_syntax(input, *pp, "Empty term");
	*pp = p;
}

/*
 * news_vector_in
 *		Text input: '{term:weight, ...}'.
 */
Datum
news_vector_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	StringInfoData term;
	NewsVectorItem *items;
	int			nitems = 0;
	int			maxitems = 16;
	TermTable	seen;

	initStringInfo(&term);
	term_table_init(&seen);
	items = palloc(sizeof(NewsVectorItem) * maxitems);

	while (nv_is_space(*p))
		p++;
	if (*p != '{')
		report_syntax(input, p, "Expected \"{\"");
	p++;
	while (nv_is_space(*p))
		p++;
	if (*p != '}')
	{
		for (;;)
		{
			char	   *end;
			double		w;
			TermEntry  *e;

			CHECK_FOR_INTERRUPTS();
			parse_term(input, &p, &term);
			pg_verifymbstr(term.data, term.len, false);
			while (nv_is_space(*p))
				p++;
			if (*p != ':')
				report_syntax(input, p, "Expected \":\" after a term");
			p++;
			while (nv_is_space(*p))
				p++;
			errno = 0;
			w = strtod(p, &end);
			if (end == p)
				report_syntax(input, p, "Expected a weight");
			if (errno == ERANGE || !isfinite(w) || !(w > 0.0) ||
				w > FLT_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid weight \"%.*s\" for term \"%s\" in news_vector",
								(int) (end - p), p, term.data),
						 errdetail("A weight must be a finite number greater than 0.")));
			p = end;

			/* the table's document counter serves as "seen before" */
			e = term_table_lookup_or_add(&seen, term.data, term.len);
			if (e->df++ > 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("duplicate term \"%s\" in news_vector", term.data)));
			if (nitems >= NV_MAX_TERMS)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("news_vector cannot have more than %d terms",
								NV_MAX_TERMS)));
			if (nitems >= maxitems)
			{
				maxitems *= 2;
				items = repalloc(items, sizeof(NewsVectorItem) * maxitems);
			}
			items[nitems].hash = e->hash;
			items[nitems].weight = (float) w;
			items[nitems].term = TERM_STRING(&seen, e);
			items[nitems].len = term.len;
			nitems++;

			while (nv_is_space(*p))
				p++;
			if (*p == ',')
			{
				p++;
				while (nv_is_space(*p))
					p++;
				continue;
			}
			if (*p == '}')
				break;
			report_syntax(input, p, "Expected \",\" or \"}\"");
		}
	}
	p++;
	while (nv_is_space(*p))
		p++;
	if (*p != '\0')
		report_syntax(input, p, "Junk after \"}\"");

	PG_RETURN_POINTER(news_vector_build(items, nitems, true));
}

/*
 * out_order_cmp
 *		Output order: heavier first, then by term bytes.
 */
static int
out_order_cmp(const void *a, const void *b)
{
	const NewsVectorItem *ia = (const NewsVectorItem *) a;
	const NewsVectorItem *ib = (const NewsVectorItem *) b;

	if (ia->weight != ib->weight)
		return ia->weight > ib->weight ? -1 : 1;
	return strcmp(ia->term, ib->term);
}

/*
 * news_vector_items
 *		The entries of a vector as items (term pointers into v), in
 *		descending weight order; used by output, keywords and explain.
 */
NewsVectorItem *
news_vector_items(const NewsVector *v, bool by_weight)
{
	NewsVectorItem *items = palloc(sizeof(NewsVectorItem) * Max(v->nterms, 1));
	const char *s = NV_STRINGS(v);
	uint32		i;

	for (i = 0; i < v->nterms; i++)
	{
		CHECK_FOR_INTERRUPTS();
		items[i].hash = v->entries[i].hash;
		items[i].weight = v->entries[i].weight;
		items[i].term = s;
		items[i].len = strlen(s);
		s += items[i].len + 1;
	}
	if (by_weight && v->nterms > 1)
		qsort(items, v->nterms, sizeof(NewsVectorItem), out_order_cmp);
	return items;
}

/*
 * append_term
 *		Write a term, quoted when needed.
 */
static void
append_term(StringInfo buf, const char *term, int len)
{
	bool		quote = (len == 0);
	int			i;

	for (i = 0; i < len && !quote; i++)
		quote = nv_is_special(term[i]);
	if (!quote)
	{
		appendBinaryStringInfo(buf, term, len);
		return;
	}
	appendStringInfoChar(buf, '"');
	for (i = 0; i < len; i++)
	{
		if (term[i] == '"' || term[i] == '\\')
			appendStringInfoChar(buf, '\\');
		appendStringInfoChar(buf, term[i]);
	}
	appendStringInfoChar(buf, '"');
}

/*
 * news_vector_out
 *		Text output, heaviest terms first.
 */
Datum
news_vector_out(PG_FUNCTION_ARGS)
{
	NewsVector *v = (NewsVector *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	NewsVectorItem *items = news_vector_items(v, true);
	StringInfoData buf;
	char		num[FLOAT_SHORTEST_DECIMAL_LEN];
	uint32		i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < v->nterms; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		append_term(&buf, items[i].term, items[i].len);
		appendStringInfoChar(&buf, ':');
		float_to_shortest_decimal_buf(items[i].weight, num);
		appendStringInfoString(&buf, num);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * news_vector_send
 *		Binary output: int32 nterms, int32 flags, then per entry in hash
 *		order uint32 hash, float4 weight, int32 length + term bytes.
 */
Datum
news_vector_send(PG_FUNCTION_ARGS)
{
	NewsVector *v = (NewsVector *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	const char *s = NV_STRINGS(v);
	StringInfoData buf;
	uint32		i;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, v->nterms);
	pq_sendint32(&buf, v->flags);
	for (i = 0; i < v->nterms; i++)
	{
		int			len = strlen(s);

		CHECK_FOR_INTERRUPTS();
		pq_sendint32(&buf, v->entries[i].hash);
		pq_sendfloat4(&buf, v->entries[i].weight);
		pq_sendcountedtext(&buf, s, len, false);
		s += len + 1;
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * report_binary
 *		Error for invalid binary input.
 */
static void
report_binary(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary news_vector"),
			 errdetail("%s", detail)));
}

/*
 * need_bytes
 *		Check that n more bytes are left, so that truncated data is
 *		reported as invalid binary data (22P03) rather than as the
 *		protocol violation pq_getmsg* would raise.
 */
static void
need_bytes(StringInfo buf, int n)
{
	if (n < 0 || buf->len - buf->cursor < n)
		report_binary("The data is truncated.");
}

/*
 * news_vector_recv
 *		Binary input; checks every invariant of news_vector.h.
 */
Datum
news_vector_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint32		nterms;
	uint32		flags;
	NewsVectorItem *items;
	uint32		i;
	double		norm = 0.0;

	need_bytes(buf, 8);
	nterms = (uint32) pq_getmsgint(buf, 4);
	flags = (uint32) pq_getmsgint(buf, 4);
	if (flags & ~NV_KNOWN_FLAGS)
		report_binary("Unknown flag bits.");
	/* every entry takes at least 13 bytes on the wire */
	if (nterms > NV_MAX_TERMS ||
		(Size) nterms * 13 > (Size) (buf->len - buf->cursor))
		report_binary("The number of terms does not match the data.");

	items = palloc(sizeof(NewsVectorItem) * Max(nterms, 1));
	for (i = 0; i < nterms; i++)
	{
		uint32		hash;
		float		w;
		int			len;
		int			nbytes;
		char	   *term;

		CHECK_FOR_INTERRUPTS();
		need_bytes(buf, 12);
		hash = (uint32) pq_getmsgint(buf, 4);
		w = pq_getmsgfloat4(buf);
		len = pq_getmsgint(buf, 4);
		if (len <= 0)
			report_binary("Invalid term length.");
		need_bytes(buf, len);
		term = pq_getmsgtext(buf, len, &nbytes);
		if ((int) strlen(term) != nbytes)
			report_binary("A term contains a zero byte.");
		if (news_term_hash(term, nbytes) != hash)
			report_binary("A term hash does not match its term.");
		if (i > 0 && hash <= items[i - 1].hash)
			report_binary("The terms are not sorted by strictly ascending hash.");
		if (!isfinite(w) || !(w > 0.0f))
			report_binary("A weight is not a finite number greater than 0.");
		items[i].hash = hash;
		items[i].weight = w;
		items[i].term = term;
		items[i].len = nbytes;
		norm += (double) w * (double) w;
	}
	if (nterms > 0 && fabs(sqrt(norm) - 1.0) > NV_NORM_TOLERANCE)
		report_binary("The weights are not L2-normalized.");

	PG_RETURN_POINTER(news_vector_build(items, nterms, false));
}
