/*-------------------------------------------------------------------------
 *
 * tokenize.c
 *	  Server glue of the tokenizer: the news_analytics.compound_lexicon
 *	  GUC, the per-backend analyzer (lexicon, stemmer, stop words, term
 *	  cache), news_tokenize_terms() of tokenizer.h and the SQL functions
 *	  news_tokenize(text) and news_lexicon_info().
 *
 * The lexicon is loaded once per backend on first use into its own
 * long-lived memory context (child of TopMemoryContext); changing the GUC
 * loads the other lexicon on next use.  Stop words are PostgreSQL's
 * tsearch_data/german.stop read with readstoplist(), normalized like our
 * words.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <unistd.h>

#include <libstemmer.h>

#include "catalog/pg_type.h"
#include "common/pg_compat.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "tsearch/ts_public.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "news_analytics.h"
#include "tokenizer/lexer.h"
#include "tokenizer/normalize.h"
#include "tokenizer/termcache.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_int.h"

PG_FUNCTION_INFO_V1(news_tokenize);
PG_FUNCTION_INFO_V1(news_lexicon_info);

/*
 * Default lexicon: hunspell-de-de's list.  It splits as well as de_ch on
 * the DEKOR compounds and GNAD news, and also knows foreign compound
 * starts such as "Cyber-" that de_ch lacks; ß is folded to ss, so Swiss
 * spelling finds its words.  de_ch knows a few Swiss words more (Velo).
 */
#define NEWS_DEFAULT_LEXICON "de_de"

/* upper bound of the term cache, per backend */
#define TERM_CACHE_BYTES	(32 * 1024 * 1024)

/* GUC */
static char *compound_lexicon_name = NULL;

typedef struct TokenizerState
{
	MemoryContext cxt;			/* everything below lives here */
	char		lexicon_name[NAMEDATALEN];
	char	   *dict_path;
	char	   *affix_path;
	NewsLexicon *lexicon;
	double		load_ms;		/* time to load the lexicon */
	Size		lexicon_bytes;	/* memory of the lexicon's context */
	StopList	stoplist;
	NewsTermCache *cache;
	NewsAnalyzer analyzer;
} TokenizerState;

static TokenizerState *tstate = NULL;
static struct sb_stemmer *german_stemmer = NULL;

/*
 * lexicon_files_exist
 *		Whether <name>.dict and <name>.affix are readable in tsearch_data.
 */
static bool
lexicon_files_exist(const char *name)
{
	char	   *dict = get_tsearch_config_filename(name, "dict");
	char	   *affix = get_tsearch_config_filename(name, "affix");
	bool		ok = access(dict, R_OK) == 0 && access(affix, R_OK) == 0;

	pfree(dict);
	pfree(affix);
	return ok;
}

/*
 * check_compound_lexicon
 *		GUC check hook: a lexicon name is a tsearch_data base name (letters,
 *		digits, underscore), as get_tsearch_config_filename() requires, and
 *		its word list and affix files are installed.
 */
