-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: FROM)
-- A subquery inside FROM is allowed for incremental refresh (only subqueries outside FROM are excluded).
CREATE DATABASE rm_from_subquery;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15), (4, 12, 7), (5, 12, 9);

CREATE DYNAMIC TABLE good_customers_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO AS
  SELECT t.customer_id, t.total
  FROM (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) t
  WHERE t.total > 20;
CREATE DYNAMIC TABLE good_customers_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
  SELECT t.customer_id, t.total
  FROM (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) t
  WHERE t.total > 20;

-- expect: SHOW DYNAMIC TABLES LIKE 'GOOD_CUSTOMERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => GOOD_CUSTOMERS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'GOOD_CUSTOMERS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => GOOD_CUSTOMERS_INCR|INCREMENTAL|NULL
-- expect: SELECT customer_id, total FROM good_customers_incr ORDER BY customer_id;
-- => 10|60

INSERT INTO orders VALUES (6, 11, 25);
DELETE FROM orders WHERE order_id = 2;
UPDATE orders SET amount = 12 WHERE order_id = 4;
-- advance: 1 minute
ALTER DYNAMIC TABLE good_customers_incr REFRESH;

-- expect: SELECT customer_id, total FROM good_customers_incr ORDER BY customer_id;
-- => 11|40
-- => 12|21
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'GOOD_CUSTOMERS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
