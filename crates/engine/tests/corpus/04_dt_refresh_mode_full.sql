-- models: docs.snowflake.com/en/user-guide/dynamic-tables-refresh
-- REFRESH_MODE = FULL recomputes the query each time; a refresh with no new data is NO_DATA.
CREATE DATABASE full_mode;
CREATE TABLE inventory (sku STRING, qty NUMBER);
INSERT INTO inventory VALUES ('A', 12), ('B', 6), ('C', 1);

CREATE DYNAMIC TABLE low_stock
  TARGET_LAG = '1 hour'
  WAREHOUSE = wh
  REFRESH_MODE = FULL
  AS SELECT sku, qty FROM inventory WHERE qty < 5;

-- expect: SHOW DYNAMIC TABLES LIKE 'LOW_STOCK';
-- columns: name|refresh_mode|target_lag|warehouse
-- => LOW_STOCK|FULL|1 hour|WH
-- expect: SELECT sku, qty FROM low_stock ORDER BY sku;
-- => C|1

UPDATE inventory SET qty = 2 WHERE sku = 'B';
-- advance: 1 minute
ALTER DYNAMIC TABLE low_stock REFRESH;
-- advance: 1 minute
ALTER DYNAMIC TABLE low_stock REFRESH;

-- expect: SELECT sku, qty FROM low_stock ORDER BY sku;
-- => B|2
-- => C|1
-- expect: SELECT refresh_action, state FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'LOW_STOCK'))
--   WHERE refresh_trigger = 'MANUAL' ORDER BY data_timestamp;
-- => FULL|SUCCEEDED
-- => NO_DATA|SUCCEEDED
