/*-------------------------------------------------------------------------
 *
 * test_tokenizer.c
 *	  Stand-alone unit test of the tokenizer's pure C cores: normalization
 *	  (normalize.c), the lexer (lexer.c), the analyzer (analyzer.c) with the
 *	  real lexicon and Snowball, and the term cache (termcache.c); plus a
 *	  short random-input run (no crash, tokens inside the text, progress).
 *
 * Built and run by test/unit/check-tokenizer.sh:
 *	 ./test_tokenizer DICT AFFIX STOPFILE
 * Prints one line per failed check and "N passed, N failed" last.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "common/na_alloc.h"
#include "tokenizer/analyzer.h"
#include "tokenizer/lexer.h"
#include "tokenizer/normalize.h"
#include "tokenizer/termcache.h"

static int	passed = 0;
static int	failed = 0;

static void
expect_str(const char *what, const char *got, const char *expected)
{
	if (strcmp(got, expected) == 0)
		passed++;
	else
	{
		failed++;
		printf("FAILED: %s\n   got: [%s]\n  want: [%s]\n", what, got, expected);
	}
}

static void
expect_true(const char *what, int ok)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAILED: %s\n", what);
	}
}

/* ---------------------------------------------------------------- normalize */

static void
expect_norm(const char *in, const char *want)
{
	char		out[256];
	bool		na;
	int			n = news_normalize_word(in, (int) strlen(in), out, sizeof(out) - 1, &na);

	out[n < 0 ? 0 : n] = '\0';
	expect_str(in, out, want);
}

static void
test_normalize(void)
{
	char		small[4];
	bool		na;

	expect_norm("Haus", "haus");
	expect_norm("ÄRZTE", "ärzte");
	expect_norm("A\xCC\x88rzte", "ärzte");	/* decomposed Ä */
	expect_norm("u\xCC\x88" "ber", "über");
	expect_norm("E\xCC\x81" "clair", "éclair");
	expect_norm("Straße", "strasse");
	expect_norm("GROẞ", "gross");
	expect_norm("Ver\xC2\xAD" "hand\xE2\x80\x8B" "lungen", "verhandlungen");	/* soft hyphen, ZWSP */
	expect_norm("\xEF\xBB\xBF" "Text", "text");	/* BOM */
	expect_norm("Peter’s", "peter's");
	expect_norm("ÉÇÑŁŒŠŽŸ", "éçñłœšžÿ");
	expect_norm("МОСКВА Ελλάδα", "москва ελλάδα");
	expect_norm("x\xCC\xB8y", "xy");	/* mark without precomposed form: dropped */
	expect_norm("\xCC\x88" "a", "a");	/* mark at the start */
	expect_norm("\xFF\xFE" "a", "\xEF\xBF\xBD\xEF\xBF\xBD" "a");	/* invalid bytes: U+FFFD */
	expect_true("overflow reported",
				news_normalize_word("abcdef", 6, small, sizeof(small), &na) == -1);
	expect_true("class nbsp", news_char_class(0xA0) == NEWS_CC_SPACE);
	expect_true("class narrow nbsp", news_char_class(0x202F) == NEWS_CC_SPACE);
	expect_true("class soft hyphen", news_char_class(0xAD) == NEWS_CC_IGNORE);
	expect_true("class „", news_char_class(0x201E) == NEWS_CC_PUNCT);
	expect_true("class «", news_char_class(0xAB) == NEWS_CC_PUNCT);
	expect_true("class –", news_char_class(0x2013) == NEWS_CC_PUNCT);
	expect_true("class ’", news_char_class(0x2019) == NEWS_CC_APOS);
	expect_true("class emoji", news_char_class(0x1F600) == NEWS_CC_PUNCT);
	expect_true("class CJK", news_char_class(0x65E5) == NEWS_CC_LETTER);
}

/* ---------------------------------------------------------------- lexer */

