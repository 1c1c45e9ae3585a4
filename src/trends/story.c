/*-------------------------------------------------------------------------
 *
 * story.c
 *	  news_story(vec, ts [, threshold, max_gap]) OVER (ORDER BY ts, id):
 *	  online story clustering as a window function, and the key functions
 *	  news_story_of() (insert-time assignment, SQL) finds candidates with.
 *
 * Rows are taken in window order, which must be by time.  Each article
 * joins the story of its most similar earlier article if that similarity
 * (the overlap below, news_story_similarity()) clears a bar that rises
 * with the time between them:
 *
 *	  similarity >= threshold + (1 - threshold) * gap / max_gap
 *
 * so at gap 0 the bar is the threshold and at max_gap it is 1 (nothing
 * links).  Only earlier articles sharing one of its key terms are
 * considered: the NEWS_STORY_KEY_TERMS heaviest terms of each side
 * (story_key_terms()).  Among them the one with the largest margin over
 * its bar wins (ties: the later article).  Otherwise the article starts a
 * new story; story ids count from 1 in order of their first article
 * within the partition.
 *
 * Why a rising bar: stories in news are bursts; two headlines a week apart
 * need much more in common to be the same story than two an hour apart.
 * On the OG2021 development set (test/bench/bench_story.py) the rising
 * bar gives B-cubed F1 0.87-0.88, against 0.80-0.82 for the best fixed
 * threshold within 7 days.
 *
 * Why an overlap and not the cosine: the similarity of two articles is
 * the weight they share, sum over shared terms of min(weight in a,
 * weight in b), as a share of the smaller article's total weight (the sum
 * of its weights, L1).  The cosine multiplies the weights, so one heavy
 * word both headlines share (a place, a name the lexicon does not know)
 * can carry it alone; the overlap adds the shared weights linearly and
 * asks how much of the shorter text the other one covers, so it needs
 * the articles to share more of what they say.  (With equal weights
 * both are the same number.)  On OG2021 headlines with the spread
 * weights below, B-cubed F1 at the defaults is 0.920 against 0.908 with
 * the cosine, 0.912 against 0.894 with the headlines' own statistics.
 *
 * Why shared words count less when many open stories use them: in a burst
 * of news (a week of Olympic Games) "olympia" and "tokio" occur in nearly
 * every story, so sharing them says little about sharing a story, while a
 * name used by one open story says a lot.  Each key term t of the new
 * article counts in the overlap with weight spread(t)^-1/4, where
 * spread(t) is the number of distinct stories among the open articles
 * having t as a key term (1 or none: full weight).  The window function
 * counts them over the posting lists it walks anyway; news_story_of()
 * (news_story_choose(), the aggregate it runs over the stored candidates)
 * counts them over those candidates, which are exactly the open articles
 * sharing a key term, and scores them with the same code, so both give
 * the same doubles.
 *
 * Together (test/bench/bench_story.py): B-cubed F1 0.920 on the whole
 * set at the defaults (0.15, 7 days), 0.924 and 0.922 on the two halves
 * of its stories, where the cosine rule with threshold 0.25 had 0.873,
 * 0.913 and 0.836; the threshold that is best on one half scores 0.922
 * and 0.918 on the other (cosine rule: 0.836 and 0.853).
 *
 * Why key terms: articles of one story share what the story is about
 * (names, places, the event), and those are among the heaviest terms of
 * each.  Two long articles can reach the bar through many light, common
 * words without sharing anything salient; the key rule keeps them apart
 * and makes candidates cheap to find: the window function keeps an
 * inverted index over the key terms of the open articles, and stored
 * articles carry their key terms per day (news_story_keys()) in a GIN
 * index that news_story_of() probes for the days within max_gap.  A
 * headline has fewer terms than NEWS_STORY_KEY_TERMS, so for headlines
 * the rule is no restriction at all.
 *
 * news_story_bar(earlier, ts, threshold, max_gap) is the bar as a scalar
 * function and news_story_similarity(a, b) the overlap without spread
 * weights; news_story_of() picks its story with the aggregate
 * news_story_choose(), which runs the window function's arithmetic on the
 * same doubles, so both agree.
 *
 * Memory: only articles younger than max_gap (relative to the current
 * row) are kept, with a copy of their vector and their postings; older
 * ones can never link again and are freed (posting lists left empty and
 * their terms too), so a story quiet for longer than max_gap is closed
 * and forgotten, and memory is bounded by the articles of one max_gap.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "windowapi.h"

#include "similarity/news_vector.h"
#include "trends/trends.h"

PG_FUNCTION_INFO_V1(news_story);
PG_FUNCTION_INFO_V1(news_story_bar);
PG_FUNCTION_INFO_V1(news_story_similarity);
PG_FUNCTION_INFO_V1(news_story_choose_trans);
PG_FUNCTION_INFO_V1(news_story_choose_final);
PG_FUNCTION_INFO_V1(news_story_keys);
PG_FUNCTION_INFO_V1(news_story_probe_keys);

/*
 * The number of key terms of an article.  Headlines have fewer terms (on
 * OG2021 at most 17, on average 9), so for them the key rule restricts
 * nothing; for long articles it keeps the terms that carry the story.
 * Stored keys (news_story_keys) depend on it: changing it means
 * recomputing them.
 */
