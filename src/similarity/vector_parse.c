/*-------------------------------------------------------------------------
 *
 * vector_parse.c
 *	  The pure C core of news_vector input and output: the builder that
 *	  enforces the invariants of news_vector.h, the text literal parser,
 *	  the binary (receive) parser, and the text and binary encoders.
 *
 * No server headers: this file is also built stand-alone with
 * -DNEWS_STANDALONE for the unit tests and libFuzzer targets.  Errors are
 * returned as a NewsVectorError (an NV_ERR_* code and the parts of the
 * message); news_vector.c turns them into the ereport() calls of the type.
 * The server-dependent steps (encoding validation of a term, client to
 * server encoding conversion of a received term, the float formatting of
 * the output) are callbacks.
 *
 * A vector returned by these functions carries its plain byte size in
 * vl_len_; the server glue turns it into a varlena header (SET_VARSIZE).
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/na_alloc.h"
#include "similarity/news_vector.h"

/* tolerance of "already L2-normalized" (float4 rounding is ~1e-7) */
#define NV_NORM_TOLERANCE	1e-5

/* largest vector: PostgreSQL's MaxAllocSize */
#define NV_MAX_ALLOC		((size_t) 0x3fffffff)

/*
 * set_error
 *		Fill *err (if given) and return NULL, for "return set_error(...)".
 */
static NewsVector *
set_error(NewsVectorError *err, int code, const char *detail, size_t pos)
{
	if (err != NULL)
	{
		err->code = code;
		err->detail = detail;
		err->pos = pos;
	}
	return NULL;
}

/*
 * item_cmp_hash
 *		qsort order of the builder: by hash, then by term bytes.
 */
static int
item_cmp_hash(const void *a, const void *b)
{
	const NewsVectorItem *ia = (const NewsVectorItem *) a;
	const NewsVectorItem *ib = (const NewsVectorItem *) b;

	if (ia->hash != ib->hash)
		return ia->hash < ib->hash ? -1 : 1;
	return strcmp(ia->term, ib->term);
}

/*
 * news_vector_build_core
 *		Make the vector from items (reordered in place).
 *
 * Items with the same hash are merged (see news_vector.h).  With
 * normalize, the weights are scaled to unit L2 norm unless they already
 * have it within NV_NORM_TOLERANCE (so that a printed vector reads back
 * bit for bit); entries whose weight rounds to 0 in float4 are dropped.
 */
NewsVector *
news_vector_build_core(NewsVectorItem *items, int nitems, bool normalize,
					   NewsVectorError *err)
{
	NewsVector *v;
	NewsVectorEntry *entries;
	char	   *strings;
	int			n = 0;
	int			i;
	double		norm = 0.0;
	double		scale = 1.0;
	size_t		strbytes = 0;
	size_t		size;

	if (nitems > NV_MAX_TERMS)
		return set_error(err, NV_ERR_TOO_MANY, NULL, 0);

	if (nitems > 1)
		qsort(items, nitems, sizeof(NewsVectorItem), item_cmp_hash);

	/* merge equal hashes (only true 32-bit collisions reach here) */
	for (i = 0; i < nitems; i++)
	{
		NA_CHECK_INTERRUPTS();
		if (n > 0 && items[n - 1].hash == items[i].hash)
		{
			double		a = items[n - 1].weight;
			double		b = items[i].weight;

			items[n - 1].weight = (float) sqrt(a * a + b * b);
			continue;
		}
		items[n++] = items[i];
	}

	for (i = 0; i < n; i++)
		norm += (double) items[i].weight * (double) items[i].weight;
	norm = sqrt(norm);
	if (normalize && n > 0 && fabs(norm - 1.0) > NV_NORM_TOLERANCE)
		scale = 1.0 / norm;

	/* apply the scale and drop weights that vanish in float4 */
	nitems = n;
	n = 0;
	for (i = 0; i < nitems; i++)
	{
		float		w = (float) (items[i].weight * scale);

		if (!(w > 0.0f))
			continue;
		items[i].weight = w;
		items[n++] = items[i];
		strbytes += items[i].len + 1;
	}

	size = NV_SIZE(n, strbytes);
	if (size > NV_MAX_ALLOC)
	{
		if (err != NULL)
			err->size = size;
		return set_error(err, NV_ERR_TOO_LARGE, NULL, 0);
	}
	v = na_alloc(size);
	v->vl_len_ = (int32_t) size;
	v->nterms = n;
	v->flags = 0;
	entries = NV_ENTRIES(v);
	strings = (char *) NV_STRINGS(v);
	for (i = 0; i < n; i++)
	{
		entries[i].hash = items[i].hash;
		entries[i].weight = items[i].weight;
		memcpy(strings, items[i].term, items[i].len);
		strings[items[i].len] = '\0';
		strings += items[i].len + 1;
	}
	return v;
}