/* non-blank tokens as "type:text|type:text" */
static void
expect_lex(const char *in, const char *want)
{
	NewsLexer	lx;
	NewsToken	tok;
	char		out[2048];
	int			o = 0;

	out[0] = '\0';
	news_lexer_init(&lx, in, (int) strlen(in), false);
	while (news_lexer_next(&lx, &tok) && o < (int) sizeof(out) - 100)
		o += snprintf(out + o, sizeof(out) - o, "%s%s:%.*s", o ? "|" : "",
					  news_token_type_name(tok.type), tok.len, in + tok.start);
	expect_str(in, out, want);
}

static void
test_lexer(void)
{
	expect_lex("Die Regierung tagt.", "word:Die|word:Regierung|word:tagt");
	expect_lex("z.B. u.a. d.h. U.S.A. i.d.R.", "abbrev:z.B.|abbrev:u.a.|abbrev:d.h.|abbrev:U.S.A.|abbrev:i.d.R.");
	expect_lex("Dr. Prof. Nr. St. bzw. Ende.", "abbrev:Dr.|abbrev:Prof.|abbrev:Nr.|abbrev:St.|abbrev:bzw.|word:Ende");
	expect_lex("1'500 1’500 1.500 3,5 1.50 1'500.50 1.500.000", "number:1'500|number:1’500|number:1.500|number:3,5|number:1.50|number:1'500.50|number:1.500.000");
	expect_lex("3.2.2023 03.02.23 7. Juli 2021 am 7. Juli", "date:3.2.2023|date:03.02.23|date:7. Juli 2021|word:am|number:7|word:Juli");
	expect_lex("11:53 9:05 2:1 25:99 20.15 Uhr 20.15 Franken", "time:11:53|time:9:05|number:2|number:1|number:25|number:99|time:20.15|word:Uhr|number:20.15|word:Franken");
	expect_lex("https://www.nzz.ch/x?y=1. (http://a.ch/b)", "url:https://www.nzz.ch/x?y=1|url:http://a.ch/b");
	expect_lex("www.nzz.ch inside-it.ch inside-it.ch/news/1 Ende.Das", "host:www.nzz.ch|host:inside-it.ch|url:inside-it.ch/news/1|word:Ende|word:Das");
	expect_lex("info@nzz.ch, first.last+x@example.com", "email:info@nzz.ch|email:first.last+x@example.com");
	expect_lex("@nzz #Klimastreik #1 a@b", "mention:@nzz|hashtag:#Klimastreik|number:1|word:a|mention:@b");
	expect_lex("Mitarbeiter*innen Mitarbeiter:innen Mitarbeiter_innen Mitarbeiter/-innen Mitarbeiter/innen Lehrer*in",
			   "gender:Mitarbeiter*innen|gender:Mitarbeiter:innen|gender:Mitarbeiter_innen|gender:Mitarbeiter/-innen|gender:Mitarbeiter/innen|gender:Lehrer*in");
	expect_lex("MitarbeiterInnen LehrerIn LinkedIn Binnen", "gender:MitarbeiterInnen|gender:LehrerIn|word:LinkedIn|word:Binnen");
	expect_lex("E-Government Anti-Fake-News-Initiative COVID-19 20er-Jahre 2020-2021 Bundes- und",
			   "hword:E-Government|hword:Anti-Fake-News-Initiative|hword:COVID-19|hword:20er-Jahre|number:2020|number:2021|word:Bundes|word:und");
	expect_lex("5G B2B geht's O’Neill", "numword:5G|numword:B2B|word:geht's|word:O’Neill");
	expect_lex("„Zitat“ ‚x‘ «y» – — …", "word:Zitat|word:x|word:y");
	expect_lex("a\xC2\xA0" "b\xE2\x80\xAF" "c", "word:a|word:b|word:c");	/* NBSP, narrow NBSP */
	expect_lex("Ver\xC2\xAD" "handlungen", "word:Ver\xC2\xAD" "handlungen");
	expect_lex("", "");
	expect_lex("   ...  ", "");
	/* fuzz finding: long digit runs after "1." overflowed digits_value() */
	expect_lex("1.88888888888888888888.2023 88888888888:15 7.99999999999. Juli",
			   "number:1.88888888888888888888|number:2023|number:88888888888|number:15|number:7.99999999999|word:Juli");
}