#define NEWS_STORY_KEY_TERMS	16

/*
 * The default threshold (the SQL defaults of news_story, news_story_bar and
 * news_story_of repeat it): chosen on OG2021 headlines, see the file header.
 */
#define NEWS_STORY_DEFAULT_THRESHOLD	0.15

/*
 * A shared key term used by n open stories counts with weight n^-1/4 (see
 * the file header): 1, 0.84, 0.76, 0.71 for 1, 2, 3, 4 stories.  On OG2021
 * at the default threshold, B-cubed F1 whole set / half A / half B: 0.883 /
 * 0.920 / 0.922 without the weight, 0.920 / 0.924 / 0.922 with the quarter
 * root, 0.901 / 0.916 / 0.920 with the square root.
 */
#define NEWS_STORY_SPREAD_EXPONENT	0.25

/* days in a stored key are UTC days since 2000-01-01 */
#define STORY_KEY(day, hash)	((int64) (((uint64) (day) << 32) | (uint64) (hash)))

/* one remembered article */
typedef struct StoryMember
{
	TimestampTz ts;
	int64		story;
	NewsVector *vec;			/* detoasted copy in the state's context */
	double		mass;			/* story_mass() of its vector */
	int			nkeys;			/* its key terms (story_key_terms) */
	uint32		keys[NEWS_STORY_KEY_TERMS];	/* their hashes */
	int32		slots[NEWS_STORY_KEY_TERMS];	/* their posting list slots */
} StoryMember;

/* one entry of a term's posting list: an article's sequence number, mod 2^32 */
typedef uint32 StoryPosting;

/*
 * The posting list of one key term over the open articles, oldest first:
 * the live postings are posts[start .. start + n).  Articles are appended
 * and expire in time order, so the article expiring next is always the
 * first live posting of each of its terms.  An unused slot is on the free
 * list (next).
 */
typedef struct StoryTerm
{
	int			start;
	int			n;
	int			cap;
	int			next;			/* free list link while unused */
	StoryPosting *posts;
} StoryTerm;

/* hash table entry: a term hash and the slot of its posting list */
typedef struct StoryTermEnt
{
	uint32		hash;
	int32		slot;
	char		status;			/* simplehash's */
} StoryTermEnt;

/*
 * The key terms of the open articles.  The keys are already well mixed
 * term hashes (news_term_hash ends with a MurmurHash3 finalizer).
 */
#define SH_PREFIX		storyterms
#define SH_ELEMENT_TYPE	StoryTermEnt
#define SH_KEY_TYPE		uint32
#define SH_KEY			hash
#define SH_HASH_KEY(tb, key)	(key)
#define SH_EQUAL(tb, a, b)	((a) == (b))
#define SH_SCOPE		static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

typedef struct StoryState
{
	MemoryContext cxt;
	StoryMember *members;		/* [head, n) are live, in time order */
	bool	   *seen;			/* per member slot: a candidate of this row */
	int64	   *sset;			/* stories seen on one posting list (hash set) */
	uint32	   *sstamp;			/* per sset slot: the list it was filled for */
	int			scap;			/* sset slots, a power of 2 */
	uint32		stamp;			/* current posting list's stamp */
	int		   *keyslot;		/* per entry of the row's vector: key index or -1 */
	int			keyslotcap;
	int			head;
	int			n;
	int			max;
	int64		seq0;			/* sequence number of members[0] */
	storyterms_hash *index;		/* term hash -> slot */
	StoryTerm  *terms;			/* posting lists by slot */
	int			nslots;			/* slots allocated */
	int			freeslot;		/* head of the free list, -1: none */
	int64		nextstory;
	int64		lastpos;
	TimestampTz lastts;
	bool		havets;
} StoryState;

/*
 * gap_usecs
 *		An interval as microseconds (a month counts 30 days, as interval
 *		comparison does); negative intervals are refused.
 */
