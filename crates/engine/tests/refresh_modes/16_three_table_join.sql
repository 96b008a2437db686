-- models: docs.snowflake.com/en/user-guide/dynamic-tables/supported-queries (support matrix: INNER JOIN — any number of tables)
-- A join of three tables refreshes incrementally; a change to the outermost dimension reaches every joined row.
CREATE DATABASE rm_three_way;
CREATE TABLE regions (region_id STRING, region_name STRING);
CREATE TABLE customers (customer_id NUMBER, name STRING, region_id STRING);
CREATE TABLE orders (order_id NUMBER, customer_id NUMBER);
INSERT INTO regions VALUES ('r1', 'Europe'), ('r2', 'Americas');
INSERT INTO customers VALUES (10, 'Ada', 'r1'), (11, 'Bo', 'r2');
INSERT INTO orders VALUES (1, 10), (2, 11);

CREATE DYNAMIC TABLE order_regions_auto TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = AUTO AS
  SELECT o.order_id, c.name, r.region_name
  FROM orders o JOIN customers c ON o.customer_id = c.customer_id JOIN regions r ON c.region_id = r.region_id;
CREATE DYNAMIC TABLE order_regions_incr TARGET_LAG = '1 hour' WAREHOUSE = wh REFRESH_MODE = INCREMENTAL AS
  SELECT o.order_id, c.name, r.region_name
  FROM orders o JOIN customers c ON o.customer_id = c.customer_id JOIN regions r ON c.region_id = r.region_id;

-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_REGIONS_AUTO';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_REGIONS_AUTO|ADAPTIVE|NULL
-- expect: SHOW DYNAMIC TABLES LIKE 'ORDER_REGIONS_INCR';
-- columns: name|refresh_mode|refresh_mode_reason
-- => ORDER_REGIONS_INCR|INCREMENTAL|NULL

UPDATE regions SET region_name = 'EMEA' WHERE region_id = 'r1';
INSERT INTO orders VALUES (3, 11);
-- advance: 1 minute
ALTER DYNAMIC TABLE order_regions_incr REFRESH;

-- expect: SELECT order_id, name, region_name FROM order_regions_incr ORDER BY order_id;
-- => 1|Ada|EMEA
-- => 2|Bo|Americas
-- => 3|Bo|Americas
-- expect: SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDER_REGIONS_INCR'))
--   WHERE refresh_trigger = 'MANUAL';
-- => INCREMENTAL
