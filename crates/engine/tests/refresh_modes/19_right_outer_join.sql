-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LEFT | RIGHT | FULL OUTER JOIN)
-- A RIGHT OUTER JOIN on an equality predicate refreshes incrementally.
CREATE DATABASE rm_right_join;
CREATE TABLE customers (customer_id NUMBER, name STRING);
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER);
INSERT INTO customers VALUES (10, 'Ada'), (11, 'Bo'), (12, 'Cy');
INSERT INTO orders VALUES (1, 10), (2, 10), (3, 13);

CREATE DYNAMIC TABLE customer_orders_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT c.customer_id, c.name, o.order_id FROM orders o RIGHT OUTER JOIN customers c ON o.customer_id = c.customer_id;
CREATE DYNAMIC TABLE customer_orders_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT c.customer_id, c.name, o.order_id FROM orders o RIGHT OUTER JOIN customers c ON o.customer_id = c.customer_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'CUSTOMER_ORDERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => CUSTOMER_ORDERS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'CUSTOMER_ORDERS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => CUSTOMER_ORDERS_INCR|INCREMENTAL|NULL
-- expect: SELECT customer_id, name, order_id FROM customer_orders_incr ORDER BY customer_id, order_id;
-- => 10|Ada|1
-- => 10|Ada|2
-- => 11|Bo|NULL
-- => 12|Cy|NULL

INSERT INTO orders VALUES (4, 11);
DELETE FROM orders WHERE order_id = 1;
INSERT INTO customers VALUES (13, 'Di');
-- advance: 1 minute
ALTER DYNAMIC TABLE customer_orders_incr REFRESH;

-- expect: SELECT customer_id, name, order_id FROM customer_orders_incr ORDER BY customer_id, order_id;
-- => 10|Ada|2
-- => 11|Bo|4
-- => 12|Cy|NULL
-- => 13|Di|3
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'CUSTOMER_ORDERS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
