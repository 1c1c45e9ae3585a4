/*-------------------------------------------------------------------------
 *
 * ivf_kmeans.c
 *	  Spherical k-means over sparse news_vector entry arrays, and the
 *	  inverted index of centroid terms that finds a vector's nearest
 *	  centroid: the pure core of the news_ivf access method (ivf.h).
 *
 * The vectors are L2-normalized and sparse (a few hundred of ~10^5
 * possible terms), so the similarity of a vector with every centroid is
 * computed term by term through an inverted index of the centroids' terms
 * instead of k separate merges: only centroids sharing a term with the
 * vector are touched.  Centroids are pruned to their heaviest terms so that
 * the index stays small and the directory pages hold several centroids.
 *
 * No server headers: built inside the module (allocating with palloc in
 * the caller's memory context) and stand-alone for test/unit.
 *
 *-------------------------------------------------------------------------
 */
#include "similarity/ivf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct IvfCentroidIndex
{
	uint32_t	k;				/* centroids */
	uint32_t	nhashes;		/* distinct terms */
	uint32_t   *hashes;			/* distinct terms, in table order */
	uint32_t   *start;			/* postings of term t: start[t] .. start[t+1] */
	uint32_t   *post_c;			/* centroid of each posting */
	float	   *post_w;			/* its weight there */
	uint32_t	mask;			/* open-addressing table of term -> t + 1 */
	uint32_t   *table;
	double	   *acc;			/* per-centroid accumulator (all zero between calls) */
	uint32_t   *touched;		/* centroids with acc != 0 */
};

/* one posting while the index is built */
typedef struct IvfPosting
{
	uint32_t	hash;
	uint32_t	c;
	float		w;
} IvfPosting;

/*
 * ivf_alloc
 *		na_alloc of a computed size (through a variable: the macro's
 *		zero-size test on a product would warn).
 */
static void *
ivf_alloc(size_t size)
{
	return na_alloc(size);
}

/*
 * ivf_random
 *		splitmix64: small, fast and fully determined by the seed, so that
 *		index builds are reproducible.
 */
