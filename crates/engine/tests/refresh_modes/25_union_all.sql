-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: UNION ALL; UNION ALL example)
-- UNION ALL refreshes incrementally, tracking each branch's table on its own.
CREATE DATABASE rm_union_all;
CREATE TABLE orders_us (order_id NUMBER, amount NUMBER);
CREATE TABLE orders_eu (order_id NUMBER, amount NUMBER);
INSERT INTO orders_us VALUES (1, 10), (2, 20);
INSERT INTO orders_eu VALUES (1, 10);

CREATE DYNAMIC TABLE all_orders_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO AS
  SELECT 'US' AS region, order_id, amount FROM orders_us
  UNION ALL
  SELECT 'EU' AS region, order_id, amount FROM orders_eu;
CREATE DYNAMIC TABLE all_orders_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
  SELECT 'US' AS region, order_id, amount FROM orders_us
  UNION ALL
  SELECT 'EU' AS region, order_id, amount FROM orders_eu;

-- expect: SHOW DYNAMIC TABLES LIKE 'ALL_ORDERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ALL_ORDERS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'ALL_ORDERS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ALL_ORDERS_INCR|INCREMENTAL|NULL

INSERT INTO orders_eu VALUES (3, 5);
DELETE FROM orders_us WHERE order_id = 2;
INSERT INTO orders_us VALUES (4, 7);
-- advance: 1 minute
ALTER DYNAMIC TABLE all_orders_incr REFRESH;

-- expect: SELECT region, order_id, amount FROM all_orders_incr ORDER BY region, order_id;
-- => EU|1|10
-- => EU|3|5
-- => US|1|10
-- => US|4|7
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ALL_ORDERS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