static inline bool
nv_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

/* bytes that force a term to be quoted */
static inline bool
nv_is_special(char c)
{
	return nv_is_space(c) || c == '{' || c == '}' || c == ':' || c == ',' ||
		c == '"' || c == '\\';
}

/*
 * Text input state: the terms seen so far, NUL-terminated one after the
 * other in a growing buffer (items refer to them by offset until the end,
 * because the buffer moves when it grows), and an open-addressing set of
 * their indexes for the duplicate check.
 */
typedef struct TextState
{
	char	   *strings;
	size_t		strlen;
	size_t		strcap;
	NewsVectorItem *items;		/* term = NULL until the end; off in stroff */
	size_t	   *stroff;
	int			nitems;
	int			maxitems;
	int32_t    *slots;			/* item index or -1 */
	uint32_t	nslots;			/* power of two, > 2 * nitems */
} TextState;

/*
 * set_grow
 *		Double the duplicate set and re-insert every item.
 */
static void
set_grow(TextState *st)
{
	uint32_t	nslots = st->nslots * 2;
	uint32_t	mask = nslots - 1;
	int32_t    *slots = na_alloc(sizeof(int32_t) * nslots);
	int			i;

	memset(slots, 0xff, sizeof(int32_t) * nslots);
	for (i = 0; i < st->nitems; i++)
	{
		uint32_t	s = st->items[i].hash & mask;

		while (slots[s] >= 0)
			s = (s + 1) & mask;
		slots[s] = i;
	}
	na_free(st->slots);
	st->slots = slots;
	st->nslots = nslots;
}

/* results of add_term() */
#define ADD_NEW			0
#define ADD_DUPLICATE	1
#define ADD_FULL		2

/*
 * add_term
 *		Add a new term (its bytes already at st->strings + st->strlen) with
 *		its weight.  A term seen before is reported first (ADD_DUPLICATE),
 *		then a full vector (ADD_FULL).
 */
static int
add_term(TextState *st, int len, float weight)
{
	const char *term = st->strings + st->strlen;
	uint32_t	hash = news_term_hash(term, len);
	uint32_t	mask;
	uint32_t	s;

	if ((uint32_t) (st->nitems + 1) * 2 > st->nslots)
		set_grow(st);
	mask = st->nslots - 1;
	for (s = hash & mask; st->slots[s] >= 0; s = (s + 1) & mask)
	{
		const NewsVectorItem *it = &st->items[st->slots[s]];

		if (it->hash == hash && it->len == len &&
			memcmp(st->strings + st->stroff[st->slots[s]], term, len) == 0)
			return ADD_DUPLICATE;
	}
	if (st->nitems >= NV_MAX_TERMS)
		return ADD_FULL;
	if (st->nitems >= st->maxitems)
	{
		st->maxitems *= 2;
		st->items = na_realloc(st->items, sizeof(NewsVectorItem) * st->maxitems);
		st->stroff = na_realloc(st->stroff, sizeof(size_t) * st->maxitems);
	}
	st->slots[s] = st->nitems;
	st->items[st->nitems].hash = hash;
	st->items[st->nitems].weight = weight;
	st->items[st->nitems].term = NULL;
	st->items[st->nitems].len = len;
	st->stroff[st->nitems] = st->strlen;
	st->nitems++;
	st->strlen += len + 1;
	return ADD_NEW;
}

