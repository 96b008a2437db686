-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: PIVOT — subquery in the IN clause)
-- PIVOT whose IN list is a subquery is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_pivot_subquery;
CREATE TABLE quarterly_sales (product STRING, quarter STRING, amount NUMBER);
CREATE TABLE reported_quarters (quarter STRING);
INSERT INTO quarterly_sales VALUES ('lamp', 'Q1', 10), ('lamp', 'Q2', 5), ('desk', 'Q1', 7);
INSERT INTO reported_quarters VALUES ('Q1'), ('Q2');

-- expect-error: CREATE DYNAMIC TABLE sales_dyn_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN (SELECT quarter FROM reported_quarters)) AS p;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE sales_dyn_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN (SELECT quarter FROM reported_quarters)) AS p;

-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_DYN_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SALES_DYN_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO quarterly_sales VALUES ('desk', 'Q2', 4);
-- advance: 1 minute
ALTER DYNAMIC TABLE sales_dyn_auto REFRESH;

-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SALES_DYN_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