static int64
gap_usecs(Interval *iv)
{
	int128		us = (int128) iv->time +
		(int128) iv->day * USECS_PER_DAY +
		(int128) iv->month * DAYS_PER_MONTH * USECS_PER_DAY;

	if (us < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_gap must not be negative")));
	if (us > PG_INT64_MAX / 2)
		us = PG_INT64_MAX / 2;
	return (int64) us;
}

/*
 * story_bar
 *		The similarity an earlier article at distance dt (microseconds)
 *		needs; above 1 (never reached) beyond max_gap.
 */
static double
story_bar(double threshold, int64 dt, int64 gap)
{
	if (dt > gap)
		return 2.0;
	if (gap <= 0)
		return threshold;
	return threshold + (1 - threshold) * (double) dt / (double) gap;
}

/*
 * story_mass
 *		The total weight (L1) of an entry array, summed in entry order in
 *		double: the denominator of story_overlap().
 */
static double
story_mass(const NewsVectorEntry *e, uint32 n)
{
	double		sum = 0.0;
	uint32		i;

	for (i = 0; i < n; i++)
		sum += (double) e[i].weight;
	return sum;
}

/*
 * story_share
 *		Shared weight as a share of the smaller mass (story_mass()) of the
 *		two articles: the overlap both story_overlap() and
 *		story_overlap_spread() return.
 */
static inline double
story_share(double shared, double ma, double mb)
{
	double		smaller = Min(ma, mb);
	double		sim;

	/* nothing shared, an empty side, or NaN from bad data: unrelated */
	if (!(shared > 0.0) || !(smaller > 0.0))
		return 0.0;
	sim = shared / smaller;
	/* a subset of the smaller side's weights cannot exceed its sum */
	return Min(sim, 1.0);
}

/*
 * story_overlap
 *		The similarity of news_story (see the file header): the weight two
 *		entry arrays share, sum of min(weight) over the shared hashes, as a
 *		share of the smaller total weight (ma, mb: story_mass() of each).
 *		Symmetric and bit for bit the same whichever side comes first (the
 *		merge walk visits the shared pairs in hash order either way); in
 *		[0, 1]; 0 when either side is empty or nothing is shared.  With
 *		spread weights, story_overlap_parts() and story_overlap_spread().
 */
static double
story_overlap(const NewsVectorEntry *a, uint32 na, double ma,
			  const NewsVectorEntry *b, uint32 nb, double mb)
{
	uint32		i = 0;
	uint32		j = 0;
	double		shared = 0.0;

	while (news_entries_next_shared(a, na, b, nb, &i, &j))
	{
		shared += (double) Min(a[i].weight, b[j].weight);
		i++;
		j++;
	}
	return story_share(shared, ma, mb);
}

/*
 * news_story_similarity
 *		news_story_similarity(a, b) → float8: the overlap news_story
 *		links articles by (story_overlap()), before spread weights: what
 *		two articles share, for users to inspect.
 */
Datum
news_story_similarity(PG_FUNCTION_ARGS)
{
	NewsVector *a = (NewsVector *) PG_GETARG_VARLENA_P(0);
	NewsVector *b = (NewsVector *) PG_GETARG_VARLENA_P(1);

	PG_RETURN_FLOAT8(story_overlap(NV_ENTRIES(a), a->nterms,
								   story_mass(NV_ENTRIES(a), a->nterms),
								   NV_ENTRIES(b), b->nterms,
								   story_mass(NV_ENTRIES(b), b->nterms)));
}

/*
 * story_overlap_parts
 *		The shared weight of the new article a and an earlier article b,
 *		split for the spread weights: returned, the sum over shared terms
 *		that are not key terms of a (keyslot[entry] < 0), in hash order;
 *		in parts[k], the smaller weight of a's key term k if b has it (else
 *		0).  story_overlap_spread() combines them once the weights are
 *		known: the window function knows them before scoring, news_story_
 *		choose() only after its last candidate, so both split the same way
 *		and get the same doubles.
 */
static double
story_overlap_parts(const NewsVectorEntry *a, uint32 na, const int *keyslot,
					int nkeys, const NewsVectorEntry *b, uint32 nb,
					double *parts)
{
	uint32		i = 0;
	uint32		j = 0;
	double		base = 0.0;
	int			k;

	for (k = 0; k < nkeys; k++)
		parts[k] = 0.0;
	while (news_entries_next_shared(a, na, b, nb, &i, &j))
	{
		double		w = (double) Min(a[i].weight, b[j].weight);

		if (keyslot[i] >= 0)
			parts[keyslot[i]] = w;
		else
			base += w;
		i++;
		j++;
	}
	return base;
}

/*
 * story_overlap_spread
 *		The overlap with spread weights (file header) from
 *		story_overlap_parts(): base plus each key term's part times its
 *		weight fac[k], in key order, over the smaller total weight.
 */
static double
story_overlap_spread(double base, const double *parts, const double *fac,
					 int nkeys, double ma, double mb)
{
	double		shared = base;
	int			k;

	for (k = 0; k < nkeys; k++)
		shared += parts[k] * fac[k];
	return story_share(shared, ma, mb);
}

/*
 * story_spread_weight
 *		The weight of a shared key term that nstories open stories use
 *		(file header): 1 for one story or none.
 */
static double
story_spread_weight(int64 nstories)
{
	if (nstories <= 1)
		return 1.0;
	return pow((double) nstories, -NEWS_STORY_SPREAD_EXPONENT);
}

/* a threshold must lie in [0, 1] (NaN does not) */
static void
check_threshold(double threshold)
{
	if (!(threshold >= 0 && threshold <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold must be between 0 and 1, not %g", threshold)));
}

/*
 * news_story_bar
 *		news_story_bar(earlier, ts, threshold, max_gap): the bar of
 *		news_story for an article at ts and an earlier one; 2 (above any
 *		similarity) when earlier is after ts or more than max_gap before.
 */
Datum
news_story_bar(PG_FUNCTION_ARGS)
{
	TimestampTz earlier = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(1);
	double		threshold = PG_GETARG_FLOAT8(2);
	int64		gap = gap_usecs(PG_GETARG_INTERVAL_P(3));

	check_threshold(threshold);
	if (TIMESTAMP_NOT_FINITE(earlier) || TIMESTAMP_NOT_FINITE(ts) || earlier > ts)
		PG_RETURN_FLOAT8(2.0);
	PG_RETURN_FLOAT8(story_bar(threshold, ts - earlier, gap));
}

/*
 * story_key_terms
 *		The key terms of vec: the indexes of its NEWS_STORY_KEY_TERMS
 *		heaviest entries (ties: smaller hash first), in entry order, into
 *		idx[]; returns how many (all entries of a shorter vector).  A
 *		selection over the sorted entries, no allocation.
 */
static int
story_key_terms(const NewsVector *vec, int *idx)
{
	const NewsVectorEntry *e = NV_ENTRIES(vec);
	uint32		nt = vec->nterms;
	int			n = 0;
	uint32		i;

	for (i = 0; i < nt; i++)
	{
		int			k;

		/* is entry i heavier than the lightest kept one? */
		if (n == NEWS_STORY_KEY_TERMS)
		{
			const NewsVectorEntry *last = &e[idx[n - 1]];

			/* entries come by ascending hash: an equal weight loses */
			if (!(e[i].weight > last->weight))
				continue;
			n--;
		}
		/* insertion into idx[0 .. n), heaviest first, ties by hash */
		k = n;
		while (k > 0 && e[idx[k - 1]].weight < e[i].weight)
		{
			idx[k] = idx[k - 1];
			k--;
		}
		idx[k] = (int) i;
		n++;
	}
	/* back to entry (= hash) order */
	for (i = 1; i < (uint32) n; i++)
	{
		int			v = idx[i];
		int			k = (int) i;

		while (k > 0 && idx[k - 1] > v)
		{
			idx[k] = idx[k - 1];
			k--;
		}
		idx[k] = v;
	}
	return n;
}

/*
 * utc_day
 *		The UTC day of a finite timestamp, counted from 2000-01-01 (floor:
 *		earlier days are negative).
 */
static int64
utc_day(TimestampTz ts)
{
	int64		day = ts / USECS_PER_DAY;

	if (ts < 0 && day * USECS_PER_DAY != ts)
		day--;
	return day;
}

/* a finite timestamp or an error */
static void
check_finite(TimestampTz ts, const char *fn)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s needs finite timestamps", fn)));
}

/* an int8[] of n keys */
static ArrayType *
key_array(int64 *keys, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(keys[i]);
	return construct_array(d, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
						   TYPALIGN_DOUBLE);
}

/*
 * news_story_keys
 *		news_story_keys(vec, ts) → int8[]: the stored keys of an article,
 *		one per key term: (UTC day of ts) << 32 | term hash.  For a GIN
 *		index that news_story_of() probes with news_story_probe_keys().
 */
Datum
news_story_keys(PG_FUNCTION_ARGS)
{
	NewsVector *vec = (NewsVector *) PG_GETARG_VARLENA_P(0);
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(1);
	int			idx[NEWS_STORY_KEY_TERMS];
	int64		keys[NEWS_STORY_KEY_TERMS];
	int64		day;
	int			n;
	int			i;

	check_finite(ts, "news_story_keys");
	day = utc_day(ts);
	n = story_key_terms(vec, idx);
	for (i = 0; i < n; i++)
		keys[i] = STORY_KEY(day, NV_ENTRIES(vec)[idx[i]].hash);
	PG_RETURN_ARRAYTYPE_P(key_array(keys, n));
}

/* at most this many days are probed (about 10 years) */
#define STORY_MAX_PROBE_DAYS	3700

/*
 * news_story_probe_keys
 *		news_story_probe_keys(vec, ts, max_gap) → int8[]: the keys an
 *		earlier article within max_gap sharing a key term with vec has
 *		stored: every day from ts - max_gap to ts with every key term of
 *		vec.  "stored_keys && probe" is then the candidate test of the
 *		window function, up to the exact time bound, which the caller
 *		adds.
 */
Datum
news_story_probe_keys(PG_FUNCTION_ARGS)
{
	NewsVector *vec = (NewsVector *) PG_GETARG_VARLENA_P(0);
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(1);
	int64		gap = gap_usecs(PG_GETARG_INTERVAL_P(2));
	int			idx[NEWS_STORY_KEY_TERMS];
	int64	   *keys;
	int64		first;
	int64		last;
	int64		day;
	int			n;
	int			i;
	int			k = 0;

	check_finite(ts, "news_story_probe_keys");
	last = utc_day(ts);
	first = utc_day(ts - Min(gap, ts - MIN_TIMESTAMP));
	if (last - first + 1 > STORY_MAX_PROBE_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_gap must be at most %d days for the story keys",
						STORY_MAX_PROBE_DAYS - 1)));
	n = story_key_terms(vec, idx);
	keys = palloc(sizeof(int64) * Max(n * (last - first + 1), 1));
	for (day = first; day <= last; day++)
		for (i = 0; i < n; i++)
			keys[k++] = STORY_KEY(day, NV_ENTRIES(vec)[idx[i]].hash);
	PG_RETURN_ARRAYTYPE_P(key_array(keys, k));
}

