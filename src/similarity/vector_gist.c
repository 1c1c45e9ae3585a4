/*-------------------------------------------------------------------------
 *
 * vector_gist.c
 *	  GiST operator class news_vector_gist_ops: index support for the
 *	  similarity operator % and the KNN ordering operator <-> of
 *	  news_vector.
 *
 * The keys and their bounds are described in vector_index.h; the pure
 * arithmetic lives in vector_index_core.c.  This file is the server glue:
 * compress (vector -> leaf key), union (-> signature), penalty, picksplit
 * (two-seed clustering by cosine), consistent (bound >= threshold) and
 * distance (1 - bound, a lower bound of the exact distance, so leaf
 * results are rechecked by the executor against the heap value).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/gist.h"
#include "access/reloptions.h"
#include "access/stratnum.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "similarity/news_vector.h"
#include "similarity/vector_index.h"

/* opclass options (siglen) */
typedef struct NviOptions
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int			siglen;			/* signature length in bytes */
} NviOptions;

#define NVI_GET_SIGLEN() \
	(PG_HAS_OPCLASS_OPTIONS() ? \
	 ((NviOptions *) PG_GET_OPCLASS_OPTIONS())->siglen : NVI_SIGLEN_DEFAULT)

/* the query of a scan, prepared once and kept in fn_extra */
typedef struct NviQueryCache
{
	Size		rawlen;			/* size of the query datum as passed */
	char	   *raw;			/* copy of it, to recognise the same query */
	NviQuery	q;
} NviQueryCache;

PG_FUNCTION_INFO_V1(nv_gist_key_in);
PG_FUNCTION_INFO_V1(nv_gist_key_out);
PG_FUNCTION_INFO_V1(nv_gist_options);
PG_FUNCTION_INFO_V1(nv_gist_compress);
PG_FUNCTION_INFO_V1(nv_gist_decompress);
PG_FUNCTION_INFO_V1(nv_gist_consistent);
PG_FUNCTION_INFO_V1(nv_gist_distance);
PG_FUNCTION_INFO_V1(nv_gist_union);
PG_FUNCTION_INFO_V1(nv_gist_penalty);
PG_FUNCTION_INFO_V1(nv_gist_picksplit);
PG_FUNCTION_INFO_V1(nv_gist_same);

/*
 * nv_gist_key_in
 *	  The key type exists only inside indexes; it has no text input.
 */
Datum
nv_gist_key_in(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("cannot accept a value of type news_vector_gist_key"),
			 errhint("The type holds GiST index keys of news_vector only.")));
	PG_RETURN_VOID();			/* keep compiler quiet */
}

/*
 * nv_gist_key_out
 *	  A short description of a key (for pageinspect and debugging).
 */
Datum
nv_gist_key_out(PG_FUNCTION_ARGS)
{
	NviKey	   *key = (NviKey *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));

	if (key->kind == NVI_KIND_LEAF)
		PG_RETURN_CSTRING(psprintf("leaf(%u slots of %u bits)",
								   (unsigned) key->n, (unsigned) key->bits));
	PG_RETURN_CSTRING(psprintf("signature(%u buckets)", (unsigned) key->n));
}

/*
 * nv_gist_options
 *	  Opclass option siglen: the length of inner-page signatures.
 */
Datum
nv_gist_options(PG_FUNCTION_ARGS)
{
	local_relopts *relopts = (local_relopts *) PG_GETARG_POINTER(0);

	init_local_reloptions(relopts, sizeof(NviOptions));
	add_local_int_reloption(relopts, "siglen",
							"signature length in bytes (buckets of inner keys)",
							NVI_SIGLEN_DEFAULT, NVI_SIGLEN_MIN, NVI_SIGLEN_MAX,
							offsetof(NviOptions, siglen));
	PG_RETURN_VOID();
}

/*
 * nvi_make_leaf
 *	  Leaf key of a (detoasted) vector.
 */
NviKey *
nvi_make_leaf(const NewsVector *v)
{
	int			bits;
	uint32		nslots;
	NviKey	   *key;

	news_vector_check(v);
	nslots = nvi_leaf_plan(NV_ENTRIES(v), v->nterms, &bits);
	key = palloc0(NVI_LEAF_SIZE(nslots));
	SET_VARSIZE(key, NVI_LEAF_SIZE(nslots));
	nvi_leaf_fill(key, NV_ENTRIES(v), v->nterms, bits, nslots);
	return key;
}

/*
 * nvi_new_sign
 *	  An empty (all-zero) signature key.
 */
static NviKey *
nvi_new_sign(int siglen)
{
	NviKey	   *key = palloc0(NVI_SIGN_SIZE(siglen));

	SET_VARSIZE(key, NVI_SIGN_SIZE(siglen));
	key->kind = NVI_KIND_SIGN;
	key->n = (uint16) siglen;
	return key;
}

