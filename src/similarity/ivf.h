/*-------------------------------------------------------------------------
 *
 * ivf.h
 *	  Contract of the news_ivf index access method: an approximate
 *	  inverted-file (IVF) index for ORDER BY news_vector <-> news_vector.
 *
 * The build clusters a sample of the vectors with spherical k-means into
 * `lists` centroids (ivf_kmeans.c) and files every vector under its most
 * similar centroid.  A scan compares the query with every centroid, reads
 * lists in centroid order (GUC news_analytics.ivf_probes of them, or as
 * many as a per-query stopping rule decides at ivf_probes = 0, the
 * default; ivfscan.c) and returns their rows by exact distance.  Rows of
 * lists that are not read are never returned: the result is approximate
 * (recall < 1) unless all lists are read.
 *
 * Relation layout:
 *
 *	  block 0               meta page (IvfMetaPageData after the page header)
 *	  blocks 1 .. ndir      list directory pages: one item per list, an
 *	                        IvfListData (head/tail data block numbers and
 *	                        the list's centroid entries, sorted by hash)
 *	  further blocks        data pages; each list is a chain of them
 *	                        (IvfPageOpaque.nextblkno), items are IvfTuples
 *
 * Every list has at least one data page from the build on, so a list's
 * head block never changes; its tail moves when an insert adds a page.
 * Centroids never change after the build (REINDEX recomputes them).
 *
 * An index tuple holds the heap TID and the vector's entries without the
 * term strings, each packed into 32 bits (IVF_TUPLE_COMPACT): the upper
 * 24 bits of the hash and an 8-bit code of the weight rounded up on a
 * logarithmic scale (ivf_weight_code(); steps of 2^(1/16), 4.4 %).  A scan
 * therefore computes an upper bound of the similarity (a code is never
 * below its weight, and a 24-bit match is a superset of the 32-bit ones),
 * i.e. a lower bound of the distance, and the executor rechecks every row
 * it returns against the heap value.  Tuples of indexes built before
 * (flags without IVF_TUPLE_COMPACT) hold plain (hash, weight) entries and
 * are still read.  A vector with more entries than fit on a page
 * (IVF_MAX_TUPLE_TERMS; only when news_analytics.vector_max_terms is
 * raised above it) keeps its heaviest entries plus the L2 norm of the
 * dropped ones (residual), which is added to the bound.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IVF_H
#define IVF_H

#include <stddef.h>
#include <stdint.h>

#include "common/na_alloc.h"
#include "similarity/news_vector.h"

/* strategy number of news_vector_ivf_ops: a <-> b (ordering, KNN) */
#define IVF_STRATEGY_DISTANCE	1

/* reloption lists: -1 (default) = chosen from the number of rows */
#define IVF_LISTS_AUTO			(-1)
#define IVF_MIN_LISTS			1
#define IVF_MAX_LISTS			32768

/*
 * news_analytics.ivf_probes: 0 (the default) lets every scan choose how
 * many lists to read by the stopping rule of ivfscan.c, whose settings
 * are the other GUCs (defaults chosen by measurement, see
 * test/bench/bench_ivf.py); a positive value reads that many lists.
 */
#define IVF_DEFAULT_PROBES		0
#define IVF_DEFAULT_MAX_PROBES	32
#define IVF_DEFAULT_STOP_RATIO	0.5
#define IVF_DEFAULT_STOP_KTH	0.15
#define IVF_DEFAULT_STOP_PATIENCE 0
/* the rows whose changes the stopping rule watches (a usual LIMIT) */
#define IVF_STOP_K				10
/* lists the planner assumes an automatic scan reads */
#define IVF_AUTO_COST_PROBES	3

/* k-means: samples per list, iterations, centroid size */
#define IVF_SAMPLES_PER_LIST	50
#define IVF_KMEANS_ITERATIONS	10
#define IVF_CENTROID_TERMS		200
/* a sample keeps at most this many heaviest entries (bounds build memory) */
#define IVF_SAMPLE_TERMS		128
/* fixed seed: builds are deterministic for the same heap order */
#define IVF_KMEANS_SEED			UINT64_C(0x6e65777369766621)

/* k-means result: k centroids, each sorted by hash and L2-normalized */
typedef struct IvfCentroids
{
	uint32_t	k;
	uint32_t   *len;			/* entries of centroid c */
	NewsVectorEntry **e;		/* entries of centroid c */
} IvfCentroids;

/* inverted index of the centroids' terms (nearest-centroid search) */
typedef struct IvfCentroidIndex IvfCentroidIndex;

/* called between units of work; the server passes CHECK_FOR_INTERRUPTS */
typedef void (*IvfInterruptFn) (void);

/*
 * Pure functions (ivf_kmeans.c, no server dependency).
 */

/* deterministic 64-bit PRNG (splitmix64) */
extern uint64_t ivf_random(uint64_t *state);

