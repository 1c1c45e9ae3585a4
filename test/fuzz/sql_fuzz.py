"""SQL-level fuzzing of every function of news_analytics.

Usage: /usr/bin/python3 test/fuzz/sql_fuzz.py [--calls N] [--seed S] [--db DB]

Enumerates the extension's SQL functions and aggregates (from pg_depend),
and calls each with random and mutated arguments of its argument types:
text from the sample articles mutated byte- and character-wise plus odd
Unicode, edge-case numbers, timestamps and intervals, and literals of the
extension's own types (valid ones obtained from the extension's output
functions, then mutated).  The binary receive function of each of our types
is fed mutated send() output through COPY ... (FORMAT binary).

A call may fail with an error; that is fine as long as the error has a
proper SQLSTATE.  It is a FAILURE when:
  - the server crashes (connection lost),
  - an error has SQLSTATE class XX (internal error: elog instead of
    ereport, or an internal invariant broken),
  - a call on a small input takes longer than the statement timeout (hang),
  - a float result is NaN where none is documented.
Ends with "N passed, N failed", counting one test per fuzzed function and
per binary receive function (a test fails when any of its calls fails).
"""

import argparse
import os
import random
import struct
import sys
import time

import psycopg2
import psycopg2.errors

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

ODD = ["\u00ad", "\u200b", "\u200d", "\ufeff", "\u00a0", "\u2028", "\u0301", "\u0308",
       "\ufffd", "\U0001F600", "\u202e", "ß", "ẞ", "İ", "ı", "ǅ", "\u0000"[:0],
       "„", "“", "«", "»", "’", "–", "—", "*", ":", "_", "/", "-", "'", ".", ",",
       "\t", "\n", "\r", " ", "\\", "{", "}", "[", "]", "(", ")", ":", "\"", "=",
       "%", "1e308", "-0", "NaN", "Infinity", "-1", "4294967296", "9" * 40]

INTS = [-2147483648, -1, 0, 1, 2, 3, 10, 100, 1000000, 2147483647]
FLOATS = ["0", "-0", "1", "-1", "0.5", "1e308", "-1e308", "1e-320", "NaN", "Infinity", "-Infinity"]
TIMESTAMPS = ["2024-03-31 02:30:00+01", "2024-10-27 02:30:00+02", "2024-02-29 12:00:00+01",
              "1900-01-01 00:00:00+00", "2100-12-31 23:59:59+00", "infinity", "-infinity",
              "4713-01-01 00:00:00+00 BC", "294276-12-31 23:59:59+00", "2021-01-01 00:00:00+01",
              "1970-01-01 00:00:00+00"]
INTERVALS = ["0", "1 second", "1 hour", "1 day", "-1 day", "30 days", "1000000 years",
             "-178000000 years", "1 mon", "00:00:00.000001"]
BOOLS = ["true", "false"]
ZONES = ["Europe/Zurich", "UTC", "America/New_York", "Australia/Lord_Howe", "Nowhere/Land",
         "+05:30", "", "Europe/Zurich\u0000"[:13]]
GRANULARITIES = ["hour", "day", "week", "month", "quarter", "year", "Day", "DAY ",
                 "fortnight", "", "minute", "decade"]


