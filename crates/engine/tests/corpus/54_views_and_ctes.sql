-- models: docs.snowflake.com/en/sql-reference/constructs/with (and sql-reference/sql/create-view)
-- A view is evaluated when read, so it follows its base table; CTEs can build on earlier CTEs.
CREATE DATABASE views_ctes;
CREATE TABLE orders (id NUMBER, customer STRING, amount NUMBER(10,2), status STRING);
INSERT INTO orders VALUES (1, 'ann', 30.00, 'paid'), (2, 'bob', 12.00, 'paid'), (3, 'ann', 8.00, 'void'), (4, 'cy', 45.00, 'paid');

CREATE VIEW paid_orders AS SELECT id, customer, amount FROM orders WHERE status = 'paid';
CREATE OR REPLACE VIEW customer_value AS
  WITH per_customer AS (
    SELECT customer, SUM(amount) AS spend FROM paid_orders GROUP BY customer
  ),
  ranked AS (
    SELECT customer, spend, RANK() OVER (ORDER BY spend DESC) AS pos FROM per_customer
  )
  SELECT customer, spend, pos FROM ranked;

-- expect: SELECT customer, spend, pos FROM customer_value ORDER BY pos;
-- => cy|45.00|1
-- => ann|30.00|2
-- => bob|12.00|3

UPDATE orders SET status = 'paid' WHERE id = 3;
INSERT INTO orders VALUES (5, 'bob', 40.00, 'paid');

-- expect: SELECT customer, spend, pos FROM customer_value ORDER BY pos;
-- => bob|52.00|1
-- => cy|45.00|2
-- => ann|38.00|3
-- expect: WITH big AS (SELECT * FROM paid_orders WHERE amount > 20), counted AS (SELECT customer, COUNT(*) AS n FROM big GROUP BY customer)
--   SELECT customer, n FROM counted ORDER BY customer;
-- => ann|1
-- => bob|1
-- => cy|1
