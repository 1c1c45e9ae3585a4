/*-------------------------------------------------------------------------
 *
 * test_compound.c
 *	  Stand-alone unit test of the lexicon and compound splitter
 *	  (src/tokenizer/affix.c, lexicon.c, compound.c).
 *
 * Built and run by test/unit/check-compound.sh:
 *	 cc -DNEWS_STANDALONE -I src test/unit/test_compound.c \
 *		src/tokenizer/affix.c src/tokenizer/lexicon.c \
 *		src/tokenizer/compound.c -lstemmer
 *	 ./test_compound DICT AFFIX
 * with the real de_ch word list from `pg_config --sharedir`/tsearch_data.
 * Prints one line per failed check and "N passed, N failed" last.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tokenizer/compound.h"

static int	passed = 0;
static int	failed = 0;

static void
check(bool ok, const char *what, const char *detail)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAILED: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	}
}

/* The parts of a word as "a+b+c" ("" when not split). */
static void
split_str(const NewsLexicon *lex, const char *word, char *out, size_t outlen)
{
	NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
	int			n = news_compound_split(lex, word, (int) strlen(word), parts,
										NEWS_COMPOUND_MAX_PARTS);
	size_t		o = 0;

	out[0] = '\0';
	for (int i = 0; i < n && o + 2 < outlen; i++)
		o += snprintf(out + o, outlen - o, "%s%.*s", i ? "+" : "",
					  parts[i].length, word + parts[i].offset);
}

static void
expect_split(const NewsLexicon *lex, const char *word, const char *expected)
{
	char		got[512];
	char		msg[1024];

	split_str(lex, word, got, sizeof(got));
	snprintf(msg, sizeof(msg), "%s -> \"%s\", expected \"%s\"", word, got,
			 expected);
	check(strcmp(got, expected) == 0, "split", msg);
}

/* Check every part is a non-empty substring inside the word. */
static bool
parts_sane(const char *word, int len, const NewsCompoundPart *parts, int n,
		   int maxparts)
{
	if (n < 0 || n == 1 || n > maxparts)
		return false;
	for (int i = 0; i < n; i++)
	{
		if (parts[i].offset < 0 || parts[i].length <= 0 ||
			parts[i].offset + parts[i].length > len)
			return false;
	}
	(void) word;
	return true;
}

