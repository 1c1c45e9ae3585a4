/*-------------------------------------------------------------------------
 *
 * seed_tool.c
 *	  Seeds of the news_vector and news_rollup fuzz targets, written by
 *	  the cores' own output functions (stand-alone, -DNEWS_STANDALONE).
 *
 *	  seed_tool OUTDIR < texts.txt
 *
 * Reads one article text a line (make_seeds.py writes them from the
 * sample articles) and writes, per text, into OUTDIR/vector_in/,
 * vector_recv/, rollup_in/ and rollup_recv/: the vector of the text's
 * first words (text literal and binary form) and a rollup of the dates
 * found in the text by the German date scanner (text and binary form, in
 * one of the fuzz targets' time zones); plus a few fixed small examples.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/na_alloc.h"
#include "rollup/date_parse.h"
#include "rollup/rollup_parse.h"
#include "similarity/news_vector.h"

#define MAX_WORDS	16
#define MAX_DATES	32

static const char *outdir;
static int	nseed;

static void
write_seed(const char *target, const char *data, size_t len)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s/tool-%d", outdir, target, nseed++);
	f = fopen(path, "wb");
	if (f == NULL)
	{
		perror(path);
		exit(1);
	}
	fwrite(data, 1, len, f);
	fclose(f);
}

static void
format_weight(float f, char *buf)
{
	snprintf(buf, NV_FLOAT_BUFLEN, "%.9g", (double) f);
}

/* the vector of a text's first MAX_WORDS distinct words */
static void
vector_seeds(const char *text)
{
	char		words[MAX_WORDS][64];
	int			tf[MAX_WORDS];
	int			n = 0;
	NewsVectorItem items[MAX_WORDS];
	NewsVectorError err;
	NewsVector *v;
	const char *p = text;

	while (*p && n < MAX_WORDS)
	{
		char		w[64];
		int			len = 0,
					i;

		while (*p && !(isalnum((unsigned char) *p) || (unsigned char) *p >= 0x80))
			p++;
		while (*p && (isalnum((unsigned char) *p) || (unsigned char) *p >= 0x80))
		{
			if (len < 63)
				w[len++] = (char) tolower((unsigned char) *p);
			p++;
		}
		if (len < 3)
			continue;
		w[len] = '\0';
		for (i = 0; i < n && strcmp(words[i], w) != 0; i++)
			;
		if (i < n)
			tf[i]++;
		else
		{
			strcpy(words[n], w);
			tf[n++] = 1;
		}
	}
	for (int i = 0; i < n; i++)
	{
		items[i].term = words[i];
		items[i].len = (int) strlen(words[i]);
		items[i].hash = news_term_hash(words[i], items[i].len);
		items[i].weight = (float) ((1 + log(tf[i])) * log(1.0 + items[i].len));
	}
	v = news_vector_build_core(items, n, true, &err);
	if (v != NULL)
	{
		size_t		len;
		char	   *s = news_vector_to_text(v, format_weight, &len);

		write_seed("vector_in", s, len);
		na_free(s);
		s = news_vector_to_binary(v, &len);
		write_seed("vector_recv", s, len);
		na_free(s);
		na_free(v);
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a,
				y = *(const int64_t *) b;

	return x < y ? -1 : x > y;
}

/* a rollup of the absolute dates in a text */
static void
rollup_seeds(const char *text, int k)
{
	static const char *const zones[] = {"Europe/Zurich", "UTC", "Asia/Kolkata"};
	static const int64_t offsets[] = {1, 0, 0};
	const char *zone = zones[k % 3];
	int64_t		hours[MAX_DATES];
	uint32_t	counts[MAX_DATES];
	int			n = 0,
				m = 0;
	size_t		len = strlen(text),
				off = 0;
	NrDateParse d;
	NrError		err;
	NewsRollup *r;

	while (off < len && n < MAX_DATES &&
		   nr_parse_german_date(text + off, len - off, len - off, 0, &d) != NR_DATE_NONE)
	{
		/* dates without a year: in 2024, as in the sample articles */
		if (d.kind == NR_DATE_ABSOLUTE && (!d.has_year ||
										   (d.year >= 1900 && d.year <= 2100)))
			hours[n++] = nr_days_from_civil(d.has_year ? d.year : 2024,
											d.month, d.day) * 24 +
				(d.has_time ? d.hour % 24 : 12);
		off += d.match_end;
	}
	if (n == 0)
		return;
	qsort(hours, n, sizeof(int64_t), cmp_i64);
	for (int i = 0; i < n; i++)
	{
		if (m > 0 && hours[m - 1] == hours[i])
		{
			counts[m - 1]++;
			continue;
		}
		hours[m] = hours[i];
		counts[m++] = 1;
	}
	/* exact bounds: 17 minutes into the first and last local hour */
	r = nr_compact_from_pairs_core(zone, (int) strlen(zone), hours, counts, m,
								   (k & 1) ? NR_EXACT : 0,
								   (hours[0] - offsets[k % 3]) * NR_USECS_PER_HOUR + 17 * 60 * NR_USECS_PER_SEC,
								   (hours[m - 1] - offsets[k % 3]) * NR_USECS_PER_HOUR + 17 * 60 * NR_USECS_PER_SEC,
								   &err);
	if (r != NULL)
	{
		char	   *s = nr_format_text(r, r->vl_len_);
		size_t		blen;

		write_seed("rollup_in", s, strlen(s));
		na_free(s);
		s = nr_format_binary(r, r->vl_len_, &blen);
		write_seed("rollup_recv", s, blen);
		na_free(s);
		na_free(r);
	}
}

int
main(int argc, char **argv)
{
	static char line[1 << 20];
	static const char *const fixed[] = {
		"{a:3, b:4}",
		"  { \"x y\" : 1 , \"q\\\"uote\" : 1, \"back\\\\slash\":1, cyberkriminalitat:1 }  ",
		"{a:1, b:2, c:3, d:0.001}",
		"{\"x y\":1, \"{}\":2, \":,\":3}",
		"{}",
		"{\xc3\xa4:1, stra\xc3\x9f" "e:2, \xe6\x97\xa5\xe6\x9c\xac:3}",
		"{a:1e-30, b:1e30, c:0x1p-3, d:inf}",
	};
	static const char *const rollups[] = {
		"UTC total=0",
		"Europe/Zurich total=5 first=2021-07-07T09:53:00Z last=2021-07-08T22:10:00Z 2021-07-07T10=3,1 2021-07-08T23=1",
		"Asia/Kolkata total=3 -0001-02-28T23=1,0,2",
		"America/St_Johns total=2 first=1999-12-31T23:59:59.999999Z last=1999-12-31T23:59:59.999999Z 1999-12-31T20=2",
	};
	int			k = 0;

	if (argc != 2)
	{
		fprintf(stderr, "usage: %s OUTDIR < texts\n", argv[0]);
		return 2;
	}
	outdir = argv[1];
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		write_seed("vector_in", fixed[i], strlen(fixed[i]));
	for (size_t i = 0; i < sizeof(rollups) / sizeof(rollups[0]); i++)
		write_seed("rollup_in", rollups[i], strlen(rollups[i]));
	while (fgets(line, sizeof(line), stdin))
	{
		line[strcspn(line, "\n")] = '\0';
		vector_seeds(line);
		rollup_seeds(line, k++);
	}
	printf("seed_tool: %d seeds\n", nseed);
	return 0;
}
