"""Related-article quality: news_vector similarity against SQL baselines.

Every article of the corpus is the query; all other articles are ranked by
the method's score (ties broken by id, pairs a method gives no score rank as
0).  An article counts as relevant when it has the query's section.  We
report P@10 (share of the top 10 from the same section) and MAP (mean
average precision over the whole ranking), for our news_vector cosine and,
in the same run, for the baselines computed in plain SQL:

- TF-IDF cosine over to_tsvector('german') lexemes (tf = number of
  positions, idf = ln(N/df))
- binary Jaccard over to_tsvector('german') lexemes
- ts_rank over an OR query of the article's 25 top TF-IDF lexemes (GIN)
- pg_trgm similarity() of the whole texts
- TF-IDF cosine over to_tsvector('simple')

Two more corpora measure "same story" rather than "same section":

- --corpus og2021: 223 headlines in 50 gold story clusters; every headline
  is the query, the others of its story are relevant (P@10 and MAP as
  above; the vectors are built from the headline alone).
- --corpus semeval: the 170 German-German article pairs of SemEval-2022
  Task 8 with the human "Overall" score (1 = same story ... 4 =
  unrelated); we report Spearman's rho of each method's score with
  Overall over the pairs (negative is good: similar pairs score low).
  Corpus statistics and idf come from the 311 articles of the pairs.

Run: bash test/bench/run.sh --corpus gnad related
     bash test/bench/run.sh --corpus og2021 related
     bash test/bench/run.sh --corpus semeval related
Every metric is also given on two halves of the set (og2021: the gold
stories split by the md5 of their names, as bench_story.py does, each half
ranked alone; semeval: the pairs split by the md5 of "id1_id2"; gnad: the
articles split by the md5 of their ids, each half ranked alone): the goals
are judged on held-out data, and a weight fitted to the set would show as
a gap between the halves.

Set NEWS_BENCH_RELATED_QUICK=1 to skip the slow pg_trgm baseline, and
NEWS_BENCH_RELATED_ABLATIONS=0 to skip the weighting ablations.  Each
ablation row changes one setting against the defaults and recomputes the
corpus statistics with it (they count the extra terms the settings add:
word prefixes, trigrams, word pairs); "bytes/vector" is the average stored
size of the news_vector rows.  One more row measures neighbour expansion
(pseudo-relevance feedback: each vector plus its two nearest neighbours),
computed in Python from the all-pairs scores; it is a measured lever, not
a feature of the extension; so is the row of synonym sets from Debian's
OpenThesaurus (openthesaurus-de-text) as extra terms.
"""

import hashlib
import os
import re
import time

import numpy as np


def ranks(x):
    """Ranks 1..n of x, ties get the mean of their ranks."""
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    sx = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sx[j + 1] == sx[i]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    return r


def spearman(x, y):
    """Spearman's rho with tie correction (Pearson of the mean ranks)."""
    rx, ry = ranks(x), ranks(y)
    rx -= rx.mean()
    ry -= ry.mean()
    den = np.sqrt((rx * rx).sum() * (ry * ry).sum())
    return float((rx * ry).sum() / den) if den > 0 else 0.0


def half_of(key):
    """"A" or "B": a fixed split by the md5 of a key (bench_story.py's)."""
    return "AB"[int(hashlib.md5(str(key).encode()).hexdigest(), 16) % 2]


def pair_metric(gold, pairs):
    """Spearman of the scores of the gold pairs (no score = 0) with Overall,
    on all pairs and on the halves A and B (split by "id1_id2")."""
    score = {}
    for a, b, s in pairs:
        score[(a, b)] = s if s is not None else 0.0
    out = []
    for part in (None, "A", "B"):
        xs, ys = [], []
        for (a, b), overall in gold:
            if part is not None and half_of("%d_%d" % (a, b)) != part:
                continue
            xs.append(score.get((a, b), score.get((b, a), 0.0)))
            ys.append(overall)
        out.append(spearman(xs, ys))
    return out[0], None, out[1:]


