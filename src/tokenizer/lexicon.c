/*-------------------------------------------------------------------------
 *
 * lexicon.c
 *	  Loading of a hunspell word list + affix file into a compact table of
 *	  word forms, and lookup (pure C core, no server headers).
 *
 * The igerman98 dictionaries (Debian hunspell-de-ch / hunspell-de-de) mark
 * which words may take part in compounds with hunspell's COMPOUNDBEGIN,
 * COMPOUNDMIDDLE and COMPOUNDEND flags, partly on the entries themselves
 * (lower-case copies of nouns flagged "only in compounds, compound end"),
 * partly through continuation flags of affix rules ("SFX j 0 0/xoc": the
 * word itself may begin a compound).  Linking forms such as "Regierungs"
 * are entries of their own with NEEDAFFIX, usable only through those rules.
 *
 * We expand every entry with its prefix and suffix rules (so inflected
 * forms, plurals and genitives are known), fold each form to the
 * normalization the tokenizer uses (lower case, ß -> ss) and record per
 * form a small set of NEWS_LEX_* bits, OR-ed over all entries producing
 * that form.  Storage: one arena holding the bytes of all distinct forms
 * and an open-addressing hash table of 8-byte slots (arena offset, length,
 * a hash byte to skip most string compares, flags).  Forms with a hyphen
 * (hunspell's "Arbeits-" / "-Tier" tricks) are skipped; the tokenizer
 * splits on hyphens itself.
 *
 * The affix file itself is parsed by affix.c.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/na_alloc.h"
#include "tokenizer/affix.h"
#include "tokenizer/lexicon.h"

#define MAX_WORD_BYTES		120 /* longer entries are skipped */
#define MAX_WORD_CHARS		120

typedef struct LexSlot
{
	uint32_t	off;			/* arena offset; 0 = empty slot */
	uint8_t		len;
	uint8_t		hbyte;			/* high byte of the hash */
	uint16_t	flags;
} LexSlot;

struct NewsLexicon
{
	char	   *arena;
	size_t		arena_used;
	size_t		arena_size;
	LexSlot    *slots;
	uint32_t	mask;			/* number of slots - 1 (power of two) */
	uint32_t	nforms;
	int			maxlen;			/* longest form in bytes */
	struct PendingBatch *pending;	/* only while loading */
};

/*
 * Forms waiting to be inserted.  Inserting one form at a time costs a
 * cache miss on its slot (and another on the arena for a duplicate); in
 * batches we can prefetch the slots of all forms first and overlap those
 * misses, which halves the load time.
 */
#define BATCH_FORMS		256
#define BATCH_BYTES		(BATCH_FORMS * 64)

typedef struct PendingForm
{
	uint32_t	hash;
	uint32_t	off;			/* in PendingBatch.bytes */
	uint16_t	len;
	uint16_t	flags;
} PendingForm;

typedef struct PendingBatch
{
	int			n;
	int			used;
	PendingForm forms[BATCH_FORMS];
	char		bytes[BATCH_BYTES];
} PendingBatch;

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void) 0)
#endif

