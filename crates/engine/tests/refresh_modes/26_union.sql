-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: UNION without ALL, Aug 2025)
-- UNION (distinct) refreshes incrementally, as UNION ALL followed by SELECT DISTINCT.
CREATE DATABASE rm_union;
CREATE TABLE web_orders (order_id NUMBER, customer_id NUMBER);
CREATE TABLE store_orders (order_id NUMBER, customer_id NUMBER);
INSERT INTO web_orders VALUES (1, 10), (2, 10), (3, 11);
INSERT INTO store_orders VALUES (1, 11), (2, 12);

CREATE DYNAMIC TABLE buyers_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT customer_id FROM web_orders UNION SELECT customer_id FROM store_orders;
CREATE DYNAMIC TABLE buyers_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT customer_id FROM web_orders UNION SELECT customer_id FROM store_orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'BUYERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => BUYERS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'BUYERS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => BUYERS_INCR|INCREMENTAL|NULL
-- expect: SELECT customer_id FROM buyers_incr ORDER BY customer_id;
-- => 10
-- => 11
-- => 12

DELETE FROM web_orders WHERE customer_id = 11;
DELETE FROM store_orders WHERE customer_id = 12;
INSERT INTO web_orders VALUES (4, 13);
-- advance: 1 minute
ALTER DYNAMIC TABLE buyers_incr REFRESH;

-- expect: SELECT customer_id FROM buyers_incr ORDER BY customer_id;
-- => 10
-- => 11
-- => 13
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'BUYERS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
