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
 * form must parse back to the same vector.  Terms go through a callback
 * like the server's (a UTF-8 database): there pg_client_to_server() raises
 * an error for a term that is not valid UTF-8, so such an input counts as
 * refused here.
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_vector_common.h"

/* set by fuzz_recv_term when a term is not valid UTF-8 */
static bool recv_bad_encoding;

/*
 * fuzz_recv_term
 *		Binary input callback: a copy of the term, as the server's recv_term
 *		returns it; a term the server would refuse sets recv_bad_encoding.
 */
static char *
fuzz_recv_term(void *arg, const char *bytes, int len, int *nbytes)
{
	char	   *copy = na_alloc(len + 1);

	(void) arg;
	memcpy(copy, bytes, len);
	copy[len] = '\0';
	*nbytes = len;
	if (!fuzz_valid_utf8(bytes, len))
		recv_bad_encoding = true;
	return copy;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *buf = fuzz_copy(data, size, false);
	NewsVectorError err;
	NewsVector *v;
	size_t		used = 0;

	recv_bad_encoding = false;
	v = news_vector_parse_binary(buf, size, fuzz_recv_term, NULL, &used, &err);
	FUZZ_CHECK(used <= size);
	if (v != NULL && recv_bad_encoding)
	{
		/* the server's callback would have raised an error */
		na_free(v);
	}
	else if (v != NULL)
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