static bool
check_compound_lexicon(char **newval, void **extra, GucSource source)
{
	const char *p;

	if (*newval == NULL || **newval == '\0' || strlen(*newval) >= NAMEDATALEN)
	{
		GUC_check_errdetail("The lexicon name must be a non-empty name such as \"de_de\".");
		return false;
	}
	for (p = *newval; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
		{
			GUC_check_errdetail("A lexicon name may contain only lower-case letters, digits and underscores.");
			return false;
		}

	/*
	 * Refuse a name whose files are missing now, rather than failing on the
	 * next tokenized text.  ALTER DATABASE/ROLE ... SET (source PGC_S_TEST)
	 * only gets a notice, as for default_text_search_config: the files may
	 * be installed before the setting is used.
	 */
	if (!lexicon_files_exist(*newval))
	{
		if (source == PGC_S_TEST)
		{
			ereport(NOTICE,
					(errcode(ERRCODE_UNDEFINED_FILE),
					 errmsg("compound lexicon \"%s\" is not installed in tsearch_data", *newval)));
			return true;
		}
		GUC_check_errdetail("There is no %s.dict and %s.affix in PostgreSQL's tsearch_data directory.",
							*newval, *newval);
		GUC_check_errhint("Install the Debian package hunspell-de-ch (\"de_ch\") or hunspell-de-de (\"de_de\").");
		return false;
	}
	return true;
}

/*
 * news_tokenizer_init
 *		Called from _PG_init: define the tokenizer's GUCs.
 */
void
news_tokenizer_init(void)
{
	DefineCustomStringVariable(NEWS_GUC_PREFIX ".compound_lexicon",
							   "Hunspell word list used to split German compounds.",
							   "Base name of <name>.dict and <name>.affix in "
							   "PostgreSQL's tsearch_data directory "
							   "(Debian packages hunspell-de-ch, hunspell-de-de).",
							   &compound_lexicon_name,
							   NEWS_DEFAULT_LEXICON,
							   PGC_USERSET,
							   0,
							   check_compound_lexicon,
							   NULL,
							   NULL);
}

/*
 * readstoplist word operation: normalize like our words (its parameters
 * differ between PostgreSQL versions, see pg_compat.h)
 */
static char *
stopword_normalize(NA_STOPWORD_OP_PARAMS)
{
	int			len = NA_STOPWORD_OP_LEN;
	char	   *buf = palloc(len * 2 + 8);
	bool		nonascii;
	int			n = news_normalize_word(word, len, buf, len * 2 + 4, &nonascii);

	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

/* NewsStopFunc over the StopList */
static bool
stop_check(void *arg, const char *word, int len)
{
	StopList   *sl = (StopList *) arg;
	char		buf[64];

	if (len >= (int) sizeof(buf))
		return false;
	memcpy(buf, word, len);
	buf[len] = '\0';
	return searchstoplist(sl, buf);
}

static struct sb_stemmer *
get_stemmer(void)
{
	if (german_stemmer == NULL)
	{
		german_stemmer = sb_stemmer_new("german", "UTF_8");
		if (german_stemmer == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("could not create the Snowball \"german\" stemmer")));
	}
	return german_stemmer;
}

/*
 * lexicon_file
 *		Path of <name>.<ext> in tsearch_data; errors out naming the file and
 *		the package when it is missing or unreadable.
 */
static char *
lexicon_file(const char *name, const char *ext)
{
	char	   *path = get_tsearch_config_filename(name, ext);

	if (access(path, R_OK) != 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read compound lexicon file \"%s\": %m", path),
				 errhint("Install the Debian package %s, or set news_analytics.compound_lexicon "
						 "to a hunspell word list in tsearch_data (\"de_ch\" from hunspell-de-ch, "
						 "\"de_de\" from hunspell-de-de).",
						 strcmp(name, "de_ch") == 0 ? "hunspell-de-ch" : "hunspell-de-de")));
	return path;
}

/*
 * load_state
 *		Build the analyzer state for the lexicon named by the GUC.  All of it
 *		is allocated in a fresh context, deleted if anything fails, so that a
 *		failed load leaves no garbage and is retried next time.
 */
