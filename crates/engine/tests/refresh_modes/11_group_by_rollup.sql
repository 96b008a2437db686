-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: GROUP BY; What causes fallback to full refresh)
-- GROUP BY ROLLUP is not supported for incremental refresh: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_rollup;
CREATE TABLE orders (region STRING, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES ('EU', 10, 20), ('EU', 11, 5), ('US', 12, 7);

-- expect-error: CREATE DYNAMIC TABLE sales_rollup_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT region, customer_id, SUM(amount) AS total FROM orders GROUP BY ROLLUP (region, customer_id);
-- => 002711 (0A000)

CREATE DYNAMIC TABLE sales_rollup_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT region, customer_id, SUM(amount) AS total FROM orders GROUP BY ROLLUP (region, customer_id);

-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_ROLLUP_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SALES_ROLLUP_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES ('US', 12, 3);
-- advance: 1 minute
ALTER DYNAMIC TABLE sales_rollup_auto REFRESH;

-- expect: SELECT region, customer_id, total FROM sales_rollup_auto ORDER BY region NULLS LAST, customer_id NULLS LAST;
-- => EU|10|20
-- => EU|11|5
-- => EU|NULL|25
-- => US|12|10
-- => US|NULL|10
-- => NULL|NULL|35
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SALES_ROLLUP_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
