/*-------------------------------------------------------------------------
 *
 * compat_symbols.c
 *	  The C symbols of earlier versions, kept as one-line aliases.
 *
 * Since 0.3 every C function of the extension has the name of the SQL
 * function it implements (as news_vector_gist_consistent), except the
 * overloads, which add a suffix for what tells them apart (as
 * news_similarity_text).  Before, some had other names.  Those old names
 * must stay exported as long as anything can ask for them:
 *
 *	- CREATE EXTENSION runs the frozen news_analytics--0.1.sql and
 *	  news_analytics--0.1--0.2.sql, which create the functions with the
 *	  old symbols, before news_analytics--0.2--0.3.sql re-points them;
 *	- a database still on 0.1 or 0.2 has pg_proc rows naming the old
 *	  symbols, and loads this library on its first call.
 *
 * Each alias only calls the function under its new name with the same
 * call info.  All of them live in this one file, so that they can be
 * found, and dropped once no supported version names them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

/* the functions under their current names (vector_gist.c, vector_construct.c) */
extern Datum news_vector_gist_key_in(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_key_out(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_options(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_compress(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_decompress(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_consistent(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_distance(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_union(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_penalty(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_picksplit(PG_FUNCTION_ARGS);
extern Datum news_vector_gist_same(PG_FUNCTION_ARGS);
extern Datum news_vector(PG_FUNCTION_ARGS);

/* GiST support of news_vector_gist_ops (0.1) and news_vector(text) (0.1) */
PG_FUNCTION_INFO_V1(nv_gist_key_in);
Datum
nv_gist_key_in(PG_FUNCTION_ARGS)
{
	return news_vector_gist_key_in(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_key_out);
Datum
nv_gist_key_out(PG_FUNCTION_ARGS)
{
	return news_vector_gist_key_out(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_options);
Datum
nv_gist_options(PG_FUNCTION_ARGS)
{
	return news_vector_gist_options(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_compress);
Datum
nv_gist_compress(PG_FUNCTION_ARGS)
{
	return news_vector_gist_compress(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_decompress);
Datum
nv_gist_decompress(PG_FUNCTION_ARGS)
{
	return news_vector_gist_decompress(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_consistent);
Datum
nv_gist_consistent(PG_FUNCTION_ARGS)
{
	return news_vector_gist_consistent(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_distance);
Datum
nv_gist_distance(PG_FUNCTION_ARGS)
{
	return news_vector_gist_distance(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_union);
Datum
nv_gist_union(PG_FUNCTION_ARGS)
{
	return news_vector_gist_union(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_penalty);
Datum
nv_gist_penalty(PG_FUNCTION_ARGS)
{
	return news_vector_gist_penalty(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_picksplit);
Datum
nv_gist_picksplit(PG_FUNCTION_ARGS)
{
	return news_vector_gist_picksplit(fcinfo);
}

PG_FUNCTION_INFO_V1(nv_gist_same);
Datum
nv_gist_same(PG_FUNCTION_ARGS)
{
	return news_vector_gist_same(fcinfo);
}

PG_FUNCTION_INFO_V1(news_vector_from_text_sql);
Datum
news_vector_from_text_sql(PG_FUNCTION_ARGS)
{
	return news_vector(fcinfo);
}
