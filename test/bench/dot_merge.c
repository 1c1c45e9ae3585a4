/*-------------------------------------------------------------------------
 *
 * dot_merge.c
 *	  Stand-alone benchmark of news_entries_dot() (src/similarity/
 *	  vector_core.c, the loop behind news_similarity, <-> and every index
 *	  scan's scoring) against the branching merge it replaced in 0.2.
 *
 * Vectors: NV random vectors of NT terms, L2-normalized, sorted by hash;
 * a quarter of each vector's hashes come from a shared pool of 3,000, so
 * pairs share terms as news articles do.  Both loops score the same
 * pairs, alternately, REPS times; the program prints each run's pairs
 * per second, the medians and their ratio, and checks that both return
 * the same sum bit for bit.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "similarity/news_vector.h"

#define NV		2000
#define NT		280
#define NQ		500
#define REPS	7

/* the branching merge of version 0.1, kept here as the baseline */
static double
branching_dot(const NewsVectorEntry *a, uint32_t na,
			  const NewsVectorEntry *b, uint32_t nb)
{
	uint32_t	i = 0,
				j = 0;
	double		sum = 0,
				sa = 0,
				sb = 0,
				sim;

	while (i < na && j < nb)
	{
		if (a[i].hash < b[j].hash)
		{
			sa += (double) a[i].weight * a[i].weight;
			i++;
		}
		else if (a[i].hash > b[j].hash)
		{
			sb += (double) b[j].weight * b[j].weight;
			j++;
		}
		else
		{
			sum += (double) a[i].weight * b[j].weight;
			sa += (double) a[i].weight * a[i].weight;
			sb += (double) b[j].weight * b[j].weight;
			i++;
			j++;
		}
	}
	if (!(sum > 0.0))
		return 0.0;
	for (; i < na; i++)
		sa += (double) a[i].weight * a[i].weight;
	for (; j < nb; j++)
		sb += (double) b[j].weight * b[j].weight;
	sim = sum / sqrt(sa * sb);
	return sim > 1.0 ? 1.0 : (sim > 0.0 ? sim : 0.0);
}

static int
hash_cmp(const void *x, const void *y)
{
	uint32_t	a = ((const NewsVectorEntry *) x)->hash;
	uint32_t	b = ((const NewsVectorEntry *) y)->hash;

	return a < b ? -1 : a > b;
}

static int
double_cmp(const void *x, const void *y)
{
	double		a = *(const double *) x;
	double		b = *(const double *) y;

	return a < b ? -1 : a > b;
}

static NewsVectorEntry vecs[NV][NT];

int
main(void)
{
	double		rate[2][REPS];
	double		check[2] = {0, 0};
	double		med[2];
	int			k,
				t,
				u,
				rep,
				which;

	srand(1);
	for (k = 0; k < NV; k++)
	{
		double		norm = 0;

		for (t = 0; t < NT; t++)
		{
			uint32_t	h;
			int			dup;

			do
			{
				h = (rand() % 4 == 0) ? (uint32_t) (rand() % 3000) * 2654435761u
					: (uint32_t) rand() * 7919u + (uint32_t) rand();
				dup = 0;
				for (u = 0; u < t; u++)
					dup |= vecs[k][u].hash == h;
			} while (dup);
			vecs[k][t].hash = h;
			vecs[k][t].weight = (float) (rand() % 1000 + 1);
			norm += (double) vecs[k][t].weight * vecs[k][t].weight;
		}
		for (t = 0; t < NT; t++)
			vecs[k][t].weight /= sqrt(norm);
		qsort(vecs[k], NT, sizeof(NewsVectorEntry), hash_cmp);
	}

	for (rep = 0; rep < REPS; rep++)
		for (which = 0; which < 2; which++)
		{
			struct timespec s,
						e;
			double		sum = 0;
			int			x,
						y;

			clock_gettime(CLOCK_MONOTONIC, &s);
			for (x = 0; x < NV; x++)
				for (y = 0; y < NQ; y++)
					sum += which ? news_entries_dot(vecs[x], NT, vecs[y], NT)
						: branching_dot(vecs[x], NT, vecs[y], NT);
			clock_gettime(CLOCK_MONOTONIC, &e);
			rate[which][rep] = (double) NV * NQ /
				((e.tv_sec - s.tv_sec) + (e.tv_nsec - s.tv_nsec) / 1e9);
			check[which] = sum;
		}

	for (which = 0; which < 2; which++)
	{
		printf("%-40s", which ? "news_entries_dot (branch-free merge)" :
			   "branching merge (0.1)");
		for (rep = 0; rep < REPS; rep++)
			printf(" %8.0f", rate[which][rep]);
		qsort(rate[which], REPS, sizeof(double), double_cmp);
		med[which] = rate[which][REPS / 2];
		printf("   median %8.0f pairs/s\n", med[which]);
	}
	printf("ratio of medians: %.2fx; sums %s (%.9f)\n", med[1] / med[0],
		   memcmp(&check[0], &check[1], sizeof(double)) == 0 ? "identical" : "DIFFER",
		   check[1]);
	return memcmp(&check[0], &check[1], sizeof(double)) == 0 ? 0 : 1;
}
