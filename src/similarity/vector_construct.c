/*-------------------------------------------------------------------------
 *
 * vector_construct.c
 *	  to_news_vector([statistics,] text) and news_vector(text): tokenize,
 *	  weight and normalize one article.
 *
 * Every term reported by news_tokenize_terms() is counted; a compound
 * part (NEWS_TERM_PART) counts news_part_weight of an occurrence.  The
 * default 1 (parts count like words) was measured best on gnad-dev.csv:
 * the parts are the terms that relate "Cyberkriminalität" to
 * "Kriminalität" (P@10 0.53 without parts, 0.59 with; README).  The
 * term frequency is then dampened, by default sublinearly (tf for tf <= 1,
 * 1 + ln tf above; BM25-style saturation with k1 = 1.2, b = 0.75 is
 * selectable with news_analytics.vector_weighting: on gnad-dev.csv the
 * two are within noise, P@10 0.587 / MAP 0.374 against 0.590 / 0.370, and
 * sublinear tf also ranked the sample corpus' stories better), and
 * multiplied by the dampened corpus idf (vector_weighting.c).  The
 * heaviest news_max_terms terms are kept and the weights L2-normalized,
 * so that similarity is a plain dot product.
 *
 * Two kinds of occurrence count more, because they carry the story
 * rather than the section: one among the first news_lead_words words
 * (title and lead; default 80) counts news_lead_weight (1.5), and a word
 * capitalised inside a sentence (a noun or a name; the tokenizer's
 * NEWS_TERM_CAPITAL) counts news_capital_weight (1.3); both multiply.
 * Measured together (test/bench, "related" on the og2021, semeval and
 * gnad corpora): story MAP on the OG2021 headlines 0.738 -> 0.742,
 * Spearman with the SemEval "Overall" score -0.654 -> -0.661, gnad P@10 /
 * MAP 0.595 / 0.377 -> 0.595 / 0.382.  Alone, neither helped all three
 * (the lead weight lowers gnad P@10, the capital weight the SemEval
 * correlation).  Document length (BM25) still counts plain occurrences.
 *
 * Same-story evidence beyond the words (news_vector_terms(), also used by
 * news_analyze_corpus() so that the extra terms get a corpus idf):
 *
 *	- a word the lexicon does not know, and that did not split into known
 *	  compound parts, counts news_unknown_weight (1.2): names, foreign and
 *	  new words ("Kiesenhofer", "Hachimura") name the story;
 *	- every whole-word term longer than news_prefix_chars (4) characters
 *	  also yields its prefix ("olym*", marked by the '*') at
 *	  news_prefix_weight (0.3) of an occurrence: a backoff that relates
 *	  Olympia, olympisch and Olympioniken, or a name and its derived forms,
 *	  where the stems differ;
 *	- optional short-text evidence, off by default: in a text of n <
 *	  news_short_words (12) words, the character trigrams of the word
 *	  terms ("~oly") count news_trigram_weight (e.g. 0.5) times 1 - n /
 *	  news_short_words of an occurrence, and, if news_short_unknown_weight
 *	  is set, an unknown word counts that weight, fading the same way to
 *	  news_unknown_weight.  Headlines are where pg_trgm beats words alone:
 *	  trigrams match misspelt, inflected and transliterated names; in
 *	  articles they cost precision and size, so there they fade to nothing
 *	  (and are not made at all from the news_short_words-th word on);
 *	- optional, off by default: pairs of neighbouring capitalised words
 *	  ("olaf scholz", news_phrase_weight) and numbers with the word after
 *	  them ("3,5 million", news_number_weight).
 *
 * Extra terms inherit the lead, capital and unknown factors of their word
 * and do not count into the document length.  Short-text trigrams,
 * measured on the development halves (test/bench/bench_related.py, each
 * set split in two by a hash; chosen on half A): OG2021 story MAP 0.763 ->
 * 0.773 (half A) and 0.817 -> 0.822 (half B); SemEval and 10kGNAD
 * unchanged (one gnad article of 516 is short enough to change), vectors of
 * gnad articles as large as before.  Trigrams at a fixed weight in every
 * text (the earlier option) reached only 0.750 and cost gnad MAP; a
 * short-text unknown-word weight of 2 added 0.003 MAP on both halves but
 * cost story clustering (news_story B-cubed F1 on half A 0.91 -> 0.885),
 * so it is off; numbers with units were neutral (within 0.002 on every
 * set).  The trigrams are off by default all the same: news_story links
 * headlines by the weight they share, and trigram terms shared by
 * unrelated headlines of one event cut its B-cubed F1 on OG2021 from
 * 0.920 to 0.859 (half A 0.924 -> 0.920, half B 0.922 -> 0.906), far more
 * than the 0.005 of MAP they add.  Measured on the three
 * corpora (test/bench/bench_related.py, development halves), against the
 * weights before (lead and capital only, top 300 terms): OG2021 story MAP
 * 0.742 -> 0.746, SemEval Spearman -0.661 -> -0.666, gnad P@10 / MAP
 * 0.595 / 0.382 -> 0.601 / 0.389, at 2.76 kB per gnad article as before.
 * Each part helps or is neutral on every set: the prefixes on all three,
 * the unknown-word weight on OG2021 (a weight of 1.5 helps it more, 0.750,
 * but costs SemEval and gnad), the top 200 instead of 300 terms on gnad
 * (and it pays for the prefix terms' room).  Trigrams raise OG2021 to
 * 0.750 (0.754 with the unknown weight 1.5) but cost gnad MAP at the same
 * size; word pairs helped no set.
 *
 * Before any news_analyze_corpus() there is no idf and no average
 * document length; the fallback uses sublinear tf times ln(1 + term
 * length in bytes) (long stems are rarer than short ones) and keeps all
 * terms, because pruning by these weights would keep
 * frequent words (measured on gnad-dev.csv with the foundation
 * tokenizer: P@10 0.43 with pruning, 0.48 without; with the German
 * tokenizer the fallback reaches 0.549, README).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "similarity/similarity_internal.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "tokenizer/lexer.h"
#include "tokenizer/lexicon.h"
#include "tokenizer/normalize.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_internal.h"

PG_FUNCTION_INFO_V1(news_vector);
PG_FUNCTION_INFO_V1(news_vector_from_text_stats_sql);

/* longest term that pairs with its neighbour or gives trigrams */
#define EXTRA_MAX_TERM		64
/* room for the terms of one position (a word and its compound parts) */
#define HOLD_MAX			64
#define HOLD_BYTES			4096

