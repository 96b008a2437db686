-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: WHERE / HAVING / QUALIFY; window functions)
-- QUALIFY ROW_NUMBER() = 1 keeps the newest version per key and refreshes incrementally.
CREATE DATABASE rm_qualify;
CREATE TABLE customer_updates (cust_id NUMBER, email STRING, version NUMBER);
INSERT INTO customer_updates VALUES (1, 'a@x.io', 1), (1, 'a@y.io', 2), (2, 'b@x.io', 1);

CREATE DYNAMIC TABLE latest_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT cust_id, email FROM customer_updates
     QUALIFY ROW_NUMBER() OVER (PARTITION BY cust_id ORDER BY version DESC) = 1;
CREATE DYNAMIC TABLE latest_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT cust_id, email FROM customer_updates
     QUALIFY ROW_NUMBER() OVER (PARTITION BY cust_id ORDER BY version DESC) = 1;

-- expect: SHOW DYNAMIC TABLES LIKE 'LATEST_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => LATEST_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'LATEST_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => LATEST_INCR|INCREMENTAL|NULL
-- expect: SELECT cust_id, email FROM latest_incr ORDER BY cust_id;
-- => 1|a@y.io
-- => 2|b@x.io

INSERT INTO customer_updates VALUES (2, 'b@y.io', 2), (3, 'c@x.io', 1);
DELETE FROM customer_updates WHERE cust_id = 1 AND version = 2;
-- advance: 1 minute
ALTER DYNAMIC TABLE latest_incr REFRESH;

-- expect: SELECT cust_id, email FROM latest_incr ORDER BY cust_id;
-- => 1|a@x.io
-- => 2|b@y.io
-- => 3|c@x.io
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'LATEST_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
