/*-------------------------------------------------------------------------
 *
 * compound.c
 *	  Splitting German compounds into their parts (pure C core).
 *
 * A compound is read as a sequence of pieces: zero or more non-final
 * pieces, each a word followed by an optional linking element (Fugen-s,
 * -n, -en, -e, -er, -es, -ns, -ens), and a final piece that may be
 * inflected.  We look at every such segmentation with dynamic programming
 * over the character boundaries of the word and take the cheapest one.
 * Every part costs the same large amount, so fewer, longer parts win; on
 * top of that a part costs more the weaker the lexicon's evidence for it:
 *
 *	 - a form the word list itself marks as a compound beginning (hunspell
 *	   COMPOUNDBEGIN, e.g. "regierungs", "länder", "haus") or ending
 *	   (COMPOUNDEND, e.g. "chef", "runde", "verhandlungen") is free;
 *	 - a noun followed by a linking element ("kanton" + "s"), a noun with
 *	   its final e dropped ("sprach" for "Sprache"), or a verb or adjective
 *	   stem ("fahr", "klein") is possible but costs more.
 *
 * Words the lexicon knows as a whole are split only on the strongest
 * evidence: every non-final part must be a form flagged as a compound
 * beginning that is (or leads to) a noun, and the last part one flagged as
 * a compound end.  That keeps "Regierungschef" -> regierung + chef while
 * "Beispiel", "Unternehmen" or "Mitarbeiter" (particle + word) and
 * "Gewerkschaft" (no compound flags) stay whole.  Prepositions and verb
 * particles never count as a part of their own.
 *
 * A part is returned as the substring of the word without its linking
 * element: "verhandlungsrunde" -> "verhandlung" + "runde".  Hyphenated
 * words are split at the hyphens first, and each piece again.
 *
 * Robustness: any byte string is accepted.  Split points are only placed
 * at UTF-8 character boundaries; invalid bytes simply never match a word.
 * Words longer than NEWS_COMPOUND_MAX_BYTES are not split (no real word
 * is that long), which bounds the work per call to O(n * longest form).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <string.h>

#include "tokenizer/compound.h"

/* cost of one part, and of weaker evidence for it */
#define COST_PART			10
#define COST_NOUN_LINK		3	/* unflagged noun + linking element */
#define COST_ELISION		4	/* noun with its final e dropped */
#define COST_STEM			5	/* verb or adjective stem */
#define COST_NOUN_END		3	/* unflagged noun as the last part */
#define COST_SHORT			2	/* a part of only MIN_PART_CHARS chars */
#define COST_INFEASIBLE		INT32_MAX

#define MIN_PART_CHARS		3

/* Linking elements between parts, longest first. */
static const char *const fugen[] = {"ens", "es", "en", "er", "ns", "s", "n", "e"};
#define NFUGEN ((int) (sizeof(fugen) / sizeof(fugen[0])))

/*
 * Prepositions and verb particles.  The word list flags many of them as
 * compound beginnings ("Mit-", "Bei-", "Unter-"), but a word made of a
 * particle and a word is a derivation ("Beispiel", "Unternehmen"), not a
 * compound whose parts a reader would search for.
 */
static const char *const particles[] = {
	"ab", "an", "auf", "aus", "bei", "dar", "durch", "ein", "empor", "entgegen",
	"fort", "für", "gegen", "her", "heran", "herauf", "heraus", "herbei",
	"herein", "herum", "herunter", "hervor", "hin", "hinauf", "hinaus",
	"hinein", "hinter", "hinunter", "los", "mit", "nach", "neben", "nieder",
	"ob", "ohne", "seit", "über", "um", "unter", "vor", "voran", "vorbei",
	"voraus", "weg", "wider", "wieder", "zu", "zurück", "zusammen",
	"zwischen", "ver", "zer", "ent", "emp", "miss", "ge", "be", "er", "un"
};
#define NPARTICLES ((int) (sizeof(particles) / sizeof(particles[0])))

/* One candidate piece ending at a DP position. */
typedef struct DpCell
{
	int32_t		cost;			/* best cost of the prefix; INFEASIBLE if none */
	int16_t		from;			/* start of the last piece */
	int16_t		stemlen;		/* bytes of that piece without linking */
	int16_t		nparts;
} DpCell;

static bool
is_particle(const char *s, int len)
{
	for (int i = 0; i < NPARTICLES; i++)
		if ((int) strlen(particles[i]) == len &&
			memcmp(particles[i], s, len) == 0)
			return true;
	return false;
}