/* state of news_vector_terms() */
typedef struct ExtraState
{
	NewsTermCallback callback;	/* the consumer of all terms */
	void	   *arg;
	/* the previous whole word, for word pairs */
	int			prev_pos;		/* its position, 0 = none */
	int			prev_flags;
	int			prev_len;
	char		prev[EXTRA_MAX_TERM];
	char		buf[2 * EXTRA_MAX_TERM + 8];	/* an extra term being built */
	int			nwords;			/* whole-word terms passed on so far */
	/* the previous whole-word term if it was a number, for number pairs */
	int			num_pos;		/* its position, 0 = none */
	int			num_len;
	char		num[EXTRA_MAX_TERM];
	/* unknown words: a lexer in step with the tokenizer's */
	bool		check_unknown;
	NewsLexer	lx;
	NewsToken	tok;
	int			lexpos;			/* position of tok, 0 = before the first */
	/* the terms of the current position, held until it is complete */
	int			cur_pos;
	int			nheld;
	bool		has_part;
	int			held_off[HOLD_MAX];
	int			held_len[HOLD_MAX];
	int			held_flags[HOLD_MAX];
	int			held_used;
	char		held[HOLD_BYTES];
} ExtraState;

/*
 * The per-backend cache of lexicon answers for token_unknown(): the
 * lexicon lookup of a word (normalization, affix forms) costs more than
 * tokenizing it, and news text repeats its words.  Keyed by the exact
 * bytes of the word as written (zero-padded), so the answer is the
 * lexicon's, never a hash collision's; emptied when it grows past
 * UNKNOWN_CACHE_MAX entries or the lexicon changes.
 */
