-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: PIVOT)
-- PIVOT with a fixed list of values in IN refreshes incrementally.
CREATE DATABASE rm_pivot;
CREATE TABLE quarterly_sales (product STRING, quarter STRING, amount NUMBER);
INSERT INTO quarterly_sales VALUES ('lamp', 'Q1', 10), ('lamp', 'Q2', 5), ('desk', 'Q1', 7);

CREATE DYNAMIC TABLE sales_by_quarter_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN ('Q1', 'Q2')) AS p (product, q1, q2);
CREATE DYNAMIC TABLE sales_by_quarter_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN ('Q1', 'Q2')) AS p (product, q1, q2);

-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_BY_QUARTER_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SALES_BY_QUARTER_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_BY_QUARTER_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SALES_BY_QUARTER_INCR|INCREMENTAL|NULL
-- expect: SELECT product, q1, q2 FROM sales_by_quarter_incr ORDER BY product;
-- => desk|7|NULL
-- => lamp|10|5

INSERT INTO quarterly_sales VALUES ('desk', 'Q2', 4), ('chair', 'Q2', 3);
UPDATE quarterly_sales SET amount = 12 WHERE product = 'lamp' AND quarter = 'Q1';
-- advance: 1 minute
ALTER DYNAMIC TABLE sales_by_quarter_incr REFRESH;

-- expect: SELECT product, q1, q2 FROM sales_by_quarter_incr ORDER BY product;
-- => chair|NULL|3
-- => desk|7|4
-- => lamp|12|5
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SALES_BY_QUARTER_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
