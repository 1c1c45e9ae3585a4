/*-------------------------------------------------------------------------
 *
 * analyzer.c
 *	  Terms of one token (pure C core, see analyzer.h).
 *
 * Words: normalize -> drop clitics after an apostrophe ("geht's") ->
 * drop one-letter words and stop words -> read ae/oe/ue as umlauts when
 * the lexicon knows only the umlaut form -> split compounds -> stem the
 * whole word and each part.  Compound parts are only reported when at
 * least two distinct part terms remain (a split whose other parts are stop
 * words, "mit|arbeiter", says nothing about the word).
 *
 * Everything works in fixed buffers on the stack: a token never needs more
 * than NEWS_MAX_WORD bytes per word, and longer words yield no term.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include <libstemmer.h>

#include "tokenizer/analyzer.h"
#include "tokenizer/canonical.h"
#include "tokenizer/lexer.h"
#include "tokenizer/normalize.h"

/* URLs may be longer than words */
#define NEWS_MAX_URL		512

/* abbreviations that are function words ("zum Beispiel") and dropped */
static const char *const abbrev_stop[] = {
	"bspw", "bzw", "ca", "dh", "etc", "evtl", "ff", "ggf", "ia", "idr",
	"inkl", "oä", "sog", "ua", "usw", "uvm", "uä", "vgl", "zb", "zt",
	"zzgl", NULL
};

/*
 * add_term
 *		Append a term unless it is already there with the same variant or
 *		there is no room left (a token with more than NEWS_TERMLIST_MAX
 *		terms is junk; the first ones are kept).
 */
static void
add_term(NewsTermList *out, const char *s, int len, int flags, int variant)
{
	int			off = 0;
	NewsTerm	t;

	if (len <= 0 || out->nterms >= NEWS_TERMLIST_MAX ||
		out->used + 4 + len > NEWS_TERMLIST_BYTES)
		return;
	while ((off = news_term_get(out->buf, out->used, off, &t)) >= 0)
		if (t.variant == variant && t.len == len && memcmp(t.text, s, len) == 0)
			return;
	out->buf[out->used++] = (char) flags;
	out->buf[out->used++] = (char) variant;
	out->buf[out->used++] = (char) (len & 0xFF);
	out->buf[out->used++] = (char) (len >> 8);
	memcpy(out->buf + out->used, s, len);
	out->used += len;
	out->nterms++;
}

int
news_term_get(const char *buf, int used, int offset, NewsTerm *term)
{
	const unsigned char *b = (const unsigned char *) buf;

	if (offset + 4 > used)
		return -1;
	term->flags = b[offset];
	term->variant = b[offset + 1];
	term->len = b[offset + 2] | (b[offset + 3] << 8);
	term->text = buf + offset + 4;
	return offset + 4 + term->len;
}

/* Append to a debug string (silently truncated). */
static void
info_append(char *dst, int *dlen, int cap, const char *s, int len)
{
	if (*dlen + len > cap)
		len = cap - *dlen;
	if (len > 0)
	{
		memcpy(dst + *dlen, s, len);
		*dlen += len;
	}
}