static void
test_lexicon(const NewsLexicon *lex)
{
	static const char *const known[] = {
		"regierung", "regierungen", "verhandlungen", "haus", "häuser",
		"strasse", "strassen", "kantons", "spiel", "spielen", "länder",
		"schön", "schönen", "arbeit", "arbeiter", "arbeiterinnen"
	};
	static const char *const unknown[] = {
		"regierungs", "qxzv", "", "haus-", "Regierung"
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		check(news_lexicon_contains(lex, known[i], (int) strlen(known[i])),
			  "lexicon contains", known[i]);
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		check(!news_lexicon_contains(lex, unknown[i], (int) strlen(unknown[i])),
			  "lexicon does not contain", unknown[i]);
	/* Fugen forms are known only as compound beginnings */
	check((news_lexicon_lookup(lex, "regierungs", 10) & NEWS_LEX_BEGIN) != 0,
		  "regierungs may begin a compound", NULL);
	check((news_lexicon_lookup(lex, "chef", 4) & NEWS_LEX_END) != 0,
		  "chef may end a compound", NULL);
	check(news_lexicon_size(lex) > 200000, "lexicon holds the affix forms", NULL);
	check(news_lexicon_memory(lex) < 50u * 1024 * 1024, "lexicon under 50 MB", NULL);
}

static void
test_splits(const NewsLexicon *lex)
{
	/* compounds, with the linking element removed from the parts */
	expect_split(lex, "regierungschef", "regierung+chef");
	expect_split(lex, "verhandlungsrunde", "verhandlung+runde");
	expect_split(lex, "sprachempfang", "sprach+empfang");
	expect_split(lex, "länderspiel", "länder+spiel");
	expect_split(lex, "gästehaus", "gäste+haus");
	expect_split(lex, "kantonsregierung", "kanton+regierung");
	expect_split(lex, "softwarehersteller", "software+hersteller");
	expect_split(lex, "beschaffungsrecht", "beschaffung+recht");
	expect_split(lex, "ausbreitungsradius", "ausbreitung+radius");
	expect_split(lex, "cybercrime-verhandlungen", "cybercrime+verhandlungen");
	expect_split(lex, "bundesregierung", "bund+regierung");
	/* fuzz finding: invalid UTF-8 must not split (compound.h) */
	expect_split(lex, "Ho\xec" "zschnitzel", "");
	expect_split(lex, "ho\xec" "zschnitzel", "");
	expect_split(lex, "regierungs\xff" "chef", "");
	expect_split(lex, "arbeitsmarkt", "arbeit+markt");
	expect_split(lex, "wirtschaftsminister", "wirtschaft+minister");
	expect_split(lex, "hausschlüssel", "haus+schlüssel");
	expect_split(lex, "bürgermeister", "bürger+meister");
	expect_split(lex, "wochenende", "woche+ende");
	expect_split(lex, "kriegsende", "krieg+ende");
	expect_split(lex, "jugendarbeitslosigkeit", "jugend+arbeitslosigkeit");
	expect_split(lex, "verbraucherschutz", "verbraucher+schutz");
	expect_split(lex, "kinderbetreuern", "kinder+betreuern");
	expect_split(lex, "wirtschaftskammerpräsident",
				 "wirtschaft+kammer+präsident+wirtschaftskammer+kammerpräsident");
	/* particles belong to their part; derived nouns; Fugen rules */
	expect_split(lex, "anlagevorteil", "anlage+vorteil");
	expect_split(lex, "übergangsregierung", "übergang+regierung");
	expect_split(lex, "fotolandschaft", "foto+landschaft");
	expect_split(lex, "trivialisierungsprozess", "trivialisierung+prozess");
	expect_split(lex, "retentionsbehandlung", "retention+behandlung");
	expect_split(lex, "rubinstrasse", "rubin+strasse");
	expect_split(lex, "sonnenschein", "sonne+schein");
	expect_split(lex, "namensgeber", "name+geber");
	/* last resort: an unknown modifier before a known head, and the mirror */
	expect_split(lex, "kortisonspray", "kortison+spray");
	expect_split(lex, "alienplaneten", "alien+planeten");
	expect_split(lex, "computertomografie", "computer+tomografie");
	expect_split(lex, "personalrochade", "personal+rochade");
	/* ... but not names, derivations of unknown stems, misreadings */
	expect_split(lex, "bratislava", "");	/* "lava" ends names */
	/* Swiss street names: the s belongs to "strasse", not to a "Trasse" */
	expect_split(lex, "bahnhofstrasse", "bahnhof+strasse");
	expect_split(lex, "hauptstrasse", "haupt+strasse");
	expect_split(lex, "kirchweg", "kirch+weg");
	/* ... and the s of "Verkehrsamt" is a linking element, not "Samt" */
	expect_split(lex, "verkehrsamt", "verkehr+amt");
	/* known four-letter heads after a long unknown modifier, but not in names */
	expect_split(lex, "nuggetkauf", "nugget+kauf");
	expect_split(lex, "schengenraum", "schengen+raum");
	expect_split(lex, "alienvolk", "alien+volk");
	expect_split(lex, "turkvolk", "");	/* modifier too short */
	/* place-name and English heads never, other short heads after long modifiers */
	expect_split(lex, "hexagonfeld", "hexagon+feld");
	expect_split(lex, "hennigsdorf", "");
	expect_split(lex, "crowdfunding", "");
	expect_split(lex, "quarkstring", "");
	/* a particle + known noun is a known head */
	expect_split(lex, "librettovorlage", "libretto+vorlage");
	/* a three-letter modifier before a long head */
	expect_split(lex, "geoarchäologie", "geo+archäologie");
	/* a known beginning at the end of an unknown modifier */
	expect_split(lex, "meningokokkenimpfstoff",
				 "meningokokken+impf+stoff+meningokokkenimpf+impfstoff");
	/* an unknown modifier's linking element is no part of it */
	expect_split(lex, "einsatzsstelle", "einsatz+stelle");
	/* a noun + linking element before an unknown head */
	expect_split(lex, "regierungsrochade", "regierungs+rochade");
	expect_split(lex, "debattenquickie", "debatten+quickie");
	expect_split(lex, "verfassungsschützler", "verfassungs+schützler");
	expect_split(lex, "mutterschaft", "");
	expect_split(lex, "bismarckstyling", "");
	expect_split(lex, "friesenbichler", "");
	expect_split(lex, "klagenfurter", "");
	/* -isch heads after a Fugen-s are nouns; -los after one is not */
	expect_split(lex, "wahnsinnsfisch", "wahnsinn+fisch");
	expect_split(lex, "verhandlungstisch", "verhandlung+tisch");
	expect_split(lex, "visionslose", "");
	/* street names with an unknown name in front of a short head */
	expect_split(lex, "bröckerweg", "bröcker+weg");
	expect_split(lex, "strobelallee", "strobel+allee");
	expect_split(lex, "brigittenau", "");
	/* a noun modifier beats an adjective or elided one on a tie */
	expect_split(lex, "wunderrettung", "wunder+rettung");
	expect_split(lex, "grindelwald", "");
	expect_split(lex, "oppenheim", "");
	expect_split(lex, "cleveland", "");
	expect_split(lex, "federico", "");
	expect_split(lex, "steering", "");
	expect_split(lex, "kretschmann", "");
	expect_split(lex, "kuratoren", "");	/* kura|toren: -atoren */
	expect_split(lex, "kollaboration", "");
	expect_split(lex, "vokalisierung", "");
	expect_split(lex, "ölpreisen", "");	/* ölpr|eisen: no coda "pr" */
	expect_split(lex, "exvorstands", "");	/* the particle takes the head */
	expect_split(lex, "brandstetter", "");	/* surname-like head */
	expect_split(lex, "schwarzenegger", "");
	/* umlauts spelt ae/oe/ue */
	expect_split(lex, "kalibrierungsloesung", "kalibrierung+loesung");
	expect_split(lex, "soeldnereinheit", "soeldner+einheit");
	expect_split(lex, "aktuellen", "");
	/* three parts also give the sub-compounds */
	expect_split(lex, "bundeswehrrekrut", "bund+wehr+rekrut+bundeswehr+wehrrekrut");
	/* hyphenated: the segments */
	expect_split(lex, "e-mail-adresse", "e+mail+adresse");
	/* the last part may be inflected */
	expect_split(lex, "verhandlungsrunden", "verhandlung+runden");
	expect_split(lex, "regierungschefs", "regierung+chefs");

	/* words that merely contain words */
	static const char *const simple[] = {
		"verhandlungen", "regierung", "gewerkschaft", "beamte", "gemeinde",
		"ausland", "kanton", "mitarbeiter", "unternehmen", "verkehr",
		"bericht", "beispiel", "israel", "michael", "zeitung", "wahlen",
		"präsident", "schweiz", "polizei", "menschen", "verbindung",
		"übernahme", "zugriff", "arbeitslos", "hoffnungslos", "vorteil",
		"gewerkschaften", "unternehmens", "amerikanische", "nordkoreanischen",
		"dramatisch", "personelle", "traditionellen", "kulturelle",
		"reisenden", "fensterlose", "sichtbar", "beginnende", "erfolgreich",
		"besucherinnen", "arbeitslosigkeit"
	};

	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
		expect_split(lex, simple[i], "");
}

/* No crash, sane output and bounded time on arbitrary bytes. */
static void
test_robustness(const NewsLexicon *lex)
{
	NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
	static char big[1 << 20];
	char		buf[300];
	uint32_t	seed = 12345;
	bool		ok = true;
	clock_t		t0;
	int			n;

	check(news_compound_split(lex, "", 0, parts, 8) == 0, "empty word", NULL);
	check(news_compound_split(lex, NULL, 5, parts, 8) == 0, "NULL word", NULL);
	check(news_compound_split(NULL, "haustür", 8, parts, 8) == 0, "NULL lexicon", NULL);
	check(news_compound_split(lex, "regierungschef", 14, parts, 1) == 0,
		  "maxparts 1", NULL);
	check(news_compound_split(lex, "regierungschef", -3, parts, 8) == 0,
		  "negative length", NULL);
	check(news_compound_split(lex, "---", 3, parts, 8) == 0, "only hyphens", NULL);
	check(!news_lexicon_contains(lex, "\xff\xfe", 2), "invalid UTF-8 lookup", NULL);

	/* a 1 MB word, and a long run of real words */
	memset(big, 'a', sizeof(big));
	t0 = clock();
	n = news_compound_split(lex, big, (int) sizeof(big), parts, 8);
	check(n == 0, "1 MB word not split", NULL);
	for (int i = 0; i + 5 < NEWS_COMPOUND_MAX_BYTES; i += 5)
		memcpy(big + i, "hause", 5);
	n = news_compound_split(lex, big, NEWS_COMPOUND_MAX_BYTES, parts, 8);
	check(parts_sane(big, NEWS_COMPOUND_MAX_BYTES, parts, n, 8),
		  "longest splittable word", NULL);

	/* random byte strings, including invalid UTF-8 and hyphens */
	for (int iter = 0; iter < 20000 && ok; iter++)
	{
		int			len = (int) (seed % 200);

		for (int i = 0; i < len; i++)
		{
			seed = seed * 1103515245u + 12345u;
			switch ((seed >> 16) % 6)
			{
				case 0:
					buf[i] = (char) (seed >> 8);
					break;
				case 1:
					buf[i] = '-';
					break;
				default:
					buf[i] = "ausregierungschefsländerhä"[(seed >> 8) % 26];
			}
		}
		seed = seed * 1103515245u + 12345u;
		n = news_compound_split(lex, buf, len, parts, 2 + (int) (seed % 7));
		ok = parts_sane(buf, len, parts, n, 2 + (int) (seed % 7));
	}
	check(ok, "random byte strings give sane parts", NULL);
	check((double) (clock() - t0) / CLOCKS_PER_SEC < 10.0,
		  "robustness checks run fast", NULL);
}

static void
test_load_errors(void)
{
	char		err[256];
	NewsLexicon *lex;
	FILE	   *f;
	char		path[] = "/tmp/test_compound_affXXXXXX";
	int			fd = mkstemp(path);

	lex = news_lexicon_load("/nonexistent.dict", "/nonexistent.affix", err,
							sizeof(err));
	check(lex == NULL && strstr(err, "nonexistent") != NULL,
		  "missing file is reported", err);

	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
	{
		check(false, "temporary file", NULL);
		return;
	}
	fputs("SET UTF-8\nSFX A Y 2\nSFX A 0 en .\n", f);	/* one rule short */
	fclose(f);
	lex = news_lexicon_load("/nonexistent.dict", path, err, sizeof(err));
	check(lex == NULL && strstr(err, "ends early") != NULL,
		  "truncated affix file is reported", err);
	f = fopen(path, "w");
	fputs("SET ISO8859-1\n", f);
	fclose(f);
	lex = news_lexicon_load("/nonexistent.dict", path, err, sizeof(err));
	check(lex == NULL && strstr(err, "encoding") != NULL,
		  "unsupported encoding is reported", err);
	lex = news_lexicon_load("/tmp", path, err, sizeof(err));
	check(lex == NULL, "a directory as word list is refused", err);
	unlink(path);
}

static void
write_file(const char *path, const char *text)
{
	FILE	   *f = fopen(path, "w");

	if (f)
	{
		fputs(text, f);
		fclose(f);
	}
}

/*
 * Garbage word lists and affix files: loading must fail cleanly or give a
 * usable lexicon, never crash (run under the sanitizers by the check).
 */
static void
test_garbage_files(void)
{
	static const char *const pieces[] = {
		"SFX ", "PFX ", "A ", "Y ", "N ", "1 ", "3 ", "0 ", "e ", "[^e] ",
		"[ab", "/xo ", ". ", "\n", "\t", "ü", "COMPOUNDBEGIN x\n", "SET UTF-8\n",
		"Haus/A\n", "/", "-", "\xff", "\xc3", "99999999999999999999 "
	};
	char		dict[] = "/tmp/test_compound_gdicXXXXXX";
	char		aff[] = "/tmp/test_compound_gaffXXXXXX";
	int			fd1 = mkstemp(dict),
				fd2 = mkstemp(aff);
	uint32_t	seed = 777;
	int			loaded = 0;
	char		err[256];

	if (fd1 < 0 || fd2 < 0)
	{
		check(false, "temporary files", NULL);
		return;
	}
	close(fd1);
	close(fd2);
	for (int iter = 0; iter < 300; iter++)
	{
		for (int which = 0; which < 2; which++)
		{
			FILE	   *f = fopen(which ? dict : aff, "w");
			int			n;

			if (f == NULL)
				continue;
			seed = seed * 1103515245u + 12345u;
			n = (int) ((seed >> 8) % 400);
			for (int k = 0; k < n; k++)
			{
				seed = seed * 1103515245u + 12345u;
				fputs(pieces[(seed >> 8) % (sizeof(pieces) / sizeof(pieces[0]))], f);
			}
			fclose(f);
		}
		{
			NewsLexicon *lex = news_lexicon_load(dict, aff, err, sizeof(err));
			NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];

			if (lex != NULL)
			{
				loaded++;
				news_compound_split(lex, "haushaus", 8, parts, 8);
				news_lexicon_free(lex);
			}
		}
	}
	/* reaching this line is the real check; both outcomes must occur */
	check(loaded > 0 && loaded < 300, "garbage word lists: some load, some are refused", NULL);
	printf("garbage files: %d of 300 loaded\n", loaded);
	unlink(dict);
	unlink(aff);
}

