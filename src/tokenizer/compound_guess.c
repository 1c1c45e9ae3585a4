/*-------------------------------------------------------------------------
 *
 * compound_guess.c
 *	  Last-resort readings of unlisted compounds (pure C core).
 *
 * compound.c splits a word into parts the word list knows.  Some unlisted
 * compounds have one part it does not know: a foreign or new modifier
 * ("alien|volk", "kortison|spray") or an unknown head after a known
 * beginning ("computer|tomografie").  compound_guess_split() finds such a
 * reading when nothing else explains the word.  Guessing a part is where
 * junk comes from (names, derivations of unknown stems), so every rule
 * here is a hedge against a misreading seen in news text; split_word() in
 * compound.c calls this only for words the lexicon does not list and known
 * parts cannot split.
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>
#include <string.h>

#include "tokenizer/compound.h"
#include "tokenizer/compound_internal.h"

/*
 * the unknown-modifier fallback: least characters of modifier and head;
 * a known head may be one character shorter ("alien|volk", "hexagon|feld")
 * unless it is one that place and family names end in (place_heads,
 * name_heads)
 */
#define UNKNOWN_MOD_CHARS	4
#define LONG_HEAD_CHARS		8	/* ... or one less before a head of this many */
#define UNKNOWN_HEAD_CHARS	5
#define KNOWN_HEAD_CHARS	4
#define KNOWN_HEAD_MOD_CHARS	5	/* ... after a modifier of this many */
#define NAME_HEAD_MOD_CHARS	7	/* ... of this many for name_heads */

/*
 * Four-letter heads that end place and family names ("Grindel|wald",
 * "Oppen|heim", "Tober|mann", "Bratis|lava", "Delé|mont", "Hennigs|dorf",
 * "Matters|burg") or English words ("crowdfun|ding", "quarkst|ring",
 * "inves|tors", "indust|ries") more often than compounds with an unknown
 * modifier, whatever the modifier's length: never a guessed head.
 */
static const LenStr place_heads[] = {
	LS("bach"), LS("baum"), LS("bern"), LS("berg"), LS("burg"), LS("ding"),
	LS("dorf"), LS("hain"), LS("heim"), LS("horn"), LS("kern"), LS("korn"),
	LS("lava"), LS("mann"), LS("mark"), LS("mont"), LS("perl"), LS("ried"),
	LS("ries"), LS("ring"), LS("thal"), LS("tors"), LS("wald")
};

/*
 * Four-letter heads that end foreign words ("imes|sage", "purc|hase") or
 * short names after a short modifier: a guessed head only after a
 * modifier of NAME_HEAD_MOD_CHARS ("hexagon|feld", "makronen|teig").
 */
static const LenStr name_heads[] = {
	LS("chat"), LS("feld"), LS("form"), LS("hase"), LS("herd"), LS("jets"),
	LS("kerl"), LS("land"), LS("list"), LS("rand"), LS("rate"), LS("sage"),
	LS("skis"), LS("teig")
};

/*
 * Heads of street names that the rules for short heads would refuse: too
 * short ("weg") or starting with a vowel ("allee", "ufer").
 */
static const LenStr street_heads[] = {
	LS("weg"), LS("allee"), LS("ufer")
};

static bool
in_list(const LenStr *list, int n, const char *w, int len)
{
	for (int k = 0; k < n; k++)
		if (list[k].len == len && memcmp(list[k].s, w, len) == 0)
			return true;
	return false;
}

/* May w[0..len) (four letters) be a guessed head after nchars letters? */
static bool
short_head_ok(const char *w, int len, int nchars)
{
	if (in_list(place_heads, (int) (sizeof(place_heads) / sizeof(place_heads[0])),
				w, len))
		return false;
	return nchars >= NAME_HEAD_MOD_CHARS ||
		!in_list(name_heads, (int) (sizeof(name_heads) / sizeof(name_heads[0])),
				 w, len);
}

/*
 * Word-final derivational suffixes, for the unknown-modifier fallback: a
 * head that is one of them (with at most one letter in front) is what is
 * left of a derivation of an unknown stem, not a head: "kura|toren",
 * "kollabo|ration", "qualifi|kanten", "verwirbe|lungen", "kurato|rinnen",
 * "wissensch|after".
 */
