-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: All subquery operators; What causes fallback to full refresh)
-- A WHERE ... IN (SELECT ...) subquery is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_in_subquery;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER);
CREATE TABLE vip_customers (customer_id NUMBER);
INSERT INTO orders VALUES (1, 10), (2, 11), (3, 12);
INSERT INTO vip_customers VALUES (11);

-- expect-error: CREATE DYNAMIC TABLE vip_orders_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT order_id FROM orders WHERE customer_id IN (SELECT customer_id FROM vip_customers);
-- => 002711 (0A000)

CREATE DYNAMIC TABLE vip_orders_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id FROM orders WHERE customer_id IN (SELECT customer_id FROM vip_customers);

-- expect: SHOW DYNAMIC TABLES LIKE 'VIP_ORDERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => VIP_ORDERS_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO vip_customers VALUES (12);
-- advance: 1 minute
ALTER DYNAMIC TABLE vip_orders_auto REFRESH;

-- expect: SELECT order_id FROM vip_orders_auto ORDER BY order_id;
-- => 2
-- => 3
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'VIP_ORDERS_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
