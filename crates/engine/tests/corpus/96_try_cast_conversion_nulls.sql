-- models: docs.snowflake.com/en/sql-reference/functions/try_cast (and try_to_number, try_to_date, nvl2, div0, equal_null)
-- Loading an untidy text feed: the TRY_ conversions give NULL where the strict conversions raise
-- an error (text that is not a number, a date that does not exist, a value too wide for the
-- precision). NVL2, DIV0 and EQUAL_NULL handle the NULLs and zeros that remain.
CREATE DATABASE feed_cleanup;
CREATE TABLE feed (id NUMBER, amount_txt STRING, day_txt STRING, eu_day_txt STRING, flag_txt STRING,
                   qty NUMBER, returned NUMBER, note STRING);
INSERT INTO feed VALUES
  (1, '12.345', '2024-03-15', '15/03/2024', 'true', 4, 1, 'ok'),
  (2, 'n/a', '2024-02-30', '31/02/2024', 'maybe', 0, 0, NULL),
  (3, '123456', 'soon', '01/12/2023', 'FALSE', 5, NULL, 'late'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- A scale rounds the value; 123456 needs six digits, more than a precision of 5 allows.
-- expect: SELECT id, TRY_TO_NUMBER(amount_txt, 10, 2), TRY_TO_NUMBER(amount_txt, 5, 0), TRY_TO_NUMBER(amount_txt),
--          TRY_CAST(amount_txt AS NUMBER(10,2))
--   FROM feed ORDER BY id;
-- => 1|12.35|12|12|12.35
-- => 2|NULL|NULL|NULL|NULL
-- => 3|123456.00|NULL|123456|123456.00
-- => 4|NULL|NULL|NULL|NULL

-- expect: SELECT id, TRY_TO_DATE(day_txt), TRY_CAST(day_txt AS DATE), TRY_TO_DATE(eu_day_txt, 'DD/MM/YYYY'),
--          TRY_CAST(flag_txt AS BOOLEAN)
--   FROM feed ORDER BY id;
-- => 1|2024-03-15|2024-03-15|2024-03-15|TRUE
-- => 2|NULL|NULL|NULL|NULL
-- => 3|NULL|NULL|2023-12-01|FALSE
-- => 4|NULL|NULL|NULL|NULL

-- NVL2 picks its second argument when the first is not NULL; DIV0 gives 0 for a zero divisor but
-- keeps a NULL; EQUAL_NULL treats two NULLs as equal where = gives NULL.
-- expect: SELECT id, NVL2(note, 'has note', 'no note'), DIV0(returned, qty), DIV0(qty, returned),
--          EQUAL_NULL(returned, qty), returned = qty
--   FROM feed ORDER BY id;
-- => 1|has note|0.250000|4.000000|FALSE|FALSE
-- => 2|no note|0.000000|0.000000|TRUE|TRUE
-- => 3|has note|NULL|NULL|FALSE|NULL
-- => 4|no note|NULL|NULL|TRUE|NULL

-- Only rows whose amount converts are kept; the rest are counted as rejects.
CREATE TABLE clean_amounts AS
  SELECT id, TRY_TO_NUMBER(amount_txt, 10, 2) AS amount FROM feed WHERE TRY_TO_NUMBER(amount_txt, 10, 2) IS NOT NULL;
-- expect: SELECT id, amount FROM clean_amounts ORDER BY id;
-- => 1|12.35
-- => 3|123456.00
-- expect: SELECT COUNT_IF(TRY_TO_NUMBER(amount_txt) IS NULL AND amount_txt IS NOT NULL) FROM feed;
-- => 1

-- The strict conversions raise errors on the same input.
-- expect-error: SELECT TO_NUMBER(amount_txt) FROM feed WHERE id = 2;
-- => is not recognized
-- expect-error: SELECT TO_DATE(day_txt) FROM feed WHERE id = 2;
-- => is not recognized

-- Without a format, the AUTO input format reads slashes as MM/DD/YYYY, so a day first does not parse.
-- expect: SELECT TRY_TO_DATE('03/15/2024'), TRY_TO_DATE('15/03/2024'), TRY_CAST('2024-02-29' AS DATE), TRY_CAST('12x' AS INTEGER);
-- => 2024-03-15|NULL|2024-02-29|NULL
