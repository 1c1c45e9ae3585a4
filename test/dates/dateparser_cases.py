#!/usr/bin/python3
"""Run the German cases of the dateparser library's test suite through
news_parse_date() (test/dates/check-dateparser.sh calls this).

Reads dateparser-german-cases.jsonl from the shared data directory beside
the checkout when present.  Each case's expectation is derived from the case
itself:
  * a datetime(...) value (date parsing tests),
  * an "ago"/"in_future" duration (freshness tests) against dateparser's
    frozen now, 2014-09-01 10:30,
  * the English translation (translation tests), read by a small
    interpreter of those translations,
  * the first dated match (search tests),
  * otherwise (split/detection tests) only that some date is found.
Local times are Europe/Zurich.  Cases outside the scope of news_parse_date are
listed with the reason and not counted.  Exit status 1 only when an in-scope
case fails.  Last line: "N passed, N failed".
"""
import ast
import datetime as dt
import json
import os
import re
import sys

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "data", "dateparser-german-cases.jsonl")

# dateparser's frozen "now" for relative dates, and for year-less dates of
# test_date_parser.py (its RELATIVE_BASE)
FRESH_NOW = dt.datetime(2014, 9, 1, 10, 30)
PARSER_NOW = dt.datetime(2012, 11, 13)

# Inputs outside the scope of the date parser, with the reason.
OUT_OF_SCOPE = {
    "Mit 13:14": "weekday name alone ('Mit' = Mittwoch) as a date: not in scope "
                 "(weekday abbreviations such as 'Die'/'So' are ordinary words)",
    "nächstes jahr": "calendar-period words ('next year') are not in scope",
    "letzte woche 04:25 nachm": "calendar-period words and 12-hour 'nachm.' are not in scope",
    "Date de facture 23 juillet 2020 Condition Redevable livraison FR": "French text",
}

MONTHS_EN = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
UNITS_EN = {"year": "years", "month": "months", "week": "weeks", "day": "days",
            "hour": "hours", "minute": "minutes", "second": "seconds"}


def shift(base, sign, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0):
    """base +/- a calendar duration (months clamp the day, like relativedelta)."""
    mi = base.year * 12 + base.month - 1 + sign * (years * 12 + months)
    y, m = divmod(mi, 12)
    m += 1
    import calendar
    d = min(base.day, calendar.monthrange(y, m)[1])
    r = base.replace(year=y, month=m, day=d)
    return r + sign * dt.timedelta(weeks=weeks, days=days, hours=hours,
                                   minutes=minutes, seconds=seconds)


def py_datetime(text):
    m = re.search(r"datetime(?:\.datetime)?\(([\d,\s]+)\)", text)
    if not m:
        return None
    return dt.datetime(*[int(x) for x in m.group(1).split(",") if x.strip()])


def english(tr, now):
    """Expected value of a dateparser English translation, or None."""
    tr = tr.strip().lower().replace(",", " ")
    words = tr.split()
    m = re.fullmatch(r"(?:[a-z]+day\s+)?(\d{1,2})\.?\s+([a-z]+)(?:\s+(\d{4}))?(?:\s+(\d{1,2}):(\d{2}))?", " ".join(words))
    if m and m.group(2) in MONTHS_EN:
        year = int(m.group(3)) if m.group(3) else now.year
        r = dt.datetime(year, MONTHS_EN[m.group(2)], int(m.group(1)))
        if m.group(4):
            r = r.replace(hour=int(m.group(4)), minute=int(m.group(5)))
        return r
    m = re.fullmatch(r"(?:in\s+)?((?:\d+\s+[a-z]+\s*)+?)(ago)?((?:\s*\d+\s+[a-z]+)*)", " ".join(words))
    if m:
        sign = -1 if m.group(2) else 1
        if not m.group(2) and not tr.startswith("in "):
            return None
        parts = re.findall(r"(\d+)\s+([a-z]+)", m.group(1) + " " + (m.group(3) or ""))
        kw = {}
        for n, u in parts:
            if u not in UNITS_EN:
                return None
            kw[UNITS_EN[u]] = kw.get(UNITS_EN[u], 0) + int(n)
        return shift(now, sign, **kw)
    return None


def cases():
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def derive(c):
    """(input, reference, kind, expected) of a case; kind: 'value',
    'any' (some date must be found) or None (not a parse case)."""
    args, kw, test = c["args"], c["kwargs"], c["test"]
    lit = lambda s: ast.literal_eval("(" + s + ")")
    if test in ("test_dates_parsing", "test_dates_parsing_with_normalization"):
        return lit(args[0]), PARSER_NOW, "value", py_datetime(args[1])
    if test == "test_if_settings_provided_date_order_is_retained":
        return lit(args[0]), PARSER_NOW, "value", py_datetime(kw["expected"])
    if test in ("test_relative_past_dates", "test_normalized_relative_dates",
                "test_relative_future_dates"):
        key = "ago" if "ago" in kw else "in_future"
        d = ast.literal_eval(re.sub(r"\s+", " ", kw[key]))
        return lit(args[0]), FRESH_NOW, "value", shift(FRESH_NOW, -1 if key == "ago" else 1, **d)
    if test == "test_keep_formatting":
        return lit(args[0]), FRESH_NOW, "value", english(lit(args[1]), FRESH_NOW)
    if test in ("test_translation", "test_freshness_translation"):
        return lit(args[1]), FRESH_NOW, "value", english(lit(args[2]), FRESH_NOW)
    if test in ("test_split", "test_applicable_languages", "test_detection",
                "test_search_date_string"):
        return lit(args[1]), FRESH_NOW, "any", None
    if test in ("test_search_and_parse", "test_splitting_of_not_parsed"):
        found = re.findall(r'\("([^"]*)",\s*(datetime\.datetime\([^)]*\))\)', args[2])
        dated = [py_datetime(v) for s, v in found if re.search(r"\d", s)]
        return lit(args[1]), FRESH_NOW, "value", dated[0] if dated else None
    if test == "test_date_search_function":
        return lit(kw["text"]), FRESH_NOW, "value", None
    return None, None, None, None


def main():
    if not os.path.exists(DATA):
        print("dateparser cases not found at %s: skipped" % DATA)
        print("0 passed, 0 failed")
        return 0
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SET TimeZone = 'Europe/Zurich'")
    passed = failed = 0
    out_of_scope = []
    for c in cases():
        text, ref, kind, expected = derive(c)
        where = "%s:%s %s" % (c["file"], c["line"], c["test"])
        if text is None:
            out_of_scope.append((where, "?", "not a parsing case"))
            continue
        if text in OUT_OF_SCOPE:
            out_of_scope.append((where, text, OUT_OF_SCOPE[text]))
            continue
        if kind == "value" and expected is None:
            out_of_scope.append((where, text, "no date expectation could be derived"))
            continue
        cur.execute("SELECT (news_parse_date(%s, %s::timestamp AT TIME ZONE 'Europe/Zurich')"
                    " AT TIME ZONE 'Europe/Zurich')", (text, ref))
        got = cur.fetchone()[0]
        ok = got is not None if kind == "any" else got == expected
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAILED %s: %r -> %s, expected %s" % (where, text, got,
                  "a date" if kind == "any" else expected))
    print("out of scope (%d):" % len(out_of_scope))
    for where, text, why in out_of_scope:
        print("  %s: %r: %s" % (where, text, why))
    print("dateparser: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