static const LenStr derivation_endings[] = {
	LS("ation"), LS("ationen"), LS("ator"), LS("atoren"), LS("ung"),
	LS("ungen"), LS("innen"), LS("ings"), LS("inger"), LS("ingern"),
	LS("anten"), LS("enten"), LS("ender"), LS("enden"), LS("endes"),
	LS("schafter"), LS("schaftern"), LS("schafters"), LS("barkeit"),
	LS("isierung"), LS("istisch"), LS("istischen"), LS("graphy")
};
#define NDERIVATION_ENDINGS \
	((int) (sizeof(derivation_endings) / sizeof(derivation_endings[0])))

/* Does a split of w[0..len) at i cut into a word-final derivation ending? */
static bool
cuts_derivation(const char *w, int len, int i)
{
	for (int k = 0; k < NDERIVATION_ENDINGS; k++)
	{
		int			elen = derivation_endings[k].len;

		if (elen < len && i >= len - elen - 1 &&
			memcmp(w + len - elen, derivation_endings[k].s, elen) == 0)
			return true;
	}
	return false;
}

/* Is the byte an ASCII consonant letter? */
static inline bool
is_consonant(char ch)
{
	return ch >= 'a' && ch <= 'z' && strchr("aeiouy", ch) == NULL;
}

/*
 * Could w[0..len) end a word?  A modifier cut off after "pr", "sc", "nv"
 * or "bw" is a misreading that stole the head's first letters ("ölpr|eisen",
 * "gesc|halten"): German codas do not end in a consonant followed by r, l,
 * v or w, nor in "sc".
 */
static bool
plausible_coda(const char *w, int len)
{
	char		last = w[len - 1];
	char		prev = len >= 2 ? w[len - 2] : 'a';

	if (!is_consonant(prev) || !is_consonant(last))
		return true;
	if (last == 'r' || last == 'l' || last == 'v' || last == 'w' ||
		last == 'j' || last == 'q')
		return false;
	return !(prev == 's' && last == 'c');
}

/*
 * Does the modifier w[0..i) end in a particle that belongs to the head:
 * "exvor|stands", "öl|an|gebot" (particle + head is a listed form)?
 */
static bool
particle_takes_head(const NewsLexicon *lex, const char *w, int len, int i)
{
	for (int k = 0; k < compound_nparticles; k++)
	{
		int			plen = compound_particles[k].len;

		if (plen < i && memcmp(w + i - plen, compound_particles[k].s, plen) == 0 &&
			news_lexicon_lookup(lex, w + i - plen, len - i + plen) != 0)
			return true;
	}
	return false;
}

/* Is the particle one of the prefixes that are no words: "ver", "ent"? */
static bool
is_inseparable(const char *p, int plen)
{
	return plen == 3 && (memcmp(p, "ver", 3) == 0 || memcmp(p, "zer", 3) == 0 ||
						 memcmp(p, "ent", 3) == 0 || memcmp(p, "emp", 3) == 0);
}

/*
 * Is w[0..len) a particle followed by a known noun that may end compounds,
 * "vor|lage", "auf|trag"?  The word list builds many of those by
 * compounding instead of listing them ("Vorlage" is not an entry).
 */
static bool
particle_noun(const NewsLexicon *lex, const char *w, int len)
{
	for (int k = 0; k < compound_nparticles; k++)
	{
		int			plen = compound_particles[k].len;
		unsigned int f;

		/* not "um", "an", ...: too short; nor "ver", "ent", ...: no nouns */
		if (plen < 3 || plen >= len ||
			memcmp(w, compound_particles[k].s, plen) != 0 ||
			is_inseparable(compound_particles[k].s, plen) ||
			char_count(w + plen, len - plen) < KNOWN_HEAD_CHARS)
			continue;
		f = news_lexicon_lookup(lex, w + plen, len - plen);
		if ((f & NEWS_LEX_END) && (f & NEWS_LEX_NOUN))
			return true;
	}
	return false;
}

/*
 * Is w[0..len) a known noun of UNKNOWN_HEAD_CHARS characters followed by
 * a linking element ("debatte|n", "verfassung|s")?  The word list flags
 * many such modifiers as compound beginnings, not all.
 */
