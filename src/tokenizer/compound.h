/*-------------------------------------------------------------------------
 *
 * compound.h
 *	  Contract of the German lexicon and compound splitter (pure C core).
 *
 * The lexicon is read from a hunspell word list and affix file (Debian's
 * hunspell-de-ch / hunspell-de-de, linked into PostgreSQL's tsearch_data as
 * de_ch.dict/de_ch.affix).  It answers "is this a German word form?" and
 * splits compounds into their parts, using the compound flags of the word
 * list and the German linking elements (Fugen-s, -n, -en, -e, -er, ...).
 *
 * All words passed in are normalized by the caller: UTF-8, NFC, lower case,
 * ß folded to "ss", umlauts as ä/ö/ü.  The core includes no server headers;
 * it allocates through na_alloc.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_COMPOUND_H
#define NEWS_COMPOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct NewsLexicon NewsLexicon;

/* One part of a split compound: a substring of the word, linking element removed. */
typedef struct NewsCompoundPart
{
	int			offset;			/* byte offset in the word */
	int			length;			/* byte length */
} NewsCompoundPart;

#define NEWS_COMPOUND_MAX_PARTS 8

/* Longer words (in bytes) are never split; no real German word is. */
#define NEWS_COMPOUND_MAX_BYTES 128

/*
 * Load a lexicon.  Returns NULL and writes a message to errbuf on failure
 * (file missing or unreadable, malformed file).
 */
extern NewsLexicon *news_lexicon_load(const char *dict_path,
									  const char *affix_path,
									  char *errbuf, size_t errbuflen);
extern void news_lexicon_free(NewsLexicon *lexicon);

/* Bytes allocated for the lexicon (for reporting). */
extern size_t news_lexicon_memory(const NewsLexicon *lexicon);

/* Is the (normalized) word a known word form, affix forms included? */
extern bool news_lexicon_contains(const NewsLexicon *lexicon,
								  const char *word, int len);

/*
 * What the lexicon knows about a (normalized) word form: an OR of the
 * NEWS_LEX_* bits over all entries that produce the form; 0 if unknown.
 */
#define NEWS_LEX_WORD		0x0001	/* a word on its own */
#define NEWS_LEX_NOUN		0x0002	/* ... from a capitalized entry */
#define NEWS_LEX_LOWER		0x0004	/* ... from a lower-case entry */
#define NEWS_LEX_BEGIN		0x0008	/* may begin a compound */
#define NEWS_LEX_MIDDLE		0x0010	/* may be inside a compound */
#define NEWS_LEX_END		0x0020	/* may end a compound */
#define NEWS_LEX_FORBIDDEN	0x0040	/* listed as a wrong word */

extern unsigned int news_lexicon_lookup(const NewsLexicon *lexicon,
										const char *word, int len);

/*
 * Incremental lookup, for callers that try ever longer prefixes of a word:
 * fnv is the 32-bit FNV-1a state of the bytes of word, started with
 * NEWS_LEXICON_FNV_INIT and extended with news_lexicon_fnv().
 */
#define NEWS_LEXICON_FNV_INIT 2166136261u

static inline uint32_t
news_lexicon_fnv(uint32_t h, const char *s, int len)
{
	for (int i = 0; i < len; i++)
		h = (h ^ (unsigned char) s[i]) * 16777619u;
	return h;
}

extern unsigned int news_lexicon_lookup_fnv(const NewsLexicon *lexicon,
											const char *word, int len,
											uint32_t fnv);

/* Number of distinct word forms (for reporting). */
extern size_t news_lexicon_size(const NewsLexicon *lexicon);

/* Length in bytes of the longest word form. */
extern int	news_lexicon_max_length(const NewsLexicon *lexicon);

/*
 * Split a normalized word into compound parts.  Returns the number of parts
 * written to parts[] (at most maxparts); 0 when the word is not a compound.
 * A compound always yields at least two parts.  Any byte string is
 * accepted (invalid UTF-8 just does not split); words longer than
 * NEWS_COMPOUND_MAX_BYTES are not split.  Hyphenated words yield their
 * segments (each split again if it is a compound).
 */
extern int	news_compound_split(const NewsLexicon *lexicon,
								const char *word, int len,
								NewsCompoundPart *parts, int maxparts);

#endif							/* NEWS_COMPOUND_H */
