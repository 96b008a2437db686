-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: Window functions; non-deterministic functions: ROW_NUMBER)
-- ROW_NUMBER over a partition refreshes incrementally; a change renumbers only its partition.
CREATE DATABASE rm_row_number;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15);

CREATE DYNAMIC TABLE ranked_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, customer_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS rn FROM orders;
CREATE DYNAMIC TABLE ranked_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT order_id, customer_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS rn FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'RANKED_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => RANKED_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'RANKED_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => RANKED_INCR|INCREMENTAL|NULL
-- expect: SELECT order_id, customer_id, rn FROM ranked_incr ORDER BY order_id;
-- => 1|10|2
-- => 2|10|1
-- => 3|11|1

INSERT INTO orders VALUES (4, 10, 30), (5, 11, 50);
DELETE FROM orders WHERE order_id = 2;
-- advance: 1 minute
ALTER DYNAMIC TABLE ranked_incr REFRESH;

-- expect: SELECT order_id, customer_id, rn FROM ranked_incr ORDER BY order_id;
-- => 1|10|2
-- => 3|11|2
-- => 4|10|1
-- => 5|11|1
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'RANKED_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
