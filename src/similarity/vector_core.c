/*-------------------------------------------------------------------------
 *
 * vector_core.c
 *	  Pure functions on news_vector data: the stable term hashes, the
 *	  cosine (dot product) merge and the Hamming distance.
 *
 * No server headers: this file is also compiled stand-alone with
 * -DNEWS_STANDALONE for the unit tests under test/unit/.  The layout is
 * documented in news_vector.h.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "common/na_hash.h"
#include "similarity/news_vector.h"

/*
 * news_term_hash
 *		FNV-1a over the bytes, then the MurmurHash3 finalizer.
 *
 * FNV-1a alone mixes the last bytes poorly into the high bits; the
 * finalizer fixes that, which matters for index signatures that use the
 * hash bits directly.  Byte-wise, so endianness does not matter.
 */
uint32_t
news_term_hash(const char *term, size_t len)
{
	return na_hash_finish32(na_fnv32(NA_FNV32_INIT, term, len));
}

/*
 * news_term_hash64
 *		64-bit FNV-1a followed by the MurmurHash3 64-bit finalizer.
 */
uint64_t
news_term_hash64(const char *term, size_t len)
{
	return na_hash_finish64(na_fnv64(NA_FNV64_INIT, term, len));
}

/*
 * news_entries_shared_dot
 *		Dot product of two hash-sorted entry arrays: the weight products
 *		summed over the shared hashes (news_entries_next_shared).
 *
 * Entries of one side that the other lacks add nothing, so only the
 * shared pairs are visited.  A truncated news_ivf tuple, whose weights
 * are a part of a unit vector, is scored with this directly.
 */
double
news_entries_shared_dot(const NewsVectorEntry *a, uint32_t na,
						const NewsVectorEntry *b, uint32_t nb)
{
	uint32_t	i = 0;
	uint32_t	j = 0;
	double		sum = 0.0;

	while (news_entries_next_shared(a, na, b, nb, &i, &j))
	{
		sum += (double) a[i].weight * b[j].weight;
		i++;
		j++;
	}
	return sum;
}

/*
 * news_entries_dot
 *		Cosine of two hash-sorted entry arrays.
 *
 * The weights are stored L2-normalized, so the cosine is the sum of the
 * weight products over shared hashes.  The float4 rounding of the stored
 * weights leaves each norm off 1 by ~1e-7, which would make the
 * similarity of a vector with itself 0.99999996; so the exact norms are
 * summed too and divide the result: identical vectors give 1.  The result
 * is clamped to [0, 1]; an empty side gives 0, never NaN.
 *
 * The norms are only summed when something is shared: most pairs an
 * index scan scores share nothing.
 */
double
news_entries_dot(const NewsVectorEntry *a, uint32_t na,
				 const NewsVectorEntry *b, uint32_t nb)
{
	double		sum = news_entries_shared_dot(a, na, b, nb);
	double		sa = 0.0;
	double		sb = 0.0;
	uint32_t	i;

	if (!(sum > 0.0))			/* nothing shared; also NaN from bad data */
		return 0.0;

	/*
	 * Each norm is one chain of dependent additions; summing both in one
	 * loop lets the two chains overlap (each keeps its own order, so the
	 * result is bit for bit that of two loops).
	 */
	for (i = 0; i < na && i < nb; i++)
	{
		sa += (double) a[i].weight * a[i].weight;
		sb += (double) b[i].weight * b[i].weight;
	}
	for (; i < na; i++)
		sa += (double) a[i].weight * a[i].weight;
	for (; i < nb; i++)
		sb += (double) b[i].weight * b[i].weight;
	return news_cosine_from_sums(sum, sa, sb);
}

/*
 * news_entries_sumsq
 *		Sum of the squared weights, in entry order (see news_entries_dot).
 */
double
news_entries_sumsq(const NewsVectorEntry *e, uint32_t n)
{
	double		s = 0.0;
	uint32_t	i;

	for (i = 0; i < n; i++)
		s += (double) e[i].weight * e[i].weight;
	return s;
}

/*
 * news_cosine_from_sums
 *		The clamped cosine of a shared dot and the two sums of squares:
 *		0 when nothing is shared (or for NaN from bad data), at most 1.
 */
double
news_cosine_from_sums(double dot, double sa, double sb)
{
	double		sim;

	if (!(dot > 0.0))
		return 0.0;
	sim = dot / sqrt(sa * sb);
	if (!(sim > 0.0))
		return 0.0;
	if (sim > 1.0)
		return 1.0;
	return sim;
}

/*
 * news_vector_dot
 *		Cosine similarity of two (detoasted) vectors.
 */
double
news_vector_dot(const NewsVector *a, const NewsVector *b)
{
	return news_entries_dot(NV_ENTRIES(a), a->nterms,
							NV_ENTRIES(b), b->nterms);
}

/*
 * news_vector_term_offsets
 *		Offsets of the NUL-terminated term strings, in entry order.
 */
void
news_vector_term_offsets(const NewsVector *v, uint32_t *offsets)
{
	const char *strings = NV_STRINGS(v);
	uint32_t	off = 0;
	uint32_t	i;

	for (i = 0; i < v->nterms; i++)
	{
		offsets[i] = off;
		while (strings[off] != '\0')
			off++;
		off++;
	}
}

/*
 * news_hamming64
 *		Number of bits in which two fingerprints differ.
 */
int
news_hamming64(uint64_t a, uint64_t b)
{
	uint64_t	x = a ^ b;
	int			n = 0;

	/* Kernighan's loop: at most 64 iterations */
	while (x != 0)
	{
		x &= x - 1;
		n++;
	}
	return n;
}
