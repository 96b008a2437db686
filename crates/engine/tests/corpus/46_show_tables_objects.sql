-- models: docs.snowflake.com/en/sql-reference/sql/show-objects (and show-tables)
-- Listing a schema's objects: SHOW OBJECTS reports tables, dynamic tables and views by kind;
-- SHOW TABLES LIKE filters names case-insensitively.
CREATE DATABASE listing;
CREATE SCHEMA listing.raw;
USE SCHEMA listing.raw;
CREATE TABLE stg_users (id NUMBER);
CREATE TABLE stg_orders (id NUMBER, user_id NUMBER);
INSERT INTO stg_orders VALUES (1, 1), (2, 1), (3, 2);
CREATE VIEW user_orders AS SELECT user_id, COUNT(*) AS n FROM stg_orders GROUP BY user_id;
CREATE DYNAMIC TABLE order_rollup TARGET_LAG = '1 hour' WAREHOUSE = wh AS SELECT COUNT(*) AS n FROM stg_orders;

-- expect: SHOW OBJECTS IN SCHEMA listing.raw;
-- columns: name|kind|is_dynamic
-- => ORDER_ROLLUP|TABLE|Y
-- => STG_ORDERS|TABLE|N
-- => STG_USERS|TABLE|N
-- => USER_ORDERS|VIEW|N
-- expect: SHOW TABLES LIKE 'stg%';
-- columns: name|rows|database_name|schema_name
-- => STG_ORDERS|3|LISTING|RAW
-- => STG_USERS|0|LISTING|RAW