/*
 * Copy the at most `max` heaviest entries of e[0..n-1] into out (sorted by
 * hash; ties in weight keep the smaller hash); returns the count and sets
 * *residual to the L2 norm of the dropped weights.  out needs
 * min(n, max) entries.
 */
extern uint32_t ivf_top_entries(const NewsVectorEntry *e, uint32_t n,
								uint32_t max, NewsVectorEntry *out,
								double *residual);

/* scale weights to unit L2 norm (no-op for an all-zero array) */
extern void ivf_normalize(NewsVectorEntry *e, uint32_t n);

/*
 * Spherical k-means of nsamples sparse vectors into min(k, nsamples)
 * (at least 1) centroids: random distinct samples as seeds, `iterations`
 * rounds of assignment (through the centroid inverted index) and update
 * (normalized mean, pruned to its `maxterms` heaviest terms).  An empty
 * cluster is reseeded with the sample worst served by its centroid.
 */
extern void ivf_kmeans(const NewsVectorEntry *const *vecs, const uint32_t *lens,
					   uint32_t nsamples, uint32_t k, uint32_t maxterms,
					   int iterations, uint64_t seed, IvfInterruptFn interrupt,
					   IvfCentroids *out);
extern void ivf_centroids_free(IvfCentroids *c);

extern IvfCentroidIndex *ivf_cindex_build(const IvfCentroids *c);
extern void ivf_cindex_free(IvfCentroidIndex *ci);

/*
 * The centroid most similar to e[0..n-1] (dot product; ties and vectors
 * sharing no term with any centroid give the smallest number); *sim gets
 * the similarity when not NULL.
 */
extern uint32_t ivf_cindex_nearest(IvfCentroidIndex *ci, const NewsVectorEntry *e,
								   uint32_t n, double *sim);

/*
 * The server side: page layout and the functions shared by the lifecycle
 * files (ivf.c, ivfbuild.c, ivfinsert.c, ivfscan.c, ivfvacuum.c,
 * ivfutils.c), which include postgres.h first.  Only they see it: the
 * pure core (ivf_kmeans.c) includes no postgres.h (see src/README.md).
 */
#ifdef POSTGRES_H

#include "access/amapi.h"
#include "common/pg_compat.h"
#include "access/genam.h"
#include "common/relpath.h"
#include "storage/block.h"
#include "storage/buf.h"
#include "storage/bufpage.h"
#include "storage/itemptr.h"
#include "utils/relcache.h"

#define IVF_MAGIC				0x4e495646	/* "NIVF" */
#define IVF_VERSION				1
#define IVF_METAPAGE_BLKNO		0
#define IVF_DIR_START_BLKNO		1

/* special space of every page */
typedef struct IvfPageOpaqueData
{
	BlockNumber nextblkno;		/* next page of the list / directory */
	uint16		flags;			/* IVF_PAGE_* */
	uint16		page_id;		/* IVF_PAGE_ID, for pg_filedump */
} IvfPageOpaqueData;

typedef IvfPageOpaqueData *IvfPageOpaque;

#define IVF_PAGE_META			1
#define IVF_PAGE_DIR			2
#define IVF_PAGE_DATA			4
#define IVF_PAGE_ID				0xFF8A

#define IvfPageGetOpaque(page)	((IvfPageOpaque) PageGetSpecialPointer(page))

/* meta page contents */
typedef struct IvfMetaPageData
{
	uint32		magic;
	uint32		version;
	uint32		nlists;			/* lists (centroids) in the directory */
	uint32		ndirpages;		/* directory pages, blocks 1 .. ndirpages */
} IvfMetaPageData;

#define IvfPageGetMeta(page)	((IvfMetaPageData *) PageGetContents(page))

/* one directory item: a list and its centroid */
typedef struct IvfListData
{
	BlockNumber head;			/* first data page (fixed after build) */
	BlockNumber tail;			/* last data page (inserts append here) */
	uint32		nterms;			/* centroid entries */
	NewsVectorEntry centroid[FLEXIBLE_ARRAY_MEMBER];
} IvfListData;

#define IVF_LIST_SIZE(n)	(offsetof(IvfListData, centroid) + (Size) (n) * sizeof(NewsVectorEntry))

/* one data item: a heap row's vector */
typedef struct IvfTupleData
{
	ItemPointerData tid;		/* heap row */
	uint16		nterms;			/* entries stored */
	uint16		flags;			/* IVF_TUPLE_* */
	float4		residual;		/* L2 norm of dropped weights (truncated) */
	/* compact: uint32 packed[nterms]; otherwise NewsVectorEntry[nterms] */
	NewsVectorEntry entries[FLEXIBLE_ARRAY_MEMBER];
} IvfTupleData;

typedef IvfTupleData *IvfTuple;

#define IVF_TUPLE_TRUNCATED		0x0001
#define IVF_TUPLE_COMPACT		0x0002
#define IVF_TUPLE_SIZE(n)	(offsetof(IvfTupleData, entries) + (Size) (n) * sizeof(NewsVectorEntry))
#define IVF_COMPACT_TUPLE_SIZE(n)	(offsetof(IvfTupleData, entries) + (Size) (n) * sizeof(uint32))
#define IvfTupleGetPacked(t)	((uint32 *) (t)->entries)

