-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: WITH)
-- A non-recursive CTE whose body uses only incremental constructs keeps the dynamic table incremental.
CREATE DATABASE rm_cte;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15), (4, 12, 7), (5, 12, 9);

CREATE DYNAMIC TABLE big_orders_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO AS
  WITH big AS (SELECT order_id, customer_id, amount FROM orders WHERE amount >= 10)
  SELECT customer_id, COUNT(*) AS big_orders FROM big GROUP BY customer_id;
CREATE DYNAMIC TABLE big_orders_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
  WITH big AS (SELECT order_id, customer_id, amount FROM orders WHERE amount >= 10)
  SELECT customer_id, COUNT(*) AS big_orders FROM big GROUP BY customer_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'BIG_ORDERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => BIG_ORDERS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'BIG_ORDERS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => BIG_ORDERS_INCR|INCREMENTAL|NULL
-- expect: SELECT customer_id, big_orders FROM big_orders_incr ORDER BY customer_id;
-- => 10|2
-- => 11|1

INSERT INTO orders VALUES (6, 11, 25);
DELETE FROM orders WHERE order_id = 2;
UPDATE orders SET amount = 12 WHERE order_id = 4;
-- advance: 1 minute
ALTER DYNAMIC TABLE big_orders_incr REFRESH;

-- expect: SELECT customer_id, big_orders FROM big_orders_incr ORDER BY customer_id;
-- => 10|1
-- => 11|2
-- => 12|1
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'BIG_ORDERS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
