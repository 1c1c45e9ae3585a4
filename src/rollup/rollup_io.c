/*-------------------------------------------------------------------------
 *
 * rollup_io.c
 *	  Text and binary input/output of news_rollup: thin server glue around
 *	  the pure cores (rollup_parse.c reads both forms, rollup_value.c
 *	  writes them; the formats are described there).  The glue supplies
 *	  the time zones (pg_tz) and turns the cores' error codes into
 *	  ereport().
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "rollup/rollup.h"

PG_FUNCTION_INFO_V1(news_rollup_in);
PG_FUNCTION_INFO_V1(news_rollup_out);
PG_FUNCTION_INFO_V1(news_rollup_recv);
PG_FUNCTION_INFO_V1(news_rollup_send);

/*
 * zone_resolve / zone_local_hour
 *		The cores' time zone callbacks: full zone names as for SET TimeZone
 *		(an unknown name raises the usual error), pg_localtime conversion.
 */
static const void *
zone_resolve(void *arg, const char *name, int len, char *canon, int *canonlen)
{
	(void) arg;
	return nr_resolve_zone(name, len, canon, canonlen);
}

static int64_t
zone_local_hour(void *arg, const void *zone, int64_t ts)
{
	(void) arg;
	return nr_utc_to_local_hour((pg_tz *) zone, ts);
}

static const NrZoneOps server_zones = {zone_resolve, zone_local_hour, NULL};

/*
 * finish
 *		A value from the cores as a Datum-ready varlena.
 */
static NewsRollup *
finish(NewsRollup *r)
{
	SET_VARSIZE(r, r->vl_len_);
	return r;
}

/*
 * news_rollup_out
 *		Canonical text form.
 */
Datum
news_rollup_out(PG_FUNCTION_ARGS)
{
	NewsRollup *r = PG_GETARG_NEWSROLLUP_P(0);
	char	   *out = nr_format_text(r, VARSIZE(r));

	if (out == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_rollup text output would exceed 1 GB")));
	PG_RETURN_CSTRING(out);
}

/*
 * news_rollup_in
 *		Parse the text form.
 */
Datum
news_rollup_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	NrError		err;
	NewsRollup *r;

	r = nr_parse_text(str, &server_zones, &err);
	if (r == NULL)
		nr_report_error(str, &err);
	PG_RETURN_POINTER(finish(r));
}

/*
 * news_rollup_send
 *		Binary form of the compact form.
 */
Datum
news_rollup_send(PG_FUNCTION_ARGS)
{
	NewsRollup *r = nr_to_compact(PG_GETARG_NEWSROLLUP_P(0));
	StringInfoData buf;
	char	   *bytes;
	size_t		len;

	bytes = nr_format_binary(r, VARSIZE(r), &len);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, bytes, len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * news_rollup_recv
 *		Inverse of send; the core validates everything and never reads past
 *		the message (a garbage message gives an error, never a crash or a
 *		bogus value).
 */
Datum
news_rollup_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	NrError		err;
	NewsRollup *r;
	size_t		used;

	r = nr_parse_binary(buf->data + buf->cursor, buf->len - buf->cursor,
						&server_zones, &used, &err);
	if (r == NULL)
		nr_report_error(NULL, &err);
	buf->cursor += used;
	PG_RETURN_POINTER(finish(r));
}
