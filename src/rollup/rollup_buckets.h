/*-------------------------------------------------------------------------
 *
 * rollup_buckets.h
 *	  Pure C calendar arithmetic of the news_rollup aggregate (no server
 *	  headers): local hour numbers, civil dates, bucket keys of every
 *	  granularity, and the variable-length integer coding of the compact
 *	  on-disk form.
 *
 * A "local hour number" counts wall-clock hours in the rollup's time zone
 * since 2000-01-01 00:00 local (PostgreSQL's epoch), so it is negative
 * before 2000.  The calendar is the proleptic Gregorian one, as in
 * PostgreSQL's date_trunc().  Day numbers count from 2000-01-01 likewise.
 *
 * Every granularity maps a local hour to an integer bucket key such that
 * consecutive buckets have consecutive keys; gap filling is then a plain
 * integer loop, and the bucket start is nr_bucket_start_hour(key).
 *
 *-------------------------------------------------------------------------
 */
#ifndef NR_ROLLUP_BUCKETS_H
#define NR_ROLLUP_BUCKETS_H

#include <stddef.h>
#include <stdint.h>

typedef enum NrGranularity
{
	NR_GRAN_HOUR,
	NR_GRAN_DAY,
	NR_GRAN_WEEK,				/* ISO weeks: Monday to Sunday */
	NR_GRAN_MONTH,
	NR_GRAN_QUARTER,
	NR_GRAN_YEAR
} NrGranularity;

/* the names accepted by nr_granularity_parse(), for error hints */
#define NR_GRANULARITY_NAMES "hour, day, week, month, quarter, year"

extern int	nr_granularity_parse(const char *s, size_t len, NrGranularity *g);

extern int64_t nr_floor_div(int64_t a, int64_t b);
extern int64_t nr_days_from_civil(int64_t y, int m, int d);
extern void nr_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
extern int	nr_days_in_month(int64_t y, int m);
extern int	nr_iso_weekday(int64_t days);	/* 1 = Monday ... 7 = Sunday */

extern int64_t nr_bucket_key(int64_t local_hour, NrGranularity g);
extern int64_t nr_bucket_start_hour(int64_t key, NrGranularity g);

/* unsigned LEB128: at most 10 bytes per value */
#define NR_VARINT_MAX 10
extern size_t nr_varint_put(uint8_t *buf, uint64_t v);
extern size_t nr_varint_get(const uint8_t *p, const uint8_t *end, uint64_t *v);

#endif							/* NR_ROLLUP_BUCKETS_H */
