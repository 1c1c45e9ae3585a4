/*-------------------------------------------------------------------------
 *
 * lexicon.h
 *	  Contract of the German lexicon (pure C core, lexicon.c).
 *
 * The lexicon is read from a hunspell word list and affix file (Debian's
 * hunspell-de-ch / hunspell-de-de, linked into PostgreSQL's tsearch_data as
 * de_ch.dict/de_ch.affix).  It answers "is this a German word form?" and
 * what the word list says about the form (NEWS_LEX_* bits), which the
 * compound splitter (compound.h) builds on.
 *
 * All words passed in are normalized by the caller: UTF-8, NFC, lower case,
 * ß folded to "ss", umlauts as ä/ö/ü.  The core includes no server headers;
 * it allocates through na_alloc.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_LEXICON_H
#define NEWS_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/na_hash.h"

typedef struct NewsLexicon NewsLexicon;

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
 * NA_FNV32_INIT and extended with na_fnv32() (common/na_hash.h).
 */
extern unsigned int news_lexicon_lookup_fnv(const NewsLexicon *lexicon,
											const char *word, int len,
											uint32_t fnv);

/* Number of distinct word forms (for reporting). */
extern size_t news_lexicon_size(const NewsLexicon *lexicon);

/* Length in bytes of the longest word form. */
extern int	news_lexicon_max_length(const NewsLexicon *lexicon);

#endif							/* NEWS_LEXICON_H */
