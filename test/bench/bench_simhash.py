"""Near-duplicate detection with news_simhash: Hamming distances of edited
copies (agency copy run by another site) against those of unrelated
articles, for both fingerprints (of the text, of the news_vector).

Edits, applied to every article of the corpus (seeded, reproducible):
- byline: "Wien (APA) - " put in front
- byline + 2 words: the byline and two words replaced
- sentence dropped: one sentence (not the first) removed
- sentence added: one sentence inserted

Unrelated pairs are all pairs of different corpus articles.  We report the
share of copies within distance 3 / 6 and the share of unrelated pairs at
distance >= 20, over all articles and over articles of >= 2000 characters
(typical agency copy length).

Run: bash test/bench/run.sh --corpus gnad simhash
"""

import random
import re
import statistics

EDITS = ["byline", "byline + 2 words", "sentence dropped", "sentence added"]


def edit(text, kind, rng):
    if kind.startswith("byline"):
        words = text.split(" ")
        if kind == "byline + 2 words":
            for _ in range(2):
                words[rng.randrange(len(words))] = rng.choice(["Montag", "laut", "Agentur"])
        return "Wien (APA) - " + " ".join(words)
    sents = re.split(r"(?<=[.!?]) ", text)
    if kind == "sentence dropped" and len(sents) > 2:
        del sents[rng.randrange(1, len(sents))]
    elif kind == "sentence added":
        sents.insert(rng.randrange(len(sents) + 1),
                     "Das berichtete die Nachrichtenagentur APA am Montag.")
    return " ".join(sents)


FINGERPRINTS = [
    ("news_simhash(text)", "news_simhash(%s::text)"),
    ("news_simhash(news_vector(text))", "news_simhash(news_vector(%s::text))"),
]


def run(ctx):
    ctx.execute("SELECT news_analyze_corpus('bench_corpus', 'body')")
    docs = ctx.execute("SELECT id, body FROM bench_corpus ORDER BY id")
    rng = random.Random(20240601)
    copies = [(i, body, kind, edit(body, kind, rng)) for i, body in docs for kind in EDITS]
    rows = []
    for label, expr in FINGERPRINTS:
        sql = "SELECT %s <#> %s" % (expr % "%s", expr % "%s")
        dist = {}
        for i, body, kind, copy in copies:
            dist.setdefault(kind, []).append((len(body), ctx.scalar(sql, (body, copy))))
        for kind in EDITS:
            for name, sel in (("all", lambda n: True), (">= 2000 chars", lambda n: n >= 2000)):
                ds = [d for n, d in dist[kind] if sel(n)]
                if not ds:
                    continue
                rows.append([label, "copy: " + kind, name, len(ds),
                             "%.3f" % (sum(d <= 3 for d in ds) / len(ds)),
                             "%.3f" % (sum(d <= 6 for d in ds) / len(ds)),
                             statistics.median(ds), max(ds)])
        unrelated = ctx.execute(
            "WITH f AS (SELECT id, length(body) AS n, %s AS h FROM bench_corpus) "
            "SELECT a.h <#> b.h, least(a.n, b.n) FROM f a JOIN f b ON a.id < b.id"
            % (expr % "body"))
        for name, sel in (("all", lambda n: True), (">= 2000 chars", lambda n: n >= 2000)):
            ds = [d for d, n in unrelated if sel(n)]
            rows.append([label, "unrelated pairs", name, len(ds),
                         "%.4f" % (sum(d <= 3 for d in ds) / len(ds)),
                         "%.4f" % (sum(d <= 6 for d in ds) / len(ds)),
                         statistics.median(ds), "min %d, share >= 20: %.4f"
                         % (min(ds), sum(d >= 20 for d in ds) / len(ds))])
        print("  done " + label, flush=True)
    ctx.table("Near-duplicate detection: Hamming distance of 64-bit SimHash fingerprints",
              ["fingerprint", "pairs", "articles", "n", "share <= 3", "share <= 6",
               "median", "max / unrelated"], rows)