#define UNKNOWN_KEY_MAX		47	/* longer words are looked up uncached */
#define UNKNOWN_CACHE_MAX	65536

typedef struct UnknownEntry
{
	uint8		len;			/* key: length, then the bytes */
	char		bytes[UNKNOWN_KEY_MAX];
	bool		unknown;
} UnknownEntry;

static HTAB *unknown_cache = NULL;
static const void *unknown_cache_lexicon = NULL;
static char unknown_cache_lexicon_name[NAMEDATALEN];

/*
 * lexicon_unknown
 *		Is the word (as written) unknown to the lexicon?
 */
static bool
lexicon_unknown(const NewsAnalyzer *an, const char *word, int len)
{
	const char *name = news_compound_lexicon ? news_compound_lexicon : "";
	UnknownEntry key;
	UnknownEntry *e;
	bool		unknown;
	char		norm[NEWS_MAX_WORD * 4];
	bool		nonascii;
	int			n;

	if (len <= UNKNOWN_KEY_MAX)
	{
		if (unknown_cache != NULL &&
			(unknown_cache_lexicon != (const void *) an->lexicon ||
			 strncmp(unknown_cache_lexicon_name, name, NAMEDATALEN) != 0 ||
			 hash_get_num_entries(unknown_cache) >= UNKNOWN_CACHE_MAX))
		{
			hash_destroy(unknown_cache);
			unknown_cache = NULL;
		}
		if (unknown_cache == NULL)
		{
			HASHCTL		ctl;

			memset(&ctl, 0, sizeof(ctl));
			ctl.keysize = offsetof(UnknownEntry, unknown);
			ctl.entrysize = sizeof(UnknownEntry);
			ctl.hcxt = TopMemoryContext;
			unknown_cache = hash_create("news_analytics unknown words", 1024,
										&ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
			unknown_cache_lexicon = an->lexicon;
			strlcpy(unknown_cache_lexicon_name, name, NAMEDATALEN);
		}
		memset(&key, 0, sizeof(key));
		key.len = (uint8) len;
		memcpy(key.bytes, word, len);
		e = hash_search(unknown_cache, &key, HASH_FIND, NULL);
		if (e != NULL)
			return e->unknown;
	}

	n = news_normalize_word(word, len, norm, sizeof(norm), &nonascii);
	unknown = n > 0 &&
		(news_lexicon_lookup(an->lexicon, norm, n) & ~NEWS_LEX_FORBIDDEN) == 0;
	if (len <= UNKNOWN_KEY_MAX)
	{
		e = hash_search(unknown_cache, &key, HASH_ENTER, NULL);
		e->unknown = unknown;
	}
	return unknown;
}

/*
 * token_unknown
 *		Is the word at this position a plain word the lexicon does not know
 *		(a name, a foreign or a new word)?  The tokenizer numbers positions
 *		by the tokens of news_lexer_next() without blanks, so a lexer of our
 *		own, advanced to the same count, finds the word of the term.
 */
static bool
token_unknown(ExtraState *st, int position)
{
	const NewsAnalyzer *an = news_get_analyzer();

	while (st->lexpos < position)
	{
		CHECK_FOR_INTERRUPTS();
		if (!news_lexer_next(&st->lx, &st->tok))
			return false;
		st->lexpos++;
	}
	if (st->lexpos != position || st->tok.type != NEWS_TOK_WORD ||
		an->lexicon == NULL)
		return false;
	return lexicon_unknown(an, st->lx.text + st->tok.start, st->tok.len);
}

/*
 * emit_prefix
 *		The prefix backoff: the first news_prefix_chars characters of a
 *		longer whole-word term, marked with a trailing '*' so that it never
 *		equals a word's own term ("olym*" for olympia, olymp, olympion).
 */
static void
emit_prefix(ExtraState *st, const char *term, int len, int position, int flags)
{
	int			i = 0,
				nchars = 0;

	while (i < len && nchars < news_prefix_chars)
	{
		i++;
		while (i < len && (((unsigned char) term[i]) & 0xC0) == 0x80)
			i++;
		nchars++;
	}
	if (i >= len || i + 1 > (int) sizeof(st->buf))
		return;
	memcpy(st->buf, term, i);
	st->buf[i] = '*';
	st->callback(st->arg, st->buf, i + 1, position,
				 (flags & ~NEWS_TERM_WORD) | NEWS_TERM_PREFIX);
}

/*
 * emit_trigrams
 *		The character trigrams of a whole-word term, padded like pg_trgm's
 *		(two blanks before, one after), each marked with a leading '~'.
 */
static void
emit_trigrams(ExtraState *st, const char *term, int len, int position,
			  int flags)
{
	char		pad[EXTRA_MAX_TERM + 3];
	int			starts[EXTRA_MAX_TERM + 4];
	int			nch = 0,
				plen = len + 3,
				i;

	if (len > EXTRA_MAX_TERM)
		return;
	pad[0] = ' ';
	pad[1] = ' ';
	memcpy(pad + 2, term, len);
	pad[len + 2] = ' ';
	for (i = 0; i < plen; i++)
		if ((((unsigned char) pad[i]) & 0xC0) != 0x80)
			starts[nch++] = i;
	starts[nch] = plen;
	for (i = 0; i + 3 <= nch; i++)
	{
		int			b = starts[i],
					e = starts[i + 3];

		st->buf[0] = '~';
		memcpy(st->buf + 1, pad + b, e - b);
		st->callback(st->arg, st->buf, e - b + 1, position,
					 (flags & ~NEWS_TERM_WORD) | NEWS_TERM_TRIGRAM);
	}
}

/*
 * emit_pair
 *		Word pairs: two neighbouring words (at most one dropped stop word
 *		between them), both capitalised inside a sentence, give the extra
 *		term "first second": multi-word names such as "Anna Kiesenhofer".
 *		Remembers the word for the next pair.
 */
static void
emit_pair(ExtraState *st, const char *term, int len, int position, int flags)
{
	if (position == st->prev_pos)
		return;					/* another variant of the same word */
	if (st->prev_pos > 0 && position - st->prev_pos <= 2 &&
		(flags & NEWS_TERM_CAPITAL) && (st->prev_flags & NEWS_TERM_CAPITAL) &&
		len <= EXTRA_MAX_TERM)
	{
		memcpy(st->buf, st->prev, st->prev_len);
		st->buf[st->prev_len] = ' ';
		memcpy(st->buf + st->prev_len + 1, term, len);
		st->callback(st->arg, st->buf, st->prev_len + 1 + len, position,
					 (flags & ~NEWS_TERM_WORD) | NEWS_TERM_PHRASE);
	}
	if (len <= EXTRA_MAX_TERM)
	{
		memcpy(st->prev, term, len);
		st->prev_len = len;
		st->prev_pos = position;
		st->prev_flags = flags;
	}
	else
		st->prev_pos = 0;
}

/*
 * is_number_term
 *		Is the term a number (digits with decimal or thousands separators)?
 *		Dates and times have their own normalized terms and are left out.
 */
static bool
is_number_term(const char *term, int len)
{
	int			i;

	if (len == 0 || !(term[0] >= '0' && term[0] <= '9'))
		return false;
	for (i = 1; i < len; i++)
		if (!((term[i] >= '0' && term[i] <= '9') || term[i] == ',' ||
			  term[i] == '.'))
			return false;
	return true;
}

/*
 * emit_number
 *		Numbers with their unit: a number directly followed by a word gives
 *		the extra term "number word" ("3,5 million", "75 aktiv", "100
 *		met"): a count, an amount or a result names an event far better than
 *		the bare number.  Remembers a number for the next word.
 */
static void
emit_number(ExtraState *st, const char *term, int len, int position,
			int flags)
{
	bool		number = is_number_term(term, len);

	if (st->num_pos > 0 && position == st->num_pos + 1 && !number &&
		len <= EXTRA_MAX_TERM)
	{
		memcpy(st->buf, st->num, st->num_len);
		st->buf[st->num_len] = ' ';
		memcpy(st->buf + st->num_len + 1, term, len);
		st->callback(st->arg, st->buf, st->num_len + 1 + len, position,
					 (flags & ~NEWS_TERM_WORD) | NEWS_TERM_NUMBER);
	}
	if (number && len <= EXTRA_MAX_TERM)
	{
		memcpy(st->num, term, len);
		st->num_len = len;
		st->num_pos = position;
	}
	else
		st->num_pos = 0;
}

/*
 * emit_term
 *		Pass a term on, and after a whole-word term the extra terms it
 *		gives.
 */
static void
emit_term(ExtraState *st, const char *term, int len, int position, int flags)
{
	st->callback(st->arg, term, len, position, flags);
	if (!(flags & NEWS_TERM_WORD))
		return;
	st->nwords++;
	if (news_prefix_chars > 0)
		emit_prefix(st, term, len, position, flags);

	/*
	 * Trigrams fade out with the length of the text (collect_term): from
	 * the news_short_words-th word on, they would weigh nothing, so they
	 * are not made at all, which bounds their cost in long texts.
	 */
	if (news_trigram_weight > 0 &&
		(news_short_words == 0 || st->nwords < news_short_words))
		emit_trigrams(st, term, len, position, flags);
	if (news_phrase_weight > 0)
		emit_pair(st, term, len, position, flags);
	if (news_number_weight > 0)
		emit_number(st, term, len, position, flags);
}

/*
 * flush_held
 *		Emit the held terms of one position; the whole-word term gets
 *		NEWS_TERM_UNKNOWN when its word is unknown to the lexicon and was
 *		not split into known parts (a compound of known words is not news
 *		of a name).
 */
static void
flush_held(ExtraState *st)
{
	bool		unknown;
	int			i;

	if (st->nheld == 0)
		return;
	unknown = !st->has_part && token_unknown(st, st->cur_pos);
	for (i = 0; i < st->nheld; i++)
	{
		int			flags = st->held_flags[i];

		if (unknown && (flags & NEWS_TERM_WORD))
			flags |= NEWS_TERM_UNKNOWN;
		emit_term(st, st->held + st->held_off[i], st->held_len[i],
				  st->cur_pos, flags);
	}
	st->nheld = 0;
	st->held_used = 0;
	st->has_part = false;
}

/*
 * extra_term
 *		Tokenizer callback of news_vector_terms(): when unknown words are
 *		weighted, hold the terms of a position until the next position
 *		shows that it is complete (the parts of a compound follow its
 *		word); otherwise emit at once.
 */
static void
extra_term(void *arg, const char *term, int len, int position, int flags)
{
	ExtraState *st = (ExtraState *) arg;

	if (!st->check_unknown)
	{
		emit_term(st, term, len, position, flags);
		return;
	}
	if (position != st->cur_pos || st->nheld == HOLD_MAX ||
		st->held_used + len > HOLD_BYTES)
		flush_held(st);
	st->cur_pos = position;
	if (len > HOLD_BYTES)
	{
		emit_term(st, term, len, position, flags);
		return;
	}
	memcpy(st->held + st->held_used, term, len);
	st->held_off[st->nheld] = st->held_used;
	st->held_len[st->nheld] = len;
	st->held_flags[st->nheld] = flags;
	st->held_used += len;
	st->nheld++;
	if (flags & NEWS_TERM_PART)
		st->has_part = true;
}

/*
 * news_vector_terms
 *		The terms news_vector() counts and news_analyze_corpus() counts
 *		documents of: the tokenizer's, the unknown-word flag and the extra
 *		terms chosen by the settings (see the file header).  With every
 *		extra off it is news_tokenize_terms() itself.
 */
void
news_vector_terms(const char *text, int len, NewsTermCallback callback,
				  void *arg)
{
	ExtraState *st;

	if (news_unknown_weight == 1 &&
		(news_short_unknown_weight == 0 || news_short_unknown_weight == 1) &&
		news_prefix_chars == 0 &&
		news_trigram_weight == 0 && news_phrase_weight == 0 &&
		news_number_weight == 0)
	{
		news_tokenize_terms(text, len, callback, arg);
		return;
	}
	st = palloc(sizeof(ExtraState));
	st->callback = callback;
	st->arg = arg;
	st->prev_pos = 0;
	st->prev_flags = 0;
	st->prev_len = 0;
	st->nwords = 0;
	st->num_pos = 0;
	st->num_len = 0;
	st->check_unknown = news_unknown_weight != 1 ||
		(news_short_unknown_weight != 0 && news_short_unknown_weight != 1);
	st->lexpos = 0;
	st->cur_pos = 0;
	st->nheld = 0;
	st->held_used = 0;
	st->has_part = false;
	news_lexer_init(&st->lx, text, len, false);
	news_tokenize_terms(text, len, extra_term, st);
	flush_held(st);
	pfree(st);
}

typedef struct CollectState
{
	TermTable	table;
	double		nword;			/* occurrences as whole words */
	double		npart;			/* occurrences as compound parts */
} CollectState;

/*
 * collect_term
 *		Tokenizer callback: count occurrences per term, weighted by where
 *		they stand and how they are written (see the file header).
 */
static void
collect_term(void *arg, const char *term, int len, int position, int flags)
{
	CollectState *st = (CollectState *) arg;
	TermEntry  *e = term_table_lookup_or_add(&st->table, term, len);
	double		w = 1;
	double		wshort = 0;		/* the short-text share, faded at the end */
	double		kind;

	if (position <= news_lead_words)
		w *= news_lead_weight;
	if (flags & NEWS_TERM_CAPITAL)
		w *= news_capital_weight;
	if (flags & NEWS_TERM_UNKNOWN)
	{
		/*
		 * In a short text an unknown word counts news_short_unknown_weight,
		 * fading to news_unknown_weight with the text's length: the
		 * difference fades like the trigrams (news_vector_from_text_with).
		 */
		if (news_short_unknown_weight > 0)
			wshort = w * (news_short_unknown_weight - news_unknown_weight);
		w *= news_unknown_weight;
	}
	if (flags & NEWS_TERM_EXTRA)
	{
		/* extra terms do not count into the document length */
		if (flags & NEWS_TERM_TRIGRAM)
		{
			/* trigrams are short-text evidence themselves */
			e->nfade += w * news_trigram_weight;
			return;
		}
		kind = (flags & NEWS_TERM_PHRASE) ? news_phrase_weight :
			(flags & NEWS_TERM_NUMBER) ? news_number_weight :
			news_prefix_weight;
		e->nword += w * kind;
		e->nfade += wshort * kind;
		return;
	}
	e->nfade += wshort;
	if (flags & NEWS_TERM_PART)
	{
		e->npart += w;
		st->npart += 1;
	}
	else
	{
		e->nword += w;
		st->nword += 1;
	}
}

/*
 * weight_desc_cmp
 *		Heavier first; ties by term bytes so that pruning is deterministic.
 */
static int
weight_desc_cmp(const void *a, const void *b)
{
	const NewsVectorItem *ia = (const NewsVectorItem *) a;
	const NewsVectorItem *ib = (const NewsVectorItem *) b;

	if (ia->weight != ib->weight)
		return ia->weight > ib->weight ? -1 : 1;
	return strcmp(ia->term, ib->term);
}

/*
 * news_vector_from_text
 *		Build the vector of a text with the default statistics.
 */
NewsVector *
news_vector_from_text(const char *text, size_t len)
{
	return news_vector_from_text_with(news_corpus_stats(), text, len);
}

/*
 * news_vector_from_text_with
 *		Build the vector of a text with the given statistics (see the file
 *		header).
 */
NewsVector *
news_vector_from_text_with(const NewsCorpusStats *stats, const char *text,
						   size_t len)
{
	CollectState st;
	NewsVectorItem *items;
	int			n = 0;
	uint32		i;
	double		dl;
	double		fade = 1;
	NewsVector *v;

	if (len > (size_t) PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text too long for news_vector")));

	term_table_init(&st.table);
	st.nword = 0;
	st.npart = 0;
	news_vector_terms(text, (int) len, collect_term, &st);
	dl = st.nword + news_part_weight * st.npart;
	/*
	 * Short-text evidence (trigrams, the short-text unknown weight) fades
	 * out with the number of words: the length is known only now.
	 */
	if (news_short_words > 0)
		fade = Max(0.0, 1.0 - st.nword / news_short_words);

	items = palloc(sizeof(NewsVectorItem) * Max(st.table.nentries, 1));
	for (i = 0; i < st.table.nentries; i++)
	{
		TermEntry  *e = &st.table.entries[i];
		double		tf = e->nword + news_part_weight * e->npart +
			fade * e->nfade;
		double		wtf;
		double		idf;

		CHECK_FOR_INTERRUPTS();
		if (!(tf > 0))
			continue;
		if (news_weight_scheme == NEWS_WEIGHT_BM25 && stats->ndocs > 0 && stats->avgdl > 0)
		{
			double		k1 = NEWS_BM25_K1;
			double		b = NEWS_BM25_B;

			wtf = tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / stats->avgdl));
		}
		else
			wtf = tf <= 1 ? tf : 1 + log(tf);

		/* fallback before news_analyze_corpus(): longer terms are rarer */
		if (stats->ndocs > 0)
			idf = news_corpus_idf(stats, e->hash);
		else
			idf = log(1.0 + e->len);

		/* a vector holds positive weights only (singleton weight 0) */
		if (!((float) (wtf * idf) > 0))
			continue;
		items[n].hash = e->hash;
		items[n].weight = (float) (wtf * idf);
		items[n].term = TERM_STRING(&st.table, e);
		items[n].len = e->len;
		n++;
	}

	/* pruning needs idf: the fallback weights would keep common words */
	if (news_max_terms > 0 && n > news_max_terms && stats->ndocs > 0)
	{
		qsort(items, n, sizeof(NewsVectorItem), weight_desc_cmp);
		n = news_max_terms;
	}

	v = news_vector_build(items, n, true);
	pfree(items);
	term_table_free(&st.table);
	return v;
}

/*
 * to_news_vector(text) and news_vector(text) RETURNS news_vector
 *		With the default statistics: STABLE.
 */
Datum
news_vector(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_POINTER(news_vector_from_text(VARDATA_ANY(t),
											VARSIZE_ANY_EXHDR(t)));
}

/*
 * to_news_vector(statistics regclass, document text) RETURNS news_vector
 *		With the statistics kept in a table: IMMUTABLE, like
 *		to_tsvector(regconfig, text) (vector_weighting.c explains why).
 */
Datum
news_vector_from_text_stats_sql(PG_FUNCTION_ARGS)
{
	const NewsCorpusStats *stats = news_corpus_stats_of(PG_GETARG_OID(0));
	text	   *t = PG_GETARG_TEXT_PP(1);

	PG_RETURN_POINTER(news_vector_from_text_with(stats, VARDATA_ANY(t),
												 VARSIZE_ANY_EXHDR(t)));
}