/* A tiny hand-written word list: affix expansion and compound flags. */
static void
test_small_lexicon(void)
{
	char		err[256];
	char		dict[] = "/tmp/test_compound_dicXXXXXX";
	char		aff[] = "/tmp/test_compound_affXXXXXX";
	int			fd1 = mkstemp(dict),
				fd2 = mkstemp(aff);
	NewsLexicon *lex;
	char		got[256];

	if (fd1 < 0 || fd2 < 0)
	{
		check(false, "temporary files", NULL);
		return;
	}
	close(fd1);
	close(fd2);
	write_file(aff,
			   "SET UTF-8\n# comment\nCOMPOUNDBEGIN x\nCOMPOUNDEND z\n"
			   "ONLYINCOMPOUND o\nNEEDAFFIX h\nFORBIDDENWORD d\n"
			   "SFX S Y 1\nSFX S 0 es .\n"
			   "SFX N Y 2\nSFX N 0 n e\nSFX N 0 en [^e]\n"
			   "SFX j Y 1\nSFX j 0 0/xo .\n"
			   "PFX U Y 1\nPFX U 0 un .\n");
	write_file(dict,
			   "6\n\tcomment line\nHaus/Sj\nTür/N\ntür/Noz\nStrasse/Nj\n"
			   "Gross/hj\nklar/U\nHaustür/d\n");
	lex = news_lexicon_load(dict, aff, err, sizeof(err));
	check(lex != NULL, "small lexicon loads", err);
	if (lex != NULL)
	{
		check(news_lexicon_contains(lex, "hauses", 6), "suffix form", NULL);
		check(news_lexicon_contains(lex, "türen", 6), "suffix condition [^e]", NULL);
		check(!news_lexicon_contains(lex, "türn", 5), "suffix condition e", NULL);
		check(news_lexicon_contains(lex, "strassen", 8), "suffix condition e, ß folded", NULL);
		check(news_lexicon_contains(lex, "unklar", 6), "prefix form", NULL);
		check(!news_lexicon_contains(lex, "gross", 5), "NEEDAFFIX entry is no word", NULL);
		check(news_lexicon_lookup(lex, "gross", 5) == (NEWS_LEX_BEGIN),
			  "NEEDAFFIX entry begins compounds", NULL);
		check((news_lexicon_lookup(lex, "türen", 6) & NEWS_LEX_END) != 0,
			  "compound flags reach suffix forms", NULL);
		check((news_lexicon_lookup(lex, "haus", 4) & (NEWS_LEX_NOUN | NEWS_LEX_BEGIN)) ==
			  (NEWS_LEX_NOUN | NEWS_LEX_BEGIN), "noun that begins compounds", NULL);
		check(news_lexicon_lookup(lex, "haustür", 8) == NEWS_LEX_FORBIDDEN,
			  "forbidden word", NULL);
		split_str(lex, "haustür", got, sizeof(got));
		check(got[0] == '\0', "forbidden word is not split", got);
		split_str(lex, "grosstüren", got, sizeof(got));
		check(strcmp(got, "gross+türen") == 0, "small lexicon split", got);
		news_lexicon_free(lex);
	}
	unlink(dict);
	unlink(aff);
}

int
main(int argc, char **argv)
{
	char		err[256];
	NewsLexicon *lex;
	struct timespec t0,
				t1;
	double		ms;

	if (argc != 3)
	{
		fprintf(stderr, "usage: %s DICT AFFIX\n", argv[0]);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	lex = news_lexicon_load(argv[1], argv[2], err, sizeof(err));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	check(lex != NULL, "load lexicon", err);
	if (lex == NULL)
	{
		printf("%d passed, %d failed\n", passed, failed);
		return 1;
	}
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("lexicon: %zu forms, %.1f MB, loaded in %.1f ms\n",
		   news_lexicon_size(lex), news_lexicon_memory(lex) / 1048576.0, ms);

	test_lexicon(lex);
	test_splits(lex);
	test_robustness(lex);
	test_load_errors();
	test_small_lexicon();
	test_garbage_files();
	news_lexicon_free(lex);

	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
