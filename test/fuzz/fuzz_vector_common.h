/*-------------------------------------------------------------------------
 *
 * fuzz_vector_common.h
 *	  Invariant checks shared by the news_vector fuzz targets
 *	  (fuzz_vector_in.c, fuzz_vector_recv.c).
 *
 * check_vector() verifies every invariant news_vector.h promises for a
 * parsed vector; check_round_trips() prints the vector as text and as
 * binary with the cores' own encoders, parses both again and requires the
 * very same bytes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_FUZZ_VECTOR_COMMON_H
#define NEWS_FUZZ_VECTOR_COMMON_H

#include <math.h>

#include "fuzz_common.h"
#include "common/na_alloc.h"
#include "similarity/news_vector.h"

/*
 * format_weight
 *		Stand-alone float formatter: 9 significant digits always read back
 *		as the same float4 (the server prints the shortest such decimal).
 */
static void
format_weight(float f, char *buf)
{
	snprintf(buf, NV_FLOAT_BUFLEN, "%.9g", (double) f);
}

/*
 * verify_utf8
 *		Text input callback: the database is UTF-8.
 */
static bool
verify_utf8(void *arg, const char *term, int len)
{
	(void) arg;
	return fuzz_valid_utf8(term, len);
}

static void
check_vector(const NewsVector *v)
{
	const char *s = NV_STRINGS(v);
	size_t		strbytes = 0;
	double		norm = 0.0;

	FUZZ_CHECK(v->nterms <= NV_MAX_TERMS);
	FUZZ_CHECK(v->flags == 0);
	for (uint32_t i = 0; i < v->nterms; i++)
	{
		size_t		len = strlen(s);
		float		w = v->entries[i].weight;

		FUZZ_CHECK(len > 0);
		FUZZ_CHECK(v->entries[i].hash == news_term_hash(s, len));
		if (i > 0)
			FUZZ_CHECK(v->entries[i - 1].hash < v->entries[i].hash);
		FUZZ_CHECK(isfinite(w) && w > 0.0f);
		norm += (double) w * w;
		s += len + 1;
		strbytes += len + 1;
	}
	FUZZ_CHECK((size_t) v->vl_len_ == NV_SIZE(v->nterms, strbytes));
	if (v->nterms > 0)
		FUZZ_CHECK(fabs(sqrt(norm) - 1.0) <= 1e-4);
	/* a vector is as similar to itself as can be */
	if (v->nterms > 0)
		FUZZ_CHECK(news_vector_dot(v, v) == 1.0);
}

static void
check_round_trips(const NewsVector *v)
{
	NewsVectorError err;
	NewsVector *again;
	char	   *text;
	char	   *bin;
	size_t		len,
				used;

	text = news_vector_to_text(v, format_weight, &len);
	FUZZ_CHECK(text != NULL);
	FUZZ_CHECK(strlen(text) == len);
	again = news_vector_parse_text(text, verify_utf8, NULL, &err);
	if (again == NULL)
		fprintf(stderr, "text %s does not read back: code %d %s\n", text,
				err.code, err.detail ? err.detail : "");
	FUZZ_CHECK(again != NULL);
	FUZZ_CHECK(again->vl_len_ == v->vl_len_ &&
			   memcmp(again, v, v->vl_len_) == 0);
	na_free(again);
	free(text);

	bin = news_vector_to_binary(v, &len);
	again = news_vector_parse_binary(bin, len, NULL, NULL, &used, &err);
	FUZZ_CHECK(again != NULL && used == len);
	FUZZ_CHECK(again->vl_len_ == v->vl_len_ &&
			   memcmp(again, v, v->vl_len_) == 0);
	na_free(again);
	free(bin);
}

#endif							/* NEWS_FUZZ_VECTOR_COMMON_H */
