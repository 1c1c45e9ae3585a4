/*-------------------------------------------------------------------------
 *
 * test_ivf_kmeans.c
 *	  Stand-alone unit test of the news_ivf k-means core (ivf_kmeans.c):
 *	  top-entry selection, normalization, the centroid inverted index
 *	  (its nearest centroid must be the brute-force one), and spherical
 *	  k-means on vectors drawn from known topics (clusters must be pure,
 *	  centroids sorted, normalized and pruned, builds reproducible), plus
 *	  the edge cases: no samples, fewer samples than lists, empty vectors.
 *
 * Built by test/unit/check-ivf-kmeans.sh with -DNEWS_STANDALONE.
 * Prints "N passed, N failed" last.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "similarity/ivf.h"

static int	passed,
			failed;

#define CHECK(cond, ...) \
	do { \
		if (cond) passed++; \
		else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			   printf(__VA_ARGS__); printf("\n"); } \
	} while (0)

static uint64_t rng = 12345;

static double
rndu(void)
{
	return (ivf_random(&rng) >> 11) * (1.0 / 9007199254740992.0);
}

static int
cmp_entry(const void *a, const void *b)
{
	uint32_t	x = ((const NewsVectorEntry *) a)->hash;
	uint32_t	y = ((const NewsVectorEntry *) b)->hash;

	return (x > y) - (x < y);
}

/* sort by hash and merge duplicates, then normalize */
static uint32_t
finish_vector(NewsVectorEntry *e, uint32_t n)
{
	uint32_t	u = 0;

	qsort(e, n, sizeof(NewsVectorEntry), cmp_entry);
	for (uint32_t i = 0; i < n; i++)
	{
		if (u > 0 && e[u - 1].hash == e[i].hash)
			e[u - 1].weight += e[i].weight;
		else
			e[u++] = e[i];
	}
	ivf_normalize(e, u);
	return u;
}

/*
 * A vector of topic t: 30 of the topic's 60 terms (hashes t*1000 + j) and
 * 20 terms of a shared background vocabulary (hashes 900000 + j).
 */
static uint32_t
topic_vector(int t, NewsVectorEntry *e)
{
	uint32_t	n = 0;

	for (int i = 0; i < 30; i++)
	{
		e[n].hash = (uint32_t) (t * 1000 + (int) (rndu() * 60));
		e[n].weight = (float) (0.5 + rndu());
		n++;
	}
	for (int i = 0; i < 20; i++)
	{
		e[n].hash = (uint32_t) (900000 + (int) (rndu() * 2000));
		e[n].weight = (float) (0.2 * rndu() + 0.05);
		n++;
	}
	return finish_vector(e, n);
}

static double
dot(const NewsVectorEntry *a, uint32_t na, const NewsVectorEntry *b, uint32_t nb)
{
	uint32_t	i = 0,
				j = 0;
	double		s = 0;

	while (i < na && j < nb)
	{
		if (a[i].hash < b[j].hash)
			i++;
		else if (a[i].hash > b[j].hash)
			j++;
		else
			s += (double) a[i++].weight * b[j++].weight;
	}
	return s;
}

static void
test_top_entries(void)
{
	NewsVectorEntry e[100],
				out[100];
	double		residual,
				kept = 0,
				all = 0;
	uint32_t	n;

	for (int i = 0; i < 100; i++)
	{
		e[i].hash = (uint32_t) (i * 7 + 1);
		e[i].weight = (float) ((i * 37) % 100 + 1);
		all += (double) e[i].weight * e[i].weight;
	}
	n = ivf_top_entries(e, 100, 10, out, &residual);
	CHECK(n == 10, "top 10 gives %u", n);
	for (uint32_t i = 0; i < n; i++)
	{
		kept += (double) out[i].weight * out[i].weight;
		CHECK(out[i].weight >= 91, "entry %u weight %g is not among the heaviest", i, out[i].weight);
		if (i > 0)
			CHECK(out[i - 1].hash < out[i].hash, "top entries not sorted by hash");
	}
	CHECK(fabs(kept + residual * residual - all) < 1e-6 * all,
		  "residual %g does not account for the dropped weights", residual);
	n = ivf_top_entries(e, 100, 1000, out, &residual);
	CHECK(n == 100 && residual == 0 && memcmp(out, e, sizeof(e)) == 0,
		  "small vectors are copied as they are");
	n = ivf_top_entries(e, 0, 10, out, &residual);
	CHECK(n == 0 && residual == 0, "empty vector");

	ivf_normalize(e, 100);
	all = 0;
	for (int i = 0; i < 100; i++)
		all += (double) e[i].weight * e[i].weight;
	CHECK(fabs(all - 1) < 1e-5, "normalized norm %g", all);
	ivf_normalize(e, 0);		/* must not crash */
}

