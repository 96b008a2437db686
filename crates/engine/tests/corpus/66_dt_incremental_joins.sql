-- models: docs.snowflake.com/en/user-guide/dynamic-tables-refresh (incremental refresh of joins)
-- Both sides of a join change between refreshes: dimension updates, late-arriving dimension
-- rows, re-keyed and deleted facts; a LEFT JOIN keeps customers without orders.
CREATE DATABASE incr_join;
CREATE TABLE customers (cust NUMBER, name STRING, region STRING);
CREATE TABLE orders (oid NUMBER, cust NUMBER, amt NUMBER);
INSERT INTO customers VALUES (1, 'ann', 'eu'), (2, 'bob', 'us'), (3, 'cy', 'eu');
INSERT INTO orders VALUES (10, 1, 5), (11, 1, 7), (12, 2, 3);

CREATE DYNAMIC TABLE order_facts TARGET_LAG = '1 hour' WAREHOUSE = wh AS
  SELECT o.oid, c.name, c.region, o.amt FROM orders o JOIN customers c ON o.cust = c.cust;
CREATE DYNAMIC TABLE customer_spend TARGET_LAG = '1 hour' WAREHOUSE = wh AS
  SELECT c.cust, c.name, COUNT(o.oid) AS orders, SUM(o.amt) AS spend
  FROM customers c LEFT JOIN orders o ON o.cust = c.cust GROUP BY c.cust, c.name;

-- expect: SELECT cust, name, orders, spend FROM customer_spend ORDER BY cust;
-- => 1|ann|2|12
-- => 2|bob|1|3
-- => 3|cy|0|NULL

UPDATE customers SET region = 'apac' WHERE cust = 1;
INSERT INTO orders VALUES (13, 3, 9), (14, 4, 1);
INSERT INTO customers VALUES (4, 'dee', 'us');
DELETE FROM orders WHERE oid = 12;
UPDATE orders SET cust = 3 WHERE oid = 11;
ALTER DYNAMIC TABLE order_facts REFRESH;
ALTER DYNAMIC TABLE customer_spend REFRESH;

-- expect: SELECT oid, name, region, amt FROM order_facts ORDER BY oid;
-- => 10|ann|apac|5
-- => 11|cy|eu|7
-- => 13|cy|eu|9
-- => 14|dee|us|1
-- expect: SELECT cust, name, orders, spend FROM customer_spend ORDER BY cust;
-- => 1|ann|1|5
-- => 2|bob|0|NULL
-- => 3|cy|2|16
-- => 4|dee|1|1
