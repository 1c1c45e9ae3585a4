/*-------------------------------------------------------------------------
 *
 * termstats_core.c
 *	  Pure core of news_termstats (no server headers): the counting hash
 *	  table, pruning to the size cap, the flat sorted form, lookups, the
 *	  invariant check, and text input/output.  See termstats.h for the
 *	  layout and the error bound of pruning.
 *
 * The table stores term bytes in one growing arena and items in an array;
 * the open-addressing slot array (linear probing, load <= 1/2) maps a hash
 * to an item index.  Counting a term once per document costs one hash, one
 * probe sequence and a compare of lastdoc, with no per-document set.
 *
 *-------------------------------------------------------------------------
 */
#include "common/na_alloc.h"
#include "trends/termstats.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * term_hash
 *		FNV-1a over the bytes with a final avalanche; only used in memory.
 */
static uint32_t
term_hash(const char *s, int len)
{
	uint32_t	h = 2166136261u;
	int			i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

/*
 * nts_term_cmp
 *		Byte order, a prefix before the longer term: the order of a flat
 *		state's entries.
 */
int
nts_term_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/*
 * nts_table_new
 *		An empty counting table (allocated with na_alloc, so in the caller's
 *		current memory context inside the server).
 */
NewsTermTable *
nts_table_new(void)
{
	NewsTermTable *t = na_alloc(sizeof(NewsTermTable));

	memset(t, 0, sizeof(NewsTermTable));
	t->maxitems = 256;
	t->items = na_alloc(sizeof(NewsTermItem) * t->maxitems);
	t->nslots = 512;
	t->slots = na_alloc(sizeof(int32_t) * t->nslots);
	memset(t->slots, 0xff, sizeof(int32_t) * t->nslots);
	t->arenasize = 4096;
	t->arena = na_alloc(t->arenasize);
	t->maxdocitems = 256;
	t->docitems = na_alloc(sizeof(uint32_t) * t->maxdocitems);
	return t;
}

/*
 * nts_table_free
 *		Release a table and everything it owns.
 */
void
nts_table_free(NewsTermTable *t)
{
	if (t == NULL)
		return;
	na_free(t->items);
	na_free(t->slots);
	na_free(t->arena);
	na_free(t->docitems);
	na_free(t);
}

/*
 * rehash
 *		Rebuild the slot array with nslots slots from the items.
 */
static void
rehash(NewsTermTable *t, uint32_t nslots)
{
	uint32_t	i;

	na_free(t->slots);
	t->nslots = nslots;
	t->slots = na_alloc(sizeof(int32_t) * nslots);
	memset(t->slots, 0xff, sizeof(int32_t) * nslots);
	for (i = 0; i < t->nitems; i++)
	{
		uint32_t	s = t->items[i].hash & (nslots - 1);

		while (t->slots[s] >= 0)
			s = (s + 1) & (nslots - 1);
		t->slots[s] = (int32_t) i;
	}
}

/*
 * lookup_or_insert
 *		The item of the term, inserted with df 0 and lastdoc -1 if new.
 */
static NewsTermItem *
lookup_or_insert(NewsTermTable *t, const char *term, int len, bool *found)
{
	uint32_t	h = term_hash(term, len);
	uint32_t	s = h & (t->nslots - 1);
	NewsTermItem *it;

	for (;;)
	{
		int32_t		ix = t->slots[s];

		if (ix < 0)
			break;
		it = &t->items[ix];
		if (it->hash == h && it->len == (uint32_t) len &&
			memcmp(t->arena + it->off, term, len) == 0)
		{
			*found = true;
			return it;
		}
		s = (s + 1) & (t->nslots - 1);
	}
	*found = false;

	/* grow items, arena and slots as needed (all at most doubling) */
	if (t->nitems == t->maxitems)
	{
		t->maxitems *= 2;
		t->items = na_realloc(t->items, sizeof(NewsTermItem) * t->maxitems);
	}
	if (t->arenalen + len > t->arenasize)
	{
		while (t->arenalen + len > t->arenasize)
			t->arenasize *= 2;
		t->arena = na_realloc(t->arena, t->arenasize);
	}
	memcpy(t->arena + t->arenalen, term, len);
	it = &t->items[t->nitems];
	it->df = 0;
	it->mass = 0;
	it->lastdoc = -1;
	it->hash = h;
	it->off = (uint32_t) t->arenalen;
	it->len = (uint32_t) len;
	t->arenalen += len;
	t->slots[s] = (int32_t) t->nitems;
	t->nitems++;
	if ((uint64_t) t->nitems * 2 > t->nslots)
		rehash(t, t->nslots * 2);
	return it;
}

/*
 * nts_table_begin_doc
 *		Start a document: terms counted from now on belong to it.
 */
void
nts_table_begin_doc(NewsTermTable *t)
{
	t->ndocs++;
	t->ndocitems = 0;
}

/*
 * nts_table_count_doc
 *		Count a term for the current document, once however often it occurs.
 */
void
nts_table_count_doc(NewsTermTable *t, const char *term, int len)
{
	bool		found;
	NewsTermItem *it;

	if (len <= 0 || len > NTS_MAX_TERM_LEN)
		return;
	it = lookup_or_insert(t, term, len, &found);
	if (it->lastdoc != t->ndocs)
	{
		it->lastdoc = t->ndocs;
		it->df++;
		if (t->ndocitems == t->maxdocitems)
		{
			t->maxdocitems *= 2;
			t->docitems = na_realloc(t->docitems,
									 sizeof(uint32_t) * t->maxdocitems);
		}
		t->docitems[t->ndocitems++] = (uint32_t) (it - t->items);
	}
}

/*
 * nts_table_end_doc
 *		The document's distinct terms share one unit of mass equally.
 */
void
nts_table_end_doc(NewsTermTable *t)
{
	uint32_t	i;
	double		share;

	if (t->ndocitems == 0)
		return;
	share = 1.0 / t->ndocitems;
	for (i = 0; i < t->ndocitems; i++)
		t->items[t->docitems[i]].mass += share;
	t->mass += 1.0;
	t->ndocitems = 0;
}

/*
 * nts_table_add
 *		Add counts of a term (merging, text and binary input).
 */
bool
nts_table_add(NewsTermTable *t, const char *term, int len, int64_t df,
			  double mass)
{
	bool		found;
	NewsTermItem *it = lookup_or_insert(t, term, len, &found);

	it->df += df;
	it->mass += mass;
	return !found;
}

/*
 * nts_table_add_state
 *		Add a flat state: its terms, documents, mass and error bound.
 */
void
nts_table_add_state(NewsTermTable *t, const NewsTermStats *s)
{
	uint32_t	i;

	for (i = 0; i < s->nterms; i++)
	{
		NA_CHECK_INTERRUPTS();
		nts_table_add(t, NTS_TERM(s, i), (int) s->entries[i].len,
					  s->entries[i].df, s->entries[i].mass);
	}
	t->ndocs += s->ndocs;
	t->error += s->error;
	t->mass += s->mass;
}

/* sort context for qsort (the cores are single-threaded) */
static const NewsTermTable *sort_table;

/* frequent first, then byte order: which terms survive a prune */
static int
cmp_df_desc(const void *a, const void *b)
{
	const NewsTermItem *x = a;
	const NewsTermItem *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return nts_term_cmp(sort_table->arena + x->off, (int) x->len,
						sort_table->arena + y->off, (int) y->len);
}

/* byte order of the terms: the order of a flat state */
static int
cmp_term(const void *a, const void *b)
{
	const NewsTermItem *x = a;
	const NewsTermItem *y = b;

	return nts_term_cmp(sort_table->arena + x->off, (int) x->len,
						sort_table->arena + y->off, (int) y->len);
}

/*
 * nts_table_prune
 *		Keep the cap most frequent terms; the largest dropped frequency is
 *		added to the error bound.  The arena is compacted.
 */
void
nts_table_prune(NewsTermTable *t, uint32_t cap)
{
	char	   *arena;
	size_t		len = 0;
	uint32_t	i;

	if (t->nitems <= cap)
		return;
	sort_table = t;
	qsort(t->items, t->nitems, sizeof(NewsTermItem), cmp_df_desc);
	t->error += t->items[cap].df;
	t->nitems = cap;
	arena = na_alloc(t->arenasize);
	for (i = 0; i < cap; i++)
	{
		memcpy(arena + len, t->arena + t->items[i].off, t->items[i].len);
		t->items[i].off = (uint32_t) len;
		/* a pruned table counts documents afresh (merges keep lastdoc) */
		len += t->items[i].len;
	}
	na_free(t->arena);
	t->arena = arena;
	t->arenalen = len;
	rehash(t, t->nslots);
}

/*
 * nts_table_flatten
 *		Prune to cap, then build the flat form sorted by term bytes.
 */
NewsTermStats *
nts_table_flatten(NewsTermTable *t, uint32_t cap)
{
	NewsTermStats *s;
	NewsTermItem *items;
	size_t		strbytes = 0;
	char	   *strings;
	uint32_t	i;

	nts_table_prune(t, cap);
	items = na_alloc(sizeof(NewsTermItem) * (t->nitems ? t->nitems : 1));
	memcpy(items, t->items, sizeof(NewsTermItem) * t->nitems);
	sort_table = t;
	qsort(items, t->nitems, sizeof(NewsTermItem), cmp_term);
	for (i = 0; i < t->nitems; i++)
		strbytes += items[i].len;
	s = na_alloc(NTS_SIZE(t->nitems, strbytes));
	s->vl_len_ = (int32_t) NTS_SIZE(t->nitems, strbytes);
	s->flags = 0;
	s->nterms = t->nitems;
	s->strbytes = (uint32_t) strbytes;
	s->ndocs = t->ndocs;
	s->error = t->error;
	s->mass = t->mass;
	strings = (char *) (s->entries + s->nterms);
	strbytes = 0;
	for (i = 0; i < t->nitems; i++)
	{
		s->entries[i].df = items[i].df;
		s->entries[i].mass = items[i].mass;
		s->entries[i].off = (uint32_t) strbytes;
		s->entries[i].len = items[i].len;
		memcpy(strings + strbytes, t->arena + items[i].off, items[i].len);
		strbytes += items[i].len;
	}
	na_free(items);
	return s;
}

/*
 * nts_lookup
 *		The stored df of a term, by binary search over the sorted entries.
 */
int64_t
nts_lookup(const NewsTermStats *s, const char *term, int len)
{
	uint32_t	lo = 0,
				hi = s->nterms;

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;
		int			c = nts_term_cmp(NTS_TERM(s, mid), (int) s->entries[mid].len,
									 term, len);

		if (c == 0)
			return s->entries[mid].df;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * nts_check
 *		Every invariant of termstats.h on an untrusted flat state.
 */
const char *
nts_check(const NewsTermStats *s, size_t size)
{
	uint32_t	i;
	size_t		expect = 0;

	if (size < NTS_HDRSIZE)
		return "state too short";
	if (s->flags & ~NTS_KNOWN_FLAGS)
		return "unknown flags";
	if (s->nterms > NTS_MAX_TERMS)
		return "too many terms";
	if (s->ndocs < 0 || s->error < 0)
		return "negative document count or error";
	if (!(s->mass >= 0 && s->mass <= (double) s->ndocs))
		return "total mass out of range";
	if (NTS_SIZE(s->nterms, s->strbytes) != size)
		return "size does not match the header";
	for (i = 0; i < s->nterms; i++)
	{
		const NewsTermEntry *e = &s->entries[i];

		if (e->len == 0 || e->len > NTS_MAX_TERM_LEN || e->off != expect ||
			(size_t) e->off + e->len > s->strbytes)
			return "bad term offset or length";
		expect += e->len;
		if (e->df < 1 || e->df > s->ndocs)
			return "document frequency out of range";
		if (!(e->mass > 0 && e->mass <= (double) e->df))
			return "term mass out of range";
		if (i > 0 && nts_term_cmp(NTS_TERM(s, i - 1), (int) s->entries[i - 1].len,
								  NTS_TERM(s, i), (int) e->len) >= 0)
			return "terms not sorted or duplicated";
	}
	if (expect != s->strbytes)
		return "string bytes do not match the terms";
	return NULL;
}

/* ---------------------------------------------------------------------
 * Text input and output
 * ---------------------------------------------------------------------
 */

/* skip blanks between tokens */
static void
skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/*
 * parse_int
 *		A non-negative decimal integer below 2^62 (keeps every sum of two
 *		counts in range); false on syntax or range error.
 */
static bool
parse_int(const char **p, int64_t *out, bool *range)
{
	int64_t		v = 0;
	const char *q = *p;

	*range = false;
	if (*q < '0' || *q > '9')
		return false;
	while (*q >= '0' && *q <= '9')
	{
		if (v > ((INT64_C(1) << 62) - 10) / 10)
		{
			*range = true;
			return false;
		}
		v = v * 10 + (*q - '0');
		q++;
	}
	*p = q;
	*out = v;
	return true;
}

/*
 * parse_mass
 *		A finite non-negative decimal (digits, point, exponent; no inf/nan,
 *		no sign, no hex); false on syntax or range error.
 */
static bool
parse_mass(const char **p, double *out, bool *range)
{
	const char *q = *p;
	char	   *end;
	char		buf[64];
	size_t		n = 0;

	*range = false;
	if (!((*q >= '0' && *q <= '9') || *q == '.'))
		return false;
	while (n < sizeof(buf) - 1 &&
		   ((q[n] >= '0' && q[n] <= '9') || q[n] == '.' || q[n] == 'e' ||
			q[n] == 'E' || ((q[n] == '-' || q[n] == '+') && n > 0 &&
							(q[n - 1] == 'e' || q[n - 1] == 'E'))))
		n++;
	memcpy(buf, q, n);
	buf[n] = '\0';
	*out = strtod(buf, &end);
	if (end == buf)
		return false;
	if (!isfinite(*out))
	{
		*range = true;
		return false;
	}
	*p = q + (end - buf);
	return true;
}

/* record an error, free the partial result, return NULL */
static NewsTermStats *
parse_fail(NewsTermStatsError *err, int code, const char *detail,
		   const char *input, const char *at, NewsTermTable *t, char *buf)
{
	err->code = code;
	err->detail = detail;
	err->pos = (size_t) (at - input);
	nts_table_free(t);
	if (buf)
		na_free(buf);
	return NULL;
}

/*
 * nts_parse_text
 *		Parse the text form (see termstats.h); NULL and *err on failure.
 */
NewsTermStats *
nts_parse_text(const char *input, NewsTermVerifyFunc verify, void *arg,
			   NewsTermStatsError *err)
{
	const char *p = input;
	NewsTermTable *t = nts_table_new();
	size_t		inlen = strlen(input);
	char	   *buf = na_alloc(inlen + 1);
	bool		have_mass = false;
	bool		range;
	int64_t		v;
	double		m;
	NewsTermStats *s;

	err->code = 0;
	err->detail = NULL;
	err->pos = 0;

	/* ndocs=N [error=E] */
	skip_space(&p);
	if (strncmp(p, "ndocs=", 6) != 0)
		return parse_fail(err, NTS_ERR_SYNTAX, "expected \"ndocs=\"", input, p, t, buf);
	p += 6;
	if (!parse_int(&p, &t->ndocs, &range))
		return parse_fail(err, range ? NTS_ERR_RANGE : NTS_ERR_SYNTAX,
						  range ? "ndocs out of range" : "expected a number",
						  input, p, t, buf);
	skip_space(&p);
	if (strncmp(p, "error=", 6) == 0)
	{
		p += 6;
		if (!parse_int(&p, &t->error, &range))
			return parse_fail(err, range ? NTS_ERR_RANGE : NTS_ERR_SYNTAX,
							  range ? "error out of range" : "expected a number",
							  input, p, t, buf);
		skip_space(&p);
	}
	if (strncmp(p, "mass=", 5) == 0)
	{
		p += 5;
		if (!parse_mass(&p, &t->mass, &range))
			return parse_fail(err, range ? NTS_ERR_RANGE : NTS_ERR_SYNTAX,
							  range ? "mass out of range" : "expected a mass",
							  input, p, t, buf);
		if (t->mass > (double) t->ndocs)
			return parse_fail(err, NTS_ERR_RANGE,
							  "the total mass must be between 0 and ndocs",
							  input, p, t, buf);
		have_mass = true;
		skip_space(&p);
	}
	if (!have_mass)
		t->mass = (double) t->ndocs;
	if (*p != '{')
		return parse_fail(err, NTS_ERR_SYNTAX, "expected \"{\"", input, p, t, buf);
	p++;
	skip_space(&p);
	if (*p == '}')
		p++;
	else
	{
		for (;;)
		{
			const char *start;
			int			len = 0;

			NA_CHECK_INTERRUPTS();
			skip_space(&p);
			if (*p != '"')
				return parse_fail(err, NTS_ERR_SYNTAX, "expected a quoted term",
								  input, p, t, buf);
			start = p;
			p++;
			while (*p != '"')
			{
				if (*p == '\0')
					return parse_fail(err, NTS_ERR_SYNTAX, "unterminated term",
									  input, p, t, buf);
				if (*p == '\\')
				{
					p++;
					if (*p != '"' && *p != '\\')
						return parse_fail(err, NTS_ERR_SYNTAX,
										  "only \\\" and \\\\ are escapes",
										  input, p, t, buf);
				}
				buf[len++] = *p++;
			}
			p++;
			if (len == 0)
				return parse_fail(err, NTS_ERR_SYNTAX, "empty term", input, start, t, buf);
			if (len > NTS_MAX_TERM_LEN)
				return parse_fail(err, NTS_ERR_RANGE, "term longer than 2048 bytes",
								  input, start, t, buf);
			if (verify && !verify(arg, buf, len))
				return parse_fail(err, NTS_ERR_ENCODING, "invalid term text",
								  input, start, t, buf);
			skip_space(&p);
			if (*p != ':')
				return parse_fail(err, NTS_ERR_SYNTAX, "expected \":\"", input, p, t, buf);
			p++;
			skip_space(&p);
			if (!parse_int(&p, &v, &range))
				return parse_fail(err, range ? NTS_ERR_RANGE : NTS_ERR_SYNTAX,
								  range ? "document frequency out of range" :
								  "expected a document frequency",
								  input, p, t, buf);
			if (v < 1 || v > t->ndocs)
				return parse_fail(err, NTS_ERR_RANGE,
								  "a document frequency must be between 1 and ndocs",
								  input, p, t, buf);
			m = (double) v;
			skip_space(&p);
			if (*p == '/')
			{
				p++;
				skip_space(&p);
				if (!parse_mass(&p, &m, &range))
					return parse_fail(err, range ? NTS_ERR_RANGE : NTS_ERR_SYNTAX,
									  range ? "mass out of range" : "expected a mass",
									  input, p, t, buf);
				if (!(m > 0 && m <= (double) v))
					return parse_fail(err, NTS_ERR_RANGE,
									  "a term's mass must be above 0 and at most its document frequency",
									  input, p, t, buf);
			}
			if (t->nitems >= NTS_MAX_TERMS)
				return parse_fail(err, NTS_ERR_TOO_MANY, "too many terms",
								  input, start, t, buf);
			if (!nts_table_add(t, buf, len, v, m))
				return parse_fail(err, NTS_ERR_DUPLICATE, "duplicate term",
								  input, start, t, buf);
			skip_space(&p);
			if (*p == ',')
			{
				p++;
				continue;
			}
			if (*p == '}')
			{
				p++;
				break;
			}
			return parse_fail(err, NTS_ERR_SYNTAX, "expected \",\" or \"}\"",
							  input, p, t, buf);
		}
	}
	skip_space(&p);
	if (*p != '\0')
		return parse_fail(err, NTS_ERR_SYNTAX, "junk after \"}\"", input, p, t, buf);

	/* no pruning on input: what was written is kept */
	s = nts_table_flatten(t, UINT32_MAX);
	nts_table_free(t);
	na_free(buf);
	return s;
}

/*
 * format_mass
 *		The shortest %g form of d that reads back as exactly d.
 */
static int
format_mass(char *buf, size_t size, double d)
{
	int			prec,
				n = 0;

	for (prec = 1; prec <= 17; prec++)
	{
		n = snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return n;
}

/*
 * nts_to_text
 *		The text form; terms in stored (byte) order.
 */
char *
nts_to_text(const NewsTermStats *s, size_t *outlen)
{
	size_t		size = 128;
	size_t		len;
	char	   *out;
	uint32_t	i;

	/*
	 * Worst case.  The header "ndocs=N error=N mass=M {" and the closing
	 * "}" with its NUL need at most 87 bytes (two 20-character integers, a
	 * 24-character %.17g double); a term at most twice its bytes (every
	 * byte escaped) plus quotes, colon, df, slash, mass and comma (49).
	 */
	size += (size_t) s->strbytes * 2 + (size_t) s->nterms * 56;
	out = na_alloc(size);
	len = (size_t) snprintf(out, size, "ndocs=%lld error=%lld mass=",
							(long long) s->ndocs, (long long) s->error);
	len += (size_t) format_mass(out + len, size - len, s->mass);
	out[len++] = ' ';
	out[len++] = '{';
	for (i = 0; i < s->nterms; i++)
	{
		const char *term = NTS_TERM(s, i);
		uint32_t	j;

		NA_CHECK_INTERRUPTS();
		if (i > 0)
			out[len++] = ',';
		out[len++] = '"';
		for (j = 0; j < s->entries[i].len; j++)
		{
			if (term[j] == '"' || term[j] == '\\')
				out[len++] = '\\';
			out[len++] = term[j];
		}
		out[len++] = '"';
		len += (size_t) snprintf(out + len, size - len, ":%lld/",
								 (long long) s->entries[i].df);
		len += (size_t) format_mass(out + len, size - len, s->entries[i].mass);
	}
	out[len++] = '}';
	out[len] = '\0';
	if (outlen)
		*outlen = len;
	return out;
}

/* sort context of nts_sort_by_df */
static const NewsTermStats *sort_state;

/* df descending, then entry (term) order */
static int
cmp_entry_df(const void *a, const void *b)
{
	const NewsTermEntry *x = &sort_state->entries[*(const uint32_t *) a];
	const NewsTermEntry *y = &sort_state->entries[*(const uint32_t *) b];

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return (x > y) - (x < y);
}

/*
 * nts_sort_by_df
 *		Sort order[0 .. nterms-1] (entry indexes) by df descending, then by
 *		term (entries are in term order already).
 */
void
nts_sort_by_df(const NewsTermStats *s, uint32_t *order)
{
	sort_state = s;
	qsort(order, s->nterms, sizeof(uint32_t), cmp_entry_df);
}

/* ---------------------------------------------------------------------
 * Merging flat states
 * ---------------------------------------------------------------------
 */

/*
 * A cursor of the k-way merge: the next entry of one state, with the first
 * eight term bytes as a big-endian key so that most comparisons are one
 * integer comparison (zero padding keeps the byte order of nts_term_cmp:
 * when the keys are equal and a term has at most eight bytes, it is a
 * prefix of the other one).
 */
typedef struct MergeCursor
{
	uint64_t	key;
	const char *term;
	uint32_t	len;
	uint32_t	i;				/* entry index in s */
	const NewsTermStats *s;
} MergeCursor;

/* the first eight bytes of a term, big-endian, zero-padded */
static inline uint64_t
term_key(const char *t, uint32_t len)
{
	uint64_t	k = 0;
	uint32_t	i;

	for (i = 0; i < 8; i++)
		k = (k << 8) | (i < len ? (unsigned char) t[i] : 0);
	return k;
}

/* the order of nts_term_cmp on (key, term, len) triples */
static inline int
key_cmp(uint64_t ak, const char *a, uint32_t alen,
		uint64_t bk, const char *b, uint32_t blen)
{
	if (ak != bk)
		return ak < bk ? -1 : 1;
	if (alen > 8 && blen > 8)
	{
		int			c = memcmp(a + 8, b + 8, (alen < blen ? alen : blen) - 8);

		if (c != 0)
			return c;
	}
	return (alen > blen) - (alen < blen);
}

/* point a cursor at its entry i; false when the state is used up */
static inline bool
cursor_load(MergeCursor *c)
{
	if (c->i >= c->s->nterms)
		return false;
	c->term = NTS_TERM(c->s, c->i);
	c->len = c->s->entries[c->i].len;
	c->key = term_key(c->term, c->len);
	return true;
}

/* restore the min-heap property from position i down */
static void
heap_sift_down(MergeCursor *h, int n, int i)
{
	MergeCursor x = h[i];

	for (;;)
	{
		int			c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n &&
			key_cmp(h[c + 1].key, h[c + 1].term, h[c + 1].len,
					h[c].key, h[c].term, h[c].len) < 0)
			c++;
		if (key_cmp(h[c].key, h[c].term, h[c].len, x.key, x.term, x.len) >= 0)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/*
 * select_df
 *		The m-th largest value (0-based) of v[0 .. n-1], which it reorders:
 *		quickselect, expected O(n).
 */
static int64_t
select_df(int64_t *v, uint32_t n, uint32_t m)
{
	uint32_t	lo = 0,
				hi = n - 1;

	while (lo < hi)
	{
		int64_t		pivot = v[lo + (hi - lo) / 2];
		uint32_t	i = lo,
					j = hi;

		NA_CHECK_INTERRUPTS();
		/* Hoare partition, descending: v[lo..j] >= pivot >= v[j+1..hi] */
		for (;;)
		{
			int64_t		tmp;

			while (v[i] > pivot)
				i++;
			while (v[j] < pivot)
				j--;
			if (i >= j)
				break;
			tmp = v[i];
			v[i] = v[j];
			v[j] = tmp;
			i++;
			j--;
		}
		if (m <= j)
			hi = j;
		else
			lo = j + 1;
	}
	return v[m];
}

/*
 * nts_merge_states
 *		The sum of n flat states: documents, masses and error bounds add up,
 *		and so do the counts of each term.  A k-way merge walk over the
 *		sorted entries (a binary heap of cursors): O(E log n) for E entries
 *		in all, no hashing, no allocation per term, and the result comes out
 *		sorted.  When more than slack terms result, only the cap most
 *		frequent are kept (ties: smaller term bytes first) and the error
 *		bound grows by the largest document frequency dropped, exactly as
 *		nts_table_prune() does.
 */
NewsTermStats *
nts_merge_states(const NewsTermStats *const *states, int n, uint32_t cap,
				 uint32_t slack)
{
	MergeCursor *heap;
	NewsTermEntry *ent;
	char	   *str;
	size_t		maxterms = 0,
				maxbytes = 0,
				slen = 0;
	uint32_t	nout = 0,
				keep,
				i;
	int			nheap = 0,
				k;
	int64_t		ndocs = 0,
				error = 0;
	double		mass = 0;
	NewsTermStats *s;
	char	   *strings;

	if (slack < cap)
		slack = cap;
	for (k = 0; k < n; k++)
	{
		maxterms += states[k]->nterms;
		maxbytes += states[k]->strbytes;
		ndocs += states[k]->ndocs;
		error += states[k]->error;
		mass += states[k]->mass;
	}
	heap = na_alloc(sizeof(MergeCursor) * (n > 0 ? n : 1));
	ent = na_alloc(sizeof(NewsTermEntry) * (maxterms ? maxterms : 1));
	str = na_alloc(maxbytes ? maxbytes : 1);
	for (k = 0; k < n; k++)
	{
		heap[nheap].s = states[k];
		heap[nheap].i = 0;
		if (cursor_load(&heap[nheap]))
			nheap++;
	}
	for (k = nheap / 2 - 1; k >= 0; k--)
		heap_sift_down(heap, nheap, k);

	/* pop the smallest term with all its copies, add their counts */
	while (nheap > 0)
	{
		uint64_t	key = heap[0].key;
		const char *term = heap[0].term;
		uint32_t	len = heap[0].len;
		int64_t		df = 0;
		double		m = 0;

		NA_CHECK_INTERRUPTS();
		do
		{
			const NewsTermEntry *e = &heap[0].s->entries[heap[0].i];

			df += e->df;
			m += e->mass;
			heap[0].i++;
			if (!cursor_load(&heap[0]))
				heap[0] = heap[--nheap];
			if (nheap > 1)
				heap_sift_down(heap, nheap, 0);
		} while (nheap > 0 &&
				 key_cmp(heap[0].key, heap[0].term, heap[0].len, key, term, len) == 0);
		ent[nout].df = df;
		ent[nout].mass = m;
		ent[nout].off = (uint32_t) slen;
		ent[nout].len = len;
		memcpy(str + slen, term, len);
		slen += len;
		nout++;
	}
	na_free(heap);

	/*
	 * Prune in term order: the cap-th largest df is the threshold t; terms
	 * above it stay, and of those at t the first in term order until the
	 * cap is full.
	 */
	keep = nout;
	if (nout > slack)
	{
		int64_t    *dfs = na_alloc(sizeof(int64_t) * nout);
		int64_t		t,
					dropped = 0;
		uint32_t	above = 0,
					quota;

		for (i = 0; i < nout; i++)
			dfs[i] = ent[i].df;
		t = select_df(dfs, nout, cap - 1);
		na_free(dfs);
		for (i = 0; i < nout; i++)
			if (ent[i].df > t)
				above++;
		quota = cap - above;
		keep = 0;
		for (i = 0; i < nout; i++)
		{
			if (ent[i].df > t || (ent[i].df == t && quota > 0))
			{
				if (ent[i].df == t)
					quota--;
				ent[keep++] = ent[i];
			}
			else if (ent[i].df > dropped)
				dropped = ent[i].df;
		}
		error += dropped;
	}

	/* the flat form: entries, then their term bytes in the same order */
	slen = 0;
	for (i = 0; i < keep; i++)
		slen += ent[i].len;
	s = na_alloc(NTS_SIZE(keep, slen));
	s->vl_len_ = (int32_t) NTS_SIZE(keep, slen);
	s->flags = 0;
	s->nterms = keep;
	s->strbytes = (uint32_t) slen;
	s->ndocs = ndocs;
	s->error = error;
	s->mass = mass;
	strings = (char *) (s->entries + keep);
	slen = 0;
	for (i = 0; i < keep; i++)
	{
		memcpy(strings + slen, str + ent[i].off, ent[i].len);
		s->entries[i] = ent[i];
		s->entries[i].off = (uint32_t) slen;
		slen += ent[i].len;
	}
	na_free(ent);
	na_free(str);
	return s;
}

/*
 * nts_accumulate
 *		Add the counts of the terms of s that occur in only to df[] and
 *		mass[] (indexed like only's entries): a merge join of the two sorted
 *		term lists, no allocation.  Summing backgrounds this way reads
 *		every background entry once, whatever the number of states.
 */
void
nts_accumulate(const NewsTermStats *s, const NewsTermStats *only,
			   int64_t *df, double *mass)
{
	uint32_t	i = 0,
				j = 0;

	while (i < s->nterms && j < only->nterms)
	{
		const char *a = NTS_TERM(s, i);
		const char *b = NTS_TERM(only, j);
		int			c;

		NA_CHECK_INTERRUPTS();
		c = nts_term_cmp_fast(a, (int) s->entries[i].len, b, (int) only->entries[j].len);
		if (c == 0)
		{
			df[j] += s->entries[i].df;
			mass[j] += s->entries[i].mass;
			i++;
			j++;
		}
		else if (c < 0)
			i++;
		else
			j++;
	}
}

/*
 * nts_from_accumulated
 *		The flat state of the terms of only with a positive df[] (their
 *		counts from nts_accumulate) and the given totals.  The bound of
 *		termstats.h then holds for the terms of only, not for others (they
 *		read as 0): it is a background for the foreground only.
 */
NewsTermStats *
nts_from_accumulated(const NewsTermStats *only, const int64_t *df,
					 const double *mass, int64_t ndocs, int64_t error,
					 double totalmass)
{
	NewsTermStats *r;
	uint32_t	j,
				n = 0;
	size_t		slen = 0;
	char	   *strings;

	for (j = 0; j < only->nterms; j++)
		if (df[j] > 0)
		{
			n++;
			slen += only->entries[j].len;
		}
	r = na_alloc(NTS_SIZE(n, slen));
	r->vl_len_ = (int32_t) NTS_SIZE(n, slen);
	r->flags = 0;
	r->nterms = n;
	r->strbytes = (uint32_t) slen;
	r->ndocs = ndocs;
	r->error = error;
	r->mass = totalmass;
	strings = (char *) (r->entries + n);
	slen = 0;
	n = 0;
	for (j = 0; j < only->nterms; j++)
	{
		uint32_t	len = only->entries[j].len;

		if (df[j] <= 0)
			continue;
		memcpy(strings + slen, NTS_TERM(only, j), len);
		r->entries[n].df = df[j];
		r->entries[n].mass = mass[j];
		r->entries[n].off = (uint32_t) slen;
		r->entries[n].len = len;
		slen += len;
		n++;
	}
	return r;
}