static void
test_cindex(void)
{
	IvfCentroids c;
	IvfCentroidIndex *ci;
	int			ok = 1;

	c.k = 40;
	c.len = malloc(sizeof(uint32_t) * c.k);
	c.e = malloc(sizeof(NewsVectorEntry *) * c.k);
	for (uint32_t j = 0; j < c.k; j++)
	{
		c.e[j] = malloc(sizeof(NewsVectorEntry) * 50);
		c.len[j] = topic_vector((int) j, c.e[j]);
	}
	ci = ivf_cindex_build(&c);
	for (int q = 0; q < 500 && ok; q++)
	{
		NewsVectorEntry v[50];
		uint32_t	n = topic_vector((int) (rndu() * 60), v);
		double		best = 0,
					sim;
		uint32_t	bj = 0;
		uint32_t	got = ivf_cindex_nearest(ci, v, n, &sim);

		for (uint32_t j = 0; j < c.k; j++)
		{
			double		d = dot(v, n, c.e[j], c.len[j]);

			if (d > best)
			{
				best = d;
				bj = j;
			}
		}
		if (fabs(sim - best) > 1e-9 || (got != bj && fabs(dot(v, n, c.e[got], c.len[got]) - best) > 1e-9))
			ok = 0;
	}
	CHECK(ok, "inverted index nearest centroid differs from brute force");
	{
		NewsVectorEntry none = {800000, 1.0f};
		double		sim = -1;

		CHECK(ivf_cindex_nearest(ci, &none, 1, &sim) == 0 && sim == 0,
			  "a vector sharing no term goes to centroid 0");
		CHECK(ivf_cindex_nearest(ci, NULL, 0, &sim) == 0 && sim == 0,
			  "an empty vector goes to centroid 0");
	}
	ivf_cindex_free(ci);
	ivf_centroids_free(&c);
}

static void
test_kmeans(void)
{
	enum
	{
		TOPICS = 20, PER = 40, N = TOPICS * PER
	};
	NewsVectorEntry *vecs[N];
	uint32_t	lens[N];
	int			topic[N];
	IvfCentroids c,
				c2;
	IvfCentroidIndex *ci;
	int			counts[TOPICS][TOPICS];
	int			pure = 0;
	int			sorted_ok = 1,
				norm_ok = 1,
				same = 1;

	for (int i = 0; i < N; i++)
	{
		vecs[i] = malloc(sizeof(NewsVectorEntry) * 50);
		topic[i] = i % TOPICS;
		lens[i] = topic_vector(topic[i], vecs[i]);
	}
	ivf_kmeans((const NewsVectorEntry *const *) vecs, lens, N, TOPICS, 40, 10, 7, NULL, &c);
	CHECK(c.k == TOPICS, "k = %u", c.k);
	for (uint32_t j = 0; j < c.k; j++)
	{
		double		s = 0;

		if (c.len[j] > 40)
			sorted_ok = 0;
		for (uint32_t i = 0; i < c.len[j]; i++)
		{
			s += (double) c.e[j][i].weight * c.e[j][i].weight;
			if (i > 0 && c.e[j][i - 1].hash >= c.e[j][i].hash)
				sorted_ok = 0;
		}
		if (c.len[j] > 0 && fabs(s - 1) > 1e-5)
			norm_ok = 0;
	}
	CHECK(sorted_ok, "centroids sorted by hash and pruned to 40 terms");
	CHECK(norm_ok, "centroids normalized");

	/* purity: most clusters hold one topic only */
	memset(counts, 0, sizeof(counts));
	ci = ivf_cindex_build(&c);
	for (int i = 0; i < N; i++)
		counts[ivf_cindex_nearest(ci, vecs[i], lens[i], NULL)][topic[i]]++;
	ivf_cindex_free(ci);
	for (int j = 0; j < TOPICS; j++)
	{
		int			mx = 0;

		for (int t = 0; t < TOPICS; t++)
		{
			if (counts[j][t] > mx)
				mx = counts[j][t];
		}
		pure += mx;
	}
	CHECK(pure >= N * 9 / 10, "purity %d of %d", pure, N);

	/* reproducible */
	ivf_kmeans((const NewsVectorEntry *const *) vecs, lens, N, TOPICS, 40, 10, 7, NULL, &c2);
	for (uint32_t j = 0; j < c.k; j++)
		if (c.len[j] != c2.len[j] || memcmp(c.e[j], c2.e[j], sizeof(NewsVectorEntry) * c.len[j]) != 0)
			same = 0;
	CHECK(same, "same seed, same centroids");
	ivf_centroids_free(&c);
	ivf_centroids_free(&c2);

	/* fewer samples than lists; no samples; empty vectors */
	ivf_kmeans((const NewsVectorEntry *const *) vecs, lens, 5, 100, 40, 3, 1, NULL, &c);
	CHECK(c.k == 5, "k clamps to the sample count: %u", c.k);
	ivf_centroids_free(&c);
	ivf_kmeans(NULL, NULL, 0, 10, 40, 3, 1, NULL, &c);
	CHECK(c.k == 1 && c.len[0] == 0, "no samples: one empty centroid");
	ci = ivf_cindex_build(&c);
	CHECK(ivf_cindex_nearest(ci, vecs[0], lens[0], NULL) == 0, "empty centroid index");
	ivf_cindex_free(ci);
	ivf_centroids_free(&c);
	for (int i = 0; i < 10; i++)
		lens[i] = 0;
	ivf_kmeans((const NewsVectorEntry *const *) vecs, lens, 10, 4, 40, 5, 1, NULL, &c);
	CHECK(c.k == 4, "empty vectors cluster without trouble");
	ivf_centroids_free(&c);

	for (int i = 0; i < N; i++)
		free(vecs[i]);
}

int
main(void)
{
	test_top_entries();
	test_cindex();
	test_kmeans();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