def metrics(ids, sections, pairs, half_key=None):
    """P@10 and MAP from (query id, other id, score) rows; with half_key
    (article id, section -> key), also on the halves A and B, each ranked
    alone."""
    if half_key is not None:
        halves = []
        for part in ("A", "B"):
            sub = [(i, s) for i, s in zip(ids, sections) if half_of(half_key(i, s)) == part]
            keep = set(i for i, _ in sub)
            halves.append(metrics([i for i, _ in sub], [s for _, s in sub],
                                  [p for p in pairs if p[0] in keep and p[1] in keep]))
        return metrics(ids, sections, pairs) + (halves,)
    n = len(ids)
    index = {i: k for k, i in enumerate(ids)}
    scores = np.zeros((n, n))
    for a, b, s in pairs:
        scores[index[a], index[b]] = s
    sec = np.array(sections)
    order_ids = np.array(ids)
    p10 = []
    aps = []
    for q in range(n):
        s = scores[q].copy()
        mask = np.ones(n, dtype=bool)
        mask[q] = False
        cand = np.nonzero(mask)[0]
        # sort by score descending, then id ascending
        order = cand[np.lexsort((order_ids[cand], -s[cand]))]
        rel = (sec[order] == sec[q]).astype(float)
        p10.append(rel[:10].mean())
        nrel = rel.sum()
        if nrel > 0:
            hits = np.cumsum(rel)
            prec = hits / np.arange(1, len(rel) + 1)
            aps.append((prec * rel).sum() / nrel)
        else:
            aps.append(0.0)
    return float(np.mean(p10)), float(np.mean(aps))


TFIDF_SETUP = """
DROP TABLE IF EXISTS rel_lex_{cfg};
CREATE TABLE rel_lex_{cfg} AS
  SELECT c.id, l.lexeme, pg_catalog.array_length(l.positions, 1)::float8 AS tf
    FROM bench_corpus c, pg_catalog.unnest(pg_catalog.to_tsvector('{cfg}', c.body)) l;
DROP TABLE IF EXISTS rel_w_{cfg};
CREATE TABLE rel_w_{cfg} AS
  WITH n AS (SELECT count(*)::float8 AS n FROM bench_corpus),
       df AS (SELECT lexeme, count(*)::float8 AS df FROM rel_lex_{cfg} GROUP BY lexeme)
  SELECT l.id, l.lexeme, l.tf * ln(n.n / df.df) AS w
    FROM rel_lex_{cfg} l JOIN df USING (lexeme), n;
DROP TABLE IF EXISTS rel_norm_{cfg};
CREATE TABLE rel_norm_{cfg} AS
  SELECT id, sqrt(sum(w * w)) AS norm, count(*) AS nlex FROM rel_w_{cfg} GROUP BY id;
CREATE INDEX ON rel_w_{cfg} (lexeme);
ANALYZE rel_w_{cfg}; ANALYZE rel_norm_{cfg};
"""

TFIDF_PAIRS = """
SELECT a.id, b.id, sum(a.w * b.w) / nullif(na.norm * nb.norm, 0)
  FROM rel_w_{cfg} a JOIN rel_w_{cfg} b ON a.lexeme = b.lexeme AND a.id <> b.id {only}
  JOIN rel_norm_{cfg} na ON na.id = a.id JOIN rel_norm_{cfg} nb ON nb.id = b.id
 GROUP BY a.id, b.id, na.norm, nb.norm
"""

JACCARD_PAIRS = """
SELECT a.id, b.id, count(*)::float8 / (na.nlex + nb.nlex - count(*))
  FROM rel_lex_german a JOIN rel_lex_german b ON a.lexeme = b.lexeme AND a.id <> b.id {only}
  JOIN rel_norm_german na ON na.id = a.id JOIN rel_norm_german nb ON nb.id = b.id
 GROUP BY a.id, b.id, na.nlex, nb.nlex
"""

TSRANK_SETUP = """
DROP TABLE IF EXISTS rel_tsv;
CREATE TABLE rel_tsv AS
  SELECT id, pg_catalog.to_tsvector('german', body) AS tsv FROM bench_corpus;
CREATE INDEX ON rel_tsv USING gin (tsv);
DROP TABLE IF EXISTS rel_q;
CREATE TABLE rel_q AS
  SELECT id, pg_catalog.string_agg(pg_catalog.quote_literal(lexeme), ' | ')::pg_catalog.tsquery AS q
    FROM (SELECT id, lexeme, row_number() OVER (PARTITION BY id ORDER BY w DESC, lexeme) AS r
            FROM rel_w_german) t
   WHERE r <= 25 GROUP BY id;
ANALYZE rel_tsv; ANALYZE rel_q;
"""