static TokenizerState *
load_state(const char *name)
{
	MemoryContext cxt;
	MemoryContext old;
	TokenizerState *volatile st = NULL;
	char		errbuf[256];
	instr_time	start,
				duration;

	cxt = AllocSetContextCreate(TopMemoryContext, "news_analytics tokenizer",
								ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		MemoryContext lexcxt;

		st = palloc0(sizeof(TokenizerState));
		st->cxt = cxt;
		strlcpy(st->lexicon_name, name, NAMEDATALEN);
		st->dict_path = lexicon_file(name, "dict");
		st->affix_path = lexicon_file(name, "affix");

		/* the lexicon in a context of its own, to measure its memory */
		lexcxt = AllocSetContextCreate(cxt, "news_analytics lexicon",
									   ALLOCSET_DEFAULT_SIZES);
		MemoryContextSwitchTo(lexcxt);
		INSTR_TIME_SET_CURRENT(start);
		errbuf[0] = '\0';
		st->lexicon = news_lexicon_load(st->dict_path, st->affix_path,
										errbuf, sizeof(errbuf));
		INSTR_TIME_SET_CURRENT(duration);
		INSTR_TIME_SUBTRACT(duration, start);
		MemoryContextSwitchTo(cxt);
		if (st->lexicon == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_CONFIG_FILE_ERROR),
					 errmsg("could not load compound lexicon \"%s\" from \"%s\" and \"%s\": %s",
							name, st->dict_path, st->affix_path, errbuf),
					 errhint("The files come from the Debian package %s.",
							 strcmp(name, "de_ch") == 0 ? "hunspell-de-ch" : "hunspell-de-de")));
		st->load_ms = INSTR_TIME_GET_MILLISEC(duration);
		st->lexicon_bytes = MemoryContextMemAllocated(lexcxt, true);
		elog(DEBUG1, "news_analytics: loaded compound lexicon \"%s\" in %.1f ms, %zu bytes",
			 name, st->load_ms, (size_t) st->lexicon_bytes);

		readstoplist("german", &st->stoplist, stopword_normalize);
		st->cache = news_cache_create(TERM_CACHE_BYTES);

		st->analyzer.lexicon = st->lexicon;
		st->analyzer.stemmer = get_stemmer();
		st->analyzer.is_stop = stop_check;
		st->analyzer.stop_arg = &st->stoplist;
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(old);
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(old);
	return st;
}

static TokenizerState *
get_state(void)
{
	const char *name = compound_lexicon_name ? compound_lexicon_name : NEWS_DEFAULT_LEXICON;

	if (tstate != NULL && strcmp(tstate->lexicon_name, name) == 0)
		return tstate;
	if (tstate != NULL)
	{
		MemoryContextDelete(tstate->cxt);
		tstate = NULL;
	}
	tstate = load_state(name);
	return tstate;
}

const NewsAnalyzer *
news_get_analyzer(void)
{
	return &get_state()->analyzer;
}

/*
 * news_token_terms
 *		Cached analysis of one token.
 */
const char *
news_token_terms(int type, const char *text, int len, int *used, int *nterms)
{
	static NewsTermList out;
	TokenizerState *st = get_state();
	uint32		hash = news_cache_hash(type, text, len);
	const char *terms;
	MemoryContext old;

	terms = news_cache_lookup(st->cache, hash, type, text, len, used, nterms);
	if (terms != NULL)
		return terms;
	news_analyze_token(&st->analyzer, type, text, len, &out, NULL);
	old = MemoryContextSwitchTo(st->cxt);
	news_cache_store(st->cache, hash, type, text, len, &out);
	MemoryContextSwitchTo(old);
	*used = out.used;
	*nterms = out.nterms;
	return out.buf;
}

/*
 * news_tokenize_terms
 *		The contract of tokenizer.h: stream the terms of a text through the
 *		callback.  Memory use is constant (the cache is bounded); the loop
 *		checks for interrupts so that statement_timeout cancels huge texts.
 */
void
news_tokenize_terms(const char *text, int len, NewsTermCallback callback,
					void *arg)
{
	NewsLexer	lx;
	NewsToken	tok;
	int			position = 0;

	(void) get_state();
	news_lexer_init(&lx, text, len, false);
	while (news_lexer_next(&lx, &tok))
	{
		const char *terms;
		int			used,
					nterms,
					off = 0;
		NewsTerm	t;

		CHECK_FOR_INTERRUPTS();
		position++;
		terms = news_token_terms(tok.type, text + tok.start, tok.len, &used, &nterms);
		while ((off = news_term_get(terms, used, off, &t)) >= 0)
		{
			/* the same term for another variant (gender forms) once only */
			int			prev = 0;
			NewsTerm	p;
			bool		dup = false;

			while ((prev = news_term_get(terms, used, prev, &p)) >= 0 && p.text < t.text)
				if (p.len == t.len && memcmp(p.text, t.text, t.len) == 0)
				{
					dup = true;
					break;
				}
			if (!dup)
				callback(arg, t.text, t.len, position,
						 (t.flags & NEWS_FLAG_PART) ? NEWS_TERM_PART : NEWS_TERM_WORD);
		}
	}
}