/*
 * term_putc
 *		Append one byte to the term being parsed (at st->strings +
 *		st->strlen + *len), growing the buffer; a term never needs more
 *		bytes than the input, so the size stays below 1 GB.
 */
static inline void
term_putc(TextState *st, int *len, char c)
{
	/* room for this byte and the terminating NUL */
	if (st->strlen + *len + 2 > st->strcap)
	{
		st->strcap *= 2;
		st->strings = na_realloc(st->strings, st->strcap);
	}
	st->strings[st->strlen + (*len)++] = c;
}

/*
 * parse_term
 *		Parse a bare or quoted term at *pp into the string buffer (not yet
 *		added); returns its length, or -1 with *err set.
 */
static int
parse_term(TextState *st, const char *input, const char **pp,
		   NewsVectorError *err)
{
	const char *p = *pp;
	int			len = 0;

	if (*p == '"')
	{
		p++;
		for (;;)
		{
			NA_CHECK_INTERRUPTS();
			if (*p == '\0')
			{
				set_error(err, NV_ERR_SYNTAX, "Unterminated quoted term", p - input);
				return -1;
			}
			if (*p == '"')
				break;
			if (*p == '\\')
			{
				p++;
				if (*p == '\0')
				{
					set_error(err, NV_ERR_SYNTAX, "Unterminated quoted term", p - input);
					return -1;
				}
			}
			term_putc(st, &len, *p++);
		}
		p++;
	}
	else
	{
		while (*p != '\0' && !nv_is_special(*p))
		{
			NA_CHECK_INTERRUPTS();
			term_putc(st, &len, *p++);
		}
	}
	if (len == 0)
	{
		set_error(err, NV_ERR_SYNTAX, "Empty term", *pp - input);
		return -1;
	}
	st->strings[st->strlen + len] = '\0';
	*pp = p;
	return len;
}

/*
 * parse_items
 *		The loop of news_vector_parse_text(); false with *err set.
 */
static bool
parse_items(TextState *st, const char *input, NewsVectorVerifyFunc verify,
			void *arg, NewsVectorError *err)
{
	const char *p = input;

	while (nv_is_space(*p))
		p++;
	if (*p != '{')
	{
		set_error(err, NV_ERR_SYNTAX, "Expected \"{\"", p - input);
		return false;
	}
	p++;
	while (nv_is_space(*p))
		p++;
	if (*p != '}')
	{
		for (;;)
		{
			char	   *end;
			double		w;
			int			len;

			NA_CHECK_INTERRUPTS();
			len = parse_term(st, input, &p, err);
			if (len < 0)
				return false;
			if (verify != NULL &&
				!verify(arg, st->strings + st->strlen, len))
			{
				set_error(err, NV_ERR_ENCODING, NULL, p - input);
				return false;
			}
			while (nv_is_space(*p))
				p++;
			if (*p != ':')
			{
				set_error(err, NV_ERR_SYNTAX, "Expected \":\" after a term", p - input);
				return false;
			}
			p++;
			while (nv_is_space(*p))
				p++;
			errno = 0;
			w = strtod(p, &end);
			if (end == p)
			{
				set_error(err, NV_ERR_SYNTAX, "Expected a weight", p - input);
				return false;
			}
			if (errno == ERANGE || !isfinite(w) || !(w > 0.0) || w > FLT_MAX)
			{
				set_error(err, NV_ERR_WEIGHT, NULL, p - input);
				err->weight_len = end - p;
				err->term = st->strings + st->strlen;
				return false;
			}
			p = end;
			switch (add_term(st, len, (float) w))
			{
				case ADD_DUPLICATE:
					set_error(err, NV_ERR_DUPLICATE, NULL, p - input);
					err->term = st->strings + st->strlen;
					return false;
				case ADD_FULL:
					set_error(err, NV_ERR_TOO_MANY, NULL, p - input);
					return false;
			}

			while (nv_is_space(*p))
				p++;
			if (*p == ',')
			{
				p++;
				while (nv_is_space(*p))
					p++;
				continue;
			}
			if (*p == '}')
				break;
			set_error(err, NV_ERR_SYNTAX, "Expected \",\" or \"}\"", p - input);
			return false;
		}
	}
	p++;
	while (nv_is_space(*p))
		p++;
	if (*p != '\0')
	{
		set_error(err, NV_ERR_SYNTAX, "Junk after \"}\"", p - input);
		return false;
	}
	return true;
}

