"""Compound splitting through SQL: news_tokenize against to_tsvector('german')
on the 967 gold-analysed compounds of DEKOR (compounds-dekor-dev.tsv in
the shared data directory beside the checkout).

A compound counts as found when the terms of the word include the Snowball
stem (ts_lexize('german_stem', lemma)) of every gold part lemma, i.e. when a
search for any part finds the compound.  The surface word is rebuilt from the
gold analysis (linking elements, umlaut) and capitalized as in running text.
Also times tokenizing all compounds, ours vs. the baseline.

The stand-alone variant of this measurement (no server, plus junk rate and
lexicon load time) is test/bench/compounds.sh.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEKOR = os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared",
                     "data", "compounds-dekor-dev.tsv")

UMLAUT = {"a": "ä", "o": "ö", "u": "ü"}


def umlaut(word):
    """Umlaut the last a/o/u (the a of "au"): Land -> Länd, Haus -> Häus."""
    for i in range(len(word) - 1, -1, -1):
        c = word[i]
        if c == "u" and i > 0 and word[i - 1] == "a":
            return word[:i - 1] + "ä" + word[i:]
        if c in UMLAUT:
            return word[:i] + UMLAUT[c] + word[i + 1:]
    return word


def parse(analysis):
    """Gold analysis -> (surface word, lemmas)."""
    lemmas, surface, cur = [], "", ""
    for tok in analysis.split("_"):
        if tok.startswith("-"):
            if cur.endswith(tok[1:]):
                cur = cur[:len(cur) - len(tok) + 1]
        elif tok.startswith("+"):
            rest = tok[1:]
            if rest.startswith("="):
                cur, rest = umlaut(cur), rest[1:]
            cur += rest
        elif tok.startswith("="):
            cur = umlaut(cur)
        else:
            surface += cur
            lemmas.append(tok)
            cur = tok
    surface += cur
    return surface[:1].upper() + surface[1:], lemmas


def run(ctx):
    if not os.path.exists(DEKOR):
        ctx.note("DEKOR data not found at %s; skipped" % DEKOR)
        return
    rows = []
    with open(DEKOR, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            analysis = line.split("\t")[0].strip()
            if analysis:
                surface, lemmas = parse(analysis)
                rows.append((n, surface, lemmas))
    ctx.execute("DROP TABLE IF EXISTS bench_dekor")
    ctx.execute("CREATE TABLE bench_dekor (id int, word text, lemmas text[])")
    with ctx.conn.cursor() as cur:
        cur.executemany("INSERT INTO bench_dekor VALUES (%s, %s, %s)", rows)
    ctx.execute("ANALYZE bench_dekor")

    found = """
        SELECT count(*) FILTER (WHERE id %% 2 = 1), count(*) FILTER (WHERE id %% 2 = 0)
        FROM bench_dekor d
        WHERE NOT EXISTS (
            SELECT 1 FROM unnest(d.lemmas) AS l(lemma),
                 LATERAL (SELECT (ts_lexize('german_stem', l.lemma))[1] AS stem) s
            WHERE s.stem IS NOT NULL AND NOT (s.stem = ANY (%s)))
    """
    total = ctx.execute("SELECT count(*) FILTER (WHERE id % 2 = 1), "
                        "count(*) FILTER (WHERE id % 2 = 0) FROM bench_dekor")[0]
    ours = ctx.execute(found % "news_tokenize(d.word)")[0]
    base = ctx.execute(found % "tsvector_to_array(to_tsvector('german', d.word))")[0]
    ctx.table("DEKOR compounds found by a search for each part (through SQL)",
              ["half", "n", "news_tokenize", "to_tsvector('german')"],
              [["development (odd lines)", total[0],
                "%.1f %%" % (100.0 * ours[0] / total[0]),
                "%.1f %%" % (100.0 * base[0] / total[0])],
               ["held out (even lines)", total[1],
                "%.1f %%" % (100.0 * ours[1] / total[1]),
                "%.1f %%" % (100.0 * base[1] / total[1])]])
    ctx.compare("tokenize 967 DEKOR compounds", "news_tokenize(word)",
                "SELECT sum(cardinality(news_tokenize(word))) FROM bench_dekor",
                "to_tsvector('german', word)",
                "SELECT sum(length(to_tsvector('german', word))) FROM bench_dekor")
    ctx.execute("DROP TABLE bench_dekor")