/* Terms collected for news_tokenize: [int32 len][bytes] packed. */
typedef struct TermCollector
{
	char	   *buf;
	Size		used;
	Size		size;
	Size		nterms;
	Size		datasize;		/* bytes of the array's data part */
} TermCollector;

static void
collect_term(void *arg, const char *term, int len, int position, int flags)
{
	TermCollector *c = (TermCollector *) arg;
	Size		need = sizeof(int32) + len;

	if (c->used + need > c->size)
	{
		Size		newsize = Max(c->size * 2, c->used + need);

		if (newsize > MaxAllocHugeSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("news_tokenize result is too large")));
		c->buf = repalloc_huge(c->buf, newsize);
		c->size = newsize;
	}
	memcpy(c->buf + c->used, &len, sizeof(int32));
	memcpy(c->buf + c->used + sizeof(int32), term, len);
	c->used += need;
	c->nterms++;
	c->datasize += INTALIGN(VARHDRSZ + len);
}

/*
 * news_tokenize(text) RETURNS text[]
 *		The terms of a text in order.  The array is built in one piece from
 *		the collected terms instead of one datum per term (faster, and half
 *		the memory).
 */
Datum
news_tokenize(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	TermCollector c;
	ArrayType  *result;
	Size		nbytes;
	char	   *dst;
	Size		off;
	int			dims[1],
				lbs[1] = {1};

	c.size = 1024;
	c.buf = palloc(c.size);
	c.used = 0;
	c.nterms = 0;
	c.datasize = 0;
	news_tokenize_terms(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
						collect_term, &c);
	if (c.nterms == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));

	nbytes = ARR_OVERHEAD_NONULLS(1) + c.datasize;
	if (!AllocSizeIsValid(nbytes) || c.nterms > MaxArraySize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("news_tokenize result would exceed the maximum array size")));
	result = (ArrayType *) palloc0(nbytes);
	SET_VARSIZE(result, nbytes);
	result->ndim = 1;
	result->dataoffset = 0;
	result->elemtype = TEXTOID;
	dims[0] = (int) c.nterms;
	memcpy(ARR_DIMS(result), dims, sizeof(dims));
	memcpy(ARR_LBOUND(result), lbs, sizeof(lbs));
	dst = ARR_DATA_PTR(result);
	for (off = 0; off < c.used;)
	{
		int32		len;

		CHECK_FOR_INTERRUPTS();
		memcpy(&len, c.buf + off, sizeof(int32));
		SET_VARSIZE(dst, VARHDRSZ + len);
		memcpy(VARDATA(dst), c.buf + off + sizeof(int32), len);
		dst += INTALIGN(VARHDRSZ + len);
		off += sizeof(int32) + len;
	}
	pfree(c.buf);
	PG_RETURN_ARRAYTYPE_P(result);
}

/*
 * news_lexicon_info()
 *		The lexicon this backend uses: name, files, load time, memory, and
 *		the term cache's size.  Loads the lexicon if needed.
 */
Datum
news_lexicon_info(PG_FUNCTION_ARGS)
{
	TokenizerState *st = get_state();
	TupleDesc	tupdesc;
	Datum		values[7];
	bool		nulls[7] = {false};
	size_t		entries,
				bytes,
				resets;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);
	news_cache_stats(st->cache, &entries, &bytes, &resets);
	values[0] = CStringGetTextDatum(st->lexicon_name);
	values[1] = CStringGetTextDatum(st->dict_path);
	values[2] = CStringGetTextDatum(st->affix_path);
	values[3] = Float8GetDatum(st->load_ms);
	values[4] = Int64GetDatum((int64) st->lexicon_bytes);
	values[5] = Int64GetDatum((int64) news_lexicon_memory(st->lexicon));
	values[6] = Int64GetDatum((int64) entries);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
