-- models: docs.snowflake.com/en/sql-reference/sql/show-dynamic-tables
-- SHOW DYNAMIC TABLES LIKE is case-insensitive and takes % and _ wildcards; IN SCHEMA narrows it.
CREATE DATABASE mydb;
CREATE SCHEMA mydb.myschema;
CREATE SCHEMA mydb.other;
USE SCHEMA mydb.myschema;
CREATE TABLE staging_table (product_id NUMBER, product_name STRING, price NUMBER(8,2));
INSERT INTO staging_table VALUES (1, 'lamp', 20), (2, 'desk', 150), (3, 'chair', 75);
CREATE DYNAMIC TABLE product_names TARGET_LAG = '20 minutes' WAREHOUSE = mywh
  AS SELECT product_id, product_name FROM staging_table;
CREATE DYNAMIC TABLE product_prices TARGET_LAG = '20 minutes' WAREHOUSE = mywh
  AS SELECT product_id, price FROM staging_table WHERE price > 50;
CREATE DYNAMIC TABLE price_summary TARGET_LAG = DOWNSTREAM WAREHOUSE = mywh
  AS SELECT MAX(price) AS top FROM product_prices;
CREATE DYNAMIC TABLE mydb.other.product_copy TARGET_LAG = '1 hour' WAREHOUSE = mywh
  AS SELECT * FROM mydb.myschema.staging_table;

-- expect: SHOW DYNAMIC TABLES LIKE 'product_%' IN SCHEMA mydb.myschema;
-- columns: name|rows|target_lag
-- => PRODUCT_NAMES|3|20 minutes
-- => PRODUCT_PRICES|2|20 minutes
-- expect: SHOW DYNAMIC TABLES LIKE 'PRODUCT%' IN DATABASE mydb;
-- columns: schema_name|name
-- => MYSCHEMA|PRODUCT_NAMES
-- => MYSCHEMA|PRODUCT_PRICES
-- => OTHER|PRODUCT_COPY
-- expect: SHOW DYNAMIC TABLES LIKE '%summary';
-- columns: name|target_lag|rows
-- => PRICE_SUMMARY|DOWNSTREAM|1
