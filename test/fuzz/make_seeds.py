#!/usr/bin/python3
"""test/fuzz/make_seeds.py: seed corpora of the libFuzzer targets.

    make_seeds.py [--max N] OUTDIR [EXTRA_CSV_OR_JSONL ...]

Writes OUTDIR/<target>/seed-N files generated at run time from the sample
articles (test/data/sample_articles.csv): article texts cut to a fuzzer-sized
length, single sentences, words (compound candidates) and the date
expressions found in them.  Extra files (e.g. the .jsonl files of the shared
data directory beside the checkout, read in place when present) add more texts.  The vector and rollup seeds
(literals and binary encodings made by the cores' own output functions)
are written by seed_tool.c from OUTDIR/texts.txt; see fuzz_lib.sh.  Nothing is
copied into the project.
"""
import csv
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_TEXT = 2000

DATE_RE = re.compile(
    r"(\d{1,2}\.\s?(Januar|Jänner|Februar|Feber|März|April|Mai|Juni|Juli|August|"
    r"September|Oktober|November|Dezember|Jan\.|Feb\.|Sept\.|Okt\.|Nov\.|Dez\.)"
    r"(\s\d{4})?(,?\s(um\s)?\d{1,2}[:.]\d{2}(\sUhr)?)?"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}(\s(um\s)?\d{1,2}:\d{2}(\sUhr)?)?"
    r"|\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}(:?\d{2})?|Z)?)?"
    r"|(heute|gestern|vorgestern|morgen|übermorgen)(,?\s(um\s)?\d{1,2}[:.]\d{2}(\sUhr)?)?"
    r"|(vor|in)\s(etwa\s)?(\d+|einem|einer|zwei|drei)\s(Stunden?|Minuten?|Tagen?|Wochen?|Monaten?|Jahren?))",
    re.IGNORECASE)


def texts(extra):
    """Yield (published_at or None, text) of every article."""
    with open(os.path.join(ROOT, "test/data/sample_articles.csv"), newline="") as f:
        for row in csv.DictReader(f):
            yield row["published_at"], row["title"] + ". " + row["body"]
    for path in extra:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for i, line in enumerate(f):
                if i >= 200:
                    break
                line = line.strip()
                if path.endswith(".jsonl"):
                    try:
                        obj = json.loads(line)
                    except ValueError:
                        continue
                    vals = obj.get("args") if isinstance(obj, dict) and "args" in obj else obj
                    if isinstance(vals, dict):
                        vals = list(vals.values())
                    if isinstance(vals, list):
                        for v in vals:
                            if isinstance(v, str):
                                yield None, v
                else:
                    yield None, line


class Writer:
    """Seed files of one target (at most MAX, the first ones win)."""
    MAX = 1 << 30

    def __init__(self, outdir, name):
        self.dir = os.path.join(outdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.n = 0
        self.seen = set()

    def add(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if data in self.seen or self.n >= self.MAX:
            return
        self.seen.add(data)
        with open(os.path.join(self.dir, "seed-%d" % self.n), "wb") as f:
            f.write(data)
        self.n += 1


def main():
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--max":
        Writer.MAX = int(args[1])
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    out = args[0]
    tok = Writer(out, "tokenizer")
    comp = Writer(out, "compound")
    date = Writer(out, "date_parse")
    words = set()
    # one text a line for seed_tool (vector and rollup seeds)
    tool_texts = open(os.path.join(out, "texts.txt"), "w", encoding="utf-8")
    for published, text in texts(args[1:]):
        tool_texts.write(" ".join(((published or "") + " " + text).split()) + "\n")
        raw = text.encode("utf-8")[:MAX_TEXT].decode("utf-8", "ignore")
        # flag byte: bit 0 = BLANK runs too
        tok.add(b"\x00" + raw.encode())
        tok.add(b"\x01" + raw.encode())
        for sent in re.split(r"(?<=[.!?])\s+", text)[:20]:
            tok.add(b"\x00" + sent.encode())
            date.add(b"\x01" + sent.encode())
        for w in re.findall(r"\w{12,}", text):
            words.add(w)
        for m in DATE_RE.finditer(text):
            date.add(b"\x01" + m.group(0).encode())
            date.add(b"\x00" + ("Publiziert am " + m.group(0)).encode())
        if published:
            date.add(b"\x01" + published.encode())
    for w in sorted(words)[:400]:
        # first byte: maxparts (8 = the splitter's maximum)
        comp.add(b"\x08" + w.lower().encode())
        comp.add(b"\x08" + w.encode())
    for w in ["Mitarbeiter*innen", "E-Mail-Adresse", "z.B. 3,5 Mio.",
              "https://www.nzz.ch/a?b=1", "@nzz #Wahlen2023", "1'500.50 Fr.",
              "Straße Strasse STRASSE", "a\u0308rger", "\u00ad\u200b"]:
        tok.add(b"\x01" + w.encode())
    tool_texts.close()
    print("seeds: tokenizer %d, compound %d, date_parse %d"
          % (tok.n, comp.n, date.n))


if __name__ == "__main__":
    main()
