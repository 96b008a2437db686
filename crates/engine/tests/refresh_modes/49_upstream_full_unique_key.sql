-- models: docs.snowflake.com/en/user-guide/dynamic-tables/input-data-optimization (Enable incremental refresh downstream of full refresh)
-- A FULL upstream whose GROUP BY gives a system-derived unique key can feed an explicit INCREMENTAL table; AUTO still resolves to FULL.
-- No reason value is documented for the AUTO table, so only its refresh_mode is checked.
CREATE DATABASE rm_upstream_key;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15), (4, 12, 7), (5, 12, 9);

CREATE DYNAMIC TABLE customer_totals TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = FULL
  AS SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id;
CREATE DYNAMIC TABLE solid_customers_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT customer_id, total FROM customer_totals WHERE total >= 20;
CREATE DYNAMIC TABLE solid_customers_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT customer_id, total FROM customer_totals WHERE total >= 20;

-- expect: SHOW DYNAMIC TABLES LIKE 'SOLID_CUSTOMERS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SOLID_CUSTOMERS_INCR|INCREMENTAL|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'SOLID_CUSTOMERS_AUTO';
-- columns: name|refresh_mode
-- => SOLID_CUSTOMERS_AUTO|FULL
-- expect: SELECT customer_id, total FROM solid_customers_incr ORDER BY customer_id;
-- => 10|60

INSERT INTO orders VALUES (6, 11, 25);
DELETE FROM orders WHERE order_id = 2;
UPDATE orders SET amount = 12 WHERE order_id = 4;
-- advance: 1 minute
ALTER DYNAMIC TABLE solid_customers_incr REFRESH;

-- expect: SELECT customer_id, total FROM solid_customers_incr ORDER BY customer_id;
-- => 10|20
-- => 11|40
-- => 12|21
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SOLID_CUSTOMERS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
