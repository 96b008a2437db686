-- models: docs.snowflake.com/en/sql-reference/constructs/join
-- Inner, left outer (a condition in ON keeps unmatched rows, one in WHERE removes them), cross,
-- comma and non-equi joins.
CREATE DATABASE joins;
CREATE TABLE customers (id NUMBER, name STRING);
CREATE TABLE orders (oid NUMBER, cust_id NUMBER, amt NUMBER);
CREATE TABLE tiers (lo NUMBER, hi NUMBER, tier STRING);
INSERT INTO customers VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');
INSERT INTO orders VALUES (10, 1, 5), (11, 1, 7), (12, 3, 1), (13, 9, 4);
INSERT INTO tiers VALUES (0, 4, 'small'), (5, 100, 'large');

-- expect: SELECT c.name, o.oid FROM customers c INNER JOIN orders o ON c.id = o.cust_id ORDER BY o.oid;
-- => ann|10
-- => ann|11
-- => cy|12
-- expect: SELECT c.name, COUNT(o.oid) FROM customers c LEFT JOIN orders o ON c.id = o.cust_id GROUP BY c.name ORDER BY c.name;
-- => ann|2
-- => bob|0
-- => cy|1
-- expect: SELECT c.name, o.oid FROM customers c LEFT OUTER JOIN orders o ON c.id = o.cust_id AND o.amt > 6 ORDER BY c.name;
-- => ann|11
-- => bob|NULL
-- => cy|NULL
-- expect: SELECT c.name, o.oid FROM customers c LEFT JOIN orders o ON c.id = o.cust_id WHERE o.amt > 6;
-- => ann|11
-- expect: SELECT COUNT(*) FROM customers CROSS JOIN orders;
-- => 12
-- expect: SELECT c.name, o.oid FROM customers c, orders o WHERE c.id = o.cust_id AND o.amt > 4 ORDER BY o.oid;
-- => ann|10
-- => ann|11
-- expect: SELECT o.oid, t.tier FROM orders o JOIN tiers t ON o.amt BETWEEN t.lo AND t.hi ORDER BY o.oid;
-- => 10|large
-- => 11|large
-- => 12|small
-- => 13|small