/*
 * add_keys
 *		Find (or create) the posting list slot of every key term of member
 *		m and append the member (sequence number seq) to it.
 */
static void
add_keys(StoryState *st, StoryMember *m, int64 seq)
{
	int			i;

	for (i = 0; i < m->nkeys; i++)
	{
		bool		found;
		StoryTermEnt *ent = storyterms_insert(st->index, m->keys[i], &found);
		StoryTerm  *t;

		if (!found)
		{
			if (st->freeslot < 0)
			{
				/* grow the slot array; the new slots go onto the free list */
				int			old = st->nslots;
				int			k;

				st->nslots = old * 2;
				st->terms = repalloc(st->terms, sizeof(StoryTerm) * st->nslots);
				for (k = old; k < st->nslots; k++)
					st->terms[k].next = (k + 1 < st->nslots) ? k + 1 : -1;
				st->freeslot = old;
			}
			ent->slot = st->freeslot;
			t = &st->terms[ent->slot];
			st->freeslot = t->next;
			t->start = 0;
			t->n = 0;
			t->cap = 4;
			t->posts = MemoryContextAlloc(st->cxt, sizeof(StoryPosting) * t->cap);
		}
		m->slots[i] = ent->slot;
		t = &st->terms[ent->slot];
		if (t->start + t->n == t->cap)
		{
			if (t->start > 0)
			{
				memmove(t->posts, t->posts + t->start, sizeof(StoryPosting) * t->n);
				t->start = 0;
			}
			if (t->n == t->cap)
			{
				t->cap *= 2;
				t->posts = repalloc(t->posts, sizeof(StoryPosting) * t->cap);
			}
		}
		t->posts[t->start + t->n] = (uint32) seq;
		t->n++;
	}
}

