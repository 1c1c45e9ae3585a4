/*-------------------------------------------------------------------------
 *
 * affix.c
 *	  Parsing of hunspell affix files (PFX/SFX rules with their conditions,
 *	  the compound and NEEDAFFIX/FORBIDDENWORD options) for the lexicon
 *	  loader in lexicon.c.  Pure C, no server headers.
 *
 * Only what the igerman98 files use is supported: "SET UTF-8", one-byte
 * flags (no FLAG long/num/UTF-8), conditions made of characters, "." and
 * bracket classes.  Anything else is reported as an error, not guessed.
 * Rules that add a hyphen (hunspell's "Arbeits-" / "-Tier" forms) are
 * dropped while parsing: the tokenizer splits at hyphens itself.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/na_alloc.h"
#include "tokenizer/affix.h"
#include "tokenizer/lexicon.h"

/*
 * na_alloc of n elements.  (The product goes through a variable: inside
 * the server na_alloc is a macro testing its argument for zero.)
 */
void *
affix_alloc_array(size_t n, size_t size)
{
	size_t		bytes = n * size;

	return na_alloc(bytes);
}

void *
affix_realloc_array(void *ptr, size_t n, size_t size)
{
	size_t		bytes = n * size;

	return na_realloc(ptr, bytes);
}

/*
 * Decode one UTF-8 character at s (n bytes available); returns its length
 * (1 for an invalid byte, whose value is then returned as is).
 */
