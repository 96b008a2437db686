-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LIMIT / FETCH / TOP; What causes fallback to full refresh)
-- LIMIT is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_limit;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 20), (2, 40), (3, 15);

-- expect-error: CREATE DYNAMIC TABLE top_orders_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_id, amount FROM orders ORDER BY amount DESC LIMIT 2;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE top_orders_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, amount FROM orders ORDER BY amount DESC LIMIT 2;

-- expect: SHOW DYNAMIC TABLES LIKE 'TOP_ORDERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => TOP_ORDERS_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL
-- expect: SELECT order_id, amount FROM top_orders_auto ORDER BY order_id;
-- => 1|20
-- => 2|40

INSERT INTO orders VALUES (4, 30);
-- advance: 1 minute
ALTER DYNAMIC TABLE top_orders_auto REFRESH;

-- expect: SELECT order_id, amount FROM top_orders_auto ORDER BY order_id;
-- => 2|40
-- => 4|30
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'TOP_ORDERS_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