/*
 * nvi_add_key
 *	  Raise signature `sig` to cover key `k` of either kind.  A signature
 *	  of another length (an index whose siglen changed cannot exist, but
 *	  be safe) is refused.
 */
static void
nvi_add_key(NviKey *sig, const NviKey *k)
{
	if (k->kind == NVI_KIND_LEAF)
		nvi_sign_add_leaf(NVI_SIGN_W(sig), sig->n, k);
	else if (k->kind == NVI_KIND_SIGN && k->n == sig->n)
		nvi_sign_add_sign(NVI_SIGN_W(sig), NVI_SIGN_W(k), sig->n);
	else
		ereport(ERROR,
				(errcode(ERRCODE_INDEX_CORRUPTED),
				 errmsg("news_vector GiST key of unexpected kind %d or length %d",
						k->kind, k->n)));
}

/*
 * nvi_union_keys
 *	  The key of a subtree: a slot list when every input is one and their
 *	  union has at most NVI_UNION_MAX_SLOTS slots (near-exact bounds), a
 *	  signature of siglen buckets otherwise.
 */
static NviKey *
nvi_union_keys(NviKey **keys, int n, int siglen)
{
	bool		all_slots = true;
	NviKey	   *sig;

	for (int i = 0; i < n; i++)
		if (keys[i]->kind != NVI_KIND_LEAF)
			all_slots = false;
	if (all_slots)
	{
		NviKey	   *out = palloc0(NVI_LEAF_SIZE(NVI_UNION_MAX_SLOTS));
		int			count = nvi_slots_union((const NviKey *const *) keys, n,
											NVI_UNION_MAX_SLOTS, out);

		if (count >= 0)
		{
			SET_VARSIZE(out, NVI_LEAF_SIZE(count));
			return out;
		}
		pfree(out);
	}
	sig = nvi_new_sign(siglen);
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		nvi_add_key(sig, keys[i]);
	}
	return sig;
}

/*
 * nv_gist_compress
 *	  Leaf values (news_vector) become leaf keys; inner keys pass as they
 *	  are.
 */
Datum
nv_gist_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *retval;
	NewsVector *v;
	NviKey	   *key;

	if (!entry->leafkey)
		PG_RETURN_POINTER(entry);

	v = (NewsVector *) PG_DETOAST_DATUM(entry->key);
	key = nvi_make_leaf(v);
	if ((Pointer) v != DatumGetPointer(entry->key))
		pfree(v);

	retval = palloc(sizeof(GISTENTRY));
	gistentryinit(*retval, PointerGetDatum(key), entry->rel, entry->page,
				  entry->offset, false);
	PG_RETURN_POINTER(retval);
}

/*
 * nv_gist_decompress
 *	  Detoast a key if index_form_tuple compressed it.
 */
Datum
nv_gist_decompress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	Pointer		key = (Pointer) PG_DETOAST_DATUM(entry->key);
	GISTENTRY  *retval;

	if (key == DatumGetPointer(entry->key))
		PG_RETURN_POINTER(entry);
	retval = palloc(sizeof(GISTENTRY));
	gistentryinit(*retval, PointerGetDatum(key), entry->rel, entry->page,
				  entry->offset, false);
	PG_RETURN_POINTER(retval);
}

/*
 * nvi_get_query
 *	  The prepared query of this scan: built on the first call and whenever
 *	  the query datum changes (the same FmgrInfo serves a rescan).
 */
