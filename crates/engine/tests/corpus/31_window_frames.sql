-- models: docs.snowflake.com/en/sql-reference/functions-window-syntax (window frames)
-- With ORDER BY and no frame, an aggregate's frame is RANGE BETWEEN UNBOUNDED PRECEDING AND
-- CURRENT ROW, so rows with equal keys (peers) get the same running total; ROWS frames count rows.
CREATE DATABASE frames;
CREATE TABLE txns (d DATE, amt NUMBER);
INSERT INTO txns VALUES ('2024-01-01', 10), ('2024-01-02', 20), ('2024-01-02', 5), ('2024-01-03', 1);

-- expect: SELECT d, amt,
--          SUM(amt) OVER (ORDER BY d) AS range_total,
--          SUM(amt) OVER (ORDER BY d, amt ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS rows_total,
--          COUNT(*) OVER (ORDER BY d) AS n_so_far,
--          SUM(amt) OVER () AS grand,
--          SUM(amt) OVER (ORDER BY d, amt ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS centered
--   FROM txns ORDER BY d, amt;
-- => 2024-01-01|10|10|10|1|36|15
-- => 2024-01-02|5|35|15|3|36|35
-- => 2024-01-02|20|35|35|3|36|26
-- => 2024-01-03|1|36|36|4|36|21
