-- models: docs.snowflake.com/en/user-guide/functions-window-using (reporting aggregates over a partition)
-- Each row's share of its partition's total, and the partition's size and extremes.
CREATE DATABASE share;
CREATE TABLE sales (region STRING, rep STRING, amount NUMBER(10,2));
INSERT INTO sales VALUES ('east', 'ann', 100.00), ('east', 'bob', 50.00), ('west', 'cy', 300.00), ('west', 'dee', 100.00);

-- expect: SELECT rep,
--          SUM(amount) OVER (PARTITION BY region) AS region_total,
--          amount / SUM(amount) OVER (PARTITION BY region) AS share,
--          COUNT(*) OVER (PARTITION BY region) AS reps,
--          MAX(amount) OVER (PARTITION BY region) - amount AS behind_top
--   FROM sales ORDER BY region, rep;
-- => ann|150.00|0.66666667|2|0.00
-- => bob|150.00|0.33333333|2|50.00
-- => cy|400.00|0.75000000|2|0.00
-- => dee|400.00|0.25000000|2|200.00