TSRANK_PAIRS = """
SELECT q.id, t.id, pg_catalog.ts_rank(t.tsv, q.q)
  FROM rel_q q JOIN rel_tsv t ON t.tsv @@ q.q AND t.id <> q.id
"""

TRGM_PAIRS = """
SELECT a.id, b.id, similarity(a.body, b.body)
  FROM bench_corpus a JOIN bench_corpus b ON a.id < b.id {only}
"""

# Only the gold pairs of --corpus semeval (either order).
ONLY_PAIRS = """AND (a.id, b.id) IN (SELECT id1, id2 FROM bench_pairs
                                    UNION ALL SELECT id2, id1 FROM bench_pairs)"""


def matrix_pairs(ids_, m):
    """(id, other id, score) rows of every ordered pair of a score matrix."""
    n = len(ids_)
    return [(ids_[a], ids_[b], float(m[a, b])) for a in range(n) for b in range(n) if a != b]


def neighbour_expansion(ctx, k=2, beta=1.0):
    """Pseudo-relevance feedback, measured as a lever (not an extension
    feature): every vector plus beta/k times its k nearest neighbours, each
    weighted by its similarity, and the cosine of two expanded vectors.
    With S the all-pairs news_similarity matrix (diagonal 1 for a non-empty
    vector) and W = I + (beta/k) A, A holding row q's top-k similarities,
    the expanded vectors' Gram matrix is W S W^T; no vector is rebuilt."""
    rows = ctx.execute("SELECT id, news_vector_nterms(v) > 0 FROM rel_vec ORDER BY id")
    ids_ = [r[0] for r in rows]
    index = {i: n for n, i in enumerate(ids_)}
    n = len(ids_)
    s = np.diag([1.0 if r[1] else 0.0 for r in rows])
    for a, b, v in ctx.execute(OURS_PAIRS.format(only="")):
        s[index[a], index[b]] = v
    w = np.eye(n)
    for q in range(n):
        row = s[q].copy()
        row[q] = -1.0
        top = np.argsort(-row, kind="mergesort")[:k]
        w[q, top] += beta / k * s[q, top]
    g = w @ s @ w.T
    d = np.sqrt(np.maximum(np.diag(g), 1e-300))
    return matrix_pairs(ids_, g / d[:, None] / d[None, :])


# Debian's openthesaurus-de-text (installed by run.sh for this row).
THESAURUS = "/usr/share/openthesaurus-de/openthesaurus.txt"


def thesaurus_expansion(ctx, alpha=0.6, max_synsets=3):
    """Synonyms as extra evidence, measured as a lever (not an extension
    feature): a term of a synonym set of OpenThesaurus (at most max_synsets
    sets, single words, mapped to terms by news_tokenize) also counts as
    each of its sets, at alpha times its weight over its number of sets;
    the cosine of the expanded vectors."""
    sets = []
    words = set()
    with open(THESAURUS, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            # "Vakzin (fachspr.)": the word without its usage label
            ws = [re.sub(r"\s*\(.*?\)", "", w).strip() for w in line.rstrip("\n").split(";")]
            ws = [w for w in ws if w and " " not in w]
            sets.append(ws)
            words.update(ws)
    term_of = dict(ctx.execute("SELECT w, (news_tokenize(w))[1] FROM unnest(%s::text[]) w",
                               (sorted(words),)))
    synsets = {}
    for n, ws in enumerate(sets):
        terms = set(term_of[w] for w in ws if term_of.get(w))
        if len(terms) < 2:
            continue
        for t in terms:
            synsets.setdefault(t, []).append(n)
    vecs = {}
    for i, term, w in ctx.execute("SELECT r.id, e.term, e.weight_a FROM rel_vec r, "
                                  "news_similarity_explain(r.v, r.v) e"):
        d = vecs.setdefault(i, {})
        d[term] = w
        ss = synsets.get(term, ())
        if 0 < len(ss) <= max_synsets:
            for n in ss:
                d["#%d" % n] = d.get("#%d" % n, 0.0) + alpha * w / len(ss)
    ids_ = sorted(vecs)
    col = {}
    for d in vecs.values():
        for t in d:
            col.setdefault(t, len(col))
    x = np.zeros((len(ids_), len(col)), dtype=np.float32)
    for r, i in enumerate(ids_):
        for t, w in vecs[i].items():
            x[r, col[t]] = w
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-30)
    return matrix_pairs(ids_, x @ x.T)