/*
 * news_vector_parse_text
 *		Text input: '{term:weight, ...}' (NUL-terminated).  On an error
 *		returns NULL with *err set; err->term (weight and duplicate errors)
 *		points into memory that news_vector_error_free() releases.
 */
NewsVector *
news_vector_parse_text(const char *input, NewsVectorVerifyFunc verify,
					   void *arg, NewsVectorError *err)
{
	TextState	st;
	NewsVector *v = NULL;
	int			i;

	memset(err, 0, sizeof(*err));
	st.strcap = 256;
	st.strlen = 0;
	st.strings = na_alloc(st.strcap);
	st.maxitems = 16;
	st.nitems = 0;
	st.items = na_alloc(sizeof(NewsVectorItem) * st.maxitems);
	st.stroff = na_alloc(sizeof(size_t) * st.maxitems);
	st.nslots = 32;
	st.slots = na_alloc(sizeof(int32_t) * st.nslots);
	memset(st.slots, 0xff, sizeof(int32_t) * st.nslots);

	if (parse_items(&st, input, verify, arg, err))
	{
		/* the string buffer no longer moves: now take term pointers */
		for (i = 0; i < st.nitems; i++)
			st.items[i].term = st.strings + st.stroff[i];
		v = news_vector_build_core(st.items, st.nitems, true, err);
	}
	na_free(st.items);
	na_free(st.stroff);
	na_free(st.slots);
	if (v == NULL && err->term != NULL)
		err->owned = st.strings;	/* err->term points into it */
	else
		na_free(st.strings);
	return v;
}

/*
 * news_vector_error_free
 *		Release what an error of news_vector_parse_text() holds.
 */
void
news_vector_error_free(NewsVectorError *err)
{
	if (err->owned != NULL)
		na_free(err->owned);
	err->owned = NULL;
	err->term = NULL;
}

/* big-endian readers of the wire format; the caller checked the length */
static inline uint32_t
get_u32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
		((uint32_t) p[2] << 8) | (uint32_t) p[3];
}

static inline void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char) (v >> 24);
	p[1] = (unsigned char) (v >> 16);
	p[2] = (unsigned char) (v >> 8);
	p[3] = (unsigned char) v;
}

/*
 * news_vector_parse_binary
 *		Binary input (what news_vector_recv() reads from its message
 *		buffer): int32 nterms, int32 flags, then per entry in hash order
 *		uint32 hash, float4 weight, int32 length + term bytes, all
 *		big-endian.  Checks every invariant of news_vector.h and never
 *		reads outside data[0..len).  recv_term, if given, turns the bytes
 *		of a term into server encoding (it may raise an error itself);
 *		*used is set to the number of bytes consumed.
 */
