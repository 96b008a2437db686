-- models: docs.snowflake.com/en/user-guide/dynamic-tables-refresh (UNION ALL of two sources in one dynamic table)
CREATE DATABASE regions;
CREATE TABLE orders_eu (id NUMBER, amount NUMBER(10,2));
CREATE TABLE orders_us (id NUMBER, amount NUMBER(10,2));
INSERT INTO orders_eu VALUES (1, 10.00), (2, 15.50);
INSERT INTO orders_us VALUES (1, 99.99);

CREATE DYNAMIC TABLE all_orders TARGET_LAG = '1 minute' WAREHOUSE = wh AS
  SELECT 'EU' AS region, id, amount FROM orders_eu
  UNION ALL
  SELECT 'US' AS region, id, amount FROM orders_us;

CREATE DYNAMIC TABLE region_totals TARGET_LAG = '1 minute' WAREHOUSE = wh AS
  SELECT region, COUNT(*) AS orders, SUM(amount) AS revenue FROM all_orders GROUP BY region;

-- expect: SELECT region, id, amount FROM all_orders ORDER BY region, id;
-- => EU|1|10.00
-- => EU|2|15.50
-- => US|1|99.99

DELETE FROM orders_eu WHERE id = 1;
INSERT INTO orders_us VALUES (2, 0.01), (3, 5.00);
UPDATE orders_us SET amount = 100.00 WHERE id = 1;
-- advance: 3 minutes

-- expect: SELECT region, orders, revenue FROM region_totals ORDER BY region;
-- => EU|1|15.50
-- => US|3|105.01