/*
 * drop_keys
 *		Remove member m (the oldest open one, sequence number seq) from the
 *		posting list of each of its key terms, where it is the first live
 *		posting; a list left empty is freed and its term leaves the index,
 *		so the index only holds key terms of open articles.
 */
static void
drop_keys(StoryState *st, const StoryMember *m, int64 seq)
{
	int			i;

	for (i = 0; i < m->nkeys; i++)
	{
		StoryTerm  *t = &st->terms[m->slots[i]];

		if (t->n == 0 || t->posts[t->start] != (uint32) seq)
			elog(ERROR, "news_story: posting list out of order");
		t->start++;
		t->n--;
		if (t->n == 0)
		{
			pfree(t->posts);
			t->posts = NULL;
			t->next = st->freeslot;
			st->freeslot = m->slots[i];
			storyterms_delete(st->index, m->keys[i]);
		}
		else if (t->start >= 8 && t->start * 2 >= t->cap)
		{
			memmove(t->posts, t->posts + t->start, sizeof(StoryPosting) * t->n);
			t->start = 0;
		}
	}
}

/*
 * expire
 *		Forget the members older than ts - gap (their vectors and their
 *		postings); compact the array when the dead prefix is large.
 */
static void
expire(StoryState *st, TimestampTz ts, int64 gap)
{
	while (st->head < st->n && ts - st->members[st->head].ts > gap)
	{
		CHECK_FOR_INTERRUPTS();
		drop_keys(st, &st->members[st->head], st->seq0 + st->head);
		pfree(st->members[st->head].vec);
		st->head++;
	}
	if (st->head > 0 && st->head * 2 >= st->n)
	{
		memmove(st->members, st->members + st->head,
				sizeof(StoryMember) * (st->n - st->head));
		st->n -= st->head;
		st->seq0 += st->head;
		st->head = 0;
	}
}

/*
 * story_sset_reserve
 *		Start a new posting list's set of distinct stories, with room for
 *		n of them at load factor at most one half: a new stamp marks every
 *		slot empty at once (the slots are cleared only when it wraps).
 */
static void
story_sset_reserve(StoryState *st, int n)
{
	if (n * 2 > st->scap)
	{
		while (n * 2 > st->scap)
			st->scap *= 2;
		pfree(st->sset);
		pfree(st->sstamp);
		st->sset = MemoryContextAlloc(st->cxt, sizeof(int64) * st->scap);
		st->sstamp = MemoryContextAllocZero(st->cxt, sizeof(uint32) * st->scap);
		st->stamp = 0;
	}
	st->stamp++;
	if (st->stamp == 0)
	{
		memset(st->sstamp, 0, sizeof(uint32) * st->scap);
		st->stamp = 1;
	}
}

/*
 * best_story
 *		The story of the open member sharing a key term with the new
 *		article (keys[0 .. nkeys)) that clears its bar by the largest
 *		margin; 0 if none does.  The posting lists of the article's key
 *		terms (idx: their entry indexes, keys: their hashes) mark the
 *		candidates and give each key term its spread weight (the distinct
 *		stories on its list); each candidate is scored with
 *		story_overlap_parts() and story_overlap_spread(), as
 *		news_story_choose() scores the stored candidates for
 *		news_story_of(), so both compute the same margins.  Members
 *		sharing no key term are never looked at: the cost is the
 *		candidates, not the open articles.
 */
