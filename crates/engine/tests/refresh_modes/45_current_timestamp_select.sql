-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (Supported non-deterministic functions: CURRENT_TIMESTAMP; What causes fallback to full refresh)
-- CURRENT_TIMESTAMP in the select list is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_now_select;
CREATE TABLE orders (order_id NUMBER, order_date DATE);
INSERT INTO orders VALUES (1, '2026-01-10'), (2, '2026-01-14');

-- expect-error: CREATE DYNAMIC TABLE order_age_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_id, DATEDIFF('day', order_date, CURRENT_TIMESTAMP()) AS age_days FROM orders;
-- => 002711 (0A000)
-- expect-error: CREATE DYNAMIC TABLE loaded_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_id, CURRENT_TIMESTAMP() AS loaded_at FROM orders;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE order_age_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, DATEDIFF('day', order_date, CURRENT_TIMESTAMP()) AS age_days FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_AGE_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_AGE_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES (3, '2026-01-15');
-- advance: 1 minute
ALTER DYNAMIC TABLE order_age_auto REFRESH;

-- expect: SELECT order_id, age_days FROM order_age_auto ORDER BY order_id;
-- => 1|5
-- => 2|1
-- => 3|0
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDER_AGE_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
