--
-- date_parse: news_parse_date() on German news dates
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS news_analytics;
RESET client_min_messages;
SET TimeZone = 'Europe/Zurich';
SET DateStyle = 'ISO, YMD';

-- a fixed reference instead of now(): Thursday 2021-07-08 10:30 in Zurich
CREATE TABLE date_cases (s text);
INSERT INTO date_cases VALUES
  ('7. Juli 2021, 11:53'), ('07.07.2021 11:53'), ('3.2.2023'), ('publiziert am 3.2.2023'),
  ('3. Feb. 2023'), ('3. Jänner 2023'), ('3. Januar 2023'), ('12. März 2020'), ('12. Maerz 2020'),
  ('12. Mrz. 2020'), ('1. Sept. 2019'), ('18.10.14 um 22:56 Uhr'), ('12-Mär-2014'),
  ('23. März 18.37 Uhr'), ('23. Dezember, 18:00'), ('Donnerstag, 8. Januar 2015 um 07:17'),
  ('Aktualisiert: 07.07.2021, 11:53 Uhr'), ('7. Juli 2021 11:53 MEZ'), ('7. Juli 2021 11:53 MESZ'),
  ('heute, 09:15'), ('Heute'), ('gestern'), ('Gestern um 04:41'), ('vorgestern'), ('morgen'),
  ('übermorgen 20 Uhr'), ('vor 2 Stunden'), ('vor 3 Tagen'), ('Vor einer Stunde'),
  ('vor etwa 23 Stunden'), ('vor 29m'), ('vor 2 Monaten, 2 Wochen'), ('in zwei Monaten'),
  ('1 Jahr 2 Monate'), ('2021-07-07'), ('2021-07-07T11:53:00'), ('2021-07-07T09:53:00Z'),
  ('2021-07-07T11:53:00.123+02:00'), ('2021-07-07 11:53:00+0100'),
  -- no date, impossible dates
  ('kein Datum'), (''), ('Seite 3 von 12'), ('Version 1.2.3'), ('31.2.2023'), ('29.2.2023'),
  ('29.2.2024'), ('3.2.2023 25:61'), ('25:61'), ('2021-13-01'), ('32. Mai 2021'),
  ('7. Juli 2021 24:00'), ('ümlaut Ä ß 😀 ohne Datum');
SELECT s, news_parse_date(s, '2021-07-08 10:30+02') FROM date_cases;

-- DST: "vor 3 Tagen" keeps the local time of day across the change,
-- "vor 24 Stunden" is an exact duration
SELECT news_parse_date('vor 3 Tagen', '2021-03-30 10:00+02'),
       news_parse_date('vor 24 Stunden', '2021-03-29 10:00+02'),
       news_parse_date('gestern', '2021-03-29 10:00+02');

-- the local time does not exist / exists twice
SELECT news_parse_date('28.3.2021 02:30'), news_parse_date('31.10.2021 02:30');

-- another zone by argument, and a zone in the text wins over it
SELECT news_parse_date('7. Juli 2021 11:53', '2021-07-08', 'America/New_York'),
       news_parse_date('7. Juli 2021 11:53 UTC', '2021-07-08', 'America/New_York'),
       news_parse_date('heute 09:15', '2021-07-08 03:00+02', 'America/New_York');

-- errors and NULLs
SELECT news_parse_date('3.2.2023', '2021-07-08', 'Mars/Olympus');
SELECT news_parse_date('heute', 'infinity');
SELECT news_parse_date(NULL), news_parse_date('3.2.2023', NULL);

-- a long text: the date is found after a megabyte of words
SELECT news_parse_date(repeat('Lorem ipsum dolor sit amet. ', 50000) || 'Publiziert am 3.2.2023, 10:00');

DROP TABLE date_cases;