def build_vectors(ctx):
    ctx.execute("DROP TABLE IF EXISTS rel_vec")
    ctx.execute("CREATE TABLE rel_vec AS SELECT id, news_vector(body) AS v FROM bench_corpus")
    ctx.execute("ANALYZE rel_vec")


OURS_PAIRS = """
SELECT a.id, b.id, news_similarity(a.v, b.v)
  FROM rel_vec a JOIN rel_vec b ON a.id <> b.id {only}
"""


# The overlap that news_story links by: the weight two vectors share over
# the smaller vector's mass (a short text inside a long one scores high).
OVERLAP_PAIRS = """
SELECT a.id, b.id, news_story_similarity(a.v, b.v)
  FROM rel_vec a JOIN rel_vec b ON a.id <> b.id {only}
"""


# Wraps a pair query: its score times 0.5 + 0.5 * decay of the time
# between the two articles (either order), half-life %s.
DATED_PAIRS = """
SELECT x.a, x.b, x.s *
       (0.5 + 0.5 * news_recency_decay(least(ca.published_at, cb.published_at),
                                       greatest(ca.published_at, cb.published_at),
                                       %s::interval))
  FROM ({pairs}) x(a, b, s)
  JOIN bench_corpus ca ON ca.id = x.a JOIN bench_corpus cb ON cb.id = x.b
"""


