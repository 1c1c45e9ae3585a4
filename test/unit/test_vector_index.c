/*-------------------------------------------------------------------------
 *
 * test_vector_index.c
 *	  Stand-alone unit test of the GiST key core (vector_index_core.c):
 *	  every bound a key gives must be at least the exact similarity of
 *	  every vector below the key, on random vectors of all sizes, with
 *	  slot collisions, huge vectors and empty vectors.  Also checks that
 *	  leaf bounds are tight (they drive how much a KNN scan reads).
 *
 * Built by test/unit/check-vector-index.sh with -DNEWS_STANDALONE.
 * Prints "N passed, N failed" last.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "similarity/news_vector.h"
#include "similarity/vector_index.h"
#include "unit_check.h"

/* xorshift64*: deterministic random numbers */
static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static double
rndu(void)
{
	return (rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static int
cmp_entry(const void *a, const void *b)
{
	uint32_t	x = ((const NewsVectorEntry *) a)->hash;
	uint32_t	y = ((const NewsVectorEntry *) b)->hash;

	return (x > y) - (x < y);
}

/*
 * A random normalized vector of n terms drawn from a vocabulary of vocab
 * hashes (small vocabularies give overlapping vectors); `clustered` puts
 * all hashes into a few 16-bit slots to force slot sharing.
 */
static NewsVectorEntry *
random_vector(uint32_t *n, uint32_t vocab, int clustered)
{
	NewsVectorEntry *e = malloc(sizeof(NewsVectorEntry) * (*n + 1));
	uint32_t	m = 0;
	double		norm = 0.0;

	for (uint32_t i = 0; i < *n; i++)
	{
		uint32_t	t = (uint32_t) (rnd() % vocab);
		uint32_t	h = (uint32_t) ((t * 2654435761u) ^ (t >> 3));

		if (clustered)
			h = (h & 0x0003FFFFu) | ((t % 4) << 28);
		e[m].hash = h;
		e[m].weight = (float) (0.01 + pow(rndu(), 3.0));
		m++;
	}
	qsort(e, m, sizeof(NewsVectorEntry), cmp_entry);
	/* drop duplicate hashes */
	{
		uint32_t	j = 0;

		for (uint32_t i = 0; i < m; i++)
			if (j == 0 || e[j - 1].hash != e[i].hash)
				e[j++] = e[i];
		m = j;
	}
	for (uint32_t i = 0; i < m; i++)
		norm += (double) e[i].weight * e[i].weight;
	for (uint32_t i = 0; i < m; i++)
		e[i].weight = (float) (e[i].weight / sqrt(norm));
	*n = m;
	return e;
}

static NviKey *
make_leaf(const NewsVectorEntry *e, uint32_t n)
{
	int			bits;
	uint32_t	nslots = nvi_leaf_plan(e, n, &bits);
	NviKey	   *k = calloc(1, NVI_LEAF_SIZE(nslots));

	nvi_leaf_fill(k, e, n, bits, nslots);
	return k;
}

static NviKey *
make_sign(int siglen)
{
	NviKey	   *k = calloc(1, NVI_SIGN_SIZE(siglen));

	k->kind = NVI_KIND_SIGN;
	k->n = (uint16_t) siglen;
	return k;
}

/* one group of `ndocs` vectors: leaf, union and signature bounds */
static void
check_group(int ndocs, uint32_t terms, uint32_t vocab, int clustered, int siglen)
{
	NewsVectorEntry *docs[64];
	uint32_t	nd[64];
	NviKey	   *leaves[64];
	NviKey	   *sig = make_sign(siglen);
	NviKey	   *uni = calloc(1, NVI_LEAF_SIZE(NVI_UNION_MAX_SLOTS));
	int			nuni;
	int			bad_leaf = 0,
				bad_sign = 0,
				bad_union = 0,
				bad_simple = 0;
	double		slack = 0.0;
	int			nslack = 0;

	for (int d = 0; d < ndocs; d++)
	{
		nd[d] = terms == 0 ? 0 : 1 + (uint32_t) (rnd() % terms);
		docs[d] = random_vector(&nd[d], vocab, clustered);
		leaves[d] = make_leaf(docs[d], nd[d]);
		nvi_sign_add_leaf(NVI_SIGN_W(sig), siglen, leaves[d]);
		CHECK(leaves[d]->n <= NVI_LEAF_MAX_SLOTS, "leaf has %d slots", leaves[d]->n);
	}
	nuni = nvi_slots_union((const NviKey *const *) leaves, ndocs,
						   NVI_UNION_MAX_SLOTS, uni);

	for (int qi = 0; qi < 8; qi++)
	{
		uint32_t	nq = terms == 0 ? 0 : 1 + (uint32_t) (rnd() % terms);
		NewsVectorEntry *q = random_vector(&nq, vocab, clustered);
		NviQuery	pq;
		double		bsig,
					buni = 1.0;

		/* a query is sometimes one of the documents */
		if (qi == 0 && ndocs > 0)
		{
			free(q);
			nq = nd[0];
			q = malloc(sizeof(NewsVectorEntry) * (nq + 1));
			memcpy(q, docs[0], sizeof(NewsVectorEntry) * nq);
		}
		nvi_query_prepare(&pq, q, nq);
		bsig = nvi_bound_sign(&pq, NVI_SIGN_W(sig), siglen);
		if (nuni >= 0)
			buni = nvi_bound_leaf(&pq, uni);
		for (int d = 0; d < ndocs; d++)
		{
			double		exact = news_entries_dot(q, nq, docs[d], nd[d]);
			double		bl = nvi_bound_leaf(&pq, leaves[d]);
			double		box = 0.0,
						cs = 0.0;

			if (bl < exact)
				bad_leaf++;
			if (bsig < exact)
				bad_sign++;
			if (buni < exact)
				bad_union++;
			/* water-filling is never looser than the two simple bounds */
			for (uint32_t i = 0; i < pq.n; i++)
				if (pq.u[i] > 0.0)
				{
					box += pq.w[i] * pq.u[i];
					cs += pq.w[i] * pq.w[i];
				}
			if (bl > fmin(box, sqrt(cs)) * (1.0 + 1e-5) + 1e-6 + 1e-9 && bl < 1.0)
				bad_simple++;
			slack += bl - exact;
			nslack++;
		}
		nvi_query_free(&pq);
		free(q);
	}
	CHECK(bad_leaf == 0, "leaf bound below exact similarity %d times (terms %u)", bad_leaf, terms);
	CHECK(bad_sign == 0, "signature bound below exact similarity %d times", bad_sign);
	CHECK(bad_union == 0, "slot-union bound below exact similarity %d times", bad_union);
	CHECK(bad_simple == 0, "water-filling looser than box/Cauchy-Schwarz %d times", bad_simple);
	if (!clustered && terms >= 20 && terms <= 400 && nslack > 0)
		CHECK(slack / nslack < 0.03, "leaf bounds are loose: mean slack %.4f", slack / nslack);
	for (int d = 0; d < ndocs; d++)
	{
		free(docs[d]);
		free(leaves[d]);
	}
	free(sig);
	free(uni);
}

int
main(void)
{

	/* typical articles, overlapping vocabularies */
	for (int r = 0; r < 40; r++)
		check_group(12, 200, 3000, 0, 1024);
	/* small signatures (heavy bucket collisions) */
	for (int r = 0; r < 20; r++)
		check_group(20, 150, 2000, 0, 16);
	/* hashes crowded into a few 16-bit slots */
	for (int r = 0; r < 20; r++)
		check_group(8, 300, 5000, 1, 256);
	/* huge vectors: leaf keys fall back to fewer slot bits */
	for (int r = 0; r < 5; r++)
		check_group(4, 20000, 1000000, 0, 1024);
	/* empty vectors, and groups without documents */
	check_group(5, 0, 10, 0, 64);
	check_group(0, 100, 1000, 0, 64);

	/* an empty query bounds every key by (almost) 0 */
	{
		NviQuery	pq;
		uint32_t	n = 50;
		NewsVectorEntry *d = random_vector(&n, 100, 0);
		NviKey	   *leaf = make_leaf(d, n);

		nvi_query_prepare(&pq, NULL, 0);
		CHECK(nvi_bound_leaf(&pq, leaf) < 1e-5, "empty query bound %g",
			  nvi_bound_leaf(&pq, leaf));
		nvi_query_free(&pq);
		free(leaf);
		free(d);
	}

	return unit_report();
}