static int64
best_story(StoryState *st, const NewsVector *vec, const int *idx,
		   const uint32 *keys, int nkeys,
		   TimestampTz ts, double threshold, int64 gap)
{
	int64		story = 0;
	double		bestmargin = -1;
	bool	   *seen = st->seen;
	uint32		s0 = (uint32) st->seq0;
	double		mass = story_mass(NV_ENTRIES(vec), vec->nterms);
	int			lo = st->n;
	int			hi = -1;
	int		   *keyslot = st->keyslot;
	double		fac[NEWS_STORY_KEY_TERMS];
	double		parts[NEWS_STORY_KEY_TERMS];
	int			i;
	int			k;

	if ((int) vec->nterms > st->keyslotcap)
	{
		st->keyslotcap = Max((int) vec->nterms, 2 * st->keyslotcap);
		st->keyslot = keyslot = repalloc(st->keyslot, sizeof(int) * st->keyslotcap);
	}
	for (i = 0; i < (int) vec->nterms; i++)
		keyslot[i] = -1;
	for (i = 0; i < nkeys; i++)
	{
		keyslot[idx[i]] = i;
		fac[i] = 1.0;
	}

	for (i = 0; i < nkeys; i++)
	{
		StoryTermEnt *ent = storyterms_lookup(st->index, keys[i]);
		const StoryTerm *t;
		int64		nstories = 0;
		uint32		mask;
		int			j;

		if (ent == NULL)
			continue;
		t = &st->terms[ent->slot];
		story_sset_reserve(st, t->n);
		mask = (uint32) st->scap - 1;
		for (j = t->start; j < t->start + t->n; j++)
		{
			/* slot = sequence number - that of members[0], mod 2^32 */
			int			p = (int) (uint32) (t->posts[j] - s0);
			int64		sid = st->members[p].story;
			uint32		h = (uint32) (((uint64) sid * UINT64CONST(0x9E3779B97F4A7C15)) >> 32) & mask;

			seen[p] = true;
			lo = Min(lo, p);
			hi = Max(hi, p);
			/* count the distinct stories on this list (linear probing) */
			while (st->sstamp[h] == st->stamp && st->sset[h] != sid)
				h = (h + 1) & mask;
			if (st->sstamp[h] != st->stamp)
			{
				st->sstamp[h] = st->stamp;
				st->sset[h] = sid;
				nstories++;
			}
		}
		fac[i] = story_spread_weight(nstories);
	}

	/* later members first, so that ties keep the later one */
	for (k = hi; k >= lo; k--)
	{
		StoryMember *m;
		double		bar;
		double		sim;

		if (!seen[k])
			continue;
		seen[k] = false;
		CHECK_FOR_INTERRUPTS();
		m = &st->members[k];
		bar = story_bar(threshold, ts - m->ts, gap);
		if (bar > 1)
			continue;			/* beyond max_gap (cannot happen after expire) */
		sim = story_overlap_spread(story_overlap_parts(NV_ENTRIES(vec), vec->nterms,
													   keyslot, nkeys,
													   NV_ENTRIES(m->vec),
													   m->vec->nterms, parts),
								   parts, fac, nkeys, mass, m->mass);
		if (sim >= bar && sim - bar > bestmargin)
		{
			bestmargin = sim - bar;
			story = m->story;
		}
	}
	return story;
}

/*
 * news_story
 *		The window function: the story id of the current row (see the file
 *		header); the state lives in partition-local memory.
 */
Datum
news_story(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	StoryState **slot;
	StoryState *st;
	int64		pos = WinGetCurrentPosition(winobj);
	bool		isnull;
	Datum		d;
	NewsVector *vec;
	TimestampTz ts;
	double		threshold = NEWS_STORY_DEFAULT_THRESHOLD;
	int64		gap = 7 * USECS_PER_DAY;
	int64		story;
	StoryMember *m;
	int			idx[NEWS_STORY_KEY_TERMS];
	uint32		keys[NEWS_STORY_KEY_TERMS];
	int			nkeys;
	int			i;

	/* the parameters: constants in practice, checked on every row */
	if (PG_NARGS() >= 3)
	{
		d = WinGetFuncArgCurrent(winobj, 2, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("threshold must not be NULL")));
		threshold = DatumGetFloat8(d);
		check_threshold(threshold);
	}
	if (PG_NARGS() >= 4)
	{
		d = WinGetFuncArgCurrent(winobj, 3, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("max_gap must not be NULL")));
		gap = gap_usecs(DatumGetIntervalP(d));
	}

	slot = (StoryState **) WinGetPartitionLocalMemory(winobj, sizeof(StoryState *));
	if (*slot == NULL)
	{
		MemoryContext pcxt = GetMemoryChunkContext(slot);

		st = MemoryContextAllocZero(pcxt, sizeof(StoryState));
		st->cxt = AllocSetContextCreate(pcxt, "news_story state",
										ALLOCSET_DEFAULT_SIZES);
		st->max = 64;
		st->members = MemoryContextAlloc(st->cxt, sizeof(StoryMember) * st->max);
		st->seen = MemoryContextAllocZero(st->cxt, sizeof(bool) * st->max);
		st->scap = 64;
		st->sset = MemoryContextAlloc(st->cxt, sizeof(int64) * st->scap);
		st->sstamp = MemoryContextAllocZero(st->cxt, sizeof(uint32) * st->scap);
		st->stamp = 0;
		st->keyslotcap = 64;
		st->keyslot = MemoryContextAlloc(st->cxt, sizeof(int) * st->keyslotcap);
		st->index = storyterms_create(st->cxt, 1024, NULL);
		st->nslots = 1024;
		st->terms = MemoryContextAlloc(st->cxt, sizeof(StoryTerm) * st->nslots);
		for (i = 0; i < st->nslots; i++)
			st->terms[i].next = (i + 1 < st->nslots) ? i + 1 : -1;
		st->freeslot = 0;
		st->nextstory = 1;
		st->lastpos = -1;
		*slot = st;
	}
	st = *slot;

	/* the executor calls us once per row in order; anything else is a bug */
	if (pos != st->lastpos + 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("news_story must see every row of its partition in order")));
	st->lastpos = pos;

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		PG_RETURN_NULL();		/* no time, no story */
	ts = DatumGetTimestampTz(d);
	check_finite(ts, "news_story");
	if (st->havets && ts < st->lastts)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("news_story needs its rows in time order"),
				 errhint("Use OVER (ORDER BY ts, id) with the same ts as the function's argument.")));
	st->lastts = ts;
	st->havets = true;

	d = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		PG_RETURN_NULL();		/* no text, no story */

	expire(st, ts, gap);

	vec = (NewsVector *) PG_DETOAST_DATUM(d);
	nkeys = story_key_terms(vec, idx);
	for (i = 0; i < nkeys; i++)
		keys[i] = NV_ENTRIES(vec)[idx[i]].hash;
	story = best_story(st, vec, idx, keys, nkeys, ts, threshold, gap);
	if (story == 0)
		story = st->nextstory++;

	/* remember this article: its vector and its postings */
	if (st->n == st->max)
	{
		st->max *= 2;
		st->members = repalloc(st->members, sizeof(StoryMember) * st->max);
		st->seen = repalloc(st->seen, sizeof(bool) * st->max);
		memset(st->seen + st->n, 0, sizeof(bool) * (st->max - st->n));
	}
	m = &st->members[st->n];
	m->ts = ts;
	m->story = story;
	m->vec = MemoryContextAlloc(st->cxt, VARSIZE_ANY(vec));
	memcpy(m->vec, vec, VARSIZE_ANY(vec));
	m->mass = story_mass(NV_ENTRIES(vec), vec->nterms);
	m->nkeys = nkeys;
	memcpy(m->keys, keys, sizeof(uint32) * nkeys);
	add_keys(st, m, st->seq0 + st->n);
	st->n++;

	PG_RETURN_INT64(story);
}

