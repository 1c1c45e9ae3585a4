"""Smoke benchmark of the harness itself: news_tokenize against
to_tsvector('german') over the loaded corpus (throughput in MB/s)."""


def run(ctx):
    mb = ctx.scalar("SELECT sum(octet_length(body)) / 1e6 FROM bench_corpus")
    ctx.compare("tokenize corpus", "news_tokenize(body)",
                "SELECT sum(cardinality(news_tokenize(body))) FROM bench_corpus",
                "to_tsvector('german', body)",
                "SELECT sum(length(to_tsvector('german', body))) FROM bench_corpus",
                work=float(mb), unit="MB/s")
