-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: MINUS, EXCEPT, INTERSECT)
-- INTERSECT is not incremental: explicit INCREMENTAL fails with 002711, AUTO resolves to FULL.
-- 002711 is documented for any unsupported construct; QUERY_NOT_SUPPORTED_FOR_INCREMENTAL (not a sentence) as the reason is our reading.
CREATE DATABASE rm_intersect;
CREATE TABLE web_orders (order_id NUMBER, customer_id NUMBER);
CREATE TABLE store_orders (order_id NUMBER, customer_id NUMBER);
INSERT INTO web_orders VALUES (1, 10), (2, 11);
INSERT INTO store_orders VALUES (1, 11), (2, 12);

-- expect-error: CREATE DYNAMIC TABLE omni_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
--   AS SELECT customer_id FROM web_orders INTERSECT SELECT customer_id FROM store_orders;
-- => 002711 (0A000)

CREATE DYNAMIC TABLE omni_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT customer_id FROM web_orders INTERSECT SELECT customer_id FROM store_orders;

-- expect: SHOW DYNAMIC TABLES LIKE 'OMNI_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => OMNI_AUTO|FULL|QUERY_NOT_SUPPORTED_FOR_INCREMENTAL

INSERT INTO store_orders VALUES (3, 10);
-- advance: 1 minute
ALTER DYNAMIC TABLE omni_auto REFRESH;

-- expect: SELECT customer_id FROM omni_auto ORDER BY customer_id;
-- => 10
-- => 11
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'OMNI_AUTO'))
--   WHERE refresh_trigger = 'MANUAL';
-- => FULL
