"""Stemming agreement with the Snowball reference (quality).

The Snowball project's German vocabulary snowball-german/voc.txt (in the
shared data directory beside the checkout) (35,033 words) with the reference stems in output.txt.  For each
word we compare the whole-word term of news_tokenize() (its first term) and
the lexeme of to_tsvector('german', word) with the reference stem, and
sort the differences into the ones made on purpose (stop words dropped,
one-letter words dropped, ae/oe/ue read as umlauts) and the rest, with
examples.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
SNOWBALL = os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared", "data",
                        "snowball-german")


def run(ctx):
    with open(os.path.join(SNOWBALL, "voc.txt"), encoding="utf-8") as f:
        voc = [l.rstrip("\n") for l in f]
    with open(os.path.join(SNOWBALL, "output.txt"), encoding="utf-8") as f:
        out = [l.rstrip("\n") for l in f]
    assert len(voc) == len(out)
    ctx.execute("DROP TABLE IF EXISTS stem_ref")
    ctx.execute("CREATE TABLE stem_ref (word text, ref text)")
    with ctx.conn.cursor() as cur:
        cur.executemany("INSERT INTO stem_ref VALUES (%s, %s)", list(zip(voc, out)))
    ctx.execute("""CREATE TEMP TABLE stem_cmp AS
        SELECT word, ref, (news_tokenize(word))[1] AS ours,
               (SELECT min(lexeme) FROM unnest(to_tsvector('german', word))) AS base
          FROM stem_ref""")
    n = ctx.scalar("SELECT count(*) FROM stem_cmp")
    rows = ctx.execute("""
        SELECT count(*) FILTER (WHERE ours = ref),
               count(*) FILTER (WHERE ours IS NULL),
               count(*) FILTER (WHERE ours IS NOT NULL AND ours <> ref),
               count(*) FILTER (WHERE base = ref),
               count(*) FILTER (WHERE base IS NULL),
               count(*) FILTER (WHERE base IS NOT NULL AND base <> ref)
          FROM stem_cmp""")[0]
    ours_eq, ours_none, ours_diff, base_eq, base_none, base_diff = rows
    ctx.table("Stemming: whole-word term vs. Snowball reference (voc.txt -> output.txt, %d words)" % n,
              ["", "news_tokenize (first term)", "to_tsvector('german')"],
              [["same as the reference", "%d (%.2f %%)" % (ours_eq, 100.0 * ours_eq / n),
                "%d (%.2f %%)" % (base_eq, 100.0 * base_eq / n)],
               ["no term (stop word, one letter)", ours_none, base_none],
               ["different term", ours_diff, base_diff],
               ["agreement where a term is produced",
                "%.2f %%" % (100.0 * ours_eq / max(1, n - ours_none)),
                "%.2f %%" % (100.0 * base_eq / max(1, n - base_none))]])

    # why different: classify with news_debug's normalized form
    ctx.execute("""CREATE TEMP TABLE stem_diff AS
        SELECT c.word, c.ref, c.ours, c.base, d.normalized,
               CASE WHEN c.ours = c.base
                    THEN 'same as to_tsvector(''german''): Debian''s libstemmer 2.2 vs. the newer reference'
                    WHEN d.normalized <> replace(lower(c.word), 'ß', 'ss')
                    THEN 'ae/oe/ue read as umlaut (on purpose)'
                    ELSE 'other' END AS why
          FROM stem_cmp c,
               LATERAL (SELECT normalized FROM news_debug(c.word)
                         WHERE type <> 'blank' LIMIT 1) d
         WHERE c.ours IS NOT NULL AND c.ours <> c.ref""")
    rows = ctx.execute("""
        SELECT why, count(*),
               string_agg(word || ' → ' || ours || ' (ref ' || ref || ')', '; '
                          ORDER BY word) FILTER (WHERE rn <= 8)
          FROM (SELECT *, row_number() OVER (PARTITION BY why ORDER BY md5(word)) rn
                  FROM stem_diff) x
         GROUP BY 1 ORDER BY 1""")
    ctx.table("Stemming: the differences", ["why", "words", "examples"], rows)
    rows = ctx.execute("""
        SELECT CASE WHEN word IN (SELECT word FROM stem_cmp WHERE base IS NULL)
                    THEN 'stop word (german.stop)' ELSE 'one letter or no word' END,
               count(*), string_agg(word, ', ' ORDER BY word) FILTER (WHERE rn <= 12)
          FROM (SELECT word, row_number() OVER (ORDER BY md5(word)) rn
                  FROM stem_cmp WHERE ours IS NULL) x
         GROUP BY 1 ORDER BY 1""")
    ctx.table("Stemming: words without a term", ["why", "words", "examples"], rows)
    ctx.execute("DROP TABLE stem_ref")
