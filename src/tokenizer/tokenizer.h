/*-------------------------------------------------------------------------
 *
 * tokenizer.h
 *	  Contract of the German-aware tokenizer, as used by the rest of the
 *	  extension (news_vector construction, the text search parser).
 *
 * news_tokenize_terms() walks a text and reports every resulting search
 * term through a callback: normalized (NFC, case folded, ß -> ss, ...),
 * stemmed with Snowball "german", stop words removed.  A compound word
 * reports the term of the whole word (NEWS_TERM_WORD) followed by the terms
 * of its parts (NEWS_TERM_PART), all with the position of the word.
 * NEWS_TERM_CAPITAL is added when the word starts with a capital letter
 * and does not start a sentence (German nouns and names; news_vector()
 * weights them up).
 *
 * Terms are passed as (pointer, length); they are not NUL-terminated and
 * are only valid during the callback.  Positions count words from 1.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_TOKENIZER_H
#define NEWS_TOKENIZER_H

/* flags of a reported term */
#define NEWS_TERM_WORD		0x01	/* the term of a whole word */
#define NEWS_TERM_PART		0x02	/* the term of a compound part */
#define NEWS_TERM_CAPITAL	0x04	/* capitalised word inside a sentence */

typedef void (*NewsTermCallback) (void *arg, const char *term, int len,
								  int position, int flags);

extern void news_tokenize_terms(const char *text, int len,
								NewsTermCallback callback, void *arg);

#endif							/* NEWS_TOKENIZER_H */
