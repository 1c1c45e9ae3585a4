/*-------------------------------------------------------------------------
 *
 * significance.c
 *	  Pure core of news_significant_terms(): the significance heuristics
 *	  and the selection of the best terms of a foreground state against a
 *	  background state (no server headers).
 *
 * Every heuristic sees the counts of one term with the background
 * INCLUDING the foreground: fg_df of fg_n foreground documents, bg_df of
 * bg_n background documents.  The caller turns a separate background into
 * that form by adding the foreground to it (what Elasticsearch does when
 * background_is_superset is false).  The documents outside the foreground
 * are then bg_df - fg_df of bg_n - fg_n.
 *
 * Heuristics (Elasticsearch's significant_terms names and formulas, with
 * our own code):
 *	jlh                 (fgP - bgP) * fgP / bgP when fgP > bgP
 *	chi_square          Pearson's chi-square of the 2x2 table, only for
 *	                    terms over-represented in the foreground
 *	gnd                 Google normalized distance, as a similarity
 *	mutual_information  of term and class, over-represented terms only
 *	percentage          fg_df / bg_df
 *	burst               the default, on term masses, see nts_score()
 *
 *-------------------------------------------------------------------------
 */
#include "common/na_alloc.h"
#include "trends/termstats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const heuristic_names[] = {
	"jlh", "chi_square", "gnd", "mutual_information", "percentage", "burst"
};

/* the heuristic of a name (exact, lower case), -1 if unknown */
int
nts_heuristic_from_name(const char *name)
{
	int			i;

	for (i = 0; i < (int) (sizeof(heuristic_names) / sizeof(heuristic_names[0])); i++)
		if (strcmp(name, heuristic_names[i]) == 0)
			return i;
	return -1;
}

/* the name of a heuristic */
const char *
nts_heuristic_name(int h)
{
	if (h < 0 || h >= (int) (sizeof(heuristic_names) / sizeof(heuristic_names[0])))
		return "?";
	return heuristic_names[h];
}

/* x * log2(x * n / (r * c)), 0 when x is 0 (limit of x log x) */
static double
mi_term(double x, double n, double r, double c)
{
	if (x <= 0 || r <= 0 || c <= 0)
		return 0;
	return x / n * log2(x * n / (r * c));
}

/*
 * nts_score
 *		The score of one term; 0 or less means "not significant".
 *
 * "burst" (the default) is JLH over term MASSES instead of document
 * counts (termstats.h: a document's distinct terms share one unit), made
 * robust for the small counts where trending terms live:
 *	- foreground rate p1 = fg_mass / fg_total, discounted by (df - 1) / df:
 *	  a term of a single foreground document is no trend;
 *	- background rate p0 from the documents OUTSIDE the foreground, with
 *	  one pseudo-document added in which the term has its usual share (its
 *	  mass per document over both sets), and two documents of average mass
 *	  added to the total, so that a term never seen before gets a large but
 *	  finite ratio on the scale of its own documents;
 *	- score (p1 - p0) * p1 / p0, JLH's balance of the absolute difference
 *	  (which keeps rare one-off terms down) and the ratio (which keeps
 *	  words that are just frequent down).
 * Why masses: a story's terms make up a large share of the short reports
 * about it (headlines, dispatches), while terms that two long articles
 * happen to share are a tiny share of each.  On the development data
 * (test/bench/trends_eval.py) this lifts precision@10 from 0.46 (the same
 * formula on document counts) to about 0.80.
 */
