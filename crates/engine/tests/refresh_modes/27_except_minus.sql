-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (MINUS, EXCEPT, INTERSECT; What happens when you use an unsupported construct with INCREMENTAL) and dynamic-tables/refresh-modes (Verify the resolved mode)
-- EXCEPT and MINUS are not incremental: explicit INCREMENTAL fails with 002711; AUTO resolves to FULL and names the set operation.
CREATE DATABASE rm_except;
CREATE TABLE customers (customer_id NUMBER);
CREATE TABLE blocked (customer_id NUMBER);
INSERT INTO customers VALUES (10), (11), (12);
INSERT INTO blocked VALUES (11);

-- expect-error: CREATE DYNAMIC TABLE allowed_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT customer_id FROM customers EXCEPT SELECT customer_id FROM blocked;
-- => Dynamic Table 'ALLOWED_INCR' is defined with REFRESH_MODE = INCREMENTAL
-- expect-error: CREATE DYNAMIC TABLE allowed_minus_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT customer_id FROM customers MINUS SELECT customer_id FROM blocked;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE allowed_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT customer_id FROM customers EXCEPT SELECT customer_id FROM blocked;

-- expect: SHOW DYNAMIC TABLES LIKE 'ALLOWED_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ALLOWED_AUTO|FULL|Unsupported query operator type: SetOperation[EXCEPT]

INSERT INTO blocked VALUES (12);
INSERT INTO customers VALUES (13);
-- advance: 1 minute
ALTER DYNAMIC TABLE allowed_auto REFRESH;

-- expect: SELECT customer_id FROM allowed_auto ORDER BY customer_id;
-- => 10
-- => 13
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ALLOWED_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