/* blank runs and over-long runs */
static void
test_lexer_bounds(void)
{
	int			n = 300000;
	char	   *big = na_alloc(n + 1);
	NewsLexer	lx;
	NewsToken	tok;
	int			tokens = 0,
				maxlen = 0,
				covered = 0;

	memset(big, 'a', n);
	big[n] = '\0';
	news_lexer_init(&lx, big, n, true);
	while (news_lexer_next(&lx, &tok))
	{
		tokens++;
		covered += tok.len;
		if (tok.len > maxlen)
			maxlen = tok.len;
		if (tok.type != NEWS_TOK_BLANK)
			break;
	}
	expect_true("over-long word: only blank pieces of bounded size",
				tok.type == NEWS_TOK_BLANK && maxlen <= NEWS_MAX_TOKEN && covered == n &&
				tokens >= n / NEWS_MAX_TOKEN);

	/* the blank runs together with the tokens cover the text exactly */
	{
		const char *t = "Die „Ärzte“ – z.B. 1'500 Fr. — sagen: nein!";
		int			pos = 0;
		bool		ok = true;

		news_lexer_init(&lx, t, (int) strlen(t), true);
		while (news_lexer_next(&lx, &tok))
		{
			if (tok.start != pos)
				ok = false;
			pos = tok.start + tok.len;
		}
		expect_true("tokens and blanks cover the text", ok && pos == (int) strlen(t));
	}
	na_free(big);
}

/* ---------------------------------------------------------------- analyzer */

static char **stopwords;
static int	nstop;

static bool
stop_check(void *arg, const char *w, int len)
{
	int			i;

	for (i = 0; i < nstop; i++)
		if ((int) strlen(stopwords[i]) == len && memcmp(stopwords[i], w, len) == 0)
			return true;
	return false;
}

static void
load_stopwords(const char *path)
{
	FILE	   *f = fopen(path, "r");
	char		line[128];

	stopwords = na_alloc(sizeof(char *) * 1024);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) && nstop < 1024)
	{
		char		norm[256];
		bool		na;
		int			len = (int) strcspn(line, "\r\n");
		int			n = news_normalize_word(line, len, norm, sizeof(norm) - 1, &na);

		if (n <= 0)
			continue;
		norm[n] = '\0';
		stopwords[nstop] = na_alloc(n + 1);
		memcpy(stopwords[nstop++], norm, n + 1);
	}
	fclose(f);
}

/* all terms of a text, space-separated */
static void
terms_of(const NewsAnalyzer *an, const char *in, char *out, int cap)
{
	NewsLexer	lx;
	NewsToken	tok;
	NewsTermList tl;
	int			o = 0;

	out[0] = '\0';
	news_lexer_init(&lx, in, (int) strlen(in), false);
	while (news_lexer_next(&lx, &tok))
	{
		NewsTerm	t;
		int			off = 0;

		news_analyze_token(an, tok.type, in + tok.start, tok.len, &tl, NULL);
		while ((off = news_term_get(tl.buf, tl.used, off, &t)) >= 0 && o < cap - 200)
			o += snprintf(out + o, cap - o, "%s%.*s", o ? " " : "", t.len, t.text);
	}
}

static void
expect_terms(const NewsAnalyzer *an, const char *in, const char *want)
{
	char		out[4096];

	terms_of(an, in, out, sizeof(out));
	expect_str(in, out, want);
}

/*
 * The stemmer's own stems of lower-case words (separated by single spaces),
 * joined by spaces: what the analyzer must give for words that its
 * normalization leaves alone.  Snowball 3 reads "ae" in "israel" as an
 * umlaut by itself and Snowball 2 does not, so these stems differ between
 * library versions while our part must not.
 */
