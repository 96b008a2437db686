-- models: quickstarts.snowflake.com/guide/getting_started_with_dynamic_tables (low-inventory alert)
-- The alert table keeps one row per product (its latest sale), with a running total of units
-- sold, and the units and percentage left computed from column aliases of the same SELECT.
CREATE DATABASE inv_alert;
CREATE TABLE prod_stock_inv (pid NUMBER(10), pname VARCHAR(100), stock NUMBER(10,2));
CREATE TABLE sales (sale_id NUMBER, product_id NUMBER(10), quantity NUMBER(5), creationtime DATE);
INSERT INTO prod_stock_inv VALUES (10, 'kettle', 40), (20, 'toaster', 25);
INSERT INTO sales VALUES
  (1, 10, 3, '2024-03-02'), (2, 10, 2, '2024-03-03'),
  (3, 20, 2, '2024-03-04'), (4, 20, 4, '2024-03-05');

CREATE DYNAMIC TABLE prod_inv_alert
  TARGET_LAG = '1 minute'
  WAREHOUSE = xsmall_wh
AS
SELECT s.product_id, pname AS product_name, s.creationtime AS latest_sales_date,
       stock AS beginning_stock,
       SUM(s.quantity) OVER (PARTITION BY s.product_id ORDER BY s.creationtime) AS totalunitsold,
       (stock - totalunitsold) AS unitsleft,
       ROUND(((stock - totalunitsold) / stock) * 100, 2) AS percent_unitleft
FROM sales s JOIN prod_stock_inv ON s.product_id = pid
QUALIFY ROW_NUMBER() OVER (PARTITION BY s.product_id ORDER BY s.creationtime DESC) = 1;

-- expect: SELECT product_name, latest_sales_date, beginning_stock, totalunitsold, unitsleft, percent_unitleft
--   FROM prod_inv_alert ORDER BY product_id;
-- => kettle|2024-03-03|40.00|5|35.00|87.50
-- => toaster|2024-03-05|25.00|6|19.00|76.00

INSERT INTO sales VALUES (5, 20, 17, '2024-03-07');
-- advance: 2 minutes

-- expect: SELECT product_name, unitsleft, percent_unitleft FROM prod_inv_alert WHERE percent_unitleft < 10;
-- => toaster|2.00|8.00
