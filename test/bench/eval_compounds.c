/*-------------------------------------------------------------------------
 *
 * eval_compounds.c
 *	  Stand-alone quality and speed evaluation of the compound splitter
 *	  against the DEKOR gold analyses (shared data directory beside the
 *	  checkout), run by
 *	  test/bench/compounds.sh.
 *
 *	 eval_compounds DICT AFFIX DEKOR.tsv GNAD.csv [-v]
 *
 * DEKOR: every line holds a gold analysis such as "ausbreitung_+s_radius"
 * (lemmas joined with "_"; "+x" adds a linking element, "-e" drops the
 * left part's final e, "=" umlauts the left part's last vowel).  We build
 * the surface compound from it, split it, and count it right when the
 * Snowball german stems of the whole word and of our parts include the stem
 * of every gold lemma.  The baseline is the whole word's stem alone, which
 * is what to_tsvector('german') indexes.  Odd lines (1, 3, ...) were used
 * for tuning, even lines are held out; both are reported, and each half
 * split again by line number mod 4 (to see how much a change fitted to one
 * quarter carries over to the other), and the common / infrequent classes.
 *
 * Simulated unknown parts: the DEKOR compounds of two lemmas whose
 * modifier (or head) the lexicon knows are split again with that part
 * masked, i.e. every lookup of the lemma and of the lemma plus a linking
 * element or inflection ending answers "unknown" (compounds.sh links this
 * program with --wrap around the two lexicon lookups).  This measures how
 * often the last-resort readings (compound_guess.c) recover a compound
 * with a part the word list lacks, on hundreds of cases that no rule was
 * written for, per half.  It is a proxy with a bias: the masked parts are
 * German words, while the unknown parts of real compounds are mostly
 * foreign words, names and rare words.
 *
 * Junk: how many of the 2000 most frequent words of GNAD shorter than 8
 * letters, and of a list of known non-compounds, get split.  Plus 30
 * random splits of long GNAD words for eyeballing, the lexicon load time,
 * its memory and the splitting speed.
 *
 * Output: Markdown.
 *
 *-------------------------------------------------------------------------
 */
#include <libstemmer.h>
#include <sys/resource.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tokenizer/compound.h"

#define MAXW 256

static struct sb_stemmer *stemmer;

/*
 * Masked forms for the simulated unknown parts: the lexicon lookups of the
 * splitter go through the wrappers below (ld --wrap), which answer 0 for a
 * masked form.
 */
#define MAX_MASKED 16
static int	nmasked;
static char masked[MAX_MASKED][MAXW];
static int	masked_len[MAX_MASKED];

extern unsigned int __real_news_lexicon_lookup(const NewsLexicon *lexicon,
											   const char *word, int len);
extern unsigned int __real_news_lexicon_lookup_fnv(const NewsLexicon *lexicon,
												   const char *word, int len,
												   uint32_t fnv);
extern unsigned int __wrap_news_lexicon_lookup(const NewsLexicon *lexicon,
											   const char *word, int len);
extern unsigned int __wrap_news_lexicon_lookup_fnv(const NewsLexicon *lexicon,
												   const char *word, int len,
												   uint32_t fnv);

static bool
is_masked(const char *w, int len)
{
	for (int i = 0; i < nmasked; i++)
		if (masked_len[i] == len && memcmp(masked[i], w, len) == 0)
			return true;
	return false;
}

unsigned int
__wrap_news_lexicon_lookup(const NewsLexicon *lexicon, const char *word, int len)
{
	if (nmasked > 0 && is_masked(word, len))
		return 0;
	return __real_news_lexicon_lookup(lexicon, word, len);
}

unsigned int
__wrap_news_lexicon_lookup_fnv(const NewsLexicon *lexicon, const char *word,
							   int len, uint32_t fnv)
{
	if (nmasked > 0 && is_masked(word, len))
		return 0;
	return __real_news_lexicon_lookup_fnv(lexicon, word, len, fnv);
}

/*
 * Mask a (normalized) lemma: the lemma, the lemma with a linking element
 * or inflection ending, and the lemma without its final e.
 */
