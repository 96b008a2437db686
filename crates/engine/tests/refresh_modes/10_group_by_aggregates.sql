-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: GROUP BY)
-- GROUP BY with COUNT, SUM, AVG, MIN and MAX refreshes incrementally, including a deleted maximum and an updated minimum.
CREATE DATABASE rm_group_by;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15), (4, 12, 7), (5, 12, 9);

CREATE DYNAMIC TABLE customer_stats_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO AS
  SELECT customer_id, COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean, MIN(amount) AS lo, MAX(amount) AS hi
  FROM orders GROUP BY customer_id;
CREATE DYNAMIC TABLE customer_stats_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
  SELECT customer_id, COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean, MIN(amount) AS lo, MAX(amount) AS hi
  FROM orders GROUP BY customer_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'CUSTOMER_STATS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => CUSTOMER_STATS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'CUSTOMER_STATS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => CUSTOMER_STATS_INCR|INCREMENTAL|NULL
-- expect: SELECT customer_id, n, total, mean, lo, hi FROM customer_stats_incr ORDER BY customer_id;
-- => 10|2|60|30.000000|20|40
-- => 11|1|15|15.000000|15|15
-- => 12|2|16|8.000000|7|9

INSERT INTO orders VALUES (6, 11, 25);
DELETE FROM orders WHERE order_id = 2;
UPDATE orders SET amount = 12 WHERE order_id = 4;
-- advance: 1 minute
ALTER DYNAMIC TABLE customer_stats_incr REFRESH;

-- expect: SELECT customer_id, n, total, mean, lo, hi FROM customer_stats_incr ORDER BY customer_id;
-- => 10|1|20|20.000000|20|20
-- => 11|2|40|20.000000|15|25
-- => 12|2|21|10.500000|9|12
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'CUSTOMER_STATS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
