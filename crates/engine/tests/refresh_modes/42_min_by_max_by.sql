-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (Supported non-deterministic functions: MIN_BY, MAX_BY) and release-notes/2026/other/2026-03-19-min-max-incremental-dynamic-table
-- MIN_BY and MAX_BY aggregates refresh incrementally (since March 2026).
CREATE DATABASE rm_min_by;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15);

CREATE DYNAMIC TABLE extremes_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT customer_id, MIN_BY(order_id, amount) AS cheapest, MAX_BY(order_id, amount) AS priciest FROM orders GROUP BY customer_id;
CREATE DYNAMIC TABLE extremes_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT customer_id, MIN_BY(order_id, amount) AS cheapest, MAX_BY(order_id, amount) AS priciest FROM orders GROUP BY customer_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'EXTREMES_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => EXTREMES_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'EXTREMES_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => EXTREMES_INCR|INCREMENTAL|NULL
-- expect: SELECT customer_id, cheapest, priciest FROM extremes_incr ORDER BY customer_id;
-- => 10|1|2
-- => 11|3|3

INSERT INTO orders VALUES (4, 10, 5), (5, 11, 50);
DELETE FROM orders WHERE order_id = 2;
-- advance: 1 minute
ALTER DYNAMIC TABLE extremes_incr REFRESH;

-- expect: SELECT customer_id, cheapest, priciest FROM extremes_incr ORDER BY customer_id;
-- => 10|4|1
-- => 11|3|5
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'EXTREMES_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