NviQuery *
nvi_get_query(FunctionCallInfo fcinfo)
{
	Datum		d = PG_GETARG_DATUM(1);
	Size		rawlen = VARSIZE_ANY(DatumGetPointer(d));
	NviQueryCache *cache = (NviQueryCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	NewsVector *v;

	if (cache != NULL && cache->rawlen == rawlen &&
		memcmp(cache->raw, DatumGetPointer(d), rawlen) == 0)
		return &cache->q;

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (cache != NULL)
	{
		nvi_query_free(&cache->q);
		pfree(cache->raw);
	}
	else
		cache = palloc0(sizeof(NviQueryCache));
	cache->rawlen = rawlen;
	cache->raw = palloc(rawlen);
	memcpy(cache->raw, DatumGetPointer(d), rawlen);
	v = (NewsVector *) PG_DETOAST_DATUM(d);
	news_vector_check(v);
	nvi_query_prepare(&cache->q, NV_ENTRIES(v), v->nterms);
	if ((Pointer) v != DatumGetPointer(d))
		pfree(v);
	fcinfo->flinfo->fn_extra = cache;
	MemoryContextSwitchTo(old);
	return &cache->q;
}

/*
 * nvi_bound
 *	  Upper bound of the similarity of the query and anything below key.
 */
static double
nvi_bound(NviQuery *q, const NviKey *key)
{
	if (key->kind == NVI_KIND_LEAF)
		return nvi_bound_leaf(q, key);
	if (key->kind == NVI_KIND_SIGN && key->n > 0)
		return nvi_bound_sign(q, NVI_SIGN_W(key), key->n);
	ereport(ERROR,
			(errcode(ERRCODE_INDEX_CORRUPTED),
			 errmsg("news_vector GiST key of unexpected kind %d", key->kind)));
	return 1.0;					/* keep compiler quiet */
}

/*
 * nv_gist_consistent
 *	  a % q may hold below this key iff the similarity bound reaches the
 *	  threshold.  Always lossy: the executor rechecks with the operator.
 */
Datum
nv_gist_consistent(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	NviKey	   *key = (NviKey *) DatumGetPointer(entry->key);
	NviQuery   *q;

	if (strategy != NVI_STRATEGY_SIMILAR)
		elog(ERROR, "unrecognized news_vector GiST strategy number: %d",
			 strategy);
	*recheck = true;
	q = nvi_get_query(fcinfo);
	PG_RETURN_BOOL(nvi_bound(q, key) >= news_similarity_threshold);
}

/*
 * nv_gist_distance
 *	  1 - bound: a lower bound of a <-> q below this key.  Leaf distances
 *	  are inexact (quantized weights, 16-bit slots), so they are rechecked.
 */
Datum
nv_gist_distance(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	NviKey	   *key = (NviKey *) DatumGetPointer(entry->key);
	NviQuery   *q;

	if (strategy != NVI_STRATEGY_DISTANCE)
		elog(ERROR, "unrecognized news_vector GiST strategy number: %d",
			 strategy);
	*recheck = true;
	q = nvi_get_query(fcinfo);
	PG_RETURN_FLOAT8(1.0 - nvi_bound(q, key));
}

/*
 * nv_gist_union
 *	  Signature covering all given keys.
 */
Datum
nv_gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	NviKey	  **keys = palloc(sizeof(NviKey *) * entryvec->n);
	NviKey	   *result;

	for (int i = 0; i < entryvec->n; i++)
		keys[i] = (NviKey *) DatumGetPointer(entryvec->vector[i].key);
	result = nvi_union_keys(keys, entryvec->n, NVI_GET_SIGLEN());
	pfree(keys);
	*size = VARSIZE(result);
	PG_RETURN_POINTER(result);
}

/*
 * nv_gist_penalty
 *	  Growth of the subtree's signature (added squared bucket weight) if the
 *	  new key went below it.
 */
Datum
nv_gist_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *origentry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *newentry = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	NviKey	   *orig = (NviKey *) DatumGetPointer(origentry->key);
	NviKey	   *add = (NviKey *) DatumGetPointer(newentry->key);
	int			siglen = NVI_GET_SIGLEN();
	NviKey	   *os = orig,
			   *ns = add;

	if (orig->kind == NVI_KIND_LEAF && add->kind == NVI_KIND_LEAF)
	{
		*penalty = (float) (1.0 - nvi_leaf_cosine(orig, add));
		PG_RETURN_POINTER(penalty);
	}
	if (orig->kind != NVI_KIND_SIGN || orig->n != siglen)
	{
		os = nvi_new_sign(siglen);
		nvi_add_key(os, orig);
	}
	if (add->kind != NVI_KIND_SIGN || add->n != siglen)
	{
		ns = nvi_new_sign(siglen);
		nvi_add_key(ns, add);
	}
	*penalty = (float) (1.0 - nvi_sign_cosine(NVI_SIGN_W(os), NVI_SIGN_W(ns), siglen));
	if (os != orig)
		pfree(os);
	if (ns != add)
		pfree(ns);
	PG_RETURN_POINTER(penalty);
}

/* one entry of a page being split, with its side preference */
typedef struct NviSplitItem
{
	OffsetNumber off;
	double		pref;			/* dist to left seed - dist to right seed */
} NviSplitItem;

static int
nvi_cmp_pref(const void *a, const void *b)
{
	double		x = ((const NviSplitItem *) a)->pref;
	double		y = ((const NviSplitItem *) b)->pref;

	return (x > y) - (x < y);
}

/*
 * nvi_dist
 *	  Dissimilarity of two entries of a page being split: 1 - cosine, of
 *	  the vectors for leaf pages and of the signatures for inner pages.
 */
static double
nvi_dist(NviKey **keys, NviKey **signs, int siglen, int a, int b)
{
	if (signs == NULL)
		return 1.0 - nvi_leaf_cosine(keys[a], keys[b]);
	return 1.0 - nvi_sign_cosine(NVI_SIGN_W(signs[a]), NVI_SIGN_W(signs[b]),
								 siglen);
}

