-- models: docs.snowflake.com/en/sql-reference/functions/to_date (with to_char/to_varchar, to_timestamp)
-- Parsing text with explicit formats when loading raw rows, and formatting dates back to text.
CREATE DATABASE conversions;
CREATE TABLE raw_rows (id NUMBER, day_text STRING, eu_text STRING, ts_text STRING);
INSERT INTO raw_rows VALUES
  (1, '2024/03/05', '05-03-2024', '2024-03-05 07:08:09'),
  (2, '2023/12/31', '31-12-2023', '2023-12-31 23:59:58');

CREATE TABLE typed_rows AS
  SELECT id,
         TO_DATE(day_text, 'YYYY/MM/DD') AS d1,
         TO_DATE(eu_text, 'DD-MM-YYYY') AS d2,
         TO_TIMESTAMP(ts_text, 'YYYY-MM-DD HH24:MI:SS') AS ts
  FROM raw_rows;

-- expect: SELECT id, d1, d2, ts, d1 = d2 FROM typed_rows ORDER BY id;
-- => 1|2024-03-05|2024-03-05|2024-03-05 07:08:09.000|TRUE
-- => 2|2023-12-31|2023-12-31|2023-12-31 23:59:58.000|TRUE
-- expect: SELECT TO_VARCHAR(d1, 'YYYY-MM'), TO_VARCHAR(d1, 'DD/MM/YYYY'), TO_CHAR(ts, 'HH24:MI'), TO_VARCHAR(d1) FROM typed_rows ORDER BY id;
-- => 2024-03|05/03/2024|07:08|2024-03-05
-- => 2023-12|31/12/2023|23:59|2023-12-31
-- expect: SELECT TO_DATE('2024-02-29'), '2024-03-05'::DATE, CAST('42' AS NUMBER) + 1, TO_VARCHAR(12.50);
-- => 2024-02-29|2024-03-05|43|12.50