def run(ctx):
    rows = ctx.execute("SELECT id, section FROM bench_corpus ORDER BY id")
    ids = [r[0] for r in rows]
    sections = [r[1] for r in rows]
    results = []
    semeval = ctx.corpus == "semeval"
    only = ONLY_PAIRS if semeval else ""
    if semeval:
        gold = [((a, b), o) for a, b, o in
                ctx.execute("SELECT id1, id2, overall FROM bench_pairs ORDER BY id1, id2")]

        def metrics(ids_, sections_, pairs):
            return pair_metric(gold, pairs)
    else:
        # og2021: halves of the stories; gnad: halves of the articles
        key = (lambda i, s: s) if ctx.corpus == "og2021" else (lambda i, s: i)

        def metrics(ids_, sections_, pairs):
            return globals()["metrics"](ids_, sections_, pairs, key)

    size = {}

    def ours(ctx, ids, sections):
        build_vectors(ctx)
        # average stored size of the vectors, for the size budget
        size["bytes"] = ctx.scalar("SELECT avg(pg_column_size(v)) FROM rel_vec")
        return metrics(ids, sections, ctx.execute(OURS_PAIRS.format(only=only)))

    def record(label, fn):
        start = time.perf_counter()
        size.pop("bytes", None)
        p10, m, halves = fn()
        nbytes = "%.0f" % size["bytes"] if size.get("bytes") is not None else ""
        if semeval:
            results.append([label, "%.4f" % p10, "%.4f / %.4f" % tuple(halves), nbytes,
                            "%.1f s" % (time.perf_counter() - start)])
            print("  %-70s Spearman %.4f (halves %.4f / %.4f)  %s bytes"
                  % (label, p10, halves[0], halves[1], nbytes), flush=True)
            return
        results.append([label, "%.4f" % p10, "%.4f" % m,
                        "%.4f / %.4f" % (halves[0][0], halves[1][0]),
                        "%.4f / %.4f" % (halves[0][1], halves[1][1]), nbytes,
                        "%.1f s" % (time.perf_counter() - start)])
        print("  %-70s P@10 %.4f  MAP %.4f (halves %.4f / %.4f)  %s bytes"
              % (label, p10, m, halves[0][1], halves[1][1], nbytes), flush=True)

    ndocs = ctx.scalar("SELECT news_analyze_corpus('bench_corpus', 'body')")
    ctx.note("news_analyze_corpus('bench_corpus', 'body') analyzed %d articles" % ndocs)
    record("**news_vector cosine** (`news_similarity`, corpus statistics)",
           lambda: ours(ctx, ids, sections))

    record("news_vector overlap (`news_story_similarity`, the measure of `news_story`)",
           lambda: metrics(ids, sections, ctx.execute(OVERLAP_PAIRS.format(only=only))))

    # Neighbour expansion (pseudo-relevance feedback) over the vectors just
    # built: each text plus its two nearest neighbours.  On --corpus semeval
    # the neighbours come from all 311 articles; only the gold pairs score.
    record("news_vector cosine, neighbour expansion (each vector + its 2 nearest, computed in Python)",
           lambda: metrics(ids, sections, neighbour_expansion(ctx)))

    # Synonyms of OpenThesaurus as extra terms, over the same vectors.
    if os.path.exists(THESAURUS):
        record("news_vector cosine, + OpenThesaurus synonym sets (weight 0.6, terms in at most "
               "3 sets, computed in Python)",
               lambda: metrics(ids, sections, thesaurus_expansion(ctx)))

    # Ablations of the weighting choices (each rebuilds the vectors).
    # Each row changes one setting against the defaults; the last rows add
    # the optional extra terms.  "the weights before 0.3" turns off every
    # weighting added in 0.3.
    variants = [
        ("plain idf (exponent 1)", "SET news_analytics.vector_idf_exponent = 1"),
        ("no singleton damping (singleton weight 1)", "SET news_analytics.vector_singleton_weight = 1"),
        ("singleton terms dropped (singleton weight 0)", "SET news_analytics.vector_singleton_weight = 0"),
        ("no compound parts", "SET news_analytics.vector_part_weight = 0"),
        ("compound parts at half weight", "SET news_analytics.vector_part_weight = 0.5"),
        ("BM25 tf (k1 = 1.2, b = 0.75) instead of 1 + ln tf", "SET news_analytics.vector_weighting = 'bm25'"),
        ("no lead weighting (vector_lead_words 0)", "SET news_analytics.vector_lead_words = 0"),
        ("no capital weighting (vector_capital_weight 1)",
         "SET news_analytics.vector_capital_weight = 1"),
        ("lead weight 2 (first 80 words)", "SET news_analytics.vector_lead_weight = 2"),
        ("capital weight 2", "SET news_analytics.vector_capital_weight = 2"),
        ("no unknown-word weighting (vector_unknown_weight 1)",
         "SET news_analytics.vector_unknown_weight = 1"),
        ("unknown-word weight 1.5", "SET news_analytics.vector_unknown_weight = 1.5"),
        ("no prefix backoff (vector_prefix_chars 0)", "SET news_analytics.vector_prefix_chars = 0"),
        ("prefix backoff of 5 characters", "SET news_analytics.vector_prefix_chars = 5"),
        ("prefix weight 0.5", "SET news_analytics.vector_prefix_weight = 0.5"),
        ("all terms (no top-N pruning)", "SET news_analytics.vector_max_terms = 0"),
        ("top 300 terms (the default before 0.3)", "SET news_analytics.vector_max_terms = 300"),
        ("top 150 terms", "SET news_analytics.vector_max_terms = 150"),
        ("no short-text trigrams (vector_trigram_weight 0)",
         "SET news_analytics.vector_trigram_weight = 0"),
        ("trigrams in every text, no fading (vector_short_words 0)",
         "SET news_analytics.vector_short_words = 0"),
        ("trigrams fading out at 20 words (vector_short_words 20)",
         "SET news_analytics.vector_short_words = 20"),
        ("short-text trigram weight 0.3", "SET news_analytics.vector_trigram_weight = 0.3"),
        ("short-text unknown-word weight 2 (vector_short_unknown_weight 2)",
         "SET news_analytics.vector_short_unknown_weight = 2"),
        ("+ numbers with their unit (vector_number_weight 0.5)",
         "SET news_analytics.vector_number_weight = 0.5"),
        ("+ pairs of capitalised words (vector_phrase_weight 0.5)",
         "SET news_analytics.vector_phrase_weight = 0.5"),
        ("the weights before 0.3 (no lead, capital, unknown-word weighting, prefixes or "
         "trigrams; top 300)",
         "SET news_analytics.vector_lead_words = 0; SET news_analytics.vector_capital_weight = 1; "
         "SET news_analytics.vector_unknown_weight = 1; SET news_analytics.vector_prefix_chars = 0; "
         "SET news_analytics.vector_trigram_weight = 0; SET news_analytics.vector_max_terms = 300"),
    ]
    if os.environ.get("NEWS_BENCH_RELATED_ABLATIONS", "1") != "0":
        for label, setting in variants:
            ctx.execute(setting)
            # the analysis counts the extra terms the settings choose
            ctx.execute("SELECT news_analyze_corpus('bench_corpus', 'body')")
            record("news_vector cosine, " + label, lambda: ours(ctx, ids, sections))
            ctx.execute("RESET ALL")
        ctx.execute("SELECT news_analyze_corpus('bench_corpus', 'body')")
    # Date proximity as an optional factor, where the corpus has real
    # publication times (og2021): the score times 0.5 + 0.5 * decay of
    # the time between the two articles; the TF-IDF baseline gets the same
    # factor further down.
    dated = ctx.corpus == "og2021"
    if dated:
        build_vectors(ctx)
        for half_life in ("1 day", "3 days", "7 days"):
            record("news_vector cosine × (0.5 + 0.5 · date proximity, half-life %s)" % half_life,
                   lambda: metrics(ids, sections, ctx.execute(
                       DATED_PAIRS.format(pairs=OURS_PAIRS.format(only=only)), (half_life,))))
    ctx.execute("TRUNCATE news_corpus_terms, news_corpus_info")
    record("news_vector cosine, before `news_analyze_corpus` (fallback weights)",
           lambda: ours(ctx, ids, sections))
    ctx.execute("SELECT news_analyze_corpus('bench_corpus', 'body')")

    for cfg in ("german", "simple"):
        for stmt in TFIDF_SETUP.format(cfg=cfg).split(";"):
            if stmt.strip():
                ctx.execute(stmt)
    record("TF-IDF cosine over `to_tsvector('german')`",
           lambda: metrics(ids, sections, ctx.execute(TFIDF_PAIRS.format(cfg="german", only=only))))
    if dated:
        record("TF-IDF cosine over `to_tsvector('german')` × (0.5 + 0.5 · date proximity, "
               "half-life 1 day)",
               lambda: metrics(ids, sections, ctx.execute(
                   DATED_PAIRS.format(pairs=TFIDF_PAIRS.format(cfg="german", only=only)),
                   ("1 day",))))
    record("binary Jaccard over `to_tsvector('german')`",
           lambda: metrics(ids, sections, ctx.execute(JACCARD_PAIRS.format(only=only))))
    for stmt in TSRANK_SETUP.split(";"):
        if stmt.strip():
            ctx.execute(stmt)
    record("`ts_rank` over an OR query of the 25 top TF-IDF lexemes",
           lambda: metrics(ids, sections, ctx.execute(TSRANK_PAIRS)))
    record("TF-IDF cosine over `to_tsvector('simple')`",
           lambda: metrics(ids, sections, ctx.execute(TFIDF_PAIRS.format(cfg="simple", only=only))))
    if os.environ.get("NEWS_BENCH_RELATED_QUICK") != "1":
        ctx.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")

        def trgm():
            pairs = ctx.execute(TRGM_PAIRS.format(only=only))
            both = pairs + [(b, a, s) for a, b, s in pairs]
            return metrics(ids, sections, both)
        record("`pg_trgm` `similarity()` of the whole texts", trgm)

    if semeval:
        ctx.table("Same-story quality (SemEval-2022 Task 8 German pairs: Spearman with Overall, "
                  "1 = same story ... 4 = unrelated; lower is better)",
                  ["method", "Spearman", "halves A / B", "bytes/vector",
                   "time (build + pairs + scoring)"], results)
    else:
        relevant = "same story" if ctx.corpus == "og2021" else "same section"
        ctx.table("Related-article quality (every article as the query, relevant = %s)" % relevant,
                  ["method", "P@10", "MAP", "P@10 halves A / B", "MAP halves A / B", "bytes/vector",
                   "time (build + all pairs + scoring)"],
                  results)
