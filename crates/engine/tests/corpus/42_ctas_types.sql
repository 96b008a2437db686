-- models: docs.snowflake.com/en/sql-reference/sql/create-table (CREATE TABLE ... AS SELECT)
-- CTAS takes its column names and types from the query: COUNT is NUMBER(18,0), SUM of a
-- NUMBER(p,s) is NUMBER(38,s), MIN/MAX keep the input type; CREATE OR REPLACE rebuilds.
CREATE DATABASE ctas;
CREATE TABLE line_items (order_id INT, sku VARCHAR(20), price NUMBER(10,2), placed TIMESTAMP_NTZ, gift BOOLEAN);
INSERT INTO line_items VALUES
  (1, 'pen', 1.50, '2024-01-01 10:00:00', FALSE),
  (1, 'ink', 7.25, '2024-01-01 10:00:00', TRUE),
  (2, 'pen', 1.50, '2024-01-02 09:30:00', FALSE);

CREATE TABLE order_summary AS
  SELECT order_id, COUNT(*) AS items, SUM(price) AS total, MAX(placed) AS placed, MIN(sku) AS first_sku
  FROM line_items GROUP BY order_id;

-- expect: SELECT order_id, items, total, placed, first_sku FROM order_summary ORDER BY order_id;
-- => 1|2|8.75|2024-01-01 10:00:00.000|ink
-- => 2|1|1.50|2024-01-02 09:30:00.000|pen
-- expect: DESCRIBE TABLE order_summary;
-- columns: name|type|kind|null?
-- => ORDER_ID|NUMBER(38,0)|COLUMN|Y
-- => ITEMS|NUMBER(18,0)|COLUMN|Y
-- => TOTAL|NUMBER(38,2)|COLUMN|Y
-- => PLACED|TIMESTAMP_NTZ(9)|COLUMN|Y
-- => FIRST_SKU|VARCHAR(20)|COLUMN|Y

CREATE OR REPLACE TABLE order_summary AS SELECT sku, gift FROM line_items WHERE gift;

-- expect: SELECT * FROM order_summary;
-- => ink|TRUE
-- expect: DESCRIBE TABLE order_summary;
-- columns: name|type
-- => SKU|VARCHAR(20)
-- => GIFT|BOOLEAN
