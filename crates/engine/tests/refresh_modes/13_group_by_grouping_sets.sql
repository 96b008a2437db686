-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: GROUP BY; What causes fallback to full refresh)
-- GROUP BY GROUPING SETS is not supported for incremental refresh: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_grouping_sets;
CREATE TABLE orders (region STRING, channel STRING, amount NUMBER);
INSERT INTO orders VALUES ('EU', 'web', 20), ('EU', 'store', 5), ('US', 'web', 7);

-- expect-error: CREATE DYNAMIC TABLE sales_sets_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT region, channel, SUM(amount) AS total FROM orders GROUP BY GROUPING SETS ((region), (channel));
-- => 002711 (0A000)

CREATE DYNAMIC TABLE sales_sets_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT region, channel, SUM(amount) AS total FROM orders GROUP BY GROUPING SETS ((region), (channel));

-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_SETS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SALES_SETS_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES ('US', 'store', 3);
-- advance: 1 minute
ALTER DYNAMIC TABLE sales_sets_auto REFRESH;

-- expect: SELECT region, channel, total FROM sales_sets_auto ORDER BY region NULLS LAST, channel NULLS LAST;
-- => EU|NULL|25
-- => US|NULL|10
-- => NULL|store|8
-- => NULL|web|27
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SALES_SETS_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
