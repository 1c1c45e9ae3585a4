/*-------------------------------------------------------------------------
 *
 * compound.h
 *	  Contract of the German compound splitter (pure C core).
 *
 * The splitter cuts a word into the parts the lexicon (lexicon.h) knows,
 * using the compound flags of the hunspell word list and the German
 * linking elements (Fugen-s, -n, -en, -e, -er, ...).
 *
 * All words passed in are normalized by the caller: UTF-8, NFC, lower case,
 * ß folded to "ss", umlauts as ä/ö/ü.  The core includes no server headers;
 * it allocates through na_alloc.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_COMPOUND_H
#define NEWS_COMPOUND_H

#include "tokenizer/lexicon.h"

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