static int
utf8_chars(const char *s, int len)
{
	int			n = 0,
				i;

	for (i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool
has_digit(const char *s, int len)
{
	int			i;

	for (i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}

static bool
is_stop(const NewsAnalyzer *an, const char *w, int len)
{
	return an->is_stop != NULL && an->is_stop(an->stop_arg, w, len);
}

/*
 * fold_accents
 *		Copy w to dst with the accented Latin-1 letters other than the
 *		German umlauts replaced by their base letter: é -> e, à -> a,
 *		ç -> c, ñ -> n ("Café" and "Cafe" give one term).  ä, ö, ü stay:
 *		the stemmer folds them itself, and the lexicon needs them.  The
 *		result is never longer; returns its length.
 */
static int
fold_accents(const char *w, int len, char *dst)
{
	/* base letters of U+00E0 .. U+00FF, 0 = keep */
	static const char base[32] = {
		'a', 'a', 'a', 'a', 0, 'a', 0, 'c',		/* à á â ã ä å æ ç */
		'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',	/* è é ê ë ì í î ï */
		0, 'n', 'o', 'o', 'o', 'o', 0, 0,	/* ð ñ ò ó ô õ ö ÷ */
		'o', 'u', 'u', 'u', 0, 'y', 0, 'y'	/* ø ù ú û ü ý þ ÿ */
	};
	int			o = 0;

	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) w[i];

		if (c == 0xC3 && i + 1 < len &&
			(unsigned char) w[i + 1] >= 0xA0 && (unsigned char) w[i + 1] <= 0xBF &&
			base[(unsigned char) w[i + 1] - 0xA0] != 0)
		{
			dst[o++] = base[(unsigned char) w[i + 1] - 0xA0];
			i++;
		}
		else
			dst[o++] = w[i];
	}
	return o;
}

/*
 * stem
 *		Snowball stem of the normalized word w into dst (NEWS_MAX_WORD*2
 *		bytes of room); returns its length.
 */
static int
stem(const NewsAnalyzer *an, const char *w, int len, char *dst)
{
	const sb_symbol *s;
	int			slen;
	char		folded[NEWS_MAX_WORD * 2 + 8];

	/* "café" and "cafe" are one term: fold accents first */
	if (len <= NEWS_MAX_WORD * 2 && memchr(w, 0xC3, len) != NULL)
	{
		len = fold_accents(w, len, folded);
		w = folded;
	}
	if (an->stemmer == NULL)
	{
		memcpy(dst, w, len);
		return len;
	}
	s = sb_stemmer_stem(an->stemmer, (const sb_symbol *) w, len);
	slen = sb_stemmer_length(an->stemmer);
	if (s == NULL || slen <= 0 || slen > NEWS_MAX_WORD * 2)
	{
		memcpy(dst, w, len);
		return len;
	}
	memcpy(dst, s, slen);
	return slen;
}

/*
 * umlaut_candidate
 *		Copy w to dst with the ae/oe/ue at the byte positions marked in
 *		"which" replaced by ä/ö/ü.  Returns the new length.
 */
static int
umlaut_candidate(const char *w, int len, const bool *which, char *dst)
{
	int			i,
				o = 0;

	for (i = 0; i < len; i++)
	{
		if (which[i])
		{
			dst[o++] = (char) 0xC3;
			dst[o++] = (char) (w[i] == 'a' ? 0xA4 : w[i] == 'o' ? 0xB6 : 0xBC);
			i++;				/* skip the e */
		}
		else
			dst[o++] = w[i];
	}
	return o;
}

/*
 * transliterate
 *		"aerzte" -> "ärzte": when the word has ae/oe/ue, the lexicon does
 *		not know it (as a word or as a compound), but knows the form with
 *		umlauts (again as a word or compound), use that form.  Words like
 *		"israel", "michael", "neue", "queue" stay, because the lexicon knows
 *		them or does not know an umlaut form.  "ue" after q, a, e (queue,
 *		bauer, neue) is never an umlaut.  All candidates are tried at once,
 *		then one at a time.  Returns the new length, or 0 to keep w.
 */
static int
transliterate(const NewsAnalyzer *an, const char *w, int len, char *dst)
{
	bool		which[NEWS_MAX_WORD];
	int			positions[NEWS_MAX_WORD];
	int			n = 0,
				i,
				nparts;
	NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
	bool		via_parts = false;

	if (an->lexicon == NULL || len >= NEWS_MAX_WORD)
		return 0;
	for (i = 0; i < len; i++)
		which[i] = false;
	for (i = 0; i + 1 < len; i++)
	{
		if (w[i + 1] != 'e' || (w[i] != 'a' && w[i] != 'o' && w[i] != 'u'))
			continue;
		if (w[i] == 'u' && i > 0 && (w[i - 1] == 'q' || w[i - 1] == 'a' || w[i - 1] == 'e'))
			continue;
		if (i > 0 && w[i - 1] == w[i])
			continue;
		positions[n++] = i;
	}
	if (n == 0 || news_lexicon_contains(an->lexicon, w, len))
		return 0;
	nparts = news_compound_split(an->lexicon, w, len, parts, NEWS_COMPOUND_MAX_PARTS);
	if (nparts > 0)
	{
		/*
		 * The word splits as written.  Keep it, unless a part the lexicon
		 * does not know has an ae/oe/ue whose umlaut form it knows: then
		 * the split was a guess around a transliterated word ("ueber|sicht",
		 * "oeffnung|zeiten") and the umlaut spelling is the word.
		 */
		for (i = 0; i < nparts; i++)
		{
			const char *p = w + parts[i].offset;
			int			plen = parts[i].length,
						clen,
						k;
			bool		pw[NEWS_MAX_WORD];
			bool		any = false;

			if (news_lexicon_lookup(an->lexicon, p, plen) != 0)
				continue;
			for (k = 0; k < plen; k++)
				pw[k] = false;
			for (k = 0; k < n; k++)
				if (positions[k] >= parts[i].offset &&
					positions[k] + 1 < parts[i].offset + plen)
				{
					pw[positions[k] - parts[i].offset] = true;
					any = true;
				}
			if (!any)
				continue;
			clen = umlaut_candidate(p, plen, pw, dst);
			if ((news_lexicon_lookup(an->lexicon, dst, clen) &
				 ~NEWS_LEX_FORBIDDEN) == 0)
				return 0;
			via_parts = true;
		}
		if (!via_parts)
			return 0;
	}
	for (i = -1; i < n && i < 4; i++)
	{
		int			k,
					clen;
		unsigned int f;

		for (k = 0; k < len; k++)
			which[k] = false;
		if (i < 0)
			for (k = 0; k < n; k++)
				which[positions[k]] = true;
		else if (n == 1 || via_parts)
			break;				/* same as the all-at-once candidate */
		else
			which[positions[i]] = true;
		clen = umlaut_candidate(w, len, which, dst);
		/* any known form, also one only listed as a compound part */
		f = news_lexicon_lookup(an->lexicon, dst, clen);
		if (via_parts || (f != 0 && !(f & NEWS_LEX_FORBIDDEN)) ||
			news_compound_split(an->lexicon, dst, clen, parts, NEWS_COMPOUND_MAX_PARTS) > 0)
			return clen;
	}
	return 0;
}

/*
 * camel_case
 *		A capital letter right after a lower-case one ("LinkedIn", "YouTube",
 *		"WhatsApp"): a brand name, not a German compound, so it is not split
 *		(the lexicon would find "link|din" or "whats|app").
 */
static bool
camel_case(const char *s, int len)
{
	int			i;

	for (i = 1; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z')
			return true;
	return false;
}

/*
 * analyze_word
 *		Terms of one normalized word: the whole word's term with "flags"
 *		in "variant", its compound parts as NEWS_FLAG_PART in variant + 1.
 *		Returns false if the word yields nothing.
 */
static bool
analyze_word(const NewsAnalyzer *an, const char *word, int len, int flags,
			 int variant, bool split, NewsTermList *out, NewsAnalysisInfo *info)
{
	char		w[NEWS_MAX_WORD + 8];
	char		alt[NEWS_MAX_WORD * 2];
	char		st[NEWS_MAX_WORD * 2 + 8];
	char		pst[NEWS_COMPOUND_MAX_PARTS][NEWS_MAX_WORD * 2 + 8];
	int			plen[NEWS_COMPOUND_MAX_PARTS];
	NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
	int			nparts = 0,
				ndistinct = 0,
				wlen = 0,
				slen,
				i;
	const char *apos;

	if (len > NEWS_MAX_WORD)
		return false;

	/* clitics: "geht's" -> "geht"; other apostrophes vanish: "o'neill" */
	apos = memchr(word, '\'', len);
	if (apos != NULL)
	{
		const char *last = word + len - 1;

		while (*last != '\'')
			last--;
		if (word + len - last - 1 <= 2)
			len = last - word;
		for (i = 0; i < len; i++)
			if (word[i] != '\'')
				w[wlen++] = word[i];
	}
	else
	{
		memcpy(w, word, len);
		wlen = len;
	}

	if (utf8_chars(w, wlen) < 2)
		return false;
	if (is_stop(an, w, wlen))
	{
		if (info)
			info->stopword = true;
		return false;
	}

	i = transliterate(an, w, wlen, alt);
	if (i > 0 && i <= NEWS_MAX_WORD)
	{
		memcpy(w, alt, i);
		wlen = i;
		/* news_debug shows the form that was used: "aerzte" -> "ärzte" */
		if (info && flags == NEWS_FLAG_WORD && variant == 1 &&
			info->normalized_len == len)
		{
			info->normalized_len = 0;
			info_append(info->normalized, &info->normalized_len,
						sizeof(info->normalized), w, wlen);
		}
	}

	slen = stem(an, w, wlen, st);
	add_term(out, st, slen, flags, variant);

	if (split && an->lexicon != NULL && wlen >= 6)
		nparts = news_compound_split(an->lexicon, w, wlen, parts, NEWS_COMPOUND_MAX_PARTS);
	for (i = 0; i < nparts; i++)
	{
		const char *p = w + parts[i].offset;
		int			k;
		bool		dup = false;

		if (parts[i].offset < 0 || parts[i].length <= 0 ||
			parts[i].offset + parts[i].length > wlen)
			continue;
		if (info)
		{
			if (info->parts_len > 0)
				info_append(info->parts, &info->parts_len, sizeof(info->parts), "|", 1);
			info_append(info->parts, &info->parts_len, sizeof(info->parts), p, parts[i].length);
		}
		plen[ndistinct] = 0;
		if (utf8_chars(p, parts[i].length) < 2)
			continue;
		/*
		 * A stop word is no term, except a noun head at the word's end:
		 * "weg" of the street name "Kirchweg" is the noun Weg.
		 */
		if (is_stop(an, p, parts[i].length) &&
			!(parts[i].offset + parts[i].length == wlen &&
			  (news_lexicon_lookup(an->lexicon, p, parts[i].length) &
			   (NEWS_LEX_NOUN | NEWS_LEX_END)) == (NEWS_LEX_NOUN | NEWS_LEX_END)))
			continue;
		plen[ndistinct] = stem(an, p, parts[i].length, pst[ndistinct]);
		if (plen[ndistinct] == slen && memcmp(pst[ndistinct], st, slen) == 0)
			continue;
		for (k = 0; k < ndistinct; k++)
			if (plen[k] == plen[ndistinct] && memcmp(pst[k], pst[ndistinct], plen[k]) == 0)
				dup = true;
		if (!dup)
			ndistinct++;
	}
	if (ndistinct >= 2)
		for (i = 0; i < ndistinct; i++)
			add_term(out, pst[i], plen[i], NEWS_FLAG_PART, variant + 1);
	return true;
}

/* hyphen at byte i of s: its length (ASCII -, U+2010, U+2011), else 0 */
static int
hyphen_len(const char *s, int len, int i)
{
	const unsigned char *u = (const unsigned char *) s;

	if (u[i] == '-')
		return 1;
	if (i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80 &&
		(u[i + 2] == 0x90 || u[i + 2] == 0x91))
		return 3;
	return 0;
}

/*
 * analyze_hword
 *		"Anti-Fake-News-Initiative": the whole (segments joined, stemmed
 *		unless there are digits) and every segment with its own compound
 *		parts as parts.  One-letter segments ("E-Government") give no part.
 */
static void
analyze_hword(const NewsAnalyzer *an, const char *text, int len,
			  NewsTermList *out, NewsAnalysisInfo *info)
{
	char		whole[NEWS_MAX_WORD + 8];
	char		seg[NEWS_MAX_WORD + 8];
	char		st[NEWS_MAX_WORD * 2 + 8];
	int			wlen = 0;
	int			i = 0,
				start = 0;
	int			segflags,
				segvariant;
	bool		nonascii;

	/* the whole */
	while (i <= len)
	{
		int			h = i < len ? hyphen_len(text, len, i) : 1;

		if (h > 0)
		{
			int			n = news_normalize_word(text + start, i - start, whole + wlen,
											   NEWS_MAX_WORD - wlen, &nonascii);

			if (n < 0)
				return;
			wlen += n;
			start = i + h;
			i += h;
		}
		else
			i++;
	}
	if (info)
		info_append(info->normalized, &info->normalized_len,
					sizeof(info->normalized), whole, wlen);
	if (utf8_chars(whole, wlen) < 2)
		return;

	/*
	 * A segment of digits only ("31-Jährige", "3-Zimmer-Wohnung", "2:0-Sieg")
	 * makes the joined whole a junk term ("31jährige"): such words yield
	 * only the terms of their segments, as whole-word terms of one variant.
	 */
	segflags = NEWS_FLAG_PART;
	segvariant = 2;
	for (i = 0, start = 0; i <= len; i++)
	{
		if (i == len || hyphen_len(text, len, i) > 0)
		{
			int			k;
			bool		digits = i > start;

			for (k = start; k < i; k++)
				if (text[k] < '0' || text[k] > '9')
					digits = false;
			if (digits)
			{
				segflags = NEWS_FLAG_WORD;
				segvariant = 1;
			}
			start = i + 1;
		}
	}
	if (segflags == NEWS_FLAG_PART)
	{
		int			slen = stem(an, whole, wlen, st);

		add_term(out, st, slen, NEWS_FLAG_WORD, 1);
	}

	/* the segments, variant 2; their compound parts join them */
	for (i = 0, start = 0; i <= len;)
	{
		int			h = i < len ? hyphen_len(text, len, i) : 1;

		if (h == 0)
		{
			i++;
			continue;
		}
		{
			int			n = news_normalize_word(text + start, i - start, seg,
											   NEWS_MAX_WORD, &nonascii);

			if (n > 0)
			{
				if (info && info->parts_len > 0)
					info_append(info->parts, &info->parts_len, sizeof(info->parts), "-", 1);
				if (has_digit(seg, n))
				{
					if (info)
						info_append(info->parts, &info->parts_len, sizeof(info->parts), seg, n);
					if (n >= 2)
						add_term(out, seg, n, segflags, segvariant);
				}
				else
				{
					NewsTermList sub;
					NewsTerm	t;
					int			off = 0;
					int			before = info ? info->parts_len : 0;

					sub.nterms = sub.used = 0;
					analyze_word(an, seg, n, NEWS_FLAG_PART, 2,
								 !camel_case(text + start, i - start), &sub, info);
					if (info && info->parts_len == before)
						info_append(info->parts, &info->parts_len, sizeof(info->parts), seg, n);
					while ((off = news_term_get(sub.buf, sub.used, off, &t)) >= 0)
						add_term(out, t.text, t.len, segflags, segvariant);
				}
			}
		}
		start = i + h;
		i += h;
	}
}

/*
 * analyze_gender
 *		"Mitarbeiter*innen", "Mitarbeiter/-innen", "MitarbeiterInnen": the
 *		terms of the base form (variants 1, 2) and of the feminine form
 *		(variants 3, 4).
 */
static void
analyze_gender(const NewsAnalyzer *an, const char *text, int len,
			   NewsTermList *out, NewsAnalysisInfo *info)
{
	char		base[NEWS_MAX_WORD + 8];
	char		fem[NEWS_MAX_WORD + 16];
	int			blen,
				flen,
				m;
	bool		nonascii;
	const char *suffix;

	for (m = 0; m < len; m++)
		if (text[m] == '*' || text[m] == ':' || text[m] == '_' || text[m] == '/')
			break;
	if (m < len)
	{
		suffix = text + m + 1;
		if (*suffix == '-')
			suffix++;
		blen = news_normalize_word(text, m, base, NEWS_MAX_WORD, &nonascii);
	}
	else
	{
		/* CamelCase: ...Innen or ...erIn */
		int			slen = (len >= 5 && memcmp(text + len - 5, "Innen", 5) == 0) ? 5 : 2;

		suffix = text + len - slen;
		blen = news_normalize_word(text, len - slen, base, NEWS_MAX_WORD, &nonascii);
	}
	if (blen <= 0)
		return;
	memcpy(fem, base, blen);
	flen = blen;
	{
		int			n = news_normalize_word(suffix, text + len - suffix, fem + flen,
										   NEWS_MAX_WORD + 8 - flen, &nonascii);

		if (n < 0)
			return;
		flen += n;
	}
	if (info)
	{
		info_append(info->normalized, &info->normalized_len, sizeof(info->normalized), base, blen);
		info_append(info->normalized, &info->normalized_len, sizeof(info->normalized), " ", 1);
		info_append(info->normalized, &info->normalized_len, sizeof(info->normalized), fem, flen);
	}
	analyze_word(an, base, blen, NEWS_FLAG_WORD, 1, true, out, info);
	if (info && info->parts_len > 0)
		info_append(info->parts, &info->parts_len, sizeof(info->parts), " ", 1);
	analyze_word(an, fem, flen, NEWS_FLAG_WORD, 3, true, out, info);
}

static bool
in_list(const char *const *list, const char *s, int len)
{
	for (; *list; list++)
		if ((int) strlen(*list) == len && memcmp(*list, s, len) == 0)
			return true;
	return false;
}

/*
 * news_analyze_token
 *		Dispatch on the token type.
 */
void
news_analyze_token(const NewsAnalyzer *an, int type, const char *text, int len,
				   NewsTermList *out, NewsAnalysisInfo *info)
{
	char		buf[NEWS_MAX_URL + 8];
	int			n;
	bool		nonascii;

	out->nterms = 0;
	out->used = 0;
	if (info)
	{
		info->normalized_len = 0;
		info->parts_len = 0;
		info->stopword = false;
	}

	switch (type)
	{
		case NEWS_TOK_WORD:
			n = news_normalize_word(text, len, buf, NEWS_MAX_WORD, &nonascii);
			if (n <= 0)
				return;
			if (info)
				info_append(info->normalized, &info->normalized_len,
							sizeof(info->normalized), buf, n);
			analyze_word(an, buf, n, NEWS_FLAG_WORD, 1, !camel_case(text, len), out, info);
			return;

		case NEWS_TOK_HWORD:
			analyze_hword(an, text, len, out, info);
			return;

		case NEWS_TOK_GENDER:
			analyze_gender(an, text, len, out, info);
			return;

		case NEWS_TOK_NUMWORD:
			/* "31jährige" -> 31jahrig, like the word; "5G" -> 5g */
			n = news_normalize_word(text, len, buf, NEWS_MAX_WORD, &nonascii);
			if (n > 0)
			{
				char		st[NEWS_MAX_WORD * 2 + 8];

				if (info)
					info_append(info->normalized, &info->normalized_len,
								sizeof(info->normalized), buf, n);
				add_term(out, st, stem(an, buf, n, st), NEWS_FLAG_WORD, 1);
			}
			return;

		case NEWS_TOK_EMAIL:
		case NEWS_TOK_MENTION:
		case NEWS_TOK_HASHTAG:
			n = news_normalize_word(text, len, buf, NEWS_MAX_WORD, &nonascii);
			break;

		case NEWS_TOK_HOST:
			n = news_normalize_word(text, len, buf, NEWS_MAX_WORD, &nonascii);
			if (n > 4 && memcmp(buf, "www.", 4) == 0)
			{
				memmove(buf, buf + 4, n - 4);
				n -= 4;
			}
			break;

		case NEWS_TOK_URL:
			n = news_normalize_word(text, len, buf, NEWS_MAX_URL, &nonascii);
			if (n > 0)
			{
				/* the host as a part: "https://www.nzz.ch/x" -> nzz.ch */
				const char *h = memchr(buf, '/', n);
				const char *e;
				int			hlen;

				if (h != NULL && h + 2 < buf + n && h[1] == '/')
					h += 2;
				else
					h = buf;
				e = memchr(h, '/', buf + n - h);
				hlen = (e ? e : buf + n) - h;
				if (hlen > 4 && memcmp(h, "www.", 4) == 0)
				{
					h += 4;
					hlen -= 4;
				}
				if (info)
					info_append(info->normalized, &info->normalized_len,
								sizeof(info->normalized), buf, n);
				add_term(out, buf, n, NEWS_FLAG_WORD, 1);
				if (hlen > 0 && hlen < n)
					add_term(out, h, hlen, NEWS_FLAG_PART, 2);
			}
			return;

		case NEWS_TOK_ABBREV:
			{
				char		tmp[NEWS_MAX_WORD + 8];
				int			i;

				n = news_normalize_word(text, len, tmp, NEWS_MAX_WORD, &nonascii);
				if (n <= 0)
					return;
				len = 0;
				for (i = 0; i < n; i++)
					if (tmp[i] != '.')
						buf[len++] = tmp[i];
				n = len;
				if (info)
					info_append(info->normalized, &info->normalized_len,
								sizeof(info->normalized), buf, n);
				if (in_list(abbrev_stop, buf, n) || is_stop(an, buf, n))
				{
					if (info)
						info->stopword = true;
					return;
				}
				if (utf8_chars(buf, n) >= 2)
					add_term(out, buf, n, NEWS_FLAG_WORD, 1);
				return;
			}

		case NEWS_TOK_NUMBER:
			n = news_number_term(text, len, buf, NEWS_MAX_WORD);
			/* single digits ("2:0", "Plan 1") are as weak as one letter */
			if (n == 1)
			{
				if (info)
					info_append(info->normalized, &info->normalized_len,
								sizeof(info->normalized), buf, n);
				return;
			}
			break;

		case NEWS_TOK_DATE:
			n = news_date_term(text, len, buf);
			break;

		case NEWS_TOK_TIME:
			n = news_time_term(text, len, buf);
			break;

		default:
			return;
	}
	if (n <= 0)
		return;
	if (info)
		info_append(info->normalized, &info->normalized_len,
					sizeof(info->normalized), buf, n);
	add_term(out, buf, n, NEWS_FLAG_WORD, 1);
}
