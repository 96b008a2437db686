-- models: quickstarts.snowflake.com/guide/getting_started_with_dynamic_tables (sales report pipeline)
-- Customer and sales tables joined by a DOWNSTREAM dynamic table, and a 1-minute report on top
-- of it that derives a unit price, a surrogate key and the next purchase date per customer.
CREATE DATABASE demo;
CREATE SCHEMA demo.dt_demo;
USE SCHEMA demo.dt_demo;
CREATE TABLE cust_info (custid NUMBER(10), cname VARCHAR(100), spendlimit NUMBER(10,2));
CREATE TABLE prod_stock_inv (pid NUMBER(10), pname VARCHAR(100), stock NUMBER(10,2), stockdate DATE);
CREATE TABLE salesdata (custid NUMBER(10), prodid NUMBER(5), purchase_amount NUMBER(10), quantity NUMBER(5), purchase_date DATE);
INSERT INTO cust_info VALUES (1, 'Avery', 500), (2, 'Blake', 250), (3, 'Casey', 1000);
INSERT INTO prod_stock_inv VALUES (10, 'kettle', 40, '2024-03-01'), (20, 'toaster', 25, '2024-03-01');
INSERT INTO salesdata VALUES
  (1, 10, 90, 3, '2024-03-02'),
  (1, 20, 100, 4, '2024-03-05'),
  (2, 10, 60, 2, '2024-03-03'),
  (3, 20, 50, 2, '2024-03-04');

CREATE OR REPLACE DYNAMIC TABLE customer_sales_data_history
  TARGET_LAG = DOWNSTREAM
  WAREHOUSE = xsmall_wh
AS
SELECT s.custid AS customer_id, c.cname AS customer_name, s.prodid AS product_id,
       s.purchase_amount AS saleprice, s.quantity, s.purchase_date AS salesdate
FROM cust_info c INNER JOIN salesdata s ON c.custid = s.custid;

CREATE OR REPLACE DYNAMIC TABLE salesreport
  TARGET_LAG = '1 minute'
  WAREHOUSE = xsmall_wh
AS
SELECT t1.customer_id, t1.customer_name, t1.product_id, p.pname AS product_name,
       t1.saleprice, t1.quantity, t1.saleprice / t1.quantity AS unitsalesprice,
       t1.salesdate AS creationtime,
       t1.customer_id || '-' || t1.product_id || '-' || t1.salesdate AS customer_sk,
       LEAD(t1.salesdate) OVER (PARTITION BY t1.customer_id ORDER BY t1.salesdate) AS end_time
FROM customer_sales_data_history t1 INNER JOIN prod_stock_inv p ON t1.product_id = p.pid;

-- expect: SELECT customer_name, product_name, saleprice, quantity, unitsalesprice, creationtime, customer_sk, end_time
--   FROM salesreport ORDER BY customer_id, creationtime;
-- => Avery|kettle|90|3|30.000000|2024-03-02|1-10-2024-03-02|2024-03-05
-- => Avery|toaster|100|4|25.000000|2024-03-05|1-20-2024-03-05|NULL
-- => Blake|kettle|60|2|30.000000|2024-03-03|2-10-2024-03-03|NULL
-- => Casey|toaster|50|2|25.000000|2024-03-04|3-20-2024-03-04|NULL

INSERT INTO salesdata VALUES (2, 20, 30, 1, '2024-03-06');
-- advance: 2 minutes

-- expect: SELECT customer_sk, end_time FROM salesreport WHERE customer_id = 2 ORDER BY creationtime;
-- => 2-10-2024-03-03|2024-03-06
-- => 2-20-2024-03-06|NULL
-- expect: SELECT COUNT(*) FROM customer_sales_data_history;
-- => 5
