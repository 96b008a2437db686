-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: UNPIVOT)
-- UNPIVOT is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_unpivot;
CREATE TABLE monthly_sales (product STRING, jan NUMBER, feb NUMBER);
INSERT INTO monthly_sales VALUES ('lamp', 10, 5);

-- expect-error: CREATE DYNAMIC TABLE sales_long_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT product, month, amount FROM monthly_sales UNPIVOT (amount FOR month IN (jan, feb));
-- => 002711 (0A000)

CREATE DYNAMIC TABLE sales_long_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT product, month, amount FROM monthly_sales UNPIVOT (amount FOR month IN (jan, feb));

-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_LONG_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SALES_LONG_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO monthly_sales VALUES ('desk', 1, 2);
-- advance: 1 minute
ALTER DYNAMIC TABLE sales_long_auto REFRESH;

-- expect: SELECT product, month, amount FROM sales_long_auto ORDER BY product, month;
-- => desk|FEB|2
-- => desk|JAN|1
-- => lamp|FEB|5
-- => lamp|JAN|10
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SALES_LONG_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
