/*-------------------------------------------------------------------------
 *
 * test_vector_core.c
 *	  Stand-alone unit tests of src/similarity/vector_core.c (the term
 *	  hashes, the cosine merge and the Hamming distance), built with
 *	  -DNEWS_STANDALONE by test/unit/check-similarity-core.sh.
 *
 * The hash values are pinned: they are stored on disk and in index keys,
 * so a change of the hash function must fail here first.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "similarity/news_vector.h"
#include "unit_check.h"

/* build a vector (malloc) from parallel arrays, entries sorted by hash */
static NewsVector *
make_vector(int n, const char **terms, const double *weights)
{
	NewsVectorEntry tmp[64];
	size_t		strbytes = 0;
	double		norm = 0;
	NewsVector *v;
	char	   *s;
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		tmp[i].hash = news_term_hash(terms[i], strlen(terms[i]));
		tmp[i].weight = (float) weights[i];
		norm += weights[i] * weights[i];
		strbytes += strlen(terms[i]) + 1;
	}
	norm = sqrt(norm);
	/* insertion sort by hash (strings are not needed by the core) */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && tmp[j - 1].hash > tmp[j].hash; j--)
		{
			NewsVectorEntry t = tmp[j];

			tmp[j] = tmp[j - 1];
			tmp[j - 1] = t;
		}
	v = malloc(NV_SIZE(n, strbytes));
	v->vl_len_ = 0;
	v->nterms = n;
	v->flags = 0;
	for (i = 0; i < n; i++)
	{
		v->entries[i] = tmp[i];
		v->entries[i].weight = (float) (tmp[i].weight / norm);
	}
	s = (char *) NV_STRINGS(v);
	for (i = 0; i < n; i++)
	{
		strcpy(s, terms[i]);
		s += strlen(terms[i]) + 1;
	}
	return v;
}

int
main(void)
{
	/* pinned hash values (FNV-1a + murmur3 finalizer) */
	CHECK(news_term_hash("", 0) == 0xab3e7c0bu, "pinned hash of \"\"");
	CHECK(news_term_hash("verhandl", 8) == 0x3524486bu, "pinned hash of verhandl");
	CHECK(news_term_hash("verhandlungen", 8) == 0x3524486bu,
		  "only len bytes are hashed");
	CHECK(news_term_hash64("abc", 3) == UINT64_C(0x33ebaf9927cbc5bd),
		  "pinned 64-bit hash of abc");
	CHECK(news_term_hash("abc", 3) != news_term_hash("abd", 3), "differs");
	CHECK(news_term_hash64("abc", 3) != news_term_hash64("abd", 3), "differs64");

	{
		/* distinct hashes for many short terms: collisions are rare */
		char		buf[16];
		unsigned	i;
		unsigned	collisions = 0;
		unsigned   *seen = calloc(1u << 20, sizeof(unsigned));

		for (i = 0; i < 100000; i++)
		{
			unsigned	h;

			snprintf(buf, sizeof(buf), "t%u", i);
			h = news_term_hash(buf, strlen(buf)) >> 12;
			if (seen[h])
				collisions++;
			seen[h] = 1;
		}
		/* 100k keys in 2^20 buckets: expect ~4,600 bucket collisions */
		CHECK(collisions > 3000 && collisions < 6500,
			  "hash spreads over the high bits (%u collisions)", collisions);
		free(seen);
	}

	{
		const char *ta[] = {"a", "b", "c"};
		const double wa[] = {1, 2, 3};
		const char *tb[] = {"c", "b", "d"};
		const double wb[] = {1, 1, 5};
		const char *tc[] = {"x"};
		const double wc[] = {1};
		NewsVector *a = make_vector(3, ta, wa);
		NewsVector *b = make_vector(3, tb, wb);
		NewsVector *c = make_vector(1, tc, wc);
		NewsVector *e = make_vector(0, NULL, NULL);
		double		expect = (2.0 * 1 + 3.0 * 1) / (sqrt(14.0) * sqrt(27.0));
		uint32_t	off[3];

		CHECK(news_vector_dot(a, a) == 1.0, "self similarity is exactly 1 (%.17g)",
			  news_vector_dot(a, a));
		CHECK(fabs(news_vector_dot(a, b) - expect) < 1e-6, "cosine %.9g vs %.9g",
			  news_vector_dot(a, b), expect);
		CHECK(news_vector_dot(a, b) == news_vector_dot(b, a), "symmetric");
		CHECK(news_vector_dot(a, c) == 0.0, "disjoint is 0");
		CHECK(news_vector_dot(a, e) == 0.0 && news_vector_dot(e, e) == 0.0,
			  "empty is 0, not NaN");

		/* corrupt weights never give NaN or values outside [0, 1] */
		b->entries[0].weight = NAN;
		CHECK(news_vector_dot(a, b) >= 0.0 && news_vector_dot(a, b) <= 1.0,
			  "NaN weight clamped");
		b->entries[0].weight = 1e30f;
		CHECK(news_vector_dot(a, b) >= 0.0 && news_vector_dot(a, b) <= 1.0,
			  "huge weight clamped");

		news_vector_term_offsets(a, off);
		CHECK(off[0] == 0 && strlen(NV_STRINGS(a) + off[1]) == 1 &&
			  strlen(NV_STRINGS(a) + off[2]) == 1, "term offsets");
		free(a);
		free(b);
		free(c);
		free(e);
	}

	CHECK(news_hamming64(0, 0) == 0, "hamming 0");
	CHECK(news_hamming64(0, ~UINT64_C(0)) == 64, "hamming 64");
	CHECK(news_hamming64(5, 6) == 2, "hamming 2");

	return unit_report();
}