static void
stems_of(const NewsAnalyzer *an, const char *words, char *out, int cap)
{
	const char *p = words;
	int			o = 0;

	out[0] = '\0';
	while (*p != '\0' && o < cap)
	{
		int			n = (int) strcspn(p, " ");
		const sb_symbol *st = sb_stemmer_stem(an->stemmer, (const sb_symbol *) p, n);
		int			slen = sb_stemmer_length(an->stemmer);

		o += snprintf(out + o, cap - o, "%s%.*s", o > 0 ? " " : "", slen,
					  (const char *) st);
		p += n;
		while (*p == ' ')
			p++;
	}
}

/* two texts give the same terms */
static void
expect_same(const NewsAnalyzer *an, const char *a, const char *b)
{
	char		ta[4096],
				tb[4096],
				what[512];

	terms_of(an, a, ta, sizeof(ta));
	terms_of(an, b, tb, sizeof(tb));
	snprintf(what, sizeof(what), "\"%s\" same terms as \"%s\"", a, b);
	expect_str(what, ta, tb);
}

static void
test_analyzer(const NewsAnalyzer *an)
{
	char		want[256];

	expect_terms(an, "Die Verhandlungen der Regierung", "verhandl regier");
	expect_terms(an, "Gewerkschaft Verhandlungen Regierung", "gewerkschaft verhandl regier");
	expect_terms(an, "Regierungschef", "regierungschef regier chef");
	expect_terms(an, "Verhandlungsrunde", "verhandlungsrund verhandl rund");
	expect_same(an, "Maßnahmen", "Massnahmen");
	expect_same(an, "Aerzte", "Ärzte");
	expect_same(an, "A\xCC\x88rzte", "Ärzte");
	expect_same(an, "Oel", "Öl");
	stems_of(an, "israel michael neue queue", want, sizeof(want));
	expect_terms(an, "Israel Michael neue Queue", want);
	expect_terms(an, "USA EU AWS uns", "usa eu aws");
	expect_same(an, "Mitarbeiter*innen", "Mitarbeiter Mitarbeiterinnen");
	expect_same(an, "Mitarbeiter:innen", "Mitarbeiter Mitarbeiterinnen");
	expect_same(an, "Mitarbeiter_innen", "Mitarbeiter Mitarbeiterinnen");
	expect_same(an, "MitarbeiterInnen", "Mitarbeiter Mitarbeiterinnen");
	expect_same(an, "Mitarbeiter/-innen", "Mitarbeiter Mitarbeiterinnen");
	expect_same(an, "Lehrer*in", "Lehrer Lehrerin");
	expect_terms(an, "z.B. u.a. bzw. Dr. Prof. Nr. St. Gallen", "dr prof nr st gall");
	expect_terms(an, "1'500 1’500 1.500 3,5 Fr. 1.50 CHF 20", "1500 1500 1500 3,5 fr 1,50 chf 20");
	expect_terms(an, "1\xE2\x80\xAF" "500 20\xC2\xA0" "000 3\xE2\x80\x89" "000 12 345", "1500 20000 3000 12 345");
	expect_terms(an, "3.2.2023 7. Juli 2021 03.02.99 11:53 9:05 8.30 Uhr", "2023-02-03 2021-07-07 1999-02-03 11:53 09:05 08:30 uhr");
	expect_terms(an, "https://www.nzz.ch/x info@NZZ.ch www.inside-it.ch @NZZ #Klimastreik",
				 "https://www.nzz.ch/x nzz.ch info@nzz.ch inside-it.ch @nzz #klimastreik");
	expect_terms(an, "E-Government", "egovernment government");
	expect_terms(an, "COVID-19 5G 31-Jährige 3-Zimmer-Wohnung 2:0-Sieg Plan 1", "covid 19 5g 31 jahrig zimm wohnung sieg plan");
	expect_terms(an, "geht's O’Neill a b c", "geht oneill");
	expect_terms(an, "LinkedIn YouTube", "linkedin youtub");
	expect_terms(an, "der die das und oder", "");
}

/* ---------------------------------------------------------------- cache */

