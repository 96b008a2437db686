-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: DISTINCT)
-- SELECT DISTINCT refreshes incrementally: a value stays while any input row still produces it.
CREATE DATABASE rm_distinct;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, status STRING);
INSERT INTO orders VALUES (1, 10, 'shipped'), (2, 11, 'pending'), (3, 10, 'shipped'), (4, 12, 'pending');

CREATE DYNAMIC TABLE customer_status_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT DISTINCT customer_id, status FROM orders;
CREATE DYNAMIC TABLE customer_status_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT DISTINCT customer_id, status FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'CUSTOMER_STATUS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => CUSTOMER_STATUS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'CUSTOMER_STATUS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => CUSTOMER_STATUS_INCR|INCREMENTAL|NULL

DELETE FROM orders WHERE order_id = 1;
INSERT INTO orders VALUES (5, 13, 'shipped');
UPDATE orders SET status = 'shipped' WHERE order_id = 4;
-- advance: 1 minute
ALTER DYNAMIC TABLE customer_status_incr REFRESH;

-- expect: SELECT customer_id, status FROM customer_status_incr ORDER BY customer_id, status;
-- => 10|shipped
-- => 11|pending
-- => 12|shipped
-- => 13|shipped
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'CUSTOMER_STATUS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
