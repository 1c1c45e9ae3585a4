/*
 * test_trends_cores.c: stand-alone unit tests of the pure C cores of the
 * trends subsystem: the counting table, pruning and its error bound, the
 * flat form and its checker, text input/output (termstats_core.c), and the
 * significance heuristics and selection (significance.c).  Built with
 * -DNEWS_STANDALONE by test/unit/check-trends-unit.sh; prints
 * "N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/na_alloc.h"
#include "trends/termstats.h"

static int passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAILED %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static NewsTermStats *
parse(const char *s)
{
	NewsTermStatsError err;
	NewsTermStats *r = nts_parse_text(s, NULL, NULL, &err);

	if (r == NULL)
		printf("parse error in test literal %s: %s\n", s, err.detail);
	return r;
}

static void
test_table(void)
{
	NewsTermTable *t = nts_table_new();
	NewsTermStats *s;
	char		buf[32];
	int			i,
				d;
	char	   *text;

	/* 4 documents: "a a b", "b", "c", "" -> a:1 b:2 c:1, masses halved in doc 1 */
	nts_table_begin_doc(t);
	nts_table_count_doc(t, "a", 1);
	nts_table_count_doc(t, "a", 1);
	nts_table_count_doc(t, "b", 1);
	nts_table_end_doc(t);
	nts_table_begin_doc(t);
	nts_table_count_doc(t, "b", 1);
	nts_table_end_doc(t);
	nts_table_begin_doc(t);
	nts_table_count_doc(t, "c", 1);
	nts_table_end_doc(t);
	nts_table_begin_doc(t);
	nts_table_end_doc(t);
	s = nts_table_flatten(t, 100);
	text = nts_to_text(s, NULL);
	CHECK(strcmp(text, "ndocs=4 error=0 mass=3 {\"a\":1/0.5,\"b\":2/1.5,\"c\":1/1}") == 0, "got %s", text);
	CHECK(nts_check(s, (size_t) s->vl_len_) == NULL, "flat state invalid");
	CHECK(nts_lookup(s, "b", 1) == 2 && nts_lookup(s, "x", 1) == 0, "lookup");
	na_free(text);
	na_free(s);
	nts_table_free(t);

	/* many terms, grown past the initial table; then a prune with bound */
	t = nts_table_new();
	for (d = 0; d < 50; d++)
	{
		nts_table_begin_doc(t);
		for (i = 0; i <= d * 40; i++)
		{
			snprintf(buf, sizeof(buf), "t%d", i);
			nts_table_count_doc(t, buf, (int) strlen(buf));
		}
		nts_table_end_doc(t);
	}
	CHECK(t->nitems == 49 * 40 + 1, "nitems %u", t->nitems);
	s = nts_table_flatten(t, 100);
	CHECK(s->nterms == 100, "cap kept %u", s->nterms);
	CHECK(s->error > 0, "error bound grew");
	CHECK(nts_check(s, (size_t) s->vl_len_) == NULL, "pruned state invalid");
	/* true df of t<i> is 50 - ceil(i/40): every stored count within bound */
	{
		int			bad = 0;

		for (i = 0; i <= 49 * 40; i++)
		{
			int64_t		truth = 50 - (i + 39) / 40;
			int64_t		got;

			snprintf(buf, sizeof(buf), "t%d", i);
			got = nts_lookup(s, buf, (int) strlen(buf));
			if (got > truth || got + s->error < truth)
				bad++;
		}
		CHECK(bad == 0, "%d counts outside the bound", bad);
	}
	na_free(s);
	nts_table_free(t);
}

static void
test_text(void)
{
	static const char *const bad[] = {
		"", "ndocs=", "ndocs=1", "ndocs=1 {", "ndocs=1 {\"a\":2}",
		"ndocs=1 {\"a\":0}", "ndocs=2 {\"a\":1,\"a\":1}", "ndocs=1 {\"\":1}",
		"ndocs=1 {\"a\\x\":1}", "ndocs=1 {a:1}", "ndocs=1 {} x",
		"ndocs=99999999999999999999 {}", "ndocs=1 error=-1 {}",
		"ndocs=1 {\"a\":1,}", "ndocs=1 {\"a\" 1}", "ndocs=1 {\"a\":1/0}",
		"ndocs=1 {\"a\":1/1.5}", "ndocs=1 {\"a\":1/nan}", "ndocs=1 {\"a\":1/1e999}",
		"ndocs=1 mass=2 {}", "ndocs=1 mass=-1 {}", "ndocs=1 {\"a\":1/}"
	};
	NewsTermStatsError err;
	NewsTermStats *s,
			   *s2;
	char	   *text,
			   *text2;
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		s = nts_parse_text(bad[i], NULL, NULL, &err);
		CHECK(s == NULL && err.code != 0 && err.detail != NULL &&
			  err.pos <= strlen(bad[i]), "accepted or bad error: %s", bad[i]);
		if (s)
			na_free(s);
	}
	s = parse(" ndocs=5  error=2 mass=4.5 { \"z\" : 5 , \"a\\\"b\":1/0.1, \"c\\\\d\":2 } ");
	CHECK(s != NULL, "valid literal refused");
	if (s)
	{
		text = nts_to_text(s, NULL);
		CHECK(strcmp(text, "ndocs=5 error=2 mass=4.5 {\"a\\\"b\":1/0.1,\"c\\\\d\":2/2,\"z\":5/5}") == 0,
			  "got %s", text);
		s2 = parse(text);
		text2 = nts_to_text(s2, NULL);
		CHECK(strcmp(text, text2) == 0, "round trip %s vs %s", text, text2);
		CHECK(s->vl_len_ == s2->vl_len_ && memcmp(s, s2, s->vl_len_) == 0, "same bytes");
		/* the checker catches a damaged state */
		s2->entries[0].df = 99;
		CHECK(nts_check(s2, (size_t) s2->vl_len_) != NULL, "damaged df accepted");
		na_free(text);
		na_free(text2);
		na_free(s);
		na_free(s2);
	}
}

