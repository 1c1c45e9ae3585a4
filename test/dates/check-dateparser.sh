#!/usr/bin/env bash
# test/dates/check-dateparser.sh: the German cases of the dateparser
# library's test suite (dateparser-german-cases.jsonl in the shared data
# directory beside the checkout, when present) through news_parse_date();
# see dateparser_cases.py.  Needs
# PGHOST/PGPORT/PGUSER; the extension is created in a scratch database.
set -uo pipefail
DB=na_dateparser_$$
createdb "$DB" || { echo "0 passed, 1 failed"; exit 1; }
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1' EXIT
psql -X -q -d "$DB" -c 'CREATE EXTENSION news_analytics' || { echo "0 passed, 1 failed"; exit 1; }
PGDATABASE=$DB /usr/bin/python3 "$(dirname "$0")/dateparser_cases.py"
