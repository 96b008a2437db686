-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: INNER JOIN)
-- An inner join refreshes incrementally and tracks changes on both sides of the join.
CREATE DATABASE rm_inner_join;
CREATE TABLE customers (customer_id NUMBER, name STRING, region STRING);
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO customers VALUES (10, 'Ada', 'EU'), (11, 'Bo', 'US'), (12, 'Cy', 'EU');
INSERT INTO orders VALUES (1, 10, 20), (2, 11, 15), (3, 13, 9);

CREATE DYNAMIC TABLE order_names_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT o.order_id, c.name, o.amount FROM orders o INNER JOIN customers c ON o.customer_id = c.customer_id;
CREATE DYNAMIC TABLE order_names_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT o.order_id, c.name, o.amount FROM orders o INNER JOIN customers c ON o.customer_id = c.customer_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_NAMES_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_NAMES_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_NAMES_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_NAMES_INCR|INCREMENTAL|NULL
-- expect: SELECT order_id, name, amount FROM order_names_incr ORDER BY order_id;
-- => 1|Ada|20
-- => 2|Bo|15

INSERT INTO customers VALUES (13, 'Di', 'US');
UPDATE customers SET name = 'Bob' WHERE customer_id = 11;
DELETE FROM orders WHERE order_id = 1;
INSERT INTO orders VALUES (4, 12, 30);
-- advance: 1 minute
ALTER DYNAMIC TABLE order_names_incr REFRESH;

-- expect: SELECT order_id, name, amount FROM order_names_incr ORDER BY order_id;
-- => 2|Bob|15
-- => 3|Di|9
-- => 4|Cy|30
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDER_NAMES_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