static void
test_merge(void)
{
	NewsTermStats *a = parse("ndocs=3 error=1 {\"a\":1,\"b\":2}");
	NewsTermStats *b = parse("ndocs=2 {\"b\":1,\"c\":2}");
	NewsTermTable *t = nts_table_new();
	NewsTermStats *m;
	char	   *text;

	nts_table_add_state(t, a);
	nts_table_add_state(t, b);
	m = nts_table_flatten(t, 100);
	text = nts_to_text(m, NULL);
	CHECK(strcmp(text, "ndocs=5 error=1 mass=5 {\"a\":1/1,\"b\":3/3,\"c\":2/2}") == 0, "merge %s", text);
	na_free(text);
	na_free(m);
	na_free(a);
	na_free(b);
	nts_table_free(t);
}

/* a score with every document of mass 1 and one term each */
static double
score(int h, double a, double A, double b, double B)
{
	NewsTermCounts c = {a, A, b, B, a, A, b, B};

	return nts_score(h, &c);
}

static void
test_significance(void)
{
	NewsTermStats *fg = parse("ndocs=10 {\"der\":10,\"wahl\":6,\"bundestagswahl\":6,\"x\":1}");
	NewsTermStats *bg = parse("ndocs=1000 {\"der\":1000,\"wahl\":20,\"bundestagswahl\":8,\"x\":1}");
	NewsSigParams p = {NTS_H_BURST, 10, 2, true};
	NewsSigTerm out[10];
	int			n,
				h;

	CHECK(nts_heuristic_from_name("jlh") == NTS_H_JLH, "jlh name");
	CHECK(nts_heuristic_from_name("JLH") == -1 && nts_heuristic_from_name("") == -1, "unknown names");
	/* frequent everywhere: no heuristic finds it significant */
	for (h = NTS_H_JLH; h <= NTS_H_BURST; h++)
	{
		double		sc = score(h, 10, 10, 1000, 1000);

		CHECK(!(sc > 0) || h == NTS_H_PERCENTAGE || h == NTS_H_GND, "h=%d frequent word scored %g", h, sc);
		sc = score(h, 6, 10, 8, 1000);
		CHECK(sc > 0 && isfinite(sc), "h=%d rare burst scored %g", h, sc);
		CHECK(score(h, 6, 10, 8, 1000) >= score(h, 6, 10, 100, 1000),
			  "h=%d rarer background must not score lower", h);
	}
	/* zero counts never divide by zero */
	for (h = NTS_H_JLH; h <= NTS_H_BURST; h++)
		CHECK(isfinite(score(h, 0, 0, 0, 0)) && isfinite(score(h, 1, 1, 0, 0)),
			  "h=%d not finite on zeros", h);
	/* burst prefers the term that is a large share of short documents */
	{
		NewsTermCounts x = {3, 40, 3, 500, 3.0 / 8, 40, 3.0 / 8, 500};
		NewsTermCounts y = {3, 40, 3, 500, 3.0 / 400, 40, 3.0 / 400, 500};

		CHECK(nts_score(NTS_H_BURST, &x) > nts_score(NTS_H_BURST, &y), "mass ignored");
	}

	n = nts_significant(fg, bg, &p, out);
	CHECK(n == 1 && strncmp(out[0].term, "bundestagswahl", out[0].len) == 0,
		  "expected only bundestagswahl (part wahl has no documents of its own), got %d", n);
	CHECK(nts_is_part_of("bundestagswahl", 14, "wahl", 4), "suffix part");
	CHECK(nts_is_part_of("bundestagswahl", 14, "bundestag", 9), "prefix part");
	CHECK(!nts_is_part_of("neu", 3, "eu", 2), "short infix is no part");
	CHECK(!nts_disjoint_evidence(fg, bg), "superset not detected");
	CHECK(nts_disjoint_evidence(bg, fg), "larger foreground is disjoint");
	na_free(fg);
	na_free(bg);
}