class Fuzzer:
    def __init__(self, db, seed, timeout_ms):
        self.db = db
        self.rng = random.Random(seed)
        self.timeout_ms = timeout_ms
        self.failures = []
        self.failed_labels = set()
        self.labels = set()
        self.calls = 0
        self.errors_by_state = {}
        self.connect()
        self.texts = [r[0] for r in self.query(
            "SELECT body FROM articles UNION ALL SELECT title FROM articles")] or ["Test"]
        self.seeds = {}

    def connect(self):
        for _ in range(60):
            try:
                self.conn = psycopg2.connect(dbname=self.db)
                self.conn.autocommit = True
                with self.conn.cursor() as cur:
                    cur.execute("SET statement_timeout = %s", (self.timeout_ms,))
                    cur.execute("SET TimeZone = 'Europe/Zurich'")
                return
            except psycopg2.OperationalError:
                time.sleep(1)
        sys.exit("cannot connect to database %s" % self.db)

    def query(self, sql, params=None):
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []

    # ------------------------------------------------------------ values

    def mutate(self, s):
        rng = self.rng
        s = list(s)
        for _ in range(rng.randint(1, 6)):
            op = rng.randrange(7)
            pos = rng.randint(0, len(s))
            if op == 0 and s:
                del s[rng.randrange(len(s))]
            elif op == 1:
                s[pos:pos] = list(rng.choice(ODD))
            elif op == 2 and s:
                i = rng.randrange(len(s))
                s[i] = chr(rng.choice([rng.randint(32, 126), rng.randint(0xa0, 0x17f),
                                       rng.randint(0x300, 0x36f), rng.randint(0x2000, 0x206f),
                                       rng.randint(0x1, 0x1f)]))
            elif op == 3 and s:
                a = rng.randrange(len(s))
                b = min(len(s), a + rng.randint(1, 40))
                s[pos:pos] = s[a:b] * rng.randint(1, 5)
            elif op == 4:
                s = s[:pos]
            elif op == 5 and s:
                s = s[pos:]
            else:
                s[pos:pos] = list(str(rng.choice(INTS + [1.5, -2.25, 1e300])))
        return "".join(s)

    def random_text(self):
        rng = self.rng
        r = rng.random()
        if r < 0.15:
            return rng.choice(["", " ", "\u00ad", "-", "*innen", "z.B.", "1'500", "Fr. 1.50",
                               "3.2.2023", "7. Juli 2021, 11:53", "vor 2 Stunden", "https://x.example/a?b=c",
                               "a" * 5000, "Donaudampfschifffahrtsgesellschaftskapitän" * 50])
        t = rng.choice(self.texts)
        if r < 0.35:
            a = rng.randrange(max(1, len(t)))
            return t[a:a + rng.randint(1, 200)]
        if r < 0.45:
            return t
        return self.mutate(t[:rng.randint(0, 600)])

    def type_seeds(self, typname):
        """Valid literals of one of our types, from its output function."""
        if typname in self.seeds:
            return self.seeds[typname]
        producers = {
            "news_vector": ["SELECT news_vector(body)::text FROM articles ORDER BY id LIMIT 12",
                            "SELECT news_vector('')::text"],
            "news_rollup": ["SELECT news_rollup(published_at)::text FROM articles GROUP BY section",
                            "SELECT news_rollup(published_at)::text FROM articles WHERE false"],
        }
        seeds = []
        for sql in producers.get(typname, []):
            try:
                seeds += [r[0] for r in self.query(sql) if r[0] is not None]
            except psycopg2.Error:
                pass
        self.seeds[typname] = seeds or [""]
        return self.seeds[typname]

    def value(self, typname, argname):
        rng = self.rng
        if rng.random() < 0.03:
            return None
        if typname == "text" or typname == "name":
            low = (argname or "").lower()
            if "gran" in low:
                return rng.choice(GRANULARITIES)
            if "zone" in low or low in ("tz",):
                return rng.choice(ZONES)
            if "col" in low:
                return rng.choice(["body", "title", "id", "nope", "", "BODY"])
            return self.random_text()
        if typname in ("int4", "int2", "int8"):
            return str(rng.choice(INTS))
        if typname in ("float8", "float4", "numeric"):
            return rng.choice(FLOATS)
        if typname == "timestamptz" or typname == "timestamp":
            return rng.choice(TIMESTAMPS)
        if typname == "interval":
            return rng.choice(INTERVALS)
        if typname == "bool":
            return rng.choice(BOOLS)
        if typname == "regclass":
            return rng.choice(["articles", "pg_class", "no_such_table", "articles_pkey"])
        if typname == "jsonb":
            return rng.choice(["{}", "[]", "null", "{\"a\": 1}"])
        seeds = self.type_seeds(typname)
        lit = rng.choice(seeds)
        return lit if rng.random() < 0.3 else self.mutate(lit)

    # ------------------------------------------------------------ calls

    def functions(self):
        return self.query("""
            SELECT p.oid, p.proname, p.prokind, p.proretset,
                   array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t),
                   array(SELECT typname FROM unnest(p.proargtypes) WITH ORDINALITY u(t, n)
                          JOIN pg_type ON pg_type.oid = u.t ORDER BY n),
                   coalesce(p.proargnames, '{}'), format_type(p.prorettype, NULL)
              FROM pg_proc p
              JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
              JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'news_analytics'
             WHERE d.deptype = 'e'
               AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes) t
                                WHERE t IN ('internal'::regtype, 'cstring'::regtype))
               AND format_type(p.prorettype, NULL) NOT IN ('internal', 'cstring', 'trigger', 'event_trigger')
               AND p.proname !~ '(_in|_out|_recv|_send|_sfunc|_combine|_final|_trans|_inv|_msfunc|_minvfunc)$'
             ORDER BY p.proname, p.oid""")

    def call(self, proname, kind, retset, fmt_types, typnames, argnames, rettype):
        args = [self.value(t, argnames[i] if i < len(argnames) else None)
                for i, t in enumerate(typnames)]
        casts = ", ".join("%%s::%s" % t for t in fmt_types)
        fn = '"%s"' % proname
        if kind == "a":
            sql = "SELECT %s(%s) FROM generate_series(1, %d)" % (fn, casts, self.rng.randint(0, 3))
        elif retset:
            sql = "SELECT * FROM %s(%s) LIMIT 50" % (fn, casts)
        else:
            sql = "SELECT %s(%s)" % (fn, casts)
        self.execute_checked(sql, args, "%s(%s)" % (proname, ", ".join(fmt_types)))

    def execute_checked(self, sql, args, label):
        self.calls += 1
        self.labels.add(label)
        start = time.perf_counter()
        try:
            rows = self.query(sql, args)
            for row in rows:
                for v in row:
                    if isinstance(v, float) and v != v:
                        self.fail(label, args, "NaN result")
        except psycopg2.errors.QueryCanceled:
            self.fail(label, args, "timeout after %.1f s (hang?)" % (time.perf_counter() - start))
        except psycopg2.Error as e:
            self.classify(e, label, args)

    def classify(self, e, label, args):
        """An error is fine if it has a proper SQLSTATE and the session lives."""
        if self.conn.closed:
            self.fail(label, args, "CONNECTION LOST (server crash?): %s" % str(e).strip())
            self.connect()
            return
        state = e.pgcode or "?????"
        self.errors_by_state[state] = self.errors_by_state.get(state, 0) + 1
        if state.startswith("XX") or state == "?????":
            self.fail(label, args, "internal error %s: %s" % (state, (e.pgerror or "").strip()))
        elif state == "08P01":
            # pq_getmsg* on truncated data: our receive functions check
            # lengths first and report 22P03 invalid_binary_representation
            self.fail(label, args, "protocol violation instead of 22P03: %s" % (e.pgerror or "").strip())

    def fail(self, label, args, why):
        self.failed_labels.add(label)
        shown = [a if a is None or len(a) < 120 else a[:120] + "…" for a in args]
        self.failures.append("%s %r: %s" % (label, shown, why))

    def fuzz_binary(self, rounds):
        """Mutated send() output through COPY FROM (FORMAT binary) -> recv."""
        types = self.query("""
            SELECT t.typname, t.typsend::regproc::text FROM pg_type t
              JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid
              JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'news_analytics'
             WHERE d.deptype = 'e' AND t.typtype = 'b' AND t.typsend <> 0""")
        for typname, send in types:
            valid = []
            for lit in self.type_seeds(typname):
                try:
                    valid.append(bytes(self.query("SELECT %s(%%s::%s)" % (send, typname), (lit,))[0][0]))
                except psycopg2.Error:
                    pass
            if not valid:
                continue
            self.query("CREATE TEMP TABLE IF NOT EXISTS fuzz_bin_%s (v %s)" % (typname, typname))
            for _ in range(rounds):
                data = bytearray(self.rng.choice(valid))
                for _ in range(self.rng.randint(1, 4)):
                    op = self.rng.randrange(4)
                    if op == 0 and data:
                        data[self.rng.randrange(len(data))] = self.rng.randrange(256)
                    elif op == 1:
                        data = data[:self.rng.randint(0, len(data))]
                    elif op == 2 and len(data) >= 4:
                        i = self.rng.randrange(len(data) - 3)
                        data[i:i + 4] = struct.pack(">i", self.rng.choice(INTS))
                    else:
                        data += bytes(self.rng.randrange(256) for _ in range(self.rng.randint(1, 16)))
                stream = (b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
                          + struct.pack(">hi", 1, len(data)) + bytes(data) + struct.pack(">h", -1))
                self.calls += 1
                self.labels.add("%s_recv" % typname)
                try:
                    import io
                    with self.conn.cursor() as cur:
                        cur.copy_expert("COPY fuzz_bin_%s FROM STDIN (FORMAT binary)" % typname,
                                        io.BytesIO(stream))
                        cur.execute("SELECT v::text FROM fuzz_bin_%s" % typname)
                        cur.fetchall()
                        cur.execute("TRUNCATE fuzz_bin_%s" % typname)
                except psycopg2.Error as e:
                    lost = bool(self.conn.closed)
                    self.classify(e, "%s_recv" % typname, [data.hex()[:200]])
                    if lost:
                        self.query("CREATE TEMP TABLE IF NOT EXISTS fuzz_bin_%s (v %s)"
                                   % (typname, typname))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--db", default=os.environ.get("NEWS_FUZZ_DB", "contrib_regression"))
    ap.add_argument("--timeout-ms", type=int, default=10000)
    args = ap.parse_args()

    fz = Fuzzer(args.db, args.seed, args.timeout_ms)
    funcs = fz.functions()
    print("sql_fuzz: seed %d, %d functions, %d calls" % (args.seed, len(funcs), args.calls))
    if not funcs:
        print("no functions found: is the extension installed in %s?" % args.db)
        print("0 passed, 1 failed")
        return 1
    per_func = max(1, args.calls // (len(funcs) + 1))
    for f in funcs:
        for _ in range(per_func):
            fz.call(*f[1:])
    fz.fuzz_binary(per_func)
    print("calls: %d; errors by SQLSTATE: %s" % (fz.calls, dict(sorted(fz.errors_by_state.items()))))
    for f in fz.failures[:50]:
        print("FAIL " + f)
    failed = len(fz.failed_labels)
    print("%d passed, %d failed" % (len(fz.labels) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
