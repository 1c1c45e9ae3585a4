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
 *	   its final e dropped ("sprach" for "Sprache"), a verb or adjective
 *	   stem ("fahr", "klein"), a noun derived from a known word ("-ung",
 *	   "-er", "-schaft") or an unknown noun with an ending that always takes
 *	   Fugen-s ("retentions") is possible but costs more.
 *
 * Prepositions and verb particles ("mit", "unter", "ver") are never parts
 * of their own: they belong to the following part ("anlage|vorteil"), and
 * particles + one word are read as one word, a derivation that beats any
 * compound reading ("zugriff", "verhandlungen").  Other derivations stay
 * whole too: listed adjective and verb forms, participles ("reisenden"),
 * and adjectives whose ending would leave a noun-looking last part
 * ("amerika|nische", "person|elle", "fenster|lose").
 *
 * Words the lexicon lists as nouns are split only on strong evidence
 * (flagged parts, COST_KNOWN_WHOLE): "Regierungschef" -> regierung + chef,
 * while "Gewerkschaft" (no compound flags on "gewerk") stays whole.
 *
 * Unlisted words with no reading from known parts get two more chances
 * (split_word): their umlaut spelling if they write umlauts as ae/oe/ue,
 * then a last resort of one unknown part next to a known one
 * (compound_guess_split: "kortison|spray", "computer|tomografie"),
 * hedged against names and derivations of unknown stems.  An unknown
 * modifier found that way loses a linking element in front of a known
 * noun ("einsatzs" -> "einsatz") and gives up a known compound beginning
 * at its end as a part of its own ("meningokokken|impf|stoff").
 *
 * A part is returned as the substring of the word without its linking
 * element: "verhandlungsrunde" -> "verhandlung" + "runde".  With three or
 * more parts the spans of adjacent parts follow (sub-compounds such as
 * "bundeswehr" in "bundeswehrrekrut").  Hyphenated words give their
 * segments, then the parts of compound segments.
 *
 * Robustness: any byte string is accepted.  Split points are only placed
 * at UTF-8 character boundaries; invalid bytes simply never match a word.
 * Words longer than NEWS_COMPOUND_MAX_BYTES are not split (no real word
 * is that long); pieces are hashed incrementally, so the work per call is
 * O(n * longest form) lookups, well under a millisecond.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <string.h>

#include "tokenizer/compound.h"
#include "tokenizer/compound_internal.h"
#include "tokenizer/normalize.h"

/* cost of one part, and of weaker evidence for it */
#define COST_PART			10
#define COST_NOUN_LINK		3	/* unflagged noun + linking element */
#define COST_ELISION		4	/* noun with its final e dropped */
#define COST_STEM			5	/* verb or adjective stem */
#define COST_NOUN_END		3	/* unflagged noun as the last part */
#define COST_SHORT			2	/* a part of only MIN_PART_CHARS chars */
#define COST_PARTICLE		1	/* a particle in front of a part's core */
#define COST_NONNOUN_BEGIN	1	/* a flagged beginning that is no noun */
/* a listed word is kept whole unless a split costs less than this */
#define COST_KNOWN_WHOLE	(2 * COST_PART + COST_NOUN_LINK + 1)
#define COST_INFEASIBLE		INT32_MAX

#define MIN_PART_CHARS		3
/* unknown characters in front of a known tail of a guessed modifier */
#define UNKNOWN_REST_CHARS	6

/* Linking elements between parts, longest first. */
static const LenStr fugen[] = {
	LS("ens"), LS("es"), LS("en"), LS("er"), LS("ns"), LS("s"), LS("n"),
	LS("e")
};
#define NFUGEN ((int) (sizeof(fugen) / sizeof(fugen[0])))

static int	fix_s_boundaries(const NewsLexicon *lex, const char *w,
							 NewsCompoundPart *parts, int n, int base_offset);

/*
 * Prepositions and verb particles.  The word list flags many of them as
 * compound beginnings ("Mit-", "Bei-", "Unter-"), but a word made of a
 * particle and a word is a derivation ("Beispiel", "Unternehmen"), not a
 * compound whose parts a reader would search for.
 */
static const LenStr particles[] = {
	LS("ab"), LS("an"), LS("auf"), LS("aus"), LS("bei"), LS("dar"),
	LS("durch"), LS("ein"), LS("empor"), LS("entgegen"), LS("fort"),
	LS("für"), LS("gegen"), LS("her"), LS("heran"), LS("herauf"),
	LS("heraus"), LS("herbei"), LS("herein"), LS("herum"), LS("herunter"),
	LS("hervor"), LS("hin"), LS("hinauf"), LS("hinaus"), LS("hinein"),
	LS("hinter"), LS("hinunter"), LS("los"), LS("mit"), LS("nach"),
	LS("neben"), LS("nieder"), LS("ob"), LS("ohne"), LS("seit"), LS("über"),
	LS("um"), LS("unter"), LS("vor"), LS("voran"), LS("vorbei"),
	LS("voraus"), LS("weg"), LS("wider"), LS("wieder"), LS("zu"),
	LS("zurück"), LS("zusammen"), LS("zwischen"), LS("ver"), LS("zer"),
	LS("ent"), LS("emp"), LS("miss")
};
#define NPARTICLES ((int) (sizeof(particles) / sizeof(particles[0])))
const LenStr *const compound_particles = particles;
const int	compound_nparticles = NPARTICLES;
#define MAX_PARTICLE_BYTES	8	/* "entgegen", "zusammen" */

/*
 * Endings of nouns that take a Fugen-s in compounds whatever the noun:
 * "Retentionsbehandlung", "Versionierungsproblem".  An unknown first part
 * with such an ending is still a noun.
 */
