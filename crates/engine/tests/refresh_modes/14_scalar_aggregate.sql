-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: Scalar aggregates)
-- An aggregate without GROUP BY (one output row) is supported for incremental refresh.
CREATE DATABASE rm_scalar_agg;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 10, 20), (2, 10, 40), (3, 11, 15), (4, 12, 7), (5, 12, 9);

CREATE DYNAMIC TABLE order_summary_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT COUNT(*) AS n, SUM(amount) AS total, MAX(amount) AS hi FROM orders;
CREATE DYNAMIC TABLE order_summary_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT COUNT(*) AS n, SUM(amount) AS total, MAX(amount) AS hi FROM orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_SUMMARY_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_SUMMARY_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_SUMMARY_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_SUMMARY_INCR|INCREMENTAL|NULL
-- expect: SELECT n, total, hi FROM order_summary_incr;
-- => 5|91|40

INSERT INTO orders VALUES (6, 11, 25);
DELETE FROM orders WHERE order_id = 2;
UPDATE orders SET amount = 12 WHERE order_id = 4;
-- advance: 1 minute
ALTER DYNAMIC TABLE order_summary_incr REFRESH;

-- expect: SELECT n, total, hi FROM order_summary_incr;
-- => 5|81|25
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDER_SUMMARY_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