/*
 * The state of news_story_choose(): the new article (its vector, time,
 * key terms, the parameters) and, per stored candidate within max_gap,
 * what scoring it needs once the spread weights are known: its
 * story_overlap_parts(), its total weight, time and story, and which key
 * terms of the new article are key terms of its own.  No candidate vector
 * is kept, so the state is small (and needs no fresh memory per call).
 */
typedef struct StoryChoice
{
	NewsVector *vec;			/* the new article */
	TimestampTz ts;
	double		threshold;
	int64		gap;
	double		mass;			/* story_mass() of vec */
	int			nkeys;
	uint32		keys[NEWS_STORY_KEY_TERMS]; /* its key terms' hashes */
	int		   *keyslot;		/* per entry of vec: key index or -1 */
	int			n;				/* candidates within max_gap */
	int			max;
	double	   *cbase;			/* story_overlap_parts() result */
	double	   *cparts;			/* and its parts, nkeys per candidate */
	double	   *cmass;
	TimestampTz *cts;
	int64	   *cstory;
	bool	   *cnull;			/* story is NULL */
	uint32	   *cbits;			/* bit k: key term k is among its own */
} StoryChoice;

/*
 * news_story_choose_trans
 *		news_story_choose(cand_vec, cand_ts, cand_story, vec, ts, threshold,
 *		max_gap) transition: the first row fixes the new article (vec ..
 *		max_gap, the same on every row); each row with a vector and a time
 *		within max_gap before ts is a candidate: its overlap parts, and the
 *		key terms of vec among its own (story_key_terms() of its vector,
 *		what its stored keys hold: reading those would cost a TOAST fetch
 *		per row).
 */