static const LenStr noun_s_endings[] = {
	LS("ungs"), LS("heits"), LS("keits"), LS("schafts"), LS("tions"),
	LS("sions"), LS("täts")
};
#define NNOUN_S_ENDINGS \
	((int) (sizeof(noun_s_endings) / sizeof(noun_s_endings[0])))

/*
 * Derivational suffixes that the word list also knows as nouns ("Schaft",
 * "Ion", "Arier"): never a last part on their own, "Gewerkschaft" is no
 * compound, nor "chancen|losigkeit" or "parlament|arier".
 */
static const LenStr suffixes[] = {
	LS("schaft"), LS("schaften"), LS("ion"), LS("ionen"), LS("losigkeit"),
	LS("losigkeiten"), LS("arier"), LS("ariern"), LS("arierin"),
	LS("arierinnen")
};
#define NSUFFIXES ((int) (sizeof(suffixes) / sizeof(suffixes[0])))

/*
 * Adjective endings (with inflection).  In "nordafrikanische",
 * "dramatisch" or "personelle" the nouns "Nische", "Tisch" and "Elle" are
 * not heads but what is left of the derivation: a last part that is the
 * ending plus at most one letter (-isch) or just the ending (-ell) is
 * refused; so is the -los of "fensterlose".  This costs a few true
 * compounds ("Verhandlungstisch") but keeps the far more frequent
 * adjectives ("amerikanische", "kulturelle") whole.  "Welle", "Stelle",
 * "Quelle" stay possible heads.
 */
static const LenStr adj_endings[] = {
	LS("isch"), LS("ische"), LS("ischen"), LS("ischer"), LS("isches"),
	LS("ischem"), LS("ell"), LS("elle"), LS("ellen"), LS("eller"),
	LS("elles"), LS("ellem"), LS("los"), LS("lose"), LS("losen"),
	LS("loser"), LS("loses"), LS("losem")
};
static const int adj_slack[] = {
	1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0
};
#define NADJ_ENDINGS ((int) (sizeof(adj_endings) / sizeof(adj_endings[0])))

/* One candidate piece ending at a DP position. */
typedef struct DpCell
{
	int32_t		cost;			/* best cost of the prefix; INFEASIBLE if none */
	int16_t		from;			/* start of the last piece */
	int16_t		stemlen;		/* bytes of that piece without linking */
	int16_t		nparts;
} DpCell;

/*
 * May the linking element follow the stem?  Fugen-n only after e
 * ("sonne|n"), Fugen-s never after a sibilant, e/en/er/es never after e:
 * this keeps "roman|grösse" from being read as "roma|n|grösse".
 */
static bool
link_ok(const char *stem, int len, const char *link)
{
	char		last = stem[len - 1];

	if (link[0] == 'n')			/* n, ns */
		return last == 'e';
	if (link[0] == 's')			/* s */
		return last != 's' && last != 'x' && last != 'z' &&
			!(len >= 2 && memcmp(stem + len - 2, "ch", 2) == 0 &&
			  len >= 3 && stem[len - 3] == 's');
	return last != 'e';			/* e, en, ens, er, es */
}

static bool
is_suffix(const char *s, int len)
{
	for (int i = 0; i < NSUFFIXES; i++)
		if (suffixes[i].len == len &&
			memcmp(suffixes[i].s, s, len) == 0)
			return true;
	return false;
}

/* is_suffix() for compound_guess.c */
bool
compound_is_suffix(const char *s, int len)
{
	return is_suffix(s, len);
}

static bool
is_particle(const char *s, int len)
{
	for (int i = 0; i < NPARTICLES; i++)
		if (particles[i].len == len &&
			memcmp(particles[i].s, s, len) == 0)
			return true;
	return false;
}

/* Is the byte an ASCII consonant letter? */
static inline bool
is_consonant_byte(char ch)
{
	return ch >= 'a' && ch <= 'z' && strchr("aeiouy", ch) == NULL;
}

static inline bool
is_boundary(const char *w, int len, int i)
{
	return i == 0 || i == len || ((unsigned char) w[i] & 0xC0) != 0x80;
}

/*
 * Flags of s + suffix (a short ASCII suffix), using a scratch buffer; fnv
 * is the FNV state of s (see lexicon.h).
 */
