/*-------------------------------------------------------------------------
 *
 * fuzz_rollup_recv.c
 *	  libFuzzer target for the news_rollup binary input core
 *	  (nr_parse_binary() in rollup_parse.c, behind news_rollup_recv).
 *
 * The input is the message buffer, as an exact-size copy: the parser must
 * never read past it.  A buffer that parses gives a valid compact rollup
 * whose binary output reads back to the same bytes and whose text output
 * reads back to a value with the same text.
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_rollup_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *buf = fuzz_copy(data, size, false);
	NrError		err;
	NewsRollup *r;
	size_t		used = 0;

	r = nr_parse_binary(buf, size, &fuzz_zone_ops, &used, &err);
	FUZZ_CHECK(used <= size);
	if (r != NULL)
	{
		check_rollup(r);
		check_round_trips(r, false);
		na_free(r);
	}
	else
		FUZZ_CHECK((err.code == NR_ERR_BINARY && err.detail != NULL) ||
				   err.code == NR_ERR_ZONE);
	free(buf);
	return 0;
}