Datum
news_story_choose_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	MemoryContext old;
	StoryChoice *sc;
	NewsVector *cv;
	TimestampTz cts;
	int			cidx[NEWS_STORY_KEY_TERMS];
	int			nc;
	uint32		bits = 0;
	int			i;
	int			k;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "news_story_choose_trans called in non-aggregate context");

	if (PG_ARGISNULL(0))
	{
		NewsVector *vec;
		int			idx[NEWS_STORY_KEY_TERMS];

		if (PG_ARGISNULL(4) || PG_ARGISNULL(5) || PG_ARGISNULL(6) || PG_ARGISNULL(7))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("vec, ts, threshold and max_gap of news_story_choose must not be NULL")));
		vec = (NewsVector *) PG_GETARG_VARLENA_P(4);
		old = MemoryContextSwitchTo(aggcxt);
		sc = palloc0(sizeof(StoryChoice));
		sc->vec = palloc(VARSIZE_ANY(vec));
		memcpy(sc->vec, vec, VARSIZE_ANY(vec));
		sc->ts = PG_GETARG_TIMESTAMPTZ(5);
		check_finite(sc->ts, "news_story_choose");
		sc->threshold = PG_GETARG_FLOAT8(6);
		check_threshold(sc->threshold);
		sc->gap = gap_usecs(PG_GETARG_INTERVAL_P(7));
		sc->mass = story_mass(NV_ENTRIES(sc->vec), sc->vec->nterms);
		sc->nkeys = story_key_terms(sc->vec, idx);
		sc->keyslot = palloc(sizeof(int) * Max(sc->vec->nterms, 1));
		for (i = 0; i < (int) sc->vec->nterms; i++)
			sc->keyslot[i] = -1;
		for (i = 0; i < sc->nkeys; i++)
		{
			sc->keys[i] = NV_ENTRIES(sc->vec)[idx[i]].hash;
			sc->keyslot[idx[i]] = i;
		}
		sc->max = 64;
		sc->cbase = palloc(sizeof(double) * sc->max);
		sc->cparts = palloc(sizeof(double) * sc->max * NEWS_STORY_KEY_TERMS);
		sc->cmass = palloc(sizeof(double) * sc->max);
		sc->cts = palloc(sizeof(TimestampTz) * sc->max);
		sc->cstory = palloc(sizeof(int64) * sc->max);
		sc->cnull = palloc(sizeof(bool) * sc->max);
		sc->cbits = palloc(sizeof(uint32) * sc->max);
		MemoryContextSwitchTo(old);
	}
	else
		sc = (StoryChoice *) PG_GETARG_POINTER(0);

	/* a candidate without a vector or a time, or not within max_gap: none */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(sc);
	cts = PG_GETARG_TIMESTAMPTZ(2);
	if (TIMESTAMP_NOT_FINITE(cts) || cts > sc->ts ||
		story_bar(sc->threshold, sc->ts - cts, sc->gap) > 1)
		PG_RETURN_POINTER(sc);

	if (sc->n == sc->max)
	{
		old = MemoryContextSwitchTo(aggcxt);
		sc->max *= 2;
		sc->cbase = repalloc(sc->cbase, sizeof(double) * sc->max);
		sc->cparts = repalloc(sc->cparts, sizeof(double) * sc->max * NEWS_STORY_KEY_TERMS);
		sc->cmass = repalloc(sc->cmass, sizeof(double) * sc->max);
		sc->cts = repalloc(sc->cts, sizeof(TimestampTz) * sc->max);
		sc->cstory = repalloc(sc->cstory, sizeof(int64) * sc->max);
		sc->cnull = repalloc(sc->cnull, sizeof(bool) * sc->max);
		sc->cbits = repalloc(sc->cbits, sizeof(uint32) * sc->max);
		MemoryContextSwitchTo(old);
	}
	/* detoasted in the per-row context: nothing of it outlives the row */
	cv = (NewsVector *) PG_GETARG_VARLENA_P(1);
	nc = story_key_terms(cv, cidx);
	for (k = 0; k < nc; k++)
		for (i = 0; i < sc->nkeys; i++)
			if (NV_ENTRIES(cv)[cidx[k]].hash == sc->keys[i])
				bits |= (uint32) 1 << i;
	sc->cbase[sc->n] = story_overlap_parts(NV_ENTRIES(sc->vec), sc->vec->nterms,
										   sc->keyslot, sc->nkeys,
										   NV_ENTRIES(cv), cv->nterms,
										   &sc->cparts[sc->n * NEWS_STORY_KEY_TERMS]);
	sc->cmass[sc->n] = story_mass(NV_ENTRIES(cv), cv->nterms);
	sc->cts[sc->n] = cts;
	sc->cnull[sc->n] = PG_ARGISNULL(3);
	sc->cstory[sc->n] = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3);
	sc->cbits[sc->n] = bits;
	sc->n++;
	PG_RETURN_POINTER(sc);
}

/* qsort comparator of int64 */
static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/*
 * news_story_choose_final
 *		The story of the candidate with the largest margin over its bar
 *		(ties: the later one), or NULL (no candidate clears its bar, or the
 *		winner's story is NULL): the window function's rule.  Each key
 *		term of the new article gets its spread weight from the distinct
 *		non-NULL stories of the candidates having it as a key term, the
 *		count the window function takes from its posting lists.
 */
Datum
news_story_choose_final(PG_FUNCTION_ARGS)
{
	StoryChoice *sc;
	double		fac[NEWS_STORY_KEY_TERMS];
	int64	   *buf;
	double		bestmargin = -1;
	int			best = -1;
	int			i;
	int			k;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	sc = (StoryChoice *) PG_GETARG_POINTER(0);
	if (sc->n == 0)
		PG_RETURN_NULL();

	buf = palloc(sizeof(int64) * sc->n);
	for (i = 0; i < sc->nkeys; i++)
	{
		int			m = 0;
		int64		nstories = 0;

		CHECK_FOR_INTERRUPTS();
		for (k = 0; k < sc->n; k++)
			if ((sc->cbits[k] & ((uint32) 1 << i)) && !sc->cnull[k])
				buf[m++] = sc->cstory[k];
		qsort(buf, m, sizeof(int64), cmp_int64);
		for (k = 0; k < m; k++)
			if (k == 0 || buf[k] != buf[k - 1])
				nstories++;
		fac[i] = story_spread_weight(nstories);
	}

	for (k = 0; k < sc->n; k++)
	{
		double		bar = story_bar(sc->threshold, sc->ts - sc->cts[k], sc->gap);
		double		sim;

		CHECK_FOR_INTERRUPTS();
		sim = story_overlap_spread(sc->cbase[k], &sc->cparts[k * NEWS_STORY_KEY_TERMS],
								   fac, sc->nkeys, sc->mass, sc->cmass[k]);
		if (sim >= bar &&
			(sim - bar > bestmargin ||
			 (sim - bar == bestmargin && sc->cts[k] > sc->cts[best])))
		{
			bestmargin = sim - bar;
			best = k;
		}
	}
	if (best < 0 || sc->cnull[best])
		PG_RETURN_NULL();
	PG_RETURN_INT64(sc->cstory[best]);
}
