-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: FROM — base tables, views, other dynamic tables)
-- A view is a valid incremental input; changes to the table under the view reach the dynamic table.
CREATE DATABASE rm_view;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER, status STRING);
INSERT INTO orders VALUES (1, 10, 20, 'open'), (2, 11, 30, 'closed'), (3, 12, 5, 'open');
CREATE VIEW open_orders AS SELECT order_id, customer_id, amount FROM orders WHERE status = 'open';

CREATE DYNAMIC TABLE open_copy_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, amount FROM open_orders;
CREATE DYNAMIC TABLE open_copy_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT order_id, amount FROM open_orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'OPEN_COPY_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => OPEN_COPY_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'OPEN_COPY_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => OPEN_COPY_INCR|INCREMENTAL|NULL

UPDATE orders SET status = 'open' WHERE order_id = 2;
UPDATE orders SET status = 'closed' WHERE order_id = 1;
INSERT INTO orders VALUES (4, 10, 8, 'open');
-- advance: 1 minute
ALTER DYNAMIC TABLE open_copy_incr REFRESH;

-- expect: SELECT order_id, amount FROM open_copy_incr ORDER BY order_id;
-- => 2|30
-- => 3|5
-- => 4|8
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'OPEN_COPY_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
