-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: FROM — subqueries outside FROM such as WHERE EXISTS)
-- A WHERE EXISTS subquery is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_exists;
CREATE TABLE customers (customer_id NUMBER);
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER);
INSERT INTO customers VALUES (10), (11), (12);
INSERT INTO orders VALUES (1, 10);

-- expect-error: CREATE DYNAMIC TABLE buyers_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id);
-- => 002711 (0A000)

CREATE DYNAMIC TABLE buyers_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id);

-- expect: SHOW DYNAMIC TABLES LIKE 'BUYERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => BUYERS_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO orders VALUES (2, 12);
-- advance: 1 minute
ALTER DYNAMIC TABLE buyers_auto REFRESH;

-- expect: SELECT customer_id FROM buyers_auto ORDER BY customer_id;
-- => 10
-- => 12
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'BUYERS_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