static void
mask_lemma(const char *x, int len)
{
	static const char *const endings[] = {
		"", "s", "n", "en", "es", "e", "er", "ns", "ens", "ern"
	};

	nmasked = 0;
	for (size_t k = 0; k < sizeof(endings) / sizeof(endings[0]); k++)
	{
		int			el = (int) strlen(endings[k]);

		if (len + el >= MAXW || nmasked == MAX_MASKED)
			return;
		memcpy(masked[nmasked], x, len);
		memcpy(masked[nmasked] + len, endings[k], el);
		masked_len[nmasked++] = len + el;
	}
	if (len > 1 && x[len - 1] == 'e' && nmasked < MAX_MASKED)
	{
		memcpy(masked[nmasked], x, len - 1);
		masked_len[nmasked++] = len - 1;
	}
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Lower-case ASCII and Latin-1 letters, fold ß to ss (as the tokenizer). */
static int
normalize(const char *src, int len, char *dst, int dstlen)
{
	const unsigned char *s = (const unsigned char *) src;
	int			o = 0;

	for (int i = 0; i < len && o + 2 < dstlen; i++)
	{
		if (s[i] >= 'A' && s[i] <= 'Z')
			dst[o++] = (char) (s[i] + 32);
		else if (s[i] == 0xC3 && i + 1 < len && s[i + 1] == 0x9F)
		{
			dst[o++] = 's';
			dst[o++] = 's';
			i++;
		}
		else if (s[i] == 0xC3 && i + 1 < len && s[i + 1] >= 0x80 &&
				 s[i + 1] <= 0x9E && s[i + 1] != 0x97)
		{
			dst[o++] = (char) 0xC3;
			dst[o++] = (char) (s[i + 1] + 0x20);
			i++;
		}
		else
			dst[o++] = (char) s[i];
	}
	dst[o] = '\0';
	return o;
}

static void
stem(const char *w, int len, char *out)
{
	const sb_symbol *s = sb_stemmer_stem(stemmer, (const sb_symbol *) w, len);
	int			n = sb_stemmer_length(stemmer);

	if (n >= MAXW)
		n = MAXW - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Umlaut the last a/o/u of w (the a of "au"): Land -> Länd, Haus -> Häus. */
static void
umlaut(char *w)
{
	int			n = (int) strlen(w);

	for (int i = n - 1; i >= 0; i--)
	{
		const char *rep = NULL;

		if (w[i] == 'u' && i > 0 && w[i - 1] == 'a')
			i--;
		if (w[i] == 'a')
			rep = "\xc3\xa4";
		else if (w[i] == 'o')
			rep = "\xc3\xb6";
		else if (w[i] == 'u')
			rep = "\xc3\xbc";
		if (rep)
		{
			memmove(w + i + 2, w + i + 1, n - i);
			memcpy(w + i, rep, 2);
			return;
		}
	}
}

/*
 * Parse a gold analysis into lemmas and the surface word.  Returns the
 * number of lemmas.
 */
static int
parse_gold(const char *analysis, char lemmas[][MAXW], char *surface)
{
	char		buf[1024];
	char	   *tok;
	char	   *save;
	int			n = 0;
	char		cur[MAXW * 2] = "";

	snprintf(buf, sizeof(buf), "%s", analysis);
	surface[0] = '\0';
	for (tok = strtok_r(buf, "_", &save); tok; tok = strtok_r(NULL, "_", &save))
	{
		if (tok[0] == '+' || tok[0] == '-')
		{
			const char *p = tok + 1;

			if (tok[0] == '-')
			{
				int			cl = (int) strlen(cur);
				int			pl = (int) strlen(p);

				if (cl >= pl && strcmp(cur + cl - pl, p) == 0)
					cur[cl - pl] = '\0';
				continue;
			}
			if (*p == '=')
			{
				umlaut(cur);
				p++;
			}
			strncat(cur, p, sizeof(cur) - strlen(cur) - 1);
			continue;
		}
		if (tok[0] == '=')
		{
			umlaut(cur);
			continue;
		}
		if (n >= 8)
			break;
		strncat(surface, cur, MAXW * 2 - strlen(surface) - 1);
		snprintf(lemmas[n++], MAXW, "%s", tok);
		snprintf(cur, sizeof(cur), "%s", tok);
	}
	strncat(surface, cur, MAXW * 2 - strlen(surface) - 1);
	return n;
}

/* Is the compound split right (see the header)?  baseline: whole word only. */
static bool
judge(const NewsLexicon *lex, const char *surface_raw, char lemmas[][MAXW],
	  int nlemmas, bool baseline, char *shown, size_t shownlen)
{
	char		w[MAXW * 2];
	char		stems[NEWS_COMPOUND_MAX_PARTS + 1][MAXW];
	int			nstems = 0;
	NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
	int			len = normalize(surface_raw, (int) strlen(surface_raw), w, sizeof(w));
	int			n = baseline ? 0 :
		news_compound_split(lex, w, len, parts, NEWS_COMPOUND_MAX_PARTS);
	size_t		o;

	stem(w, len, stems[nstems++]);
	o = snprintf(shown, shownlen, "%s ->", w);
	for (int i = 0; i < n; i++)
	{
		stem(w + parts[i].offset, parts[i].length, stems[nstems++]);
		if (o < shownlen)
			o += snprintf(shown + o, shownlen - o, " %.*s", parts[i].length,
						  w + parts[i].offset);
	}
	for (int k = 0; k < nlemmas; k++)
	{
		char		lw[MAXW * 2];
		char		ls[MAXW];
		bool		found = false;
		int			ll = normalize(lemmas[k], (int) strlen(lemmas[k]), lw, sizeof(lw));

		stem(lw, ll, ls);
		for (int i = 0; i < nstems; i++)
			if (strcmp(stems[i], ls) == 0)
				found = true;
		if (!found)
			return false;
	}
	return true;
}

/* ---- word frequencies of a text file (simple letter runs) ---- */

typedef struct WordCount
{
	char	   *word;
	int			count;
} WordCount;

static WordCount *words;
static int	nwords,
			capwords;
static int *table;
static int	tablemask = (1 << 20) - 1;

static int
is_letter_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static void
count_word(const char *w, int len)
{
	uint32_t	h = na_fnv32(NA_FNV32_INIT, w, len);
	int			i;

	for (i = h & tablemask; table[i] >= 0; i = (i + 1) & tablemask)
		if ((int) strlen(words[table[i]].word) == len &&
			memcmp(words[table[i]].word, w, len) == 0)
		{
			words[table[i]].count++;
			return;
		}
	if (nwords == capwords)
	{
		capwords = capwords ? capwords * 2 : 4096;
		words = realloc(words, sizeof(WordCount) * capwords);
	}
	words[nwords].word = strndup(w, len);
	words[nwords].count = 1;
	table[i] = nwords++;
}

static int
by_count(const void *a, const void *b)
{
	const WordCount *x = a,
			   *y = b;

	if (x->count != y->count)
		return y->count - x->count;
	return strcmp(x->word, y->word);
}

static void
count_file(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	char		line[1 << 16];

	if (!f)
	{
		perror(path);
		exit(2);
	}
	table = malloc(sizeof(int) * (tablemask + 1));
	memset(table, -1, sizeof(int) * (tablemask + 1));
	while (fgets(line, sizeof(line), f))
	{
		int			n = (int) strlen(line);
		int			start = -1;

		for (int i = 0; i <= n; i++)
		{
			bool		letter = i < n && is_letter_byte((unsigned char) line[i]);

			/* "«»„“–" and similar punctuation is UTF-8 too: cut at those */
			if (letter && (unsigned char) line[i] == 0xE2)
				letter = false;
			if (letter && (unsigned char) line[i] == 0xC2)
				letter = false;
			if (letter && start < 0)
				start = i;
			if (!letter && start >= 0)
			{
				char		w[MAXW * 2];
				int			len;

				if (i - start < MAXW)
				{
					len = normalize(line + start, i - start, w, sizeof(w));
					count_word(w, len);
				}
				start = -1;
			}
		}
	}
	fclose(f);
}

static int
char_len(const char *s)
{
	int			n = 0;

	for (; *s; s++)
		if (((unsigned char) *s & 0xC0) != 0x80)
			n++;
	return n;
}

static int
by_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	char		err[256];
	NewsLexicon *lex;
	double		t0,
				load_ms;
	FILE	   *f;
	char		line[4096];
	int			total[2] = {0, 0},
				right[2] = {0, 0},
				base_right[2] = {0, 0};
	int			qtotal[4] = {0, 0, 0, 0},
				qright[4] = {0, 0, 0, 0};	/* by line number mod 4 */
	int			stotal[2][2] = {{0, 0}, {0, 0}},
				sright[2][2] = {{0, 0}, {0, 0}};	/* [modifier/head][half] */
	int			ktotal[2] = {0, 0},
				kright[2] = {0, 0}; /* common, infrequent */
	bool		verbose = argc > 5 && strcmp(argv[5], "-v") == 0;
	static const char *const non_compounds[] = {
		"verhandlungen", "regierung", "gewerkschaft", "beamte", "gemeinde",
		"ausland", "kanton", "mitarbeiter", "unternehmen", "verkehr",
		"bericht", "beispiel", "israel", "michael"
	};
	int			junk = 0,
				njunk = 0;
	char		shown[1024];
	char		shown_base[1024];
	char		junklist[8192] = "";
	int			nsplit_words = 0;
	double		split_ms;
	double		load_times[5];
	double		load_cpu[5];
	clock_t		c0;
	double		worst_us = 0;
	long		peak_rss_kb = 0;

	if (argc < 5)
	{
		fprintf(stderr, "usage: %s DICT AFFIX DEKOR.tsv GNAD.csv [-v]\n", argv[0]);
		return 2;
	}
	stemmer = sb_stemmer_new("german", "UTF_8");

	/* load 5 times: median and minimum time; peak RSS after the first */
	for (int r = 0; r < 5; r++)
	{
		t0 = now_ms();
		c0 = clock();
		lex = news_lexicon_load(argv[1], argv[2], err, sizeof(err));
		load_times[r] = now_ms() - t0;
		load_cpu[r] = (double) (clock() - c0) * 1e3 / CLOCKS_PER_SEC;
		if (!lex)
		{
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		if (r == 0)
		{
			struct rusage ru;

			getrusage(RUSAGE_SELF, &ru);
			peak_rss_kb = ru.ru_maxrss;
		}
		if (r < 4)
			news_lexicon_free(lex);
	}
	qsort(load_times, 5, sizeof(double), by_double);
	qsort(load_cpu, 5, sizeof(double), by_double);
	load_ms = load_times[2];

	/* DEKOR */
	f = fopen(argv[3], "r");
	if (!f)
	{
		perror(argv[3]);
		return 2;
	}
	for (int lineno = 1; fgets(line, sizeof(line), f); lineno++)
	{
		char		lemmas[8][MAXW];
		char		surface[MAXW * 2];
		int			nl;
		int			half = (lineno % 2 == 1) ? 0 : 1;
		int			kind = strstr(line, "\tinfrequent") != NULL;
		bool		ok;

		line[strcspn(line, "\t\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		nl = parse_gold(line, lemmas, surface);
		total[half]++;
		ok = judge(lex, surface, lemmas, nl, false, shown, sizeof(shown));
		right[half] += ok;
		qtotal[lineno % 4]++;
		qright[lineno % 4] += ok;
		ktotal[kind]++;
		kright[kind] += ok;
		base_right[half] += judge(lex, surface, lemmas, nl, true, shown_base,
								  sizeof(shown_base));
		if (verbose && !ok)
			printf("MISS %d [%s] %s\n", lineno, line, shown);

		/* simulated unknown part: mask the known modifier, then the head */
		for (int part = 0; part < 2 && nl == 2; part++)
		{
			char		lw[MAXW * 2];
			int			ll = normalize(lemmas[part], (int) strlen(lemmas[part]),
									   lw, sizeof(lw));
			bool		sim_ok;

			if (char_len(lw) < 4 ||
				!(news_lexicon_lookup(lex, lw, ll) & NEWS_LEX_WORD))
				continue;		/* short, or unknown already */
			mask_lemma(lw, ll);
			sim_ok = judge(lex, surface, lemmas, nl, false, shown, sizeof(shown));
			nmasked = 0;
			stotal[part][half]++;
			sright[part][half] += sim_ok;
			if (verbose && !sim_ok)
				printf("MISS-%s %d [%s] %s\n", part == 0 ? "MOD" : "HEAD",
					   lineno, line, shown);
		}
	}
	fclose(f);

	/* junk on frequent short words and known non-compounds */
	count_file(argv[4]);
	qsort(words, nwords, sizeof(WordCount), by_count);
	for (int i = 0, taken = 0; i < nwords && taken < 2000; i++)
	{
		NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
		int			len = (int) strlen(words[i].word);
		int			n;

		if (char_len(words[i].word) >= 8)
			continue;
		taken++;
		njunk++;
		n = news_compound_split(lex, words[i].word, len, parts, NEWS_COMPOUND_MAX_PARTS);
		if (n > 0)
		{
			size_t		o = strlen(junklist);

			junk++;
			if (o + 64 < sizeof(junklist))
			{
				snprintf(junklist + o, sizeof(junklist) - o, "%s%s=", o ? ", " : "",
						 words[i].word);
				for (int k = 0; k < n; k++)
				{
					o = strlen(junklist);
					snprintf(junklist + o, sizeof(junklist) - o, "%s%.*s",
							 k ? "+" : "", parts[k].length, words[i].word + parts[k].offset);
				}
			}
		}
	}
	for (size_t i = 0; i < sizeof(non_compounds) / sizeof(non_compounds[0]); i++)
	{
		NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];

		njunk++;
		if (news_compound_split(lex, non_compounds[i], (int) strlen(non_compounds[i]),
								parts, NEWS_COMPOUND_MAX_PARTS) > 0)
		{
			size_t		o = strlen(junklist);

			junk++;
			snprintf(junklist + o, sizeof(junklist) - o, "%s%s", o ? ", " : "",
					 non_compounds[i]);
		}
	}

	/* speed: split every distinct GNAD word */
	t0 = now_ms();
	for (int rep = 0; rep < 3; rep++)
		for (int i = 0; i < nwords; i++)
		{
			NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];

			news_compound_split(lex, words[i].word, (int) strlen(words[i].word),
								parts, NEWS_COMPOUND_MAX_PARTS);
			nsplit_words++;
		}
	split_ms = now_ms() - t0;

	/* worst case: long words made of repeated morphemes */
	{
		static const char *const pats[] = {
			"vorhaus", "unterhaltungs", "über", "ensesens", "aaaaa"
		};

		for (size_t p = 0; p < sizeof(pats) / sizeof(pats[0]); p++)
		{
			char		w[NEWS_COMPOUND_MAX_BYTES + 16];
			int			n = 0;
			int			pl = (int) strlen(pats[p]);
			double		us;

			while (n + pl <= NEWS_COMPOUND_MAX_BYTES)
			{
				memcpy(w + n, pats[p], pl);
				n += pl;
			}
			t0 = now_ms();
			for (int r = 0; r < 50; r++)
			{
				NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];

				news_compound_split(lex, w, n, parts, NEWS_COMPOUND_MAX_PARTS);
			}
			us = (now_ms() - t0) * 1e3 / 50;
			if (us > worst_us)
				worst_us = us;
		}
	}

	printf("| measure | news_analytics splitter | baseline: `to_tsvector('german')` (whole-word stem) |\n");
	printf("|---|---|---|\n");
	printf("| DEKOR split right, tuning half (odd lines, n=%d) | %.1f %% | %.1f %% |\n",
		   total[0], 100.0 * right[0] / total[0], 100.0 * base_right[0] / total[0]);
	printf("| DEKOR split right, held-out half (even lines, n=%d) | %.1f %% | %.1f %% |\n",
		   total[1], 100.0 * right[1] / total[1], 100.0 * base_right[1] / total[1]);
	printf("| DEKOR split right, all (n=%d) | %.1f %% | %.1f %% |\n",
		   total[0] + total[1], 100.0 * (right[0] + right[1]) / (total[0] + total[1]),
		   100.0 * (base_right[0] + base_right[1]) / (total[0] + total[1]));
	/* the halves split again: tune on one quarter, estimate on the other */
	for (int q = 0; q < 4; q++)
	{
		static const int order[4] = {1, 3, 2, 0};
		int			m = order[q];

		printf("| ... quarter: lines %d mod 4 (n=%d) | %.1f %% | |\n", m,
			   qtotal[m], 100.0 * qright[m] / (qtotal[m] ? qtotal[m] : 1));
	}
	printf("| ... common / infrequent compounds (n=%d / %d) | %.1f %% / %.1f %% | |\n",
		   ktotal[0], ktotal[1], 100.0 * kright[0] / (ktotal[0] ? ktotal[0] : 1),
		   100.0 * kright[1] / (ktotal[1] ? ktotal[1] : 1));
	for (int part = 0; part < 2; part++)
		printf("| simulated unknown %s (known %s masked), odd / even lines (n=%d / %d) | %.1f %% / %.1f %% | 0.0 %% |\n",
			   part == 0 ? "modifier" : "head", part == 0 ? "modifier" : "head",
			   stotal[part][0], stotal[part][1],
			   100.0 * sright[part][0] / (stotal[part][0] ? stotal[part][0] : 1),
			   100.0 * sright[part][1] / (stotal[part][1] ? stotal[part][1] : 1));
	printf("| junk: non-compounds split (n=%d) | %d (%.2f %%) | 0 |\n",
		   njunk, junk, 100.0 * junk / njunk);
	printf("| lexicon load time, wall clock (median of 5; min) | %.1f ms; %.1f ms | |\n",
		   load_ms, load_times[0]);
	printf("| lexicon load time, CPU (median of 5; min) | %.1f ms; %.1f ms | |\n",
		   load_cpu[2], load_cpu[0]);
	printf("| lexicon memory (allocated; process peak RSS after load) | %.1f MB (%zu forms); %.1f MB | |\n",
		   news_lexicon_memory(lex) / 1048576.0, news_lexicon_size(lex),
		   peak_rss_kb / 1024.0);
	printf("| split speed (distinct GNAD words) | %.0f words/s (%.1f µs/word) | |\n",
		   nsplit_words / (split_ms / 1e3), split_ms * 1e3 / nsplit_words);
	printf("| worst case: one 117-128 byte word of repeated morphemes | %.0f µs | |\n",
		   worst_us);
	printf("\nJunk splits among the short frequent words / non-compounds: %s\n",
		   junk ? junklist : "none");

	/* 30 random long words, fixed seed */
	printf("\n30 random splits of GNAD words with at least 12 letters:\n\n");
	{
		uint32_t	seed = 20240229;
		int			shown_n = 0,
					tries = 0;

		while (shown_n < 30 && tries++ < 100000)
		{
			int			i;
			NewsCompoundPart parts[NEWS_COMPOUND_MAX_PARTS];
			int			n;

			seed = seed * 1103515245u + 12345u;
			i = (int) ((seed >> 8) % (uint32_t) nwords);
			if (char_len(words[i].word) < 12)
				continue;
			n = news_compound_split(lex, words[i].word, (int) strlen(words[i].word),
									parts, NEWS_COMPOUND_MAX_PARTS);
			printf("- %s →", words[i].word);
			for (int k = 0; k < n; k++)
				printf(" %.*s", parts[k].length, words[i].word + parts[k].offset);
			printf("%s\n", n ? "" : " (not split)");
			shown_n++;
		}
	}
	news_lexicon_free(lex);
	sb_stemmer_delete(stemmer);
	return 0;
}