int
affix_utf8_decode(const unsigned char *s, int n, uint32_t *cp)
{
	if (s[0] < 0x80 || n < 2)
	{
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80)
	{
		*cp = ((uint32_t) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && n >= 3 &&
		(s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
	{
		*cp = ((uint32_t) (s[0] & 0x0F) << 12) |
			((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && n >= 4 && (s[1] & 0xC0) == 0x80 &&
		(s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80)
	{
		*cp = ((uint32_t) (s[0] & 0x07) << 18) |
			((uint32_t) (s[1] & 0x3F) << 12) |
			((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	*cp = s[0];
	return 1;
}

/*
 * Read a whole file into a NUL-terminated buffer.  The buffer is allocated
 * before the file is opened: inside the server an allocation failure
 * raises an error, which must not leave an open FILE behind.
 */
char *
affix_read_file(const char *path, size_t *lenp, char *errbuf, size_t errbuflen)
{
	struct stat st;
	FILE	   *f;
	char	   *buf;
	size_t		got;

	if (stat(path, &st) != 0)
	{
		snprintf(errbuf, errbuflen, "could not open file \"%s\": %s",
				 path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MAX_FILE_BYTES)
	{
		snprintf(errbuf, errbuflen,
				 "file \"%s\" is not a regular file of at most %d MB",
				 path, MAX_FILE_BYTES / (1024 * 1024));
		return NULL;
	}
	buf = na_alloc((size_t) st.st_size + 1);
	f = fopen(path, "rb");
	if (f == NULL)
	{
		snprintf(errbuf, errbuflen, "could not open file \"%s\": %s",
				 path, strerror(errno));
		na_free(buf);
		return NULL;
	}
	got = fread(buf, 1, (size_t) st.st_size, f);
	if (ferror(f))
	{
		snprintf(errbuf, errbuflen, "could not read file \"%s\": %s",
				 path, strerror(errno));
		fclose(f);
		na_free(buf);
		return NULL;
	}
	fclose(f);
	buf[got] = '\0';
	*lenp = got;
	return buf;
}

/* Split a line (modified in place) into whitespace-separated fields. */
static int
split_fields(char *line, char **fields, int maxfields)
{
	int			n = 0;
	char	   *p = line;

	while (*p && n < maxfields)
	{
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		fields[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* NEWS_LEX_* bits named by a string of compound flags. */
uint16_t
affix_compound_bits(const AffixInfo *ai, const char *flags, int n, bool *onlyin)
{
	uint16_t	bits = 0;

	for (int i = 0; i < n; i++)
	{
		unsigned char f = (unsigned char) flags[i];

		if (f == 0)
			continue;
		if (f == ai->begin_flag || f == ai->compound_flag)
			bits |= NEWS_LEX_BEGIN;
		if (f == ai->middle_flag || f == ai->compound_flag)
			bits |= NEWS_LEX_MIDDLE;
		if (f == ai->end_flag || f == ai->compound_flag)
			bits |= NEWS_LEX_END;
		if (f == ai->onlyin_flag && onlyin)
			*onlyin = true;
	}
	return bits;
}

/* Parse a strip/add string: "0" means empty; "/flags" may follow add. */
static bool
parse_affix_text(const char *text, char *dst, int16_t *dstlen, const char **cont)
{
	const char *slash = cont ? strchr(text, '/') : NULL;
	int			len = slash ? (int) (slash - text) : (int) strlen(text);

	if (cont)
		*cont = slash ? slash + 1 : "";
	if (len == 1 && text[0] == '0')
		len = 0;
	if (len >= MAX_AFFIX_TEXT)
		return false;
	memcpy(dst, text, len);
	dst[len] = '\0';
	*dstlen = (int16_t) len;
	return true;
}

/* Parse a condition such as "[^aäe]en" or "." into rule->cond. */
static bool
parse_condition(const char *text, AffixRule *rule)
{
	const unsigned char *s = (const unsigned char *) text;
	int			n = (int) strlen(text);
	int			i = 0;

	rule->ncond = 0;
	if (n == 1 && s[0] == '.')
		return true;
	while (i < n)
	{
		CondPos    *pos;

		if (rule->ncond >= MAX_COND)
			return false;
		pos = &rule->cond[rule->ncond++];
		pos->any = false;
		pos->negate = false;
		pos->nchars = 0;
		if (s[i] == '.')
		{
			pos->any = true;
			i++;
		}
		else if (s[i] == '[')
		{
			i++;
			if (i < n && s[i] == '^')
			{
				pos->negate = true;
				i++;
			}
			while (i < n && s[i] != ']')
			{
				uint32_t	cp;

				if (pos->nchars >= MAX_COND_SET)
					return false;
				i += affix_utf8_decode(s + i, n - i, &cp);
				pos->chars[pos->nchars++] = cp;
			}
			if (i >= n)
				return false;	/* unterminated class */
			i++;
		}
		else
		{
			uint32_t	cp;

			i += affix_utf8_decode(s + i, n - i, &cp);
			pos->chars[pos->nchars++] = cp;
		}
	}
	return true;
}

/* Does a condition position accept the code point? */
static inline bool
cond_accepts(const CondPos *pos, uint32_t cp)
{
	bool		in = false;

	if (pos->any)
		return true;
	for (int i = 0; i < pos->nchars; i++)
		if (pos->chars[i] == cp)
			in = true;
	return in != pos->negate;
}

/*
 * Does the rule apply to the word (given as bytes and as code points)?
 * A prefix condition is matched at the start, a suffix one at the end, and
 * the strip string must be there too.
 */
bool
affix_rule_applies(const AffixRule *r, const char *word, int len,
			 const uint32_t *cps, int ncps)
{
	/*
	 * Checked in the order that rejects most rules soonest (this runs for
	 * every rule of every flag of every entry): the condition from the
	 * word's end inwards, then the strip string, byte by byte (mostly
	 * short or empty, not worth a memcmp call).
	 */
	if (r->striplen >= len || r->ncond > ncps)
		return false;
	if (r->prefix)
	{
		for (int i = 0; i < r->ncond; i++)
			if (!cond_accepts(&r->cond[i], cps[i]))
				return false;
		for (int i = 0; i < r->striplen; i++)
			if (word[i] != r->strip[i])
				return false;
	}
	else
	{
		const char *end = word + len - r->striplen;

		for (int i = r->ncond - 1; i >= 0; i--)
			if (!cond_accepts(&r->cond[i], cps[ncps - r->ncond + i]))
				return false;
		for (int i = 0; i < r->striplen; i++)
			if (end[i] != r->strip[i])
				return false;
	}
	return true;
}

/*
 * Parse the affix file.  Returns false with a message in errbuf when the
 * file uses something we do not support.
 */
bool
affix_parse(char *text, AffixInfo *ai, char *errbuf, size_t errbuflen,
			const char *path)
{
	int			cap = 1024;
	int			pending = 0;	/* rule lines still expected for a header */
	unsigned char pflag = 0;
	bool		pprefix = false,
				pcross = false;
	int			lineno = 0;
	char	   *line = text;

	ai->rules = affix_alloc_array(cap, sizeof(AffixRule));
	ai->nrules = 0;
	for (int i = 0; i < 256; i++)
	{
		ai->first[i] = -1;
		ai->count[i] = 0;
		ai->isprefix[i] = false;
	}
	ai->begin_flag = ai->middle_flag = ai->end_flag = ai->compound_flag = 0;
	ai->onlyin_flag = ai->needaffix_flag = ai->forbidden_flag = 0;

	while (line && *line)
	{
		char	   *next = strchr(line, '\n');
		char	   *f[8];
		int			nf;

		if (next)
			*next++ = '\0';
		lineno++;
		nf = split_fields(line, f, 8);
		line = next;
		if (nf == 0 || f[0][0] == '#')
			continue;
		if (strcmp(f[0], "SET") == 0 && nf >= 2 &&
			strcmp(f[1], "UTF-8") != 0)
		{
			snprintf(errbuf, errbuflen,
					 "affix file \"%s\": unsupported encoding \"%s\" (only UTF-8)",
					 path, f[1]);
			return false;
		}
		if (strcmp(f[0], "FLAG") == 0)
		{
			snprintf(errbuf, errbuflen,
					 "affix file \"%s\": unsupported flag type \"%s\"",
					 path, nf >= 2 ? f[1] : "");
			return false;
		}
#define FLAG_OPTION(name, field) \
		if (strcmp(f[0], name) == 0 && nf >= 2) \
		{ \
			ai->field = (unsigned char) f[1][0]; \
			continue; \
		}
		FLAG_OPTION("COMPOUNDBEGIN", begin_flag);
		FLAG_OPTION("COMPOUNDMIDDLE", middle_flag);
		FLAG_OPTION("COMPOUNDEND", end_flag);
		FLAG_OPTION("COMPOUNDFLAG", compound_flag);
		FLAG_OPTION("ONLYINCOMPOUND", onlyin_flag);
		FLAG_OPTION("NEEDAFFIX", needaffix_flag);
		FLAG_OPTION("PSEUDOROOT", needaffix_flag);
		FLAG_OPTION("FORBIDDENWORD", forbidden_flag);
#undef FLAG_OPTION
		if (strcmp(f[0], "PFX") != 0 && strcmp(f[0], "SFX") != 0)
			continue;
		if (nf < 4 || strlen(f[1]) != 1)
			goto malformed;
		if (pending == 0)
		{
			/* a header: PFX flag cross count */
			unsigned char flag = (unsigned char) f[1][0];
			long		count = strtol(f[3], NULL, 10);

			if (count <= 0 || count > 10000 || ai->first[flag] != -1)
				goto malformed;
			pflag = flag;
			pprefix = (f[0][0] == 'P');
			pcross = (f[2][0] == 'Y');
			pending = (int) count;
			ai->first[flag] = ai->nrules;
			ai->isprefix[flag] = pprefix;
			continue;
		}
		else
		{
			AffixRule  *r;
			const char *cont;

			if ((unsigned char) f[1][0] != pflag || (f[0][0] == 'P') != pprefix)
				goto malformed;
			if (ai->nrules == cap)
			{
				cap *= 2;
				ai->rules = affix_realloc_array(ai->rules, cap, sizeof(AffixRule));
			}
			r = &ai->rules[ai->nrules];
			r->flag = pflag;
			r->prefix = pprefix;
			r->cross = pcross;
			if (!parse_affix_text(f[2], r->strip, &r->striplen, NULL) ||
				!parse_affix_text(f[3], r->add, &r->addlen, &cont) ||
				!parse_condition(nf >= 5 ? f[4] : ".", r))
				goto malformed;
			r->contonly = false;
			r->contbits = affix_compound_bits(ai, cont, (int) strlen(cont),
										&r->contonly);
			pending--;
			/* hyphenated forms are never looked up: drop those rules */
			if (memchr(r->add, '-', r->addlen) != NULL ||
				memchr(r->add, '.', r->addlen) != NULL)
				continue;
			ai->nrules++;
			ai->count[pflag]++;
		}
	}
	if (pending != 0)
	{
		snprintf(errbuf, errbuflen,
				 "affix file \"%s\": affix block ends early", path);
		return false;
	}
	return true;

malformed:
	snprintf(errbuf, errbuflen, "affix file \"%s\": malformed line %d",
			 path, lineno);
	return false;
}
