-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: CROSS JOIN)
-- A cross join refreshes incrementally; inserts and deletes on either side change the product.
CREATE DATABASE rm_cross_join;
CREATE TABLE sizes (size STRING);
CREATE TABLE colors (color STRING);
INSERT INTO sizes VALUES ('S'), ('M');
INSERT INTO colors VALUES ('red');

CREATE DYNAMIC TABLE variants_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO
  AS SELECT s.size, c.color FROM sizes s CROSS JOIN colors c;
CREATE DYNAMIC TABLE variants_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL
  AS SELECT s.size, c.color FROM sizes s CROSS JOIN colors c;

-- expect: SHOW DYNAMIC TABLES LIKE 'VARIANTS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => VARIANTS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'VARIANTS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => VARIANTS_INCR|INCREMENTAL|NULL

INSERT INTO colors VALUES ('blue');
DELETE FROM sizes WHERE size = 'S';
INSERT INTO sizes VALUES ('L');
-- advance: 1 minute
ALTER DYNAMIC TABLE variants_incr REFRESH;

-- expect: SELECT size, color FROM variants_incr ORDER BY size, color;
-- => L|blue
-- => L|red
-- => M|blue
-- => M|red
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'VARIANTS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