static bool
noun_with_link(const NewsLexicon *lex, const char *w, int len)
{
	static const LenStr links[] = {LS("s"), LS("n"), LS("en"), LS("es")};

	for (int k = 0; k < (int) (sizeof(links) / sizeof(links[0])); k++)
	{
		int			stem = len - links[k].len;

		if (stem > 0 && memcmp(w + stem, links[k].s, links[k].len) == 0 &&
			char_count(w, stem) >= UNKNOWN_HEAD_CHARS &&
			(links[k].s[0] != 'n' || w[stem - 1] == 'e') &&
			(news_lexicon_lookup(lex, w, stem) & NEWS_LEX_NOUN))
			return true;
	}
	return false;
}

/*
 * Could w[0..len) begin a syllable?  A consonant followed by a vowel or by
 * one of the usual onset clusters ("br", "pf", "sch", "st", ...).
 */
static bool
plausible_onset(const char *w, int len)
{
	static const char *const clusters[] = {
		"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gn", "gr",
		"kl", "kn", "kr", "pf", "ph", "pl", "pr", "sc", "sh", "sk", "sl",
		"sm", "sn", "sp", "st", "sw", "th", "tr", "ts", "tw", "wr", "zw"
	};

	if (len < 2 || !is_consonant(w[0]))
		return false;
	if (!is_consonant(w[1]))
		return true;
	for (int k = 0; k < (int) (sizeof(clusters) / sizeof(clusters[0])); k++)
		if (memcmp(w, clusters[k], 2) == 0)
			return true;
	return false;
}

/*
 * Unknown heads ending in -er(s) or -l are mostly surnames built like
 * compounds ("brand|stetter", "jäger|stätter", "hasen|hüttl"), which a
 * search should not take apart; a common noun with such an ending would be
 * listed.
 */
static bool
name_like_ending(const char *w, int len)
{
	return w[len - 1] == 'l' ||
		(len >= 2 && memcmp(w + len - 2, "er", 2) == 0) ||
		(len >= 3 && memcmp(w + len - 3, "ers", 3) == 0);
}

/* Does w[0..len) contain a vowel (a, e, i, o, u, y, ä, ö, ü)? */
static bool
has_vowel(const char *w, int len)
{
	for (int i = 0; i < len; i++)
	{
		unsigned char ch = (unsigned char) w[i];

		if (strchr("aeiouy", ch) != NULL && ch != '\0')
			return true;
		if (ch == 0xC3 && i + 1 < len &&
			((unsigned char) w[i + 1] == 0xA4 ||
			 (unsigned char) w[i + 1] == 0xB6 ||
			 (unsigned char) w[i + 1] == 0xBC))
			return true;
	}
	return false;
}

/*
 * Last resort for an unknown word that no reading from known parts
 * explains: an unknown modifier in front of a known head, "alien|volk",
 * "kortison|spray", "methylphenidat|präparat".  The head must be a noun the
 * word list allows as a compound end, of at least UNKNOWN_HEAD_CHARS
 * characters, or KNOWN_HEAD_CHARS after a modifier of KNOWN_HEAD_MOD_CHARS
 * ending in a consonant, if short_head_ok() (short heads such as "lava"
 * or "dorf" end too many names: "Bratislava", "Hennigsdorf"); a particle
 * + known noun counts as known after such a modifier ("libretto|vorlage").
 * The modifier needs at least UNKNOWN_MOD_CHARS characters and a vowel.
 * The longest such head wins.
 * adjlen: see SplitCtx.  Returns the start of the head, or -1.
 */
