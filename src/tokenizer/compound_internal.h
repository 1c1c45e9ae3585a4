/*-------------------------------------------------------------------------
 *
 * compound_internal.h
 *	  Declarations shared by compound.c and compound_guess.c (pure C).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_COMPOUND_INTERNAL_H
#define NEWS_COMPOUND_INTERNAL_H

#include <stdbool.h>

#include "tokenizer/compound.h"

/* A string with its length, for the word lists. */
typedef struct LenStr
{
	const char *s;
	int			len;
} LenStr;

#define LS(x) {x, (int) sizeof(x) - 1}

/* Prepositions and verb particles (compound.c). */
extern const LenStr *const compound_particles;
extern const int compound_nparticles;

/* Is s one of the derivational suffixes that are never a head? */
extern bool compound_is_suffix(const char *s, int len);

/*
 * Start of the head of a last-resort reading of an unlisted word (one
 * unknown part next to a known one), or -1; adjlen is the byte length of a
 * recognized adjective ending plus slack (0 if none).
 */
extern int	compound_guess_split(const NewsLexicon *lex, const char *w, int len,
								 int adjlen);

/* Number of characters in s: bytes that are not UTF-8 continuations. */
static inline int
char_count(const char *s, int len)
{
	int			n = 0;

	for (int i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

#endif							/* NEWS_COMPOUND_INTERNAL_H */
