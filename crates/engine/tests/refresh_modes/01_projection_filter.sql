-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: SELECT, WHERE) and release-notes/2026/other/2026-11-20-dynamic-tables-auto-resolves-to-adaptive
-- A deterministic projection with a WHERE filter refreshes incrementally; AUTO (named or omitted) resolves to ADAPTIVE.
-- ADAPTIVE for AUTO follows the 2026-11-20 release note; a NULL reason for ADAPTIVE is our reading.
CREATE DATABASE rm_projection;
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER, amount NUMBER(10,2), status STRING);
INSERT INTO orders VALUES (1, 10, 25.00, 'shipped'), (2, 11, 40.50, 'pending'), (3, 10, 12.00, 'shipped'), (4, 12, 99.99, 'cancelled');

CREATE DYNAMIC TABLE live_orders_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, UPPER(status) AS status, amount * 2 AS doubled FROM orders WHERE status <> 'cancelled';
CREATE DYNAMIC TABLE live_orders_default TARGET_LAG = '1 hour' WAREHOUSE = wh
  AS SELECT order_id, UPPER(status) AS status, amount * 2 AS doubled FROM orders WHERE status <> 'cancelled';
CREATE DYNAMIC TABLE live_orders_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT order_id, UPPER(status) AS status, amount * 2 AS doubled FROM orders WHERE status <> 'cancelled';

-- expect: SHOW DYNAMIC TABLES LIKE 'LIVE_ORDERS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => LIVE_ORDERS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'LIVE_ORDERS_DEFAULT';
-- columns: name|refresh_mode|refresh_mode_reason
-- => LIVE_ORDERS_DEFAULT|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'LIVE_ORDERS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => LIVE_ORDERS_INCR|INCREMENTAL|NULL

INSERT INTO orders VALUES (5, 11, 5.25, 'pending');
UPDATE orders SET status = 'cancelled' WHERE order_id = 2;
DELETE FROM orders WHERE order_id = 3;
-- advance: 1 minute
ALTER DYNAMIC TABLE live_orders_incr REFRESH;

-- expect: SELECT order_id, status, doubled FROM live_orders_incr ORDER BY order_id;
-- => 1|SHIPPED|50.00
-- => 5|PENDING|10.50
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'LIVE_ORDERS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