static void
test_cache(void)
{
	NewsTermCache *c = news_cache_create(1024 * 1024);
	NewsTermList tl;
	int			used,
				nterms,
				i,
				hits = 0;
	char		key[32];
	size_t		entries,
				bytes,
				resets;

	tl.nterms = 1;
	tl.used = 9;
	memcpy(tl.buf, "\x01\x01\x05\x00hallo", 9);
	for (i = 0; i < 200000; i++)
	{
		int			n = snprintf(key, sizeof(key), "w%d", i);

		news_cache_store(c, news_cache_hash(1, key, n), 1, key, n, &tl);
	}
	for (i = 199000; i < 200000; i++)
	{
		int			n = snprintf(key, sizeof(key), "w%d", i);
		const char *t = news_cache_lookup(c, news_cache_hash(1, key, n), 1, key, n,
										  &used, &nterms);

		if (t && used == 9 && nterms == 1 && memcmp(t, tl.buf, 9) == 0)
			hits++;
	}
	news_cache_stats(c, &entries, &bytes, &resets);
	expect_true("cache: recent entries found after resets", hits == 1000);
	expect_true("cache: bounded", resets > 0 && bytes <= 3 * 1024 * 1024);
	expect_true("cache: other type misses",
				news_cache_lookup(c, news_cache_hash(2, "w199999", 7), 2, "w199999", 7,
								  &used, &nterms) == NULL);
	news_cache_free(c);
}

/* ---------------------------------------------------------------- fuzz */

static void
test_random(const NewsAnalyzer *an)
{
	static const char *pieces[] = {
		"a", "Z", "ä", "\xCC\x88", "\xC2\xAD", "\xE2\x80\x99", "'", ".", "-", "*", ":",
		"_", "/", "@", "#", "1", "9", " ", "\xC2\xA0", "innen", "Innen", "www.", "http://",
		".ch", "z.B.", "\xFF", "\xE2\x80", "\xF0\x9F\x98\x80", "Juli", "ß", "ae", "ue", "\n",
	};
	unsigned int seed = 12345;
	int			round;
	bool		ok = true;

	for (round = 0; round < 3000 && ok; round++)
	{
		char		text[600];
		int			len = 0;
		NewsLexer	lx;
		NewsToken	tok;
		NewsTermList tl;
		int			last = 0;
		bool		blanks = round % 2;

		while (len < 500)
		{
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
			memcpy(text + len, p, strlen(p));
			len += (int) strlen(p);
		}
		news_lexer_init(&lx, text, len, blanks);
		while (news_lexer_next(&lx, &tok))
		{
			if (tok.start < last || tok.len <= 0 || tok.start + tok.len > len ||
				tok.len > NEWS_MAX_TOKEN)
			{
				ok = false;
				printf("bad token at %d len %d (round %d)\n", tok.start, tok.len, round);
				break;
			}
			last = tok.start + tok.len;
			news_analyze_token(an, tok.type, text + tok.start, tok.len, &tl, NULL);
		}
	}
	expect_true("random input: tokens in order and in bounds", ok);
}

int
main(int argc, char **argv)
{
	NewsAnalyzer an;
	char		errbuf[256];
	NewsLexicon *lex;

	if (argc < 4)
	{
		fprintf(stderr, "usage: %s DICT AFFIX STOPFILE\n", argv[0]);
		return 2;
	}
	lex = news_lexicon_load(argv[1], argv[2], errbuf, sizeof(errbuf));
	if (lex == NULL)
	{
		printf("FAILED: lexicon: %s\n0 passed, 1 failed\n", errbuf);
		return 1;
	}
	load_stopwords(argv[3]);
	an.lexicon = lex;
	an.stemmer = sb_stemmer_new("german", "UTF_8");
	an.is_stop = stop_check;
	an.stop_arg = NULL;

	test_normalize();
	test_lexer();
	test_lexer_bounds();
	test_analyzer(&an);
	test_cache();
	test_random(&an);

	sb_stemmer_delete(an.stemmer);
	news_lexicon_free(lex);
	for (int i = 0; i < nstop; i++)
		na_free(stopwords[i]);
	na_free(stopwords);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