NewsVector *
news_vector_parse_binary(const char *data, size_t len,
						 NewsVectorRecvTermFunc recv_term, void *arg,
						 size_t *used, NewsVectorError *err)
{
	const unsigned char *p = (const unsigned char *) data;
	size_t		cur = 0;
	uint32_t	nterms;
	uint32_t	flags;
	NewsVectorItem *items;
	NewsVector *v = NULL;
	uint32_t	i;
	double		norm = 0.0;
	const char *detail = NULL;

	memset(err, 0, sizeof(*err));
	if (len < 8)
		return set_error(err, NV_ERR_BINARY, "The data is truncated.", 0);
	nterms = get_u32(p);
	flags = get_u32(p + 4);
	cur = 8;
	if (flags & ~NV_KNOWN_FLAGS)
		return set_error(err, NV_ERR_BINARY, "Unknown flag bits.", cur);
	/* every entry takes at least 13 bytes on the wire */
	if (nterms > NV_MAX_TERMS || (size_t) nterms * 13 > len - cur)
		return set_error(err, NV_ERR_BINARY,
						 "The number of terms does not match the data.", cur);

	items = na_alloc(sizeof(NewsVectorItem) * (nterms > 0 ? nterms : 1));
	for (i = 0; i < nterms; i++)
	{
		uint32_t	hash;
		uint32_t	wbits;
		float		w;
		int32_t		tlen;
		int			nbytes;
		const char *term;

		NA_CHECK_INTERRUPTS();
		if (len - cur < 12)
		{
			detail = "The data is truncated.";
			break;
		}
		hash = get_u32(p + cur);
		wbits = get_u32(p + cur + 4);
		memcpy(&w, &wbits, sizeof(w));
		tlen = (int32_t) get_u32(p + cur + 8);
		cur += 12;
		if (tlen <= 0)
		{
			detail = "Invalid term length.";
			break;
		}
		if ((size_t) tlen > len - cur)
		{
			detail = "The data is truncated.";
			break;
		}
		if (recv_term != NULL)
			term = recv_term(arg, data + cur, tlen, &nbytes);
		else
		{
			char	   *copy = na_alloc(tlen + 1);

			memcpy(copy, data + cur, tlen);
			copy[tlen] = '\0';
			term = copy;
			nbytes = tlen;
		}
		cur += tlen;
		items[i].term = term;
		items[i].len = nbytes;
		if (memchr(term, '\0', nbytes) != NULL)
		{
			detail = "A term contains a zero byte.";
			i++;
			break;
		}
		if (news_term_hash(term, nbytes) != hash)
		{
			detail = "A term hash does not match its term.";
			i++;
			break;
		}
		if (i > 0 && hash <= items[i - 1].hash)
		{
			detail = "The terms are not sorted by strictly ascending hash.";
			i++;
			break;
		}
		if (!isfinite(w) || !(w > 0.0f))
		{
			detail = "A weight is not a finite number greater than 0.";
			i++;
			break;
		}
		items[i].hash = hash;
		items[i].weight = w;
		norm += (double) w * (double) w;
	}
	if (detail == NULL && nterms > 0 && fabs(sqrt(norm) - 1.0) > NV_NORM_TOLERANCE)
		detail = "The weights are not L2-normalized.";

	if (detail != NULL)
		set_error(err, NV_ERR_BINARY, detail, cur);
	else
		v = news_vector_build_core(items, nterms, false, err);
	/* the terms read so far: i of them */
	for (uint32_t k = 0; k < (detail != NULL ? i : nterms); k++)
		na_free((void *) items[k].term);
	na_free(items);
	if (used != NULL)
		*used = cur;
	return v;
}

/*
 * out_order_cmp
 *		Output order: heavier first, then by term bytes.
 */
static int
out_order_cmp(const void *a, const void *b)
{
	const NewsVectorItem *ia = (const NewsVectorItem *) a;
	const NewsVectorItem *ib = (const NewsVectorItem *) b;

	if (ia->weight != ib->weight)
		return ia->weight > ib->weight ? -1 : 1;
	return strcmp(ia->term, ib->term);
}

/*
 * news_vector_items_core
 *		The entries of a vector as items (term pointers into v), in hash
 *		order or, with by_weight, heaviest first.
 */
NewsVectorItem *
news_vector_items_core(const NewsVector *v, bool by_weight)
{
	NewsVectorItem *items = na_alloc(sizeof(NewsVectorItem) *
									 (v->nterms > 0 ? v->nterms : 1));
	const char *s = NV_STRINGS(v);
	uint32_t	i;

	for (i = 0; i < v->nterms; i++)
	{
		NA_CHECK_INTERRUPTS();
		items[i].hash = v->entries[i].hash;
		items[i].weight = v->entries[i].weight;
		items[i].term = s;
		items[i].len = (int) strlen(s);
		s += items[i].len + 1;
	}
	if (by_weight && v->nterms > 1)
		qsort(items, v->nterms, sizeof(NewsVectorItem), out_order_cmp);
	return items;
}

