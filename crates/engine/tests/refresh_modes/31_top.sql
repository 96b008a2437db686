-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LIMIT / FETCH / TOP <n>; What causes fallback to full refresh)
-- TOP <n> is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_top;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 20), (2, 40), (3, 15);

-- expect-error: CREATE DYNAMIC TABLE top_two_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT TOP 2 order_id, amount FROM orders ORDER BY amount DESC;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE top_two_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT TOP 2 order_id, amount FROM orders ORDER BY amount DESC;

-- expect: SHOW DYNAMIC TABLES LIKE 'TOP_TWO_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => TOP_TWO_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES (4, 50);
-- advance: 1 minute
ALTER DYNAMIC TABLE top_two_auto REFRESH;

-- expect: SELECT order_id, amount FROM top_two_auto ORDER BY order_id;
-- => 2|40
-- => 4|50
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'TOP_TWO_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