uint64_t
ivf_random(uint64_t *state)
{
	uint64_t	z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* qsort comparators */
static int
cmp_entry_hash(const void *a, const void *b)
{
	uint32_t	ha = ((const NewsVectorEntry *) a)->hash;
	uint32_t	hb = ((const NewsVectorEntry *) b)->hash;

	return (ha > hb) - (ha < hb);
}

/* heavier first; equal weights by ascending hash (a total order) */
static int
cmp_entry_weight_desc(const void *a, const void *b)
{
	const NewsVectorEntry *ea = a;
	const NewsVectorEntry *eb = b;

	if (ea->weight != eb->weight)
		return ea->weight > eb->weight ? -1 : 1;
	return (ea->hash > eb->hash) - (ea->hash < eb->hash);
}

static int
cmp_posting(const void *a, const void *b)
{
	const IvfPosting *pa = a;
	const IvfPosting *pb = b;

	if (pa->hash != pb->hash)
		return pa->hash > pb->hash ? 1 : -1;
	return (pa->c > pb->c) - (pa->c < pb->c);
}

/*
 * ivf_top_entries
 *		The `max` heaviest entries, back in hash order, and the norm of the
 *		rest.  Used to prune centroids, to bound the memory of samples and
 *		to fit oversized vectors into an index tuple.
 */
uint32_t
ivf_top_entries(const NewsVectorEntry *e, uint32_t n, uint32_t max,
				NewsVectorEntry *out, double *residual)
{
	double		rest = 0.0;
	NewsVectorEntry *tmp;

	if (n <= max)
	{
		memcpy(out, e, (size_t) n * sizeof(NewsVectorEntry));
		if (residual)
			*residual = 0.0;
		return n;
	}
	tmp = ivf_alloc((size_t) n * sizeof(NewsVectorEntry));
	memcpy(tmp, e, (size_t) n * sizeof(NewsVectorEntry));
	qsort(tmp, n, sizeof(NewsVectorEntry), cmp_entry_weight_desc);
	for (uint32_t i = max; i < n; i++)
		rest += (double) tmp[i].weight * tmp[i].weight;
	memcpy(out, tmp, (size_t) max * sizeof(NewsVectorEntry));
	na_free(tmp);
	qsort(out, max, sizeof(NewsVectorEntry), cmp_entry_hash);
	if (residual)
		*residual = sqrt(rest);
	return max;
}

/*
 * ivf_normalize
 *		Unit L2 norm; an all-zero (or empty) array is left alone.
 */
void
ivf_normalize(NewsVectorEntry *e, uint32_t n)
{
	double		s = 0.0;

	for (uint32_t i = 0; i < n; i++)
		s += (double) e[i].weight * e[i].weight;
	if (!(s > 0.0))
		return;
	s = 1.0 / sqrt(s);
	for (uint32_t i = 0; i < n; i++)
		e[i].weight = (float) (e[i].weight * s);
}

/*
 * ivf_cindex_build
 *		Inverted index of the centroids' terms.
 */
IvfCentroidIndex *
ivf_cindex_build(const IvfCentroids *c)
{
	IvfCentroidIndex *ci = na_alloc(sizeof(IvfCentroidIndex));
	size_t		total = 0;
	size_t		pos = 0;
	IvfPosting *p;
	uint32_t	size;
	uint32_t	u = 0;

	for (uint32_t j = 0; j < c->k; j++)
		total += c->len[j];
	p = ivf_alloc(total * sizeof(IvfPosting));
	for (uint32_t j = 0; j < c->k; j++)
		for (uint32_t i = 0; i < c->len[j]; i++)
		{
			p[pos].hash = c->e[j][i].hash;
			p[pos].c = j;
			p[pos].w = c->e[j][i].weight;
			pos++;
		}
	qsort(p, total, sizeof(IvfPosting), cmp_posting);

	ci->k = c->k;
	ci->hashes = ivf_alloc((total + 1) * sizeof(uint32_t));
	ci->start = ivf_alloc((total + 2) * sizeof(uint32_t));
	ci->post_c = ivf_alloc((total + 1) * sizeof(uint32_t));
	ci->post_w = ivf_alloc((total + 1) * sizeof(float));
	for (size_t i = 0; i < total; i++)
	{
		if (i == 0 || p[i].hash != p[i - 1].hash)
		{
			ci->hashes[u] = p[i].hash;
			ci->start[u] = (uint32_t) i;
			u++;
		}
		ci->post_c[i] = p[i].c;
		ci->post_w[i] = p[i].w;
	}
	ci->start[u] = (uint32_t) total;
	ci->nhashes = u;
	na_free(p);

	/* table of at least twice the distinct terms, a power of two */
	size = 16;
	while (size < 2 * u)
		size <<= 1;
	ci->mask = size - 1;
	ci->table = ivf_alloc((size_t) size * sizeof(uint32_t));
	memset(ci->table, 0, (size_t) size * sizeof(uint32_t));
	for (uint32_t t = 0; t < u; t++)
	{
		uint32_t	slot = (ci->hashes[t] * 2654435761u) & ci->mask;

		while (ci->table[slot] != 0)
			slot = (slot + 1) & ci->mask;
		ci->table[slot] = t + 1;
	}

	ci->acc = ivf_alloc((size_t) (c->k ? c->k : 1) * sizeof(double));
	memset(ci->acc, 0, (size_t) (c->k ? c->k : 1) * sizeof(double));
	ci->touched = ivf_alloc((size_t) (c->k ? c->k : 1) * sizeof(uint32_t));
	return ci;
}

void
ivf_cindex_free(IvfCentroidIndex *ci)
{
	if (ci == NULL)
		return;
	na_free(ci->hashes);
	na_free(ci->start);
	na_free(ci->post_c);
	na_free(ci->post_w);
	na_free(ci->table);
	na_free(ci->acc);
	na_free(ci->touched);
	na_free(ci);
}

/*
 * ivf_cindex_nearest
 *		Accumulate the dot products of the vector with every centroid that
 *		shares a term with it; the largest wins, the smallest centroid
 *		number among equals.  The loop is bounded by the postings of the
 *		vector's terms (at most k per term).
 */
uint32_t
ivf_cindex_nearest(IvfCentroidIndex *ci, const NewsVectorEntry *e, uint32_t n,
				   double *sim)
{
	uint32_t	ntouched = 0;
	uint32_t	best = 0;
	double		bestsim = 0.0;

	for (uint32_t i = 0; i < n; i++)
	{
		uint32_t	slot = (e[i].hash * 2654435761u) & ci->mask;
		uint32_t	t;
		double		w = e[i].weight;

		while ((t = ci->table[slot]) != 0 && ci->hashes[t - 1] != e[i].hash)
			slot = (slot + 1) & ci->mask;
		if (t == 0)
			continue;
		for (uint32_t p = ci->start[t - 1]; p < ci->start[t]; p++)
		{
			uint32_t	c = ci->post_c[p];

			if (ci->acc[c] == 0.0)
				ci->touched[ntouched++] = c;
			ci->acc[c] += w * ci->post_w[p];
		}
	}
	for (uint32_t i = 0; i < ntouched; i++)
	{
		uint32_t	c = ci->touched[i];
		double		a = ci->acc[c];

		if (a > bestsim || (a == bestsim && c < best))
		{
			bestsim = a;
			best = c;
		}
		ci->acc[c] = 0.0;
	}
	if (sim)
		*sim = bestsim;
	return best;
}

/*
 * set_centroid
 *		Centroid c := the pruned, normalized copy of e[0..n-1].
 */
static void
set_centroid(IvfCentroids *out, uint32_t c, const NewsVectorEntry *e,
			 uint32_t n, uint32_t maxterms)
{
	uint32_t	m = n < maxterms ? n : maxterms;

	if (out->e[c])
		na_free(out->e[c]);
	out->e[c] = ivf_alloc((size_t) (m ? m : 1) * sizeof(NewsVectorEntry));
	out->len[c] = ivf_top_entries(e, n, maxterms, out->e[c], NULL);
	ivf_normalize(out->e[c], out->len[c]);
}

/*
 * ivf_kmeans
 *		See ivf.h.  Memory: the samples are the caller's; this needs the
 *		centroids, the inverted index and one cluster's entries at a time.
 */
void
ivf_kmeans(const NewsVectorEntry *const *vecs, const uint32_t *lens,
		   uint32_t nsamples, uint32_t k, uint32_t maxterms, int iterations,
		   uint64_t seed, IvfInterruptFn interrupt, IvfCentroids *out)
{
	uint64_t	state = seed;
	uint32_t   *perm;
	uint32_t   *assign;
	double	   *sim;
	uint32_t   *count;
	uint32_t   *first;
	uint32_t   *members;
	char	   *used;

	if (k < 1)
		k = 1;
	if (nsamples < k)
		k = nsamples > 0 ? nsamples : 1;
	out->k = k;
	out->len = ivf_alloc((size_t) k * sizeof(uint32_t));
	out->e = ivf_alloc((size_t) k * sizeof(NewsVectorEntry *));
	memset(out->len, 0, (size_t) k * sizeof(uint32_t));
	memset(out->e, 0, (size_t) k * sizeof(NewsVectorEntry *));
	if (nsamples == 0)
	{
		/* one empty centroid: every vector then goes to list 0 */
		out->e[0] = na_alloc(sizeof(NewsVectorEntry));
		return;
	}

	/* seeds: k distinct samples chosen by a partial Fisher-Yates shuffle */
	perm = ivf_alloc((size_t) nsamples * sizeof(uint32_t));
	for (uint32_t i = 0; i < nsamples; i++)
		perm[i] = i;
	for (uint32_t i = 0; i < k; i++)
	{
		uint32_t	j = i + (uint32_t) (ivf_random(&state) % (nsamples - i));
		uint32_t	t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
		set_centroid(out, i, vecs[perm[i]], lens[perm[i]], maxterms);
	}
	na_free(perm);

	assign = ivf_alloc((size_t) nsamples * sizeof(uint32_t));
	sim = ivf_alloc((size_t) nsamples * sizeof(double));
	count = ivf_alloc((size_t) k * sizeof(uint32_t));
	first = ivf_alloc(((size_t) k + 1) * sizeof(uint32_t));
	members = ivf_alloc((size_t) nsamples * sizeof(uint32_t));
	used = na_alloc(nsamples);

	for (int it = 0; it < iterations; it++)
	{
		IvfCentroidIndex *ci = ivf_cindex_build(out);

		/* assignment */
		memset(count, 0, (size_t) k * sizeof(uint32_t));
		for (uint32_t i = 0; i < nsamples; i++)
		{
			if (interrupt && (i & 1023) == 0)
				interrupt();
			assign[i] = ivf_cindex_nearest(ci, vecs[i], lens[i], &sim[i]);
			count[assign[i]]++;
		}
		ivf_cindex_free(ci);

		/* members grouped by cluster (counting sort) */
		first[0] = 0;
		for (uint32_t c = 0; c < k; c++)
			first[c + 1] = first[c] + count[c];
		memset(count, 0, (size_t) k * sizeof(uint32_t));
		for (uint32_t i = 0; i < nsamples; i++)
			members[first[assign[i]] + count[assign[i]]++] = i;
		memset(used, 0, nsamples);

		/* update: normalized mean of the members, pruned */
		for (uint32_t c = 0; c < k; c++)
		{
			size_t		total = 0;
			size_t		pos = 0;
			size_t		u = 0;
			NewsVectorEntry *buf;

			if (interrupt)
				interrupt();
			if (count[c] == 0)
			{
				/* empty: reseed with the worst-served unused sample */
				uint32_t	worst = 0;
				double		wsim = 2.0;

				for (uint32_t i = 0; i < nsamples; i++)
					if (!used[i] && sim[i] < wsim)
					{
						wsim = sim[i];
						worst = i;
					}
				used[worst] = 1;
				sim[worst] = 1.0;
				set_centroid(out, c, vecs[worst], lens[worst], maxterms);
				continue;
			}
			for (uint32_t m = first[c]; m < first[c + 1]; m++)
				total += lens[members[m]];
			buf = ivf_alloc((total ? total : 1) * sizeof(NewsVectorEntry));
			for (uint32_t m = first[c]; m < first[c + 1]; m++)
			{
				memcpy(buf + pos, vecs[members[m]],
					   (size_t) lens[members[m]] * sizeof(NewsVectorEntry));
				pos += lens[members[m]];
			}
			qsort(buf, total, sizeof(NewsVectorEntry), cmp_entry_hash);
			for (size_t i = 0; i < total; i++)
			{
				if (u > 0 && buf[u - 1].hash == buf[i].hash)
					buf[u - 1].weight += buf[i].weight;
				else
					buf[u++] = buf[i];
			}
			set_centroid(out, c, buf, (uint32_t) u, maxterms);
			na_free(buf);
		}
	}
	na_free(assign);
	na_free(sim);
	na_free(count);
	na_free(first);
	na_free(members);
	na_free(used);
}

void
ivf_centroids_free(IvfCentroids *c)
{
	for (uint32_t j = 0; j < c->k; j++)
		if (c->e[j])
			na_free(c->e[j]);
	na_free(c->e);
	na_free(c->len);
	c->k = 0;
	c->e = NULL;
	c->len = NULL;
}
