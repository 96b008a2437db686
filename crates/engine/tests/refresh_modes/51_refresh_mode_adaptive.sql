-- models: docs.snowflake.com/en/user-guide/dynamic-tables/refresh-modes (ADAPTIVE refresh: constraints) and sql-reference/sql/create-dynamic-table (REFRESH_MODE = ADAPTIVE)
-- Explicit ADAPTIVE is accepted for incremental-capable queries and refused, as INCREMENTAL is, for unsupported ones.
-- The error code for ADAPTIVE on an unsupported query is not documented, so only the kind of error is checked.
CREATE DATABASE rm_adaptive;
CREATE TABLE customers (customer_id NUMBER, region STRING);
CREATE TABLE blocked (customer_id NUMBER);
INSERT INTO customers VALUES (10, 'EU'), (11, 'US'), (12, 'EU');
INSERT INTO blocked VALUES (11);

CREATE DYNAMIC TABLE eu_customers_adaptive TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = ADAPTIVE
  AS SELECT customer_id FROM customers WHERE region = 'EU';

-- expect: SHOW DYNAMIC TABLES LIKE 'EU_CUSTOMERS_ADAPTIVE';
-- columns: name|refresh_mode|refresh_mode_reason
-- => EU_CUSTOMERS_ADAPTIVE|ADAPTIVE|NULL
-- expect-error: CREATE DYNAMIC TABLE allowed_adaptive TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = ADAPTIVE
--   AS SELECT customer_id FROM customers EXCEPT SELECT customer_id FROM blocked;
-- => SQL compilation error

INSERT INTO customers VALUES (13, 'EU');
DELETE FROM customers WHERE customer_id = 10;
-- advance: 1 minute
ALTER DYNAMIC TABLE eu_customers_adaptive REFRESH;

-- expect: SELECT customer_id FROM eu_customers_adaptive ORDER BY customer_id;
-- => 12
-- => 13
