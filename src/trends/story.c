/*-------------------------------------------------------------------------
 *
 * story.c
 *	  news_story(vec, ts [, threshold, max_gap]) OVER (ORDER BY ts, id):
 *	  online story clustering as a window function.
 *
 * Rows are taken in window order, which must be by time.  Each article
 * joins the story of its most similar earlier article (news_vector cosine,
 * news_vector_dot()) if that similarity clears a bar that rises with the
 * time between them:
 *
 *	  similarity >= threshold + (1 - threshold) * gap / max_gap
 *
 * so at gap 0 the bar is the threshold and at max_gap it is 1 (nothing
 * links).  Among the earlier articles the one with the largest margin
 * over its bar wins (ties: the later article).  Otherwise the article
 * starts a new story; story ids count from 1 in order of their first
 * article within the partition.
 *
 * Why a rising bar: stories in news are bursts; two headlines a week apart
 * need much more in common to be the same story than two an hour apart.
 * On the development half of OG2021 (test/bench/bench_story.py) the
 * rising bar with the defaults (0.25, 7 days) gives B-cubed F1 0.88,
 * against 0.81 for the best fixed threshold within 7 days.
 *
 * news_story_bar(earlier, ts, threshold, max_gap) is the bar as a scalar
 * function, for news_story_of() (the insert-time assignment in SQL): the
 * same arithmetic on the same doubles, so both agree.
 *
 * Memory: only articles younger than max_gap (relative to the current
 * row) are kept, with a copy of their vector; older ones can never link
 * again and are freed, so a story quiet for longer than max_gap is closed
 * and forgotten, and memory is bounded by the articles of one max_gap.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "windowapi.h"

#include "similarity/news_vector.h"
#include "trends/trends.h"

PG_FUNCTION_INFO_V1(news_story);
PG_FUNCTION_INFO_V1(news_story_bar);

/* one remembered article */
typedef struct StoryMember
{
	TimestampTz ts;
	int64		story;
	NewsVector *vec;			/* detoasted copy in the state's context */
	int32	   *slots;			/* the term slot of each of its entries */
	double		norm;			/* L2 norm of its stored weights (~1) */
} StoryMember;

/* one entry of a term's posting list: an open article and its weight */
typedef struct StoryPosting
{
	uint32		seq;			/* the article's sequence number, mod 2^32 */
	float		weight;			/* the term's weight in it */
} StoryPosting;

/*
 * The posting list of one term over the open articles, oldest first: the
 * live postings are posts[start .. start + n).  Articles are appended and
 * expire in time order, so the article expiring next is always the first
 * live posting of each of its terms.  An unused slot is on the free list
 * (next).
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
 * The terms of the open articles.  The keys are already well mixed term
 * hashes (news_term_hash ends with a MurmurHash3 finalizer).
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
	double	   *acc;			/* per member slot: dot product so far */
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

/* the L2 norm of a vector's stored weights (1 within float4 rounding) */
static double
vector_norm(const NewsVector *vec)
{
	double		sum = 0;
	uint32		i;

	for (i = 0; i < vec->nterms; i++)
		sum += (double) vec->entries[i].weight * vec->entries[i].weight;
	return sqrt(sum);
}

/*
 * term_slots
 *		Look up (or create) the posting list slot of every term of vec, in
 *		entry order, into slots[].  One hash probe per term serves both the
 *		query and the later insertion of the article; expiry uses the slots
 *		kept with the article and needs no probe.
 */
