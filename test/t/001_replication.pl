# 001_replication.pl: the GiST operator class and the news_ivf access
# method of news_analytics on a streaming standby.
#
# The standby is cloned before any index exists, so everything it knows of
# the indexes came through WAL: the builds (news_ivf and PostgreSQL's GiST
# build both WAL-log the new index as a whole, log_newpage_range), inserts into
# existing lists (generic WAL records), deletions by VACUUM (generic WAL)
# and inserts that chain new pages.  After each step the standby's forced
# index scans must answer ORDER BY vec <-> q LIMIT 10 exactly as the
# primary's do (same ids, same distances, same order) for several queries,
# and reach every row; after promotion the former standby must take
# inserts into both indexes and find them.
use strict;
use warnings;

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $lists = 20;

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 1);
$primary->start;

# vectors of 20-29 terms from 50 overlapping term ranges ("topics"), so
# that the k-means of the news_ivf build has clusters to find
$primary->safe_psql('postgres', q{
CREATE EXTENSION news_analytics;
CREATE TABLE docs (id int PRIMARY KEY, vg news_vector, vi news_vector);
CREATE FUNCTION fill(a int, b int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO docs
  SELECT i, v, v
    FROM (SELECT i, (SELECT ('{' || string_agg('t' || x || ':' || (1 + x % 5)::text, ',')
                             || '}')::news_vector
                       FROM (SELECT DISTINCT ((i % 50) * 40 + (random() * 100)::int) % 3000 AS x
                               FROM generate_series(1, 20 + i % 10) WHERE i > 0) s) AS v
            FROM generate_series(a, b) i) q
$$;
});

$primary->backup('before_indexes');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'before_indexes', has_streaming => 1);
$standby->start;

# rows, the two indexes, more rows (inserts into existing lists and pages),
# deletions and VACUUM (bulk delete on both indexes)
$primary->safe_psql('postgres', qq{
SELECT fill(1, 3000);
INSERT INTO docs VALUES (3001, NULL, NULL), (3002, '{}', '{}');
CREATE INDEX docs_gist ON docs USING gist (vg);
CREATE INDEX docs_ivf ON docs USING news_ivf (vi) WITH (lists = $lists);
SELECT fill(3003, 4000);
DELETE FROM docs WHERE id % 7 = 3;
VACUUM docs;
});
$primary->wait_for_catchup($standby);

# the queries: stored vectors (some of them deleted rows' neighbours) and
# one written by hand that shares terms with several topics
my @queries = (
	'(SELECT vg FROM docs WHERE id = 5)',
	'(SELECT vg FROM docs WHERE id = 1234)',
	'(SELECT vg FROM docs WHERE id = 2998)',
	'(SELECT vg FROM docs WHERE id = 3500)',
	q{'{t10:1, t400:2, t1220:1, t2000:3}'::news_vector});

# a forced index scan: ids and distances, nearest first
sub knn
{
	my ($node, $col, $q, $probes) = @_;
	return $node->safe_psql('postgres', qq{
SET enable_seqscan = off; SET enable_bitmapscan = off;
SET news_analytics.ivf_probes = $probes;
SELECT id, round((d)::numeric, 6) FROM (
  SELECT id, $col <-> $q AS d FROM docs ORDER BY $col <-> $q LIMIT 10) s;
});
}

# the plan of knn: an index scan of the expected index
sub plan_of
{
	my ($node, $col, $q) = @_;
	return $node->safe_psql('postgres', qq{
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM docs ORDER BY $col <-> $q LIMIT 10;
});
}

# rows a full index scan returns (every list probed for news_ivf): GiST
# returns the rows with a NULL vector too (last), news_ivf does not index
# NULLs
sub reachable
{
	my ($node, $col) = @_;
	return $node->safe_psql('postgres', qq{
SET enable_seqscan = off; SET enable_bitmapscan = off;
SET news_analytics.ivf_probes = $lists;
SELECT count(*) FROM (SELECT id FROM docs ORDER BY $col <-> '{t1:1}'::news_vector
                       LIMIT 1000000) s;
});
}

sub compare_nodes
{
	my ($step, $node_a, $node_b) = @_;
	my $n = 0;
	foreach my $q (@queries)
	{
		$n++;
		foreach my $c (['vg', 'GiST', 1], ['vi', 'news_ivf', 3])
		{
			my ($col, $what, $probes) = @$c;
			my $a = knn($node_a, $col, $q, $probes);
			my $b = knn($node_b, $col, $q, $probes);
			my @rows = split /\n/, $b;
			ok(@rows == 10 && $a eq $b,
				"$step: $what query $n answers on the standby as on the primary");
		}
	}
	foreach my $c (['vg', 'docs_gist', 'count(*)'], ['vi', 'docs_ivf', 'count(vi)'])
	{
		my ($col, $index, $count) = @$c;
		like(plan_of($node_b, $col, $queries[0]),
			qr/Index Scan using $index/, "$step: the standby scans $index");
		my $rows = $node_a->safe_psql('postgres',
			"SELECT $count FROM docs");
		is(reachable($node_b, $col), $rows,
			"$step: every row is reachable through $index on the standby");
	}
}

compare_nodes('after build, inserts, VACUUM', $primary, $standby);

# more rows: new pages in the lists of news_ivf, GiST splits
$primary->safe_psql('postgres', q{
SELECT fill(4001, 5500);
DELETE FROM docs WHERE id BETWEEN 4100 AND 4200;
});
$primary->wait_for_catchup($standby);
compare_nodes('after more inserts', $primary, $standby);

# the standby takes over: it must accept inserts into both indexes and
# find them, exactly as a sequential scan does
$primary->stop;
$standby->promote;
$standby->safe_psql('postgres', q{
SELECT fill(6001, 6600);
VACUUM docs;
});

foreach my $id (6001, 6300, 6600)
{
	foreach my $c (['vg', 'GiST'], ['vi', 'news_ivf'])
	{
		my ($col, $what) = @$c;
		my $q = "(SELECT $col FROM docs WHERE id = $id)";
		my $index = knn($standby, $col, $q, $lists);
		my $seq = $standby->safe_psql('postgres', qq{
SET enable_indexscan = off; SET enable_bitmapscan = off;
SELECT id, round((d)::numeric, 6) FROM (
  SELECT id, $col <-> $q AS d FROM docs ORDER BY $col <-> $q, id LIMIT 10) s;
});
		my ($first) = split /\n/, $index;
		is($first, "$id|0.000000",
			"promoted: $what finds the new row $id first");
		# distances must agree row by row (ids may differ among ties)
		my $dist = sub { join ',', map { (split /\|/)[1] } split /\n/, shift };
		is($dist->($index), $dist->($seq),
			"promoted: $what answers like a sequential scan for row $id");
	}
}
foreach my $c (['vg', 'docs_gist', 'count(*)'], ['vi', 'docs_ivf', 'count(vi)'])
{
	my ($col, $index, $count) = @$c;
	my $rows = $standby->safe_psql('postgres', "SELECT $count FROM docs");
	is(reachable($standby, $col), $rows,
		"promoted: every row is reachable through $index");
}

$standby->stop;
done_testing();