/* a packed entry: hash bits 31..8 and the weight code */
#define IVF_PACKED_HASH_MASK	0xFFFFFF00u
#define IVF_PACK(hash, code)	(((hash) & IVF_PACKED_HASH_MASK) | (uint32) (code))
/* weight codes: code c stands for 2^(-c / IVF_CODE_STEPS) */
#define IVF_CODE_STEPS			16
#define IVF_NCODES				256

/* the most entries a compact index tuple holds: one tuple must fit on a page */
#define IVF_MAX_TUPLE_TERMS \
	((BLCKSZ - MAXALIGN(SizeOfPageHeaderData) - MAXALIGN(sizeof(IvfPageOpaqueData)) \
	  - sizeof(ItemIdData) - MAXALIGN(offsetof(IvfTupleData, entries)) - MAXIMUM_ALIGNOF) \
	 / sizeof(uint32))

/*
 * Build phases, reported as PROGRESS_CREATEIDX_SUBPHASE of
 * pg_stat_progress_create_index and named by ivf.c (1 is the core's
 * PROGRESS_CREATEIDX_SUBPHASE_INITIALIZE).  The phases run in this order;
 * "assigning tuples" and "writing lists" count tuples_done up to
 * tuples_total, the number of non-NULL vectors (ivfbuild.c).
 */
#define IVF_PHASE_SAMPLE		2	/* heap scan 1: reservoir sample */
#define IVF_PHASE_KMEANS		3	/* k-means of the sample */
#define IVF_PHASE_ASSIGN		4	/* heap scan 2: nearest centroid */
#define IVF_PHASE_SORT			5	/* tuplesort by list */
#define IVF_PHASE_WRITE			6	/* meta, directory and data pages */
#define IVF_PHASE_WAL			7	/* log_newpage_range of the index */

/* reloptions */
typedef struct IvfOptions
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int			lists;			/* IVF_LISTS_AUTO or 1 .. IVF_MAX_LISTS */
} IvfOptions;

/*
 * The directory as read once per relcache entry (rd_amcache): centroids
 * and head blocks never change after the build, so they can be cached;
 * tails are always read from the page.
 */
typedef struct IvfDirectory
{
	uint32		nlists;
	BlockNumber *head;
	ItemPointerData *item;		/* where list i's IvfListData lies */
	IvfCentroids centroids;
} IvfDirectory;

/* the GUCs news_analytics.ivf_* (similarity_guc.c) */
extern int	news_ivf_probes;
extern int	news_ivf_max_probes;
extern double news_ivf_stop_ratio;
extern double news_ivf_stop_kth;
extern int	news_ivf_stop_patience;

/* ivf.c */
extern void news_ivf_init(void);
extern int	ivf_default_lists(double rows);
extern int	ivf_get_lists_option(Relation index);

/* ivfutils.c */
extern void ivf_init_page(Page page, uint16 flags);
extern Buffer ivf_new_buffer(Relation index, ForkNumber fork);
extern Buffer ivf_read_data_page(Relation index, BlockNumber blkno,
								 int lockmode, BufferAccessStrategy strategy);
extern IvfDirectory *ivf_get_directory(Relation index);
extern uint32 ivf_nearest_list(IvfDirectory *dir, const NewsVectorEntry *e,
							   uint32 n);
extern IvfTuple ivf_form_tuple(const NewsVector *v, ItemPointer tid, Size *size);
extern float4 ivf_code_weight(int code);
extern int	ivf_weight_code(float4 w);

/* ivfbuild.c */
extern IndexBuildResult *ivfbuild(Relation heap, Relation index,
								  struct IndexInfo *indexInfo);
extern void ivfbuildempty(Relation index);

/* ivfinsert.c */
extern bool ivfinsert(Relation index, Datum *values, bool *isnull,
					  ItemPointer heap_tid, Relation heap,
					  IndexUniqueCheck checkUnique, bool indexUnchanged,
					  struct IndexInfo *indexInfo);

/* ivfscan.c */
extern IndexScanDesc ivfbeginscan(Relation index, int nkeys, int norderbys);
extern void ivfrescan(IndexScanDesc scan, ScanKey keys, int nkeys,
					  ScanKey orderbys, int norderbys);
extern bool ivfgettuple(IndexScanDesc scan, ScanDirection dir);
extern void ivfendscan(IndexScanDesc scan);

/* ivfvacuum.c */
extern IndexBulkDeleteResult *ivfbulkdelete(IndexVacuumInfo *info,
											IndexBulkDeleteResult *stats,
											IndexBulkDeleteCallback callback,
											void *callback_state);
extern IndexBulkDeleteResult *ivfvacuumcleanup(IndexVacuumInfo *info,
											   IndexBulkDeleteResult *stats);

#endif							/* POSTGRES_H */

#endif							/* IVF_H */
