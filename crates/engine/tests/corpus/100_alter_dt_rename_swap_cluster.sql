-- models: docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table (and user-guide/dynamic-tables/evolving-pipelines)
-- Restructuring a pipeline: RENAME TO moves a dynamic table, its rows and its schedule to a new
-- name that no other object uses; SWAP WITH exchanges two dynamic tables, definitions and target
-- lags included; ALTER TABLE ... RENAME TO renames a plain table, but not one that dynamic tables
-- read. CLUSTER BY sets a clustering key that SHOW DYNAMIC TABLES reports, and DROP CLUSTERING KEY
-- removes it.
CREATE DATABASE pipeline_rework;
CREATE TABLE orders (id NUMBER, region STRING, amount NUMBER(8,2));
INSERT INTO orders VALUES (1, 'north', 120), (2, 'south', 80), (3, 'north', 40), (4, 'east', 200);

CREATE DYNAMIC TABLE region_totals TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT region, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY region;
CREATE DYNAMIC TABLE big_orders TARGET_LAG = '1 minute' WAREHOUSE = wh AS
SELECT id, amount FROM orders WHERE amount >= 100;
CREATE DYNAMIC TABLE small_orders TARGET_LAG = '2 minutes' WAREHOUSE = wh AS
SELECT id, amount FROM orders WHERE amount < 100;

ALTER DYNAMIC TABLE region_totals RENAME TO sales_by_region;

-- expect: SELECT region, total, n FROM sales_by_region ORDER BY region;
-- => east|200.00|1
-- => north|160.00|2
-- => south|80.00|1
-- expect-error: SELECT * FROM region_totals;
-- => does not exist
-- expect: SHOW DYNAMIC TABLES LIKE 'SALES%';
-- columns: name|target_lag
-- => SALES_BY_REGION|1 minute

-- The renamed dynamic table keeps refreshing on its schedule.
INSERT INTO orders VALUES (5, 'south', 30);
-- advance: 2 minutes
-- expect: SELECT region, total, n FROM sales_by_region WHERE region = 'south';
-- => south|110.00|2

-- expect-error: ALTER DYNAMIC TABLE sales_by_region RENAME TO big_orders;
-- => already exists

-- expect: SELECT id FROM small_orders ORDER BY id;
-- => 2
-- => 3
-- => 5
ALTER DYNAMIC TABLE big_orders SWAP WITH small_orders;

-- Each name now holds the other table's rows, query and target lag.
-- expect: SELECT id, amount FROM big_orders ORDER BY id;
-- => 2|80.00
-- => 3|40.00
-- => 5|30.00
-- expect: SELECT id, amount FROM small_orders ORDER BY id;
-- => 1|120.00
-- => 4|200.00
-- expect: SHOW DYNAMIC TABLES LIKE '%_ORDERS';
-- columns: name|target_lag
-- => BIG_ORDERS|2 minutes
-- => SMALL_ORDERS|1 minute

INSERT INTO orders VALUES (6, 'east', 500), (7, 'west', 10);
-- advance: 3 minutes
-- expect: SELECT id FROM big_orders ORDER BY id;
-- => 2
-- => 3
-- => 5
-- => 7
-- expect: SELECT id FROM small_orders ORDER BY id;
-- => 1
-- => 4
-- => 6

-- A plain table renames freely, as long as the new name is free and no dynamic table reads it.
CREATE TABLE scratch (x NUMBER);
INSERT INTO scratch VALUES (42);
ALTER TABLE scratch RENAME TO scratch_old;
-- expect: SELECT x FROM scratch_old;
-- => 42
-- expect-error: SELECT x FROM scratch;
-- => does not exist
-- expect-error: ALTER TABLE scratch_old RENAME TO orders;
-- => already exists
-- expect-error: ALTER TABLE orders RENAME TO orders_v2;
-- => dynamic tables depend on it
-- expect: SELECT COUNT(*) FROM orders;
-- => 7

-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_BY_REGION';
-- columns: name|cluster_by
-- => SALES_BY_REGION|
ALTER DYNAMIC TABLE sales_by_region CLUSTER BY (REGION, TOTAL);
-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_BY_REGION';
-- columns: name|cluster_by
-- => SALES_BY_REGION|LINEAR(REGION, TOTAL)
ALTER DYNAMIC TABLE sales_by_region DROP CLUSTERING KEY;
-- expect: SHOW DYNAMIC TABLES LIKE 'SALES_BY_REGION';
-- columns: name|cluster_by
-- => SALES_BY_REGION|
