-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: ORDER BY)
-- ORDER BY in a definition is accepted without effect and does not stop incremental refresh.
CREATE DATABASE rm_order_by;
CREATE TABLE orders (order_id NUMBER, amount NUMBER);
INSERT INTO orders VALUES (1, 20), (2, 40), (3, 15);

CREATE DYNAMIC TABLE sorted_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT order_id, amount FROM orders ORDER BY amount DESC;
CREATE DYNAMIC TABLE sorted_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT order_id, amount FROM orders ORDER BY amount DESC;

-- expect: SHOW DYNAMIC TABLES LIKE 'SORTED_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SORTED_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'SORTED_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => SORTED_INCR|INCREMENTAL|NULL

INSERT INTO orders VALUES (4, 30);
DELETE FROM orders WHERE order_id = 1;
-- advance: 1 minute
ALTER DYNAMIC TABLE sorted_incr REFRESH;

-- expect: SELECT order_id, amount FROM sorted_incr ORDER BY order_id;
-- => 2|40
-- => 3|15
-- => 4|30
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'SORTED_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
