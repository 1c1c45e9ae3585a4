/*-------------------------------------------------------------------------
 *
 * fuzz_vector_in.c
 *	  libFuzzer target for the news_vector text input core
 *	  (news_vector_parse_text() in vector_parse.c, behind news_vector_in).
 *
 * The input is the literal (a C string, as the server passes it: it ends
 * at the first NUL).  A literal that parses must give a vector with every
 * invariant of news_vector.h, and print (text and binary) and parse back
 * to the same bytes; an error must carry a valid code and position.
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_vector_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *input = fuzz_copy(data, size, true);
	NewsVectorError err;
	NewsVector *v;

	v = news_vector_parse_text(input, verify_utf8, NULL, &err);
	if (v != NULL)
	{
		check_vector(v);
		check_round_trips(v);
		na_free(v);
	}
	else
	{
		FUZZ_CHECK(err.code >= NV_ERR_SYNTAX && err.code <= NV_ERR_TOO_LARGE);
		FUZZ_CHECK(err.pos <= strlen(input));
		if (err.code == NV_ERR_SYNTAX)
			FUZZ_CHECK(err.detail != NULL);
		if (err.code == NV_ERR_WEIGHT)
			FUZZ_CHECK(err.pos + err.weight_len <= strlen(input));
		if (err.code == NV_ERR_WEIGHT || err.code == NV_ERR_DUPLICATE)
			FUZZ_CHECK(err.term != NULL && strlen(err.term) > 0);
		news_vector_error_free(&err);
	}
	free(input);
	return 0;
}