static unsigned int
lookup_with_fnv(const NewsLexicon *lex, const char *s, int len, uint32_t fnv,
				const char *suffix)
{
	char		buf[NEWS_COMPOUND_MAX_BYTES + 8];
	int			slen = (int) strlen(suffix);

	if (len + slen > (int) sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	memcpy(buf + len, suffix, slen);
	return news_lexicon_lookup_fnv(lex, buf, len + slen,
								   na_fnv32(fnv, suffix, slen));
}

/* The same, hashing s from scratch. */
static unsigned int
lookup_with(const NewsLexicon *lex, const char *s, int len, const char *suffix)
{
	return lookup_with_fnv(lex, s, len,
						   na_fnv32(NA_FNV32_INIT, s, len),
						   suffix);
}

/*
 * Is s a noun, or a particle + noun ("übergang", which the word list only
 * knows as über + gang)?
 */
static bool
noun_like(const NewsLexicon *lex, const char *s, int len)
{
	if (news_lexicon_lookup(lex, s, len) & NEWS_LEX_NOUN)
		return true;
	for (int k = 0; k < NPARTICLES; k++)
	{
		int			plen = particles[k].len;

		if (plen < len && memcmp(s, particles[k].s, plen) == 0 &&
			char_count(s + plen, len - plen) >= MIN_PART_CHARS &&
			(news_lexicon_lookup(lex, s + plen, len - plen) &
			 (NEWS_LEX_NOUN | NEWS_LEX_END)))
			return true;
	}
	return false;
}

/*
 * For a form flagged as a compound beginning, the length of the part
 * without its linking element: "regierungs" -> "regierung", "bauern" ->
 * "bauer", but "länder" stays (-er is never stripped).  *noun is set when
 * the part is, or leads to, a noun (in known-word mode we insist on that);
 * *elided when that noun is only the form plus a dropped final e.
 */
static int
begin_stem(const NewsLexicon *lex, const char *s, int len, unsigned int flags,
		   bool *noun, bool *elided)
{
	*noun = (flags & NEWS_LEX_NOUN) != 0;
	*elided = false;
	for (int k = 0; k < NFUGEN; k++)
	{
		int			flen = fugen[k].len;
		int			stem = len - flen;

		/*
		 * Never strip -er: it makes plurals ("länder") and agent nouns
		 * ("verbraucher"), and the rest is then another word ("kamm" from
		 * "kammer", "papi" from "papier").
		 */
		if (stem <= 0 || strcmp(fugen[k].s, "er") == 0 ||
			memcmp(s + stem, fugen[k].s, flen) != 0 ||
			char_count(s, stem) < MIN_PART_CHARS ||
			!link_ok(s, stem, fugen[k].s))
			continue;
		if (noun_like(lex, s, stem))
		{
			*noun = true;
			return stem;
		}
	}
	/* verb-stem or elided forms such as "sprach" (Sprache) */
	if (!*noun && (lookup_with(lex, s, len, "e") & NEWS_LEX_NOUN))
		*noun = *elided = true;
	return len;
}

/*
 * Is s a noun derived from a word of the lexicon that the word list does
 * not list itself: "trivialisierung" (trivialisieren), "wanderung"
 * (wandern), "versender" (versenden), "arbeitslosigkeit" (arbeitslos),
 * "landschaft" (Land)?  These suffixes are fully productive.
 */
static bool
derived_noun(const NewsLexicon *lex, const char *s, int len)
{
	int			base;

	if (len > 8 && memcmp(s + len - 6, "schaft", 6) == 0)
	{
		/* "land|schaft": the word list builds these by compounding */
		return char_count(s, len - 6) >= MIN_PART_CHARS &&
			(news_lexicon_lookup(lex, s, len - 6) & NEWS_LEX_WORD);
	}
	/* adjective + -heit/-keit/-igkeit: "arbeitslos|igkeit", "sicher|heit" */
	for (int k = 0; k < 3; k++)
	{
		static const char *const sfx[] = {"igkeit", "keit", "heit"};
		int			slen = (int) strlen(sfx[k]);

		if (len > slen + 3 && memcmp(s + len - slen, sfx[k], slen) == 0 &&
			char_count(s, len - slen) >= MIN_PART_CHARS &&
			(news_lexicon_lookup(lex, s, len - slen) & NEWS_LEX_LOWER))
			return true;
	}
	if (len > 5 && memcmp(s + len - 3, "ung", 3) == 0)
		base = len - 3;
	else if (len > 5 && memcmp(s + len - 2, "er", 2) == 0)
		base = len - 2;
	else
		return false;
	if (char_count(s, base) < MIN_PART_CHARS)
		return false;
	if (lookup_with(lex, s, base, "en") & NEWS_LEX_LOWER)
		return true;
	/* wandern -> wanderung, sammeln -> sammler */
	return base >= 2 && s[base - 2] == 'e' &&
		(s[base - 1] == 'l' || s[base - 1] == 'r') &&
		(lookup_with(lex, s, base, "n") & NEWS_LEX_LOWER);
}

/*
 * Is w a present participle of a verb of the lexicon ("reisenden" from
 * reisen), which the word list does not list itself?
 */
static bool
present_participle(const NewsLexicon *lex, const char *w, int len)
{
	static const char *const infl[] = {"", "e", "en", "er", "es", "em"};

	for (int k = 0; k < 6; k++)
	{
		int			ilen = (int) strlen(infl[k]);
		int			base = len - ilen - 3;	/* before "end" + inflection */

		if (base < 3 || memcmp(w + base, "end", 3) != 0 ||
			memcmp(w + len - ilen, infl[k], ilen) != 0)
			continue;
		if (lookup_with(lex, w, base, "en") & NEWS_LEX_LOWER)
			return true;
		/* wandernd, lächelnd: the verb ends in -ern/-eln */
		if (base >= 2 && (w[base - 1] == 'r' || w[base - 1] == 'l') &&
			w[base - 2] == 'e' && (lookup_with(lex, w, base, "n") & NEWS_LEX_LOWER))
			return true;
	}
	return false;
}

/*
 * Is w the feminine form (-in, -innen) of a noun of the lexicon
 * ("besucherinnen" of Besucher)?  The word list makes those only as
 * compound parts, so they would otherwise look unknown.
 */
static bool
feminine_form(const NewsLexicon *lex, const char *w, int len)
{
	int			base;

	if (len > 8 && memcmp(w + len - 5, "innen", 5) == 0)
		base = len - 5;
	else if (len > 5 && memcmp(w + len - 2, "in", 2) == 0)
		base = len - 2;
	else
		return false;
	return (news_lexicon_lookup(lex, w, base) & NEWS_LEX_NOUN) != 0;
}

/*
 * Record a candidate in the DP table if it is cheaper.  On a tie between
 * two readings of the same piece, one with a linking element split off:
 * a final -s is a Fugen-s ("kanton|s", the genitive "kantons" being the
 * same thing), other endings are plurals, kept whole ("kammer", not the
 * "kamm|er" of Kamm; "papier", not "papi|er").
 */
static inline void
relax(DpCell *dp, const char *w, int to, int from, int32_t base, int cost,
	  int stemlen, int nparts)
{
	int32_t		c = base + cost;

	if (c < dp[to].cost ||
		(c == dp[to].cost && from == dp[to].from &&
		 (w[to - 1] == 's' ? stemlen < dp[to].stemlen :
		  stemlen > dp[to].stemlen)))
	{
		dp[to].cost = c;
		dp[to].from = (int16_t) from;
		dp[to].stemlen = (int16_t) stemlen;
		dp[to].nparts = (int16_t) nparts;
	}
}

/* State of one split_simple() call. */
typedef struct SplitCtx
{
	const NewsLexicon *lex;
	const char *w;
	int			len;
	bool		known;			/* the whole word is in the lexicon */
	int			maxpiece;		/* longest core worth looking up */
	int			adjlen;			/* bytes of an adjective ending + slack, or 0 */
	bool		unknown_nouns;	/* second pass: allow unknown "-ungs" nouns */
	DpCell		dp[NEWS_COMPOUND_MAX_BYTES + 1];
	int32_t		best;			/* cost of the best full split */
	int			best_from;		/* start of its last part */
} SplitCtx;

/*
 * One piece w[i..j) tried by expand_from(): its lexical core s = w[c..j)
 * after pre bytes of particles, what the lexicon says about the core, and
 * the cost of the split up to i.
 */
typedef struct Piece
{
	int			i;				/* start of the piece */
	int			j;				/* end of the piece */
	const char *s;				/* the core, w + c */
	int			slen;			/* its bytes */
	int			pre;			/* particle bytes before the core */
	int			nchars;			/* characters of the core */
	unsigned int f;				/* NEWS_LEX_* of the core */
	uint32_t	fnv;			/* FNV state of the core */
	int32_t		base;			/* cost up to i, particles included */
	int			shortcost;		/* COST_SHORT for a minimal core */
	int			nparts;			/* parts up to and with this piece */
} Piece;

/*
 * Is the piece a "?isch..." head after a Fugen-s split off a known noun
 * ending in a consonant: "wahnsinn|s|fisch", "verhandlung|s|tisch"?  Then
 * it is a noun, not an adjective ending: no -isch adjective has a Fugen-s
 * in front of it (but -los has one: "visions|los" stays whole).
 */
static bool
after_fugen_s(const SplitCtx *sc, const Piece *p)
{
	const DpCell *prev = &sc->dp[p->i];
	const char *w = sc->w;
	int			stemend = prev->from + prev->stemlen;
	unsigned int f;

	if (p->pre > 0 || prev->from < 0 || stemend != p->i - 1 ||
		p->slen < 5 || memcmp(p->s + 1, "isch", 4) != 0 ||
		w[p->i - 1] != 's' || !is_consonant_byte(w[stemend - 1]))
		return false;
	f = news_lexicon_lookup(sc->lex, w + prev->from, prev->stemlen);
	return (f & NEWS_LEX_NOUN) != 0;
}

/*
 * last_part
 *		The piece is the rest of the word: record it as a full split when
 *		it can end a compound (and beats the best so far).
 */
static void
last_part(SplitCtx *sc, const Piece *p)
{
	int32_t		c2 = COST_INFEASIBLE;
	int32_t		total;

	if (p->i == 0)
	{
		/*
		 * Particles + one word: a derivation, not a compound.  This reading
		 * beats compound readings: "zu|griff", not "zug|riff";
		 * "ver|handlungen", not "verhand|lungen".
		 */
		if (p->pre > 0 && (p->f & (NEWS_LEX_WORD | NEWS_LEX_END)) &&
			p->base + COST_PART < sc->best)
		{
			sc->best = p->base + COST_PART;
			sc->best_from = 0;
		}
		return;
	}
	if (is_suffix(p->s, p->slen) ||
		(p->slen <= sc->adjlen && !after_fugen_s(sc, p)))
		return;
	if (p->f & NEWS_LEX_END)
		c2 = 0;
	else if (!sc->known && (p->f & NEWS_LEX_NOUN))
		c2 = COST_NOUN_END;
	else if (!sc->known && !(p->f & NEWS_LEX_WORD) &&
			 derived_noun(sc->lex, p->s, p->slen))
		c2 = COST_NOUN_END + 1;
	else if (!sc->known && (p->f & NEWS_LEX_LOWER) &&
			 p->nchars >= MIN_PART_CHARS + 2)
		c2 = COST_STEM;			/* adjective or verb head: "eis|kalt" */
	if (c2 == COST_INFEASIBLE)
		return;
	total = p->base + COST_PART + p->shortcost + c2;

	/*
	 * On a tie prefer the longer last part (the head): Fugen-s or s-initial
	 * head is ambiguous, "rubin|strasse".
	 */
	if (total < sc->best || (total == sc->best && p->i < sc->best_from))
	{
		sc->best = total;
		sc->best_from = p->i;
	}
}

/*
 * inner_known_part
 *		A non-final piece the lexicon knows as a compound part: a form
 *		flagged as compound beginning (or middle), or a noun with or
 *		without a linking element.
 */
static void
inner_known_part(SplitCtx *sc, const Piece *p)
{
	const char *w = sc->w;
	int			j = p->j;

	if (p->f & (p->i == 0 ? NEWS_LEX_BEGIN : (NEWS_LEX_BEGIN | NEWS_LEX_MIDDLE)))
	{
		bool		noun;
		bool		elided;
		int			stem = begin_stem(sc->lex, p->s, p->slen, p->f, &noun,
									  &elided);

		/*
		 * An adjective or verb form flagged as a beginning (or one that is
		 * a noun only with an e added) costs a little more than a noun: of
		 * two readings that are otherwise equal the one with the noun wins,
		 * "wunder|rettung" rather than "wund|errettung".
		 */
		if (noun || !sc->known)
			relax(sc->dp, w, j, p->i, p->base,
				  COST_PART + p->shortcost +
				  ((noun && !elided) ? 0 : COST_NONNOUN_BEGIN),
				  p->pre + stem, p->nparts);
	}
	if ((p->f & NEWS_LEX_NOUN) ||
		(!sc->known && !(p->f & NEWS_LEX_WORD) &&
		 derived_noun(sc->lex, p->s, p->slen)))
	{
		int			cost = COST_PART + COST_NOUN_LINK + p->shortcost +
			((p->f & NEWS_LEX_NOUN) ? 0 : 1);

		relax(sc->dp, w, j, p->i, p->base, cost, p->pre + p->slen, p->nparts);
		for (int k = 0; k < NFUGEN; k++)
		{
			int			flen = fugen[k].len;

			if (j + flen < sc->len && memcmp(w + j, fugen[k].s, flen) == 0 &&
				link_ok(p->s, p->slen, fugen[k].s))
				relax(sc->dp, w, j + flen, p->i, p->base, cost,
					  p->pre + p->slen, p->nparts);
		}
	}
}

/*
 * inner_guessed_part
 *		A non-final piece of an unknown word that is no noun of the
 *		lexicon: an unknown noun with a Fugen-s, a noun without its final
 *		e, an adjective or a verb stem.
 */
static void
inner_guessed_part(SplitCtx *sc, const Piece *p)
{
	const NewsLexicon *lex = sc->lex;
	const char *w = sc->w;
	const char *s = p->s;
	int			slen = p->slen;
	int			j = p->j;

	if (sc->known || (p->f & NEWS_LEX_NOUN))
		return;

	/*
	 * An unknown noun with a Fugen-s ending: "retentions".  Only in the
	 * second pass, when the known parts gave no reading at all: otherwise
	 * "bundesverfassungs" would swallow known parts whole.
	 */
	if (sc->unknown_nouns && p->f == 0 && p->nchars >= 7)
	{
		for (int k = 0; k < NNOUN_S_ENDINGS; k++)
		{
			int			elen = noun_s_endings[k].len;

			if (slen > elen &&
				memcmp(s + slen - elen, noun_s_endings[k].s, elen) == 0)
			{
				relax(sc->dp, w, j, p->i, p->base,
					  COST_PART + COST_NOUN_LINK + 2,
					  p->pre + slen - 1, p->nparts);
				break;
			}
		}
	}
	/* a noun whose final e is dropped: "sprach" for Sprache */
	if (w[j - 1] != 'e' &&
		(lookup_with_fnv(lex, s, slen, p->fnv, "e") & NEWS_LEX_NOUN))
		relax(sc->dp, w, j, p->i, p->base,
			  COST_PART + COST_ELISION + p->shortcost,
			  p->pre + slen, p->nparts);
	/* an adjective, or a verb stem ("fahr" for fahren) */
	else if (((p->f & NEWS_LEX_LOWER) && p->nchars >= MIN_PART_CHARS + 1) ||
			 (lookup_with_fnv(lex, s, slen, p->fnv, "en") & NEWS_LEX_LOWER) ||
			 (w[j - 1] == 'e' &&
			  (lookup_with_fnv(lex, s, slen, p->fnv, "n") & NEWS_LEX_LOWER)))
		relax(sc->dp, w, j, p->i, p->base,
			  COST_PART + COST_STEM + p->shortcost,
			  p->pre + slen, p->nparts);
}

/*
 * expand_from
 *		Try every piece starting at i whose lexical core starts at c (c > i
 *		when particles such as "vor" or "unter" precede the core: they
 *		belong to the part, "vorteil" is one part of "Anlagevorteil").
 *		extra is the cost of those particles.
 *
 * The core grows one byte at a time, its FNV state with it, so that each
 * lookup hashes one byte.  A piece that reaches the end of the word is
 * the last part and ends the loop: a non-final piece must leave a rest.
 */
static void
expand_from(SplitCtx *sc, int i, int c, int extra)
{
	const char *w = sc->w;
	int			len = sc->len;
	Piece		p;

	p.i = i;
	p.s = w + c;
	p.pre = c - i;
	p.nchars = 0;
	p.fnv = NA_FNV32_INIT;
	p.base = sc->dp[i].cost + extra;
	p.nparts = sc->dp[i].nparts + 1;

	for (int j = c + 1; j <= len && j - c <= sc->maxpiece; j++)
	{
		p.j = j;
		p.slen = j - c;
		p.fnv = na_fnv32(p.fnv, w + j - 1, 1);
		if (((unsigned char) w[j - 1] & 0xC0) != 0x80)
			p.nchars++;
		if (!is_boundary(w, len, j) || p.nchars < MIN_PART_CHARS)
			continue;
		p.shortcost = (p.nchars == MIN_PART_CHARS && p.pre == 0) ? COST_SHORT : 0;
		if (sc->known && p.pre > 0 && j < len)
			continue;
		p.f = news_lexicon_lookup_fnv(sc->lex, p.s, p.slen, p.fnv);

		/*
		 * A particle is no part of its own, except a noun at the end that
		 * may end compounds: "Weg" in the street names "Kirch|weg".
		 */
		if (p.slen <= MAX_PARTICLE_BYTES && is_particle(p.s, p.slen) &&
			!(j == len && i > 0 && (p.f & NEWS_LEX_NOUN) && (p.f & NEWS_LEX_END)))
			continue;

		if (j == len)
		{
			last_part(sc, &p);
			break;
		}
		inner_known_part(sc, &p);
		inner_guessed_part(sc, &p);
	}
}

/*
 * Length of the longest particle at w[i..len) that leaves a rest ("unter"
 * rather than "un..."), or 0.
 */
static int
particle_at(const char *w, int len, int i)
{
	int			best = 0;

	for (int k = 0; k < NPARTICLES; k++)
	{
		int			plen = particles[k].len;

		if (plen > best && i + plen < len &&
			memcmp(w + i, particles[k].s, plen) == 0)
			best = plen;
	}
	return best;
}

/* Does any of noun_s_endings occur in w (not at its start)? */
static bool
has_noun_s_ending(const char *w, int len)
{
	for (int k = 0; k < NNOUN_S_ENDINGS; k++)
	{
		int			elen = noun_s_endings[k].len;

		for (int i = 1; i + elen < len; i++)
			if (memcmp(w + i, noun_s_endings[k].s, elen) == 0)
				return true;
	}
	return false;
}

/* The dynamic programming pass over the word (see the file header). */
static void
run_dp(SplitCtx *sc, int maxparts)
{
	const char *w = sc->w;
	int			len = sc->len;

	for (int i = 0; i <= len; i++)
	{
		sc->dp[i].cost = COST_INFEASIBLE;
		sc->dp[i].stemlen = -1;
		sc->dp[i].from = -1;
		sc->dp[i].nparts = 0;
	}
	sc->dp[0].cost = 0;

	for (int i = 0; i < len; i++)
	{
		int			p1,
					p2;

		if (sc->dp[i].cost == COST_INFEASIBLE || !is_boundary(w, len, i) ||
			sc->dp[i].nparts >= maxparts)
			continue;
		expand_from(sc, i, i, 0);

		/*
		 * Up to two particles before the core: "vor|teil", "hin|über|...".
		 * In a listed word only as the whole-word reading (so that
		 * "Gewerkschaft" does not become ge|werk + schaft).
		 */
		p1 = particle_at(w, len, i);
		if (p1 > 0 && (!sc->known || i == 0))
		{
			expand_from(sc, i, i + p1, COST_PARTICLE);
			p2 = particle_at(w, len, i + p1);
			if (p2 > 0)
				expand_from(sc, i, i + p1 + p2, 2 * COST_PARTICLE);
		}
	}
}

/*
 * Split one hyphen-free word into atomic parts from known parts.  Returns
 * the number of parts (>= 2) or 0.  When the word is unknown and passed
 * the derivation checks but no reading was found, *fallback_adjlen (if
 * given) is set to the adjective-ending length for the last-resort
 * compound_guess_split(); otherwise it is left alone.
 */
static int
split_simple(const NewsLexicon *lex, const char *w, int len,
			 NewsCompoundPart *parts, int maxparts, int base_offset,
			 int *fallback_adjlen)
{
	SplitCtx	sc;
	unsigned int whole;
	int			nparts;
	int			pos;

	if (len < 2 * MIN_PART_CHARS || len > NEWS_COMPOUND_MAX_BYTES)
		return 0;
	whole = news_lexicon_lookup(lex, w, len);
	if ((whole & NEWS_LEX_FORBIDDEN) && !(whole & NEWS_LEX_WORD))
		return 0;				/* listed as a wrong word */
	if ((whole & NEWS_LEX_LOWER) && !(whole & NEWS_LEX_NOUN))
		return 0;				/* a listed adjective or verb form: "sichtbar",
								 * "beginnende", "siebente" */
	if (present_participle(lex, w, len))
		return 0;				/* a participle, maybe nominalized:
								 * "reisenden", not "reis|enden" */
	if (feminine_form(lex, w, len))
		return 0;				/* "besucherinnen", not "besuche|rinnen" */
	sc.lex = lex;
	sc.w = w;
	sc.len = len;
	sc.known = (whole & NEWS_LEX_WORD) != 0;
	/* a piece is a form plus at most a 3-byte linking element */
	sc.maxpiece = news_lexicon_max_length(lex) + 3;
	sc.best = COST_INFEASIBLE;
	sc.best_from = -1;
	sc.adjlen = 0;
	for (int k = 0; k < NADJ_ENDINGS; k++)
	{
		int			elen = adj_endings[k].len;

		if (elen + adj_slack[k] > sc.adjlen && elen < len &&
			memcmp(w + len - elen, adj_endings[k].s, elen) == 0)
			sc.adjlen = elen + adj_slack[k];
	}
	if (sc.known)
	{
		/*
		 * A listed word stays whole unless a split into two parts without
		 * any penalty exists ("regierungs|chef", but not "akt|ion").
		 */
		sc.best = COST_KNOWN_WHOLE;
		sc.best_from = 0;
	}
	sc.unknown_nouns = false;
	run_dp(&sc, maxparts);
	/* (a second pass for long words would only double the worst case) */
	if (sc.best_from < 0 && !sc.known && len <= NEWS_COMPOUND_MAX_BYTES / 2 &&
		has_noun_s_ending(w, len))
	{
		sc.unknown_nouns = true;
		run_dp(&sc, maxparts);
	}
	if (sc.best_from < 0 && !sc.known && fallback_adjlen != NULL)
		*fallback_adjlen = sc.adjlen;	/* no reading from known parts */
	if (sc.best_from <= 0)
		return 0;				/* no split, or the whole word won */

	/* walk back from the last part */
	nparts = sc.dp[sc.best_from].nparts + 1;
	if (nparts < 2 || nparts > maxparts)
		return 0;
	parts[nparts - 1].offset = base_offset + sc.best_from;
	parts[nparts - 1].length = len - sc.best_from;
	pos = sc.best_from;
	for (int k = nparts - 2; k >= 0; k--)
	{
		int			from = sc.dp[pos].from;

		parts[k].offset = base_offset + from;
		parts[k].length = sc.dp[pos].stemlen;
		pos = from;
	}
	return nparts;
}

/*
 * guessed_modifier_stem
 *		The length of the modifier w[0..len) of a last-resort reading
 *		without a linking element, when the modifier is unknown but the
 *		rest is a known noun: "einsatzs|stelle" gives "einsatz" (a Fugen-s
 *		that link_ok() would not allow is still no part of the noun).
 */
static int
guessed_modifier_stem(const NewsLexicon *lex, const char *w, int len)
{
	if (news_lexicon_lookup(lex, w, len) != 0)
		return len;
	for (int k = 0; k < NFUGEN; k++)
	{
		int			flen = fugen[k].len;

		if (char_count(w, len - flen) >= MIN_PART_CHARS + 1 &&
			memcmp(w + len - flen, fugen[k].s, flen) == 0 &&
			(news_lexicon_lookup(lex, w, len - flen) & NEWS_LEX_NOUN))
			return len - flen;
	}
	return len;
}

/*
 * guessed_modifier_tail
 *		Where a known noun that may begin compounds starts at the end of
 *		an unknown modifier w[0..len) of a last-resort reading, or 0:
 *		"meningokokken|impf" (before "stoff"), so that the compound also
 *		yields the sub-compound "impfstoff".  The unknown rest needs
 *		UNKNOWN_REST_CHARS characters; the longest known tail wins.
 */
static int
guessed_modifier_tail(const NewsLexicon *lex, const char *w, int len)
{
	int			nchars = 0;

	if (news_lexicon_lookup(lex, w, len) != 0)
		return 0;
	for (int i = 0; i < len; i++)
	{
		unsigned int f;

		if (!is_boundary(w, len, i))
			continue;
		if (nchars++ < UNKNOWN_REST_CHARS)
			continue;
		if (char_count(w + i, len - i) < MIN_PART_CHARS + 1)
			break;
		f = news_lexicon_lookup(lex, w + i, len - i);
		if ((f & NEWS_LEX_BEGIN) && !is_particle(w + i, len - i))
			return i;
	}
	return 0;
}

/*
 * Split one hyphen-free word.  Known parts first: the word as written, then
 * (if it is no listed form) its umlaut spelling when it writes umlauts as
 * "ae", "oe", "ue" ("kalibrierungsloesung", "troedellade", as in ASCII-only
 * sources).  Only when neither has a reading from known parts, the
 * unknown-modifier fallback (compound_guess_split) on both.  "ö" takes as
 * many UTF-8 bytes as "oe", so the parts' offsets hold for the written word
 * too.  "ue" after q or a vowel ("quelle", "teuer") and "ae"/"oe" after a
 * vowel stay as they are.
 */
static int
split_word(const NewsLexicon *lex, const char *w, int len,
		   NewsCompoundPart *parts, int maxparts, int base_offset)
{
	char		buf[NEWS_COMPOUND_MAX_BYTES];
	bool		changed = false;
	int			adjlen = -1;
	int			adjlen_um = -1;
	int			n = split_simple(lex, w, len, parts, maxparts, base_offset,
								 &adjlen);
	int			head;
	int			mid;

	if (n > 0)
		return fix_s_boundaries(lex, w, parts, n, base_offset);
	if (len > NEWS_COMPOUND_MAX_BYTES || news_lexicon_lookup(lex, w, len) != 0)
		return n;
	memcpy(buf, w, len);
	for (int i = 1; i + 1 < len; i++)
	{
		char		prev = buf[i - 1];
		unsigned char um = 0;

		if (buf[i + 1] != 'e' || strchr("aeiouyq", prev) != NULL)
			continue;
		if (buf[i] == 'a')
			um = 0xA4;
		else if (buf[i] == 'o')
			um = 0xB6;
		else if (buf[i] == 'u')
			um = 0xBC;
		if (um == 0)
			continue;
		buf[i] = (char) 0xC3;
		buf[i + 1] = (char) um;
		changed = true;
		i++;
	}
	if (changed)
	{
		n = split_simple(lex, buf, len, parts, maxparts, base_offset,
						 &adjlen_um);
		if (n > 0)
			return n;
	}

	/* the last resort, on the written form, else on the umlaut spelling */
	head = adjlen >= 0 ? compound_guess_split(lex, w, len, adjlen) : -1;
	if (head < 0 && changed && adjlen_um >= 0)
	{
		head = compound_guess_split(lex, buf, len, adjlen_um);
	}
	if (head <= 0 || maxparts < 2)
		return 0;
	parts[0].offset = base_offset;
	parts[0].length = guessed_modifier_stem(lex, w, head);
	parts[1].offset = base_offset + head;
	parts[1].length = len - head;
	mid = guessed_modifier_tail(lex, w, parts[0].length);
	if (mid > 0 && maxparts >= 3)
	{
		parts[2] = parts[1];
		parts[1].offset = base_offset + mid;
		parts[1].length = parts[0].length - mid;
		parts[0].length = mid;
		return 3;
	}
	return 2;
}

/*
 * Heads that are rare words of their own but common artefacts of a
 * misplaced Fugen-s: "bahnhofs|trasse" is Bahnhof|strasse (the Swiss
 * spelling of Straße, Swiss street names are everywhere in Swiss news),
 * "verkehr|samt" is Verkehr|s|amt.  Listed with the direction of the fix.
 */
static const LenStr s_heads[] = {	/* the s belongs to the head */
	LS("trasse"), LS("trassen")
};
static const LenStr s_links[] = {	/* the s is a linking element */
	LS("samt"), LS("samts")
};

static bool
in_lenstr(const LenStr *list, int n, const char *s, int len)
{
	for (int k = 0; k < n; k++)
		if (list[k].len == len && memcmp(list[k].s, s, len) == 0)
			return true;
	return false;
}

/*
 * fix_s_boundaries
 *		Move the s at a part boundary where the split put it into a rare
 *		word (s_heads, s_links above) and the other reading is a known
 *		word: "bahnhofs|trasse" -> "bahnhof|strasse", "verkehr|samt" ->
 *		"verkehr|amt".  Part offsets are base_offset-relative; returns n.
 */
static int
fix_s_boundaries(const NewsLexicon *lex, const char *w,
				 NewsCompoundPart *parts, int n, int base_offset)
{
	for (int k = 1; k < n; k++)
	{
		NewsCompoundPart *a = &parts[k - 1];
		NewsCompoundPart *b = &parts[k];
		const char *h = w + (b->offset - base_offset);
		unsigned int f;

		if (b->offset - base_offset < 1 || b->offset < a->offset + a->length)
			continue;
		if (h[-1] == 's' &&
			in_lenstr(s_heads, (int) (sizeof(s_heads) / sizeof(s_heads[0])), h, b->length))
		{
			f = news_lexicon_lookup(lex, h - 1, b->length + 1);
			if (!(f & (NEWS_LEX_END | NEWS_LEX_NOUN)))
				continue;
			if (a->offset + a->length == b->offset && a->length > MIN_PART_CHARS)
				a->length--;
			b->offset--;
			b->length++;
		}
		else if (h[0] == 's' && b->length > MIN_PART_CHARS &&
				 in_lenstr(s_links, (int) (sizeof(s_links) / sizeof(s_links[0])), h, b->length))
		{
			f = news_lexicon_lookup(lex, h + 1, b->length - 1);
			if (!(f & (NEWS_LEX_END | NEWS_LEX_NOUN)))
				continue;
			b->offset++;
			b->length--;
		}
	}
	return n;
}

/*
 * Append the spans of two or more adjacent parts (sub-compounds) of a split
 * with three or more parts, shortest spans first, as room allows:
 * "bundes|wehr|rekrut" also yields "bundeswehr" and "wehrrekrut", so that a
 * search for "Bundeswehr" finds the compound.  A span ends where its last
 * part ends (without that part's linking element).
 */
static int
add_spans(NewsCompoundPart *parts, int n, int maxparts)
{
	int			total = n;

	for (int width = 2; width < n; width++)
		for (int a = 0; a + width <= n; a++)
		{
			const NewsCompoundPart *last = &parts[a + width - 1];

			if (total >= maxparts)
				return total;
			parts[total].offset = parts[a].offset;
			parts[total].length = last->offset + last->length - parts[a].offset;
			total++;
		}
	return total;
}

/*
 * valid_utf8
 *		Is word[0..len) valid UTF-8?  compound.h promises that invalid
 *		UTF-8 does not split; the last-resort readings did split such
 *		words ("Ho\xeczschnitzel", found by fuzz_compound).
 */
static bool
valid_utf8(const char *word, int len)
{
	const unsigned char *s = (const unsigned char *) word;
	int			i = 0;

	while (i < len)
	{
		uint32_t	cp;
		int			n = news_utf8_decode(s + i, len - i, &cp);

		if (cp == 0xFFFD && n == 1)
			return false;
		i += n;
	}
	return true;
}

/*
 * Split a normalized word into its parts; see compound.h.
 */
int
news_compound_split(const NewsLexicon *lexicon, const char *word, int len,
					NewsCompoundPart *parts, int maxparts)
{
	int			n = 0;
	int			start = 0;
	int			nseg;

	if (lexicon == NULL || word == NULL || parts == NULL || len <= 0 ||
		maxparts < 2)
		return 0;
	if (maxparts > NEWS_COMPOUND_MAX_PARTS)
		maxparts = NEWS_COMPOUND_MAX_PARTS;
	if (len > NEWS_COMPOUND_MAX_BYTES || !valid_utf8(word, len))
		return 0;
	if (memchr(word, '-', len) == NULL)
	{
		n = split_word(lexicon, word, len, parts, maxparts, 0);
		return n >= 3 ? add_spans(parts, n, maxparts) : n;
	}
	if (len > NEWS_COMPOUND_MAX_BYTES)
		return 0;

	/* hyphenated: first the segments, then the parts of compound segments */
	for (int i = 0; i <= len; i++)
	{
		if (i < len && word[i] != '-')
			continue;
		if (i > start)
		{
			if (n == maxparts)
				return 0;		/* too many segments to report them all */
			parts[n].offset = start;
			parts[n].length = i - start;
			n++;
		}
		start = i + 1;
	}
	if (n < 2)
		return 0;
	nseg = n;
	for (int s = 0; s < nseg && n < maxparts; s++)
	{
		NewsCompoundPart tmp[NEWS_COMPOUND_MAX_PARTS];
		int			k = split_word(lexicon, word + parts[s].offset,
									 parts[s].length, tmp,
									 NEWS_COMPOUND_MAX_PARTS, parts[s].offset);

		for (int m = 0; m < k && n < maxparts; m++)
			parts[n++] = tmp[m];
	}
	return n;
}
