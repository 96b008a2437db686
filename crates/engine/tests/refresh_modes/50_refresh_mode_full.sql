-- models: docs.snowflake.com/en/sql-reference/sql/create-dynamic-table (REFRESH_MODE = FULL) and user-guide/dynamic-tables/supported-queries (refresh_mode_reason values)
-- REFRESH_MODE = FULL on an incremental-capable query stays FULL with reason USER_SPECIFIED_FULL_REFRESH and refreshes FULL.
CREATE DATABASE rm_user_full;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 11, 15);

CREATE DYNAMIC TABLE totals_full TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = FULL
  AS SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'TOTALS_FULL';
-- columns: name|refresh_mode|refresh_mode_reason
-- => TOTALS_FULL|FULL|USER_SPECIFIED_FULL_REFRESH

INSERT INTO orders VALUES (3, 10, 5);
-- advance: 1 minute
ALTER DYNAMIC TABLE totals_full REFRESH;
-- advance: 1 minute
ALTER DYNAMIC TABLE totals_full REFRESH;

-- expect: SELECT customer_id, total FROM totals_full ORDER BY customer_id;
-- => 10|25
-- => 11|15
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'TOTALS_FULL'))
--   WHERE refresh_trigger = 'MANUAL' ORDER BY data_timestamp;
-- => FULL
-- => NO_DATA