/*
 * term_needs_quotes
 *		A term is written bare unless it is empty or has a special byte.
 */
static bool
term_needs_quotes(const char *term, int len)
{
	int			i;

	if (len == 0)
		return true;
	for (i = 0; i < len; i++)
		if (nv_is_special(term[i]))
			return true;
	return false;
}

/*
 * news_vector_to_text
 *		Text output, heaviest terms first: '{term:weight, ...}'.  format
 *		writes the shortest decimal of a float4 that reads back as the same
 *		value (at most NV_FLOAT_BUFLEN bytes with the NUL).  Returns a
 *		NUL-terminated string; *outlen (if given) is its length.  NULL if
 *		the text could exceed 1 GB.
 */
char *
news_vector_to_text(const NewsVector *v, NewsVectorFormatFunc format,
					size_t *outlen)
{
	NewsVectorItem *items = news_vector_items_core(v, true);
	char		num[NV_FLOAT_BUFLEN];
	size_t		size = 3;
	size_t		o = 0;
	char	   *out;
	uint32_t	i;
	int			k;

	/* size bound first: quoted terms at most double, plus 2 quotes */
	for (i = 0; i < v->nterms; i++)
		size += 2 * (size_t) items[i].len + 2 + 2 + 1 + NV_FLOAT_BUFLEN;
	if (size > NV_MAX_ALLOC)
	{
		na_free(items);
		return NULL;
	}
	out = na_alloc(size);
	out[o++] = '{';
	for (i = 0; i < v->nterms; i++)
	{
		const char *t = items[i].term;
		int			len = items[i].len;

		NA_CHECK_INTERRUPTS();
		if (i > 0)
		{
			out[o++] = ',';
			out[o++] = ' ';
		}
		if (!term_needs_quotes(t, len))
		{
			memcpy(out + o, t, len);
			o += len;
		}
		else
		{
			out[o++] = '"';
			for (k = 0; k < len; k++)
			{
				if (t[k] == '"' || t[k] == '\\')
					out[o++] = '\\';
				out[o++] = t[k];
			}
			out[o++] = '"';
		}
		out[o++] = ':';
		format(items[i].weight, num);
		num[NV_FLOAT_BUFLEN - 1] = '\0';
		k = (int) strlen(num);
		memcpy(out + o, num, k);
		o += k;
	}
	out[o++] = '}';
	out[o] = '\0';
	na_free(items);
	if (outlen != NULL)
		*outlen = o;
	return out;
}

/*
 * news_vector_to_binary
 *		The wire format read by news_vector_parse_binary(), i.e. what
 *		news_vector_send() writes when client and server encoding agree.
 */
char *
news_vector_to_binary(const NewsVector *v, size_t *outlen)
{
	const char *s = NV_STRINGS(v);
	size_t		size = 8;
	unsigned char *out,
			   *p;
	uint32_t	i;

	for (i = 0; i < v->nterms; i++)
	{
		size_t		len = strlen(s);

		size += 12 + len;
		s += len + 1;
	}
	out = p = na_alloc(size);
	put_u32(p, v->nterms);
	put_u32(p + 4, v->flags);
	p += 8;
	s = NV_STRINGS(v);
	for (i = 0; i < v->nterms; i++)
	{
		uint32_t	wbits;
		size_t		len = strlen(s);

		NA_CHECK_INTERRUPTS();
		memcpy(&wbits, &v->entries[i].weight, sizeof(wbits));
		put_u32(p, v->entries[i].hash);
		put_u32(p + 4, wbits);
		put_u32(p + 8, (uint32_t) len);
		memcpy(p + 12, s, len);
		p += 12 + len;
		s += len + 1;
	}
	*outlen = size;
	return (char *) out;
}
