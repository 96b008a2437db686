-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: WHERE / HAVING / QUALIFY)
-- A HAVING filter over GROUP BY refreshes incrementally: groups enter and leave as their aggregate crosses the bound.
CREATE DATABASE rm_having;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15), (4, 12, 7), (5, 12, 9);

CREATE DYNAMIC TABLE loyal_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id HAVING SUM(amount) >= 30;
CREATE DYNAMIC TABLE loyal_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id HAVING SUM(amount) >= 30;

-- expect: SHOW DYNAMIC TABLES LIKE 'LOYAL_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => LOYAL_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'LOYAL_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => LOYAL_INCR|INCREMENTAL|NULL
-- expect: SELECT customer_id, total FROM loyal_incr ORDER BY customer_id;
-- => 10|60

INSERT INTO orders VALUES (6, 11, 25);
DELETE FROM orders WHERE order_id = 2;
UPDATE orders SET amount = 12 WHERE order_id = 4;
-- advance: 1 minute
ALTER DYNAMIC TABLE loyal_incr REFRESH;

-- expect: SELECT customer_id, total FROM loyal_incr ORDER BY customer_id;
-- => 11|40
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'LOYAL_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
