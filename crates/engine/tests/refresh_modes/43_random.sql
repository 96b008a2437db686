-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: SELECT; What causes fallback to full refresh — non-deterministic scalar functions)
-- RANDOM() in the select list is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_random;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 20), (2, 40);

-- expect-error: CREATE DYNAMIC TABLE shuffled_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_id, RANDOM() AS r FROM orders;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE shuffled_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, RANDOM() AS r FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'SHUFFLED_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SHUFFLED_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES (3, 15);
-- advance: 1 minute
ALTER DYNAMIC TABLE shuffled_auto REFRESH;

-- expect: SELECT order_id FROM shuffled_auto WHERE r IS NOT NULL ORDER BY order_id;
-- => 1
-- => 2
-- => 3
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SHUFFLED_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
