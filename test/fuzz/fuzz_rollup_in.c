/*-------------------------------------------------------------------------
 *
 * fuzz_rollup_in.c
 *	  libFuzzer target for the news_rollup text input core
 *	  (nr_parse_text() in rollup_parse.c, behind news_rollup_in).
 *
 * The input is the literal (a C string, as the server passes it).  A
 * literal that parses must give a valid compact rollup (the binary
 * receive validation accepts it), and its text and binary output must
 * read back to the very same bytes; an error must carry a code and a
 * position inside the literal.
 *
 *-------------------------------------------------------------------------
 */
#include "fuzz_rollup_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *input = fuzz_copy(data, size, true);
	NrError		err;
	NewsRollup *r;

	r = nr_parse_text(input, &fuzz_zone_ops, &err);
	if (r != NULL)
	{
		check_rollup(r);
		check_round_trips(r, true);
		na_free(r);
	}
	else
	{
		FUZZ_CHECK(err.code >= NR_ERR_SYNTAX && err.code <= NR_ERR_TOO_LARGE);
		FUZZ_CHECK(err.pos <= strlen(input));
		if (err.code == NR_ERR_SYNTAX)
			FUZZ_CHECK(err.detail != NULL);
	}
	free(input);
	return 0;
}
