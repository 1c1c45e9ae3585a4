/*-------------------------------------------------------------------------
 *
 * fuzz_termstats_in.c
 *	  libFuzzer target for the news_termstats text input core
 *	  (nts_parse_text() in termstats_core.c, behind news_termstats_in).
 *
 * The input is the literal (a C string, as the server passes it: it ends
 * at the first NUL).  A literal that parses must give a state with every
 * invariant of termstats.h (nts_check), print and parse back to the same
 * bytes, and survive a merge with itself and a prune (by the counting
 * table and by the k-way merge walk, which must agree byte for byte), and
 * a background sum restricted to its own terms; an error must carry
 * a valid code, a detail and a position inside the input.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/na_alloc.h"
#include "trends/termstats.h"

#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { fprintf(stderr, "check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); abort(); } \
} while (0)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *input = malloc(size + 1);
	NewsTermStatsError err;
	NewsTermStats *s;

	memcpy(input, data, size);
	input[size] = '\0';
	s = nts_parse_text(input, NULL, NULL, &err);
	if (s != NULL)
	{
		char	   *text = nts_to_text(s, NULL);
		NewsTermStats *s2;
		NewsTermTable *t;

		FUZZ_CHECK(nts_check(s, (size_t) s->vl_len_) == NULL);
		s2 = nts_parse_text(text, NULL, NULL, &err);
		FUZZ_CHECK(s2 != NULL);
		FUZZ_CHECK(s2->vl_len_ == s->vl_len_ && memcmp(s, s2, s->vl_len_) == 0);
		na_free(s2);
		/* merge with itself, then prune to half: still valid, bound holds */
		t = nts_table_new();
		nts_table_add_state(t, s);
		nts_table_add_state(t, s);
		s2 = nts_table_flatten(t, s->nterms / 2 + 1);
		FUZZ_CHECK(nts_check(s2, (size_t) s2->vl_len_) == NULL);
		FUZZ_CHECK(s2->ndocs == 2 * s->ndocs);
		for (uint32_t i = 0; i < s->nterms; i++)
		{
			int64_t		got = nts_lookup(s2, NTS_TERM(s, i), (int) s->entries[i].len);

			FUZZ_CHECK(got <= 2 * s->entries[i].df);
			FUZZ_CHECK(got + s2->error >= 2 * s->entries[i].df);
		}
		nts_table_free(t);
		{
			/* the k-way merge walk gives the same bytes */
			const NewsTermStats *two[2] = {s, s};
			NewsTermStats *s3 = nts_merge_states(two, 2, s->nterms / 2 + 1,
												 s->nterms / 2 + 1);
			int64_t    *df = calloc(s->nterms + 1, sizeof(int64_t));
			double	   *mass = calloc(s->nterms + 1, sizeof(double));

			FUZZ_CHECK(s3->vl_len_ == s2->vl_len_ && s3->error == s2->error &&
					   memcmp(s3->entries, s2->entries,
							  (size_t) s2->vl_len_ - NTS_HDRSIZE) == 0);
			na_free(s3);
			/* summed for its own terms: every term twice its count */
			nts_accumulate(s, s, df, mass);
			nts_accumulate(s, s, df, mass);
			s3 = nts_from_accumulated(s, df, mass, 2 * s->ndocs, 0, 2 * s->mass);
			FUZZ_CHECK(nts_check(s3, (size_t) s3->vl_len_) == NULL);
			FUZZ_CHECK(s3->nterms == s->nterms);
			for (uint32_t i = 0; i < s->nterms; i++)
				FUZZ_CHECK(s3->entries[i].df == 2 * s->entries[i].df);
			na_free(s3);
			free(df);
			free(mass);
		}
		na_free(s2);
		na_free(text);
		na_free(s);
	}
	else
	{
		FUZZ_CHECK(err.code >= NTS_ERR_SYNTAX && err.code <= NTS_ERR_ENCODING);
		FUZZ_CHECK(err.detail != NULL);
		FUZZ_CHECK(err.pos <= strlen(input));
	}
	free(input);
	return 0;
}