/* Is the code point an upper-case letter (ASCII or Latin-1)? */
static bool
is_upper(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') ||
		(cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/*
 * Fold a dictionary form the way the tokenizer normalizes words: lower
 * case (ASCII and Latin-1, which covers the German alphabet) and ß -> ss.
 * dst needs room for 2 * len bytes.  Returns the folded length.
 */
static int
fold_form(const char *src, int len, char *dst)
{
	const unsigned char *s = (const unsigned char *) src;
	int			o = 0;

	for (int i = 0; i < len; i++)
	{
		if (s[i] >= 'A' && s[i] <= 'Z')
			dst[o++] = (char) (s[i] + 32);
		else if (s[i] == 0xC3 && i + 1 < len && s[i + 1] == 0x9F)
		{
			dst[o++] = 's';		/* ß */
			dst[o++] = 's';
			i++;
		}
		else if (s[i] == 0xC3 && i + 1 < len &&
				 s[i + 1] >= 0x80 && s[i + 1] <= 0x9E && s[i + 1] != 0x97)
		{
			dst[o++] = (char) 0xC3;
			dst[o++] = (char) (s[i + 1] + 0x20);
			i++;
		}
		else if (s[i] == 0xE1 && i + 2 < len && s[i + 1] == 0xBA &&
				 s[i + 2] == 0x9E)
		{
			dst[o++] = 's';		/* capital sharp s */
			dst[o++] = 's';
			i += 2;
		}
		else
			dst[o++] = (char) s[i];
	}
	return o;
}

/*
 * The slot hash of a form: 32-bit FNV-1a (extendable, so that callers can
 * hash incrementally, see news_lexicon_lookup_fnv) plus the murmur3
 * finalizer, because FNV mixes upward only and the slot index is taken
 * from the low bits.
 */
static inline uint32_t
hash_bytes(const char *s, int len)
{
	return na_hash_finish32(na_fnv32(NA_FNV32_INIT, s, len));
}

/* Find the slot of a form, or the empty slot where it would go. */
static inline LexSlot *
find_slot(const NewsLexicon *lex, const char *s, int len, uint32_t h)
{
	uint32_t	i = h & lex->mask;
	uint8_t		hb = (uint8_t) (h >> 24);

	for (;;)
	{
		LexSlot    *slot = &lex->slots[i];

		if (slot->off == 0)
			return slot;
		if (slot->len == len && slot->hbyte == hb &&
			memcmp(lex->arena + slot->off, s, len) == 0)
			return slot;
		i = (i + 1) & lex->mask;
	}
}

/* Double the hash table and re-insert every form. */
static void
grow_table(NewsLexicon *lex)
{
	LexSlot    *old = lex->slots;
	uint32_t	oldsize = lex->mask + 1;
	uint32_t	newsize = oldsize * 2;

	lex->slots = affix_alloc_array(newsize, sizeof(LexSlot));
	memset(lex->slots, 0, sizeof(LexSlot) * newsize);
	lex->mask = newsize - 1;
	for (uint32_t i = 0; i < oldsize; i++)
	{
		if (old[i].off != 0)
		{
			const char *s = lex->arena + old[i].off;
			LexSlot    *slot = find_slot(lex, s, old[i].len,
										 hash_bytes(s, old[i].len));

			*slot = old[i];
		}
	}
	na_free(old);
}

/* Add a (folded) form with flags, OR-ing flags into an existing form. */
static void
insert_form(NewsLexicon *lex, const char *s, int len, uint16_t flags,
			uint32_t h)
{
	LexSlot    *slot;

	slot = find_slot(lex, s, len, h);
	if (slot->off != 0)
	{
		slot->flags |= flags;
		return;
	}
	if (lex->arena_used + len > lex->arena_size)
	{
		lex->arena_size *= 2;
		lex->arena = na_realloc(lex->arena, lex->arena_size);
	}
	memcpy(lex->arena + lex->arena_used, s, len);
	slot->off = (uint32_t) lex->arena_used;
	slot->len = (uint8_t) len;
	slot->hbyte = (uint8_t) (h >> 24);
	slot->flags = flags;
	lex->arena_used += len;
	lex->nforms++;
	if (len > lex->maxlen)
		lex->maxlen = len;
	/*
	 * Keep the load factor under 3/4: linear probing stays short, and a
	 * small table means fewer cache misses, which dominate the load time.
	 */
	if ((uint64_t) lex->nforms * 4 > ((uint64_t) lex->mask + 1) * 3)
		grow_table(lex);
}

/* Insert all pending forms, prefetching their slots and strings first. */
static void
flush_pending(NewsLexicon *lex)
{
	PendingBatch *pb = lex->pending;

	for (int i = 0; i < pb->n; i++)
		PREFETCH(&lex->slots[pb->forms[i].hash & lex->mask]);
	for (int i = 0; i < pb->n; i++)
	{
		const LexSlot *slot = &lex->slots[pb->forms[i].hash & lex->mask];

		if (slot->off != 0)
			PREFETCH(lex->arena + slot->off);
	}
	for (int i = 0; i < pb->n; i++)
		insert_form(lex, pb->bytes + pb->forms[i].off, pb->forms[i].len,
					pb->forms[i].flags, pb->forms[i].hash);
	pb->n = 0;
	pb->used = 0;
}

/* Queue a folded form for insertion. */
static void
queue_form(NewsLexicon *lex, const char *s, int len, uint16_t flags)
{
	PendingBatch *pb = lex->pending;
	PendingForm *pf;

	if (len <= 0 || len > 255)
		return;
	if (pb->n == BATCH_FORMS || pb->used + len > BATCH_BYTES)
		flush_pending(lex);
	pf = &pb->forms[pb->n++];
	memcpy(pb->bytes + pb->used, s, len);
	pf->off = (uint32_t) pb->used;
	pf->len = (uint16_t) len;
	pf->flags = flags;
	pf->hash = hash_bytes(s, len);
	pb->used += len;
}

/* Per-entry state while expanding one dictionary entry. */
typedef struct EntryCtx
{
	NewsLexicon *lex;
	uint16_t	rootbits;		/* compound bits of the entry */
	bool		onlyin;			/* entry is ONLYINCOMPOUND */
	bool		forbidden;
	bool		capital;
} EntryCtx;

/* Fold and record one generated form. */
static void
emit_form(const EntryCtx *ec, const char *form, int len, uint16_t contbits,
		  bool contonly)
{
	char		folded[2 * (MAX_WORD_BYTES + 2 * MAX_AFFIX_TEXT)];
	uint16_t	flags = ec->rootbits | contbits;
	int			flen;

	/* (hyphens and dots: see expand_entry and affix_parse) */
	if (len <= 0 || len > MAX_WORD_BYTES + 2 * MAX_AFFIX_TEXT)
		return;
	if (ec->forbidden)
		flags = NEWS_LEX_FORBIDDEN;
	else if (!ec->onlyin && !contonly)
		flags |= NEWS_LEX_WORD | (ec->capital ? NEWS_LEX_NOUN : NEWS_LEX_LOWER);
	if (flags == 0)
		return;
	flen = fold_form(form, len, folded);
	queue_form(ec->lex, folded, flen, flags);
}

/* Expand one entry "word/flags" with all its affix rules. */
static void
expand_entry(NewsLexicon *lex, const AffixInfo *ai, const char *word, int len,
			 const char *flags, int nflags)
{
	uint32_t	cps[MAX_WORD_CHARS];
	int			ncps = 0;
	EntryCtx	ec;
	bool		needaffix = false;
	char		buf[MAX_WORD_BYTES + 2 * MAX_AFFIX_TEXT];

	/*
	 * Entries with a hyphen or dot ("E-Mail", "z.B.") are never looked up:
	 * the tokenizer splits at those.  (Affix rules adding them are dropped
	 * by affix_parse, so the forms below cannot contain them either.)
	 */
	if (len <= 0 || len > MAX_WORD_BYTES ||
		memchr(word, '-', len) != NULL || memchr(word, '.', len) != NULL)
		return;
	for (int i = 0; i < len && ncps < MAX_WORD_CHARS;)
		i += affix_utf8_decode((const unsigned char *) word + i, len - i, &cps[ncps++]);

	ec.lex = lex;
	ec.onlyin = false;
	ec.rootbits = affix_compound_bits(ai, flags, nflags, &ec.onlyin);
	ec.capital = is_upper(cps[0]);
	ec.forbidden = false;
	for (int i = 0; i < nflags; i++)
	{
		if (ai->needaffix_flag && (unsigned char) flags[i] == ai->needaffix_flag)
			needaffix = true;
		if (ai->forbidden_flag && (unsigned char) flags[i] == ai->forbidden_flag)
			ec.forbidden = true;
	}
	if (!needaffix)
		emit_form(&ec, word, len, 0, false);

	for (int i = 0; i < nflags; i++)
	{
		unsigned char fl = (unsigned char) flags[i];

		for (int k = 0; k < ai->count[fl]; k++)
		{
			const AffixRule *r = &ai->rules[ai->first[fl] + k];
			int			blen;

			if (!affix_rule_applies(r, word, len, cps, ncps))
				continue;
			if (r->prefix)
			{
				memcpy(buf, r->add, r->addlen);
				memcpy(buf + r->addlen, word + r->striplen, len - r->striplen);
				blen = r->addlen + len - r->striplen;
				emit_form(&ec, buf, blen, r->contbits, r->contonly);
				continue;
			}
			memcpy(buf, word, len - r->striplen);
			memcpy(buf + len - r->striplen, r->add, r->addlen);
			blen = len - r->striplen + r->addlen;
			emit_form(&ec, buf, blen, r->contbits, r->contonly);

			/* cross product with the entry's prefixes */
			if (!r->cross)
				continue;
			for (int j = 0; j < nflags; j++)
			{
				unsigned char pf = (unsigned char) flags[j];

				if (!ai->isprefix[pf])
					continue;
				for (int m = 0; m < ai->count[pf]; m++)
				{
					const AffixRule *p = &ai->rules[ai->first[pf] + m];
					char		pbuf[sizeof(buf) + MAX_AFFIX_TEXT];

					if (!p->prefix || !p->cross ||
						!affix_rule_applies(p, word, len, cps, ncps) ||
						p->striplen > blen)
						continue;
					memcpy(pbuf, p->add, p->addlen);
					memcpy(pbuf + p->addlen, buf + p->striplen, blen - p->striplen);
					emit_form(&ec, pbuf, p->addlen + blen - p->striplen,
							  r->contbits | p->contbits,
							  r->contonly || p->contonly);
				}
			}
		}
	}
}

/*
 * Load the word list and affix file.  On failure returns NULL with a
 * message in errbuf; everything allocated so far is freed.
 */
NewsLexicon *
news_lexicon_load(const char *dict_path, const char *affix_path,
				  char *errbuf, size_t errbuflen)
{
	AffixInfo	ai;
	char	   *affix_text;
	char	   *dict_text;
	size_t		affix_len,
				dict_len;
	NewsLexicon *lex;
	char	   *line;
	bool		first_line = true;

	if (errbuflen > 0)
		errbuf[0] = '\0';
	affix_text = affix_read_file(affix_path, &affix_len, errbuf, errbuflen);
	if (affix_text == NULL)
		return NULL;
	if (!affix_parse(affix_text, &ai, errbuf, errbuflen, affix_path))
	{
		na_free(ai.rules);
		na_free(affix_text);
		return NULL;
	}
	na_free(affix_text);

	dict_text = affix_read_file(dict_path, &dict_len, errbuf, errbuflen);
	if (dict_text == NULL)
	{
		na_free(ai.rules);
		return NULL;
	}

	lex = na_alloc(sizeof(NewsLexicon));
	lex->arena_size = dict_len * 4 + 1024;
	lex->arena = na_alloc(lex->arena_size);
	lex->arena_used = 1;		/* offset 0 marks empty slots */
	/* about 4 forms per 15 bytes of word list: size the table for that */
	lex->mask = 1024 - 1;
	while ((lex->mask + 1) / 4 * 3 < dict_len / 15 * 4)
		lex->mask = lex->mask * 2 + 1;
	lex->slots = affix_alloc_array((size_t) lex->mask + 1, sizeof(LexSlot));
	memset(lex->slots, 0, sizeof(LexSlot) * (lex->mask + 1));
	lex->nforms = 0;
	lex->maxlen = 0;
	lex->pending = na_alloc(sizeof(PendingBatch));
	lex->pending->n = 0;
	lex->pending->used = 0;

	line = dict_text;
	while (line && *line)
	{
		char	   *next = strchr(line, '\n');
		char	   *end;
		char	   *slash;
		int			wlen;

		if (next)
			*next++ = '\0';
		/* comments: Debian's files have tab-indented header lines */
		if (line[0] == '\t' || line[0] == '#' || line[0] == ' ' ||
			line[0] == '\0' || line[0] == '\r')
		{
			line = next;
			continue;
		}
		/* the entry ends at white space (morphological fields follow) */
		end = line;
		while (*end && *end != ' ' && *end != '\t' && *end != '\r')
			end++;
		*end = '\0';
		if (first_line && strspn(line, "0123456789") == strlen(line))
		{
			first_line = false; /* the entry count */
			line = next;
			continue;
		}
		first_line = false;
		slash = strchr(line, '/');
		wlen = slash ? (int) (slash - line) : (int) strlen(line);
		expand_entry(lex, &ai, line, wlen, slash ? slash + 1 : "",
					 slash ? (int) strlen(slash + 1) : 0);
		line = next;
	}
	flush_pending(lex);
	na_free(lex->pending);
	lex->pending = NULL;
	na_free(dict_text);
	na_free(ai.rules);

	if (lex->nforms == 0)
	{
		snprintf(errbuf, errbuflen, "dictionary file \"%s\" holds no words",
				 dict_path);
		news_lexicon_free(lex);
		return NULL;
	}
	/* give back the unused tail of the arena */
	lex->arena_size = lex->arena_used;
	lex->arena = na_realloc(lex->arena, lex->arena_size);
	return lex;
}

void
news_lexicon_free(NewsLexicon *lexicon)
{
	if (lexicon == NULL)
		return;
	na_free(lexicon->arena);
	na_free(lexicon->slots);
	na_free(lexicon);
}

size_t
news_lexicon_memory(const NewsLexicon *lexicon)
{
	if (lexicon == NULL)
		return 0;
	return sizeof(NewsLexicon) + lexicon->arena_size +
		sizeof(LexSlot) * ((size_t) lexicon->mask + 1);
}

/* Number of distinct word forms (for reporting). */
size_t
news_lexicon_size(const NewsLexicon *lexicon)
{
	return lexicon ? lexicon->nforms : 0;
}

int
news_lexicon_max_length(const NewsLexicon *lexicon)
{
	return lexicon ? lexicon->maxlen : 0;
}

unsigned int
news_lexicon_lookup(const NewsLexicon *lexicon, const char *word, int len)
{
	const LexSlot *slot;

	if (lexicon == NULL || word == NULL || len <= 0 || len > lexicon->maxlen)
		return 0;
	slot = find_slot(lexicon, word, len, hash_bytes(word, len));
	return slot->off ? slot->flags : 0;
}

unsigned int
news_lexicon_lookup_fnv(const NewsLexicon *lexicon, const char *word, int len,
						uint32_t fnv)
{
	const LexSlot *slot;

	if (lexicon == NULL || word == NULL || len <= 0 || len > lexicon->maxlen)
		return 0;
	slot = find_slot(lexicon, word, len, na_hash_finish32(fnv));
	return slot->off ? slot->flags : 0;
}

bool
news_lexicon_contains(const NewsLexicon *lexicon, const char *word, int len)
{
	return (news_lexicon_lookup(lexicon, word, len) & NEWS_LEX_WORD) != 0;
}
