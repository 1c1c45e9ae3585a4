/*-------------------------------------------------------------------------
 *
 * fuzz_vector_recv.c
 *	  libFuzzer target for the news_vector binary input core
 *	  (news_vector_parse_binary() in vector_parse.c, behind
 *	  news_vector_recv).
 *
 * The input is the message buffer, as an exact-size copy: the parser must
 * never read past it.  A buffer that parses gives a vector with every
 * invariant of news_vector.h; the binary format is canonical, so encoding
 * the vector again must reproduce the bytes consumed exactly, and its text
 * form must parse back to the same vector.
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_vector_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *buf = fuzz_copy(data, size, false);
	NewsVectorError err;
	NewsVector *v;
	size_t		used = 0;

	v = news_vector_parse_binary(buf, size, NULL, NULL, &used, &err);
	FUZZ_CHECK(used <= size);
	if (v != NULL)
	{
		char	   *again;
		size_t		len;

		check_vector(v);
		again = news_vector_to_binary(v, &len);
		FUZZ_CHECK(len == used && memcmp(again, buf, len) == 0);
		free(again);
		check_round_trips(v);
		na_free(v);
	}
	else
		FUZZ_CHECK(err.code == NV_ERR_BINARY && err.detail != NULL);
	free(buf);
	return 0;
}
