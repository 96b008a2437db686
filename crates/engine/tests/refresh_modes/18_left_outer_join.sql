-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: LEFT | RIGHT | FULL OUTER JOIN; LEFT JOIN example)
-- A LEFT OUTER JOIN on an equality predicate refreshes incrementally; unmatched rows carry NULLs.
CREATE DATABASE rm_left_join;
CREATE TABLE customers (customer_id NUMBER, name STRING);
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER);
INSERT INTO customers VALUES (10, 'Ada'), (11, 'Bo');
INSERT INTO orders VALUES (1, 10), (2, 11), (3, 13);

CREATE DYNAMIC TABLE orders_named_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT o.order_id, c.name FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id;
CREATE DYNAMIC TABLE orders_named_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT o.order_id, c.name FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'ORDERS_NAMED_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDERS_NAMED_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'ORDERS_NAMED_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDERS_NAMED_INCR|INCREMENTAL|NULL
-- expect: SELECT order_id, name FROM orders_named_incr ORDER BY order_id;
-- => 1|Ada
-- => 2|Bo
-- => 3|NULL

INSERT INTO customers VALUES (13, 'Di');
DELETE FROM customers WHERE customer_id = 10;
INSERT INTO orders VALUES (4, 14);
-- advance: 1 minute
ALTER DYNAMIC TABLE orders_named_incr REFRESH;

-- expect: SELECT order_id, name FROM orders_named_incr ORDER BY order_id;
-- => 1|NULL
-- => 2|Bo
-- => 3|Di
-- => 4|NULL
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDERS_NAMED_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