int
compound_guess_split(const NewsLexicon *lex, const char *w, int len,
					   int adjlen)
{
	int			nchars = 0;

	for (int i = 0; i < len; i++)
	{
		unsigned int f;
		int			hchars;

		if (((unsigned char) w[i] & 0xC0) == 0x80)
			continue;
		/* a three-letter modifier only before a long head: "geo|archäologie" */
		if (nchars < UNKNOWN_MOD_CHARS &&
			!(nchars == UNKNOWN_MOD_CHARS - 1 &&
			  char_count(w + i, len - i) >= LONG_HEAD_CHARS))
		{
			nchars++;
			continue;
		}
		hchars = char_count(w + i, len - i);
		if (hchars < KNOWN_HEAD_CHARS)
			break;
		/*
		 * A four-letter head also needs a modifier ending in a consonant:
		 * a vowel there is mostly the middle of a foreign word or name
		 * ("capi|tals", "fede|rico", "molda|wien").
		 */
		if (hchars < UNKNOWN_HEAD_CHARS &&
			(!short_head_ok(w + i, len - i, nchars) ||
			 !is_consonant(w[i - 1]) ||
			 nchars < KNOWN_HEAD_MOD_CHARS))
			break;
		nchars++;
		if (compound_is_suffix(w + i, len - i) || len - i <= adjlen ||
			cuts_derivation(w, len, i))
			continue;
		/* a vowel-initial head easily steals the modifier's last syllable */
		if (!is_consonant(w[i]) && hchars < UNKNOWN_HEAD_CHARS + 1)
			continue;
		f = news_lexicon_lookup(lex, w + i, len - i);
		if (f == 0 && nchars > KNOWN_HEAD_MOD_CHARS &&
			particle_noun(lex, w + i, len - i))
			f = NEWS_LEX_END | NEWS_LEX_NOUN;	/* "libretto|vorlage" */
		if ((f & NEWS_LEX_END) && (f & NEWS_LEX_NOUN) && has_vowel(w, i) &&
			plausible_coda(w, i) &&
			!particle_takes_head(lex, w, len, i))
			return i;
	}

	/*
	 * Street names: a person's or place's name in front of "weg", "allee",
	 * "ufer", ... ("Bröcker|weg", "Strobel|allee"), heads too short or
	 * vowel-initial for the loop above.  Street names are everywhere in
	 * local news; the head must still be a listed noun and compound end.
	 */
	for (int k = 0; k < (int) (sizeof(street_heads) / sizeof(street_heads[0])); k++)
	{
		int			hl = street_heads[k].len;
		int			i = len - hl;
		unsigned int f;

		if (i <= 0 || memcmp(w + i, street_heads[k].s, hl) != 0 ||
			char_count(w, i) < KNOWN_HEAD_MOD_CHARS ||
			!has_vowel(w, i) || !plausible_coda(w, i) ||
			particle_takes_head(lex, w, len, i))
			continue;
		f = news_lexicon_lookup(lex, w + i, hl);
		if ((f & NEWS_LEX_END) && (f & NEWS_LEX_NOUN))
			return i;
	}

	/*
	 * The mirror image: a noun the word list allows as a compound beginning,
	 * of at least UNKNOWN_HEAD_CHARS characters, in front of an unknown head
	 * of as many ("computer|tomografie", "personal|rochade").  The head
	 * must start like a German syllable (a consonant, then a vowel or a
	 * usual onset cluster): "angel|obung", "klage|nfurter" are misreadings.
	 * The longest known modifier wins.
	 */
	for (int i = len - 1; i > 0; i--)
	{
		unsigned int f;
		bool		linked;

		if (((unsigned char) w[i] & 0xC0) == 0x80 ||
			char_count(w + i, len - i) < UNKNOWN_HEAD_CHARS)
			continue;
		if (char_count(w, i) < UNKNOWN_HEAD_CHARS)
			break;
		if (!plausible_onset(w + i, len - i) || cuts_derivation(w, len, i) ||
			len - i <= adjlen || !has_vowel(w + i, len - i))
			continue;
		f = news_lexicon_lookup(lex, w, i);
		linked = false;
		/*
		 * A noun + linking element not flagged as a beginning: not before
		 * h, and a linking s only before a consonant that cannot follow s
		 * at a syllable start (sp, st, sch, sk, sl, ...): "mutter|s|chaft",
		 * "bismarck|s|tyling", "tafel|s|pitz..." would be misreadings.
		 */
		if (!((f & NEWS_LEX_BEGIN) && (f & NEWS_LEX_NOUN)) &&
			w[i] != 'h' &&
			!(w[i - 1] == 's' && strchr("cklmnptw", w[i]) != NULL) &&
			noun_with_link(lex, w, i))
		{
			f = NEWS_LEX_BEGIN | NEWS_LEX_NOUN;	/* "debatte|n|quickie" */
			linked = true;
		}
		/*
		 * A linking s rules out the surnames of name_like_ending():
		 * "verfassungs|schützler" (but not -n: "Friesen|bichler",
		 * "Klagen|furter").
		 */
		if ((f & NEWS_LEX_BEGIN) && (f & NEWS_LEX_NOUN) &&
			!compound_is_suffix(w + i, len - i) &&
			((linked && w[i - 1] == 's') ||
			 !name_like_ending(w + i, len - i)) &&
			news_lexicon_lookup(lex, w + i, len - i) == 0)
			return i;
	}
	return -1;
}
