/*-------------------------------------------------------------------------
 *
 * affix.h
 *	  Internal contract between lexicon.c and affix.c: the parsed hunspell
 *	  affix file and the helpers the word list loader shares with it.
 *	  Not part of the extension's API (see lexicon.h for that).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NEWS_AFFIX_H
#define NEWS_AFFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_FILE_BYTES		(256 * 1024 * 1024)
#define MAX_COND			8	/* condition positions per rule */
#define MAX_COND_SET		24	/* code points per bracket class */
#define MAX_AFFIX_TEXT		32	/* bytes of strip / add strings */

/* One position of an affix condition: any char, or a (negated) set. */
typedef struct CondPos
{
	bool		any;
	bool		negate;
	int			nchars;
	uint32_t	chars[MAX_COND_SET];
} CondPos;

/* The fields tested first come first: one cache line decides most rules. */
typedef struct AffixRule
{
	unsigned char flag;
	bool		prefix;
	bool		cross;			/* may combine with affixes of the other kind */
	bool		contonly;		/* continuation has ONLYINCOMPOUND */
	uint16_t	contbits;		/* NEWS_LEX_* bits from continuation flags */
	int16_t		striplen;
	int16_t		addlen;
	int16_t		ncond;
	char		strip[MAX_AFFIX_TEXT];
	char		add[MAX_AFFIX_TEXT];
	CondPos		cond[MAX_COND];
} AffixRule;

/* What the affix file told us; only needed while loading. */
typedef struct AffixInfo
{
	AffixRule  *rules;
	int			nrules;
	int			first[256];		/* first rule of a flag, -1 if none */
	int			count[256];
	bool		isprefix[256];	/* the flag names prefix rules */
	unsigned char begin_flag,
				middle_flag,
				end_flag,
				compound_flag,
				onlyin_flag,
				needaffix_flag,
				forbidden_flag;
} AffixInfo;

/* na_alloc/na_realloc of n elements of size bytes */
extern void *affix_alloc_array(size_t n, size_t size);
extern void *affix_realloc_array(void *ptr, size_t n, size_t size);

/* one UTF-8 character at s (n bytes); returns its length, >= 1 */
extern int	affix_utf8_decode(const unsigned char *s, int n, uint32_t *cp);

/* a whole file as a NUL-terminated na_alloc'ed buffer, or NULL + errbuf */
extern char *affix_read_file(const char *path, size_t *lenp, char *errbuf,
							 size_t errbuflen);

/* parse an affix file (text is modified); false + errbuf if unsupported */
extern bool affix_parse(char *text, AffixInfo *ai, char *errbuf,
						size_t errbuflen, const char *path);

/* NEWS_LEX_* compound bits named by a string of flags; sets *onlyin */
extern uint16_t affix_compound_bits(const AffixInfo *ai, const char *flags,
									int n, bool *onlyin);

/* does the rule apply to the word (as bytes and as code points)? */
extern bool affix_rule_applies(const AffixRule *r, const char *word, int len,
							   const uint32_t *cps, int ncps);

#endif							/* NEWS_AFFIX_H */
