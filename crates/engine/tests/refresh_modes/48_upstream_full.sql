-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (Incremental refresh on upstream full-refresh dynamic tables; refresh_mode_reason values) and dynamic-tables/input-data-optimization
-- Over a FULL upstream without a unique key, AUTO resolves to FULL (UPSTREAM_USES_FULL_REFRESH) and explicit INCREMENTAL is refused.
CREATE DATABASE rm_upstream_full;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 11, 15);

CREATE DYNAMIC TABLE positive_orders TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = FULL
  AS SELECT order_id, customer_id, amount FROM orders WHERE amount > 0;

-- expect-error: CREATE DYNAMIC TABLE order_copy_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT customer_id, amount FROM positive_orders;
-- => does not have a unique key for change tracking

CREATE DYNAMIC TABLE order_copy_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT customer_id, amount FROM positive_orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'POSITIVE_ORDERS';
-- columns: name|refresh_mode|refresh_mode_reason
-- => POSITIVE_ORDERS|FULL|USER_SPECIFIED_FULL_REFRESH
-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_COPY_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_COPY_AUTO|FULL|UPSTREAM_USES_FULL_REFRESH

INSERT INTO orders VALUES (3, 12, 7);
-- advance: 1 minute
ALTER DYNAMIC TABLE order_copy_auto REFRESH;

-- expect: SELECT customer_id, amount FROM order_copy_auto ORDER BY customer_id;
-- => 10|20
-- => 11|15
-- => 12|7
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDER_COPY_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
