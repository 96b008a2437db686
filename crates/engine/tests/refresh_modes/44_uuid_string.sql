-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (What causes fallback to full refresh — non-deterministic scalar functions in SELECT)
-- UUID_STRING() in the select list is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_uuid;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 20), (2, 40);

-- expect-error: CREATE DYNAMIC TABLE keyed_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_id, UUID_STRING() AS row_key FROM orders;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE keyed_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, UUID_STRING() AS row_key FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'KEYED_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => KEYED_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES (3, 15);
-- advance: 1 minute
ALTER DYNAMIC TABLE keyed_auto REFRESH;

-- expect: SELECT order_id, LENGTH(row_key) FROM keyed_auto ORDER BY order_id;
-- => 1|36
-- => 2|36
-- => 3|36
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'KEYED_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
