/*-------------------------------------------------------------------------
 *
 * na_hash.h
 *	  The byte hashes every subsystem uses: FNV-1a (32 and 64 bit) and the
 *	  MurmurHash3 finalizers that complete them.
 *
 * FNV-1a is tiny, byte-wise (so the same on every platform) and can be
 * extended one piece at a time, which the compound splitter needs when it
 * tries ever longer prefixes of a word.  It mixes only upward, though: the
 * last bytes hardly reach the high bits.  Callers that use the high bits
 * (index signatures) or the low bits of a short key (hash table slots)
 * therefore finish with the MurmurHash3 avalanche step.
 *
 * The values are stored on disk (news_vector term hashes), so none of
 * these may ever change.  Pure C, no server headers: usable from the pure
 * cores and the server glue alike.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NA_HASH_H
#define NA_HASH_H

#include <stddef.h>
#include <stdint.h>

/* start values of FNV-1a */
#define NA_FNV32_INIT	2166136261u
#define NA_FNV64_INIT	14695981039346656037ull

/*
 * na_fnv32
 *		Extend the 32-bit FNV-1a state h by len bytes of s.
 */
static inline uint32_t
na_fnv32(uint32_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char) s[i]) * 16777619u;
	return h;
}

/*
 * na_fnv64
 *		Extend the 64-bit FNV-1a state h by len bytes of s.
 */
static inline uint64_t
na_fnv64(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char) s[i]) * 1099511628211ull;
	return h;
}

/*
 * na_hash_finish32
 *		MurmurHash3's 32-bit finalizer (fmix32): every input bit affects
 *		every output bit.
 */
static inline uint32_t
na_hash_finish32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/*
 * na_hash_finish64
 *		MurmurHash3's 64-bit finalizer (fmix64).
 */
static inline uint64_t
na_hash_finish64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

#endif							/* NA_HASH_H */
