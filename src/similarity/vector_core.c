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
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) term[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/*
 * news_term_hash64
 *		64-bit FNV-1a followed by the MurmurHash3 64-bit finalizer.
 */
uint64_t
news_term_hash64(const char *term, size_t len)
{
	uint64_t	h = 14695981039346656037ull;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) term[i];
		h *= 1099511628211ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/*
 * news_entries_dot
 *		Sum of weight products over the hashes both sorted arrays share.
 *
 * A plain merge; the loop is bounded by na + nb, which the callers keep
 * within NV_MAX_TERMS each.  The sum is accumulated in double and clamped
 * to [0, 1] because float4 weights normalized separately can make the dot
 * product of a vector with itself come out as 1.0000001.
 */
double
news_entries_dot(const NewsVectorEntry *a, uint32_t na,
				 const NewsVectorEntry *b, uint32_t nb)
{
	uint32_t	i = 0;
	uint32_t	j = 0;
	double		sum = 0.0;

	while (i < na && j < nb)
	{
		uint32_t	ha = a[i].hash;
		uint32_t	hb = b[j].hash;

		if (ha < hb)
			i++;
		else if (ha > hb)
			j++;
		else
		{
			sum += (double) a[i].weight * (double) b[j].weight;
			i++;
			j++;
		}
	}
	if (!(sum > 0.0))			/* also catches NaN from corrupt data */
		return 0.0;
	if (sum > 1.0)
		return 1.0;
	return sum;
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
