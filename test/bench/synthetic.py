"""Synthetic news corpora of any size for the benchmarks.

    generate(conn, table, n, seed)

fills `table(id int, section text, title text, body text, published_at
timestamptz)` (it must exist) with n articles of 150-600 words.  The words
come from the bundled sample corpus test/data/sample_articles.csv (override
with NEWS_SYNTH_SOURCE=path of a CSV with a `body` column, or of
gnad-dev.csv), so the tokenizer sees real German word forms:

- a background distribution shared by all articles: the sample's words
  ranked by frequency with Zipf weights 1/(rank + 2.7) (function words
  first, as in real text);
- round(sqrt(n)) topics (at least 8).  A topic's distribution mixes the
  word counts of one seed story/section of the sample (half of its mass)
  with 250 topic-specific words (the other half, Zipf-weighted in a random
  order) drawn from the sample's vocabulary extended by German-style
  compounds of two sample nouns, so topics have vocabulary of their own as
  news stories do;
- every article picks a topic uniformly and a topic share uniformly in
  [0.35, 0.65]; each of its words comes from the topic with that
  probability, from the background otherwise.

The topic is recorded in `section` ("<seed section>/t<topic number>"), so
retrieval quality can be checked against it.  Deterministic for a given
(source, n, seed).  Needs numpy (python3-numpy).  Speed on one core: about
50,000 articles per second to generate; COPY and the server's parsing of
the rows come on top.
"""

import csv
import io
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_SOURCE = os.path.join(ROOT, "test", "data", "sample_articles.csv")

WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
TOPIC_WORDS = 250
COMPOUNDS = 40000
CHUNK = 5000


def _read_source(path):
    """(group, body) pairs; group = story if present, else section."""
    csv.field_size_limit(1 << 30)
    docs = []
    with open(path, encoding="utf-8", newline="") as f:
        head = f.readline()
        f.seek(0)
        if "body" in head.strip().split(","):
            for row in csv.DictReader(f):
                group = (row.get("story") or row.get("section") or "").strip()
                docs.append((row.get("section") or "", group, row["body"]))
        else:                                   # gnad: Label;text
            for row in csv.reader(f, delimiter=";", quotechar="'", doublequote=True):
                if len(row) >= 2:
                    docs.append((row[0], row[0], ";".join(row[1:])))
    if not docs:
        raise RuntimeError("synthetic: no articles in %s" % path)
    return docs


class _Model:
    """Vocabulary and topic distributions derived from the source corpus."""

    def __init__(self, source, n, seed):
        rng = np.random.default_rng(seed)
        docs = _read_source(source)
        counts = {}
        group_counts = {}
        group_section = {}
        for section, group, body in docs:
            gc = group_counts.setdefault(group, {})
            group_section[group] = section or "synthetic"
            for w in WORD_RE.findall(body):
                counts[w] = counts.get(w, 0) + 1
                gc[w] = gc.get(w, 0) + 1
        words = sorted(counts, key=lambda w: (-counts[w], w))
        # German-style compounds of two capitalized sample words extend the
        # vocabulary to a realistic size for large corpora.
        nouns = [w for w in words if w[:1].isupper() and len(w) >= 4 and "-" not in w]
        extra = set()
        if len(nouns) >= 2:
            a = rng.integers(0, len(nouns), COMPOUNDS * 2)
            b = rng.integers(0, len(nouns), COMPOUNDS * 2)
            known = set(words)
            for i, j in zip(a.tolist(), b.tolist()):
                if i != j:
                    w = nouns[i] + nouns[j].lower()
                    if w not in known:
                        extra.add(w)
                if len(extra) >= COMPOUNDS:
                    break
        vocab = words + sorted(extra)
        self.vocab = np.array(vocab, dtype=object)
        index = {w: i for i, w in enumerate(vocab)}

        # background: Zipf over the sample's frequency ranking
        bg = 1.0 / (np.arange(len(words)) + 2.7)
        self.bg_cdf = np.cumsum(bg / bg.sum())

        self.ntopics = max(8, int(round(n ** 0.5)))
        groups = sorted(group_counts)
        self.topic_cdf = []
        self.topic_ids = []
        self.topic_name = []
        for t in range(self.ntopics):
            g = groups[int(rng.integers(0, len(groups)))]
            gc = group_counts[g]
            ids1 = np.array([index[w] for w in gc], dtype=np.int64)
            p1 = np.array([gc[w] for w in gc], dtype=np.float64)
            # damp the seed story's most frequent (function) words
            p1 = p1 / (1.0 + np.log1p(np.array([counts[w] for w in gc], dtype=np.float64)))
            p1 = 0.5 * p1 / p1.sum()
            ids2 = rng.choice(len(vocab), size=TOPIC_WORDS, replace=False)
            p2 = 1.0 / (np.arange(TOPIC_WORDS) + 1.0)
            p2 = 0.5 * p2 / p2.sum()
            ids = np.concatenate([ids1, ids2])
            p = np.concatenate([p1, p2])
            self.topic_ids.append(ids)
            self.topic_cdf.append(np.cumsum(p) / p.sum())
            self.topic_name.append("%s/t%04d" % (group_section[g], t))

    def article(self, rng):
        """(topic number, list of words) of one article."""
        t = int(rng.integers(0, self.ntopics))
        length = int(rng.integers(150, 601))
        share = rng.uniform(0.35, 0.65)
        from_topic = rng.random(length) < share
        k = int(from_topic.sum())
        ids = np.empty(length, dtype=np.int64)
        cdf = self.topic_cdf[t]
        tw = np.searchsorted(cdf, rng.random(k) * cdf[-1], side="right")
        ids[from_topic] = self.topic_ids[t][np.minimum(tw, len(cdf) - 1)]
        bw = np.searchsorted(self.bg_cdf, rng.random(length - k) * self.bg_cdf[-1], side="right")
        ids[~from_topic] = np.minimum(bw, len(self.bg_cdf) - 1)
        return t, self.vocab[ids].tolist()


def _escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def generate(conn, table, n, seed=42, source=None):
    """Fill table with n synthetic articles (ids 1..n); returns n."""
    source = source or os.environ.get("NEWS_SYNTH_SOURCE") or DEFAULT_SOURCE
    if not os.path.exists(source):
        raise RuntimeError("synthetic: source corpus %s not found" % source)
    model = _Model(source, n, seed)
    rng = np.random.default_rng(seed + 1)
    base = np.datetime64("2020-01-01T00:00:00")
    span = 5 * 365 * 86400
    done = 0
    while done < n:
        m = min(CHUNK, n - done)
        buf = io.StringIO()
        secs = rng.integers(0, span, m)
        for k in range(m):
            t, words = model.article(rng)
            # sentence-ish structure: a period every 12 words
            for j in range(11, len(words), 12):
                words[j] += "."
            title = " ".join(words[:8]).rstrip(".")
            ts = str(base + np.timedelta64(int(secs[k]), "s")) + "+00"
            buf.write("%d\t%s\t%s\t%s\t%s\n" % (
                done + k + 1, _escape(model.topic_name[t]), _escape(title),
                _escape(" ".join(words)), ts))
        buf.seek(0)
        with conn.cursor() as cur:
            cur.copy_expert("COPY %s (id, section, title, body, published_at) FROM STDIN" % table, buf)
        done += m
        if n >= 100000 and done % 100000 == 0:
            print("   synthetic: %d / %d articles" % (done, n), file=sys.stderr, flush=True)
    return n