static void
term_slots(StoryState *st, const NewsVector *vec, int32 *slots)
{
	const NewsVectorEntry *e = NV_ENTRIES(vec);
	uint32		i;

	for (i = 0; i < vec->nterms; i++)
	{
		bool		found;
		StoryTermEnt *ent = storyterms_insert(st->index, e[i].hash, &found);

		if (!found)
		{
			StoryTerm  *t;

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
		slots[i] = ent->slot;
	}
}

/*
 * postings_drop_first
 *		Remove the first live posting (the article seq) from the posting
 *		list of every term of member m; a list left empty is freed and its
 *		term leaves the index, so the index only holds terms of open
 *		articles.
 */
static void
postings_drop_first(StoryState *st, const StoryMember *m, int64 seq)
{
	const NewsVectorEntry *e = NV_ENTRIES(m->vec);
	uint32		i;

	for (i = 0; i < m->vec->nterms; i++)
	{
		StoryTerm  *t = &st->terms[m->slots[i]];

		/* every term of an open article has its list; it starts with it */
		if (t->n == 0 || t->posts[t->start].seq != (uint32) seq)
			elog(ERROR, "news_story: posting list out of order");
		t->start++;
		t->n--;
		if (t->n == 0)
		{
			pfree(t->posts);
			t->posts = NULL;
			t->next = st->freeslot;
			st->freeslot = m->slots[i];
			storyterms_delete(st->index, e[i].hash);
		}
		else if (t->start >= 8 && t->start * 2 >= t->cap)
		{
			memmove(t->posts, t->posts + t->start, sizeof(StoryPosting) * t->n);
			t->start = 0;
		}
	}
}

/*
 * postings_add
 *		Append the article seq to the posting lists of member m's terms.
 */
static void
postings_add(StoryState *st, const StoryMember *m, int64 seq)
{
	const NewsVectorEntry *e = NV_ENTRIES(m->vec);
	uint32		i;

	for (i = 0; i < m->vec->nterms; i++)
	{
		StoryTerm  *t = &st->terms[m->slots[i]];

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
		t->posts[t->start + t->n].seq = (uint32) seq;
		t->posts[t->start + t->n].weight = e[i].weight;
		t->n++;
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
		postings_drop_first(st, &st->members[st->head], st->seq0 + st->head);
		pfree(st->members[st->head].vec);
		pfree(st->members[st->head].slots);
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
 * consider
 *		Score open member p against vec and keep it in (*story, *bestmargin)
 *		when it clears its bar by more than the best so far.  Callers visit
 *		members from the latest to the earliest, so ties keep the later one.
 */
static inline void
consider(StoryState *st, int p, const NewsVector *vec, TimestampTz ts,
		 double threshold, int64 gap, int64 *story, double *bestmargin)
{
	StoryMember *m = &st->members[p];
	double		bar = story_bar(threshold, ts - m->ts, gap);
	double		sim = news_vector_dot(vec, m->vec);

	if (sim >= bar && sim - bar > *bestmargin)
	{
		*bestmargin = sim - bar;
		*story = m->story;
	}
}

/*
 * best_story
 *		The story of the open member with the largest margin over its bar
 *		(0: none clears it), exactly as comparing vec with every open member
 *		would find it, but through the inverted index of the open members:
 *
 *		Walking the posting lists of vec's terms sums, for every open member
 *		sharing a term, the weight products over the shared terms: its dot
 *		product with vec.  Members sharing nothing have similarity 0 and are
 *		never visited.  A member whose sum (divided by the two norms) lies
 *		below its bar by more than float rounding cannot win; the others are
 *		scored exactly with news_vector_dot(), the function
 *		news_similarity() uses, so the result is the same as a full scan's
 *		and as news_story_of()'s.
 *
 *		The walk costs one multiply-add per shared (term, member) pair
 *		(postings are 8 bytes, read in order), against a merge of both whole
 *		term lists per member for the full scan.  With a threshold of 0 a member sharing nothing links at gap
 *		0, so then every open member is scored.
 */
static int64
best_story(StoryState *st, const NewsVector *vec, const int32 *slots,
		   TimestampTz ts, double threshold, int64 gap)
{
	const NewsVectorEntry *e = NV_ENTRIES(vec);
	uint32		nt = vec->nterms;
	int64		story = 0;
	double		bestmargin = -1;
	double		norm = 0;
	double	   *acc = st->acc;
	uint32		s0;
	uint32		i;
	int			k;

	if (threshold < 1e-6)
	{
		for (k = st->n - 1; k >= st->head; k--)
		{
			CHECK_FOR_INTERRUPTS();
			consider(st, k, vec, ts, threshold, gap, &story, &bestmargin);
		}
		return story;
	}

	/*
	 * Slot of a posting's article: its sequence number minus that of
	 * members[0], mod 2^32 (fewer than 2^31 articles are ever open).
	 */
	CHECK_FOR_INTERRUPTS();
	s0 = (uint32) st->seq0;
	for (i = 0; i < nt; i++)
	{
		const StoryTerm *t = &st->terms[slots[i]];
		const StoryPosting *post = t->posts + t->start;
		const StoryPosting *end = post + t->n;
		double		w = e[i].weight;

		norm += w * w;
		for (; post < end; post++)
			acc[(uint32) (post->seq - s0)] += w * post->weight;
	}
	norm = sqrt(norm);

	/*
	 * Members sharing a term have a positive sum; the later ones come first,
	 * so that ties keep the later one.  Every sum is reset for the next row.
	 */
	for (k = st->n - 1; k >= st->head; k--)
	{
		StoryMember *m;

		if (acc[k] == 0)
			continue;
		m = &st->members[k];
		/* the sum differs from news_vector_dot()'s only by rounding */
		if (acc[k] / (norm * m->norm) + 1e-6 >= story_bar(threshold, ts - m->ts, gap))
			consider(st, k, vec, ts, threshold, gap, &story, &bestmargin);
		acc[k] = 0;
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
	double		threshold = 0.25;
	int64		gap = 7 * USECS_PER_DAY;
	int64		story;
	int32	   *slots;
	int			i;
	MemoryContext old;

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
		st->acc = MemoryContextAllocZero(st->cxt, sizeof(double) * st->max);
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
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("news_story needs finite timestamps")));
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
	slots = MemoryContextAlloc(st->cxt, sizeof(int32) * Max(vec->nterms, 1));
	term_slots(st, vec, slots);
	story = best_story(st, vec, slots, ts, threshold, gap);
	if (story == 0)
		story = st->nextstory++;

	/* remember this article: its vector and its postings */
	old = MemoryContextSwitchTo(st->cxt);
	if (st->n == st->max)
	{
		st->max *= 2;
		st->members = repalloc(st->members, sizeof(StoryMember) * st->max);
		st->acc = repalloc(st->acc, sizeof(double) * st->max);
		memset(st->acc + st->n, 0, sizeof(double) * (st->max - st->n));
	}
	st->members[st->n].ts = ts;
	st->members[st->n].story = story;
	st->members[st->n].vec = palloc(VARSIZE_ANY(vec));
	memcpy(st->members[st->n].vec, vec, VARSIZE_ANY(vec));
	st->members[st->n].slots = slots;
	st->members[st->n].norm = vector_norm(vec);
	postings_add(st, &st->members[st->n], st->seq0 + st->n);
	st->n++;
	MemoryContextSwitchTo(old);

	PG_RETURN_INT64(story);
}