/* top-k through quickselect equals the head of the full ranking */
static void
test_selection(void)
{
	NewsTermTable *ft = nts_table_new();
	NewsTermTable *bt = nts_table_new();
	NewsTermStats *fg,
			   *bg;
	NewsSigParams p = {NTS_H_BURST, 5, 2, false};
	NewsSigTerm few[5];
	NewsSigTerm *all = malloc(sizeof(NewsSigTerm) * 2000);
	char		buf[32];
	int			i,
				nfew,
				nall,
				same = 1;
	unsigned	seed = 12345;

	ft->ndocs = 100;
	ft->mass = 100;
	bt->ndocs = 1000;
	bt->mass = 1000;
	for (i = 0; i < 2000; i++)
	{
		int64_t		a,
					b;

		seed = seed * 1103515245u + 12345u;
		a = 1 + (seed >> 16) % 100;
		seed = seed * 1103515245u + 12345u;
		b = 1 + (seed >> 16) % 1000;
		snprintf(buf, sizeof(buf), "w%dx", i);
		nts_table_add(ft, buf, (int) strlen(buf), a, a * 0.05);
		nts_table_add(bt, buf, (int) strlen(buf), b, b * 0.05);
	}
	fg = nts_table_flatten(ft, 100000);
	bg = nts_table_flatten(bt, 100000);
	nfew = nts_significant(fg, bg, &p, few);
	p.k = 2000;
	nall = nts_significant(fg, bg, &p, all);
	CHECK(nfew == 5 && nall >= 5, "counts %d %d", nfew, nall);
	for (i = 0; i < nfew && i < nall; i++)
		if (few[i].term != all[i].term)
			same = 0;
	CHECK(same, "quickselect top 5 differs from the full ranking");
	for (i = 1; i < nall; i++)
		if (all[i].score > all[i - 1].score)
			same = 0;
	CHECK(same, "ranking not best first");
	free(all);
	na_free(fg);
	na_free(bg);
	nts_table_free(ft);
	nts_table_free(bt);
}

/*
 * test_kway_merge: nts_merge_states (k-way merge walk) gives exactly what
 * adding the same states to a counting table and flattening gives, with and
 * without pruning, for random states (terms of 1-12 bytes over a small
 * alphabet, so that prefixes, 8-byte keys and ties all occur).
 */
static void
test_kway_merge(void)
{
	int			round;

	srand(7);
	for (round = 0; round < 60; round++)
	{
		int			n = 1 + rand() % 9;
		uint32_t	cap = round % 3 == 0 ? 1000000 : (uint32_t) (16 + rand() % 40);
		NewsTermStats *in[9];
		NewsTermTable *t = nts_table_new();
		NewsTermStats *a,
				   *b;
		int			k;
		bool		same;

		for (k = 0; k < n; k++)
		{
			NewsTermTable *g = nts_table_new();
			int			d,
						ndocs = 1 + rand() % 30;

			for (d = 0; d < ndocs; d++)
			{
				int			w,
							nw = rand() % 12;

				nts_table_begin_doc(g);
				for (w = 0; w < nw; w++)
				{
					char		term[12];
					int			len = 1 + rand() % 12,
								i;

					for (i = 0; i < len; i++)
						term[i] = "abc"[rand() % 3];
					nts_table_count_doc(g, term, len);
				}
				nts_table_end_doc(g);
			}
			in[k] = nts_table_flatten(g, k == 0 ? 20 : 1000000);
			nts_table_free(g);
			nts_table_add_state(t, in[k]);
		}
		a = nts_merge_states((const NewsTermStats *const *) in, n, cap, cap);
		b = nts_table_flatten(t, cap);
		same = a->vl_len_ == b->vl_len_ && a->nterms == b->nterms &&
			a->ndocs == b->ndocs && a->error == b->error &&
			memcmp(NTS_STRINGS(a), NTS_STRINGS(b), a->strbytes) == 0;
		for (k = 0; same && k < (int) a->nterms; k++)
			same = a->entries[k].df == b->entries[k].df &&
				a->entries[k].len == b->entries[k].len &&
				fabs(a->entries[k].mass - b->entries[k].mass) < 1e-9;
		CHECK(same, "k-way merge of %d states (cap %u) differs from the table merge", n, cap);
		CHECK(nts_check(a, (size_t) a->vl_len_) == NULL, "k-way merge result invalid: %s",
			  nts_check(a, (size_t) a->vl_len_));
		for (k = 0; k < n; k++)
			na_free(in[k]);
		na_free(a);
		na_free(b);
		nts_table_free(t);
	}
	/* no states: an empty state */
	{
		NewsTermStats *e = nts_merge_states(NULL, 0, 16, 16);

		CHECK(e->nterms == 0 && e->ndocs == 0 && nts_check(e, (size_t) e->vl_len_) == NULL,
			  "merge of no states");
		na_free(e);
	}
}

int
main(void)
{
	test_selection();
	test_table();
	test_text();
	test_merge();
	test_kway_merge();
	test_significance();
	printf("trends-unit: %d passed, %d failed\n", passed, failed);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
