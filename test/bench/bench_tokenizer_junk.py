"""Junk scan of the tokenizer on real news text (quality).

Runs news_tokenize() over gnad-dev.csv (DER STANDARD) and dach-articles.jsonl
(news from DE/CH/AT/LU/LI), both in the shared data directory beside the
checkout, and lists
what comes out: the most frequent terms, the longest terms, all one-letter
terms, the most frequent terms with digits, and the terms that look like
junk by rule (punctuation inside, over 40 bytes, ...), side by side with
the lexemes of to_tsvector('german') where that helps.  Independent of the
corpus loaded by run.sh.  Read its output; it is not a pass/fail test.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared", "data")


def read_texts():
    import csv
    texts = []
    with open(os.path.join(SHARED, "gnad-dev.csv"), encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter=";", quotechar="'", doublequote=True):
            if len(row) >= 2:
                texts.append(("gnad", ";".join(row[1:])))
    with open(os.path.join(SHARED, "dach-articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            texts.append(("dach", (a.get("title") or "") + "\n" + (a.get("text") or "")))
    return texts


def run(ctx):
    texts = read_texts()
    ctx.execute("DROP TABLE IF EXISTS junk_texts")
    ctx.execute("CREATE TABLE junk_texts (id serial, source text, body text)")
    with ctx.conn.cursor() as cur:
        cur.executemany("INSERT INTO junk_texts (source, body) VALUES (%s, %s)", texts)
    ctx.execute("DROP TABLE IF EXISTS junk_terms")
    ctx.execute("""CREATE TABLE junk_terms AS
                   SELECT source, t AS term FROM junk_texts, unnest(news_tokenize(body)) t""")
    total, distinct = ctx.execute("SELECT count(*), count(DISTINCT term) FROM junk_terms")[0]
    base_total, base_distinct = ctx.execute(
        """SELECT sum(n), count(DISTINCT lexeme) FROM
             (SELECT lexeme, cardinality(positions) n
                FROM junk_texts, unnest(to_tsvector('german', body))) x""")[0]
    ctx.table("Junk scan: corpus (gnad-dev.csv + dach-articles.jsonl, %d texts)" % len(texts),
              ["", "news_tokenize", "to_tsvector('german')"],
              [["terms (with repetition)", total, base_total],
               ["distinct terms", distinct, base_distinct]])

    rows = ctx.execute("""SELECT term, count(*) FROM junk_terms GROUP BY term
                          ORDER BY 2 DESC, 1 LIMIT 40""")
    ctx.table("Junk scan: 40 most frequent terms", ["term", "count"], rows)

    rows = ctx.execute("""SELECT term, octet_length(term), count(*) FROM junk_terms
                          GROUP BY term ORDER BY 2 DESC, 1 LIMIT 25""")
    ctx.table("Junk scan: 25 longest terms", ["term", "bytes", "count"], rows)

    rows = ctx.execute("""SELECT term, count(*) FROM junk_terms WHERE char_length(term) = 1
                          GROUP BY term ORDER BY 2 DESC, 1""")
    ctx.table("Junk scan: one-letter terms", ["term", "count"], rows or [["(none)", 0]])

    rows = ctx.execute("""SELECT term, count(*) FROM junk_terms WHERE term ~ '[0-9]'
                          GROUP BY term ORDER BY 2 DESC, 1 LIMIT 40""")
    ctx.table("Junk scan: 40 most frequent terms with digits", ["term", "count"], rows)

    rows = ctx.execute("""SELECT CASE WHEN term ~ '^[0-9]+$' THEN 'integer'
                                      WHEN term ~ '^[0-9]+,[0-9]+$' THEN 'decimal'
                                      WHEN term ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN 'date'
                                      WHEN term ~ '^[0-9]{2}:[0-9]{2}$' THEN 'time'
                                      WHEN term ~ '^[0-9]' THEN 'starts with digit'
                                      ELSE 'letters and digits' END, count(*), count(DISTINCT term),
                                 min(term), max(term)
                            FROM junk_terms WHERE term ~ '[0-9]' GROUP BY 1 ORDER BY 2 DESC""")
    ctx.table("Junk scan: terms with digits by shape",
              ["shape", "count", "distinct", "min", "max"], rows)

    rows = ctx.execute(r"""SELECT term, count(*) FROM junk_terms
                           WHERE term ~ '[^[:alnum:]]' AND term !~ '^(#|@)[[:alnum:]_]+$'
                           GROUP BY term ORDER BY 2 DESC, 1 LIMIT 40""")
    ctx.table("Junk scan: terms with punctuation (URLs, hosts, e-mail, numbers, ...)",
              ["term", "count"], rows or [["(none)", 0]])

    rows = ctx.execute("""SELECT source, count(*) FILTER (WHERE char_length(term) = 1),
                                 count(*) FILTER (WHERE octet_length(term) > 40),
                                 count(*) FILTER (WHERE term ~ '[^[:alnum:]@#.,:/''_+-]'),
                                 count(*)
                            FROM junk_terms GROUP BY 1 ORDER BY 1""")
    ctx.table("Junk scan: suspicious terms per source",
              ["source", "one letter", "over 40 bytes", "odd characters", "all terms"], rows)
    ctx.execute("DROP TABLE junk_terms")
    ctx.execute("DROP TABLE junk_texts")
