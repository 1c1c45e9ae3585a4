/*-------------------------------------------------------------------------
 *
 * news_vector.c
 *	  The news_vector type's I/O functions: thin server glue around the pure
 *	  cores of vector_parse.c (text input/output, binary receive, the
 *	  builder that enforces the invariants of news_vector.h).  The glue
 *	  supplies what needs the server (encoding checks and conversion, the
 *	  float formatting) and turns the cores' error codes into ereport();
 *	  binary send stays here because it converts terms to the client
 *	  encoding.
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

/*
 * report_error
 *		Raise the error of a failed input core call (see news_vector.h for
 *		the codes); input is the text literal (NULL for binary input).
 */
static void
report_error(const char *input, NewsVectorError *err)
{
	switch (err->code)
	{
		case NV_ERR_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type news_vector: \"%s\"", input),
					 errdetail("%s at character %d.", err->detail, (int) err->pos + 1),
					 errhint("A news_vector literal looks like '{term:0.8, \"other term\":0.6}'.")));
			break;
		case NV_ERR_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid weight \"%.*s\" for term \"%s\" in news_vector",
							(int) err->weight_len, input + err->pos, err->term),
					 errdetail("A weight must be a finite number greater than 0.")));
			break;
		case NV_ERR_DUPLICATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("duplicate term \"%s\" in news_vector", err->term)));
			break;
		case NV_ERR_ENCODING:
			/* verify_term() raises its own error; this is a safety net */
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("invalid byte sequence in a news_vector term")));
			break;
		case NV_ERR_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("news_vector cannot have more than %d terms",
							NV_MAX_TERMS)));
			break;
		case NV_ERR_TOO_LARGE:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("news_vector would be too large (%zu bytes)", err->size)));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary news_vector"),
					 errdetail("%s", err->detail ? err->detail : "Invalid data.")));
	}
}

/*
 * finish
 *		A vector from the input cores as a Datum-ready varlena.
 */
static NewsVector *
finish(NewsVector *v)
{
	SET_VARSIZE(v, v->vl_len_);
	return v;
}

/*
 * news_vector_build
 *		Make the varlena from items (reordered in place); the rules are
 *		those of news_vector_build_core() in vector_parse.c.
 */
NewsVector *
news_vector_build(NewsVectorItem *items, int nitems, bool normalize)
{
	NewsVectorError err;
	NewsVector *v;

	memset(&err, 0, sizeof(err));
	v = news_vector_build_core(items, nitems, normalize, &err);
	if (v == NULL)
		report_error(NULL, &err);
	return finish(v);
}

/*
 * verify_term
 *		Text input callback: a term must be valid in the database encoding
 *		(raises the usual encoding error otherwise).
 */
static bool
verify_term(void *arg, const char *term, int len)
{
	(void) arg;
	pg_verifymbstr(term, len, false);
	return true;
}

/*
 * news_vector_in
 *		Text input: '{term:weight, ...}'; parsed by vector_parse.c.
 */
Datum
news_vector_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	NewsVectorError err;
	NewsVector *v;

	v = news_vector_parse_text(input, verify_term, NULL, &err);
	if (v == NULL)
		report_error(input, &err);
	PG_RETURN_POINTER(finish(v));
}

/*
 * news_vector_items
 *		The entries of a vector as items (term pointers into v), in
 *		descending weight order; used by output, keywords and explain.
 */
NewsVectorItem *
news_vector_items(const NewsVector *v, bool by_weight)
{
	return news_vector_items_core(v, by_weight);
}

/*
 * format_weight
 *		Output callback: PostgreSQL's shortest exact float4 decimal.
 */
static void
format_weight(float f, char *buf)
{
	StaticAssertStmt(NV_FLOAT_BUFLEN >= FLOAT_SHORTEST_DECIMAL_LEN,
					 "NV_FLOAT_BUFLEN too small");
	float_to_shortest_decimal_buf(f, buf);
}

/*
 * news_vector_out
 *		Text output, heaviest terms first (vector_parse.c).
 */
Datum
news_vector_out(PG_FUNCTION_ARGS)
{
	NewsVector *v = (NewsVector *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	char	   *out = news_vector_to_text(v, format_weight, NULL);

	if (out == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_vector text output would exceed 1 GB")));
	PG_RETURN_CSTRING(out);
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
		na_pq_sendcountedtext(&buf, s, len);
		s += len + 1;
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * recv_term
 *		Binary input callback: the term in server encoding, as
 *		pq_getmsgtext() would return it (validated, converted, copied).
 */
static char *
recv_term(void *arg, const char *bytes, int len, int *nbytes)
{
	char	   *p = pg_client_to_server(bytes, len);

	(void) arg;
	if (p != bytes)
	{
		*nbytes = strlen(p);
		return p;
	}
	p = palloc(len + 1);
	memcpy(p, bytes, len);
	p[len] = '\0';
	*nbytes = len;
	return p;
}

/*
 * news_vector_recv
 *		Binary input; vector_parse.c checks every invariant of news_vector.h
 *		and never reads past the message.
 */
Datum
news_vector_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	NewsVectorError err;
	NewsVector *v;
	size_t		used;

	v = news_vector_parse_binary(buf->data + buf->cursor,
								 buf->len - buf->cursor, recv_term, NULL,
								 &used, &err);
	if (v == NULL)
		report_error(NULL, &err);
	buf->cursor += used;
	PG_RETURN_POINTER(finish(v));
}

/*
 * news_vector_check
 *		See news_vector.h: the structural invariants index code relies on
 *		(header within the datum, hashes strictly ascending).
 */
void
news_vector_check(const NewsVector *v)
{
	const NewsVectorEntry *e = NV_ENTRIES(v);

	if (v->nterms > NV_MAX_TERMS ||
		NV_SIZE(v->nterms, 0) > VARSIZE_ANY(v))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("news_vector header is corrupt (%u terms in %zu bytes)",
						v->nterms, (size_t) VARSIZE_ANY(v))));
	for (uint32 i = 1; i < v->nterms; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (e[i - 1].hash >= e[i].hash)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("news_vector entries are not sorted by hash")));
	}
}