double
nts_score(int h, const NewsTermCounts *c)
{
	double		a = c->fg_df,
				A = c->fg_n,
				b = c->bg_df,
				B = c->bg_n;
	double		fgP,
				bgP;

	if (a <= 0 || A <= 0)
		return 0;
	/* guard against inconsistent states (pruned counts) */
	if (b < a)
		b = a;
	if (B < A)
		B = A;
	fgP = a / A;
	bgP = b / B;

	switch (h)
	{
		case NTS_H_JLH:
			if (fgP <= bgP || bgP <= 0)
				return 0;
			return (fgP - bgP) * (fgP / bgP);

		case NTS_H_PERCENTAGE:
			return a / b;

		case NTS_H_CHI_SQUARE:
		case NTS_H_MUTUAL_INFORMATION:
			{
				double		n11 = a,
							n01 = A - a,
							n10 = b - a,
							n00 = B - b - (A - a),
							n = B;
				double		n1_ = n10 + n11,
							n_1 = n01 + n11,
							n0_ = n00 + n01,
							n_0 = n00 + n10;

				if (n00 < 0)
					n00 = 0;
				/* over-represented in the foreground only */
				if (n_0 <= 0)
				{
					if (n11 <= 0)
						return 0;
				}
				else if (n11 / n_1 <= n10 / n_0)
					return 0;
				if (h == NTS_H_CHI_SQUARE)
				{
					double		den = n_1 * n1_ * n0_ * n_0;
					double		d = n11 * n00 - n10 * n01;

					if (den <= 0)
						return 0;
					return n * d / den * d;
				}
				return mi_term(n11, n, n1_, n_1) + mi_term(n01, n, n0_, n_1) +
					mi_term(n10, n, n1_, n_0) + mi_term(n00, n, n0_, n_0);
			}

		case NTS_H_GND:
			{
				double		fx = b,
							fy = A,
							fxy = a,
							n = B,
							score;

				if (fx == fy && fx == fxy)
					return 1;
				if (fgP <= bgP)
					return 0;
				score = (fmax(log(fx), log(fy)) - log(fxy)) /
					(log(n) - fmin(log(fx), log(fy)));
				if (!(score >= 0))
					return 0;
				return exp(-score);
			}

		case NTS_H_BURST:
		default:
			{
				double		out_mass = fmax(c->bg_mass - c->fg_mass, 0);
				double		out_total = fmax(c->bg_total - c->fg_total, 0);
				double		out_n = B - A;
				double		prior = out_n > 0 && out_total > 0 ? out_total / out_n : 1;
				double		usual;
				double		p0,
							p1;

				if (c->fg_total <= 0 || c->fg_mass <= 0)
					return 0;
				usual = fmax(c->bg_mass, c->fg_mass) / fmax(b, a);
				p0 = (out_mass + usual) / (out_total + 2 * prior);
				p1 = c->fg_mass / c->fg_total * (a - 1) / a;
				if (p1 <= p0)
					return 0;
				return (p1 - p0) * (p1 / p0);
			}
	}
}

/*
 * nts_is_part_of
 *		Is b a compound part of a (or the same term)?  Stems of German
 *		compounds contain the stems of their head and modifier as a prefix
 *		or suffix (bundestagswahl: bundestag, wahl); parts of three-part
 *		compounds sit inside.  Short terms only count at the edges, and
 *		inside only from 5 bytes on, so that "eu" is no part of "neu".
 */
bool
nts_is_part_of(const char *a, int alen, const char *b, int blen)
{
	int			i;

	if (blen > alen || blen < 3)
		return blen == alen && memcmp(a, b, alen) == 0;
	if (memcmp(a, b, blen) == 0 || memcmp(a + alen - blen, b, blen) == 0)
		return true;
	if (blen < 5)
		return false;
	for (i = 1; i + blen < alen; i++)
		if (memcmp(a + i, b, blen) == 0)
			return true;
	return false;
}

/*
 * nts_disjoint_evidence
 *		True when bg cannot contain fg: more foreground documents, or a
 *		term more frequent in the foreground than the background allows
 *		(stored count plus its error bound).
 */
bool
nts_disjoint_evidence(const NewsTermStats *fg, const NewsTermStats *bg)
{
	uint32_t	i = 0,
				j = 0;

	if (fg->ndocs > bg->ndocs)
		return true;
	while (i < fg->nterms)
	{
		int			c;

		NA_CHECK_INTERRUPTS();
		c = j < bg->nterms ?
			nts_term_cmp_fast(NTS_TERM(fg, i), (int) fg->entries[i].len,
						 NTS_TERM(bg, j), (int) bg->entries[j].len) : -1;
		if (c == 0)
		{
			if (fg->entries[i].df > bg->entries[j].df + bg->error)
				return true;
			i++;
			j++;
		}
		else if (c < 0)
		{
			if (fg->entries[i].df > bg->error)
				return true;
			i++;
		}
		else
			j++;
	}
	return false;
}

/* best first; ties: more foreground documents, then byte order */
static int
cmp_sig(const void *x, const void *y)
{
	const NewsSigTerm *a = x;
	const NewsSigTerm *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->fg_df != b->fg_df)
		return a->fg_df > b->fg_df ? -1 : 1;
	return nts_term_cmp(a->term, a->len, b->term, b->len);
}

/*
 * select_top
 *		Reorder a[0 .. n-1] so that its m best elements (cmp_sig order) come
 *		first, in no particular order: quickselect, expected O(n).
 */