/* Number of characters in s: bytes that are not UTF-8 continuations. */
static int
char_count(const char *s, int len)
{
	int			n = 0;

	for (int i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static inline bool
is_boundary(const char *w, int len, int i)
{
	return i == 0 || i == len || ((unsigned char) w[i] & 0xC0) != 0x80;
}

/* Flags of s + suffix (a short ASCII suffix), using a scratch buffer. */
static unsigned int
lookup_with(const NewsLexicon *lex, const char *s, int len, const char *suffix)
{
	char		buf[NEWS_COMPOUND_MAX_BYTES + 8];
	int			slen = (int) strlen(suffix);

	if (len + slen > (int) sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	memcpy(buf + len, suffix, slen);
	return news_lexicon_lookup(lex, buf, len + slen);
}

/*
 * For a form flagged as a compound beginning, the length of the part
 * without its linking element: "regierungs" -> "regierung", "bauern" ->
 * "bauer", but "länder" stays (there is no noun "länd").  *noun is set when
 * the part is, or leads to, a noun (in known-word mode we insist on that).
 */
static int
begin_stem(const NewsLexicon *lex, const char *s, int len, unsigned int flags,
		   bool *noun)
{
	*noun = (flags & NEWS_LEX_NOUN) != 0;
	for (int k = 0; k < NFUGEN; k++)
	{
		int			flen = (int) strlen(fugen[k]);
		int			stem = len - flen;

		if (stem <= 0 || memcmp(s + stem, fugen[k], flen) != 0 ||
			char_count(s, stem) < MIN_PART_CHARS)
			continue;
		if (news_lexicon_lookup(lex, s, stem) & NEWS_LEX_NOUN)
		{
			*noun = true;
			return stem;
		}
	}
	/* verb-stem or elided forms such as "sprach" (Sprache) */
	if (!*noun && (lookup_with(lex, s, len, "e") & NEWS_LEX_NOUN))
		*noun = true;
	return len;
}

/*
 * Record a candidate in the DP table if it is cheaper.  On a tie between
 * two readings of the same piece ("kantons" as a genitive or "kanton" +
 * Fugen-s) take the one with the linking element split off.
 */
static inline void
relax(DpCell *dp, int to, int from, int32_t base, int cost, int stemlen,
	  int nparts)
{
	int32_t		c = base + cost;

	if (c < dp[to].cost ||
		(c == dp[to].cost && from == dp[to].from && stemlen < dp[to].stemlen))
	{
		dp[to].cost = c;
		dp[to].from = (int16_t) from;
		dp[to].stemlen = (int16_t) stemlen;
		dp[to].nparts = (int16_t) nparts;
	}
}

/*
 * Split one hyphen-free word.  Returns the number of parts (>= 2) or 0.
 */
static int
split_simple(const NewsLexicon *lex, const char *w, int len,
			 NewsCompoundPart *parts, int maxparts, int base_offset)
{
	DpCell		dp[NEWS_COMPOUND_MAX_BYTES + 1];
	unsigned int whole;
	bool		known;
	int			maxpiece;
	int32_t		best = COST_INFEASIBLE;
	int			best_from = -1;
	int			nparts;
	int			pos;

	if (len < 2 * MIN_PART_CHARS || len > NEWS_COMPOUND_MAX_BYTES)
		return 0;
	whole = news_lexicon_lookup(lex, w, len);
	if ((whole & NEWS_LEX_FORBIDDEN) && !(whole & NEWS_LEX_WORD))
		return 0;				/* listed as a wrong word */
	known = (whole & NEWS_LEX_WORD) != 0;
	/* a piece is a form plus at most a 3-byte linking element */
	maxpiece = news_lexicon_max_length(lex) + 3;

	for (int i = 0; i <= len; i++)
	{
		dp[i].cost = COST_INFEASIBLE;
		dp[i].stemlen = -1;
	}
	dp[0].cost = 0;
	dp[0].nparts = 0;

	for (int i = 0; i < len; i++)
	{
		if (dp[i].cost == COST_INFEASIBLE || !is_boundary(w, len, i))
			continue;
		if (dp[i].nparts >= maxparts)
			continue;
		for (int j = i + 1; j <= len && j - i <= maxpiece; j++)
		{
			const char *s = w + i;
			int			slen = j - i;
			unsigned int f;
			int			nchars;
			int			shortcost;

			if (!is_boundary(w, len, j))
				continue;
			nchars = char_count(s, slen);
			if (nchars < MIN_PART_CHARS)
				continue;
			shortcost = (nchars == MIN_PART_CHARS) ? COST_SHORT : 0;
			f = news_lexicon_lookup(lex, s, slen);

			/* the last part: the rest of the word */
			if (j == len && i > 0)
			{
				int32_t		c = COST_INFEASIBLE;

				if (f & NEWS_LEX_END)
					c = 0;
				else if (!known && (f & NEWS_LEX_NOUN))
					c = COST_NOUN_END;
				if (c != COST_INFEASIBLE && !is_particle(s, slen) &&
					dp[i].cost + COST_PART + shortcost + c < best)
				{
					best = dp[i].cost + COST_PART + shortcost + c;
					best_from = i;
				}
			}
			if (j == len)
				break;			/* a non-final piece must leave a rest */

			/* a form flagged as compound beginning (or middle) */
			if (f & (i == 0 ? NEWS_LEX_BEGIN : (NEWS_LEX_BEGIN | NEWS_LEX_MIDDLE)))
			{
				bool		noun;
				int			stem = begin_stem(lex, s, slen, f, &noun);

				if ((noun || !known) && !is_particle(s, stem))
					relax(dp, j, i, dp[i].cost, COST_PART + shortcost, stem,
						  dp[i].nparts + 1);
			}
			if (known || is_particle(s, slen))
				continue;

			/* a noun, with or without a linking element */
			if (f & NEWS_LEX_NOUN)
			{
				relax(dp, j, i, dp[i].cost,
					  COST_PART + COST_NOUN_LINK + shortcost, slen,
					  dp[i].nparts + 1);
				for (int k = 0; k < NFUGEN; k++)
				{
					int			flen = (int) strlen(fugen[k]);

					if (j + flen < len &&
						memcmp(w + j, fugen[k], flen) == 0)
						relax(dp, j + flen, i, dp[i].cost,
							  COST_PART + COST_NOUN_LINK + shortcost, slen,
							  dp[i].nparts + 1);
				}
			}
			/* a noun whose final e is dropped: "sprach" for Sprache */
			else if (w[j - 1] != 'e' &&
					 (lookup_with(lex, s, slen, "e") & NEWS_LEX_NOUN))
				relax(dp, j, i, dp[i].cost,
					  COST_PART + COST_ELISION + shortcost, slen,
					  dp[i].nparts + 1);
			/* an adjective, or a verb stem ("fahr" for fahren) */
			else if (((f & NEWS_LEX_LOWER) && nchars >= MIN_PART_CHARS + 1) ||
					 (lookup_with(lex, s, slen, "en") & NEWS_LEX_LOWER) ||
					 (w[j - 1] == 'e' &&
					  (lookup_with(lex, s, slen, "n") & NEWS_LEX_LOWER)))
				relax(dp, j, i, dp[i].cost,
					  COST_PART + COST_STEM + shortcost, slen,
					  dp[i].nparts + 1);
		}
	}
	if (best_from < 0)
		return 0;

	/* walk back from the last part */
	nparts = dp[best_from].nparts + 1;
	if (nparts < 2 || nparts > maxparts)
		return 0;
	parts[nparts - 1].offset = base_offset + best_from;
	parts[nparts - 1].length = len - best_from;
	pos = best_from;
	for (int k = nparts - 2; k >= 0; k--)
	{
		int			from = dp[pos].from;

		parts[k].offset = base_offset + from;
		parts[k].length = dp[pos].stemlen;
		pos = from;
	}
	return nparts;
}

/*
 * Split a normalized word into its parts; see compound.h.
 */
int
news_compound_split(const NewsLexicon *lexicon, const char *word, int len,
					NewsCompoundPart *parts, int maxparts)
{
	NewsCompoundPart tmp[NEWS_COMPOUND_MAX_PARTS];
	int			n = 0;
	int			start = 0;
	bool		hyphen;

	if (lexicon == NULL || word == NULL || parts == NULL || len <= 0 ||
		maxparts < 2)
		return 0;
	if (maxparts > NEWS_COMPOUND_MAX_PARTS)
		maxparts = NEWS_COMPOUND_MAX_PARTS;
	hyphen = memchr(word, '-', len) != NULL;
	if (!hyphen)
		return split_simple(lexicon, word, len, parts, maxparts, 0);
	if (len > NEWS_COMPOUND_MAX_BYTES)
		return 0;

	/* hyphenated: every segment is a part, or its parts if a compound */
	for (int i = 0; i <= len; i++)
	{
		int			k;

		if (i < len && word[i] != '-')
			continue;
		if (i > start)
		{
			k = split_simple(lexicon, word + start, i - start, tmp,
							 NEWS_COMPOUND_MAX_PARTS, start);
			if (k == 0)
			{
				tmp[0].offset = start;
				tmp[0].length = i - start;
				k = 1;
			}
			if (n + k > maxparts)
				return 0;
			memcpy(parts + n, tmp, sizeof(NewsCompoundPart) * k);
			n += k;
		}
		start = i + 1;
	}
	return n >= 2 ? n : 0;
}