/*
 * nv_gist_picksplit
 *	  Split a page in two clusters.  Seeds: two mutually far entries (from
 *	  the first entry to its farthest, and from there to its farthest).
 *	  Every entry is ranked by how much nearer it is to the left seed than
 *	  to the right one; the page is cut where the preference changes sign,
 *	  but no side gets less than a quarter of the entries, so the tree
 *	  stays balanced enough for GiST.
 */
Datum
nv_gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	int			siglen = NVI_GET_SIGLEN();
	OffsetNumber maxoff = entryvec->n - 1;
	int			n = maxoff - FirstOffsetNumber + 1;
	NviKey	  **keys = palloc(sizeof(NviKey *) * (maxoff + 1));
	NviKey	  **signs = NULL;
	NviSplitItem *items = palloc(sizeof(NviSplitItem) * n);
	bool		all_leaf = true;
	int			seed_l,
				seed_r,
				cut,
				lo,
				hi;
	double		best;
	NviKey	   *lsig,
			   *rsig;
	NviKey	  **side;

	for (OffsetNumber i = FirstOffsetNumber; i <= maxoff; i++)
	{
		keys[i] = (NviKey *) DatumGetPointer(entryvec->vector[i].key);
		if (keys[i]->kind != NVI_KIND_LEAF)
			all_leaf = false;
	}
	if (!all_leaf)
	{
		signs = palloc(sizeof(NviKey *) * (maxoff + 1));
		for (OffsetNumber i = FirstOffsetNumber; i <= maxoff; i++)
		{
			CHECK_FOR_INTERRUPTS();
			signs[i] = nvi_new_sign(siglen);
			nvi_add_key(signs[i], keys[i]);
		}
	}

	/* seeds: farthest from the first entry, then farthest from that one */
	seed_r = FirstOffsetNumber;
	best = -1.0;
	for (OffsetNumber i = FirstOffsetNumber; i <= maxoff; i++)
	{
		double		d = nvi_dist(keys, signs, siglen, FirstOffsetNumber, i);

		CHECK_FOR_INTERRUPTS();
		if (d > best)
		{
			best = d;
			seed_r = i;
		}
	}
	seed_l = FirstOffsetNumber;
	best = -1.0;
	for (OffsetNumber i = FirstOffsetNumber; i <= maxoff; i++)
	{
		double		d = nvi_dist(keys, signs, siglen, seed_r, i);

		CHECK_FOR_INTERRUPTS();
		if (i != seed_r && d > best)
		{
			best = d;
			seed_l = i;
		}
	}

	for (int k = 0; k < n; k++)
	{
		OffsetNumber i = FirstOffsetNumber + k;

		CHECK_FOR_INTERRUPTS();
		items[k].off = i;
		items[k].pref = nvi_dist(keys, signs, siglen, i, seed_l) -
			nvi_dist(keys, signs, siglen, i, seed_r);
		if (i == seed_l)
			items[k].pref = -HUGE_VAL;
		else if (i == seed_r)
			items[k].pref = HUGE_VAL;
	}
	qsort(items, n, sizeof(NviSplitItem), nvi_cmp_pref);

	/* cut where the preference turns to the right, within [n/4, n - n/4] */
	cut = 0;
	while (cut < n && items[cut].pref < 0.0)
		cut++;
	lo = Max(1, n / 4);
	hi = Min(n - 1, n - n / 4);
	cut = Max(cut, lo);
	cut = Min(cut, hi);

	v->spl_left = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_right = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_nleft = v->spl_nright = 0;
	side = palloc(sizeof(NviKey *) * n);
	for (int k = 0; k < n; k++)
	{
		OffsetNumber i = items[k].off;

		side[k] = keys[i];
		if (k < cut)
			v->spl_left[v->spl_nleft++] = i;
		else
			v->spl_right[v->spl_nright++] = i;
	}
	lsig = nvi_union_keys(side, cut, siglen);
	rsig = nvi_union_keys(side + cut, n - cut, siglen);
	v->spl_ldatum = PointerGetDatum(lsig);
	v->spl_rdatum = PointerGetDatum(rsig);
	PG_RETURN_POINTER(v);
}

/*
 * nv_gist_same
 *	  Byte-wise equality of two keys.
 */
Datum
nv_gist_same(PG_FUNCTION_ARGS)
{
	NviKey	   *a = (NviKey *) PG_GETARG_POINTER(0);
	NviKey	   *b = (NviKey *) PG_GETARG_POINTER(1);
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	*result = VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
	PG_RETURN_POINTER(result);
}