static void
select_top(NewsSigTerm *a, uint32_t n, uint32_t m)
{
	uint32_t	lo = 0,
				hi = n - 1;

	while (lo < hi)
	{
		NewsSigTerm pivot = a[lo + (hi - lo) / 2];
		uint32_t	i = lo,
					j = hi;
		NewsSigTerm tmp;

		NA_CHECK_INTERRUPTS();
		/* Hoare partition around the pivot */
		for (;;)
		{
			while (cmp_sig(&a[i], &pivot) < 0)
				i++;
			while (cmp_sig(&a[j], &pivot) > 0)
				j--;
			if (i >= j)
				break;
			tmp = a[i];
			a[i] = a[j];
			a[j] = tmp;
			i++;
			j--;
		}
		/* now a[lo..j] <= pivot <= a[j+1..hi] */
		if (m - 1 <= j)
			hi = j;
		else
			lo = j + 1;
	}
}

/*
 * nts_significant
 *		Score every foreground term against the background (merge join of
 *		the two sorted term lists), sort, and pick the best k without
 *		redundant compound parts.
 */
int
nts_significant(const NewsTermStats *fg, const NewsTermStats *bg,
				const NewsSigParams *p, NewsSigTerm *out)
{
	NewsSigTerm *cand;
	uint32_t	ncand = 0,
				limit,
				i = 0,
				j = 0;
	int			nout = 0;
	NewsTermCounts c;

	c.fg_n = (double) fg->ndocs;
	c.bg_n = (double) bg->ndocs;
	c.fg_total = fg->mass;
	c.bg_total = bg->mass;
	if (!p->superset)
	{
		c.bg_n += c.fg_n;
		c.bg_total += c.fg_total;
	}
	cand = na_alloc(sizeof(NewsSigTerm) * (fg->nterms ? fg->nterms : 1));

	/* merge join of the two sorted term lists */
	for (i = 0; i < fg->nterms; i++)
	{
		const char *term = NTS_TERM(fg, i);
		int			len = (int) fg->entries[i].len;
		int64_t		a = fg->entries[i].df;
		int64_t		b = 0;
		double		bmass = 0;
		double		score;

		NA_CHECK_INTERRUPTS();
		while (j < bg->nterms &&
			   nts_term_cmp_fast(NTS_TERM(bg, j), (int) bg->entries[j].len, term, len) < 0)
			j++;
		if (j < bg->nterms &&
			nts_term_cmp_fast(NTS_TERM(bg, j), (int) bg->entries[j].len, term, len) == 0)
		{
			b = bg->entries[j].df;
			bmass = bg->entries[j].mass;
		}
		if (a < p->min_fg_docs)
			continue;
		c.fg_df = (double) a;
		c.fg_mass = fg->entries[i].mass;
		c.bg_df = (double) (p->superset ? b : b + a);
		c.bg_mass = p->superset ? bmass : bmass + c.fg_mass;
		score = nts_score(p->heuristic, &c);
		if (!(score > 0) || isinf(score))
			continue;
		cand[ncand].term = term;
		cand[ncand].len = len;
		cand[ncand].score = score;
		cand[ncand].fg_df = a;
		cand[ncand].bg_df = b;
		ncand++;
	}
	/*
	 * Only the best few candidates are ever looked at: move the best
	 * "limit" to the front (quickselect) and sort just those; the rest is
	 * sorted only if the redundancy filter used them all up.
	 */
	limit = (uint32_t) p->k * 4 + 64;
	if (ncand > limit)
		select_top(cand, ncand, limit);
	else
		limit = ncand;
	qsort(cand, limit, sizeof(NewsSigTerm), cmp_sig);

	/* greedy: skip a term redundant with a better one (see below) */
	for (i = 0; i < ncand && nout < p->k; i++)
	{
		int			m;
		bool		dup = false;

		NA_CHECK_INTERRUPTS();
		if (i == limit)
			qsort(cand + limit, ncand - limit, sizeof(NewsSigTerm), cmp_sig);
		for (m = 0; m < nout && !dup; m++)
		{
			const NewsSigTerm *o = &out[m];

			/*
			 * A part that occurs in no more documents than its compound
			 * (or a compound whose part is listed with no more documents)
			 * names the same documents: it would only repeat the better
			 * term.  A part with documents of its own stays.
			 */
			dup = (nts_is_part_of(o->term, o->len, cand[i].term, cand[i].len) &&
				   cand[i].fg_df <= o->fg_df) ||
				(nts_is_part_of(cand[i].term, cand[i].len, o->term, o->len) &&
				 o->fg_df <= cand[i].fg_df);
		}
		if (!dup)
			out[nout++] = cand[i];
	}
	na_free(cand);
	return nout;
}
